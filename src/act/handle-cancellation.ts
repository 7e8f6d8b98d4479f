import { isClosed } from '../domain/order.js';
import { openApplication, openApplicationOf, formatApplicationId } from '../domain/change-applications.js';
import type { Order } from '../domain/order.js';
import { applyEvent } from '../domain/transitions.js';
import { cancellationReceivedMail, needsInfoMail, type Problem } from '../outbox/mail-data.js';
import type { ActContext, ActResult } from './act-context.js';
import { replaceOrder } from './record-step.js';

/**
 * A cancellation request from the order's contact (the trust stage turned
 * everyone else away), complete (a common name that matches, and a reason)
 * → the order goes to cancel_requested, a change application opens, the
 * registered contact is told once. It stays a request until staff confirm.
 */
export function handleCancellation(ctx: ActContext, order: Order, matchedBy: string): ActResult {
  const { analysis, message, record, draft, now } = ctx;

  // A valid reply that names another certificate is not taken for this one.
  if (analysis.commonName && analysis.commonName !== order.commonName) {
    const other = draft.orders.find((o) => o.commonName === analysis.commonName && o.id !== order.id);
    const problems: Problem[] = [{ code: 'common-name-mismatch', given: analysis.commonName, ours: order.commonName }];
    return {
      outcome: 'common-name-mismatch',
      orderId: order.id,
      note: `names ${analysis.commonName}${other ? ` (order ${other.id})` : ''}, but ${matchedBy} of ${order.id} (${order.commonName})`,
      reply: needsInfoMail(order, problems, record.id, message.messageId),
    };
  }
  if (isClosed(order))
    return { outcome: 'order-closed', orderId: order.id, note: `${order.id} is already ${order.status}` };
  if (order.status === 'cancel_requested') {
    replaceOrder(draft, noteRepeat(order, analysis.reason, now));
    return {
      outcome: 'cancellation-duplicate',
      orderId: order.id,
      note: `${order.id} already has a cancellation request; recorded, not acknowledged again`,
    };
  }
  const problems: Problem[] = [];
  if (!analysis.commonName) problems.push({ code: 'common-name-missing' });
  if (!analysis.reason) problems.push({ code: 'reason-missing' });
  if (problems.length)
    return {
      outcome: 'needs-info',
      orderId: order.id,
      note: `cancellation of ${order.id} without ${problems.map((p) => (p.code === 'reason-missing' ? 'reason' : 'common name')).join(' and ')}`,
      reply: needsInfoMail(order, problems, record.id, message.messageId),
    };

  const open = openApplicationOf(draft.applications, order.contractId);
  if (open)
    return {
      outcome: 'change-application-open',
      orderId: order.id,
      note: `contract ${order.contractId} already has ${open.id} (${open.kind} of ${open.orderId}) open`,
    };
  draft.counters.application += 1;
  draft.applications.push(
    openApplication(
      draft.applications,
      { contractId: order.contractId, orderId: order.id, kind: 'cancellation', detail: { inbound: record.id } },
      formatApplicationId(draft.counters.application),
      now,
    ),
  );
  const next = applyEvent(
    order,
    {
      type: 'cancel_requested',
      reason: analysis.reason,
      rawMail: `raw/${record.rawSha256.slice(0, 2)}/${record.rawSha256}.eml`,
    },
    now,
    message.from!.address,
  );
  replaceOrder(draft, next);
  return {
    outcome: 'cancellation-requested',
    orderId: order.id,
    note: `${order.id} cancel requested (${matchedBy}): ${analysis.reason}`,
    reply: cancellationReceivedMail(next, analysis.reason!, message.messageId),
  };
}

function noteRepeat(order: Order, reason: string | null, now: Date): Order {
  return {
    ...order,
    history: [
      ...order.history,
      {
        at: now.toISOString(),
        event: 'cancel_request_repeated',
        from: order.status,
        to: order.status,
        ...(reason ? { detail: reason } : {}),
      },
    ],
  };
}
