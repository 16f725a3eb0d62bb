/**
 * Age-out (issue "Eligibility"): on the 16th birthday (29 Feb → 1 Mar in other years) the child
 * leaves the active registry that Asia/Shanghai day, with history. A daily timer shortly after
 * 00:00 Beijing time writes it (`function.json` trigger `ageOut`, 00:05:00); reads never wait for
 * it — `isActiveOn` already treats a file as left from that day on. Safe to run twice: only
 * files still `active` are changed (in a transaction) and each gets one history entry with a
 * deterministic id.
 */
import { action } from '../../_shared/router';
import type { ActionContext } from '../../_shared/context';
import { registryContract, type ChildDoc } from '../../_shared/contracts/registry';
import { R, today } from './common';
import { changeChild } from './children';
import { dbOf } from '../../_shared/db';

const A = registryContract.actions;

/** Work budget of one run (ms); what is left is picked up by the next run (reads are already right). */
const BUDGET_MS = 2000;

/**
 * One age-out run within the work budget.
 * @returns the day, how many files left the registry, and how many due ones are left for the next run
 */
export async function runAgeOut(ctx: ActionContext): Promise<{ day: string; changed: number; remaining: number }> {
    const started = Date.now();
    const db = dbOf(ctx);
    const _ = db.command;
    const day = today(ctx);
    let changed = 0;
    let remaining = 0;
    for (;;) {
      const res = await db.collection(R.children).where({ status: 'active', ageOutOn: _.lte(day) }).field({ _id: true, ageOutOn: true }).limit(100).get();
      const due = (res.data ?? []) as Pick<ChildDoc, '_id' | 'ageOutOn'>[];
      if (!due.length) break;
      for (const c of due) {
        if (Date.now() - started > BUDGET_MS) {
          remaining = due.length;
          break;
        }
        const { changes } = await changeChild(
          db,
          c._id,
          (d) => {
            if (d.status !== 'active') return;
            d.status = 'left';
            d.leftReason = 'agedOut';
            d.leftOn = d.ageOutOn ?? day;
          },
          { op: 'ageOut', reason: '年满16周岁，自动退出在册', by: { role: 'system', kind: 'system' }, now: ctx.now(), historyId: `ageout-${c._id}` },
        ).catch(() => ({ changes: [] }));
        if (changes.length) changed++;
      }
      if (remaining) break;
    }
    return { day, changed, remaining };
}

export const ageOut = action(A.ageOut, {
  access: { internal: true },
  example: () => ({}),
  handler: async (_input, ctx) => runAgeOut(ctx),
});
