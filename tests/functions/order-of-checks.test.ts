/**
 * Order of checks (issue 13): who may call is decided before what they sent. For every action
 * no public caller may use (staff, family and internal actions alike), an unbound WeChat user —
 * and a call with no identity at all to a role-guarded action — is refused with FORBIDDEN / UNAUTHENTICATED whatever the
 * body: an empty one, a garbage one, a too-long one. The refusal never names a field, so the
 * shape of staff actions cannot be probed from outside.
 */
import { join } from 'node:path';
import type { CloudFunction } from '../../cloudfunctions/_shared/router';
import type { RolesAccess } from '../../cloudfunctions/_shared/access/spec';
import { listFunctionSources } from '../../scripts/build';
import { startTestStack, type TestStack } from '../helpers/stack';
import { seedWorld, useStackKey } from '../helpers/access-world';

jest.setTimeout(300_000);
const ROOT = join(__dirname, '..', '..');

function loadFunctions(): CloudFunction[] {
  return listFunctionSources(join(ROOT, 'cloudfunctions')).map((name) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(ROOT, 'cloudfunctions', name, 'src', 'index.ts')) as Record<string, unknown>;
    return Object.values(mod).find((v): v is CloudFunction => !!v && typeof v === 'object' && 'actions' in v && (v as CloudFunction).name === name)!;
  });
}

/** Actions a member of the public may not call: internal ones and those whose roles leave out `public`. */
const closed = loadFunctions().flatMap((f) =>
  Object.entries(f.actions)
    .filter(([, spec]) => 'internal' in spec.access || ('roles' in spec.access && !(spec.access as RolesAccess).roles.includes('public')))
    .map(([action, spec]) => ({ fn: f.name, action, internal: 'internal' in spec.access })),
);
const BODIES: Record<string, unknown> = {
  empty: {},
  garbage: { childId: 42, zzz: { a: [1, 2, 3] }, requestId: null },
  tooLong: { note: '长'.repeat(20_000), id: 'x'.repeat(5000) },
};

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({});
  useStackKey(t);
  await seedWorld(t.app);
});
afterAll(async () => t?.stop());

test('there are closed actions in every domain to check', () => {
  expect(closed.length).toBeGreaterThan(80);
  expect(new Set(closed.map((a) => a.fn)).size).toBeGreaterThanOrEqual(8);
});

test('an unbound user gets FORBIDDEN from every closed action, whatever the body, and no field is named', async () => {
  const wrong: string[] = [];
  for (const { fn, action } of closed) {
    for (const [kind, body] of Object.entries(BODIES)) {
      const r = await t.call(fn, action, body, { openid: 'o-unbound-prober' });
      const code = r.ok ? 'OK' : r.error.code;
      if (code !== 'FORBIDDEN' || (!r.ok && r.error.details)) wrong.push(`${fn}.${action} (${kind} body): ${code}${!r.ok && r.error.details ? ' with details' : ''}`);
    }
  }
  expect(wrong).toEqual([]);
});

test('with no identity at all, every role-guarded action refuses before reading the body', async () => {
  // (Internal actions are the platform's: timers and server-side calls carry no identity.)
  const wrong: string[] = [];
  for (const { fn, action } of closed.filter((a) => !a.internal)) {
    const r = await t.call(fn, action, BODIES.garbage, {});
    const code = r.ok ? 'OK' : r.error.code;
    if (code !== 'UNAUTHENTICATED' && code !== 'FORBIDDEN') wrong.push(`${fn}.${action}: ${code}`);
  }
  expect(wrong).toEqual([]);
});
