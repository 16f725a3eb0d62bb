/**
 * Supervision's timer work, run by the `scheduler` function every minute. The check here is
 * cheap (a few document reads); when something is due — a county's board is older than the
 * current hour (Asia/Shanghai), or last month's run or circular is missing — it invokes the
 * `supervision` function's internal `runTimers`, which does the counting and writing in its own
 * instance (its timeout, its PDF font) instead of the scheduler's.
 */
import type { TimerWork } from '../../_shared/context';
import { asEnvelope } from '../../_shared/envelope';
import { dueWork } from './due';

export const timers: TimerWork[] = [
  {
    name: 'supervision',
    summary: '督导指标每小时重新统计；每月1日统计上月并生成通报（7点起通知）',
    run: async (ctx) => {
      const due = await dueWork(ctx.app.database(), ctx.now());
      if (!due.length) return { due: 0 };
      const res = await ctx.app.callFunction({ name: 'supervision', data: { action: 'runTimers', data: {} } });
      const envelope = asEnvelope(res.result);
      if (!envelope.ok) throw new Error(`supervision.runTimers: ${envelope.error.code} ${envelope.error.message}`);
      return { due: due.length, result: envelope.data };
    },
  },
];
