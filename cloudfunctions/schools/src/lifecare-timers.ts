/**
 * The life teachers' daily reminder (docs/schools.md "Life teachers"), run by the `scheduler`
 * every minute through timers.ts: from 8:00 (Asia/Shanghai) once a day, every active life teacher
 * of a school with registered children who have had no care for the county's
 * `lifeCare.noCareDays` (default 14 calendar days) gets one `schools.lifeCareDue` entry in 消息
 * saying how many (it opens the care list). A marker `lifeCareDue:<day>` in `schedulerRuns`
 * keeps the work to one run a day; the entries' deterministic ids keep it to one per teacher.
 * Not urgent work: a school with no life teacher bound is shown on its list, not escalated.
 */
import type { ActionContext, TimerWork } from '../../_shared/context';
import { fetchAll, getDoc, insertOnce } from '../../_shared/db';
import { getCountyConfig } from '../../_shared/county-config';
import { notify } from '../../_shared/notify';
import { BUSINESS_TZ, dayjs, shanghaiDay } from '../../_shared/time';
import type { Binding } from '../../_shared/access/scope';
import type { SchoolDoc } from '../../_shared/contracts/schools';
import { L, isCareDue, schoolChildren } from './lifecare-common';

/** Hour (Asia/Shanghai) from which the day's reminder goes out. */
const FROM_HOUR = 8;

/**
 * Sends the day's reminders once.
 * @returns how many life teachers were looked at and told, or `skipped` (quiet hours, already run)
 */
export async function runLifeCareReminders(ctx: ActionContext): Promise<{ day: string; teachers: number; told: number; skipped?: string }> {
  const db = ctx.app.database();
  const now = ctx.now();
  const day = shanghaiDay(now);
  if (dayjs(now).tz(BUSINESS_TZ).hour() < FROM_HOUR) return { day, teachers: 0, told: 0, skipped: 'quietHours' };
  const markerId = `lifeCareDue:${day}`;
  if (await getDoc(db, L.schedulerRuns, markerId)) return { day, teachers: 0, told: 0, skipped: 'done' };
  if (!(await insertOnce(db, L.schedulerRuns, { _id: markerId, day, startedAt: now }))) return { day, teachers: 0, told: 0, skipped: 'done' };
  const bindings = await fetchAll<Pick<Binding, 'personId' | 'scope'>>(db.collection(L.roleBindings).where({ role: 'lifeTeacher', status: 'active' }).field({ personId: true, scope: true }), 20_000);
  const bySchool = new Map<string, Set<string>>();
  for (const b of bindings) if (b.scope.kind === 'school') bySchool.set(b.scope.schoolId, (bySchool.get(b.scope.schoolId) ?? new Set()).add(b.personId));
  let told = 0;
  let teachers = 0;
  for (const [schoolId, people] of bySchool) {
    const school = await getDoc<SchoolDoc>(db, L.schools, schoolId);
    if (!school) continue;
    const days = (await getCountyConfig(db, school.countyCode)).lifeCare.noCareDays;
    const { children, ledger } = await schoolChildren(db, schoolId, day);
    const due = children.filter((c) => isCareDue(ledger.get(c._id)?.lastOn, day, days)).length;
    teachers += people.size;
    if (!due) continue;
    for (const personId of people) {
      const res = await notify(ctx, {
        to: { personId },
        kind: 'schools.lifeCareDue',
        title: `${due}名孩子超过${days}天没有关爱记录`,
        body: `${school.name}有${due}名在册留守儿童超过${days}天没有家校联系、亲情电话等关爱记录，请安排关爱并记下来`,
        ref: { kind: 'school', id: schoolId },
        dedupeKey: `lifeCareDue:${day}:${personId}`,
      });
      if (!res.duplicate) told++;
    }
  }
  await db.collection(L.schedulerRuns).doc(markerId).update({ done: true, teachers, told, finishedAt: ctx.now() });
  return { day, teachers, told };
}

export const lifeCareTimers: TimerWork[] = [
  { name: 'lifeCareReminders', summary: '生活老师：本校儿童超过县设定天数（默认14天）没有关爱记录的，每天8点后提醒一次', run: (ctx) => runLifeCareReminders(ctx) },
];
