import { openApplicationOf } from '../domain/change-applications.js';
import type { Contact, Order } from '../domain/order.js';
import { enqueueMail, type MailContext } from '../outbox/enqueue-mail.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import type { StoreData } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { applyContactChange, openContactChange } from './apply-contact-change.js';
import { findOrder } from './record-step.js';

/**
 * Staff change an order's contact: completing a contact-change application
 * that waits for them (asked by mail by someone who is not the contact), or
 * opening and completing one at once. Refused (ChangeApplicationOpen) while
 * a cancellation of the contract is open. Old and new contact are told.
 */
export function staffContactChange(
  store: Store,
  id: string,
  next: Contact,
  now: Date,
  mail: MailContext,
  by = 'staff',
): Promise<{ orders: Order[]; mails: OutboxEntry[]; applicationId: string }> {
  return store.transaction((draft) => staffContactChangeIn(draft, id, next, now, mail, by));
}

/** The same, on a transaction's draft. */
export function staffContactChangeIn(
  draft: StoreData,
  id: string,
  next: Contact,
  now: Date,
  mail: MailContext,
  by: string,
): { orders: Order[]; mails: OutboxEntry[]; applicationId: string } {
  const order = findOrder(draft, id);
  const open = openApplicationOf(draft.applications, order.contractId);
  const application = open?.kind === 'contact_change' ? open : openContactChange(draft, order, next, by, now);
  const applied = applyContactChange(draft, application, order, next, by, now);
  // `filter` drafts only the records it returns; a `for…of` on the draft would draft every mail ever taken.
  // The mails that asked for it and wait for staff (from someone not the contact, or unproven).
  const held = draft.inbound.filter(
    (r) =>
      r.status === 'held' &&
      (r.outcome === 'contact-change-held' || r.intent === 'contact_change') &&
      !r.resolvedAt &&
      r.orderId &&
      applied.orders.some((o) => o.id === r.orderId),
  );
  for (const r of held) r.resolvedAt = now.toISOString();
  return {
    orders: applied.orders,
    mails: applied.mails.map((m) => enqueueMail(draft, m, mail, now)),
    applicationId: application.id,
  };
}
