// Japan has had no daylight saving time since 1951, so Asia/Tokyo is a fixed
// UTC+9 and calendar arithmetic needs no time-zone database.
const JST_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;

/** A calendar date in Asia/Tokyo, `YYYY-MM-DD`. */
export type JstDate = string;

// The reminder scan and the digest turn 100,000 orders' instants into dates on
// every run: dates are few, so each day's string and number are kept once.
const DATE_OF_DAY = new Map<number, JstDate>();
const DAY_OF_DATE = new Map<JstDate, number>();
const CACHE_LIMIT = 200_000;

function dateOfDay(day: number): JstDate {
  let date = DATE_OF_DAY.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (DATE_OF_DAY.size < CACHE_LIMIT) DATE_OF_DAY.set(day, date);
  }
  return date;
}

/** Days since 1970-01-01 of a JST date. */
function dayOf(date: JstDate): number {
  let day = DAY_OF_DATE.get(date);
  if (day === undefined) {
    day = Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
    if (DAY_OF_DATE.size < CACHE_LIMIT) DAY_OF_DATE.set(date, day);
  }
  return day;
}

export function jstDate(instant: Date): JstDate {
  return dateOfDay(Math.floor((instant.getTime() + JST_OFFSET_MS) / DAY_MS));
}

/** The instant a JST calendar date begins (00:00 JST). */
export function jstMidnight(date: JstDate): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - JST_OFFSET_MS);
}

export function addDays(date: JstDate, days: number): JstDate {
  return dateOfDay(dayOf(date) + days);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: JstDate, to: JstDate): number {
  return dayOf(to) - dayOf(from);
}

/** Day of week of a JST date, 0 = Sunday. */
export function jstWeekday(date: JstDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** `2026年11月25日` / `25 November 2026`, for mail bodies. */
export function formatJstDate(date: JstDate, locale: 'ja' | 'en'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (locale === 'ja') return `${y}年${m}月${d}日`;
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  return `${d} ${months[m - 1]} ${y}`;
}

export const DAY_IN_MS = DAY_MS;

/** An instant as staff read it: `2026-12-02 19:24 JST`. */
export function formatJstTime(at: Date | string): string {
  const d = new Date(new Date(at).getTime() + 9 * 3_600_000);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} JST`;
}
