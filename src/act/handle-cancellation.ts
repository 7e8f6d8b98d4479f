import { openApplication, openApplicationOf, formatApplicationId } from '../domain/change-applications.js';
import type { Order } from '../domain/order.js';
import { applyEvent } from '../domain/transitions.js';
import { authorizeSender } from '../match/authorize.js';
import type { OrderMatch } from '../match/match-order.js';
import { cancellationReceivedMail, needsInfoMail, type Problem } from '../outbox/mail-data.js';
import type { ActContext, ActResult } from './act-context.js';
import { replaceOrder } from './record-step.js';

/**
 * A cancellation request: matched to an order, from its contact, complete
 * (common name that matches, and a reason) → the order goes to
 * cancel_requested, a change application opens, the customer is told once.
 */
export function handleCancellation(ctx: ActContext, match: OrderMatch): ActResult {
  const { analysis, message, record, draft, now } = ctx;
  if (match.kind === 'none') return { outcome: 'no-matching-order', orderId: null, note: match.detail };
  if (match.kind === 'ambiguous') return { outcome: 'ambiguous-order', orderId: null, note: match.detail };
  if (match.kind === 'forged-token') return { outcome: 'forged-token', orderId: null, note: match.detail };
  const order = match.order;
  const auth = authorizeSender(
    order,
    message.from?.address ?? null,
    message.headers.get('authentication-results') ?? [],
    ctx.policy,
  );
  if (!auth.ok) return { outcome: auth.rule, orderId: order.id, note: auth.detail };

  // A valid reply that names another certificate is not taken for this one.
  if (analysis.commonName && analysis.commonName !== order.commonName) {
    const other = draft.orders.find((o) => o.commonName === analysis.commonName && o.id !== order.id);
    const problems: Problem[] = [{ code: 'common-name-mismatch', given: analysis.commonName, ours: order.commonName }];
    return {
      outcome: 'common-name-mismatch',
      orderId: order.id,
      note: `names ${analysis.commonName}${other ? ` (order ${other.id})` : ''}, but ${match.detail} of ${order.id} (${order.commonName})`,
      reply: needsInfoMail(order, message.from!.address, problems, record.id, message.messageId),
    };
  }
  if (order.status === 'cancelled')
    return { outcome: 'order-closed', orderId: order.id, note: `${order.id} is already cancelled` };
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
      reply: needsInfoMail(order, message.from!.address, problems, record.id, message.messageId),
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
    note: `${order.id} cancel requested (${match.detail}): ${analysis.reason}`,
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
