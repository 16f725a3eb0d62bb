/** Care's timer work, run by the `scheduler` function every minute (docs/care.md "Scheduler"). */
import type { TimerWork } from '../../_shared/context';
import { runReportEscalations, runVisitReminders } from './sweeps';

export const timers: TimerWork[] = [
  { name: 'reportEscalations', summary: '强制报告超过确认时限未确认：告知县民政局', run: (ctx) => runReportEscalations(ctx) },
  { name: 'visitReminders', summary: '走访今日到期或已逾期：提醒村专干和结对帮扶人（北京时间7点起，每个儿童每个到期日一次）', run: (ctx) => runVisitReminders(ctx) },
];
