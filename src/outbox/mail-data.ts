import { renewalDate, lifetimeDays } from '../domain/deadlines.js';
import { formatJstDate, jstDate } from '../domain/jst.js';
import { cancellationFeesApply, type Order } from '../domain/order.js';
import type { MailRequest } from './enqueue-mail.js';

/** What every mail about an order says of it. */
export function orderBasics(order: Order): Record<string, unknown> {
  return {
    organization: order.organization.O,
    contactName: order.contact.name,
    commonName: order.commonName,
    orderId: order.id,
  };
}

export const dateIn = (order: Order, at: Date | string) => formatJstDate(jstDate(new Date(at)), order.locale);

function toContact(order: Order, key: string, kind: MailRequest['kind'], data: Record<string, unknown>): MailRequest {
  return {
    key,
    kind,
    orderId: order.id,
    locale: order.locale,
    to: [order.contact.email],
    data: { ...orderBasics(order), ...data },
  };
}

/** The setup-completion mail of an installed order, once per certificate cycle. */
export function setupCompletionMail(order: Order): MailRequest {
  const issuedAt = new Date(order.steps.issuedAt ?? order.steps.installedAt!);
  const expiresAt = order.steps.expiresAt ? new Date(order.steps.expiresAt) : null;
  const cert = { issuedAt, expiresAt };
  return toContact(order, `${order.id}:setup-completion:${order.cycle}`, 'setup-completion', {
    installedDate: dateIn(order, order.steps.installedAt!),
    isOV: order.validation === 'OV',
    expiryDate: formatJstDate(renewalDate(cert), order.locale),
    validityDays: lifetimeDays(cert),
  });
}

export function cancellationReceivedMail(order: Order, reason: string, answering: string | null): MailRequest {
  return {
    ...toContact(order, `${order.id}:cancellation-received:${order.steps.cancelRequestedAt}`, 'cancellation-received', {
      requestedDate: dateIn(order, order.steps.cancelRequestedAt!),
      reason,
      feesApply: cancellationFeesApply(order),
    }),
    inReplyTo: answering,
  };
}

export function cancellationConfirmedMail(order: Order): MailRequest {
  return toContact(order, `${order.id}:cancellation-confirmed`, 'cancellation-confirmed', {
    confirmedDate: dateIn(order, order.steps.cancelledAt!),
    feesApply: cancellationFeesApply(order),
  });
}
