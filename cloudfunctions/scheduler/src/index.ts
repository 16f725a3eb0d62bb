import { z } from 'zod';
import { action, createFunction, type ActionContext } from '../../_shared/router';
import { dbOf } from '../../_shared/access';
import { runReportEscalations, runVisitReminders } from '../../care/src/sweeps';
import { ageOut } from '../../registry/src/ageout';
import { releaseExpiredLeases } from '../../helpline/src/queue';
import { runGuardianshipSweeps } from '../../guardianship/src/sweeps';
import { notify } from '../../_shared/notify';

/**
 * `scheduler`: the timer-triggered work of every capability (DESIGN.md "Timer-triggered work
 * lives in a scheduler function"), on a one-minute timer (`function.json` trigger `tick`,
 * Beijing time; locally the stand-in's timer following its clock). Every sweep is safe to run
 * twice, even concurrently — reminders carry deterministic dedupe keys and state changes are
 * conditional updates — so two runs in the same minute send each reminder once. See
 * docs/care.md "Scheduler".
 *
 * Sweeps, each isolated (one failing does not stop the others):
 * - `reportEscalations`: immediate reports unacknowledged past the county's limit → county admins;
 * - `visitReminders`: visits due today / overdue → village officers and pairing members (from
 *   07:00 Beijing time, once per child and due day);
 * - `guardianship`: guardianship orders (open, close, escalate), expiring confirmations and their
 *   reminders, check-in reminders, visit notes to parents (guardianship/src/sweeps.ts);
 * - `ageOut`: children turning 16 leave the active registry (registry/src/ageout.ts);
 * - `helplineLeases`: expired helpline leases back to the queue (helpline/src/queue.ts).
 */

/** One sweep: a name and the work. */
export interface Sweep {
  name: string;
  run(ctx: ActionContext): Promise<unknown>;
}

/** The sweeps `tick` runs, in order. */
export const SWEEPS: Sweep[] = [
  { name: 'reportEscalations', run: (ctx) => runReportEscalations(ctx) },
  { name: 'visitReminders', run: (ctx) => runVisitReminders(ctx) },
  { name: 'guardianship', run: (ctx) => runGuardianshipSweeps(dbOf(ctx), ctx.now(), (n) => notify(ctx, n)) },
  { name: 'ageOut', run: (ctx) => ageOut.handler({}, ctx) },
  { name: 'helplineLeases', run: async (ctx) => ({ released: await releaseExpiredLeases(dbOf(ctx), ctx.now()) }) },
];

/**
 * Runs every sweep and reports each one's result or error message.
 * @returns `{ at, results: { <sweep>: result | { error } } }`
 */
export async function runSweeps(ctx: ActionContext, sweeps: Sweep[] = SWEEPS): Promise<{ at: Date; results: Record<string, unknown> }> {
  const results: Record<string, unknown> = {};
  for (const s of sweeps) {
    try {
      results[s.name] = await s.run(ctx);
    } catch (err) {
      console.error(`[scheduler.${s.name}]`, err);
      results[s.name] = { error: String((err as Error)?.message ?? err) };
    }
  }
  return { at: ctx.now(), results };
}

export const tick = action({
  summary: '定时任务（每分钟）：报告超时升级、走访到期提醒、监护责令与确认书到期、年满16周岁退出、热线领取过期回收',
  input: z.object({}).passthrough(),
  access: { internal: true },
  example: () => ({}),
  handler: async (_input, ctx) => runSweeps(ctx),
});

export const scheduler = createFunction('scheduler', { tick });

export const main = scheduler.main;
