import { action, createFunction } from '../../_shared/router';
import type { ActionContext, TimerWork } from '../../_shared/context';
import { logCaught } from '../../_shared/log';
import { schedulerContract, type TickResult } from '../../_shared/contracts/scheduler';
import { timers as careTimers } from '../../care/src/timers';
import { timers as guardianshipTimers } from '../../guardianship/src/timers';
import { timers as registryTimers } from '../../registry/src/timers';
import { timers as helplineTimers } from '../../helpline/src/timers';
import { timers as supervisionTimers } from '../../supervision/src/timers';
import { timers as schoolsTimers } from '../../schools/src/timers';
import { timers as communityTimers } from '../../community/src/timers';

/**
 * `scheduler`: the timer-triggered work of every capability (DESIGN.md "Timer-triggered work
 * lives in a scheduler function"), on a one-minute timer (`function.json` trigger `tick`,
 * Beijing time; locally the stand-in's timer following its clock). Each domain hands its work
 * over in one shape, `<domain>/src/timers.ts` exporting `timers: TimerWork[]`; this function only
 * runs the list. Every piece is safe to run twice, even concurrently — reminders carry
 * deterministic dedupe keys and state changes are conditional updates — so two runs in the same
 * minute send each reminder once. See docs/care.md "Scheduler".
 *
 * Each piece is isolated (one failing does not stop the others); in order: care's report
 * escalations and visit reminders, guardianship's sweeps, the registry's age-out, the helpline's
 * expired leases and overdue referrals to a directory entry, dropout cases open too long, community's overdue child referrals, supervision's boards and circulars (last: it counts what the others changed).
 */
export const TIMERS: TimerWork[] = [...careTimers, ...guardianshipTimers, ...registryTimers, ...helplineTimers, ...schoolsTimers, ...communityTimers, ...supervisionTimers];

/**
 * Runs every timer work and reports each one's result or error message.
 * @returns `{ at, results: { <name>: result | { error } } }`
 */
export async function runTimers(ctx: ActionContext, list: TimerWork[] = TIMERS): Promise<TickResult> {
  const results: Record<string, unknown> = {};
  for (const t of list) {
    try {
      results[t.name] = await t.run(ctx);
    } catch (err) {
      logCaught(`[scheduler.${t.name}]`, err);
      results[t.name] = { error: String((err as Error)?.message ?? err) };
    }
  }
  return { at: ctx.now(), results };
}

export const tick = action(schedulerContract.actions.tick, {
  access: { internal: true },
  example: () => ({}),
  handler: async (_input, ctx) => runTimers(ctx),
});

export const scheduler = createFunction(schedulerContract, { tick });

export const main = scheduler.main;
