import type { InboundRecord } from '../inbound/inbound-record.js';
import type { Order } from './order.js';

/** What staff hear of at once: a cancellation asked, a withdrawal, a mail held for them to read. */
export function needsStaffNotice(r: InboundRecord): boolean {
  if (r.staffNotifiedAt || r.resolvedAt || r.status === 'received') return false;
  return r.outcome === 'cancellation-requested' || r.intent === 'withdrawal' || r.status === 'held';
}

/**
 * The mails one instant notice tells of, or none yet. Mails that come close
 * together go in one notice: it waits until the first of them is `batchMs`
 * old (a customer's three mails in a minute are one notice, not three), and
 * then tells of all that are waiting.
 */
export function dueStaffNotice(inbound: readonly InboundRecord[], now: Date, batchMs: number): InboundRecord[] {
  // A day old and untold (a store from before notices, a service down for days): the digest has it.
  const since = now.getTime() - 24 * 3_600_000;
  const waiting = inbound.filter(
    (r) => needsStaffNotice(r) && new Date(r.processedAt ?? r.receivedAt).getTime() >= since,
  );
  if (!waiting.length) return [];
  const first = Math.min(...waiting.map((r) => new Date(r.processedAt ?? r.receivedAt).getTime()));
  return now.getTime() - first >= batchMs ? waiting : [];
}

/**
 * An order whose completion mail the install check held, not yet told:
 * staff hear of it at once (a day old and untold, the digest has it).
 */
export function needsInstallNotice(o: Order, now: Date): boolean {
  const c = o.install;
  return (
    o.status === 'installed' &&
    c?.state === 'held' &&
    !c.staffNotifiedAt &&
    now.getTime() - new Date(c.at).getTime() < 24 * 3_600_000
  );
}
