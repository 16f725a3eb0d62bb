/**
 * The access matrix's shared parts: docs/access-matrix.csv read into rows, every function's
 * actions, and the enforcement sweep dealt out over SHARDS test files
 * (tests/functions/access-matrix-<n>.test.ts) so that jest's workers share it; one file held
 * several minutes of calls on one worker. Every action's rows stay in one shard (one persona per
 * row, one stack per shard); shards are balanced by the calls they make. Three shards: each file
 * pays every function's cold start and the world's seeding once, about a third of its time
 * (six files took 53 s of one core, three take 38 s).
 *
 * Which rows are called. Three rows in four name a role the action's declaration does not admit
 * (`access.roles` without it or `public`): the router refuses those before reading the input or
 * any data, by one generic check (`_shared/access/runtime.ts`). Those rows are checked against the
 * declaration without a call (tests/functions/access-matrix.test.ts: the policy and the code must
 * agree), and one of them per action is called for real, a different role from one action to the
 * next (`calledRows`), so the refusal is seen end to end for every role. Every other row — every
 * role the declaration admits, in and out of scope, public and internal actions — is called.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { CloudFunction } from '../../cloudfunctions/_shared/router';
import type { RoleName } from '../../cloudfunctions/_shared/access/roles';
import type { ExampleWorld, RolesAccess } from '../../cloudfunctions/_shared/access/spec';
import { listFunctionSources } from '../../scripts/build';
import { startTestStack, type TestStack } from '../helpers/stack';
import { LOCAL_ENV_ID } from '../../local/stack';
import { SIDES, insert, makePersona, outSideFor, seedSchools, seedWorld, useStackKey } from '../helpers/access-world';

const ROOT = join(__dirname, '..', '..');

/** How many files the enforcement sweep is dealt over. */
export const SHARDS = 3;

export type Row = { fn: string; action: string; role: RoleName; scope: 'in' | 'out' | 'n/a'; expected: 'allow' | 'deny'; line: number };

/** docs/access-matrix.csv as rows (line numbers kept for messages). */
export function readMatrix(): Row[] {
  const lines = readFileSync(join(ROOT, 'docs', 'access-matrix.csv'), 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const header = lines[0].split(',');
  expect(header).toEqual(['function', 'action', 'role', 'scope', 'expected']);
  return lines.slice(1).map((l, i) => {
    const [fn, action, role, scope, expected] = l.split(',').map((s) => s.trim());
    return { fn, action, role: role as RoleName, scope: scope as Row['scope'], expected: expected as Row['expected'], line: i + 2 };
  });
}

/** Every CloudFunction object exported by `cloudfunctions/<fn>/src/index.ts`. */
export function loadFunctions(): CloudFunction[] {
  return listFunctionSources(join(ROOT, 'cloudfunctions')).map((name) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(ROOT, 'cloudfunctions', name, 'src', 'index.ts')) as Record<string, unknown>;
    const fn = Object.values(mod).find((v): v is CloudFunction => !!v && typeof v === 'object' && 'actions' in v && 'main' in v && (v as CloudFunction).name === name);
    if (!fn) throw new Error(`cloudfunctions/${name}/src/index.ts exports no CloudFunction named ${name}`);
    return fn;
  });
}

/** Whether an action's access names a target or checks data scope itself: rows then come in and out. */
export function isScoped(access: unknown): boolean {
  const a = access as RolesAccess;
  return 'roles' in a && (!!a.target || a.dataScope === 'handler');
}

export const rows = readMatrix();
export const functions = loadFunctions();
export const actions = functions.flatMap((f) => Object.entries(f.actions).map(([name, spec]) => ({ fn: f.name, name, spec })));

/** Rows per `fn.action`, for actions that exist (rows naming none fail the structure test). */
export const byAction = new Map<string, Row[]>();
for (const r of rows) {
  const key = `${r.fn}.${r.action}`;
  if (actions.some((a) => `${a.fn}.${a.name}` === key)) byAction.set(key, [...(byAction.get(key) ?? []), r]);
}

