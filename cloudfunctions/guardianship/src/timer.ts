/**
 * `runSweeps`: the guardianship sweeps (sweeps.ts) on demand, for operators and tests (internal:
 * never a mini-program user). The `scheduler` function's timer runs the same sweeps.
 */
import { z } from 'zod';
import { action } from '../../_shared/router';
import { notify } from '../../_shared/notify';
import { runGuardianshipSweeps } from './sweeps';

export const runSweeps = action({
  summary: '内部任务：开启/办结监护责令、逾期上报、确认书到期与提醒、亲情连线提醒（可重复运行）',
  input: z.object({}).strict(),
  access: { internal: true },
  example: () => ({}),
  handler: async (_input, ctx) => runGuardianshipSweeps(ctx.app.database(), ctx.now(), (n) => notify(ctx, n)),
});
