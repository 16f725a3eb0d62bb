/**
 * The function invoker on its own (no stand-in needed): identity per call, concurrency through
 * a bounded pool of worker instances, the config.json timeout, crashes and unknown functions.
 * Uses the production `system` function and the test-only `probe` fixture
 * (tests/fixtures/functions/probe: timeout 1 s), both built with the production build code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctions } from '../../scripts/build';
import { WorkerInvoker } from '../../local/standin/invoker';
import { createClock } from '../../local/standin/clock';
import { DATA_KEY_ENV, generateDataKey } from '../../cloudfunctions/_shared/crypto';

const FIXTURES = join(__dirname, '..', 'fixtures', 'functions');
let dir: string;
let invoker: WorkerInvoker;
const clock = createClock();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shouwang-invoker-'));
  await buildFunctions({ only: ['system'], outDir: dir, writeCloudbaserc: false, copyMiniprogramNpm: false });
  await buildFunctions({ sourceRoot: FIXTURES, outDir: dir, writeCloudbaserc: false, copyMiniprogramNpm: false });
  process.env.WX_OPENID = 'leaked-from-process-env'; // must never be seen by a function
  invoker = new WorkerInvoker({
    functionsDir: dir,
    serviceUrl: 'http://127.0.0.1:9/',
    clock,
    maxWorkersPerFunction: 4,
    env: { [DATA_KEY_ENV]: generateDataKey() },
  });
});

afterAll(async () => {
  delete process.env.WX_OPENID;
  await invoker.close();
  rmSync(dir, { recursive: true, force: true });
});

const whoami = (openid?: string) => invoker.invoke({ name: 'system', event: { action: 'whoami' }, identity: openid ? { openid } : {} });

it('lists the built functions and their timer triggers', () => {
  expect(invoker.list()).toEqual(['probe', 'system']);
  expect(invoker.triggers()).toEqual([{ functionName: 'probe', name: 'tick', config: '0 0 2 * * * *' }]);
});

it('passes the identity in context.environment, never from process.env', async () => {
  await expect(whoami('o-alice')).resolves.toMatchObject({
    ok: true,
    result: { ok: true, data: { openid: 'o-alice', appid: 'wx-local-appid', source: 'wx_client' } },
  });
  await expect(whoami()).resolves.toMatchObject({ ok: true, result: { ok: true, data: { openid: '', source: 'scf' } } });
});

it('20 concurrent invocations with different openids each see their own identity', async () => {
  const openids = Array.from({ length: 20 }, (_, i) => `o-concurrent-${i}`);
  const results = await Promise.all(openids.map((o) => whoami(o)));
  expect(results.map((r) => (r.ok ? (r.result as { data: { openid: string } }).data.openid : r.code))).toEqual(openids);
  // One call at a time per instance: the pool never grew past its cap, the rest queued.
  expect(invoker.stats().workers.system).toBeLessThanOrEqual(4);
});

it('gives the function the stand-in clock as its now', async () => {
  clock.set(new Date('2030-01-02T03:04:05.000Z'));
  const r = await invoker.invoke({ name: 'probe', event: { action: 'whoami' } });
  clock.reset();
  expect(r).toMatchObject({ ok: true, result: { ok: true, data: { now: '2030-01-02T03:04:05.000Z', timeLimitMs: 1000 } } });
});

it('kills a call that overruns its timeout and reports it as CloudBase does', async () => {
  const before = invoker.stats().timeouts;
  const r = await invoker.invoke({ name: 'probe', event: { action: 'sleep', data: { ms: 5000 } } });
  expect(r).toMatchObject({ ok: false, code: 'FUNCTION_TIME_LIMIT_EXCEEDED', message: 'Invoking task timed out after 1 seconds' });
  expect(r.durationMs).toBeGreaterThanOrEqual(1000);
  expect(r.durationMs).toBeLessThan(4000);
  // A CPU-bound overrun is killed too (the worker is terminated, not asked to stop).
  const spin = await invoker.invoke({ name: 'probe', event: { action: 'spin', data: { ms: 10_000 } } });
  expect(spin).toMatchObject({ ok: false, code: 'FUNCTION_TIME_LIMIT_EXCEEDED' });
  expect(spin.durationMs).toBeLessThan(4000);
  expect(invoker.stats().timeouts).toBe(before + 2);
  // The function keeps working on a fresh instance.
  await expect(invoker.invoke({ name: 'probe', event: { action: 'sleep', data: { ms: 10 } } })).resolves.toMatchObject({
    ok: true,
    result: { ok: true, data: { slept: 10 } },
  });
});

it('reports a crashed instance as FUNCTION_INVOCATION_FAILED and recovers', async () => {
  const r = await invoker.invoke({ name: 'probe', event: { action: 'exit' } });
  expect(r).toMatchObject({ ok: false, code: 'FUNCTION_INVOCATION_FAILED' });
  await expect(invoker.invoke({ name: 'probe', event: { action: 'whoami' } })).resolves.toMatchObject({ ok: true });
});

it('reports an unknown function as FUNCTION_NOT_FOUND', async () => {
  await expect(invoker.invoke({ name: 'nope', event: {} })).resolves.toMatchObject({ ok: false, code: 'FUNCTION_NOT_FOUND' });
  await expect(invoker.invoke({ name: '../system', event: {} })).resolves.toMatchObject({ ok: false, code: 'FUNCTION_NOT_FOUND' });
});

it('returns the function envelope for bad input (not a platform error)', async () => {
  await expect(invoker.invoke({ name: 'system', event: { action: 'nope' } })).resolves.toMatchObject({
    ok: true,
    result: { ok: false, error: { code: 'UNKNOWN_ACTION' } },
  });
});

it('reload() picks up a rebuilt function; close() ends running calls instead of hanging', async () => {
  await invoker.invoke({ name: 'probe', event: { action: 'whoami' } });
  await invoker.reload();
  await expect(invoker.invoke({ name: 'probe', event: { action: 'whoami' } })).resolves.toMatchObject({ ok: true });
  const other = new WorkerInvoker({ functionsDir: dir, serviceUrl: 'http://127.0.0.1:9/', env: { [DATA_KEY_ENV]: generateDataKey() } });
  await other.invoke({ name: 'probe', event: { action: 'whoami' } }); // warm, so the next call starts at once
  const running = other.invoke({ name: 'probe', event: { action: 'sleep', data: { ms: 800 } } });
  await new Promise((r) => setTimeout(r, 100));
  await other.close();
  await expect(running).resolves.toMatchObject({ ok: false, code: 'FUNCTION_INVOCATION_FAILED', message: 'invoker is closed' });
  await expect(other.invoke({ name: 'probe', event: { action: 'whoami' } })).resolves.toMatchObject({ ok: false, message: 'invoker is closed' });
});
