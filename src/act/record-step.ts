import { NothingToUndo } from '../domain/errors.js';
import { formatJstTime } from '../domain/jst.js';
import type { Order, OrderHistoryEntry } from '../domain/order.js';
import { applyEvent, type OrderEvent } from '../domain/transitions.js';
import { enqueueMail, type MailContext, type MailRequest } from '../outbox/enqueue-mail.js';
import { setupCompletionMail } from '../outbox/mail-data.js';
import { approvalRequestedMail, documentsRequestedMail } from '../outbox/reminder-mail.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import type { StoreData } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { findById, findOrder, indexById } from '../store/find-by-id.js';

export { findOrder };

/** Replace an order inside a transaction's draft with its next version. */
export function replaceOrder(draft: StoreData, next: Order): void {
  const i = indexById(draft.orders, next.id);
  draft.orders[i] = next;
}

/**
 * The mails a step causes, so the customer hears at the start of each step:
 * the approval mail is on its way (with its deadline), documents are needed
 * (what and where to), the certificate is installed (the completion mail).
 */
function mailsForStep(event: OrderEvent, before: Order, after: Order): MailRequest[] {
  switch (event.type) {
    case 'installed':
      // Held while the server is not seen serving the issued certificate: `order verify` sends it then.
      return after.status === 'installed' &&
        after.steps.installedAt !== before.steps.installedAt &&
        after.install?.state !== 'held'
        ? [setupCompletionMail(after)]
        : [];
    case 'install_checked':
      return after.install?.state !== 'held' ? [setupCompletionMail(after)] : [];
    case 'approval_requested': {
      const notice = approvalRequestedMail(after);
      return notice ? [notice] : [];
    }
    case 'documents_requested':
      return [documentsRequestedMail(after)];
    default:
      return [];
  }
}

/** Who did a staff step, and their words with it. */
export interface StaffAct {
  by: string;
  note?: string | undefined;
}

/** What an order was before a staff step (a plain copy): what `order undo` puts back. */
export function priorOf(o: Order): NonNullable<OrderHistoryEntry['prior']> {
  return JSON.parse(
    JSON.stringify({
      status: o.status,
      cycle: o.cycle,
      steps: o.steps,
      renewal: o.renewal,
      cancellation: o.cancellation,
      certificate: o.certificate,
      install: o.install,
    }),
  ) as NonNullable<OrderHistoryEntry['prior']>;
}

/**
 * A staff step on one order (documents received, approval requested, …),
 * applied under the store's lock together with the mails it causes: both are
 * written, or neither. The history entry keeps what the order was before
 * and which mails the step queued, so `order undo` can take it back.
 */
export function recordStep(
  store: Store,
  id: string,
  event: OrderEvent,
  now: Date,
  mail: MailContext,
  act: StaffAct | string = 'staff',
): Promise<{ order: Order; mails: OutboxEntry[] }> {
  const { by, note } = typeof act === 'string' ? { by: act, note: undefined } : act;
  return store.transaction((draft) => {
    const before = findOrder(draft, id);
    const order = applyEvent(before, event, now, by);
    const mails = mailsForStep(event, before, order).map((m) => enqueueMail(draft, m, mail, now));
    const entry = order.history.at(-1)!;
    entry.prior = priorOf(before);
    if (note) entry.note = note;
    const queued = mails.filter((m) => m.createdAt === now.toISOString()).map((m) => m.id);
    if (queued.length) entry.mails = queued;
    replaceOrder(draft, order);
    return { order, mails };
  });
}

/** The step `order undo` would take back: the last one not yet undone, when it was a staff step. */
export function undoableStep(order: Order): OrderHistoryEntry | null {
  for (let i = order.history.length - 1; i >= 0; i--) {
    const h = order.history[i]!;
    if (h.event === 'undone' || h.undoneAt) continue;
    return h.prior ? h : null;
  }
  return null;
}

/**
 * Takes the order's last staff step back: the order as it was before it,
 * and the mails it queued withdrawn when they have not gone yet (those that
 * went are named: a mail cannot be unsent). Recorded in the history with
 * who and why.
 */
export function undoStep(
  store: Store,
  id: string,
  now: Date,
  act: StaffAct,
): Promise<{ order: Order; undid: OrderHistoryEntry; withdrawn: string[]; alreadySent: string[] }> {
  return store.transaction((draft) => {
    const order: Order = JSON.parse(JSON.stringify(findOrder(draft, id))) as Order;
    const step = undoableStep(order);
    if (!step) {
      const last = order.history.at(-1)!;
      throw new NothingToUndo(
        order.id,
        last.event === 'received' ? 'it has had no step yet' : `its last step (${last.event}) did not come from staff`,
      );
    }
    const from = order.status;
    Object.assign(order, JSON.parse(JSON.stringify(step.prior)) as object);
    // Facts the order did not have before the step (a certificate read, an install check) go with it.
    for (const k of ['certificate', 'install'] as const) if (step.prior && !step.prior[k]) delete order[k];
    step.undoneAt = now.toISOString();
    const withdrawn: string[] = [];
    const alreadySent: string[] = [];
    for (const mailId of step.mails ?? []) {
      const e = findById(draft.outbox, mailId);
      if (!e) continue;
      if (e.status === 'pending' || e.status === 'failed') {
        e.status = 'withdrawn';
        e.lastError = `${step.event} undone`;
        withdrawn.push(e.id);
      } else if (e.status !== 'withdrawn') alreadySent.push(e.id);
    }
    order.history.push({
      at: now.toISOString(),
      event: 'undone',
      from,
      to: order.status,
      by: act.by,
      detail: `undid ${step.event} of ${formatJstTime(step.at)}${withdrawn.length ? `; withdrew ${withdrawn.join(', ')}` : ''}${alreadySent.length ? `; already sent: ${alreadySent.join(', ')}` : ''}`,
      ...(act.note ? { note: act.note } : {}),
    });
    replaceOrder(draft, order);
    return { order, undid: step, withdrawn, alreadySent };
  });
}
