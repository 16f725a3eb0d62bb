/**
 * The access matrix: docs/access-matrix.csv (written as policy, independently of the code) says,
 * for every action of every function, for every role, in scope and out of scope, allow or deny.
 * This test
 *  1. fails when an action exists with no rows, a row names no action, rows are missing for a
 *     role, or the scope kind disagrees with the action (in/out for actions that touch data named
 *     in their input, n/a otherwise), or an action has no `example`;
 *  2. calls every action as a fresh persona of each role (bound in the caller's own area; "out"
 *     data sits in the next area out — see tests/helpers/access-world.ts) with the action's
 *     example input, and checks allow (anything but FORBIDDEN/UNAUTHENTICATED) vs deny.
 * Examples must be valid: VALIDATION_FAILED, UNKNOWN_ACTION, INTERNAL fail the row.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { CloudFunction } from '../../cloudfunctions/_shared/router';
import { ROLES, type RoleName } from '../../cloudfunctions/_shared/access/roles';
import type { ExampleWorld, RolesAccess } from '../../cloudfunctions/_shared/access/spec';
import { listFunctionSources } from '../../scripts/build';
import { startTestStack, type TestStack } from '../helpers/stack';
import { LOCAL_ENV_ID } from '../../local/stack';
import { SIDES, insert, makePersona, outSideFor, seedSchools, seedWorld, useStackKey } from '../helpers/access-world';

const ROOT = join(__dirname, '..', '..');

type Row = { fn: string; action: string; role: RoleName; scope: 'in' | 'out' | 'n/a'; expected: 'allow' | 'deny'; line: number };

function readMatrix(): Row[] {
  const lines = readFileSync(join(ROOT, 'docs', 'access-matrix.csv'), 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const header = lines[0].split(',');
  expect(header).toEqual(['function', 'action', 'role', 'scope', 'expected']);
  return lines.slice(1).map((l, i) => {
    const [fn, action, role, scope, expected] = l.split(',').map((s) => s.trim());
    return { fn, action, role: role as RoleName, scope: scope as Row['scope'], expected: expected as Row['expected'], line: i + 2 };
  });
}

/** Every CloudFunction object exported by `cloudfunctions/<fn>/src/index.ts`. */
function loadFunctions(): CloudFunction[] {
  return listFunctionSources(join(ROOT, 'cloudfunctions')).map((name) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(ROOT, 'cloudfunctions', name, 'src', 'index.ts')) as Record<string, unknown>;
    const fn = Object.values(mod).find((v): v is CloudFunction => !!v && typeof v === 'object' && 'actions' in v && 'main' in v && (v as CloudFunction).name === name);
    if (!fn) throw new Error(`cloudfunctions/${name}/src/index.ts exports no CloudFunction named ${name}`);
    return fn;
  });
}

function isScoped(access: unknown): boolean {
  const a = access as RolesAccess;
  return 'roles' in a && (!!a.target || a.dataScope === 'handler');
}

const rows = readMatrix();
const functions = loadFunctions();
const actions = functions.flatMap((f) => Object.entries(f.actions).map(([name, spec]) => ({ fn: f.name, name, spec })));

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

describe('access matrix: enforcement', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ functions: functions.map((f) => f.name) });
    useStackKey(t);
    await seedWorld(t.app);
    await seedSchools(t.app);
  }, 120_000);
  afterAll(async () => t?.stop());

  const byAction = new Map<string, Row[]>();
  for (const r of rows) byAction.set(`${r.fn}.${r.action}`, [...(byAction.get(`${r.fn}.${r.action}`) ?? []), r]);

  test.each([...byAction.keys()].filter((k) => actions.some((a) => `${a.fn}.${a.name}` === k)))(
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
      const mine = byAction.get(key)!;
      for (let i = 0; i < mine.length; i += 6) await Promise.all(mine.slice(i, i + 6).map(run));
      expect(problems).toEqual([]);
    },
    120_000,
  );
});
