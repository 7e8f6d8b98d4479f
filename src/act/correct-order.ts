import { closeApplication } from '../domain/change-applications.js';
import { maxValidityDays } from '../domain/policy.js';
import { InvalidStepDate } from '../domain/errors.js';
import { DAY_IN_MS } from '../domain/jst.js';
import { Contact, Organization, type Order } from '../domain/order.js';
import { applyEvent } from '../domain/transitions.js';
import type { Store } from '../store/store.js';
import { findOrder, priorOf, replaceOrder, type StaffAct } from './record-step.js';

/** What `order edit` may correct: the facts staff typed, never the state. */
export interface OrderCorrection {
  expiresAt?: Date;
  contact?: { [K in keyof Contact]?: string | undefined };
  organization?: { [K in 'O' | 'OU' | 'L' | 'ST']?: string | undefined };
  /** Step dates typed wrong: when the application came, when JPRS sent the approval mail, when it was installed. */
  dates?: { receivedAt?: Date; approvalRequestedAt?: Date; installedAt?: Date };
}

const DATE_STEPS = ['receivedAt', 'approvalRequestedAt', 'installedAt'] as const;
const FLAG = {
  receivedAt: '--received-at',
  approvalRequestedAt: '--approval-requested-at',
  installedAt: '--installed-at',
};

/**
 * Corrects an order's facts with the checks they had when first entered
 * (the expiry within the cap of its issue date, a valid contact, the
 * 128-character organization), recorded in the history with what changed,
 * who and why. No mail: a correction is the desk's own.
 */
export function editOrder(
  store: Store,
  id: string,
  change: OrderCorrection,
  now: Date,
  act: StaffAct,
): Promise<{ order: Order; changed: string[] }> {
  return store.transaction((draft) => {
    const before = findOrder(draft, id);
    const order: Order = JSON.parse(JSON.stringify(before)) as Order;
    const changed: string[] = [];
    if (change.expiresAt) {
      const issued = order.renewal?.issuedAt ?? order.steps.issuedAt;
      if (!issued) throw new InvalidStepDate(order.id, 'it has no issued certificate whose expiry could be corrected');
      const lifetime = change.expiresAt.getTime() - new Date(issued).getTime();
      const cap = maxValidityDays(new Date(issued));
      if (lifetime <= 0 || lifetime > cap * DAY_IN_MS)
        throw new InvalidStepDate(
          order.id,
          `--expires ${change.expiresAt.toISOString().slice(0, 10)} is not within ${cap} days after the issue (${issued.slice(0, 10)})`,
        );
      const target = order.renewal?.issuedAt ? order.renewal : order.steps;
      changed.push(
        `expiry ${target.expiresAt?.slice(0, 10) ?? '(unknown)'} → ${change.expiresAt.toISOString().slice(0, 10)}`,
      );
      target.expiresAt = change.expiresAt.toISOString();
    }
    if (change.contact && Object.values(change.contact).some(Boolean)) {
      const next = Contact.parse({ ...order.contact, ...stripEmpty(change.contact) });
      for (const k of ['name', 'email', 'phone'] as const)
        if (next[k] !== order.contact[k]) changed.push(`contact ${k} ${order.contact[k]} → ${next[k]}`);
      order.contact = next;
    }
    if (change.organization && Object.values(change.organization).some(Boolean)) {
      const next = Organization.parse({ ...order.organization, ...stripEmpty(change.organization) });
      for (const k of ['O', 'OU', 'L', 'ST'] as const)
        if (next[k] !== order.organization[k]) changed.push(`${k} ${order.organization[k] ?? '-'} → ${next[k] ?? '-'}`);
      order.organization = next;
    }
    for (const step of DATE_STEPS) {
      const at = change.dates?.[step];
      if (!at) continue;
      if (!order.steps[step]) throw new InvalidStepDate(order.id, `${FLAG[step]}: the order has no such step yet`);
      if (at.getTime() > now.getTime() + 5 * 60_000)
        throw new InvalidStepDate(order.id, `${FLAG[step]} ${at.toISOString()} is in the future`);
      changed.push(`${step} ${order.steps[step]} → ${at.toISOString()}`);
      order.steps[step] = at.toISOString();
    }
    // The steps stay in their order: received, then approval requested, then installed.
    const [received, requested, installed] = DATE_STEPS.map((k) => order.steps[k]);
    if ((requested && received! > requested) || (installed && (requested ?? received!) > installed))
      throw new InvalidStepDate(
        order.id,
        'the dates would put a step before the one it follows (received ≤ approval requested ≤ installed)',
      );
    if (!changed.length)
      throw new InvalidStepDate(order.id, 'nothing to change: give what to correct (--expires, --contact-…, --o, …)');
    order.history.push({
      at: now.toISOString(),
      event: 'edited',
      from: order.status,
      to: order.status,
      by: act.by,
      detail: changed.join('; '),
      // `order undo` puts the facts back too.
      prior: { ...priorOf(before), contact: before.contact, organization: before.organization },
      ...(act.note ? { note: act.note } : {}),
    });
    replaceOrder(draft, order);
    return { order, changed };
  });
}

function stripEmpty<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

/**
 * An order entered by mistake: void, kept for the record. Its unsent mails
 * are withdrawn and an open change application of it is closed.
 */
export function voidOrder(store: Store, id: string, now: Date, act: StaffAct & { note: string }) {
  return store.transaction((draft) => {
    const before = findOrder(draft, id);
    const order = applyEvent(before, { type: 'voided', why: act.note }, now, act.by);
    order.history.at(-1)!.prior = priorOf(before); // a void by mistake can be undone
    const withdrawn: string[] = [];
    for (const e of draft.outbox)
      if (e.orderId === order.id && (e.status === 'pending' || e.status === 'failed')) {
        e.status = 'withdrawn';
        e.lastError = 'order void';
        withdrawn.push(e.id);
      }
    for (const [i, a] of draft.applications.entries())
      if (a.orderId === order.id && a.status === 'open') draft.applications[i] = closeApplication(a, 'withdrawn', now);
    replaceOrder(draft, order);
    return { order, withdrawn };
  });
}
