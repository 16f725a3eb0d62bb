/**
 * `runTimers`: supervision's timer work in its own instance (the scheduler's `supervision` timer
 * invokes it when `dueWork` finds something due; internal, never a mini-program user).
 */
import { action } from '../../_shared/router';
import { supervisionContract, type SupervisionTimerResult } from '../../_shared/contracts/supervision';
import { today } from './common';
import { dueWork } from './due';
import { refreshBoard } from './engine';
import { makeCircularFor, monthRun, storedMonthRun } from './circulars';
import { tellOverdueFollowUps } from './follow-ups';
import { dbOf } from '../../_shared/db';

export const runTimers = action(supervisionContract.actions.runTimers, {
  access: { internal: true },
  example: () => ({}),
  /**
   * Does what is due now: tells of follow-ups that became overdue (township staff and county
   * admins), recomputes each county board older than the current hour, counts last
   * month's run, makes and announces last month's circular (due.ts). At most one counting (a
   * board or a month: ~4–8 s each on a county of 20,000 children) per invocation, so one call
   * stays well inside the function's 60 s; the rest is due again at the next minute's tick. A
   * circular waits for its month's run. Each piece is isolated (one county failing does not stop
   * the others) and safe to repeat (a circular is inserted once and announced once per person).
   */
  handler: async (_input, ctx) => {
    const out: SupervisionTimerResult = { boards: [], circulars: [], overdue: [], pruned: 0 };
    let counted = false;
    for (const item of await dueWork(ctx.app.database(), ctx.now())) {
      try {
        if (item.what === 'overdueFollowUps') {
          out.overdue.push(...(await tellOverdueFollowUps(ctx, item.countyCode)));
        } else if (item.what === 'board') {
          if (counted) {
            out.boards.push({ countyCode: item.countyCode, skipped: 'next tick' });
            continue;
          }
          const run = await refreshBoard(ctx, item.countyCode, today(ctx));
          counted = true;
          out.boards.push({ countyCode: item.countyCode, runId: run._id, tookMs: run.tookMs });
        } else if (item.what === 'monthRun') {
          if (counted) continue;
          await monthRun(ctx, item.countyCode, item.month);
          counted = true;
        } else if (item.what === 'circular') {
          if (!(await storedMonthRun(dbOf(ctx), item.countyCode, item.month))) {
            out.circulars.push({ countyCode: item.countyCode, month: item.month, skipped: 'month not counted yet' });
            continue;
          }
          const { doc } = await makeCircularFor(ctx, item.countyCode, item.month, { kind: 'scheduler' });
          out.circulars.push({ countyCode: item.countyCode, month: item.month, id: doc._id });
        }
      } catch (err) {
        console.error(`[supervision.runTimers] ${item.what} ${item.countyCode}`, err);
        const skipped = String((err as Error)?.message ?? err);
        if (item.what === 'board') out.boards.push({ countyCode: item.countyCode, skipped });
        else if (item.what === 'overdueFollowUps') out.overdue.push({ followUpId: '', told: 0, skipped });
        else if ('month' in item) out.circulars.push({ countyCode: item.countyCode, month: item.month, skipped });
      }
    }
    return out;
  },
});
