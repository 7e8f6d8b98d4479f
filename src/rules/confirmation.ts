/**
 * How the current contact answers our confirmation mail, on the first line
 * of their reply (ja/en). Matched NFKC-folded, lower case; a negation
 * anywhere on that line ("承認しません", "I do not confirm") is a refusal.
 */
export const APPROVE =
  /^[「"'(（]?(?:承認|同意|了承|はい|問題(?:ありません|ない)|お願いします|yes\b|ok\b|okay\b|confirm|approve|agree)/;
export const DECLINE =
  /^[「"'(（]?(?:拒否|否認|いいえ|心当たり(?:が|は)?(?:ありません|ない)|身に覚え|no\b|reject|decline|deny|not me)/;
export const NEGATED = /しません|できません|いたしません|致しません|ではありません|\bnot\b|n't\b/;
