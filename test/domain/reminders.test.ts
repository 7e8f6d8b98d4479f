import { describe, expect, it } from 'vitest';
import { isBusinessDay, nextBusinessDay } from '../../src/domain/business-days.js';
import { addDays, jstMidnight, type JstDate } from '../../src/domain/jst.js';
import { createOrder, type Order } from '../../src/domain/order.js';
import { dueReminders, renewalOffsetsFor, type DueAction } from '../../src/domain/reminders.js';
import { applyEvent, type OrderEvent } from '../../src/domain/transitions.js';
import { sampleInput } from '../helpers/orders.js';

/** 09:00 in Tokyo on a JST date: when the daily run goes. */
const at9 = (date: JstDate) => new Date(jstMidnight(date).getTime() + 9 * 3600_000);

function order(events: [OrderEvent, Date][], over: Partial<Record<string, unknown>> = {}): Order {
  let o = createOrder(sampleInput(over), 'C-0001', new Date('2026-01-05T00:00:00Z'));
  for (const [e, when] of events) o = applyEvent(o, e, when);
  return o;
}
const approvalRequestedAt = (when: Date, over = {}) => order([[{ type: 'approval_requested', at: when }, when]], over);

/** Run the daily job from `from` to `to` (JST dates), applying what is due as the service would. */
function simulate(start: Order, from: JstDate, to: JstDate, skip: (d: JstDate) => boolean = () => false) {
  let o = start;
  const outbox: { key: string }[] = [];
  const log: (DueAction & { on: JstDate })[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (skip(d)) continue;
    for (const a of dueReminders({ orders: [o], outbox }, at9(d))) {
      log.push({ ...a, on: d });
      outbox.push({ key: a.key });
      if (a.type === 'approval-expired') o = applyEvent(o, { type: 'approval_expired' }, at9(d));
    }
  }
  return { order: o, log, sent: log.map((a) => `${a.on} ${a.type}${'offset' in a ? ` ${a.offset}` : ''}`) };
}

describe('business days', () => {
  it('skips weekends and national holidays, substitute holidays included, by the JST date', () => {
    expect(isBusinessDay('2026-11-23')).toBe(false); // 勤労感謝の日 (Monday)
    expect(isBusinessDay('2026-11-24')).toBe(true);
    expect(isBusinessDay('2026-11-28')).toBe(false); // Saturday
    expect(isBusinessDay('2027-01-01')).toBe(false);
    expect(nextBusinessDay('2026-12-31')).toBe('2027-01-04');
    expect(nextBusinessDay('2026-11-20')).toBe('2026-11-24');
  });
});

