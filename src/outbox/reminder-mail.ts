import { APPROVER_RECIPIENT, approverRole, registrableDomain } from '../domain/approver.js';
import { formatJstDate, type JstDate } from '../domain/jst.js';
import type { Order } from '../domain/order.js';
import type { DueAction } from '../domain/reminders.js';
import type { MailRequest } from './enqueue-mail.js';
import { orderBasics } from './mail-data.js';

/** Who JPRS writes to for this domain, and which WHOIS it reads: what every approval mail explains. */
function approver(order: Order) {
  return {
    approverRecipient: APPROVER_RECIPIENT[approverRole(order.commonName)][order.locale],
    registrableDomain: registrableDomain(order.commonName) ?? order.commonName.replace(/^\*\./, ''),
  };
}

const day = (order: Order, date: JstDate) => formatJstDate(date, order.locale);

/** The customer mail for one due action; its key is the action's, so it is queued once, ever. */
export function reminderMail(order: Order, action: DueAction): MailRequest {
  const base = { key: action.key, orderId: order.id, locale: order.locale, to: [order.contact.email] };
  const data = orderBasics(order);
  switch (action.type) {
    case 'approval-reminder':
      return {
        ...base,
        kind: 'approval-reminder',
        data: {
          ...data,
          ...approver(order),
          deadlineDate: day(order, action.deadline),
          daysLeft: action.daysLeft,
          isRenewal: order.status === 'installed',
        },
      };
    case 'approval-expired':
      return { ...base, kind: 'approval-expired', data: { ...data, deadlineDate: day(order, action.deadline) } };
    case 'renewal-reminder':
      return {
        ...base,
        kind: 'renewal-reminder',
        data: {
          ...data,
          ...approver(order),
          renewalDate: day(order, action.renewalDate),
          daysLeft: action.daysLeft,
          isOV: order.validation === 'OV',
        },
      };
    case 'documents-reminder':
      return {
        ...base,
        kind: 'documents-reminder',
        data: { ...data, requestedDate: day(order, action.requestedDate), waitingDays: action.waitingDays },
      };
  }
}
