/**
 * The access matrix: docs/access-matrix.csv (written as policy, independently of the code) says,
 * for every action of every function, for every role, in scope and out of scope, allow or deny.
 * This test
 *  1. fails when an action exists with no rows, a row names no action, rows are missing for a
 *     role, or the scope kind disagrees with the action (in/out for actions that touch data named
 *     in their input, n/a otherwise), or an action has no `example`;
 *  2. fails when a row names a role the action's declaration does not admit and says allow;
 *  3. (tests/functions/access-matrix-<n>.test.ts, via tests/helpers/access-matrix.ts) calls every
 *     action as a fresh persona of each role the declaration admits, and of one it refuses (a
 *     different one per action; see the helper for why not all) (bound in the caller's own area; "out" data sits in the next area out — see tests/helpers/access-world.ts) with the action's
 *     example input, and checks allow (anything but FORBIDDEN/UNAUTHENTICATED) vs deny.
 * Examples must be valid: VALIDATION_FAILED, UNKNOWN_ACTION, INTERNAL fail the row.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '../../cloudfunctions/_shared/access/roles';
import { SHARDS, actions, byAction, calledRows, declarationRefuses, isScoped, rows, shardKeys } from '../helpers/access-matrix';

describe('access matrix: structure', () => {
  test('every row names an existing action, role, scope and expectation', () => {
    const known = new Set(actions.map((a) => `${a.fn}.${a.name}`));
    const bad = rows.filter(
      (r) => !known.has(`${r.fn}.${r.action}`) || !(ROLES as readonly string[]).includes(r.role) || !['in', 'out', 'n/a'].includes(r.scope) || !['allow', 'deny'].includes(r.expected),
    );
    expect(bad.map((r) => `line ${r.line}: ${r.fn},${r.action},${r.role},${r.scope},${r.expected}`)).toEqual([]);
  });

  test('no duplicate rows', () => {
    const seen = new Map<string, number>();
    const dups: string[] = [];
    for (const r of rows) {
      const k = `${r.fn}.${r.action}/${r.role}/${r.scope}`;
      if (seen.has(k)) dups.push(`${k} (lines ${seen.get(k)} and ${r.line})`);
      seen.set(k, r.line);
    }
    expect(dups).toEqual([]);
  });

  test.each(actions.map((a) => [`${a.fn}.${a.name}`, a] as const))('%s has a row per role and scope, and an example', (_n, a) => {
    const mine = rows.filter((r) => r.fn === a.fn && r.action === a.name);
    const scopes = isScoped(a.spec.access) ? ['in', 'out'] : ['n/a'];
    const expectedKeys = ROLES.flatMap((role) => scopes.map((s) => `${role}/${s}`)).sort();
    expect(mine.map((r) => `${r.role}/${r.scope}`).sort()).toEqual(expectedKeys);
    expect(typeof a.spec.example).toBe('function');
  });
});

describe('access matrix: rows the declaration refuses', () => {
  test('every row naming a role the action does not admit expects deny, as the declaration says', () => {
    const access = new Map(actions.map((a) => [`${a.fn}.${a.name}`, a.spec.access]));
    const wrong = rows.filter((r) => access.has(`${r.fn}.${r.action}`) && declarationRefuses(access.get(`${r.fn}.${r.action}`), r.role) && r.expected !== 'deny');
    expect(wrong.map((r) => `line ${r.line}: ${r.fn}.${r.action} ${r.role}/${r.scope} says allow; the action's access.roles does not name ${r.role}`)).toEqual([]);
  });

  test('the refusal is called for real for every role somewhere in the sweep', () => {
    const refusedRoles = new Set<string>();
    const calledRefusals = new Set<string>();
    for (const key of byAction.keys()) {
      for (const r of byAction.get(key)!) if (declarationRefuses(actions.find((a) => `${a.fn}.${a.name}` === key)!.spec.access, r.role)) refusedRoles.add(r.role);
      for (const r of calledRows(key)) if (declarationRefuses(actions.find((a) => `${a.fn}.${a.name}` === key)!.spec.access, r.role)) calledRefusals.add(r.role);
    }
    expect([...refusedRoles].filter((r) => !calledRefusals.has(r))).toEqual([]);
  });
});

describe('access matrix: the enforcement sweep covers every action once', () => {
  test('each action with rows is in exactly one shard, and every shard has its file', () => {
    const dealt = Array.from({ length: SHARDS }, (_, i) => shardKeys(i)).flat();
    expect([...dealt].sort()).toEqual([...byAction.keys()].sort());
    expect(new Set(dealt).size).toBe(dealt.length);
    const missing = Array.from({ length: SHARDS }, (_, i) => `access-matrix-${i + 1}.test.ts`).filter((f) => !existsSync(join(__dirname, f)));
    expect(missing).toEqual([]);
    expect(existsSync(join(__dirname, `access-matrix-${SHARDS + 1}.test.ts`))).toBe(false);
  });
});
