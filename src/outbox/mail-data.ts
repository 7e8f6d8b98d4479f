import { renewalDate, lifetimeDays } from '../domain/deadlines.js';
import { formatJstDate, jstDate } from '../domain/jst.js';
import { cancellationFeesApply, type Order } from '../domain/order.js';
import type { MailRequest } from './enqueue-mail.js';
import { displayCommonName, unicodeCommonName } from '../domain/common-name.js';

/** What every mail about an order says of it. */
export function orderBasics(order: Order): Record<string, unknown> {
  return {
    organization: order.organization.O,
    contactName: order.contact.name,
    // People read the Unicode name; the facts line shows the A-label beside it (what the certificate holds).
    commonName: unicodeCommonName(order.commonName),
    commonNameShown: displayCommonName(order.commonName),
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

const PROBLEM_TEXT = {
  'reason-missing': { ja: () => 'キャンセル理由が書かれていません', en: () => 'no cancellation reason was given' },
  'common-name-missing': { ja: () => 'コモンネームが書かれていません', en: () => 'no common name was given' },
  'common-name-mismatch': {
    ja: (given: string, ours: string) =>
      `コモンネーム「${given}」が、ご返信いただいたメールの証明書（${ours}）と一致しません`,
    en: (given: string, ours: string) =>
      `the common name ${given} does not match the certificate of the mail you replied to (${ours})`,
  },
  'contact-fields-missing': {
    ja: (fields: string) => `新しい担当者の${fields}が書かれていません`,
    en: (fields: string) => `the new contact's ${fields} ${fields.includes(',') ? 'are' : 'is'} missing`,
  },
} as const;
export type Problem =
  | { code: 'reason-missing' }
  | { code: 'common-name-missing' }
  | { code: 'common-name-mismatch'; given: string; ours: string }
  | { code: 'contact-fields-missing'; fields: { ja: string; en: string } };

export function problemText(p: Problem, locale: 'ja' | 'en'): string {
  switch (p.code) {
    case 'common-name-mismatch':
      return PROBLEM_TEXT[p.code][locale](p.given, p.ours);
    case 'contact-fields-missing':
      return PROBLEM_TEXT[p.code][locale](p.fields[locale]);
    default:
      return PROBLEM_TEXT[p.code][locale]();
  }
}

/** "What is missing or does not match, and how to reply", to the order's registered contact. */
export function needsInfoMail(
  order: Order,
  problems: Problem[],
  inboundId: string,
  answering: string | null,
): MailRequest {
  return {
    key: `${inboundId}:cancellation-needs-info`,
    kind: 'cancellation-needs-info',
    orderId: order.id,
    locale: order.locale,
    to: [order.contact.email],
    data: { contactName: order.contact.name, problems: problems.map((p) => problemText(p, order.locale)) },
    inReplyTo: answering,
  };
}
