import { createOrder, formatOrderId, type NewOrder, type Order } from '../domain/order.js';
import type { Store } from '../store/store.js';

/** Store a new order under the next free id (C-0001, C-0002, …). */
export function addOrder(store: Store, input: NewOrder, now: Date): Promise<Order> {
  return store.transaction((draft) => {
    draft.counters.order += 1;
    const order = createOrder(input, formatOrderId(draft.counters.order), now);
    draft.orders.push(order);
    return order;
  });
}
