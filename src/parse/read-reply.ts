import { DESK_SUBJECT } from '../rules/desk-wording.js';
import { formFields, type FormField } from './form-fields.js';
import { sentencesOf, type Sentence } from './sentences.js';
import { splitReply, type OwnLine, type SplitReply } from './split-reply.js';

/** The sender's part of a mail, read for its structure: own lines, form fields, prose sentences. */
export interface Reply {
  lines: OwnLine[];
  fields: FormField[];
  /** The prose: every own line that is not a reason's or a contact's field. */
  sentences: Sentence[];
  cuts: SplitReply['cuts'];
  /** The sender's own text, quotes and signature removed. */
  ownText: string;
  /** The subject as the sender's own words: '' when it is ours behind "Re:", or a forwarded mail's. */
  subject: string;
}

const REPLY_PREFIX = /^\s*(?:(?:re|fw|fwd|aw|wg|返信|転送)\s*(?:\[\d+\])?\s*[:：]\s*)+/i;

function ownSubject(subject: string): string {
  if (/^\s*(?:fw|fwd|wg|転送)\s*[:：]/i.test(subject)) return '';
  const rest = subject.replace(REPLY_PREFIX, '').trim();
  return DESK_SUBJECT.test(rest.normalize('NFKC').toLowerCase()) ? '' : rest;
}

/** The sender's own text of a mail's body, its form fields and its sentences. */
export function readReply(text: string, subject = ''): Reply {
  const split = splitReply(text);
  const fields = formFields(split.lines);
  // A common name's line may hold prose as well ("CN: www.… のキャンセルをお願いします"); a reason's or a contact's does not ask.
  const notProse = new Set(
    fields.filter((f) => f.kind !== 'commonName' || f.how === 'alone' || f.how === 'inline').flatMap((f) => f.lines),
  );
  return {
    lines: split.lines,
    fields,
    sentences: sentencesOf(split.lines, notProse),
    cuts: split.cuts,
    ownText: split.own.join('\n'),
    subject: ownSubject(subject),
  };
}

/** A subject line read as prose. */
export function subjectSentences(subject: string): Sentence[] {
  return subject ? sentencesOf([{ text: subject, at: 0, block: 0 }]) : [];
}
