/**
 * How a new contact person is named in prose, per language. Each captures
 * the name in group 1, on the sentence as written.
 */
const NAME_CHARS = String.raw`[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}ー々ヶ]`;

export const PROSE_NAMES: readonly RegExp[] = [
  // "後任は総務部の田中 実（tanaka@…、03-…）です": the name right before the bracket holding the address.
  new RegExp(String.raw`(${NAME_CHARS}{1,8}[ \u3000]?${NAME_CHARS}{1,6})\s*(?:様|さん|氏)?\s*[（(][^）)]*@`, 'u'),
  // "後任は田中 実です", "新しい担当は田中 実となります".
  new RegExp(
    String.raw`(?:後任|新しい担当|新担当|担当)(?:者)?(?:は|が|として)[^。]*?(${NAME_CHARS}{1,8}[ \u3000]?${NAME_CHARS}{1,6})(?:様|さん|氏)?(?:です|となります|になります|が担当)`,
    'u',
  ),
  // "Ken Watanabe (ken@… / 03-…)".
  /\b([A-Z][a-z'’-]+\s+[A-Z][a-z'’-]+)\s*[(<][^)>]*@/,
  // "to Ms. Naomi Fujita", "Mr. Ken Sato will take over".
  /\b(?:Mr|Ms|Mrs|Miss|Dr)\.?\s+([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2})/,
  /\b(?:to|is|will be)\s+([A-Z][a-z'’-]+\s+[A-Z][a-z'’-]+)(?=\s*(?:[,(<]|\bat\b|$))/,
];

/** A line that is only a person's name ("佐藤 花子", "Ms. Aiko Tanaka"). */
export const NAME_ONLY = new RegExp(
  String.raw`^(?:${NAME_CHARS}{1,6}[ \u3000]?${NAME_CHARS}{1,6}(?:様|さん)?|(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?[A-Z][a-z'’-]+\s+[A-Z][a-z'’-]+)$`,
  'u',
);

/** Particles a Japanese name run may have swallowed from the words before it ("総務部の田中 実"). */
export const NAME_LEAD = /^.*[のはがをにへと]/u;
/** Honorifics after a name. */
export const HONORIFIC = /\s*(?:様|さん|殿|氏|さま)$/;

export const EMAIL = /[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/;
export const PHONE = /(?:\+81[-\s]?|0)\d{1,4}[-\s(]?\d{1,4}[-\s)]?\d{3,4}/;
