import { DAY_IN_MS, daysBetween, jstDate, type JstDate } from './jst.js';
import { expectedExpiry } from './policy.js';

/** JPRS's domain-approval mail stays valid for 26 days (the service page, step 3). */
export const APPROVAL_WINDOW_DAYS = 26;

/**
 * The last JST calendar day on which the customer can still approve: the
 * approval mail's send time plus 26 days, read as a Tokyo date.
 */
export function approvalDeadline(approvalRequestedAt: Date): JstDate {
  return jstDate(new Date(approvalRequestedAt.getTime() + APPROVAL_WINDOW_DAYS * DAY_IN_MS));
}

/** Days left until the deadline, by JST calendar date: 0 on the deadline day itself. */
export function daysUntil(deadline: JstDate, now: Date): number {
  return daysBetween(jstDate(now), deadline);
}

/** The window has passed once the JST date is after the deadline day. */
export function isPastDeadline(deadline: JstDate, now: Date): boolean {
  return jstDate(now) > deadline;
}

/**
 * When the certificate must be renewed: its own expiry (not-after) when known,
 * else what the dated policy expects for its issue date (policy.ts). Never "a year later".
 */
export function renewalDate(cert: { issuedAt: Date; expiresAt?: Date | null }): JstDate {
  if (cert.expiresAt) return jstDate(cert.expiresAt);
  return expectedExpiry(cert.issuedAt);
}

/** The certificate's lifetime in days, from issue to expiry (or the cap). */
export function lifetimeDays(cert: { issuedAt: Date; expiresAt?: Date | null }): number {
  return daysBetween(jstDate(cert.issuedAt), renewalDate(cert));
}
