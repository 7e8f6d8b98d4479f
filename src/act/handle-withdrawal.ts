import { closeApplication } from '../domain/change-applications.js';
import type { Contact, Order } from '../domain/order.js';
import { applyEvent } from '../domain/transitions.js';
import { dateIn, orderBasics } from '../outbox/mail-data.js';
import type { TrustDecision } from '../trust/authorize.js';
import type { ActContext, ActResult } from './act-context.js';
import { replaceOrder } from './record-step.js';

/**
 * The customer takes back a request that is still open: a cancellation (the
 * order returns to where it was) or a contact change (the application
 * closes). History keeps both the request and its withdrawal; the customer
 * is told once. Only with proof that the sender holds the contact's mailbox
 * (a reply in our thread, the signed address, an aligned DMARC pass):
 * otherwise staff decide. With nothing open, staff see it.
 */
export function handleWithdrawal(
  ctx: ActContext,
  order: Order,
  trust: Extract<TrustDecision, { allowed: true }>,
): ActResult {
  const { draft, analysis, message, now } = ctx;
  const sender = message.from!.address;
  const cancellationOpen = order.status === 'cancel_requested';
  const contactIndex = draft.applications.findIndex(
    (a) => a.kind === 'contact_change' && a.status === 'open' && a.orderId === order.id,
  );
  const takesBackContact = contactIndex >= 0 && (analysis.withdraws === 'contact_change' || !cancellationOpen);
  if (!cancellationOpen && contactIndex < 0)
    return {
      outcome: 'withdrawal-nothing-open',
      orderId: order.id,
      note: `a withdrawal, but ${order.id} has no open request (${order.status}); staff decide what the customer takes back`,
    };
  if (!trust.proven)
    return {
      outcome: 'withdrawal-unproven',
      orderId: order.id,
      note: `withdrawal of ${takesBackContact ? 'a contact change' : 'the cancellation'} of ${order.id} from the contact's address, but not in our thread, to the signed address or DMARC-aligned: staff decide (certdesk cancel reject ${order.id} --why …)`,
    };

  if (takesBackContact) {
    const application = draft.applications[contactIndex]!;
    draft.applications[contactIndex] = closeApplication(application, 'withdrawn', now);
    const next = (application.detail?.newContact ?? null) as Contact | null;
    return {
      outcome: 'withdrawal-applied',
      orderId: order.id,
      note: `${application.id} (contact change of ${order.id}) withdrawn by ${sender}`,
      notices: [
        {
          key: `${application.id}:contact-change-withdrawn`,
          kind: 'contact-change-withdrawn',
          orderId: order.id,
          locale: order.locale,
          to: [order.contact.email],
          data: { ...orderBasics(order), newName: next?.name ?? '' },
          inReplyTo: message.messageId,
        },
      ],
    };
  }

  const next = applyEvent(order, { type: 'cancel_withdrawn', by: sender }, now, sender);
  replaceOrder(draft, next);
  const i = draft.applications.findIndex(
    (a) => a.orderId === order.id && a.kind === 'cancellation' && a.status === 'open',
  );
  if (i >= 0) draft.applications[i] = closeApplication(draft.applications[i]!, 'withdrawn', now);
  return {
    outcome: 'withdrawal-applied',
    orderId: order.id,
    note: `${order.id}: the cancellation requested ${dateIn(order, order.cancellation!.requestedAt)} was withdrawn; back to ${next.status}`,
    notices: [
      {
        key: `${order.id}:cancellation-withdrawn:${order.cancellation!.requestedAt}`,
        kind: 'cancellation-withdrawn',
        orderId: order.id,
        locale: order.locale,
        to: [order.contact.email],
        data: { ...orderBasics(order), withdrawnDate: dateIn(order, now) },
        inReplyTo: message.messageId,
      },
    ],
  };
}
