import { isClosed } from './order.js';
import { sameAddress } from './addresses.js';
import type { Contact, Order } from './order.js';

/** The order with its contact person replaced; the change stays in its history. */
export function changeContact(order: Order, next: Contact, now: Date, by: string): Order {
  const before = order.contact;
  return {
    ...order,
    contact: next,
    history: [
      ...order.history,
      {
        at: now.toISOString(),
        event: 'contact_changed',
        from: order.status,
        to: order.status,
        by,
        detail: `${before.name} <${before.email}> ${before.phone} → ${next.name} <${next.email}> ${next.phone}`,
      },
    ],
  };
}

/** The orders a contact change of `order` applies to: the open orders of its contract that the same person is contact of. */
export function ordersOfContact(orders: readonly Order[], order: Order): Order[] {
  return orders.filter(
    (o) => o.contractId === order.contractId && !isClosed(o) && sameAddress(o.contact.email, order.contact.email),
  );
}
