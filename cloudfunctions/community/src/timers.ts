/** Community's timer work, run by the `scheduler` function every minute. */
import type { TimerWork } from '../../_shared/context';
import { escalateOverdueChildReferrals } from './referrals';

export const timers: TimerWork[] = [
  { name: 'siteReferralsOverdue', summary: '转给服务机构的儿童转介单逾期未答复时告知县民政局管理员', run: async (ctx) => ({ escalated: await escalateOverdueChildReferrals(ctx) }) },
];
