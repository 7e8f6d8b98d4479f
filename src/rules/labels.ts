/**
 * The fields customers fill in, and the words they label them with: a table
 * per field and language. Matched NFKC-folded and lower-cased, at the start
 * of a line once its bullet and bracket are off. Japanese labels may stand
 * before their value with only a space; English ones need a colon, a dash,
 * a tab or the value on the next line ("Reason we …" is a sentence).
 */
export const FIELD_KINDS = ['commonName', 'reason', 'contactName', 'contactEmail', 'contactPhone'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export const FIELD_LABELS: Record<FieldKind, { ja: RegExp; en: RegExp }> = {
  commonName: {
    ja: /(?:コモン・?ネーム|(?:対象|証明書)(?:の)?(?:ドメイン|ホスト)(?:名)?|ドメイン名?|ホスト名|対象(?:の)?(?:証明書|サイト)?)/,
    en: /(?:common\s*name|cn|fqdn|domain(?:\s*name)?|host\s*name|hostname|certificate|url|site)/,
  },
  reason: {
    ja: /(?:(?:キャンセル|解約|取り?消し?|取りやめ|取消)(?:の|する)?理由|理由|事由)/,
    en: /(?:reasons?(?:\s+for\s+(?:the\s+)?(?:cancell?ation|cancell?ing))?|cancell?ation\s+reason)/,
  },
  contactName: {
    ja: /(?:(?:新しい|新|変更後の|後任の?)(?:ご?担当者?|申込担当者|連絡先)?(?:の)?(?:氏名|お名前|名前|担当者名?|担当)|(?:ご?担当者|申込担当者)(?:の)?(?:氏名|お名前|名前)|担当者名|氏名|お名前|名前|後任(?:者)?)/,
    en: /(?:(?:new\s+)?(?:contact(?:\s+person)?(?:'s)?\s+)?(?:full\s+)?name|new\s+contact(?:\s+person)?)/,
  },
  contactEmail: {
    ja: /(?:(?:新しい|新|変更後の)?(?:ご?担当者?の?)?(?:メールアドレス|電子メール|メール|e-?mail(?:アドレス)?|アドレス|連絡先メール))/,
    en: /(?:(?:new\s+)?(?:contact(?:'s)?\s+)?e-?mail(?:\s+address)?|mail\s+address)/,
  },
  contactPhone: {
    ja: /(?:(?:新しい|新|変更後の)?(?:ご?担当者?の?)?(?:電話番号|連絡先電話番号|電話|tel|携帯(?:電話)?(?:番号)?))/,
    en: /(?:(?:new\s+)?(?:contact(?:'s)?\s+)?(?:phone(?:\s+number)?|tel(?:ephone)?|mobile))/,
  },
};

/** Fields whose value names a cancellation: a form with one of these is a cancellation form, not a contact change's. */
export const CANCEL_REASON_LABEL = /キャンセル|解約|取り?消|取りやめ|cancel/;

/** A heading in a table that says which column is the new value ("変更後", "New"). */
export const NEW_VALUE_COLUMN = /変更後|新|after|new/;

/** What stands before a label: a bullet or a list number ("・", "→", "■", "(1)", "①", "1."). */
export const BULLET =
  /^[\s\u3000]*(?:[・･\-－*＊→⇒●○◎■□◆◇▼▽▶►★☆※]+|[0-9０-９]{1,2}[.)．）、:：]|[(（][0-9０-９]{1,2}[)）]|[①-⑳⑴-⒇]|[a-zA-Z][.)])?[\s\u3000]*/;
/** Brackets around a label ("【コモンネーム】", "［キャンセル理由］", "[CN]"). */
export const LABEL_OPEN = /^[【[［〈《<「『]/;
export const LABEL_CLOSE = /^[】\]］〉》>」』]/;
/** Between a label and its value. */
export const LABEL_SEPARATOR = /^[\s\u3000]*[:：=＝][\s\u3000]*/;
export const LABEL_DASH = /^\s+[-–—]\s+/;
