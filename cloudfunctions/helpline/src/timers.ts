/** The helpline's timer work, run by the `scheduler` function every minute (queue.ts). */
import type { TimerWork } from '../../_shared/context';
import { dbOf } from '../../_shared/db';
import { releaseExpiredLeases } from './queue';
import { escalateOverdueSiteReferrals } from './referrals';

export const timers: TimerWork[] = [
  { name: 'helplineLeases', summary: '领取已过期的求助放回队列', run: async (ctx) => ({ released: await releaseExpiredLeases(dbOf(ctx), ctx.now()) }) },
  { name: 'helplineSiteReferralsOverdue', summary: '转给服务机构的转介单逾期未答复时告知县民政局管理员', run: async (ctx) => ({ escalated: await escalateOverdueSiteReferrals(ctx, dbOf(ctx), ctx.now()) }) },
];