describe('approval-deadline reminders', () => {
  // Sent 2026-11-20 10:00 JST (Friday) → deadline 2026-12-16 (Wednesday).
  const sent = new Date('2026-11-20T01:00:00Z');

  it('go out at 19, 12, 5, 2 and 1 days before, then the window expires with a notice', () => {
    const run = simulate(approvalRequestedAt(sent), '2026-11-20', '2026-12-20');
    expect(run.sent).toEqual([
      '2026-11-27 approval-reminder 19',
      '2026-12-04 approval-reminder 12',
      '2026-12-11 approval-reminder 5',
      '2026-12-14 approval-reminder 2',
      '2026-12-15 approval-reminder 1',
      '2026-12-17 approval-expired',
    ]);
    expect(run.order.status).toBe('approval_expired');
    expect(run.log[0]).toMatchObject({ deadline: '2026-12-16', daysLeft: 19, cycle: 0 });
  });

  it('none once the order is approved before the first one', () => {
    const o = applyEvent(approvalRequestedAt(sent), { type: 'approved' }, new Date('2026-11-24T01:00:00Z'));
    expect(simulate(o, '2026-11-24', '2027-01-31').log.filter((a) => a.type.startsWith('approval'))).toEqual([]);
  });

  it('after three days down, only the latest reminder still due is sent, once', () => {
    const run = simulate(
      approvalRequestedAt(sent),
      '2026-11-20',
      '2026-12-20',
      (d) => d >= '2026-12-11' && d <= '2026-12-13',
    );
    expect(run.sent).toEqual([
      '2026-11-27 approval-reminder 19',
      '2026-12-04 approval-reminder 12',
      '2026-12-14 approval-reminder 2', // 5 was missed: never sent late
      '2026-12-15 approval-reminder 1',
      '2026-12-17 approval-expired',
    ]);
  });

  it('nothing is sent for a deadline already passed, however long it was down', () => {
    const run = simulate(approvalRequestedAt(sent), '2027-01-10', '2027-01-12');
    expect(run.sent).toEqual(['2027-01-10 approval-expired']);
  });

  it('across a year end: a reminder due on a weekend waits for the next business day', () => {
    // Sent 2026-12-20 10:00 JST → deadline 2027-01-15; 19 days before is Sunday 2026-12-27.
    const run = simulate(approvalRequestedAt(new Date('2026-12-20T01:00:00Z')), '2026-12-20', '2027-01-20');
    expect(run.sent[0]).toBe('2026-12-28 approval-reminder 19');
    expect(run.log[0]).toMatchObject({ deadline: '2027-01-15', daysLeft: 18 });
    expect(run.sent).toContain('2027-01-14 approval-reminder 1');
    expect(run.sent.at(-1)).toBe('2027-01-16 approval-expired');
  });

  it('goes out on a holiday when the deadline comes before the next business day', () => {
    // Sent 2026-12-07 10:00 JST → deadline Saturday 2027-01-02; 1 day before is New Year's Day.
    const run = simulate(approvalRequestedAt(new Date('2026-12-07T01:00:00Z')), '2026-12-28', '2027-01-03');
    expect(run.sent).toEqual([
      '2026-12-28 approval-reminder 5',
      '2026-12-31 approval-reminder 2',
      '2027-01-01 approval-reminder 1',
      '2027-01-03 approval-expired',
    ]);
  });

  it('the deadline is a Tokyo date: instants either side of JST midnight', () => {
    const before = approvalRequestedAt(new Date('2026-11-19T14:59:59Z')); // 11-19 23:59:59 JST → deadline 12-15
    const after = approvalRequestedAt(new Date('2026-11-19T15:00:00Z')); // 11-20 00:00 JST → deadline 12-16
    const at = (iso: string, o: Order) => dueReminders({ orders: [o], outbox: [] }, new Date(iso))[0];
    expect(at('2026-12-14T14:59:59Z', before)).toMatchObject({ deadline: '2026-12-15', daysLeft: 1, offset: 1 });
    expect(at('2026-12-14T14:59:59Z', after)).toMatchObject({ deadline: '2026-12-16', daysLeft: 2, offset: 2 });
    expect(at('2026-12-15T15:00:00Z', before)).toMatchObject({ type: 'approval-expired' }); // 12-16 00:00 JST
    expect(at('2026-12-15T14:59:59Z', before)).toMatchObject({ type: 'approval-reminder', daysLeft: 0 });
  });

  it('a month end: sent 2027-01-31 → deadline 2027-02-26 (Friday), 19 days before is 2027-02-07 (Sunday) → Monday', () => {
    const run = simulate(approvalRequestedAt(new Date('2027-01-31T01:00:00Z')), '2027-01-31', '2027-03-01');
    expect(run.log[0]).toMatchObject({ on: '2027-02-08', deadline: '2027-02-26', offset: 19 });
  });
});

