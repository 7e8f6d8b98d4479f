/**
 * Every mail the desk sends. `answer` mails reply to a mail a person sent
 * (RFC 3834 Auto-Submitted: auto-replied); the others are notices
 * (auto-generated). `replyable` mails invite a reply, so they carry the
 * signed Reply-To token when plus-addressing is on.
 */
export const MAIL_KINDS = {
  'setup-completion': { audience: 'customer', answer: false, replyable: true },
  'cancellation-received': { audience: 'customer', answer: true, replyable: true },
  'cancellation-needs-info': { audience: 'customer', answer: true, replyable: true },
  'cancellation-confirmed': { audience: 'customer', answer: false, replyable: false },
  'approval-requested': { audience: 'customer', answer: false, replyable: true },
  'approval-reminder': { audience: 'customer', answer: false, replyable: true },
  'approval-expired': { audience: 'customer', answer: false, replyable: true },
  'renewal-reminder': { audience: 'customer', answer: false, replyable: true },
  'documents-requested': { audience: 'customer', answer: false, replyable: true },
  'documents-reminder': { audience: 'customer', answer: false, replyable: true },
  'contact-change-received': { audience: 'customer', answer: true, replyable: true },
  'contact-change-needs-info': { audience: 'customer', answer: true, replyable: true },
  'contact-change-applied': { audience: 'customer', answer: false, replyable: false },
  'contact-change-refused': { audience: 'customer', answer: true, replyable: true },
  'contact-change-confirm': { audience: 'customer', answer: false, replyable: true },
  'contact-change-withdrawn': { audience: 'customer', answer: true, replyable: false },
  'cancellation-withdrawn': { audience: 'customer', answer: true, replyable: true },
  'message-received': { audience: 'customer', answer: true, replyable: true },
  'staff-digest': { audience: 'staff', answer: false, replyable: false },
  'staff-notice': { audience: 'staff', answer: false, replyable: false },
  'staff-command-answer': { audience: 'staff', answer: true, replyable: false },
} as const;

export type MailKind = keyof typeof MAIL_KINDS;
export const MAIL_KIND_NAMES = Object.keys(MAIL_KINDS) as MailKind[];
export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function isMailKind(value: string): value is MailKind {
  return value in MAIL_KINDS;
}
