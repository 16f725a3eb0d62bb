/**
 * Demo data for `npm start`: real divisions of 东至县 (池州市, 安徽省) and invented people only.
 * Steps run in order on an empty store; later capabilities append their steps to `DEMO_STEPS`
 * (e.g. personas after regions). Each step gets the SDK app (pointed at the stand-in) and the
 * stand-in clock's "now", and returns a one-line summary for the start banner.
 */
import type { CloudApp } from '../../cloudfunctions/_shared/cloud';
import { allCollections, migrate } from './migrate';
import { seedRegions } from './regions';
import type { SeedInvoke } from './articles';

export interface SeedContext {
  app: CloudApp;
  /** The stand-in clock's current instant. */
  now: Date;
  /** Runs a built function as a given identity (steps that go through a function's own flow). */
  invoke?: SeedInvoke;
}

export interface SeedStep {
  name: string;
  run(ctx: SeedContext): Promise<string>;
}

/**
 * Reference data every deployment of this county needs, demo or not: the administrative divisions
 * (scopes, place names, census sheet matching and the summary all depend on them). Loaded
 * whenever the collection is empty.
 */
export const BASE_STEPS: SeedStep[] = [{ name: 'regions', run: ({ app }) => seedRegions(app) }];

/**
 * Ordered demo steps (invented people; run after the base steps on an empty store). Each step's
 * module is loaded when it runs: most stacks (every test stack but a few) start without the demo.
 */
export const DEMO_STEPS: SeedStep[] = [
  { name: 'personas', run: async ({ app, now }) => (await import('./personas')).seedPersonas(app, now) },
  { name: 'registry', run: async ({ app, now }) => (await import('./registry')).seedRegistry(app, now) },
  { name: 'helpline', run: async ({ app, now }) => (await import('./helpline')).seedHelpline(app, now) },
  { name: 'articles', run: async ({ invoke }) => (await import('./articles')).seedArticles(invoke) },
  { name: 'guardianship', run: async ({ app, invoke }) => (await import('./guardianship')).seedGuardianship(app, invoke) },
  { name: 'care', run: async ({ app, now }) => (await import('./care')).seedCare(app, now) },
  { name: 'community', run: async ({ invoke }) => (await import('./community')).seedCommunity(invoke) },
  { name: 'community-orgs', run: async ({ invoke }) => (await import('./community-orgs')).seedCommunityOrgs(invoke) },
];

/** A persona as `GET /personas` serves it (documents of `devPersonas`). */
export interface DevPersona {
  key: string;
  name: string;
  openid: string;
  roles: string[];
  description: string;
}

/**
 * True when no collection holds a document (a fresh data folder).
 * @param app node-sdk app pointed at the stand-in (collections must exist: run migrate first)
 */
export async function isStoreEmpty(app: CloudApp, names: readonly string[] = allCollections()): Promise<boolean> {
  const db = app.database();
  for (const name of names) {
    const { total } = await db.collection(name).count();
    if ((total ?? 0) > 0) return false;
  }
  return true;
}

/**
 * Creates missing collections, loads the base reference data (divisions) when missing, then runs
 * the demo steps if the store was empty.
 * @returns what was created and the step summaries (empty when the store already had data)
 */
export async function prepareStore(
  app: CloudApp,
  opts: { standinUrl: string; demo: boolean; now: Date; steps?: SeedStep[]; invoke?: SeedInvoke },
): Promise<{ createdCollections: string[]; seeded: string[] }> {
  const createdCollections = await migrate(opts.standinUrl);
  const seeded: string[] = [];
  // Asked before the divisions are loaded, and only when the demo may follow.
  const empty = opts.demo && (await isStoreEmpty(app));
  if ((await app.database().collection('regions').count()).total === 0) {
    for (const step of BASE_STEPS) seeded.push(await step.run({ app, now: opts.now, invoke: opts.invoke }));
  }
  if (empty) {
    for (const step of opts.steps ?? DEMO_STEPS) {
      if (BASE_STEPS.some((b) => b.name === step.name)) continue;
      seeded.push(await step.run({ app, now: opts.now, invoke: opts.invoke }));
    }
  }
  return { createdCollections, seeded };
}

/** The personas the demo seed created (for the start banner). */
export async function listPersonas(app: CloudApp): Promise<DevPersona[]> {
  const res = await app.database().collection('devPersonas').orderBy('key', 'asc').limit(1000).get();
  return (res.data ?? []) as DevPersona[];
}
