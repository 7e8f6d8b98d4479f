import { assertNoOpenApplication } from '../domain/change-applications.js';
import { displayCommonName } from '../domain/common-name.js';
import { CommonNameInUse } from '../domain/errors.js';
import { createOrder, formatOrderId, isClosed, type NewOrder, type Order } from '../domain/order.js';
import type { Store } from '../store/store.js';

/**
 * Store a new order under the next free id (C-0001, C-0002, …). Refused
 * while the contract has an open change application (one change at a time,
 * DOMAIN.md), and, unless `force`, when the common name is already an open
 * order of another contract (a typo, or a certificate someone else holds).
 */
export function addOrder(store: Store, input: NewOrder, now: Date, options: { force?: boolean } = {}): Promise<Order> {
  return store.transaction((draft) => {
    assertNoOpenApplication(draft.applications, input.contractId);
    const other = draft.orders.find(
      (o) => o.commonName === input.commonName && o.contractId !== input.contractId && !isClosed(o),
    );
    if (other && !options.force)
      throw new CommonNameInUse(displayCommonName(input.commonName), other.id, other.contractId);
    draft.counters.order += 1;
    const order = createOrder(input, formatOrderId(draft.counters.order), now);
    draft.orders.push(order);
    return order;
  });
}
