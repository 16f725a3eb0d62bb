/**
 * A private local stack for one test file: the stand-in on a free port with a temporary data
 * folder, the run's shared build of the functions (tests/helpers/test-build.ts), collections created, and helpers to call functions as a
 * given WeChat user and to move the clock.
 *
 *   let t: TestStack;
 *   beforeAll(async () => { t = await startTestStack({ functions: ['system'] }); });
 *   afterAll(() => t.stop());
 *
 *   const r = await t.call('system', 'whoami', {}, { openid: 'o-parent-1' });
 *   expect(r).toEqual({ ok: true, data: expect.objectContaining({ openid: 'o-parent-1' }) });
 *   t.clock.set(new Date('2025-03-01T00:00:00Z'));
 *   await t.reset();                                        // empty store, collections re-created
 *   await t.app.database().collection('regions').get();   // the real node-sdk, against the stand-in
 *   t.wechat.admin.grantSubscription('o-parent-1', 'TPL_CHECKIN', 1); // the WeChat stand-in
 *
 * `call` goes through the invoker exactly as a mini-program call does (worker instance,
 * `context.environment` identity, config.json timeout, the stand-in clock); it resolves to the
 * function's envelope, and throws `PlatformError` (code FUNCTION_TIME_LIMIT_EXCEEDED, …) for
 * platform failures. Use `invoke` to see platform failures as values.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '../../cloudfunctions/_shared/contracts/envelope';
import type { CloudApp } from '../../cloudfunctions/_shared/cloud';
import { testFunctionsDir } from './test-build';
import { startStack, type Stack, type StackOptions } from '../../local/stack';
import type { InvocationIdentity, InvokeResult, StandinClock } from '../../local/standin/types';
import type { WechatStandin } from '../../local/wechat';
import { migrate } from '../../local/seed/migrate';

process.env.TENCENTCLOUD = 'true';

export interface TestStackOptions {
  /** Functions the stack runs, from the shared test build (default all). */
  functions?: string[];
  /** Use an already built folder instead of building (e.g. a fixture build). */
  functionsDir?: string;
  /** Seed the demo data (default false: an empty store with every collection created). */
  demo?: boolean;
  /** Also start the dev gateway on a free port (default false). */
  gateway?: boolean;
  /**
   * Instances per function (default 1: calls queue, as on a function whose concurrency is 1).
   * A test of two calls racing passes {@link PLATFORM_INSTANCES} so they really overlap.
   */
  maxWorkersPerFunction?: StackOptions['maxWorkersPerFunction'];
  /** Gateway local mode (default true); false makes the gateway refuse `X-Dev-Openid` (403). */
  localMode?: StackOptions['localMode'];
  /** The function the gateway's `/wechat/event` forwards to (default `articles`). */
  wechatEventFunction?: StackOptions['wechatEventFunction'];
  /**
   * Multiplier of the functions' timeouts as the invoker enforces them (default
   * TEST_TIMEOUT_SCALE: no test may depend on an idle machine). A test of the timeout itself
   * passes 1.
   */
  timeoutScale?: number;
}

/**
 * The invoker's default instances per function (local/standin/invoker.ts), for the tests whose
 * calls must run at the same time. Every other test stack runs one instance per function: each
 * extra instance is another cold start of the whole bundle, and in the access matrix those cold
 * starts were most of its time.
 */
export const PLATFORM_INSTANCES = 4;

/** Test stacks give a call five times its configured timeout (3 s → 15 s) before killing it. */
export const TEST_TIMEOUT_SCALE = 5;

/** A platform failure (not a function envelope): timeout, unknown function, crashed instance. */
export class PlatformError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'PlatformError';
  }
}

export interface TestStack {
  stack: Stack;
  /** node-sdk app pointed at the stand-in (TENCENTCLOUD=true; no identity). */
  app: CloudApp;
  clock: StandinClock;
  /**
   * The WeChat API stand-in on a free port, following `clock`; functions' `app.callWxOpenApi`
   * reaches it (subscribe credits and sent messages: `wechat.admin`).
   */
  wechat: WechatStandin;
  /**
   * Calls `fn` with `{ action, data }` as a mini-program user.
   * @param as identity; `openid` defaults to none, `source` to `wx_client` when an openid is given
   * @returns the function's envelope
   * @throws PlatformError on a platform failure
   */
  call<T = unknown>(fn: string, action: string, data?: unknown, as?: InvocationIdentity): Promise<Envelope<T>>;
  /** Like `call`, returning the raw invoker result (platform failures as values). */
  invoke(fn: string, event: unknown, as?: InvocationIdentity): Promise<InvokeResult>;
  /** Waits for timer-triggered invocations started so far (after moving the clock). */
  settleTimers(): Promise<void>;
  /**
   * Empties the store and storage (`POST /__admin/reset`), re-creates every collection and resets
   * the clock and the WeChat stand-in: a fresh world between tests without restarting the stack.
   */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a private stack (free ports, temp data folder removed on stop).
 * @throws when the build or the stand-in fails to start
 */
export async function startTestStack(opts: TestStackOptions = {}): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shouwang-test-data-'));
  let functionsDir = opts.functionsDir;
  let dispose: (() => void) | undefined;
  if (!functionsDir) {
    const built = await testFunctionsDir(opts.functions);
    functionsDir = built.dir;
    dispose = built.dispose;
  }
  const stack = await startStack({
    dataDir,
    functionsDir,
    ports: { standin: 0, gateway: 0, wechat: 0 },
    demo: opts.demo ?? false,
    gateway: opts.gateway ?? false,
    maxWorkersPerFunction: opts.maxWorkersPerFunction ?? 1,
    wechatEventFunction: opts.wechatEventFunction,
    localMode: opts.localMode,
    timeoutScale: opts.timeoutScale ?? TEST_TIMEOUT_SCALE,
  });
  const invoke = (fn: string, event: unknown, as: InvocationIdentity = {}) => stack.invoker.invoke({ name: fn, event, identity: as });
  return {
    stack,
    app: stack.app,
    clock: stack.clock,
    wechat: stack.wechat!,
    invoke,
    async call<T>(fn: string, action: string, data: unknown = {}, as: InvocationIdentity = {}): Promise<Envelope<T>> {
      const r = await invoke(fn, { action, data }, as);
      if (!r.ok) throw new PlatformError(r.code, r.message);
      return r.result as Envelope<T>;
    },
    settleTimers: () => stack.timers.settle(),
    async reset() {
      await stack.timers.settle();
      const res = await fetch(`${stack.standinUrl}/__admin/reset`, { method: 'POST' });
      if (res.status !== 200) throw new Error(`admin reset failed: ${res.status} ${await res.text()}`);
      await migrate(stack.standinUrl);
      // Back to machine time fires every trigger that came due on the way (a test's clock is
      // usually in the past). Those runs meet the empty world and must end before the next test
      // writes anything, or a late one would act on that test's data at the wrong time.
      stack.clock.reset();
      await stack.timers.settle();
      stack.wechat?.admin.reset();
    },
    async stop() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
      dispose?.();
    },
  };
}
