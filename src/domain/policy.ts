import { addDays, daysBetween, jstDate, type JstDate } from './jst.js';

/**
 * The rules that change by date, as data: each row holds from its date on
 * (a UTC date, as the ballots write them) until the next row's. A new ballot
 * is a new row with its source, not a new branch.
 */
interface DatedRow {
  from: string;
  days: number;
  source: string;
}

const BEFORE = '0000-01-01';

/** The longest validity of a public TLS certificate, by the day it is issued. */
const MAX_VALIDITY: readonly DatedRow[] = [
  { from: BEFORE, days: 398, source: 'CA/B Forum Baseline Requirements 6.3.2 (ballot SC-22, 2020-09-01)' },
  { from: '2026-03-15', days: 200, source: 'CA/B Forum ballot SC-081v3' },
  { from: '2027-03-15', days: 100, source: 'CA/B Forum ballot SC-081v3' },
  { from: '2029-03-15', days: 47, source: 'CA/B Forum ballot SC-081v3' },
];

/**
 * How long a past domain-control check may be reused for a new certificate,
 * by the day that certificate is issued: outside it, JPRS sends the approval
 * mail again.
 */
const DOMAIN_VALIDATION_REUSE: readonly DatedRow[] = [
  { from: BEFORE, days: 398, source: 'CA/B Forum Baseline Requirements 4.2.1 (ballot SC-42)' },
  { from: '2026-03-15', days: 200, source: 'CA/B Forum ballot SC-081v3' },
  { from: '2027-03-15', days: 100, source: 'CA/B Forum ballot SC-081v3' },
  { from: '2029-03-15', days: 10, source: 'CA/B Forum ballot SC-081v3' },
];

/** How long an OV organization's verified identity may be reused: outside it, JPRS phones again. */
const IDENTITY_REUSE: readonly DatedRow[] = [
  { from: BEFORE, days: 825, source: 'CA/B Forum Baseline Requirements 4.2.1 (before SC-081v3)' },
  { from: '2026-03-15', days: 398, source: 'CA/B Forum ballot SC-081v3' },
];

/**
 * JPRS's notice of 2025-11-27: its conventional server certificates issued
 * from 2026-02-18 expire at the end of the month five months after the
 * month of issue (issued 2026-04-01 → valid to 2026-09-30).
 */
const JPRS_MONTH_END_RULE_FROM = '2026-02-18';
const JPRS_MONTH_END_MONTHS = 5;

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

function rowFor(table: readonly DatedRow[], at: Date): DatedRow {
  const day = utcDay(at);
  let row = table[0]!;
  for (const r of table) if (day >= r.from) row = r;
  return row;
}

/** The longest validity allowed for a certificate issued at `issuedAt`, in days. */
export function maxValidityDays(issuedAt: Date): number {
  return rowFor(MAX_VALIDITY, issuedAt).days;
}

/** Where that limit comes from, for the words staff and customers read. */
export function maxValiditySource(issuedAt: Date): string {
  return rowFor(MAX_VALIDITY, issuedAt).source;
}

export function domainValidationReuseDays(issuedAt: Date): number {
  return rowFor(DOMAIN_VALIDATION_REUSE, issuedAt).days;
}

export function identityReuseDays(issuedAt: Date): number {
  return rowFor(IDENTITY_REUSE, issuedAt).days;
}

/** The last day of the month `months` after the month of `date` (JST dates). */
function monthEndAfter(date: JstDate, months: number): JstDate {
  const [y, m] = date.split('-').map(Number) as [number, number];
  // Day 0 of the month after the target month is the target month's last day.
  return new Date(Date.UTC(y, m - 1 + months + 1, 0)).toISOString().slice(0, 10);
}

/**
 * When a JPRS certificate issued at `issuedAt` expires, when its own
 * not-after is not known: by JPRS's month-end rule from 2026-02-18, and
 * never later than the longest validity allowed on that day. Assuming the
 * earlier of the two means a renewal is never reminded after the fact.
 */
export function expectedExpiry(issuedAt: Date): JstDate {
  const issued = jstDate(issuedAt);
  const cap = addDays(issued, maxValidityDays(issuedAt));
  if (utcDay(issuedAt) < JPRS_MONTH_END_RULE_FROM) return cap;
  const monthEnd = monthEndAfter(issued, JPRS_MONTH_END_MONTHS);
  return monthEnd < cap ? monthEnd : cap;
}

/** What a renewal will need of the customer, decided by the reuse periods. */
export interface RenewalChecks {
  /** JPRS's domain-approval mail (or DNS / web-file check) again. */
  domainApproval: boolean;
  /** JPRS's phone check again (OV only). */
  phoneCheck: boolean;
}

/**
 * Which checks a renewal issued on `renewalOn` needs: a past check counts
 * while its reuse period (on that day's rules) has not run out. A check
 * with no date on record is assumed to be needed again.
 */
export function renewalChecks(
  last: { validation: 'DV' | 'OV'; approvedAt?: string | undefined; phoneCheckedAt?: string | undefined },
  renewalOn: JstDate,
): RenewalChecks {
  const on = new Date(`${renewalOn}T00:00:00Z`);
  const stillValid = (at: string | undefined, days: number) =>
    at !== undefined && daysBetween(jstDate(new Date(at)), renewalOn) <= days;
  return {
    domainApproval: !stillValid(last.approvedAt, domainValidationReuseDays(on)),
    phoneCheck: last.validation === 'OV' && !stillValid(last.phoneCheckedAt, identityReuseDays(on)),
  };
}
