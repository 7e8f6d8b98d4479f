import type { Sentence } from './sentences.js';

/** One sentence judged by the cancellation rules, and which rule judged it. */
export interface CancelSignal {
  kind: 'request' | 'negation' | 'inquiry' | 'conditional' | 'withdrawal';
  rule: string;
  line: number;
  text: string;
}

// Sentences are matched NFKC-folded and lower-cased.
const KEYWORD = /キャンセル|解約|取り?消し?|取りやめ|cancel/;

const REQUESTS: Array<[string, RegExp]> = [
  [
    'ja-cancel-request',
    /(?:キャンセル|解約|取り?消し?|取りやめ)(?:の|を|は)?(?:処理|手続き?|申請|申し込み|申込)?(?:を|は|の)?\s*(?:お願い|おねがい|希望|依頼|申請|申し込|申込|したい|したく|致したい|いたしたい|致したく|いたしたく|させて|して(?:ください|下さい|頂|いただ|ほしい|欲しい|もらえ|くれ)|する(?:こと|ことに)|します|いたします|致します|で(?:お願い|よろしく|結構)|扱い|願い)/,
  ],
  ['ja-cancel-noun-request', /(?:キャンセル|解約)(?:願い|依頼|希望|申請|申し込み|のお願い)/],
  ['en-please-cancel', /\b(?:please|kindly|pls)\s+(?:\w+\s+){0,2}cancel\b/],
  ['en-cancel-please', /\bcancel\b.{0,60}\bplease\b/],
  ['en-want-to-cancel', /\b(?:would|'d|want|wish|need|have decided|decided|like)\s+(?:\w+\s+){0,2}(?:to\s+)?cancel\b/],
  ['en-could-you-cancel', /\b(?:could|can|would|will)\s+you\s+(?:please\s+)?cancel\b/],
  ['en-we-cancel', /\b(?:we|i)\s+(?:will|hereby|are going to|'re going to|must)\s+cancel\b/],
  [
    'en-cancellation-request',
    /\b(?:request(?:ing)?|apply(?:ing)? for|submit(?:ting)?)\s+(?:a\s+|the\s+|our\s+)?cancell?ation\b|\bcancell?ation\s+request\b/,
  ],
  ['en-imperative-cancel', /^(?:cancel)\b(?!l?ation)/],
];

// The request is turned around: "キャンセルはしません", "do not cancel".
const NEGATIONS: Array<[string, RegExp]> = [
  [
    'ja-negated',
    /(?:キャンセル|解約|取り?消し?)(?:は|を|の|する)?(?:予定|必要|つもり|こと)?(?:は|が)?\s*(?:しません|しない|しなく|いたしません|致しません|せず|不要|ありません|ない|無い|なし|いりません|結構です|見送|やめ|止め|中止|致しかね)/,
  ],
  ['ja-not-cancel', /キャンセル(?:で|じゃ)は?なく|キャンセルではありません/],
  // "JPRS社へ直接キャンセル申請はできません" (our own mail's words): cannot, not a request; "できませんか" is one.
  ['ja-cannot', /(?:キャンセル|解約)[^。]{0,12}(?:できません|出来ません|できない|出来ない)(?!か)/],
  [
    'en-negated',
    /\b(?:not|never|don't|do not|won't|will not|no need to|no plans? to|no intention to|not going to|doesn't|does not|didn't|did not)\s+(?:\w+\s+){0,2}cancel/,
  ],
  ['en-no-cancellation', /\bno\s+cancell?ation\b/],
];

// Asking about cancelling is not asking to cancel.
const INQUIRIES: Array<[string, RegExp]> = [
  ['ja-question', /(?:でしょうか|ますか|ですか|か[?？]|[?？])\s*$/],
  ['ja-possible', /(?:キャンセル|解約)(?:は|が)?(?:可能|でき|出来)/],
  ['ja-fee', /(?:キャンセル|解約)(?:料|費用|手数料|の費用|の料金|した場合の(?:費用|料金))/],
  ['en-question', /\?\s*$/],
  [
    'en-how-to',
    /\bhow\s+(?:do|can|would|should)\s+(?:i|we)\s+cancel|\bis\s+it\s+possible\s+to\s+cancel|\bcan\s+(?:i|we)\s+cancel|\bcancell?ation\s+(?:fee|policy|charge)/,
  ],
];
// …unless the question is itself the polite form of a request: "キャンセルしていただけますか", "could you cancel",
// or states the wish before asking ("キャンセルをお願いしたいのですが、よろしいでしょうか") without asking about fees.
const POLITE_REQUEST =
  /(?:いただけ|頂け|もらえ|くれ|お願いでき|願えま|お願い(?:いた|致)?します)|\b(?:could|can|would|will)\s+you\s+(?:please\s+)?cancel/;
const WISH_THEN_ASK = /(?:キャンセル|解約)(?:を)?(?:お願い)?(?:したい|いたしたい|致したい|希望)/;
const ASKS_ABOUT_COST = /料|費用|料金|金額|請求|可能|でき|出来|いつまで|方法|どう/;

const CONDITIONALS: Array<[string, RegExp]> = [
  ['ja-if', /(?:キャンセル|解約)(?:を|する|した|の)?.{0,6}(?:場合|なら|たら|れば|際)/],
  ['ja-moshi', /もし.{0,20}(?:キャンセル|解約)/],
  ['en-if', /\b(?:if|in case|should)\s+(?:\w+\s+){0,3}cancel/],
];

const WITHDRAWALS: Array<[string, RegExp]> = [
  [
    'ja-withdraw',
    /(?:キャンセル|解約)(?:の)?(?:申請|依頼|申し込み|お願い)?(?:を|は)?(?:取り?消|撤回|取り下げ|取下げ|取りやめ|やめ|中止|なかったこと)/,
  ],
  ['en-withdraw', /\b(?:withdraw|retract|disregard|ignore)\b.{0,40}\bcancel|\bcancel\s+(?:my|our|the)\s+cancell?ation/],
];

function firstMatch(rules: Array<[string, RegExp]>, text: string): string | null {
  for (const [rule, re] of rules) if (re.test(text)) return rule;
  return null;
}

/** Each sentence that speaks of cancelling, judged: a request, or why it is not one. */
export function cancelSignals(sentences: readonly Sentence[]): CancelSignal[] {
  const signals: CancelSignal[] = [];
  for (const s of sentences) {
    if (!KEYWORD.test(s.folded)) continue;
    const at = { line: s.line, text: s.text.slice(0, 160) };
    const withdrawal = firstMatch(WITHDRAWALS, s.folded);
    if (withdrawal) {
      signals.push({ kind: 'withdrawal', rule: withdrawal, ...at });
      continue;
    }
    const negation = firstMatch(NEGATIONS, s.folded);
    if (negation) {
      signals.push({ kind: 'negation', rule: negation, ...at });
      continue;
    }
    const conditional = firstMatch(CONDITIONALS, s.folded);
    if (conditional) {
      signals.push({ kind: 'conditional', rule: conditional, ...at });
      continue;
    }
    const inquiry = firstMatch(INQUIRIES, s.folded);
    const politeRequest =
      POLITE_REQUEST.test(s.folded) || (WISH_THEN_ASK.test(s.folded) && !ASKS_ABOUT_COST.test(s.folded));
    if (inquiry && !politeRequest) {
      signals.push({ kind: 'inquiry', rule: inquiry, ...at });
      continue;
    }
    const request = firstMatch(REQUESTS, s.folded);
    if (request) signals.push({ kind: 'request', rule: request, ...at });
  }
  return signals;
}
