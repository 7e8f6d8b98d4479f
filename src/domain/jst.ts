// Japan has had no daylight saving time since 1951, so Asia/Tokyo is a fixed
// UTC+9 and calendar arithmetic needs no time-zone database.
const JST_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;

/** A calendar date in Asia/Tokyo, `YYYY-MM-DD`. */
export type JstDate = string;

export function jstDate(instant: Date): JstDate {
  return new Date(instant.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a JST calendar date begins (00:00 JST). */
export function jstMidnight(date: JstDate): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - JST_OFFSET_MS);
}

export function addDays(date: JstDate, days: number): JstDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: JstDate, to: JstDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
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
