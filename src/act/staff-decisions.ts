import { closeApplication, type ChangeApplication } from '../domain/change-applications.js';
import { NothingToDecide, RecordNotFound } from '../domain/errors.js';
import type { Contact } from '../domain/order.js';
import type { InboundRecord } from '../inbound/inbound-record.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import { findById } from '../store/find-by-id.js';
import type { StoreData } from '../store/schema.js';

/**
 * Staff decisions on the store's draft, shared by the CLI and staff commands
 * by mail. Each checks everything before it changes anything, so a refusal
 * (a DomainError) leaves the draft as it was.
 */

/** A held or quarantined mail staff dealt with: it leaves the digest. */
export function resolveInbound(draft: StoreData, id: string, now: Date): InboundRecord {
  const record = findById(draft.inbound, id.toUpperCase());
  if (!record) throw new RecordNotFound('inbound mail', id);
  if (record.status !== 'held' && record.status !== 'quarantined' && !record.sameMessageIdAs)
    throw new NothingToDecide(`${record.id} is ${record.status}: nothing to resolve`);
  record.resolvedAt ??= now.toISOString();
  return record;
}

/** A failed or bounced mail, sent again from the start. */
export function retryMail(draft: StoreData, id: string, now: Date): OutboxEntry {
  const e = findById(draft.outbox, id.toUpperCase());
  if (!e) throw new RecordNotFound('outgoing mail', id);
  if (e.status !== 'failed' && e.status !== 'bounced')
    throw new NothingToDecide(`${e.id} is ${e.status}; only failed or bounced mail can be retried`);
  Object.assign(e, {
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    leaseUntil: null,
    leaseOwner: null,
    bouncedAt: null,
  });
  return e;
}

/** An open change application, by id. */
export function openApplication(draft: StoreData, id: string): ChangeApplication {
  const a = findById(draft.applications, id.toUpperCase());
  if (!a) throw new RecordNotFound('change application', id);
  if (a.status !== 'open') throw new NothingToDecide(`${a.id} is ${a.status}: nothing to decide`);
  return a;
}

/** The new contact an open contact-change application asks for. */
export function proposedContact(a: ChangeApplication): Contact {
  const next = (a.detail as { newContact?: Contact } | undefined)?.newContact;
  if (a.kind !== 'contact_change' || !next) throw new NothingToDecide(`${a.id} is not a contact change`);
  return next;
}

/** A contact change staff turn down: closed as rejected, the mails that asked for it resolved. Tell the customer yourself. */
export function refuseContactChange(
  draft: StoreData,
  id: string,
  why: string,
  now: Date,
  by: string,
): ChangeApplication {
  const a = openApplication(draft, id);
  proposedContact(a);
  const i = draft.applications.findIndex((x) => x.id === a.id);
  draft.applications[i] = {
    ...closeApplication(a, 'rejected', now),
    detail: { ...a.detail, rejectedWhy: why, rejectedBy: by },
  };
  const held = draft.inbound.filter(
    (r) => r.status === 'held' && r.orderId === a.orderId && r.intent === 'contact_change' && !r.resolvedAt,
  );
  for (const r of held) r.resolvedAt = now.toISOString();
  return draft.applications[i]!;
}
