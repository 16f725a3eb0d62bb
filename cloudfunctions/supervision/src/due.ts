/**
 * What supervision's timer has to do now (cheap reads only; shared by the scheduler's check and
 * the `runTimers` action, so both agree).
 */
import { fetchAll, getDoc } from '../../_shared/db';
import type { Db } from '../../_shared/context';
import { BUSINESS_TZ, dayjs } from '../../_shared/time';
import { SV } from './common';

/** Something due for one county: its hourly board, last month's run, last month's circular. */
export type DueItem = { countyCode: string; what: 'board' | 'overdueFollowUps' } | { countyCode: string; what: 'monthRun' | 'circular'; month: string };

/**
 * A county's follow-ups that are overdue (still `open` after their deadline, Asia/Shanghai day)
 * and not yet told about. A returned follow-up keeps its deadline, so it is told once.
 */
export function overdueUntoldQuery(db: Db, countyCode: string, today: string) {
  const _ = db.command;
  return db.collection(SV.followUps).where({ countyCode, status: 'open', deadline: _.lt(today), overdueToldAt: _.exists(false) });
}

/** The circular is made from this hour (Asia/Shanghai) on the 1st, so people are told in the morning. */
export const CIRCULAR_HOUR = 7;
/** Days of the month a missed circular (scheduler down on the 1st) is still made. */
export const CIRCULAR_CATCH_UP_DAYS = 7;

/** The counties supervision keeps boards for: every county division in `regions`. */
export async function counties(db: Db): Promise<string[]> {
  const rows = await fetchAll<{ _id: string }>(db.collection('regions').where({ level: 'county' }).field({ _id: true }), 1000);
  return rows.map((r) => r._id).filter((c) => /^\d{6}$/.test(c)).sort();
}

/** The start of `now`'s hour in Asia/Shanghai. */
export function hourStart(now: Date): Date {
  return dayjs(now).tz(BUSINESS_TZ).startOf('hour').toDate();
}

/**
 * The work due at `now`:
 * - a county's board when its current run was computed before this hour began (so boards are at
 *   most an hour old, and a new day starts with a new run);
 * - a county's follow-ups that became overdue and were not told about yet;
 * - on the 1st–7th of a month (Asia/Shanghai): last month's run when it has not been counted,
 *   and from 07:00 on the 1st last month's circular when it has not been made.
 */
export async function dueWork(db: Db, now: Date): Promise<DueItem[]> {
  const out: DueItem[] = [];
  const since = hourStart(now).getTime();
  const sh = dayjs(now).tz(BUSINESS_TZ);
  const monthDue = sh.date() <= CIRCULAR_CATCH_UP_DAYS;
  const circularDue = monthDue && (sh.date() > 1 || sh.hour() >= CIRCULAR_HOUR);
  const month = sh.subtract(1, 'month').format('YYYY-MM');
  for (const countyCode of await counties(db)) {
    const pointer = await getDoc<{ computedAt: Date }>(db, SV.runs, `board:${countyCode}`);
    const overdue = await overdueUntoldQuery(db, countyCode, sh.format('YYYY-MM-DD')).limit(1).field({ _id: true }).get();
    if ((overdue.data ?? []).length) out.push({ countyCode, what: 'overdueFollowUps' });
    if (!pointer || new Date(pointer.computedAt).getTime() < since) out.push({ countyCode, what: 'board' });
    if (!monthDue) continue;
    const counted = !!(await getDoc(db, SV.runs, `month:${countyCode}:${month}`));
    if (!counted) out.push({ countyCode, what: 'monthRun', month });
    if (circularDue && !(await getDoc(db, SV.circulars, `${countyCode}-${month}`))) out.push({ countyCode, what: 'circular', month });
  }
  return out;
}
