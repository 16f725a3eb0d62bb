import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

/** Business dates are calendar days in this zone (DESIGN.md "Time"). */
export const BUSINESS_TZ = 'Asia/Shanghai';

/** A calendar day, `YYYY-MM-DD`, with no time and no zone. */
export type CalendarDay = string;

/**
 * The Asia/Shanghai calendar day an instant falls on, whatever the process time zone.
 * @param instant a Date (UTC instant)
 * @returns `YYYY-MM-DD`
 */
export function shanghaiDay(instant: Date): CalendarDay {
  return dayjs(instant).tz(BUSINESS_TZ).format('YYYY-MM-DD');
}

/** The Asia/Shanghai day and minute of an instant, `YYYY-MM-DD HH:mm`, for people to read. */
export function shanghaiMinute(instant: Date): string {
  return dayjs(instant).tz(BUSINESS_TZ).format('YYYY-MM-DD HH:mm');
}

/**
 * The instant a Shanghai calendar day starts (00:00 Asia/Shanghai), as a UTC Date.
 * @param day `YYYY-MM-DD`
 */
export function startOfShanghaiDay(day: CalendarDay): Date {
  return dayjs.tz(day, 'YYYY-MM-DD', BUSINESS_TZ).toDate();
}

/**
 * Adds whole calendar days to a calendar day (no time zone involved).
 * @param day `YYYY-MM-DD`
 * @param days may be negative
 */
export function addDays(day: CalendarDay, days: number): CalendarDay {
  return dayjs.utc(day, 'YYYY-MM-DD', true).add(days, 'day').format('YYYY-MM-DD');
}

export { dayjs };
