/**
 * `runTimers`: supervision's timer work in its own instance (the scheduler's `supervision` timer
 * invokes it when `dueWork` finds something due; internal, never a mini-program user).
 */
import { action } from '../../_shared/router';
import { supervisionContract, type SupervisionTimerResult } from '../../_shared/contracts/supervision';
import { today } from './common';
import { dueWork } from './due';
import { refreshBoard } from './engine';

export const runTimers = action(supervisionContract.actions.runTimers, {
  access: { internal: true },
  example: () => ({}),
  /**
   * Does what is due now: recomputes each county board older than the current hour. Each piece
   * is isolated (one county failing does not stop the others) and safe to repeat.
   */
  handler: async (_input, ctx) => {
    const out: SupervisionTimerResult = { boards: [], circulars: [], pruned: 0 };
    for (const item of await dueWork(ctx.app.database(), ctx.now())) {
      try {
        const run = await refreshBoard(ctx, item.countyCode, today(ctx));
        out.boards.push({ countyCode: item.countyCode, runId: run._id, tookMs: run.tookMs });
      } catch (err) {
        console.error(`[supervision.runTimers] board ${item.countyCode}`, err);
        out.boards.push({ countyCode: item.countyCode, skipped: String((err as Error)?.message ?? err) });
      }
    }
    return out;
  },
});
