import { describe, expect, it } from 'vitest';
import { IllegalTransition } from '../../src/domain/errors.js';
import { ORDER_STATUSES, cancellationFeesApply, type Order, type OrderStatus } from '../../src/domain/order.js';
import { applyEvent, openApprovalWindow, type OrderEvent } from '../../src/domain/transitions.js';
import { orderAt, PATH_TO_INSTALLED_DV, PATH_TO_INSTALLED_OV, T0 } from '../helpers/orders.js';

const EVENTS: OrderEvent[] = [
  { type: 'documents_requested' },
  { type: 'documents_received' },
  { type: 'approval_requested' },
  { type: 'approved' },
  { type: 'phone_checked' },
  { type: 'issued' },
  { type: 'installed' },
  { type: 'approval_expired' },
  { type: 'cancel_requested', reason: 'r' },
  { type: 'cancel_confirmed' },
  { type: 'cancel_rejected', why: 'w' },
  { type: 'voided', why: 'entered twice' },
];

// How to reach each status, for OV and DV orders.
const REACH: Record<OrderStatus, OrderEvent['type'][]> = {
  received: [],
  documents_pending: ['documents_requested'],
  approval_pending: ['approval_requested'],
  phone_check_pending: ['approval_requested', 'approved'],
  approved: ['approval_requested', 'approved', 'phone_checked'],
  issued: ['approval_requested', 'approved', 'phone_checked', 'issued'],
  installed: PATH_TO_INSTALLED_OV,
  approval_expired: ['approval_requested', 'approval_expired'],
  cancel_requested: ['cancel_requested'],
  cancelled: ['cancel_requested', 'cancel_confirmed'],
  void: ['approval_requested', 'voided'],
};

// The complete table of legal first-cycle moves of an OV order: [from, event] → to.
const LEGAL_OV: Record<string, OrderStatus> = {
  'received documents_requested': 'documents_pending',
  'documents_pending documents_received': 'received',
  'received approval_requested': 'approval_pending',
  'approval_expired approval_requested': 'approval_pending',
  'approval_pending approved': 'phone_check_pending',
  'phone_check_pending phone_checked': 'approved',
  'approved issued': 'issued',
  'issued installed': 'installed',
  'approval_pending approval_expired': 'approval_expired',
  'installed approval_requested': 'installed', // starts a renewal
  'installed issued': 'installed', // a renewal issued on reused checks (policy.ts)
  'cancel_requested cancel_confirmed': 'cancelled',
};
for (const s of ORDER_STATUSES)
  if (s !== 'cancel_requested' && s !== 'cancelled' && s !== 'void')
    LEGAL_OV[`${s} cancel_requested`] = 'cancel_requested';
LEGAL_OV['cancel_requested cancel_rejected'] = 'received'; // back to where it was (reached from received)
// Any order not yet closed can be voided (entered by mistake).
for (const s of ORDER_STATUSES) if (s !== 'cancelled' && s !== 'void') LEGAL_OV[`${s} voided`] = 'void';

describe('order transitions (OV), every status × every event', () => {
  for (const status of ORDER_STATUSES) {
    for (const event of EVENTS) {
      const key = `${status} ${event.type}`;
      const expected = LEGAL_OV[key];
      it(`${key} → ${expected ?? 'IllegalTransition'}`, () => {
        const order = orderAt(REACH[status]);
        expect(order.status).toBe(status);
        if (expected) {
          const next = applyEvent(order, event, T0);
          expect(next.status).toBe(expected);
          expect(next.history.at(-1)).toMatchObject({ event: event.type, from: status, to: expected });
          expect(order.status).toBe(status); // input untouched
        } else {
          expect(() => applyEvent(order, event, T0)).toThrow(IllegalTransition);
        }
      });
    }
  }
});

describe('DV orders skip the phone check', () => {
  it('approved goes to approved, not phone_check_pending', () => {
    expect(orderAt(['approval_requested', 'approved'], { validation: 'DV' }).status).toBe('approved');
  });
  it('phone_checked is illegal for a DV order awaiting issue', () => {
    const order = orderAt(['approval_requested', 'approved'], { validation: 'DV' });
    expect(() => applyEvent(order, { type: 'phone_checked' }, T0)).toThrow(/phone_checked.*approved/);
  });
  it('reaches installed', () => {
    expect(orderAt(PATH_TO_INSTALLED_DV, { validation: 'DV' }).status).toBe('installed');
  });
});

