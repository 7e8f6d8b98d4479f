import { heldSection } from '../domain/digest.js';
import { dueStaffNotice } from '../domain/staff-notice.js';
import { SECTION_TITLES } from '../outbox/digest-mail.js';
import { enqueueMail, type MailContext } from '../outbox/enqueue-mail.js';
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
  const command =
    r.outcome === 'cancellation-requested' && r.orderId
      ? `certdesk cancel confirm ${r.orderId}   (or: certdesk cancel reject ${r.orderId} --why "…")`
      : `certdesk inbound show ${r.id}`;
  return { inboundId: r.id, what, orderId: r.orderId ?? '-', from: r.from ?? '-', note: r.note ?? '', command };
}

/**
 * The instant notice (CERTDESK_STAFF_NOTIFY=instant): one staff mail for the
 * cancellations, withdrawals and held mails that came in since the last one,
 * batched (see dueStaffNotice). Each mail is told of once.
 */
export function sendStaffNotice(
  store: Store,
  now: Date,
  mail: MailContext,
  options: StaffNoticeOptions,
): Promise<OutboxEntry | null> {
  return store.transaction((draft) => {
    const due = dueStaffNotice(draft.inbound, now, options.batchMs);
    if (!due.length) return null;
    const ids = new Set(due.map((r) => r.id));
    for (const r of draft.inbound) if (ids.has(r.id)) r.staffNotifiedAt = now.toISOString();
    return enqueueMail(
      draft,
      {
        key: `staff-notice:${due.map((r) => r.id).join(',')}`,
        kind: 'staff-notice',
        orderId: null,
        locale: options.locale,
        to: options.staff,
        data: { count: due.length, items: due.map((r) => itemOf(r, options.locale)) },
      },
      mail,
      now,
    );
  });
}
