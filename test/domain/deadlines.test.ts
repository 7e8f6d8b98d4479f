import { describe, expect, it } from 'vitest';
import { approvalDeadline, daysUntil, isPastDeadline, lifetimeDays, renewalDate } from '../../src/domain/deadlines.js';
import { maxValidityDays } from '../../src/domain/policy.js';
import { addDays, formatJstDate, jstDate, jstMidnight } from '../../src/domain/jst.js';

describe('JST calendar dates', () => {
  it('an instant just before JST midnight is still the earlier day; just after, the next', () => {
    expect(jstDate(new Date('2026-11-25T14:59:59.999Z'))).toBe('2026-11-25');
    expect(jstDate(new Date('2026-11-25T15:00:00.000Z'))).toBe('2026-11-26');
  });
  it('year end in Tokyo comes nine hours before UTC', () => {
    expect(jstDate(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01');
    expect(jstMidnight('2027-01-01').toISOString()).toBe('2026-12-31T15:00:00.000Z');
  });
  it('adds days across month ends, leap days and year ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
  it('formats dates for mails', () => {
    expect(formatJstDate('2026-12-16', 'ja')).toBe('2026年12月16日');
    expect(formatJstDate('2026-12-16', 'en')).toBe('16 December 2026');
  });
});

describe('approval deadline: send time + 26 days, as a Tokyo date', () => {
  it('mid-month', () => {
    expect(approvalDeadline(new Date('2026-11-20T01:00:00Z'))).toBe('2026-12-16');
  });
  it('across a month end', () => {
    expect(approvalDeadline(new Date('2026-01-10T03:00:00Z'))).toBe('2026-02-05');
  });
  it('across a year end', () => {
    expect(approvalDeadline(new Date('2026-12-10T00:00:00Z'))).toBe('2027-01-05');
  });
  it('across February in a leap year', () => {
    expect(approvalDeadline(new Date('2028-02-10T00:00:00Z'))).toBe('2028-03-07');
  });
  it('sent at 23:59 JST counts from that Tokyo day; at 00:00 JST from the next', () => {
    expect(approvalDeadline(new Date('2026-11-30T14:59:00Z'))).toBe('2026-12-26'); // 23:59 JST on 11-30
    expect(approvalDeadline(new Date('2026-11-30T15:00:00Z'))).toBe('2026-12-27'); // 00:00 JST on 12-01
  });
  it('days left and lapse are counted in Tokyo days', () => {
    const deadline = '2026-12-16';
    expect(daysUntil(deadline, new Date('2026-12-15T14:59:59Z'))).toBe(1); // 23:59:59 JST on 12-15
    expect(daysUntil(deadline, new Date('2026-12-15T15:00:00Z'))).toBe(0); // 00:00 JST on 12-16
    expect(isPastDeadline(deadline, new Date('2026-12-16T14:59:59Z'))).toBe(false); // last second of the day
    expect(isPastDeadline(deadline, new Date('2026-12-16T15:00:00Z'))).toBe(true); // 00:00 JST on 12-17
  });
});

describe('renewal date from the certificate, never "a year later"', () => {
  it('uses the certificate expiry when known', () => {
    expect(
      renewalDate({ issuedAt: new Date('2026-05-01T00:00:00Z'), expiresAt: new Date('2026-11-17T14:59:59Z') }),
    ).toBe('2026-11-17');
  });
  it("else what the dated policy expects: the longest validity allowed (SC-081v3), or JPRS's month-end rule when earlier", () => {
    expect(maxValidityDays(new Date('2026-03-14T23:59:59Z'))).toBe(398);
    expect(maxValidityDays(new Date('2026-03-15T00:00:00Z'))).toBe(200);
    expect(maxValidityDays(new Date('2027-03-14T23:59:59Z'))).toBe(200);
    expect(maxValidityDays(new Date('2027-03-15T00:00:00Z'))).toBe(100);
    expect(maxValidityDays(new Date('2029-03-15T00:00:00Z'))).toBe(47);
    expect(renewalDate({ issuedAt: new Date('2026-01-10T00:00:00Z') })).toBe('2027-02-12'); // 398 days
    // JPRS from 2026-02-18: the end of the month five months after issue (156 days, inside the 200-day cap).
    expect(renewalDate({ issuedAt: new Date('2026-11-25T00:00:00Z') })).toBe('2027-04-30');
    expect(renewalDate({ issuedAt: new Date('2029-12-20T00:00:00Z') })).toBe('2030-02-05'); // 47 days, over a year end
  });
  it('the lifetime in days', () => {
    expect(lifetimeDays({ issuedAt: new Date('2029-04-01T00:00:00Z') })).toBe(47);
  });
});
