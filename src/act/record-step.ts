import { OrderNotFound } from '../domain/errors.js';
import type { Order } from '../domain/order.js';
import { applyEvent, type OrderEvent } from '../domain/transitions.js';
import type { StoreData } from '../store/schema.js';
import type { Store } from '../store/store.js';

export function findOrder(data: StoreData, id: string): Order {
  const order = data.orders.find((o) => o.id === id.toUpperCase());
  if (!order) throw new OrderNotFound(id);
  return order;
}

/** Replace an order inside a transaction's draft with its next version. */
export function replaceOrder(draft: StoreData, next: Order): void {
  const i = draft.orders.findIndex((o) => o.id === next.id);
  draft.orders[i] = next;
}

/** A staff step on one order (documents received, approval requested, …), applied under the store's lock. */
export function recordStep(store: Store, id: string, event: OrderEvent, now: Date, by = 'staff'): Promise<Order> {
  return store.transaction((draft) => {
    const next = applyEvent(findOrder(draft, id), event, now, by);
    replaceOrder(draft, next);
    return next;
  });
}
