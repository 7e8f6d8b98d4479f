import { displayCommonName } from '../domain/common-name.js';
import type { Order } from '../domain/order.js';
import { viewOrder, type OrderLineView } from '../domain/order-view.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';

/**
 * What a staff action says it did, in one place: `certdesk` prints these
 * lines, and the answer to a staff command by mail quotes the same ones.
 */
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function orderLine(v: OrderLineView): string {
  const due = v.approvalDeadline
    ? ` approve by ${v.approvalDeadline}`
    : v.renewalDate
      ? ` renew by ${v.renewalDate}`
      : '';
  return `${pad(v.id, 8)} ${pad(v.status, 20)} ${pad(v.validation, 3)} ${pad(v.contractId, 10)} ${displayCommonName(v.commonName)}${due}`;
}

export const queuedLine = (m: Pick<OutboxEntry, 'kind' | 'id' | 'to'>) =>
  `  queued ${m.kind} mail ${m.id} to ${m.to.join(', ')}`;

/** A cancellation decided: the order as it is now, and the mail that went with it. */
export const decidedWords = (order: Order, mails: OutboxEntry[], now: Date) => [
  orderLine(viewOrder(order, now)),
  ...mails.map(queuedLine),
];

/** A contact change applied: the application, every order it reached, the mails to old and new contact. */
export const contactChangedWords = (
  done: { applicationId: string; orders: Order[]; mails: OutboxEntry[] },
  now: Date,
) => [
  `${done.applicationId} completed`,
  ...done.orders.map((o) => orderLine(viewOrder(o, now))),
  ...done.mails.map(queuedLine),
];

export const resolvedWords = (id: string) => [`${id} resolved`];
export const refusedChangeWords = (id: string, why: string) => [`${id} refused: ${why}`];
export const retriedWords = (id: string) => [
  `${id} queued again; the running service sends it (or: certdesk outbox send)`,
];
