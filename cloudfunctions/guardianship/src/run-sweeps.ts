/**
 * `runSweeps`: the guardianship sweeps (sweeps.ts) on demand, for operators and tests (internal:
 * never a mini-program user). The `scheduler` function's timer runs the same sweeps.
 */
import { action } from '../../_shared/router';
import { notify } from '../../_shared/notify';
import { runGuardianshipSweeps } from './sweeps';
import { guardianshipContract } from '../../_shared/contracts/guardianship';

const A = guardianshipContract.actions;

export const runSweeps = action(A.runSweeps, {
  access: { internal: true },
  example: () => ({}),
  handler: async (_input, ctx) => runGuardianshipSweeps(ctx.app.database(), ctx.now(), (n) => notify(ctx, n)),
});
