/**
 * What supervision's timer has to do now (cheap reads only; shared by the scheduler's check and
 * the `runTimers` action, so both agree).
 */
import { fetchAll, getDoc } from '../../_shared/db';
import type { Db } from '../../_shared/context';
import { BUSINESS_TZ, dayjs } from '../../_shared/time';
import { SV } from './common';

/** Something due for one county. */
export type DueItem = { countyCode: string; what: 'board' };

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
 * The work due at `now`: a county's board when its current run was computed before this hour
 * began (so boards are at most an hour old, and a new day starts with a new run).
 */
export async function dueWork(db: Db, now: Date): Promise<DueItem[]> {
  const out: DueItem[] = [];
  const since = hourStart(now).getTime();
  for (const countyCode of await counties(db)) {
    const pointer = await getDoc<{ computedAt: Date }>(db, SV.runs, `board:${countyCode}`);
    if (!pointer || new Date(pointer.computedAt).getTime() < since) out.push({ countyCode, what: 'board' });
  }
  return out;
}
