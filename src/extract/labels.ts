/** The fields customers label in their replies, and the words they label them with (ja/en). */
export const LABELS = {
  commonName:
    /(?:コモン・?ネーム|ｺﾓﾝﾈｰﾑ|common\s*name|\bCN|FQDN|対象(?:の)?ドメイン(?:名)?|証明書の?ドメイン(?:名)?|ドメイン名?|domain(?:\s*name)?)/i,
  reason:
    /(?:キャンセル(?:の)?理由|解約(?:の)?理由|取り?消し?(?:の)?理由|理由|reason(?:s)?(?:\s+for\s+(?:the\s+)?cancell?ation)?|cancell?ation\s+reason)/i,
  contactName:
    /(?:(?:新しい|新|変更後の)?(?:ご?担当者?|連絡先)?(?:の)?(?:氏名|お名前|名前|担当者名?)|後任(?:者)?|(?:new\s+)?(?:contact(?:\s+person)?(?:'s)?\s+)?(?:full\s+)?name|new\s+contact(?:\s+person)?)/i,
  contactEmail:
    /(?:(?:新しい|新|変更後の)?(?:ご?担当者?)?(?:の)?(?:メール(?:アドレス)?|電子メール|e-?mail(?:\s+address)?|mail(?:\s+address)?|アドレス))/i,
  contactPhone:
    /(?:(?:新しい|新|変更後の)?(?:ご?担当者?)?(?:の)?(?:電話(?:番号)?|連絡先電話番号|TEL|phone(?:\s+number)?|tel(?:ephone)?))/i,
} as const;
export type LabelKind = keyof typeof LABELS;

// A bullet or list number before a label: "・", "→", "-", "1.", "(1)", "①".
const BULLET = String.raw`(?:[・\-*→●■◆◇□▼▽]|\d{1,2}[.)．]|\(\d{1,2}\)|[①-⑳])?`;

const cache = new Map<LabelKind, RegExp>();
function lineRegex(kind: LabelKind): RegExp {
  let re = cache.get(kind);
  if (!re) {
    re = new RegExp(String.raw`^\s*${BULLET}\s*【?\[?(?:${LABELS[kind].source})\]?】?\s*[:：=]\s*(.*)$`, 'i');
    cache.set(kind, re);
  }
  return re;
}

export interface LabeledValue {
  kind: LabelKind;
  /** Index into the lines. */
  line: number;
  /** The value as written after the label (trimmed). */
  value: string;
}

/** The first kind of label a line starts with, and its value. Tried on the line as written, then NFKC-folded. */
export function labelOf(
  line: string,
  kinds: readonly LabelKind[] = Object.keys(LABELS) as LabelKind[],
): Omit<LabeledValue, 'line'> | null {
  for (const kind of kinds) {
    const m = lineRegex(kind).exec(line) ?? lineRegex(kind).exec(line.normalize('NFKC'));
    if (m) return { kind, value: m[1]!.trim() };
  }
  return null;
}

export function findLabels(lines: readonly string[], kind: LabelKind): LabeledValue[] {
  const found: LabeledValue[] = [];
  lines.forEach((line, i) => {
    const hit = labelOf(line, [kind]);
    if (hit) found.push({ ...hit, line: i });
  });
  return found;
}

/** Whether a line starts with any known label (it ends the value of the label above it). */
export function isAnyLabel(line: string): boolean {
  return labelOf(line) !== null;
}
