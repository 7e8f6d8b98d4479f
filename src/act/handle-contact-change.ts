import { openApplicationOf, type ChangeApplication } from '../domain/change-applications.js';
import { unicodeCommonName } from '../domain/common-name.js';
import { formatJstDate, jstDate } from '../domain/jst.js';
import type { StoreData } from '../store/schema.js';
import { Contact, type Order } from '../domain/order.js';
import { orderBasics, problemText, type Problem } from '../outbox/mail-data.js';
import type { TrustDecision } from '../trust/authorize.js';
import type { MailRequest } from '../outbox/enqueue-mail.js';
import type { ActContext, ActResult } from './act-context.js';
import { applyContactChange, openContactChange } from './apply-contact-change.js';

const FIELD_NAMES = {
  name: { ja: '氏名', en: 'name' },
  email: { ja: 'メールアドレス', en: 'e-mail' },
  phone: { ja: '電話番号', en: 'phone' },
} as const;

/**
 * A contact-person change by mail, from the registered contact (the trust
 * stage turned everyone else away). With proof that the sender holds the
 * contact's mailbox it is applied at once; on the From address alone it is
 * not: the current contact is asked to confirm by replying to our mail, and
 * staff see it meanwhile. Missing fields get a reply asking for them; while
 * another change application of the contract is open, it is refused,
 * naming that one. Every answer goes to the registered contact.
 */
export function handleContactChange(
  ctx: ActContext,
  order: Order,
  trust: Extract<TrustDecision, { allowed: true }>,
): ActResult {
  const { draft, message, analysis, record, now } = ctx;
  const sender = message.from!.address;
  const answer = (kind: MailRequest['kind'], data: Record<string, unknown>): MailRequest => ({
    key: `${record.id}:${kind}`,
    kind,
    orderId: order.id,
    locale: order.locale,
    to: [order.contact.email],
    data,
    inReplyTo: message.messageId,
  });
  const fields = analysis.contactChange ?? { name: null, email: null, phone: null };
  const missing = (Object.keys(FIELD_NAMES) as Array<keyof typeof FIELD_NAMES>).filter((k) => !fields[k]);
  const parsed = Contact.safeParse(fields);
  if (missing.length || !parsed.success) {
    const named = missing.length ? missing : (['email', 'phone'] as const);
    const problem: Problem = {
      code: 'contact-fields-missing',
      fields: {
        ja: named.map((k) => FIELD_NAMES[k].ja).join('・'),
        en: named.map((k) => FIELD_NAMES[k].en).join(', '),
      },
    };
    return {
      outcome: 'contact-change-needs-info',
      orderId: order.id,
      note: `contact change for ${order.id} lacks ${missing.join(', ') || 'a valid e-mail or phone'}`,
      reply: answer('contact-change-needs-info', {
        contactName: order.contact.name,
        problems: [problemText(problem, order.locale)],
      }),
    };
  }
  const next = parsed.data;
  const open = openApplicationOf(draft.applications, order.contractId);
  if (open)
    return {
      outcome: 'contact-change-refused',
      orderId: order.id,
      note: `contract ${order.contractId} has ${open.id} (${open.kind} of ${open.orderId}) open`,
      reply: answer('contact-change-refused', {
        ...orderBasics(order),
        why:
          order.locale === 'ja'
            ? '同じご契約の別の変更のお申し込みを処理中のため'
            : 'another change application of the contract is being worked on',
        openApplication: openInWords(open, draft, order.locale),
      }),
    };
  const application = openContactChange(draft, order, next, sender, now, { awaitingConfirmation: !trust.proven });
  if (!trust.proven)
    return {
      outcome: 'contact-change-confirming',
      orderId: order.id,
      note: `${application.id}: asked by ${sender} without proof it holds the mailbox; the current contact is asked to confirm (staff: certdesk contact change ${order.id} --name … to apply)`,
      notices: [
        {
          key: `${application.id}:contact-change-confirm`,
          kind: 'contact-change-confirm',
          orderId: order.id,
          locale: order.locale,
          to: [order.contact.email],
          data: { ...orderBasics(order), newName: next.name, newEmail: next.email, newPhone: next.phone },
        },
      ],
    };
  const applied = applyContactChange(draft, application, order, next, sender, now);
  return {
    outcome: 'contact-change-applied',
    orderId: order.id,
    note: `${application.id}: ${applied.orders.map((o) => o.id).join(', ')} now ${next.name} <${next.email}>`,
    notices: applied.mails,
  };
}

/** What is open, as the customer would say it: the kind of request, its certificate and when it came. */
function openInWords(open: ChangeApplication, draft: StoreData, locale: 'ja' | 'en'): string {
  const other = draft.orders.find((o) => o.id === open.orderId);
  const cn = other ? unicodeCommonName(other.commonName) : open.orderId;
  const when = formatJstDate(jstDate(new Date(open.openedAt)), locale);
  const what = {
    cancellation: { ja: 'キャンセルのお申し出', en: 'a cancellation request' },
    contact_change: { ja: '担当者変更のお申し出', en: 'a contact change request' },
  }[open.kind][locale];
  return locale === 'ja' ? `${cn} の${what}、${when}受付` : `${what} for ${cn}, received ${when}`;
}
