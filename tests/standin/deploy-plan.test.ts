/**
 * The deploy plan applied to a stand-in: the first run creates every declared collection with its
 * indexes and its closed security rule; a second run finds nothing to change.
 */
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import { DATABASE } from '../../cloudfunctions/_shared/database';
import { deployToStandin } from '../../scripts/deploy/deploy-standin';
import { LOCAL_COLLECTIONS } from '../../local/seed/local-collections';
import { computePlan, desiredState } from '../../scripts/deploy/plan';
import { startTestStandin, type TestStandin } from './support';

let t: TestStandin;
beforeAll(async () => {
  t = await startTestStandin();
});
afterAll(() => t.stop());

test('a real deploy creates every collection, index and rule; the second deploy changes nothing', async () => {
  const first = await deployToStandin(t.standin.url);
  const created = first.filter((s) => s.kind === 'createCollection').map((s) => (s as { collection: string }).collection);
  // The stand-in also gets the local-only collections (the demo persona picker); production does not.
  expect(created.sort()).toEqual([...COLLECTIONS, ...LOCAL_COLLECTIONS].sort());
  expect(desiredState().collections.map((c) => c.name)).not.toContain('devPersonas');

  const state = (await (await fetch(`${t.standin.url}/__admin/database`)).json()) as {
    collections: Array<{ name: string; indexes: Array<{ name: string }>; rule: unknown }>;
  };
  const children = state.collections.find((c) => c.name === 'children')!;
  expect(children.indexes.map((i) => i.name).sort()).toEqual(DATABASE.children.indexes.map((i) => i.name).sort());
  expect(children.indexes.length).toBeGreaterThan(0);
  for (const c of state.collections) expect(c.rule).toEqual({ read: false, write: false });

  expect(await deployToStandin(t.standin.url)).toEqual([]);
});

test('an index the declaration no longer has is dropped, a changed one recreated', () => {
  const desired = desiredState();
  const current = {
    collections: desired.collections.map((c) =>
      c.name === 'visits'
        ? { ...c, indexes: [...c.indexes.map((i) => ({ ...i, unique: true })), { name: 'stale', keys: [{ field: 'x', direction: 1 as const }] }] }
        : c,
    ),
    storageRules: desired.storageRules,
  };
  const steps = computePlan(desired, current);
  expect(steps).toHaveLength(1);
  expect(steps[0]).toMatchObject({ kind: 'updateIndexes', collection: 'visits' });
  const s = steps[0] as { create: Array<{ name: string }>; drop: string[] };
  expect(s.drop.sort()).toEqual(['stale', ...DATABASE.visits.indexes.map((i) => i.name)].sort());
  expect(s.create.map((i) => i.name)).toEqual(DATABASE.visits.indexes.map((i) => i.name));
});
