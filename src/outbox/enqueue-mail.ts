import { randomBytes } from 'node:crypto';
import type { StoreData } from '../store/schema.js';
import { MAIL_KINDS, type Locale, type MailKind } from './mail-kinds.js';
import type { OutboxEntry } from './outbox-entry.js';
import { addQueued, queuedEntry } from './queued-keys.js';
import { renderMail } from './render.js';
import { plusAddress, signReplyToken } from './reply-token.js';

/** What every outgoing mail needs from the configuration. */
export interface MailContext {
  deskAddress: string;
  deskName: string;
  /** The desk's name in English mails (default: Biz Mail & Web SSL Desk). */
  deskNameEn?: string;
  /** The phone line of every signature, and when it is answered; null: no phone line. */
  deskPhone?: string | null;
  deskHours?: string | null;
  secret: string;
  plusAddressing: boolean;
}

/** How the desk signs, in the mail's language. */
export function deskSignature(ctx: MailContext, locale: Locale) {
  return {
    deskName: locale === 'en' ? (ctx.deskNameEn ?? 'Biz Mail & Web SSL Desk') : ctx.deskName,
    deskAddress: ctx.deskAddress,
    deskPhone: ctx.deskPhone ?? null,
    deskHours: ctx.deskHours ?? null,
  };
}

export interface MailRequest {
  /** The logical mail: order, kind, cycle (and what else makes it one mail). Queuing a key twice is a no-op. */
  key: string;
  kind: MailKind;
  orderId: string | null;
  locale: Locale;
  to: string[];
  data: Record<string, unknown>;
  /** The inbound mail this answers: In-Reply-To and References. */
  inReplyTo?: string | null;
  references?: string[];
  /** A Reply-To of its own (a staff mail's signed staff address); else the order's signed reply address. */
  replyTo?: string;
}

export function deskDomain(deskAddress: string): string {
  return deskAddress.slice(deskAddress.lastIndexOf('@') + 1);
}

/** `<c-0042.setup-completion.1763618520.k3j9@desk.example.jp>`: our own, so replies can be matched. */
export function newMessageId(orderId: string | null, kind: string, now: Date, deskAddress: string): string {
  const who = orderId ? orderId.toLowerCase() : 'desk';
  return `<${who}.${kind}.${Math.floor(now.getTime() / 1000)}.${randomBytes(4).toString('hex')}@${deskDomain(deskAddress)}>`;
}

/**
 * Renders the mail and stores it as pending, inside the caller's transaction,
 * so it is queued exactly when the change that causes it is written. Returns
 * the existing entry when the key was queued before. A template that lacks a
 * value throws RenderError, and the whole transaction is abandoned.
 */
export function enqueueMail(draft: StoreData, request: MailRequest, ctx: MailContext, now: Date): OutboxEntry {
  const existing = queuedEntry(draft, request.key);
  if (existing) return existing;
  const rendered = renderMail(request.kind, request.locale, {
    ...request.data,
    ...deskSignature(ctx, request.locale),
  });
  const spec = MAIL_KINDS[request.kind];
  draft.counters.mail += 1;
  const at = now.toISOString();
  const entry: OutboxEntry = {
    id: `M-${String(draft.counters.mail).padStart(6, '0')}`,
    key: request.key,
    kind: request.kind,
    orderId: request.orderId,
    locale: request.locale,
    from: `"${deskSignature(ctx, request.locale).deskName.replace(/["\\\r\n]/g, '')}" <${ctx.deskAddress}>`,
    to: request.to,
    replyTo:
      request.replyTo ??
      (spec.replyable && ctx.plusAddressing && request.orderId
        ? plusAddress(ctx.deskAddress, signReplyToken(request.orderId, ctx.secret))
        : null),
    ...rendered,
    messageId: newMessageId(request.orderId, request.kind, now, ctx.deskAddress),
    inReplyTo: request.inReplyTo ?? null,
    references: request.references ?? (request.inReplyTo ? [request.inReplyTo] : []),
    autoSubmitted: spec.answer ? 'auto-replied' : 'auto-generated',
    status: 'pending',
    attempts: 0,
    createdAt: at,
    nextAttemptAt: at,
    leaseUntil: null,
    leaseOwner: null,
    sentAt: null,
    deliveredTo: null,
    lastError: null,
    bouncedAt: null,
  };
  addQueued(draft, entry);
  return entry;
}
