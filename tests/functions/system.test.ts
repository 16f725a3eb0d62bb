/**
 * The `system` function through the whole local stack (stand-in + invoker), as every function
 * test runs: identity injected per call, 20 concurrent callers, and no DNS lookups by the SDK.
 */
import dns from 'node:dns';
import { startTestStack, type TestStack, PLATFORM_INSTANCES } from '../helpers/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ functions: ['system'], maxWorkersPerFunction: PLATFORM_INSTANCES }); // racing calls need instances side by side
}, 60_000);
afterAll(() => t.stop());

it('ping answers with the invocation clock', async () => {
  const r = await t.call<{ pong: boolean; now: string }>('system', 'ping');
  expect(r.ok && r.data.pong).toBe(true);
});

it('whoami returns the identity CloudBase injects, never one from the request body', async () => {
  await expect(t.call('system', 'whoami', {}, { openid: 'o-village-officer' })).resolves.toEqual({
    ok: true,
    data: { openid: 'o-village-officer', appid: 'wx-local-appid', source: 'wx_client' },
  });
  // A body can't smuggle an identity in: the schema is strict.
  await expect(t.call('system', 'whoami', { openid: 'o-forged' }, { openid: 'o-real' })).resolves.toMatchObject({
    ok: false,
    error: { code: 'VALIDATION_FAILED' },
  });
});

it('20 concurrent invocations with different openids each see their own identity', async () => {
  const openids = Array.from({ length: 20 }, (_, i) => `o-parent-${i}`);
  const results = await Promise.all(openids.map((openid) => t.call<{ openid: string }>('system', 'whoami', {}, { openid })));
  expect(results.map((r) => (r.ok ? r.data.openid : 'failed'))).toEqual(openids);
});

it('an SDK call against the stand-in performs no DNS lookup', async () => {
  const lookup = jest.spyOn(dns, 'lookup');
  const plookup = jest.spyOn(dns.promises, 'lookup');
  try {
    await t.app.database().collection('regions').limit(1).get();
    await t.app.database().collection('regions').count();
    expect(lookup).not.toHaveBeenCalled();
    expect(plookup).not.toHaveBeenCalled();
  } finally {
    lookup.mockRestore();
    plookup.mockRestore();
  }
  // …nor inside function instances (the invoker counts lookups in its workers).
  expect(t.stack.invoker.stats().dnsLookups).toBe(0);
});

it('reset() empties the store but keeps every collection usable', async () => {
  const db = t.app.database();
  await db.collection('regions').add({ code: 'x', name: 'scratch' });
  await t.reset();
  expect((await db.collection('regions').count()).total).toBe(0);
  await expect(db.collection('devPersonas').count()).resolves.toMatchObject({ total: 0 });
});
