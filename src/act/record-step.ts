import { OrderNotFound } from '../domain/errors.js';
import type { Order } from '../domain/order.js';
import { applyEvent, type OrderEvent } from '../domain/transitions.js';
import { enqueueMail, type MailContext, type MailRequest } from '../outbox/enqueue-mail.js';
import { setupCompletionMail } from '../outbox/mail-data.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import type { StoreData } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { findById, indexById } from '../store/find-by-id.js';

export function findOrder(data: StoreData, id: string): Order {
  const order = findById(data.orders, id.toUpperCase());
  if (!order) throw new OrderNotFound(id);
  return order;
}

/** Replace an order inside a transaction's draft with its next version. */
export function replaceOrder(draft: StoreData, next: Order): void {
  const i = indexById(draft.orders, next.id);
  draft.orders[i] = next;
}

/** The mails a step causes: installing a certificate (first or renewed) sends the setup-completion mail. */
function mailsForStep(event: OrderEvent, before: Order, after: Order): MailRequest[] {
  if (
    event.type === 'installed' &&
    after.status === 'installed' &&
    after.steps.installedAt !== before.steps.installedAt
  )
    return [setupCompletionMail(after)];
  return [];
}

/**
 * A staff step on one order (documents received, approval requested, …),
 * applied under the store's lock together with the mails it causes: both are
 * written, or neither.
 */
export function recordStep(
  store: Store,
  id: string,
  event: OrderEvent,
  now: Date,
  mail: MailContext,
  by = 'staff',
): Promise<{ order: Order; mails: OutboxEntry[] }> {
  return store.transaction((draft) => {
    const before = findOrder(draft, id);
    const order = applyEvent(before, event, now, by);
    replaceOrder(draft, order);
    const mails = mailsForStep(event, before, order).map((m) => enqueueMail(draft, m, mail, now));
    return { order, mails };
  });
}
