/** Guardianship's timer work, run by the `scheduler` function every minute (sweeps.ts). */
import type { TimerWork } from '../../_shared/context';
import { notify } from '../../_shared/notify';
import { dbOf } from '../../_shared/db';
import { runGuardianshipSweeps } from './sweeps';

export const timers: TimerWork[] = [
  {
    name: 'guardianship',
    summary: '监护责令开启、办结与逾期上报；确认书到期与提醒；亲情连线提醒；走访记录告知家长',
    run: (ctx) => runGuardianshipSweeps(dbOf(ctx), ctx.now(), (n) => notify(ctx, n)),
  },
];
