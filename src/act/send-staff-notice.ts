import { perStaff } from '../outbox/digest-mail.js';
import { heldSection } from '../domain/digest.js';
import { dueStaffNotice, needsInstallNotice } from '../domain/staff-notice.js';
import type { Order } from '../domain/order.js';
import { findById } from '../store/find-by-id.js';
import { SECTION_TITLES } from '../outbox/digest-mail.js';
import { enqueueMail, type MailContext, type MailRequest } from '../outbox/enqueue-mail.js';
import type { Locale } from '../outbox/mail-kinds.js';
import type { OutboxEntry } from '../outbox/outbox-entry.js';
import type { Store } from '../store/store.js';
import type { InboundRecord } from '../inbound/inbound-record.js';

export interface StaffNoticeOptions {
  staff: string[];
  locale: Locale;
  /** Mails arriving within this of the first go in one notice. */
  batchMs: number;
}

/** What the notice says each mail is, and the command that deals with it. */
function itemOf(r: InboundRecord, locale: Locale) {
  const what =
    r.outcome === 'cancellation-requested'
      ? SECTION_TITLES.cancellations[locale]
      : r.intent === 'withdrawal' && r.status !== 'held'
        ? locale === 'ja'
          ? '取り下げ(適用済み)'
          : 'Withdrawal (applied)'
        : SECTION_TITLES[heldSection(r.outcome)][locale];
  const asked = r.outcome === 'cancellation-requested' && r.orderId;
  const command = asked
    ? `certdesk cancel confirm ${r.orderId}   (or: certdesk cancel reject ${r.orderId} --why "…")`
    : `certdesk inbound show ${r.id}`;
  const mailCommand = asked
    ? `confirm ${r.orderId}   (or: reject ${r.orderId} 理由…)`
    : r.status === 'held' || r.status === 'quarantined'
      ? `resolve ${r.id}`
      : null;
  return {
    inboundId: r.id,
    what,
    orderId: r.orderId ?? '-',
    from: r.from ?? '-',
    note: r.note ?? '',
    command,
    mailCommand,
  };
}

/** A completion mail the install check held: what the server serves instead, and what staff can do. */
function heldInstallItem(o: Order, locale: Locale) {
  return {
    inboundId: o.id,
    what: SECTION_TITLES['install-held'][locale],
    orderId: o.id,
    from: o.contact.email,
    note: o.install?.problem ?? '',
    command: `certdesk order verify ${o.id}   (or: certdesk order installed ${o.id} --unverified --note "…")`,
    mailCommand: null,
  };
}

/**
 * The instant notice (CERTDESK_STAFF_NOTIFY=instant): one staff mail for the
 * cancellations, withdrawals and held mails that came in since the last one,
 * batched (see dueStaffNotice). Each mail is told of once.
 */
export async function sendStaffNotice(
  store: Store,
  now: Date,
  mail: MailContext,
  options: StaffNoticeOptions,
): Promise<OutboxEntry | null> {
  // Held installs found on the plain state: the transaction drafts only those orders, not every one.
  const heldIds = (await store.read()).orders.filter((o) => needsInstallNotice(o, now)).map((o) => o.id);
  return store.transaction((draft) => {
    const due = dueStaffNotice(draft.inbound, now, options.batchMs);
    const held = heldIds
      .map((id) => findById(draft.orders, id))
      .filter((o): o is Order => !!o && needsInstallNotice(o, now));
    if (!due.length && !held.length) return null;
    const ids = new Set(due.map((r) => r.id));
    for (const r of draft.inbound) if (ids.has(r.id)) r.staffNotifiedAt = now.toISOString();
    for (const o of held) o.install!.staffNotifiedAt = now.toISOString();
    const items = [
      ...held.map((o) => heldInstallItem(o, options.locale)),
      ...due.map((r) => itemOf(r, options.locale)),
    ];
    const notice: MailRequest = {
      key: `staff-notice:${[...held.map((o) => `${o.id}@${o.install!.at}`), ...due.map((r) => r.id)].join(',')}`,
      kind: 'staff-notice',
      orderId: null,
      locale: options.locale,
      to: options.staff,
      data: { count: items.length, items },
    };
    // One to each staff member, answered to their own signed address: the first is what the caller logs.
    return perStaff(notice, mail, now).map((m) => enqueueMail(draft, m, mail, now))[0]!;
  });
}
