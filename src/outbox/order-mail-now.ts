import { approvalDeadline, lifetimeDays, renewalDate } from '../domain/deadlines.js';
import { daysBetween, jstDate } from '../domain/jst.js';
import type { Order } from '../domain/order.js';
import { openApprovalWindow } from '../domain/transitions.js';
import type { MailRequest } from './enqueue-mail.js';
import { cancellationConfirmedMail, cancellationReceivedMail, setupCompletionMail } from './mail-data.js';
import type { MailKind } from './mail-kinds.js';
import { approvalRequestedMail, documentsRequestedMail, reminderMail } from './reminder-mail.js';

/** The mail an order would get now, or why it gets none of this kind in its present state. */
export type MailNow = { mail: MailRequest; what: string } | { none: string };

/**
 * The mail of this kind that this order would get today, built by the same
 * function the real send uses (`preview --order`). Kinds that answer a
 * customer's mail need that mail: they have no "now" of their own.
 */
export function orderMailNow(kind: MailKind, order: Order, now: Date): MailNow {
  const today = jstDate(now);
  const window = openApprovalWindow(order);
  const none = (why: string): MailNow => ({ none: `order ${order.id} gets no ${kind} now: ${why}` });
  switch (kind) {
    case 'setup-completion':
      return order.steps.installedAt
        ? { mail: setupCompletionMail(order), what: 'the completion mail of its current certificate' }
        : none(`it is ${order.status}, not installed yet`);
    case 'approval-requested': {
      const mail = approvalRequestedMail(order);
      return mail
        ? { mail, what: 'the notice sent when the approval was requested' }
        : none('no approval window is open');
    }
    case 'approval-reminder': {
      if (!window) return none('no approval window is open');
      const deadline = approvalDeadline(window.requestedAt);
      const daysLeft = daysBetween(today, deadline);
      if (daysLeft < 0) return none(`its approval window closed on ${deadline}`);
      return {
        mail: reminderMail(order, {
          type: 'approval-reminder',
          key: 'preview',
          orderId: order.id,
          cycle: window.cycle,
          offset: daysLeft,
          deadline,
          daysLeft,
        }),
        what: `a reminder today, ${daysLeft} days before the deadline ${deadline}`,
      };
    }
    case 'approval-expired': {
      const requested =
        window?.requestedAt ?? (order.steps.approvalRequestedAt ? new Date(order.steps.approvalRequestedAt) : null);
      if (
        !requested ||
        (window && daysBetween(today, approvalDeadline(requested)) >= 0) ||
        (!window && order.status !== 'approval_expired')
      )
        return none('its approval window has not closed');
      const deadline = approvalDeadline(requested);
      return {
        mail: reminderMail(order, {
          type: 'approval-expired',
          key: 'preview',
          orderId: order.id,
          cycle: window?.cycle ?? order.cycle,
          deadline,
        }),
        what: `the notice that the window closed on ${deadline}`,
      };
    }
    case 'renewal-reminder': {
      if (order.status !== 'installed' || !order.steps.issuedAt) return none(`it is ${order.status}, not installed`);
      if (order.renewal) return none('its renewal has started');
      const cert = {
        issuedAt: new Date(order.steps.issuedAt),
        expiresAt: order.steps.expiresAt ? new Date(order.steps.expiresAt) : null,
      };
      const date = renewalDate(cert);
      const daysLeft = daysBetween(today, date);
      if (daysLeft < 0) return none(`its certificate expired on ${date}`);
      return {
        mail: reminderMail(order, {
          type: 'renewal-reminder',
          key: 'preview',
          orderId: order.id,
          renewalDate: date,
          offset: daysLeft,
          daysLeft,
        }),
        what: `a renewal reminder today, ${daysLeft} days before ${date} (a ${lifetimeDays(cert)}-day certificate)`,
      };
    }
    case 'documents-requested':
    case 'documents-reminder': {
      if (order.status !== 'documents_pending' || !order.steps.documentsRequestedAt)
        return none(`it is ${order.status}, not waiting for documents`);
      if (kind === 'documents-requested')
        return { mail: documentsRequestedMail(order), what: 'the request sent when documents were asked for' };
      const requestedDate = jstDate(new Date(order.steps.documentsRequestedAt));
      const waitingDays = daysBetween(requestedDate, today);
      return {
        mail: reminderMail(order, {
          type: 'documents-reminder',
          key: 'preview',
          orderId: order.id,
          week: 0,
          requestedDate,
          waitingDays,
        }),
        what: `a reminder today, ${waitingDays} days after the request`,
      };
    }
    case 'cancellation-received':
      return order.cancellation && order.status === 'cancel_requested'
        ? {
            mail: cancellationReceivedMail(order, order.cancellation.reason ?? '', null),
            what: 'the acknowledgement of its open cancellation request',
          }
        : none('no cancellation request is open');
    case 'cancellation-confirmed':
      return order.status === 'cancelled'
        ? { mail: cancellationConfirmedMail(order), what: 'the confirmation of its cancellation' }
        : none(`it is ${order.status}, not cancelled`);
    default:
      return none(
        "this mail answers a customer's mail or a staff change; preview it without --order to see it with sample data",
      );
  }
}
