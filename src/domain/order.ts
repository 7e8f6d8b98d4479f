import { z } from 'zod';
import { foldWideAscii } from './addresses.js';
import { normalizeCommonName } from './common-name.js';
import { ORGANIZATION_MAX_CHARS, organizationLength } from './organization.js';
import { CertFacts } from './certificate.js';

export const ORDER_STATUSES = [
  'received',
  'documents_pending',
  'approval_pending',
  'phone_check_pending',
  'approved',
  'issued',
  'installed',
  'approval_expired',
  'cancel_requested',
  'cancelled',
  // Entered by mistake: kept for the record, takes no step and gets no mail.
  'void',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** An order that is over: cancelled, or void (entered by mistake). Nothing more happens to it. */
export function isClosed(order: { status: OrderStatus }): boolean {
  return order.status === 'cancelled' || order.status === 'void';
}

/** Where a renewal cycle stands on an installed order (the order itself stays installed). */
export const RENEWAL_STAGES = [
  'approval_pending',
  'phone_check_pending',
  'approved',
  'issued',
  'approval_expired',
] as const;

const isoInstant = z.iso.datetime({ offset: true });

// A phone number as customers write it: digits, hyphens, spaces, brackets, a leading +.
const phone = z
  .string()
  .transform((s) => s.normalize('NFKC').trim())
  .pipe(z.string().regex(/^\+?[0-9][0-9()\- ]{5,22}$/, 'a phone number such as 03-1234-5678'));

// Full-width ASCII folded, nothing else: an address is compared as the mail system does (see addresses.ts).
const email = z
  .string()
  .transform((s) => foldWideAscii(s).trim())
  .pipe(z.email('an e-mail address'));

export const Contact = z.object({
  name: z.string().trim().min(1).max(100),
  email,
  phone,
});
export type Contact = z.infer<typeof Contact>;

const orgField = z.string().trim().min(1);
export const Organization = z
  .object({
    O: orgField,
    OU: orgField.optional(),
    L: orgField,
    ST: orgField,
    C: z.literal('JP'),
  })
  .refine((org) => organizationLength(org) <= ORGANIZATION_MAX_CHARS, {
    message: `O, OU, L, ST and C together must not exceed ${ORGANIZATION_MAX_CHARS} characters`,
  });
export type Organization = z.infer<typeof Organization>;

export const CommonName = z.string().transform((value, ctx) => {
  try {
    return normalizeCommonName(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/** What staff enter for a new order (`order add`, flags or `--file`). */
export const NewOrder = z.object({
  contractId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'a contract id such as K-1001'),
  commonName: CommonName,
  validation: z.enum(['DV', 'OV']),
  organization: Organization,
  contact: Contact,
  locale: z.enum(['ja', 'en']).default('ja'),
});
export type NewOrder = z.infer<typeof NewOrder>;

export const Steps = z.object({
  receivedAt: isoInstant,
  documentsRequestedAt: isoInstant.optional(),
  documentsReceivedAt: isoInstant.optional(),
  approvalRequestedAt: isoInstant.optional(),
  approvedAt: isoInstant.optional(),
  phoneCheckedAt: isoInstant.optional(),
  issuedAt: isoInstant.optional(),
  expiresAt: isoInstant.optional(),
  installedAt: isoInstant.optional(),
  approvalExpiredAt: isoInstant.optional(),
  cancelRequestedAt: isoInstant.optional(),
  cancelledAt: isoInstant.optional(),
});
export type Steps = z.infer<typeof Steps>;

export const Renewal = z.object({
  cycle: z.number().int().min(1),
  stage: z.enum(RENEWAL_STAGES),
  /** Absent for a renewal issued on reused checks (policy.ts): no approval mail was needed. */
  approvalRequestedAt: isoInstant.optional(),
  approvedAt: isoInstant.optional(),
  phoneCheckedAt: isoInstant.optional(),
  issuedAt: isoInstant.optional(),
  expiresAt: isoInstant.optional(),
  approvalExpiredAt: isoInstant.optional(),
  /** The renewal's certificate, read from its file (`order issued --cert`). */
  certificate: CertFacts.optional(),
});
export type Renewal = z.infer<typeof Renewal>;

/**
 * What the install check found: the server serves the issued certificate
 * (verified), it does not or could not be asked (held: the completion mail
 * waits), staff sent it anyway (unverified), or no check was made (off).
 */
export const ServedFinding = z.object({
  kind: z.enum(['replaced', 'expired', 'near-expiry']),
  /** The served certificate it is about: the same finding of the same certificate is made once. */
  fingerprint256: z.string(),
  at: isoInstant,
  detail: z.string(),
  served: CertFacts,
  /** When a digest told staff. */
  reportedAt: isoInstant.optional(),
});
export type ServedFinding = z.infer<typeof ServedFinding>;

export const InstallCheck = z.object({
  state: z.enum(['verified', 'held', 'unverified', 'off']),
  at: isoInstant,
  /** The host asked (with SNI): the common name, or for a wildcard the one staff named (`--host`). */
  host: z.string().optional(),
  /** Why it is held: what the server served instead, or why it could not be asked. */
  problem: z.string().optional(),
  /** What the server served, when it answered. */
  served: CertFacts.optional(),
  /** When the issued certificate was last seen served. */
  seenServedAt: isoInstant.optional(),
  note: z.string().optional(),
  /** When staff were told of the hold (the instant notice). */
  staffNotifiedAt: isoInstant.optional(),
});
export type InstallCheck = z.infer<typeof InstallCheck>;

export const Cancellation = z.object({
  requestedAt: isoInstant,
  reason: z.string().nullable(),
  /** The status to return to when staff reject the request. */
  resumeStatus: OrderStatus,
  /** The raw inbound mail the request came in, when it came by mail. */
  rawMail: z.string().optional(),
  rejectedWhy: z.string().optional(),
  /** When the customer took the request back. */
  withdrawnAt: isoInstant.optional(),
});

export const OrderHistoryEntry = z.object({
  at: isoInstant,
  event: z.string(),
  from: OrderStatus,
  to: OrderStatus,
  by: z.string().optional(),
  detail: z.string().optional(),
  /** Staff's own words with the step (`--note`). */
  note: z.string().optional(),
  /** What the order was before a staff step: what `order undo` puts back. */
  prior: z
    .object({
      status: OrderStatus,
      cycle: z.number().int().min(0),
      steps: Steps,
      renewal: Renewal.nullable(),
      cancellation: Cancellation.nullable(),
      certificate: z.lazy(() => CertFacts).optional(),
      install: z.lazy(() => InstallCheck).optional(),
      /** Before an `order edit`: the facts it corrected. */
      contact: z.lazy(() => Contact).optional(),
      organization: z.lazy(() => Organization).optional(),
    })
    .optional(),
  /** The mails the step queued: `order undo` withdraws those not yet sent. */
  mails: z.array(z.string()).optional(),
  /** Set on a step that `order undo` took back. */
  undoneAt: isoInstant.optional(),
});
export type OrderHistoryEntry = z.infer<typeof OrderHistoryEntry>;

/**
 * How JPRS checks the domain this time (DOMAIN.md, "who receives the
 * approval mail now"): a mail to a constructed address at the domain or to
 * the DNS contact (`to` when the desk knows which), a DNS record, a file on
 * the web server, or — only before 2025-07-15 — the WHOIS address.
 */
export const APPROVAL_METHODS = ['email', 'dns', 'http', 'whois'] as const;
export const ApprovalMethod = z.object({
  method: z.enum(APPROVAL_METHODS),
  to: z.string().optional(),
  /** Which mailbox an e-mail approval goes to, when the desk knows: a constructed address, or the DNS TXT contact. */
  via: z.enum(['constructed', 'dns-txt']).optional(),
});

/** The names staff may also type for a method (the CA/B Forum's words): what each one is. */
export const APPROVAL_METHOD_ALIASES: Record<string, ApprovalMethod> = {
  constructed: { method: 'email', via: 'constructed' },
  'dns-txt': { method: 'email', via: 'dns-txt' },
  file: { method: 'http' },
};
export type ApprovalMethod = z.infer<typeof ApprovalMethod>;

/** WHOIS mail approval ended with ballot SC-080 (JPRS: July 2025). */
export const WHOIS_APPROVAL_ENDED = Date.UTC(2025, 6, 15);

export const Order = z.object({
  id: z.string().regex(/^C-\d{4,}$/),
  contractId: z.string(),
  commonName: z.string(),
  validation: z.enum(['DV', 'OV']),
  organization: Organization,
  contact: Contact,
  locale: z.enum(['ja', 'en']),
  status: OrderStatus,
  /** 0 for the first certificate, n after the n-th renewal was installed. */
  cycle: z.number().int().min(0),
  steps: Steps,
  renewal: Renewal.nullable(),
  cancellation: Cancellation.nullable(),
  /** The method of the latest approval request (first issue or renewal). */
  approval: ApprovalMethod.optional(),
  /** The installed certificate, read from its file (`order issued --cert`). */
  certificate: CertFacts.optional(),
  /** The install check of the current certificate (issue 15: installed is verified, not assumed). */
  install: InstallCheck.optional(),
  /** What the daily watch of the served certificate found, each once per certificate (watch-served.ts). */
  servedFindings: z.array(z.lazy(() => ServedFinding)).optional(),
  history: z.array(OrderHistoryEntry),
});
export type Order = z.infer<typeof Order>;

export function formatOrderId(n: number): string {
  return `C-${String(n).padStart(4, '0')}`;
}

export function createOrder(input: NewOrder, id: string, now: Date): Order {
  const at = now.toISOString();
  return {
    id,
    ...input,
    status: 'received',
    cycle: 0,
    steps: { receivedAt: at },
    renewal: null,
    cancellation: null,
    history: [{ at, event: 'received', from: 'received', to: 'received' }],
  };
}

/** After installation, cancelling still costs the certificate fee and the SSL setup fee. */
export function cancellationFeesApply(order: Order): boolean {
  return order.steps.installedAt !== undefined;
}
