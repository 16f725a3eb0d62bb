/** The helpline's timer work, run by the `scheduler` function every minute (queue.ts). */
import type { TimerWork } from '../../_shared/context';
import { dbOf } from '../../_shared/db';
import { releaseExpiredLeases } from './queue';

export const timers: TimerWork[] = [
  { name: 'helplineLeases', summary: '领取已过期的求助放回队列', run: async (ctx) => ({ released: await releaseExpiredLeases(dbOf(ctx), ctx.now()) }) },
];
