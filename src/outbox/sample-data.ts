import { createOrder, NewOrder, type Order } from '../domain/order.js';
import { applyEvent } from '../domain/transitions.js';
import type { Locale, MailKind } from './mail-kinds.js';
import { orderBasics, setupCompletionMail } from './mail-data.js';
import { DOCUMENTS_POSTAL_ADDRESS, JPRS_DOCUMENTS_URL } from './desk-facts.js';
import { approver } from './reminder-mail.js';

const SAMPLE_AT = new Date('2026-11-20T06:02:00Z');

/** An installed sample order, for `preview` without --order. */
export function sampleOrder(locale: Locale): Order {
  let order = createOrder(
    NewOrder.parse({
      contractId: 'K-1001',
      commonName: 'www.example.co.jp',
      validation: 'OV',
      organization: {
        O: locale === 'ja' ? '株式会社エグザンプル' : 'Example Inc.',
        L: '千代田区',
        ST: '東京都',
        C: 'JP',
      },
      contact: {
        name: locale === 'ja' ? '山田 太郎' : 'Taro Yamada',
        email: 'taro@example.co.jp',
        phone: '03-1234-5678',
      },
      locale,
    }),
    'C-0007',
    SAMPLE_AT,
  );
  for (const type of ['approval_requested', 'approved', 'phone_checked', 'issued', 'installed'] as const)
    order = applyEvent(order, { type }, SAMPLE_AT);
  return order;
}

/** Template data for any kind, from an order (real or sample) and sample values for the rest. */
export function previewData(kind: MailKind, order: Order): Record<string, unknown> {
  const ja = order.locale === 'ja';
  const base = orderBasics(order);
  const date = ja ? '2026年12月16日' : '16 December 2026';
  const documentsFacts = {
    documentsUrl: JPRS_DOCUMENTS_URL,
    postalAddress: [...DOCUMENTS_POSTAL_ADDRESS[order.locale]],
  };
  switch (kind) {
    case 'setup-completion':
      return setupCompletionMail(order).data;
    case 'cancellation-received':
      return {
        ...base,
        requestedDate: date,
        reason: ja ? '新サイトへの移行が延期になったため' : 'The new site was postponed.',
        feesApply: true,
      };
    case 'cancellation-needs-info':
      return {
        contactName: order.contact.name,
        problems: [ja ? 'キャンセル理由が書かれていません' : 'no cancellation reason was given'],
      };
    case 'cancellation-confirmed':
      return { ...base, confirmedDate: date, feesApply: true };
    case 'approval-reminder':
      return {
        ...base,
        deadlineDate: date,
        daysLeft: 5,
        ...approver(order),
        isRenewal: false,
      };
    case 'approval-expired':
      return { ...base, deadlineDate: date };
    case 'renewal-reminder':
      return {
        ...base,
        renewalDate: date,
        daysLeft: 30,
        isOV: true,
        ...approver(order),
        needsApproval: true,
        needsPhoneCheck: true,
        needsNoCheck: false,
        nextValidityDays: 200,
      };
    case 'documents-reminder':
      return { ...base, requestedDate: date, waitingDays: 8, ...documentsFacts };
    case 'documents-requested':
      return { ...base, requestedDate: date, ...documentsFacts };
    case 'approval-requested':
      return {
        ...base,
        deadlineDate: date,
        ...approver(order),
        isRenewal: false,
      };
    case 'contact-change-received':
      return {
        ...base,
        newName: '木村 裕子',
        newEmail: 'y.kimura@example.co.jp',
        newPhone: '06-1111-2222',
        needsStaff: false,
      };
    case 'contact-change-needs-info':
      return {
        contactName: order.contact.name,
        problems: [ja ? '新しい担当者の電話番号が書かれていません' : "the new contact's phone is missing"],
      };
    case 'contact-change-applied':
      return {
        ...base,
        oldName: order.contact.name,
        newName: '木村 裕子',
        newEmail: 'y.kimura@example.co.jp',
        newPhone: '06-1111-2222',
        orders: [{ orderId: order.id, commonName: order.commonName }],
      };
    case 'contact-change-refused':
      return {
        ...base,
        why: ja ? '同じご契約の別の変更を処理中です' : 'another change application is open',
        openApplication: ja
          ? 'www.example.co.jp のキャンセルのお申し出、2026年12月1日受付'
          : 'a cancellation request for www.example.co.jp, received 1 December 2026',
      };
    case 'cancellation-withdrawn':
      return { ...base, withdrawnDate: date };
    case 'contact-change-withdrawn':
      return { ...base, newName: '木村 裕子' };
    case 'message-received':
      return base;
    case 'contact-change-confirm':
      return { ...base, newName: '木村 裕子', newEmail: 'y.kimura@example.co.jp', newPhone: '06-1111-2222' };
    case 'staff-command-answer':
      return {
        subject: 'Re: [certdesk] 対応待ち 2件',
        count: 2,
        results: [
          {
            line: `confirm ${order.id}`,
            done: true,
            said: [
              `${order.id}   cancelled            OV  K-1002     ${base.commonName}`,
              '  queued cancellation-confirmed mail M-000043 to taro@example.co.jp',
            ],
          },
          {
            line: 'retry M-000031',
            done: false,
            said: ['M-000031 is sent; only failed or bounced mail can be retried'],
          },
        ],
      };
    case 'staff-notice':
      return {
        count: 1,
        items: [
          {
            inboundId: 'I-000042',
            what: ja ? '確認待ちのキャンセル' : 'Cancellations to confirm',
            orderId: order.id,
            from: order.contact.email,
            note: ja ? 'キャンセルのお申し出: サイト閉鎖のため' : 'asked to cancel: the site closes',
            command: `certdesk cancel confirm ${order.id}`,
          },
        ],
      };
    case 'staff-digest':
      return {
        digestDate: date,
        total: 1,
        sections: [
          {
            title: ja ? '確認待ちのキャンセル' : 'Cancellations to confirm',
            count: 1,
            items: [
              {
                orderId: order.id,
                commonName: order.commonName,
                customer: order.organization.O,
                waited: ja ? '2日' : '2 days',
                why: ja ? '顧客がキャンセルを申し出' : 'the customer asked to cancel',
                command: `certdesk cancel confirm ${order.id}`,
              },
            ],
          },
        ],
      };
  }
}
