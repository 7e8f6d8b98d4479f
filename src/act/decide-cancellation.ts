import { closeApplication } from '../domain/change-applications.js';
import type { Order } from '../domain/order.js';
import { applyEvent } from '../domain/transitions.js';
import { enqueueMail, type MailContext } from '../outbox/enqueue-mail.js';
import { cancellationConfirmedMail } from '../outbox/mail-data.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import type { StoreData } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { findOrder, replaceOrder } from './record-step.js';

/**
 * Staff decide a cancellation request: confirmed → the order is cancelled and
 * the customer told; rejected → the order returns to where it was (the why
 * is kept in its history). Either way the contract's change application
 * closes, so the next one can be made.
 */
export function decideCancellation(
  store: Store,
  id: string,
  decision: { confirm: true } | { confirm: false; why: string },
  now: Date,
  mail: MailContext,
  by = 'staff',
): Promise<{ order: Order; mails: OutboxEntry[] }> {
  return store.transaction((draft) => decideCancellationIn(draft, id, decision, now, mail, by));
}

/** The same, on a transaction's draft (a staff command by mail decides inside the mail's own transaction). */
export function decideCancellationIn(
  draft: StoreData,
  id: string,
  decision: { confirm: true } | { confirm: false; why: string },
  now: Date,
  mail: MailContext,
  by: string,
): { order: Order; mails: OutboxEntry[] } {
  const before = findOrder(draft, id);
  const order = applyEvent(
    before,
    decision.confirm ? { type: 'cancel_confirmed' } : { type: 'cancel_rejected', why: decision.why },
    now,
    by,
  );
  replaceOrder(draft, order);
  const i = draft.applications.findIndex(
    (a) => a.orderId === order.id && a.kind === 'cancellation' && a.status === 'open',
  );
  if (i >= 0)
    draft.applications[i] = closeApplication(draft.applications[i]!, decision.confirm ? 'completed' : 'rejected', now);
  const mails = decision.confirm ? [enqueueMail(draft, cancellationConfirmedMail(order), mail, now)] : [];
  return { order, mails };
}
