/**
 * Dropout control's timer work, run by the `scheduler` function every minute: a case open longer
 * than its county's `schools.escalateAfterDays` (default 30 calendar days, Asia/Shanghai) without a
 * return goes to the township and county even when nobody recorded failed attempts (policy §二(三):
 * persuasion that does not bring the child back is for the education bureau and township). The
 * check is one indexed read of the oldest open, not yet escalated cases; the escalation runs in
 * the `schools` function (`runTimers`, internal).
 */
import type { ActionContext, TimerWork } from '../../_shared/context';
import { asEnvelope } from '../../_shared/envelope';
import { fetchAll, type Db, insertOnce } from '../../_shared/db';
import { getCountyConfig } from '../../_shared/county-config';
import { addDays, shanghaiDay } from '../../_shared/time';
import type { DropoutCaseDoc } from '../../_shared/contracts/schools';
import { lifeCareTimers } from './lifecare-timers';

/** Open, not escalated cases whose county's day limit has passed (at most `limit`). */
export async function overdueCases(db: Db, now: Date, limit = 200): Promise<DropoutCaseDoc[]> {
  const _ = db.command;
  const today = shanghaiDay(now);
  // No county allows fewer than 1 day: anything opened today is never due.
  const rows = await fetchAll<DropoutCaseDoc>(
    db.collection('dropoutCases').where({ status: 'open', escalatedAt: _.exists(false), openedOn: _.lt(today) }),
    2000,
  );
  const days = new Map<string, number>();
  const out: DropoutCaseDoc[] = [];
  for (const c of rows) {
    if (!days.has(c.countyCode)) days.set(c.countyCode, (await getCountyConfig(db, c.countyCode)).schools.escalateAfterDays);
    if (addDays(c.openedOn, days.get(c.countyCode)!) <= today) out.push(c);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * The daily dropout sweep (cases-sweep.ts, run in the `schools` function): once per Asia/Shanghai
 * day, claimed by a `dropoutSweep:<day>` marker in `schedulerRuns`; a failed run releases the
 * marker so the next minute tries again.
 */
export async function runDropoutSweep(ctx: ActionContext): Promise<unknown> {
  const db = ctx.app.database();
  const day = shanghaiDay(ctx.now());
  const markerId = `dropoutSweep:${day}`;
  if (!(await insertOnce(db, 'schedulerRuns', { _id: markerId, day, startedAt: ctx.now() }))) return { day, skipped: 'done' };
  try {
    const res = await ctx.app.callFunction({ name: 'schools', data: { action: 'sweepDropouts', data: {} } });
    const envelope = asEnvelope(res.result);
    if (!envelope.ok) throw new Error(`schools.sweepDropouts: ${envelope.error.code} ${envelope.error.message}`);
    await db.collection('schedulerRuns').doc(markerId).update({ done: true, finishedAt: ctx.now() });
    return envelope.data;
  } catch (err) {
    await db.collection('schedulerRuns').doc(markerId).remove().catch(() => undefined);
    throw err;
  }
}

export const timers: TimerWork[] = [
  {
    name: 'dropoutEscalations',
    summary: '辍学个案登记超过县设定天数（默认30天）仍未复学的，上报乡镇和县',
    run: async (ctx: ActionContext) => {
      const due = await overdueCases(ctx.app.database(), ctx.now(), 1);
      if (!due.length) return { due: 0 };
      const res = await ctx.app.callFunction({ name: 'schools', data: { action: 'runTimers', data: {} } });
      const envelope = asEnvelope(res.result);
      if (!envelope.ok) throw new Error(`schools.runTimers: ${envelope.error.code} ${envelope.error.message}`);
      return envelope.data;
    },
  },
  {
    name: 'dropoutSweep',
    summary: '每天一次：档案标为辍学或未在校的义务教育阶段在册儿童没有劝返个案的，开启个案（导入等漏开的兜底）',
    run: (ctx: ActionContext) => runDropoutSweep(ctx),
  },
  ...lifeCareTimers,
];
