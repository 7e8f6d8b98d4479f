/**
 * The words a staff member writes at the top of a reply to act on an item
 * of the digest or of a notice, one row per verb and language: a new
 * phrasing is a row here (and a case in test/extract/staff-commands.test.ts).
 * Matched on a line folded to ASCII width and lower case.
 */
export const STAFF_VERBS = ['approve', 'reject', 'resolve', 'retry'] as const;
export type StaffVerb = (typeof STAFF_VERBS)[number];

export const VERB_WORDS: ReadonlyArray<readonly [StaffVerb, 'en' | 'ja', readonly string[]]> = [
  ['approve', 'en', ['confirm', 'apply', 'approve']],
  ['approve', 'ja', ['承認', '確定', '適用']],
  ['reject', 'en', ['reject', 'refuse', 'decline']],
  ['reject', 'ja', ['却下', '拒否', '不承認']],
  ['resolve', 'en', ['resolve', 'resolved', 'done']],
  ['resolve', 'ja', ['対応済み', '対応済', '解決']],
  ['retry', 'en', ['retry', 'resend']],
  ['retry', 'ja', ['再送', '再送信']],
];

/** What each kind of id names, and the verbs it takes. */
export const TARGETS = {
  C: { what: 'order', digits: 4, verbs: ['approve', 'reject'] },
  A: { what: 'change application', digits: 4, verbs: ['approve', 'reject'] },
  I: { what: 'inbound mail', digits: 6, verbs: ['resolve'] },
  M: { what: 'outgoing mail', digits: 6, verbs: ['retry'] },
} as const satisfies Record<string, { what: string; digits: number; verbs: readonly StaffVerb[] }>;
export type TargetKind = keyof typeof TARGETS;
