import { describe, expect, it } from 'vitest';
import {
  domainValidationReuseDays,
  expectedExpiry,
  identityReuseDays,
  maxValidityDays,
  renewalChecks,
} from '../../src/domain/policy.js';

const at = (d: string) => new Date(`${d}T00:00:00Z`);

describe('the dated policy table', () => {
  it('maximum validity by issue date: 398, then 200, 100 and 47 days (SC-081v3)', () => {
    expect(maxValidityDays(at('2026-03-14'))).toBe(398);
    expect(maxValidityDays(at('2026-04-01'))).toBe(200);
    expect(maxValidityDays(at('2027-03-15'))).toBe(100);
    expect(maxValidityDays(at('2029-03-15'))).toBe(47);
  });

  it("JPRS's certificates from 2026-02-18 expire at the end of the month five months after issue, never past the cap", () => {
    expect(expectedExpiry(at('2026-02-17'))).toBe('2027-03-22'); // before the rule: 398 days
    expect(expectedExpiry(at('2026-02-18'))).toBe('2026-07-31');
    // Issued 2026-04-01: inside the 200-day cap (2026-10-18), JPRS's rule ends it on 2026-09-30.
    expect(expectedExpiry(at('2026-04-01'))).toBe('2026-09-30');
    expect(expectedExpiry(new Date('2026-08-31T16:00:00Z'))).toBe('2027-02-28'); // 09-01 JST
    expect(expectedExpiry(at('2029-04-01'))).toBe('2029-05-18'); // the 47-day cap comes first
  });

  it('domain-validation reuse 398 → 200 → 100 → 10 days; OV identity 398 days from 2026-03-15', () => {
    expect(
      [at('2026-01-01'), at('2026-03-15'), at('2027-03-15'), at('2029-03-15')].map(domainValidationReuseDays),
    ).toEqual([398, 200, 100, 10]);
    expect(identityReuseDays(at('2026-03-15'))).toBe(398);
  });

  it('a renewal inside the reuse periods needs neither check; outside, the approval mail and (OV) the phone check', () => {
    const ov = {
      validation: 'OV' as const,
      approvedAt: '2026-04-01T01:00:00Z',
      phoneCheckedAt: '2026-04-02T01:00:00Z',
    };
    // Renewing on 2026-09-30: the approval is 182 days old (reuse 200), the phone check 181 (398).
    expect(renewalChecks(ov, '2026-09-30')).toEqual({ domainApproval: false, phoneCheck: false });
    // Renewing on 2027-05-31 (100-day reuse): the approval mail again, and the identity (424 days old) too.
    expect(renewalChecks(ov, '2027-05-31')).toEqual({ domainApproval: true, phoneCheck: true });
    expect(renewalChecks({ ...ov, phoneCheckedAt: '2026-12-01T00:00:00Z' }, '2027-05-31')).toEqual({
      domainApproval: true,
      phoneCheck: false,
    });
    // A DV order never needs the phone check; a check with no date on record is needed again.
    expect(renewalChecks({ validation: 'DV' }, '2026-09-30')).toEqual({ domainApproval: true, phoneCheck: false });
  });
});
