/**
 * How customers give a reason in prose, per language. Matched on the
 * sentence as written (NFKC-folded where the pattern says so); each
 * captures the reason in group 1.
 */

/** "理由は…です", "The reason is that …": the reason says it is one. */
export const STATED_REASON: readonly RegExp[] = [
  /理由(?:は|としては|としまして(?:は)?|といたしましては|につきましては|について(?:は)?|ですが)[、,]?\s*(.+?)(?:です|でございます|となります|になります)?[。.]?$/,
  /\b(?:the\s+)?reason\s+(?:is|being|was|for (?:this|that) is)\s+(?:that\s+)?(.+?)[.!]?$/i,
];

/** The end of a Japanese cause clause ("…ため", "…ことになり"): what comes before it is the reason. */
export const JA_CAUSE_END =
  /(?:ため(?:に)?|ので|から|につき|に伴い(?:まして)?|により|による|ことになり(?:まして)?|こととなり|ことと相成り|ことにした(?:ので|ため)|ことになった(?:ので|ため)|ことになりました(?:ので|ため)|次第です)\s*$/;

/** English cause after the request: "…because …", "… - we are closing", ", as we moved …". */
export const EN_CAUSE_AFTER: readonly RegExp[] = [
  /\b(?:because(?:\s+of)?|due\s+to|since)\s+(.+?)[.!]?$/i,
  /,\s*as\s+((?:we|our|the|it|this|they|i|my|their|its)\b.+?)[.!]?$/i,
  /\s[-–—]\s+(.+?)[.!]?$/,
  /;\s*(.+?)[.!]?$/,
];
/** English cause before the request: "The shop has closed, so please cancel …". */
export const EN_CAUSE_BEFORE = /^(.+?),?\s+so\s+(?:please|we|i|kindly|could|can|would)\b/i;

/** A sentence that is itself the cause: "…移行したためです", "This is because …". */
export const CAUSE_SENTENCE: readonly RegExp[] = [
  /^(.+?(?:ため|から|ので))(?:です|でございます|となります)?[。.]?$/,
  /^(?:this is because|because|the reason is that|that is because)\s+(.+?)[.!]?$/i,
];

/** Sentences that state a fact of the sender's (a reason when next to the request). */
export const EN_STATEMENT = /^(?:we|our|the|this|it|they|i|my|its|their)\b/i;

/** A reason written as none: it was given, and is kept as written ("特になし", "none"). */
export const NO_REASON_GIVEN =
  /^(?:特に(?:なし|無し|ありません|ございません|ない)|なし|無し|ありません|ございません|none|n\/a|nothing|no reason|no particular reason)[。.!]?$/i;

/** A reason promised for later: none yet. */
export const REASON_LATER = /追って|後ほど|後日|改めて|あらためて|\blater\b|\bseparately\b|\bfollow up\b/i;

/** A sentence that only names the certificate ("対象は … のサイトです"): not a reason. */
export const NAMES_ONLY =
  /^(?:対象|コモンネーム|ドメイン|証明書)(?:は|:|：)|^(?:the certificate is|it is for|this is for)\b/i;

/** Openers to drop from a reason: "また、", "実は", "弊社では". */
export const REASON_OPENER =
  /^(?:また|なお|実は|実は、|弊社では|当社では|大変恐縮ではございますが|恐れ入りますが)[、,]?\s*/;
