/**
 * Cases opened and closed from the registry's data (控辍保学; docs/schools.md "Dropout cases"):
 * the `childSchoolingChanged` event (an officer's edit, a census import batch), and the daily
 * sweep, the backstop of that event: a case must open for every registered active child of
 * compulsory-school age whose file says dropped out or not in school, however the file came to
 * say so (a census import whose event was lost, a file written before cases existed). Policy
 * §二(三): "辍学学生登记 … 定期排查".
 *
 * One indexed read of such files (`children` by schooling and status), one indexed read of their
 * open cases per 500 children, then a case for each child without one. Idempotent: a second
 * sweep (or a concurrent one, or the event arriving at the same time) opens nothing more — a
 * case's id is deterministic per child and opening number, and an open case is looked for first.
 */
import { dbOf, fetchAll, getDoc, type Db } from '../../_shared/db';
import { isActiveChild } from '../../_shared/child-status';
import { shanghaiDay } from '../../_shared/time';
import { OUT_OF_SCHOOL, RETURN_STAGES, schoolsContract, type OutOfSchool, type ReturnStage } from '../../_shared/contracts/schools';
import { action } from '../../_shared/router';
import type { ActionContext } from '../../_shared/context';
import { S, ofCompulsoryAge } from './common';
import { openCase, openCaseOf, type CaseChild } from './cases';

/**
 * Event `childSchoolingChanged` (registry): an officer's edit of schooling, status or birth date
 * (`childId`), or the children of one census import batch (`childIds`). Dropped out / not in
 * school at compulsory-school age → a case opens (if none is open); back in school (小学、初中、
 * 高中、中职) → the open case closes as a return recorded by the registry.
 * @returns what happened to each child's case (`opened` / `closed` counts and the case ids)
 */
export async function onChildSchoolingChanged(
  data: { childId?: string; childIds?: string[] },
  ctx: ActionContext,
): Promise<{ opened: number; closed: number; caseIds: string[] }> {
  const db = dbOf(ctx);
  const _ = db.command;
  const ids = [...new Set([...(data.childId ? [data.childId] : []), ...(data.childIds ?? [])])];
  const children =
    ids.length === 1
      ? [await getDoc<CaseChild>(db, S.children, ids[0])].filter((c): c is CaseChild => !!c)
      : await fetchAll<CaseChild>(db.collection(S.children).where({ _id: _.in(ids) }).field(CASE_CHILD_FIELDS), 1000);
  const out = { opened: 0, closed: 0, caseIds: [] as string[] };
  const now = ctx.now();
  for (const child of children) {
    const r = await syncCase(db, child, now);
    if (r.action !== 'none') {
      out[r.action]++;
      out.caseIds.push(r.caseId!);
    }
  }
  return out;
}

/** The child file fields a case needs. */
export const CASE_CHILD_FIELDS = { _id: true, name: true, birthDate: true, villageCode: true, townshipCode: true, countyCode: true, schoolId: true, status: true, schooling: true };

/** Opens or closes `child`'s case as its schooling now says (see `onChildSchoolingChanged`). */
async function syncCase(db: Db, child: CaseChild, now: Date): Promise<{ action: 'opened' | 'closed' | 'none'; caseId?: string }> {
  const out = (OUT_OF_SCHOOL as readonly string[]).includes(child.schooling ?? '');
  if (out && child.status !== 'left' && ofCompulsoryAge(child.birthDate, shanghaiDay(now))) {
    const existing = await openCaseOf(db, child._id);
    if (existing) return { action: 'none', caseId: existing._id };
    const c = await openCase(db, child, child.schooling as OutOfSchool, now, { kind: 'registry' });
    return { action: 'opened', caseId: c._id };
  }
  const open = await openCaseOf(db, child._id);
  if (open && child.schooling && !out && child.schooling !== 'kindergarten' && child.schooling !== 'notInKindergarten') {
    const stage = (RETURN_STAGES as readonly string[]).includes(child.schooling) ? (child.schooling as ReturnStage) : undefined;
    await db
      .collection(S.cases)
      .where({ _id: open._id, status: 'open' })
      .update({
        status: 'closed',
        closedAt: now,
        returnedOn: shanghaiDay(now),
        ...(child.schoolId ? { returnSchoolId: child.schoolId } : {}),
        ...(stage ? { returnStage: stage } : {}),
        closedBy: { kind: 'registry' },
        version: open.version + 1,
      });
    return { action: 'closed', caseId: open._id };
  }
  return { action: 'none' };
}

/** Most files one sweep looks at (a county has a few dozen dropouts at most). */
const SWEEP_MAX = 20_000;

/**
 * Opens the missing cases.
 * @returns how many files were looked at (out of school, active, of compulsory-school age) and how many cases opened
 */
export async function sweepDropoutCases(ctx: ActionContext): Promise<{ day: string; children: number; opened: number; caseIds: string[] }> {
  const db: Db = dbOf(ctx);
  const _ = db.command;
  const now = ctx.now();
  const day = shanghaiDay(now);
  const rows = await fetchAll<CaseChild & { ageOutOn?: string; erased?: unknown }>(
    db.collection(S.children).where({ schooling: _.in([...OUT_OF_SCHOOL]), status: 'active' }).field({ ...CASE_CHILD_FIELDS, ageOutOn: true, erased: true }),
    SWEEP_MAX,
  );
  const due = rows.filter((c) => isActiveChild(c, day) && ofCompulsoryAge(c.birthDate, day));
  const withCase = new Set<string>();
  for (let i = 0; i < due.length; i += 500) {
    const open = await fetchAll<{ childId: string }>(
      db.collection(S.cases).where({ childId: _.in(due.slice(i, i + 500).map((c) => c._id)), status: 'open' }).field({ childId: true }),
      5000,
    );
    for (const o of open) withCase.add(o.childId);
  }
  const caseIds: string[] = [];
  for (const child of due) {
    if (withCase.has(child._id)) continue;
    const c = await openCase(db, child, child.schooling as OutOfSchool, now, { kind: 'registry' }, '每日核查：档案标为辍学或未在校');
    caseIds.push(c._id);
  }
  return { day, children: due.length, opened: caseIds.length, caseIds };
}

export const sweepDropouts = action(schoolsContract.actions.sweepDropouts, {
  access: { internal: true },
  example: () => ({}),
  /**
   * The daily sweep (`sweepDropoutCases`), invoked by the scheduler's `dropoutSweep` timer once
   * per Asia/Shanghai day; safe to run again.
   * @returns the day, the files looked at and the cases opened
   */
  handler: (_input, ctx) => sweepDropoutCases(ctx),
});
