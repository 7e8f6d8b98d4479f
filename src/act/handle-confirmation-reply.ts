import { confirmationAnswer } from '../classify/confirmation-answer.js';
import { closeApplication } from '../domain/change-applications.js';
import type { Contact, Order } from '../domain/order.js';
import type { ActContext, ActResult } from './act-context.js';
import { applyContactChange } from './apply-contact-change.js';

/**
 * The current contact answers our confirmation mail in its thread: "承認" /
 * "confirm" applies the contact change that waited for it, "拒否" / "reject"
 * closes it. Anything else, and a confirmation of nothing still open, goes
 * to staff.
 */
export function handleConfirmationReply(ctx: ActContext, order: Order, answeredKey: string): ActResult {
  const { draft, analysis, message, now } = ctx;
  const i = draft.applications.findIndex(
    (a) => a.status === 'open' && a.kind === 'contact_change' && `${a.id}:contact-change-confirm` === answeredKey,
  );
  if (i < 0)
    return {
      outcome: 'confirmation-unclear',
      orderId: order.id,
      note: `answers a confirmation mail of ${order.id}, but no contact change awaits it any more`,
    };
  const application = draft.applications[i]!;
  const answer = confirmationAnswer(analysis.ownText);
  if (answer === 'decline') {
    draft.applications[i] = closeApplication(application, 'rejected', now);
    return {
      outcome: 'contact-change-declined',
      orderId: order.id,
      note: `${application.id}: the current contact of ${order.id} refused the contact change`,
    };
  }
  if (answer !== 'approve')
    return {
      outcome: 'confirmation-unclear',
      orderId: order.id,
      note: `${application.id}: the current contact answered the confirmation, but neither 承認/confirm nor 拒否/reject`,
    };
  const next = application.detail!.newContact as Contact;
  const applied = applyContactChange(draft, application, order, next, message.from!.address, now);
  return {
    outcome: 'contact-change-applied',
    orderId: order.id,
    note: `${application.id} confirmed by the current contact: ${applied.orders.map((o) => o.id).join(', ')} now ${next.name} <${next.email}>`,
    notices: applied.mails,
  };
}
