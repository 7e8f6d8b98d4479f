import type { Sentence } from '../parse/sentences.js';
import { EN } from '../rules/intent-en.js';
import { JA } from '../rules/intent-ja.js';
import type { Act, IntentLanguage, MentionKind, SentenceSignal } from '../rules/intent-language.js';
import { matchesOf } from '../rules/rule-table.js';

/** One thing a sentence says: a mention of an action with how it is meant, or a signal of the sentence. */
export interface Signal {
  kind: `${MentionKind}-${Act | 'mention'}` | 'other-object' | SentenceSignal;
  /** The words that decided it. */
  rule: string;
  /** For a mention: the word itself, as folded ("キャンセル", "cancel"). */
  word?: string;
  /** The sentence it is in. */
  sentence: number;
  line: number;
  text: string;
}

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
const JA_CLAUSE_END = /[、,;；]/;
const EN_CLAUSE_BOUNDARY = /[,;:()]|\s[-–—]\s|\b(?:but|and|so|because|since|although|though|while|as)\b/g;

interface Mention {
  kind: MentionKind;
  start: number;
  end: number;
  word: string;
}

/** The mentions of a sentence, left to right; where two overlap the longer stands. */
function mentionsOf(lang: IntentLanguage, s: string): Mention[] {
  const all = matchesOf(lang.mentions, s).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Mention[] = [];
  for (const m of all) {
    const last = out[out.length - 1];
    if (last && m.start < last.end) continue;
    out.push({ kind: m.kind, start: m.start, end: m.end, word: m.text });
  }
  return out;
}

/** The last marker in a clause: Japanese stacks modality rightwards, the outermost comes last. */
function lastAct(lang: IntentLanguage, clause: string): { act: Act; text: string } | null {
  const found = matchesOf(lang.acts, clause).sort((a, b) => a.end - b.end || a.end - a.start - (b.end - b.start));
  const last = found[found.length - 1];
  return last ? { act: last.kind, text: last.text } : null;
}

function withoutPoliteConditions(lang: IntentLanguage, text: string): string {
  return text.replace(new RegExp(lang.politeCondition.source, 'g'), '');
}

/** Japanese: the clause after the mention says how it is meant; an earlier "もし…場合は、" makes it a condition. */
function judgeJapanese(lang: IntentLanguage, s: string, m: Mention, next: number): { act: Act | null; rule: string } {
  const rest = s.slice(m.end, next);
  let end = rest.search(JA_CLAUSE_END);
  // "証明書のキャンセル、よろしくお願いします": nothing between the word and the comma, the verb comes after it.
  if (end >= 0 && end < 2) {
    const further = rest.slice(end + 1).search(JA_CLAUSE_END);
    end = further >= 0 ? end + 1 + further : -1;
  }
  const clause = end >= 0 ? rest.slice(0, end) : rest;
  const head = withoutPoliteConditions(lang, s.slice(0, m.start));
  const open = head.lastIndexOf('「');
  if (open >= 0 && head.indexOf('」', open) < 0) {
    const close = s.indexOf('」', m.end);
    if (close >= 0 && lang.reportedQuote.test(s.slice(close)))
      return { act: 'reported', rule: 'inside 「…」 someone said' };
  }
  const marker = lastAct(lang, clause);
  if (marker && marker.act !== 'request') return { act: marker.act, rule: marker.text };
  if (lang.conditionalHead.test(head)) return { act: 'conditional', rule: 'a condition before it' };
  if (!marker) return { act: null, rule: '' };
  // "解約したいのですが、可能でしょうか": a wish, then a question of whether it can be done.
  if (
    /(?:が|けど|けれど|けれども)$/.test(clause) &&
    /(?:可能|でき|出来|料|費用|いつまで|方法|どう)[^。]*(?:か|[?])$/.test(s)
  )
    return { act: 'inquiry', rule: 'a wish, then a question about it' };
  return { act: 'request', rule: marker.text };
}

/** English: the clause before the mention holds the modal; "if", "not" and "asked whether" outrank it. */
function judgeEnglish(
  lang: IntentLanguage,
  s: string,
  m: Mention,
  previous: number,
): { act: Act | null; rule: string } {
  let start = previous;
  for (const b of s.slice(0, m.start).matchAll(EN_CLAUSE_BOUNDARY))
    if (b.index + b[0].length > start) start = b.index + b[0].length;
  const head = withoutPoliteConditions(lang, s.slice(start, m.start));
  for (const [act, re] of lang.acts) {
    const hit = re.exec(head);
    if (!hit) continue;
    if (act === 'question' && !/\?\s*$/.test(s)) continue;
    return { act, rule: hit[0] };
  }
  if (/\?\s*$/.test(s)) return { act: 'question', rule: 'a question' };
  if (/ed$/.test(m.word)) return { act: 'past', rule: m.word };
  if (/\bplease\b|^\s*request/.test(s.slice(m.end))) return { act: 'request', rule: 'please' };
  // "Cancel the certificate for …": a verb at the start of its clause is an imperative.
  if (!head.trim() && m.kind !== 'contact' && !/ation$/.test(m.word)) return { act: 'request', rule: 'imperative' };
  return { act: null, rule: '' };
}

/** What one sentence says: each mention judged in its clause, and the sentence's own signals. */
export function judgeSentence(sentence: Sentence): Signal[] {
  const s = sentence.folded;
  const lang = JAPANESE.test(s) ? JA : EN;
  const at = { sentence: sentence.index, line: sentence.line, text: sentence.text.slice(0, 160) };
  const signals: Signal[] = [];
  for (const [kind, re] of lang.sentences) {
    const hit = re.exec(s);
    if (hit) signals.push({ kind, rule: hit[0], ...at });
  }
  const mentions = mentionsOf(lang, s);
  mentions.forEach((m, i) => {
    const objectSide = lang.headFinal ? s.slice(i > 0 ? mentions[i - 1]!.end : 0, m.start) : s.slice(m.end);
    if ((m.kind === 'cancel' || m.kind === 'stop') && lang.otherObject.test(objectSide)) {
      signals.push({ kind: 'other-object', rule: `${m.word} of something else`, word: m.word, ...at });
      return;
    }
    const judged = lang.headFinal
      ? judgeJapanese(lang, s, m, mentions[i + 1]?.start ?? s.length)
      : judgeEnglish(lang, s, m, i > 0 ? mentions[i - 1]!.end : 0);
    signals.push({
      kind: `${m.kind}-${judged.act ?? 'mention'}`,
      rule: `${m.word}${judged.rule ? ` … ${judged.rule}` : ''}`,
      word: m.word,
      ...at,
    });
  });
  return signals;
}
