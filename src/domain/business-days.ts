import holidayJp from '@holiday-jp/holiday_jp';
import { addDays, jstWeekday, type JstDate } from './jst.js';

// Looked up by the JST date string: the library's isHoliday(Date) reads the
// Date in the machine's own time zone, which on a UTC server is the wrong day.
const HOLIDAYS: Readonly<Record<string, unknown>> = holidayJp.holidays;

/** A Japanese business day: not Saturday, Sunday or a national holiday (振替休日 included). */
export function isBusinessDay(date: JstDate): boolean {
  const weekday = jstWeekday(date);
  return weekday !== 0 && weekday !== 6 && !Object.hasOwn(HOLIDAYS, date);
}

/** The first business day after `date`. */
export function nextBusinessDay(date: JstDate): JstDate {
  let next = addDays(date, 1);
  while (!isBusinessDay(next)) next = addDays(next, 1);
  return next;
}
