/**
 * `deployToStandin`: the one way a stand-in's store is set up (`npm start`, the test stacks,
 * `npm run deploy -- --standin <url>`): compute the plan from the declaration, apply it.
 */
import { LOCAL_COLLECTIONS } from '../../local/seed/local-collections';
import { computePlan, desiredState, type PlanStep } from './plan';
import { standinTarget } from './standin-target';

/**
 * Applies the deploy plan to the stand-in at `baseUrl`.
 * @param opts.root repo root holding cloudbaserc.json and the rules files (default cwd)
 * @returns the steps applied (empty: nothing to change)
 */
export async function deployToStandin(baseUrl: string, opts: { root?: string } = {}): Promise<PlanStep[]> {
  const target = standinTarget(baseUrl);
  const steps = computePlan(desiredState({ root: opts.root, extraCollections: LOCAL_COLLECTIONS }), await target.current());
  await target.applyAll(steps);
  return steps;
}
