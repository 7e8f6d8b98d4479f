import { parse } from 'tldts';

/** Who receives JPRS's domain-approval mail, by domain type (DOMAIN.md, step 3). */
export const APPROVER_ROLES = ['attribute_jp', 'general_jp', 'gtld', 'unknown'] as const;
export type ApproverRole = (typeof APPROVER_ROLES)[number];

// Attribute-type JP second-level labels, from JPRS's list.
const ATTRIBUTE_JP = new Set(['co', 'or', 'ne', 'ac', 'ad', 'ed', 'go', 'gr', 'lg']);

export const APPROVER_RECIPIENT: Record<ApproverRole, { ja: string; en: string }> = {
  attribute_jp: {
    ja: 'WHOIS の「登録担当者」および「技術連絡担当者」の電子メール',
    en: 'the registrant contact and the technical contact listed in WHOIS',
  },
  general_jp: {
    ja: 'WHOIS の「公開連絡窓口」の登録Email',
    en: 'the public contact e-mail listed in WHOIS',
  },
  gtld: {
    ja: 'WHOIS の「Administrative Contact」の登録Email',
    en: 'the Administrative Contact e-mail listed in WHOIS',
  },
  unknown: {
    ja: 'WHOIS に掲載の連絡先(ドメインの種別により異なります。担当者が確認します)',
    en: 'the contact listed in WHOIS (depends on the domain type; the desk will confirm)',
  },
};

/** The approver role for a stored (normalized) common name; the registrable domain comes from the Public Suffix List. */
export function approverRole(commonName: string): ApproverRole {
  const host = commonName.replace(/^\*\./, '');
  const info = parse(host, { allowPrivateDomains: false });
  if (!info.isIcann || !info.domain || !info.publicSuffix) return 'unknown';
  const suffix = info.publicSuffix.split('.');
  if (suffix[suffix.length - 1] === 'jp') {
    if (suffix.length === 1) return 'general_jp';
    if (suffix.length === 2 && ATTRIBUTE_JP.has(suffix[0]!)) return 'attribute_jp';
    // Geographic-type JP (example.tokyo.jp, city.shibuya.tokyo.jp): same WHOIS contact as general-purpose JP.
    return 'general_jp';
  }
  // A single-label suffix that is not a two-letter country code is a generic TLD (.com, .net, .tokyo…).
  if (suffix.length === 1 && /^[a-z]{3,}$/.test(suffix[0]!) && suffix[0] !== 'arpa') return 'gtld';
  return 'unknown';
}

/** The registrable domain (for WHOIS look-ups), or null when the PSL does not know it. */
export function registrableDomain(commonName: string): string | null {
  const info = parse(commonName.replace(/^\*\./, ''), { allowPrivateDomains: false });
  return info.isIcann ? (info.domain ?? null) : null;
}
