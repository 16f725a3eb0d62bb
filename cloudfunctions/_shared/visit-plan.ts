/**
 * Visit plans (policy §二(一) "定期走访"), pure: no I/O, unit-tested.
 *
 * No plan is stored. A child's next visit is due `interval` calendar days after the last visit,
 * where the interval is the county's setting for the child's *current* risk level (defaults:
 * focus 30, attention 60, regular 90). A child never visited is due `interval` days after the
 * day the file was created (the census counts as the first contact). Because the plan is
 * derived from the child file, a child who moves village is on the new village's lists at once.
 *
 * All days are Asia/Shanghai calendar days `YYYY-MM-DD`; "today" is `shanghaiDay(ctx.now())`.
 */
import type { RiskLevel } from './contracts/registry';
import type { VisitPlan, VisitStatus } from './contracts/care';
import type { CountyConfig } from './county-config';
import { addDays } from './time';
import { daysBetween } from './calendar';

/** The risk level visits are planned by (files without one are planned as `regular`). */
export function riskLevelOf(child: { risk?: { level?: RiskLevel } }): RiskLevel {
  const l = child.risk?.level;
  return l === 'focus' || l === 'attention' || l === 'regular' ? l : 'regular';
}

/** Whole days from `a` to `b` (the calendar's one definition). */
export { daysBetween };

/** Where a due day stands against today: overdue (before today), due today, upcoming. */
export function visitStatus(dueOn: string, today: string): VisitStatus {
  if (dueOn < today) return 'overdue';
  if (dueOn === today) return 'dueToday';
  return 'upcoming';
}

/**
 * A child's plan.
 * @param child id, risk level, creation instant
 * @param lastVisitOn the day of the last visit, if any
 * @param intervals the county's `visitIntervalDays`
 * @param today Asia/Shanghai day
 * @param createdOn the file's creation day (Asia/Shanghai); defaults to today
 */
export function planFor(
  child: { _id: string; risk?: { level?: RiskLevel } },
  lastVisitOn: string | undefined,
  intervals: CountyConfig['visitIntervalDays'],
  today: string,
  createdOn: string = today,
): VisitPlan {
  const riskLevel = riskLevelOf(child);
  const intervalDays = intervals[riskLevel];
  const dueOn = addDays(lastVisitOn ?? createdOn, intervalDays);
  const status = visitStatus(dueOn, today);
  const plan: VisitPlan = { childId: child._id, riskLevel, intervalDays, dueOn, status, daysOverdue: status === 'overdue' ? daysBetween(dueOn, today) : 0 };
  if (lastVisitOn) plan.lastVisitOn = lastVisitOn;
  return plan;
}

/** Sort order of due lists: most overdue first, then by due day, then child id. */
export function compareDue(a: VisitPlan, b: VisitPlan): number {
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? -1 : 1;
  return a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0;
}
