import { z } from 'zod';

const instant = z.iso.datetime({ offset: true });

/** Named outcomes of reading one inbound mail; each is shown to staff with its words (see act/outcomes.ts). */
export const OUTCOMES = [
  'cancellation-requested',
  'cancellation-duplicate',
  'needs-info',
  'common-name-mismatch',
  'contact-change-applied',
  'contact-change-held',
  'contact-change-needs-info',
  'contact-change-refused',
  'no-matching-order',
  'ambiguous-order',
  'sender-not-contact',
  'authentication-failed',
  'forged-token',
  'change-application-open',
  'order-closed',
  'bounce-recorded',
  'bounce-unmatched',
  'auto-reply-recorded',
  'own-mail-ignored',
  'other-for-staff',
  'unreadable',
  'needs-review',
  'withdrawal-applied',
  'withdrawal-nothing-open',
  'withdrawal-unproven',
  'several-senders',
  'contact-change-confirming',
  'contact-change-declined',
  'confirmation-unclear',
  'staff-command-done',
  'staff-command-refused',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * One inbound message: kept raw first (rawSha256 names the file under
 * data/raw/), then processed. `received` means stored but not yet processed
 * (a crash in between is picked up at the next start).
 */
export const InboundRecord = z.object({
  id: z.string().regex(/^I-\d{4,}$/),
  rawSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The mail as its author wrote it (trace headers left out): two copies of one mail share it. */
  contentSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable()
    .default(null),
  /** An earlier mail with the same Message-ID but other content: shown to staff. */
  sameMessageIdAs: z.string().nullable().default(null),
  size: z.number().int().min(0),
  messageId: z.string().nullable(),
  via: z.enum(['smtp', 'lmtp', 'imap', 'pipe']),
  envelopeFrom: z.string().nullable(),
  envelopeTo: z.array(z.string()),
  receivedAt: instant,
  status: z.enum(['received', 'processed', 'held', 'quarantined']),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  intent: z.string().nullable(),
  orderId: z.string().nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  /** Why, in a line: what staff read in the digest. */
  note: z.string().nullable(),
  why: z.array(z.string()),
  /** Each trust check's verdict ("registered-contact=pass (…)"), for a mail that asked for an action. */
  trust: z.array(z.string()).default([]),
  processedAt: instant.nullable(),
  /** Set when staff dealt with a held mail. */
  resolvedAt: instant.nullable(),
  /** When staff were told of it by an instant notice (CERTDESK_STAFF_NOTIFY=instant). */
  staffNotifiedAt: instant.nullable().default(null),
});
export type InboundRecord = z.infer<typeof InboundRecord>;

/** What the IMAP consumer remembers between runs. */
export const ImapState = z.object({
  mailbox: z.string(),
  uidValidity: z.string().nullable(),
  lastUid: z.number().int().min(0),
  lastSyncAt: instant.nullable(),
  lastError: z.string().nullable(),
  /** Since when the last error stands (cleared by the next good sync). */
  lastErrorAt: instant.nullable().default(null),
});
export type ImapState = z.infer<typeof ImapState>;

/** Automatic answers sent, to answer one sender at most once per kind per day. */
export const AnswerLogEntry = z.object({ sender: z.string(), kind: z.string(), day: z.string() });

/** Addresses that bounced: the contact may be out of date. */
export const SuspectAddress = z.object({
  address: z.string(),
  since: instant,
  why: z.string(),
  outboxId: z.string().nullable(),
});