describe('dates given with a step must be possible', () => {
  it('an --at in the future, or before the step before it, is refused', () => {
    const o = orderAt([]);
    expect(() => applyEvent(o, { type: 'approval_requested', at: new Date(T0.getTime() + 3_600_000) }, T0)).toThrow(
      /in the future/,
    );
    expect(() => applyEvent(o, { type: 'approval_requested', at: new Date('2026-11-01T00:00:00Z') }, T0)).toThrow(
      /before the order's last step \(received/,
    );
  });
  it('an expiry before the issue, or past the longest validity of its issue date, is refused', () => {
    const approved = orderAt(['approval_requested', 'approved', 'phone_checked']);
    const today = new Date('2026-12-02T03:00:00Z');
    expect(() => applyEvent(approved, { type: 'issued', expiresAt: new Date('2027-12-31T00:00:00Z') }, today)).toThrow(
      /394 days after the issue; a certificate issued on 2026-12-02 may be valid for at most 200 days/,
    );
    expect(() => applyEvent(approved, { type: 'issued', expiresAt: new Date('2026-11-30T00:00:00Z') }, today)).toThrow(
      /is not after the issue/,
    );
    expect(applyEvent(approved, { type: 'issued', expiresAt: new Date('2027-06-20T00:00:00Z') }, today).status).toBe(
      'issued',
    );
    // Before 2026-03-15 a year's certificate was allowed (398 days).
    const early = new Date('2026-03-01T00:00:00Z');
    expect(applyEvent(approved, { type: 'issued', expiresAt: new Date('2027-03-01T00:00:00Z') }, early).status).toBe(
      'issued',
    );
  });
});

describe('steps are stamped', () => {
  it('records approval time from --at, issue expiry and install time', () => {
    let o = orderAt([]);
    const later = new Date('2026-11-22T00:00:00Z');
    o = applyEvent(o, { type: 'approval_requested', at: new Date('2026-11-20T02:00:00Z') }, later);
    expect(o.steps.approvalRequestedAt).toBe('2026-11-20T02:00:00.000Z');
    o = applyEvent(applyEvent(o, { type: 'approved' }, later), { type: 'phone_checked' }, later);
    o = applyEvent(o, { type: 'issued', expiresAt: new Date('2027-05-01T00:00:00Z') }, later);
    expect(o.steps.expiresAt).toBe('2027-05-01T00:00:00.000Z');
    o = applyEvent(o, { type: 'installed', at: new Date('2026-11-22T06:00:00Z') }, new Date('2026-11-23T00:00:00Z'));
    expect(o.steps.installedAt).toBe('2026-11-22T06:00:00.000Z');
  });
  it('a re-requested approval after expiry opens a new window', () => {
    let o = orderAt(['approval_requested', 'approval_expired']);
    expect(o.steps.approvalExpiredAt).toBeDefined();
    o = applyEvent(
      o,
      { type: 'approval_requested', at: new Date('2026-12-20T00:00:00Z') },
      new Date('2026-12-20T01:00:00Z'),
    );
    expect(o.steps.approvalExpiredAt).toBeUndefined();
    expect(openApprovalWindow(o)?.requestedAt.toISOString()).toBe('2026-12-20T00:00:00.000Z');
  });
});

describe('cancellation', () => {
  it('remembers the status to resume and the reason', () => {
    const o = applyEvent(orderAt(['approval_requested']), { type: 'cancel_requested', reason: '予算のため' }, T0);
    expect(o.cancellation).toMatchObject({ reason: '予算のため', resumeStatus: 'approval_pending' });
    expect(applyEvent(o, { type: 'cancel_rejected', why: 'not the contact' }, T0).status).toBe('approval_pending');
  });
  it('fees apply only after installation', () => {
    expect(cancellationFeesApply(orderAt(['approval_requested']))).toBe(false);
    expect(cancellationFeesApply(orderAt(PATH_TO_INSTALLED_OV))).toBe(true);
  });
  it('a cancelled order takes no further step', () => {
    const o = orderAt(['cancel_requested', 'cancel_confirmed']);
    for (const e of EVENTS) expect(() => applyEvent(o, e, T0)).toThrow(IllegalTransition);
  });
});

