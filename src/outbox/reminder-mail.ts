import { APPROVER_RECIPIENT, approverRole, registrableDomain } from '../domain/approver.js';
import { formatJstDate, jstMidnight, type JstDate } from '../domain/jst.js';
import { maxValidityDays, renewalChecks } from '../domain/policy.js';
import type { Order } from '../domain/order.js';
import type { DueAction } from '../domain/reminders.js';
import type { MailRequest } from './enqueue-mail.js';
import { orderBasics } from './mail-data.js';
import { DOCUMENTS_POSTAL_ADDRESS, JPRS_DOCUMENTS_URL } from './desk-facts.js';
import { approvalDeadline } from '../domain/deadlines.js';
import { approvalMethodOf, openApprovalWindow } from '../domain/transitions.js';
import { jstDate } from '../domain/jst.js';

const BY_METHOD = {
  email: {
    ja: 'ドメインの管理用アドレス（admin@、administrator@、hostmaster@、postmaster@、webmaster@ のいずれか）または DNS に登録の連絡先',
    en: 'an administrative address at the domain (admin@, administrator@, hostmaster@, postmaster@ or webmaster@) or the contact published in DNS',
  },
  constructed: {
    ja: 'ドメインの管理用アドレス（admin@、administrator@、hostmaster@、postmaster@、webmaster@ のいずれか）',
    en: 'an administrative address at the domain (admin@, administrator@, hostmaster@, postmaster@ or webmaster@)',
  },
  'dns-txt': {
    ja: 'DNS の TXT レコードに登録の連絡先メールアドレス',
    en: "the contact address published in the domain's DNS TXT record",
  },
  dns: {
    ja: 'メールではなく DNS の確認用レコードで確認します（設定する内容は当デスクからご案内いたします）',
    en: 'no mail: JPRS checks a DNS record (the desk tells you what to set)',
  },
  http: {
    ja: 'メールではなく Web サーバー上の確認用ファイルで確認します（当デスクで設置いたします）',
    en: 'no mail: JPRS checks a file on the web server (the desk puts it there)',
  },
} as const;

/**
 * Who JPRS writes to for this approval, by the order's method: the address
 * when the desk knows it, the constructed addresses or the DNS contact,
 * a DNS record or web file (no mail), or — for requests before 2025-07-15
 * only — the WHOIS contact by domain type. What every approval mail explains.
 */
export function approver(order: Order) {
  // An order from before methods were recorded: by the date of its request (a renewal to come: by today's).
  const requested = openApprovalWindow(order)?.requestedAt ?? new Date();
  const how = order.approval ?? approvalMethodOf({ at: requested }, requested);
  const recipient =
    how.method === 'whois'
      ? APPROVER_RECIPIENT[approverRole(order.commonName)][order.locale]
      : how.method === 'email' && how.to
        ? how.to
        : BY_METHOD[how.method === 'email' && how.via ? how.via : how.method][order.locale];
  return {
    approverRecipient: recipient,
    registrableDomain: registrableDomain(order.commonName) ?? order.commonName.replace(/^\*\./, ''),
    isWhois: how.method === 'whois',
    isMail: how.method === 'email' || how.method === 'whois',
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
          ...renewalNeeds(order, action.renewalDate),
        },
      };
    case 'documents-reminder':
      return {
        ...base,
        kind: 'documents-reminder',
        data: {
          ...data,
          requestedDate: day(order, action.requestedDate),
          waitingDays: action.waitingDays,
          ...documentsFacts(order),
        },
      };
  }
}

/**
 * Which checks this renewal needs, by the reuse periods on its date
 * (policy.ts), and the longest validity the new certificate may have:
 * what the renewal reminder tells the customer instead of "both, always".
 */
export function renewalNeeds(order: Order, renewalOn: JstDate) {
  const checks = renewalChecks(
    { validation: order.validation, approvedAt: order.steps.approvedAt, phoneCheckedAt: order.steps.phoneCheckedAt },
    renewalOn,
  );
  return {
    needsApproval: checks.domainApproval,
    needsPhoneCheck: checks.phoneCheck,
    needsNoCheck: !checks.domainApproval && !checks.phoneCheck,
    nextValidityDays: maxValidityDays(jstMidnight(renewalOn)),
  };
}

/** Where the documents go and which ones: in every mail that asks for them. */
function documentsFacts(order: Order) {
  return { documentsUrl: JPRS_DOCUMENTS_URL, postalAddress: [...DOCUMENTS_POSTAL_ADDRESS[order.locale]] };
}

/**
 * The notice that JPRS's approval mail is on its way (first issue or
 * renewal), sent when staff record the application: to which address, and
 * the deadline as a date. Once per approval window.
 */
export function approvalRequestedMail(order: Order): MailRequest | null {
  const window = openApprovalWindow(order);
  if (!window) return null;
  return {
    key: `${order.id}:approval-requested:${window.cycle}:${window.requestedAt.toISOString()}`,
    kind: 'approval-requested',
    orderId: order.id,
    locale: order.locale,
    to: [order.contact.email],
    data: {
      ...orderBasics(order),
      ...approver(order),
      deadlineDate: day(order, approvalDeadline(window.requestedAt)),
      isRenewal: order.status === 'installed',
    },
  };
}

/** The request for documents, sent when staff record it: what, where to, and that nothing proceeds without them. */
export function documentsRequestedMail(order: Order): MailRequest {
  const requested = order.steps.documentsRequestedAt!;
  return {
    key: `${order.id}:documents-requested:${requested}`,
    kind: 'documents-requested',
    orderId: order.id,
    locale: order.locale,
    to: [order.contact.email],
    data: { ...orderBasics(order), requestedDate: day(order, jstDate(new Date(requested))), ...documentsFacts(order) },
  };
}
