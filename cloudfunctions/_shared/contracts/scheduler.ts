/**
 * `scheduler`: the one-minute timer that runs every domain's timer work (docs/care.md
 * "Scheduler"). Internal only: no mini-program user calls it.
 */
import { z } from 'zod';
import { defineContract, returns } from './define';

/** One tick: when, and each timer work's result (or `{ error }` when it failed). */
export interface TickResult {
  at: Date;
  results: Record<string, unknown>;
}

export const schedulerContract = defineContract('scheduler', () => ({
  tick: {
    summary: '定时任务（每分钟）：报告超时升级、走访到期提醒、监护责令与确认书到期、年满16周岁退出、热线领取过期回收、督导指标统计与月度通报',
    input: () => z.object({}).passthrough(),
    output: returns<TickResult>(),
    internal: true,
  },
}));
