import type { Signal } from '../classify/judge-sentence.js';
import type { FormField } from '../parse/form-fields.js';
import type { Sentence } from '../parse/sentences.js';
import { COURTESY } from '../rules/closings.js';
import { JA } from '../rules/intent-ja.js';
import {
  CAUSE_SENTENCE,
  EN_CAUSE_AFTER,
  EN_CAUSE_BEFORE,
  EN_STATEMENT,
  JA_CAUSE_END,
  NAMES_ONLY,
  NO_REASON_GIVEN,
  REASON_LATER,
  REASON_OPENER,
  STATED_REASON,
} from '../rules/reason.js';

export interface ReasonFinding {
  reason: string | null;
  rule: string | null;
  /** Index of the own line it was found on. */
  line: number | null;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase();
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
const tidy = (s: string) =>
  s
    .replace(REASON_OPENER, '')
    .replace(/[、,]\s*$/, '')
    .trim();
const found = (reason: string, rule: string, line: number): ReasonFinding => ({ reason, rule, line });

/** A labelled reason; "特になし" is one (given, as none); "追ってご連絡します" is none yet. */
function labelledReason(fields: readonly FormField[]): ReasonFinding | null {
  for (const f of fields) {
    if (f.kind !== 'reason' || !f.value.trim()) continue;
    if (REASON_LATER.test(f.value) && !NO_REASON_GIVEN.test(f.value.normalize('NFKC'))) continue;
    return found(f.value.trim(), `label (${f.how})`, f.line);
  }
  return null;
}

/** Whether a clause only restates the wish to cancel ("証明書は不要になったので"): not a reason. */
function restatesRequest(text: string): boolean {
  const folded = fold(text);
  return JA.mentions.some(([kind, re]) => (kind === 'cancel' || kind === 'stop') && re.test(folded));
}

/** The cause clause of a Japanese request sentence: "オンラインショップを閉じるため、キャンセルを…". */
function japaneseCause(text: string, word: string): string | null {
  const clauses = text.split(/(?<=[、，,])/);
  const at = clauses.findIndex((c) => fold(c).includes(word));
  if (at < 0) return null;
  const picked: string[] = [];
  for (let k = at - 1; k >= 0; k--) {
    const clause = clauses[k]!.replace(/[、，,]\s*$/, '');
    if (!JA_CAUSE_END.test(clause)) break;
    picked.unshift(clauses[k]!);
  }
  if (!picked.length) {
    // No comma: "閉店のためキャンセルをお願いします".
    const inClause = clauses[at]!;
    const before = inClause.slice(0, Math.max(0, fold(inClause).indexOf(word)));
    const cause = before.match(/(?:^|[をはが]\s*)([^をはが]+)$/)?.[1] ?? '';
    return JA_CAUSE_END.test(cause) && !restatesRequest(cause) ? tidy(cause) : null;
  }
  const cause = tidy(picked.join(''));
  return cause && !restatesRequest(cause) ? cause : null;
}

function englishCause(text: string, word: string): string | null {
  const after = text.slice(Math.max(0, fold(text).indexOf(word)));
  for (const re of EN_CAUSE_AFTER) {
    const m = re.exec(after);
    if (m && !/^(?:possible|soon|well)\b/i.test(m[1]!)) return m[1]!.trim();
  }
  const before = EN_CAUSE_BEFORE.exec(text);
  return before ? before[1]!.trim() : null;
}

const isCourtesy = (s: Sentence) => COURTESY.some(([, re]) => re.test(s.folded));
const isQuestion = (s: Sentence) => /(?:か|[?？])[。.]?$/.test(s.folded);

/** A neighbour of the request that states the sender's situation (not a greeting, a question or the request). */
function statesSituation(s: Sentence | undefined, mentions: ReadonlySet<number>): s is Sentence {
  if (!s || mentions.has(s.index) || isCourtesy(s) || isQuestion(s) || NAMES_ONLY.test(s.folded)) return false;
  return JAPANESE.test(s.text) || EN_STATEMENT.test(s.text);
}

/**
 * The reason in prose: "理由は…", the cause clause of the request sentence
 * (…ため, …ので, …ことになり; because, as, " - "), a sentence after it that
 * is a cause ("…移行したためです"), else the sentence just before or after
 * it that states the sender's situation.
 */
function proseReason(
  sentences: readonly Sentence[],
  requests: readonly Signal[],
  mentions: ReadonlySet<number>,
): ReasonFinding | null {
  // "理由は追ってご連絡します": the reason comes later; nothing said now stands for it.
  if (sentences.some((s) => /理由|reason/.test(s.folded) && REASON_LATER.test(s.folded))) return null;
  for (const s of sentences) {
    for (const re of STATED_REASON) {
      const m = re.exec(s.text.trim());
      if (m && m[1]!.trim() && !(REASON_LATER.test(m[1]!) && !NO_REASON_GIVEN.test(m[1]!.normalize('NFKC'))))
        return found(m[1]!.trim(), 'prose: the reason stated', s.line);
    }
  }
  for (const r of requests) {
    const s = sentences[r.sentence];
    if (!s || !r.word) continue;
    const cause = JAPANESE.test(s.text) ? japaneseCause(s.text, r.word) : englishCause(s.text, r.word);
    if (cause) return found(cause, 'prose: the cause clause of the request', s.line);
  }
  for (const r of requests) {
    const after = sentences.filter((s) => s.index > r.sentence && s.paragraph === sentences[r.sentence]?.paragraph);
    for (const s of after) {
      if (mentions.has(s.index)) continue;
      for (const re of CAUSE_SENTENCE) {
        const m = re.exec(s.text.trim());
        if (m && !restatesRequest(m[1]!)) return found(tidy(m[1]!), 'prose: a cause after the request', s.line);
      }
    }
  }
  for (const r of requests) {
    const paragraph = sentences[r.sentence]?.paragraph;
    // The neighbours in the request's paragraph, past the ones that only name the certificate.
    const neighbour = (step: -1 | 1) => {
      for (let i = r.sentence + step; sentences[i]?.paragraph === paragraph; i += step)
        if (!NAMES_ONLY.test(sentences[i]!.folded)) return sentences[i];
      return undefined;
    };
    const before = neighbour(-1);
    if (statesSituation(before, mentions))
      return found(tidy(before.text.replace(/[。.]$/, '')), 'prose: the sentence before the request', before.line);
    const after = neighbour(1);
    if (statesSituation(after, mentions))
      return found(tidy(after.text.replace(/[。.]$/, '')), 'prose: the sentence after the request', after.line);
  }
  return null;
}

/** The cancellation reason the sender gave: a labelled one wins, else one stated in prose. Kept as written. */
export function extractReason(
  fields: readonly FormField[],
  sentences: readonly Sentence[],
  requests: readonly Signal[],
  mentions: ReadonlySet<number>,
): ReasonFinding {
  return (
    labelledReason(fields) ?? proseReason(sentences, requests, mentions) ?? { reason: null, rule: null, line: null }
  );
}