describe('renewal on an installed order', () => {
  const step = (o: Order, e: OrderEvent) => applyEvent(o, e, T0);

  it('OV: approval, phone check, issue, install; stays installed throughout', () => {
    let o = orderAt(PATH_TO_INSTALLED_OV);
    const renewing = (e: OrderEvent) => applyEvent(o, e, new Date('2027-04-01T01:00:00Z'));
    o = renewing({ type: 'approval_requested', at: new Date('2027-04-01T00:00:00Z') });
    expect(o).toMatchObject({ status: 'installed', renewal: { cycle: 1, stage: 'approval_pending' } });
    expect(openApprovalWindow(o)).toEqual({ requestedAt: new Date('2027-04-01T00:00:00Z'), cycle: 1 });
    o = renewing({ type: 'approved' });
    expect(o.renewal?.stage).toBe('phone_check_pending');
    o = renewing({ type: 'phone_checked' });
    expect(o.renewal?.stage).toBe('approved');
    o = renewing({ type: 'issued', expiresAt: new Date('2027-07-01T00:00:00Z') }); // 91 days: the cap is 100 from 2027-03-15
    expect(o).toMatchObject({ status: 'installed', cycle: 0, renewal: { stage: 'issued' } });
    o = renewing({ type: 'installed' });
    expect(o).toMatchObject({
      status: 'installed',
      cycle: 1,
      renewal: null,
      steps: { expiresAt: '2027-07-01T00:00:00.000Z' },
    });
    expect(o.history.filter((h) => h.detail?.startsWith('renewal cycle 1'))).toHaveLength(5);
  });

  it('OV renewal may be issued without a phone check (JPRS may skip it at renewal)', () => {
    let o = step(step(orderAt(PATH_TO_INSTALLED_OV), { type: 'approval_requested' }), { type: 'approved' });
    o = step(o, { type: 'issued' });
    expect(o.renewal?.stage).toBe('issued');
  });

  it('DV renewal has no phone check', () => {
    let o = orderAt(PATH_TO_INSTALLED_DV, { validation: 'DV' });
    o = step(step(o, { type: 'approval_requested' }), { type: 'approved' });
    expect(o.renewal?.stage).toBe('approved');
    expect(() => step(o, { type: 'phone_checked' })).toThrow(IllegalTransition);
  });

  it('a lapsed renewal approval can be requested again, same cycle', () => {
    let o = step(orderAt(PATH_TO_INSTALLED_OV), { type: 'approval_requested' });
    o = step(o, { type: 'approval_expired' });
    expect(o).toMatchObject({ status: 'installed', renewal: { stage: 'approval_expired', cycle: 1 } });
    expect(openApprovalWindow(o)).toBeNull();
    o = step(o, { type: 'approval_requested' });
    expect(o.renewal).toMatchObject({ stage: 'approval_pending', cycle: 1 });
  });

  it('illegal renewal steps are named errors', () => {
    const installed = orderAt(PATH_TO_INSTALLED_OV);
    for (const type of ['approved', 'phone_checked', 'installed', 'approval_expired', 'documents_received'] as const)
      expect(() => step(installed, { type } as OrderEvent)).toThrow(IllegalTransition);
    const pending = step(installed, { type: 'approval_requested' });
    expect(() => step(pending, { type: 'approval_requested' })).toThrow(/renewal approval_pending/);
    expect(() => step(pending, { type: 'installed' })).toThrow(IllegalTransition);
  });

  it('a cancellation during a renewal resumes installed with the renewal intact when rejected', () => {
    let o = step(orderAt(PATH_TO_INSTALLED_OV), { type: 'approval_requested' });
    o = step(o, { type: 'cancel_requested', reason: null });
    o = step(o, { type: 'cancel_rejected', why: 'sender is not the contact' });
    expect(o).toMatchObject({ status: 'installed', renewal: { stage: 'approval_pending' } });
  });
});
