import { extractContactFields, type ContactFields } from '../extract/contact-fields.js';
import { findCommonName } from '../extract/common-name.js';
import { findLabels } from '../extract/labels.js';
import { extractReason } from '../extract/reason.js';
import type { ParsedMessage } from '../parse/parse-message.js';
import { splitReply } from '../parse/split-reply.js';
import { autoReplyRule, isListMail } from './auto-reply.js';
import { bounceRule } from './bounce.js';
import { cancelSignals } from './cancel-request.js';
import { contactChangeSignals } from './contact-change.js';
import { sentencesOf } from './sentences.js';

export const INTENTS = ['cancellation', 'contact_change', 'auto_reply', 'bounce', 'other'] as const;
export type Intent = (typeof INTENTS)[number];

/** One rule that fired, on which line of the sender's own text: why the message was read the way it was. */
export interface MatchReason {
  stage: 'classify' | 'quote' | 'extract' | 'charset';
  rule: string;
  line?: number | null;
  text?: string;
}

/** What a message asks for, judged from the message alone (no store, no network). */
export interface Analysis {
  intent: Intent;
  commonName: string | null;
  reason: string | null;
  contactChange: ContactFields | null;
  /** Mail from a mailing list: never answered automatically. */
  list: boolean;
  /** The sender's own text (quotes and signature removed). */
  ownText: string;
  why: MatchReason[];
}

const CANCEL_WORD = /キャンセル|解約|取り?消|cancel/i;
const REPLY_PREFIX = /^\s*(?:(?:re|fw|fwd|aw|wg|返信|転送)\s*(?:\[\d+\])?\s*[:：]\s*)+/i;

/** The subject without "Re:" prefixes; '' when it is one of the desk's own subjects, or a forwarded mail's. */
function ownSubject(subject: string): string {
  if (/^\s*(?:fw|fwd|wg|転送)\s*[:：]/i.test(subject)) return '';
  const rest = subject.replace(REPLY_PREFIX, '').trim();
  return /【Bizメール&ウェブ】|Biz Mail & Web|SSL\s*デスク|SSL\s*desk|certdesk/i.test(rest.normalize('NFKC'))
    ? ''
    : rest;
}

export function analyzeMessage(message: ParsedMessage): Analysis {
  const why: MatchReason[] = message.charsetRepairs.map((r) => ({ stage: 'charset', rule: r }));
  const list = isListMail(message);
  const base = { commonName: null, reason: null, contactChange: null, list, ownText: '' };

  const bounce = bounceRule(message);
  if (bounce) return { ...base, intent: 'bounce', why: [...why, { stage: 'classify', rule: `bounce: ${bounce}` }] };
  const auto = autoReplyRule(message);
  if (auto) return { ...base, intent: 'auto_reply', why: [...why, { stage: 'classify', rule: `auto-reply: ${auto}` }] };

  const split = splitReply(message.text);
  for (const c of split.cuts) why.push({ stage: 'quote', rule: c.rule, line: c.line, text: c.text });
  const lines = split.own;
  const sentences = sentencesOf(lines);
  const ownText = lines.join('\n');

  // The subject is the sender's too, unless it is our own subject behind "Re:".
  const subject = ownSubject(message.subject);
  const cancel = [
    ...cancelSignals(sentences),
    ...cancelSignals(subject ? sentencesOf([subject]) : []).map((s) => ({ ...s, line: -1, rule: `subject ${s.rule}` })),
  ];
  for (const s of cancel)
    why.push({ stage: 'classify', rule: `${s.kind}: ${s.rule}`, line: s.line >= 0 ? s.line + 1 : null, text: s.text });
  const contact = contactChangeSignals(sentences, message.subject);
  for (const s of contact)
    why.push({
      stage: 'classify',
      rule: `contact-change: ${s.rule}`,
      line: s.line === null ? null : s.line + 1,
      text: s.text,
    });

  const requests = cancel.filter((s) => s.kind === 'request');
  const blocked = cancel.find((s) => s.kind === 'negation' || s.kind === 'withdrawal');
  const requestLines = new Set(requests.map((s) => s.line));
  let cn = findCommonName(lines, requestLines);
  if (!cn.commonName && subject) {
    const fromSubject = findCommonName([subject]);
    if (fromSubject.commonName) cn = { ...fromSubject, rule: 'subject', line: -1 };
  }
  const reasonLabels = findLabels(lines, 'reason').filter((l) => l.value || lines[l.line + 1]?.trim());
  // A filled-in form (common name and reason labelled) is a request even without a verb,
  // unless the form is a contact change's ("理由：人事異動").
  const cancelForm =
    cn.rule === 'label' &&
    reasonLabels.length > 0 &&
    (contact.length === 0 || reasonLabels.some((l) => CANCEL_WORD.test(lines[l.line]!.normalize('NFKC'))));
  if (cancelForm)
    why.push({ stage: 'classify', rule: 'request: labelled common name and reason', line: reasonLabels[0]!.line + 1 });

  let intent: Intent = 'other';
  if (blocked) intent = 'other';
  else if (requests.length > 0 || cancelForm) intent = 'cancellation';
  else if (contact.length > 0) intent = 'contact_change';
  why.push({ stage: 'classify', rule: `intent ${intent}${blocked ? ` (${blocked.kind} outweighs any request)` : ''}` });

  const commonName = cn.commonName;
  if (commonName)
    why.push({ stage: 'extract', rule: `common name by ${cn.rule}`, line: cn.line! + 1, text: commonName });
  if (cn.candidates.length > 1)
    why.push({
      stage: 'extract',
      rule: `other names mentioned: ${cn.candidates.filter((c) => c !== commonName).join(', ')}`,
    });

  let reason: string | null = null;
  if (intent === 'cancellation') {
    const found = extractReason(lines, sentences, requestLines);
    reason = found.reason;
    if (found.rule) why.push({ stage: 'extract', rule: `reason by ${found.rule}`, line: found.line! + 1 });
  }
  const contactChange = intent === 'contact_change' ? extractContactFields(lines, message.from?.address ?? null) : null;
  return { intent, commonName, reason, contactChange, list, ownText, why };
}
