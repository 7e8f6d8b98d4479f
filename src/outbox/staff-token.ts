import { createHmac, timingSafeEqual } from 'node:crypto';
import { addressKey } from '../domain/addresses.js';
import { jstDate } from '../domain/jst.js';
import { base32 } from './reply-token.js';

/**
 * The signed per-staff address of the desk (`desk+s.<token>@…`), the Reply-To
 * of every staff mail: staff commands are taken only when sent to it. The
 * token is the HMAC of the staff address under a key that rotates every
 * month (derived from the desk's secret and the Tokyo month), so a token
 * for one staff member is worthless to another, and an old one expires.
 */
export const STAFF_TOKEN_PREFIX = 's.';
/** A token is good in the month it was made and the next: a digest answered at the turn of a month still works. */
const MONTHS_VALID = 2;

/** 2026-12 → 2612: the month a token was made, readable in the address. */
const monthOf = (now: Date) => jstDate(now).slice(2, 7).replace('-', '');

function monthBefore(yymm: string): string {
  const y = Number(yymm.slice(0, 2));
  const m = Number(yymm.slice(2));
  return m === 1 ? `${String(y - 1).padStart(2, '0')}12` : `${yymm.slice(0, 2)}${String(m - 1).padStart(2, '0')}`;
}

function mac(staff: string, yymm: string, secret: string): string {
  const monthKey = createHmac('sha256', secret).update(`staff-key:${yymm}`).digest();
  return base32(
    createHmac('sha256', monthKey)
      .update(`staff-token:${addressKey(staff)}`)
      .digest(),
    20,
  );
}

/** The token for this staff member this month (without the `s.` prefix's address around it). */
export function signStaffToken(staff: string, secret: string, now: Date): string {
  const yymm = monthOf(now);
  return `${STAFF_TOKEN_PREFIX}${yymm}${mac(staff, yymm, secret)}`;
}

export type StaffTokenCheck = 'valid' | 'expired' | 'not-theirs' | 'not-a-staff-token';

/** Whether a token was signed for this staff member, and is still good. */
export function checkStaffToken(token: string, staff: string, secret: string, now: Date): StaffTokenCheck {
  const m = /^s\.(\d{4})([a-z2-7]{20})$/.exec(token.toLowerCase());
  if (!m) return 'not-a-staff-token';
  const [, yymm, given] = m as unknown as [string, string, string];
  const expected = Buffer.from(mac(staff, yymm, secret));
  if (!timingSafeEqual(expected, Buffer.from(given))) return 'not-theirs';
  let month = monthOf(now);
  for (let i = 0; i < MONTHS_VALID; i++, month = monthBefore(month)) if (month === yymm) return 'valid';
  return 'expired';
}

export const isStaffToken = (token: string | null): token is string =>
  !!token && token.toLowerCase().startsWith(STAFF_TOKEN_PREFIX);
