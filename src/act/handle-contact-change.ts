import { openApplicationOf } from '../domain/change-applications.js';
import { Contact } from '../domain/order.js';
import type { OrderMatch } from '../match/match-order.js';
import { orderBasics, problemText, type Problem } from '../outbox/mail-data.js';
import type { MailRequest } from '../outbox/enqueue-mail.js';
import type { ActContext, ActResult } from './act-context.js';
import { applyContactChange, openContactChange } from './apply-contact-change.js';

const FIELD_NAMES = {
  name: { ja: '氏名', en: 'name' },
  email: { ja: 'メールアドレス', en: 'e-mail' },
  phone: { ja: '電話番号', en: 'phone' },
} as const;

/**
 * A contact-person change by mail: from the current contact of an order of
 * the contract it is applied at once; from anyone else it waits for staff.
 * Missing fields get a reply asking for them; while another change
 * application of the contract is open, it is refused, naming that one.
 */
export function handleContactChange(ctx: ActContext, match: OrderMatch): ActResult {
  const { draft, message, analysis, record, now } = ctx;
  if (match.kind !== 'matched')
    return {
      outcome:
        match.kind === 'none' ? 'no-matching-order' : match.kind === 'ambiguous' ? 'ambiguous-order' : 'forged-token',
      orderId: null,
      note: `contact change: ${match.detail}`,
    };
  const order = match.order;
  const sender = message.from?.address ?? null;
  const answer = (kind: MailRequest['kind'], data: Record<string, unknown>): MailRequest => ({
    key: `${record.id}:${kind}`,
    kind,
    orderId: order.id,
    locale: order.locale,
    to: [sender!],
    data,
    inReplyTo: message.messageId,
  });
  const fields = analysis.contactChange ?? { name: null, email: null, phone: null };
  const missing = (Object.keys(FIELD_NAMES) as Array<keyof typeof FIELD_NAMES>).filter((k) => !fields[k]);
  const parsed = Contact.safeParse(fields);
  if (missing.length || !parsed.success) {
    const problem: Problem = {
      code: 'contact-fields-missing',
      fields: {
        ja: (missing.length ? missing : ['email', 'phone'])
          .map((k) => FIELD_NAMES[k as keyof typeof FIELD_NAMES].ja)
          .join('・'),
        en: (missing.length ? missing : ['email', 'phone'])
          .map((k) => FIELD_NAMES[k as keyof typeof FIELD_NAMES].en)
          .join(', '),
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
        contactName: sender === order.contact.email.toLowerCase() ? order.contact.name : message.from?.name || sender,
        why:
          order.locale === 'ja'
            ? '同じご契約の別の変更のお申し込みを処理中のため'
            : 'another change application of the contract is being worked on',
        openApplication: `${open.id}, ${open.orderId}`,
      }),
    };
  const fromContact = draft.orders.some(
    (o) => o.contractId === order.contractId && o.status !== 'cancelled' && o.contact.email.toLowerCase() === sender,
  );
  const application = openContactChange(draft, order, next, sender ?? '(unknown)', now);
  const received = (needsStaff: boolean) =>
    answer('contact-change-received', {
      ...orderBasics(order),
      contactName: fromContact ? order.contact.name : message.from?.name || sender,
      newName: next.name,
      newEmail: next.email,
      newPhone: next.phone,
      needsStaff,
    });
  if (!fromContact)
    return {
      outcome: 'contact-change-held',
      orderId: order.id,
      note: `${sender} is not a contact of contract ${order.contractId}: ${application.id} waits for staff (certdesk contact change ${order.id} --name … to apply)`,
      reply: received(true),
    };
  const applied = applyContactChange(draft, application, order, next, sender!, now);
  return {
    outcome: 'contact-change-applied',
    orderId: order.id,
    note: `${application.id}: ${applied.orders.map((o) => o.id).join(', ')} now ${next.name} <${next.email}>`,
    notices: applied.mails,
  };
}
