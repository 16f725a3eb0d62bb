/**
 * The daily dropout sweep (控辍保学; docs/schools.md "Dropout cases"), the backstop of the
 * `childSchoolingChanged` event: a case must open for every registered active child of
 * compulsory-school age whose file says dropped out or not in school, however the file came to
 * say so (a census import whose event was lost, a file written before cases existed). Policy
 * §二(三): "辍学学生登记 … 定期排查".
 *
 * One indexed read of such files (`children` by schooling and status), one indexed read of their
 * open cases per 500 children, then a case for each child without one. Idempotent: a second
 * sweep (or a concurrent one, or the event arriving at the same time) opens nothing more — a
 * case's id is deterministic per child and opening number, and an open case is looked for first.
 */
import { dbOf, fetchAll, type Db } from '../../_shared/db';
import { isActiveChild } from '../../_shared/child-status';
import { shanghaiDay } from '../../_shared/time';
import { OUT_OF_SCHOOL, schoolsContract, type OutOfSchool } from '../../_shared/contracts/schools';
import { action } from '../../_shared/router';
import type { ActionContext } from '../../_shared/context';
import { S, ofCompulsoryAge } from './common';
import { CASE_CHILD_FIELDS, openCase, type CaseChild } from './cases';

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
