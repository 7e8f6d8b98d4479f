import { OrderNotFound } from '../domain/errors.js';
import type { Order } from '../domain/order.js';
import type { StoreData } from './schema.js';
/**
 * Where the record with this id is, in a list whose records are numbered as
 * they are added and never removed (C-0001, I-000123, M-000123): looked for
 * at its number's place first, then by a scan (a record imported, or a list
 * numbered otherwise). A lookup per mail, instead of a walk through every
 * mail ever taken or sent. -1 when there is none.
 */
export function indexById(list: ReadonlyArray<{ id: string }>, id: string): number {
  const n = Number(id.slice(id.indexOf('-') + 1));
  if (Number.isSafeInteger(n) && n > 0 && list[n - 1]?.id === id) return n - 1;
  return list.findIndex((r) => r.id === id);
}

/** The record with this id (see indexById). */
export function findById<T extends { id: string }>(list: readonly T[], id: string): T | undefined {
  const i = indexById(list, id);
  return i < 0 ? undefined : list[i];
}

/** An order of the store by id (as staff type it), or OrderNotFound. */
export function findOrder(data: Pick<StoreData, 'orders'>, id: string): Order {
  const order = findById(data.orders, id.toUpperCase());
  if (!order) throw new OrderNotFound(id);
  return order;
}
