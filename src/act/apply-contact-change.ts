import { sameAddress } from '../domain/addresses.js';
import {
  closeApplication,
  formatApplicationId,
  openApplication,
  type ChangeApplication,
} from '../domain/change-applications.js';
import { changeContact, ordersOfContact } from '../domain/contact-change.js';
import type { Contact, Order } from '../domain/order.js';
import { orderBasics } from '../outbox/mail-data.js';
import { displayCommonName } from '../domain/common-name.js';
import type { MailRequest } from '../outbox/enqueue-mail.js';
import type { StoreData } from '../store/schema.js';
import { replaceOrder } from './record-step.js';

/** Open a contact-change application on the draft (refused with ChangeApplicationOpen while another is open). */
export function openContactChange(
  draft: StoreData,
  order: Order,
  next: Contact,
  requestedBy: string,
  now: Date,
  extra: Record<string, unknown> = {},
): ChangeApplication {
  const application = openApplication(
    draft.applications,
    {
      contractId: order.contractId,
      orderId: order.id,
      kind: 'contact_change',
      detail: { newContact: next, requestedBy, ...extra },
    },
    formatApplicationId(draft.counters.application + 1),
    now,
  );
  draft.counters.application += 1;
  draft.applications.push(application);
  return application;
}

/**
 * Apply a contact change: every open order of the contract that had the same
 * contact gets the new one (history kept), the application is completed, and
 * both the old and the new contact are told.
 */
export function applyContactChange(
  draft: StoreData,
  application: ChangeApplication,
  order: Order,
  next: Contact,
  by: string,
  now: Date,
): { orders: Order[]; mails: MailRequest[] } {
  const old = order.contact;
  const changed = ordersOfContact(draft.orders, order).map((o) => changeContact(o, next, now, by));
  for (const o of changed) replaceOrder(draft, o);
  const i = draft.applications.findIndex((a) => a.id === application.id);
  draft.applications[i] = closeApplication(application, 'completed', now);
  const updated = changed.find((o) => o.id === order.id) ?? changed[0]!;
  const data = {
    ...orderBasics(updated),
    oldName: old.name,
    newName: next.name,
    newEmail: next.email,
    newPhone: next.phone,
    // Every order the change reached, so nobody wonders about the others.
    orders: changed.map((o) => ({ orderId: o.id, commonName: displayCommonName(o.commonName) })),
  };
  const mail = (to: Contact, who: string): MailRequest => ({
    key: `${application.id}:contact-change-applied:${who}`,
    kind: 'contact-change-applied',
    orderId: updated.id,
    locale: updated.locale,
    to: [to.email],
    data: { ...data, contactName: to.name },
  });
  const mails = sameAddress(old.email, next.email) ? [mail(next, 'new')] : [mail(old, 'old'), mail(next, 'new')];
  return { orders: changed, mails };
}