/** True when the action's declaration does not admit `role` at all (the router refuses it first). */
export function declarationRefuses(access: unknown, role: RoleName): boolean {
  const a = access as RolesAccess;
  return 'roles' in a && !a.roles.includes('public') && !a.roles.includes(role);
}

const accessOf = new Map(actions.map((a) => [`${a.fn}.${a.name}`, a.spec.access]));
const sortedKeys = [...byAction.keys()].sort();

/**
 * The rows of an action that are called: every row the declaration admits, and one it refuses,
 * its role rotating with the action's place in the sorted list of actions.
 */
export function calledRows(key: string): Row[] {
  const all = byAction.get(key)!;
  const refused = all.filter((r) => declarationRefuses(accessOf.get(key), r.role));
  const admitted = all.filter((r) => !refused.includes(r));
  if (!refused.length) return admitted;
  return [...admitted, refused[sortedKeys.indexOf(key) % refused.length]];
}

/**
 * The actions of shard `index` (0-based): most calls first, each to the shard with the fewest
 * calls so far, so every file takes about as long.
 */
export function shardKeys(index: number): string[] {
  const load = Array.from({ length: SHARDS }, () => 0);
  const shards: string[][] = Array.from({ length: SHARDS }, () => []);
  const keys = [...sortedKeys].sort((a, b) => calledRows(b).length - calledRows(a).length || a.localeCompare(b));
  for (const key of keys) {
    const i = load.indexOf(Math.min(...load));
    shards[i].push(key);
    load[i] += calledRows(key).length;
  }
  return shards[index];
}

/**
 * Calls every action of shard `index` as a fresh persona of each role it is called as
 * (`calledRows`), in and out of scope, with the action's example input, and checks allow
 * (anything but FORBIDDEN/UNAUTHENTICATED) vs deny.
 */
export function describeEnforcement(index: number): void {
  describe(`access matrix: enforcement, shard ${index + 1} of ${SHARDS}`, () => {
    let t: TestStack;
    beforeAll(async () => {
      t = await startTestStack({ functions: functions.map((f) => f.name) });
      useStackKey(t);
      await seedWorld(t.app);
      await seedSchools(t.app);
    }, 120_000);
    afterAll(async () => t?.stop());

    test.each(shardKeys(index))(
      '%s behaves as the matrix says',
      async (key) => {
        const a = actions.find((x) => `${x.fn}.${x.name}` === key)!;
        const problems: string[] = [];
        const run = async (r: Row) => {
          const side = r.scope === 'out' ? outSideFor(r.role) : SIDES.in;
          const persona = await makePersona(t.app, r.role);
          const world: ExampleWorld = {
            role: r.role,
            scope: r.scope,
            side,
            caller: { openid: persona.openid, personId: persona.personId },
            insert: (c, d) => insert(t.app, c, d),
            unique: () => randomUUID().replace(/-/g, '').slice(0, 12),
            now: t.clock.now(),
            envId: LOCAL_ENV_ID,
          };
          const input = await a.spec.example!(world);
          const res = await t.call(r.fn, r.action, input, { openid: persona.openid });
          const code = res.ok ? undefined : res.error.code;
          if (code && ['VALIDATION_FAILED', 'UNKNOWN_ACTION', 'INTERNAL', 'CONFIG_MISSING'].includes(code)) {
            problems.push(`${r.role}/${r.scope}: example input failed with ${code} ${JSON.stringify(res)}`);
            return;
          }
          const denied = code === 'FORBIDDEN' || code === 'UNAUTHENTICATED';
          const got = denied ? 'deny' : 'allow';
          if (got !== r.expected) problems.push(`${r.role}/${r.scope}: expected ${r.expected}, got ${got} (${code ?? 'ok'})`);
        };
        const mine = calledRows(key);
        for (let i = 0; i < mine.length; i += 6) await Promise.all(mine.slice(i, i + 6).map(run));
        expect(problems).toEqual([]);
      },
      120_000,
    );
  });
}
