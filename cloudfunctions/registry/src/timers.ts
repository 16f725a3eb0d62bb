/** The registry's timer work, run by the `scheduler` function every minute (ageout.ts). */
import type { TimerWork } from '../../_shared/context';
import { runAgeOut } from './ageout';

export const timers: TimerWork[] = [{ name: 'ageOut', summary: '年满16周岁的儿童当天退出在册', run: (ctx) => runAgeOut(ctx) }];
