import { findLabels, type LabelKind } from './labels.js';

export interface ContactFields {
  name: string | null;
  email: string | null;
  phone: string | null;
}

const EMAIL = /[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/;
const PHONE = /(?:\+81[-\s]?|0)\d{1,4}[-\s(]?\d{1,4}[-\s)]?\d{3,4}/;

function labelled(lines: readonly string[], kind: LabelKind): string | null {
  for (const hit of findLabels(lines, kind)) if (hit.value) return hit.value;
  return null;
}

/**
 * The new contact person's name, e-mail and phone, from labelled lines
 * (氏名 / メールアドレス / 電話番号, Name / E-mail / Tel); a field not given is null.
 * The sender's own address is never taken for the new contact's.
 */
export function extractContactFields(lines: readonly string[], senderAddress: string | null): ContactFields {
  const folded = lines.map((l) => l.normalize('NFKC'));
  const name = labelled(lines, 'contactName');
  const emailValue = labelled(folded, 'contactEmail');
  let email = emailValue?.match(EMAIL)?.[0]?.toLowerCase() ?? null;
  if (!email) {
    const others = folded.flatMap((l) => l.match(new RegExp(EMAIL.source, 'g')) ?? []).map((e) => e.toLowerCase());
    email = others.find((e) => e !== senderAddress?.toLowerCase()) ?? null;
  }
  const phoneValue = labelled(folded, 'contactPhone');
  const phone = (phoneValue ?? '').match(PHONE)?.[0] ?? null;
  return {
    name: name ? name.replace(/\s*(?:様|さん|殿)$/, '').trim() || null : null,
    email,
    phone,
  };
}