describe('renewal checks', () => {
  const installedOV = (issued: Date, expires: Date | null) =>
    order([
      [{ type: 'approval_requested' }, issued],
      [{ type: 'approved' }, issued],
      [{ type: 'phone_checked' }, issued],
      [expires ? { type: 'issued', expiresAt: expires } : { type: 'issued' }, issued],
      [{ type: 'installed' }, issued],
    ]);

  it("a year's certificate: 60, 30 and 14 days before its expiry (business days)", () => {
    // Issued before 2026-03-15, when a year was still allowed (398 days).
    const o = installedOV(new Date('2026-03-02T01:00:00Z'), new Date('2027-03-02T00:00:00Z'));
    const run = simulate(o, '2026-12-01', '2027-03-10');
    expect(run.log.map((a) => a.type === 'renewal-reminder' && [a.on, a.offset, a.renewalDate])).toEqual([
      ['2027-01-04', 60, '2027-03-02'], // 01-01 is New Year's Day, then a weekend
      ['2027-02-01', 30, '2027-03-02'], // 01-31 is Sunday
      ['2027-02-16', 14, '2027-03-02'],
    ]);
  });

  it("without a known expiry: JPRS's month-end rule inside the 200-day cap of 2026 (issued 06-01: 2026-11-30, not 12-18)", () => {
    const o = installedOV(new Date('2026-06-01T01:00:00Z'), null);
    const first = simulate(o, '2026-09-01', '2026-12-31').log[0];
    expect(first).toMatchObject({ type: 'renewal-reminder', renewalDate: '2026-11-30' });
  });

  it('an order issued on 2026-04-01 is reminded on the 200-day cap era lifetime (182 days), never a year ahead', () => {
    const o = installedOV(new Date('2026-04-01T01:00:00Z'), null);
    const log = simulate(o, '2026-04-01', '2026-12-31').log;
    expect(log.map((a) => a.type === 'renewal-reminder' && [a.offset, a.renewalDate])).toEqual([
      [30, '2026-09-30'], // 60 × 182/365
      [15, '2026-09-30'],
      [7, '2026-09-30'],
    ]);
  });

  it('short lifetimes scale the offsets so the first still falls well inside the lifetime', () => {
    expect(renewalOffsetsFor(365, [60, 30, 14])).toEqual([60, 30, 14]);
    expect(renewalOffsetsFor(200, [60, 30, 14])).toEqual([33, 16, 8]);
    expect(renewalOffsetsFor(47, [60, 30, 14])).toEqual([8, 4, 2]);
  });

  it('an OV renewal cycle: renewal reminder, then approval reminders of cycle 1, none while the phone check runs', () => {
    // A year's certificate, issued before 2026-03-15 (398 days were allowed then).
    let o = installedOV(new Date('2026-03-02T01:00:00Z'), new Date('2027-03-02T00:00:00Z'));
    expect(simulate(o, '2026-12-25', '2027-01-10').log[0]).toMatchObject({ type: 'renewal-reminder', offset: 60 });
    const requested = new Date('2027-01-12T01:00:00Z'); // JPRS mails the approver: deadline 2027-02-07
    o = applyEvent(o, { type: 'approval_requested', at: requested }, requested);
    const cycle = simulate(o, '2027-01-12', '2027-01-27');
    expect(cycle.log[0]).toMatchObject({ type: 'approval-reminder', cycle: 1, offset: 19, deadline: '2027-02-07' });
    expect(cycle.log.every((a) => a.type === 'approval-reminder')).toBe(true);
    o = applyEvent(o, { type: 'approved' }, new Date('2027-01-28T01:00:00Z'));
    expect(o.renewal?.stage).toBe('phone_check_pending');
    expect(simulate(o, '2027-01-28', '2027-02-20').log).toEqual([]);
  });
});

describe('documents reminders', () => {
  it('after 7 days waiting, then at most weekly', () => {
    const requested = new Date('2026-11-24T01:00:00Z'); // Tuesday
    const o = order([[{ type: 'documents_requested' }, requested]]);
    const run = simulate(o, '2026-11-24', '2026-12-16');
    expect(run.log.map((a) => a.type === 'documents-reminder' && [a.on, a.waitingDays])).toEqual([
      ['2026-12-01', 7],
      ['2026-12-08', 14],
      ['2026-12-15', 21],
    ]);
  });
});
