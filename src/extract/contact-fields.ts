import type { FormField } from '../parse/form-fields.js';
import type { Sentence } from '../parse/sentences.js';
import { EMAIL, HONORIFIC, NAME_LEAD, NAME_ONLY, PHONE, PROSE_NAMES } from '../rules/contact.js';
import type { FieldKind } from '../rules/labels.js';

export interface ContactFields {
  name: string | null;
  email: string | null;
  phone: string | null;
}

const nfkc = (s: string) => s.normalize('NFKC');
const emailIn = (s: string) => nfkc(s).match(EMAIL)?.[0]?.toLowerCase() ?? null;
const phoneIn = (s: string) => nfkc(s).match(PHONE)?.[0] ?? null;

function cleanName(value: string): string | null {
  const name = value
    .replace(/[（(<＜].*$/, '')
    .replace(/[,，、].*$/, '')
    .replace(HONORIFIC, '')
    .trim();
  return name && name.length <= 60 ? name : null;
}

function proseName(text: string): string | null {
  for (const re of PROSE_NAMES) {
    const m = re.exec(text);
    if (!m) continue;
    const name = /[\p{Script=Han}\p{Script=Hiragana}]/u.test(m[1]!) ? m[1]!.replace(NAME_LEAD, '') : m[1]!;
    const cleaned = cleanName(name);
    if (cleaned && cleaned.replace(/\s/g, '').length >= 2) return cleaned;
  }
  return null;
}

/**
 * The new contact person's name, e-mail and phone: from labelled fields
 * (氏名 / メールアドレス / 電話番号, Name / E-mail / Tel, a before/after
 * table's new column), else from the sentences that introduce them
 * ("後任は総務部の田中 実（tanaka@…、03-…）です", "to Ms. Naomi Fujita …
 * reached at …"). A field not given is null; the sender's own address is
 * never taken for the new contact's.
 */
export function extractContactFields(
  fields: readonly FormField[],
  sentences: readonly Sentence[],
  contactSentences: ReadonlySet<number>,
  senderAddress: string | null,
): ContactFields {
  const first = (kind: FieldKind) => fields.find((f) => f.kind === kind && f.value.trim())?.value ?? null;
  const sender = senderAddress?.toLowerCase() ?? null;
  const nameField = first('contactName');
  let email = emailIn(first('contactEmail') ?? '') ?? emailIn(nameField ?? '');
  let phone = phoneIn(first('contactPhone') ?? '') ?? phoneIn(nameField ?? '');
  let name = nameField ? cleanName(nameField) : null;

  // In prose: the sentences that speak of the change, and the one that gives the new address.
  const others = (s: Sentence) => (nfkc(s.text).match(new RegExp(EMAIL.source, 'g')) ?? []).map((e) => e.toLowerCase());
  const withAddress = sentences.find((s) => others(s).some((e) => e !== sender));
  const besideAddress = (s: Sentence) =>
    withAddress !== undefined && s.paragraph === withAddress.paragraph && Math.abs(s.index - withAddress.index) === 1;
  const about = sentences.filter((s) => contactSentences.has(s.index) || s === withAddress || besideAddress(s));
  email ??= withAddress ? others(withAddress).find((e) => e !== sender)! : null;
  if (!phone) for (const s of about) phone ??= phoneIn(s.text);
  if (!name) for (const s of about) name ??= proseName(s.text);
  // "佐藤 花子" / "sato@…" / "03-…" on lines of their own: the name line beside the address.
  if (!name && withAddress)
    for (const s of [sentences[withAddress.index - 1], sentences[withAddress.index + 1]])
      if (s && s.paragraph === withAddress.paragraph && NAME_ONLY.test(s.text.trim()))
        name ??= cleanName(s.text.trim());
  return { name, email, phone };
}
