import { z } from 'zod';
import { MAIL_KIND_NAMES } from './mail-kinds.js';

const instant = z.iso.datetime({ offset: true });

/**
 * One mail in the outbox. pending → sending (leased) → sent, or failed
 * (permanent SMTP answer, or out of attempts), or back to pending with a
 * later nextAttemptAt (temporary failure). `key` is the logical mail's
 * idempotency key (order, kind, cycle, …): queuing the same key again is a no-op.
 */
export const OutboxEntry = z.object({
  id: z.string().regex(/^M-\d{4,}$/),
  key: z.string().min(1),
  kind: z.enum(MAIL_KIND_NAMES as [string, ...string[]]),
  orderId: z.string().nullable(),
  locale: z.enum(['ja', 'en']),
  from: z.string(),
  to: z.array(z.string()).min(1),
  replyTo: z.string().nullable(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  messageId: z.string(),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  autoSubmitted: z.enum(['auto-generated', 'auto-replied']),
  // withdrawn: taken back by `order undo` before it went.
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'bounced', 'withdrawn']),
  attempts: z.number().int().min(0),
  createdAt: instant,
  nextAttemptAt: instant,
  leaseUntil: instant.nullable(),
  /** `host:pid` of the process holding the lease: a lease of a process that died can be taken at once. */
  leaseOwner: z.string().nullable().default(null),
  sentAt: instant.nullable(),
  /** Where the sent copy went: the SMTP answer, or the .eml file written. */
  deliveredTo: z.string().nullable(),
  lastError: z.string().nullable(),
  bouncedAt: instant.nullable(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;
export type OutboxStatus = OutboxEntry['status'];
