/**
 * Calendar-date arithmetic on plain integers (proleptic Gregorian). Nothing here reads the process
 * time zone or builds a local Date: a birth date is a calendar day, not an instant.
 */

/** A calendar day as integers; month 1–12, day 1–31. */
export interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** Whether `y` is a Gregorian leap year. */
export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Whether y-m-d exists on the calendar (e.g. 2015-02-30 does not). Years 1000–9999 only. */
export function isValidYmd(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) &&
    y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
  );
}

/** `YYYY-MM-DD`. */
export function formatYmd({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Parses a strict `YYYY-MM-DD` that exists on the calendar, else undefined. */
export function parseIsoDay(s: string): Ymd | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const ymd = { y: +m[1], m: +m[2], d: +m[3] };
  return isValidYmd(ymd.y, ymd.m, ymd.d) ? ymd : undefined;
}

/**
 * Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil), negative before.
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Whole calendar days from `a` to `b` (both `YYYY-MM-DD`; negative when `b` is earlier; 0 when
 * either is not a calendar day). No time zone is involved: the days are already Asia/Shanghai days.
 */
export function daysBetween(a: string, b: string): number {
  const x = parseIsoDay(a);
  const y = parseIsoDay(b);
  if (!x || !y) return 0;
  return daysFromCivil(y.y, y.m, y.d) - daysFromCivil(x.y, x.m, x.d);
}

/** The civil date of a day count since 1970-01-01 (inverse of daysFromCivil). */
export function civilFromDays(days: number): Ymd {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Compares two calendar days: negative, 0 or positive. */
export function compareYmd(a: Ymd, b: Ymd): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

/**
 * Age in whole years on `on` of a person born on `birth` (fixtures README: on the 16th birthday
 * the child is 16; a 29 February birthday falls on 1 March in years without one).
 * @returns completed years; negative when `on` is before `birth`
 */
export function ageOn(birth: Ymd, on: Ymd): number {
  if (compareYmd(on, birth) < 0) return -1;
  let bm = birth.m;
  let bd = birth.d;
  if (bm === 2 && bd === 29 && !isLeapYear(on.y)) {
    bm = 3;
    bd = 1;
  }
  const hadBirthday = on.m > bm || (on.m === bm && on.d >= bd);
  return on.y - birth.y - (hadBirthday ? 0 : 1);
}

/** Excel's 1900 date system: serial 1 = 1900-01-01; 60 is Excel's phantom 1900-02-29. */
const EPOCH_1900_BEFORE_LEAP = daysFromCivil(1899, 12, 31);
const EPOCH_1900_AFTER_LEAP = daysFromCivil(1899, 12, 30);
const EPOCH_1904 = daysFromCivil(1904, 1, 1);

/**
 * The calendar day of an Excel date serial (the integer part; a time of day is ignored).
 * @param serial days in Excel's date system
 * @param date1904 true for workbooks in the 1904 date system (old Mac Excel)
 * @returns the day, or undefined for serial 60 in the 1900 system (1900-02-29 does not exist),
 *   non-positive serials and serials past 9999-12-31
 */
export function excelSerialToYmd(serial: number, date1904 = false): Ymd | undefined {
  if (!Number.isFinite(serial)) return undefined;
  const whole = Math.floor(serial + 1e-9);
  if (date1904) {
    if (whole < 0 || whole > 2957003) return undefined;
    return civilFromDays(EPOCH_1904 + whole);
  }
  if (whole < 1 || whole > 2958465 || whole === 60) return undefined;
  return civilFromDays((whole < 60 ? EPOCH_1900_BEFORE_LEAP : EPOCH_1900_AFTER_LEAP) + whole);
}

/**
 * The calendar day a spreadsheet library's Date stands for. exceljs turns date-formatted serials
 * into Dates at UTC midnight of that day, so the UTC fields are the day (never local fields,
 * which shift with the process time zone). A tiny float error below midnight is rounded up.
 */
export function excelDateToYmd(date: Date): Ymd | undefined {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return undefined;
  const days = Math.floor((ms + 1000) / 86_400_000);
  const ymd = civilFromDays(days);
  return isValidYmd(ymd.y, ymd.m, ymd.d) ? ymd : undefined;
}
