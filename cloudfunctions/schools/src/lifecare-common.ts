/**
 * What life teachers' care and its daily reminder share (docs/schools.md "Life teachers"): the
 * school's registered children with their last care day, the "no care for N days" rule. Only
 * `_shared` imports: the scheduler bundles this through lifecare-timers.ts.
 */
import { fetchAll, type Db } from '../../_shared/db';
import { isActiveChild } from '../../_shared/child-status';
import { daysBetween } from '../../_shared/calendar';
import type { ChildDoc } from '../../_shared/contracts/registry';
import type { CareLedgerDoc } from '../../_shared/contracts/schools-lifecare';

export const L = {
  logs: 'lifeCareLogs',
  ledger: 'lifeCareLedger',
  children: 'children',
  schools: 'schools',
  roleBindings: 'roleBindings',
  schedulerRuns: 'schedulerRuns',
} as const;

export type CareChild = Pick<
  ChildDoc,
  '_id' | 'name' | 'birthDate' | 'boarding' | 'villageCode' | 'townshipCode' | 'countyCode' | 'schoolId' | 'status' | 'ageOutOn' | 'father' | 'mother'
> & { erased?: unknown };


/**
 * A child is due for care when it has none on record, or its last care was `noCareDays` or more
 * calendar days before `today` (Asia/Shanghai).
 */
export function isCareDue(lastOn: string | undefined, today: string, noCareDays: number): boolean {
  return !lastOn || daysBetween(lastOn, today) >= noCareDays;
}

/** The registered (active on `today`) children of a school, with their ledger entries. */
export async function schoolChildren(db: Db, schoolId: string, today: string): Promise<{ children: CareChild[]; ledger: Map<string, CareLedgerDoc> }> {
  const rows = await fetchAll<CareChild>(
    db
      .collection(L.children)
      .where({ schoolId })
      .field({ _id: true, name: true, birthDate: true, boarding: true, villageCode: true, townshipCode: true, countyCode: true, schoolId: true, status: true, ageOutOn: true, erased: true, father: true, mother: true }),
    5000,
  );
  const children = rows.filter((c) => isActiveChild(c, today));
  const entries = await fetchAll<CareLedgerDoc>(db.collection(L.ledger).where({ schoolId }), 5000);
  return { children, ledger: new Map(entries.map((e) => [e._id, e])) };
}
