/**
 * Runs built cloud functions (`<functionsDir>/<name>/index.js`, see scripts/build.ts) the way
 * CloudBase's SCF runtime does, so function code is identical locally and in production.
 *
 * - Each function instance is a worker thread that loads `index.js` once and then serves one
 *   invocation at a time (SCF instance concurrency 1). Warm workers are reused; a function's pool
 *   grows on demand up to `maxWorkersPerFunction`, after which calls queue. Idle workers are
 *   recycled after `idleTtlMs`.
 * - The worker's environment is SCF's: `TENCENTCLOUD_RUNENV=SCF`, `SCF_NAMESPACE` (env id),
 *   `TENCENTCLOUD_REGION`, dummy `TENCENTCLOUD_SECRETID/SECRETKEY`, `TENCENTCLOUD=true`, and
 *   `TCB_CONTEXT_CNFG` = `{"URL": <stand-in serviceUrl>}`, which is how
 *   `tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })` finds the stand-in (node-sdk tcbapiendpoint.ts).
 * - Identity travels per call in `context.environment` (JSON with `WX_CONTEXT_KEYS`, `WX_OPENID`,
 *   `WX_APPID`, `WX_UNIONID`, `WX_CLIENTIP`, `TCB_SOURCE`), never in the process environment.
 * - `context.localClock` carries the stand-in clock's state (a local extension, see
 *   cloudfunctions/_shared/clock.ts).
 * - The `config.json` timeout (default 3 s) is enforced: an overrunning call's worker is
 *   terminated and the call reports `FUNCTION_TIME_LIMIT_EXCEEDED`,
 *   "Invoking task timed out after N seconds" (what CloudBase reports; the mini-program sees it as
 *   errCode -504003).
 *
 * Platform errors use CloudBase's HTTP API codes: FUNCTION_NOT_FOUND, FUNCTION_TIME_LIMIT_EXCEEDED,
 * FUNCTION_INVOCATION_FAILED (the function threw or its instance crashed).
 */
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FunctionInvoker, InvocationIdentity, InvokeRequest, InvokeResult, StandinClock } from './types';

/** CloudBase's platform error codes for function calls (docs.cloudbase.net http-api/functions). */
export const InvokeErrorCodes = {
  NOT_FOUND: 'FUNCTION_NOT_FOUND',
  TIMEOUT: 'FUNCTION_TIME_LIMIT_EXCEEDED',
  FAILED: 'FUNCTION_INVOCATION_FAILED',
} as const;

export const DEFAULT_TIMEOUT_S = 3;
export const WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,TCB_SOURCE';

export interface WorkerInvokerOptions {
  /** Folder of built functions, e.g. `build/functions`. */
  functionsDir: string;
  /** The stand-in's node-sdk `serviceUrl` (a function, when known only after listen). */
  serviceUrl: string | (() => string);
  /** CloudBase env id the functions see as `SCF_NAMESPACE`; default `shouwang-local`. */
  envId?: string;
  /** The stand-in clock; its state is passed as `context.localClock`. */
  clock?: StandinClock;
  /** WX_APPID when a call names none; default `wx-local-appid`. */
  appId?: string;
  /** Worker cap per function (then calls queue); default 4. */
  maxWorkersPerFunction?: number;
  /** Recycle workers idle this long (ms); default 5 min. */
  idleTtlMs?: number;
  /** Max time for a new instance to load its code (ms), not counted in the call timeout; default 30 s. */
  initTimeoutMs?: number;
  /** Extra environment variables for every worker. */
  env?: Record<string, string>;
  /**
   * Multiplies each call's `config.json` timeout when enforcing it; default 1 (what CloudBase
   * does). Test stacks set more: on a two-core machine running other suites, a call that takes
   * 0.3 s idle can take several seconds, and whether a function works must not depend on an idle
   * machine (issue 14). The function still sees, and the error still names, the configured limit.
   */
  timeoutScale?: number;
}

/** Counters for tests and benchmarks. */
export interface InvokerStats {
  /** Workers started (cold starts). */
  coldStarts: number;
  /** Workers terminated because a call overran its timeout. */
  timeouts: number;
  /** DNS lookups made inside function instances (must stay 0 against the stand-in). */
  dnsLookups: number;
  /** Workers alive now, per function. */
  workers: Record<string, number>;
}

interface FunctionConfigJson {
  timeout?: number;
  triggers?: { name: string; type: string; config: string }[];
  permissions?: { openapi?: string[] };
}

/** Code each worker runs: loads the function once, then serves `{ id, event, context }` messages. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const dns = require('node:dns');
let dnsLookups = 0;
const lookup = dns.lookup;
dns.lookup = function () { dnsLookups++; return lookup.apply(this, arguments); };
const plookup = dns.promises.lookup;
dns.promises.lookup = function () { dnsLookups++; return plookup.apply(this, arguments); };
let mod;
try {
  mod = require(workerData.file);
  if (!mod || typeof mod.main !== 'function') throw new Error('index.js does not export main');
  parentPort.postMessage({ type: 'ready' });
} catch (err) {
  mod = undefined;
  parentPort.postMessage({ type: 'loadError', message: String((err && err.stack) || err) });
}
if (mod) parentPort.on('message', async (msg) => {
  const before = dnsLookups;
  try {
    const result = await mod.main(msg.event, msg.context);
    const json = result === undefined ? 'null' : JSON.stringify(result);
    parentPort.postMessage({ type: 'result', id: msg.id, ok: true, json, dnsLookups: dnsLookups - before });
  } catch (err) {
    parentPort.postMessage({ type: 'result', id: msg.id, ok: false, message: String((err && err.message) || err), stack: err && err.stack, dnsLookups: dnsLookups - before });
  }
});
`;

type WorkerReply =
  | { type: 'ready' }
  | { type: 'loadError'; message: string }
  | { type: 'result'; id: string; ok: true; json: string; dnsLookups: number }
  | { type: 'result'; id: string; ok: false; message: string; stack?: string; dnsLookups: number };

interface Pending {
  id: string;
  resolve: (r: InvokeResult) => void;
  started: number;
  timer: NodeJS.Timeout;
}

class Instance {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  pending?: Pending;
  dead = false;
  idleTimer?: NodeJS.Timeout;
  private onDeath: (err: Error) => void = () => undefined;

  constructor(file: string, env: Record<string, string>, initTimeoutMs: number, onReply: (inst: Instance, r: WorkerReply) => void) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file }, env, stdout: false, stderr: false });
    this.ready = new Promise<void>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`instance did not load within ${initTimeoutMs} ms`)), initTimeoutMs);
      this.worker.once('message', (m: WorkerReply) => {
        clearTimeout(t);
        if (m.type === 'ready') res();
        else rej(new Error(m.type === 'loadError' ? m.message : 'unexpected message'));
      });
      this.onDeath = (err) => {
        clearTimeout(t);
        rej(err);
      };
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (m: WorkerReply) => {
      if (m.type === 'result') onReply(this, m);
    });
    const die = (err: Error) => {
      if (this.dead) return;
      this.dead = true;
      this.onDeath(err);
      onReply(this, { type: 'result', id: this.pending?.id ?? '', ok: false, message: err.message, dnsLookups: 0 });
    };
    this.worker.on('error', (err) => die(err));
    this.worker.on('exit', (code) => die(new Error(`function instance exited with code ${code}`)));
  }

  kill(): Promise<number> {
    this.dead = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    return this.worker.terminate();
  }
}

interface Waiter {
  resolve: (inst: Instance) => void;
  reject: (err: Error) => void;
}

class Pool {
  /** Set by reload(): instances still running finish their call, then are discarded. */
  retired = false;
  readonly instances = new Set<Instance>();
  readonly idle: Instance[] = [];
  readonly waiters: Waiter[] = [];
  constructor(
    readonly name: string,
    readonly file: string,
    readonly config: FunctionConfigJson,
  ) {}
}

/**
 * The stand-in's FunctionInvoker over worker threads (see the file header).
 * `invoke` never throws: platform failures come back as `{ ok: false, code, message }`.
 */
export class WorkerInvoker implements FunctionInvoker {
  readonly functionsDir: string;
  readonly envId: string;
  private readonly pools = new Map<string, Pool>();
  /** Every pool ever created (including retired ones), so close() reaches every worker. */
  private readonly allPools = new Set<Pool>();
  private readonly opts: Required<Pick<WorkerInvokerOptions, 'maxWorkersPerFunction' | 'idleTtlMs' | 'initTimeoutMs' | 'appId' | 'timeoutScale'>>;
  private closed = false;
  private counters = { coldStarts: 0, timeouts: 0, dnsLookups: 0 };

  constructor(private readonly options: WorkerInvokerOptions) {
    this.functionsDir = resolve(options.functionsDir);
    this.envId = options.envId ?? 'shouwang-local';
    this.opts = {
      maxWorkersPerFunction: options.maxWorkersPerFunction ?? 4,
      idleTtlMs: options.idleTtlMs ?? 5 * 60_000,
      initTimeoutMs: options.initTimeoutMs ?? 30_000,
      appId: options.appId ?? 'wx-local-appid',
      timeoutScale: options.timeoutScale ?? 1,
    };
  }

  /** Names of the built functions (folders holding index.js), sorted. */
  list(): string[] {
    if (!existsSync(this.functionsDir)) return [];
    return readdirSync(this.functionsDir)
      .filter((n) => existsSync(join(this.functionsDir, n, 'index.js')))
      .sort();
  }

  /**
   * A function's `config.json` (timeout in seconds, triggers, open-API permissions).
   * @returns undefined when the function is not built
   */
  config(name: string): FunctionConfigJson | undefined {
    return this.pool(name)?.config;
  }

  /** Every declared timer trigger of every built function. */
  triggers(): { functionName: string; name: string; config: string }[] {
    return this.list().flatMap((fn) =>
      (this.config(fn)?.triggers ?? []).filter((t) => t.type === 'timer').map((t) => ({ functionName: fn, name: t.name, config: t.config })),
    );
  }

  /**
   * Runs `main(event, context)` of the named function with the given identity.
   * @returns the function's (JSON round-tripped) result, or a platform error in CloudBase's words
   */
  async invoke(req: InvokeRequest): Promise<InvokeResult> {
    const started = Date.now();
    const fail = (code: string, message: string): InvokeResult => ({ ok: false, code, message, durationMs: Date.now() - started });
    if (this.closed) return fail(InvokeErrorCodes.FAILED, 'invoker is closed');
    const pool = this.pool(req.name);
    if (!pool) return fail(InvokeErrorCodes.NOT_FOUND, 'FunctionName parameter could not be found.');

    let inst: Instance;
    try {
      inst = await this.acquire(pool);
    } catch (err) {
      return fail(InvokeErrorCodes.FAILED, `function instance failed to start: ${(err as Error).message}`);
    }
    const timeoutS = pool.config.timeout ?? DEFAULT_TIMEOUT_S;
    const id = randomUUID();
    const context = this.context(req, pool.name, id, timeoutS);
    const result = await new Promise<InvokeResult>((resolveCall) => {
      const t0 = Date.now();
      const timer = setTimeout(() => {
        // Kill the instance, as SCF does with an overrunning invocation.
        this.counters.timeouts++;
        inst.pending = undefined;
        this.discard(pool, inst);
        resolveCall({
          ok: false,
          code: InvokeErrorCodes.TIMEOUT,
          message: `Invoking task timed out after ${timeoutS} seconds`,
          durationMs: Date.now() - t0,
        });
      }, timeoutS * 1000 * this.opts.timeoutScale);
      inst.pending = { id, resolve: resolveCall, started: t0, timer };
      inst.worker.postMessage({ id, event: req.event ?? {}, context });
    });
    if (!inst.dead) this.release(pool, inst);
    return result;
  }

  /** Terminates every worker (running calls fail) and refuses further calls. */
  async close(): Promise<void> {
    this.closed = true;
    const all: Promise<unknown>[] = [];
    for (const pool of this.allPools) {
      for (const w of pool.waiters.splice(0)) w.reject(new Error('invoker is closed'));
      for (const inst of pool.instances) {
        const p = inst.pending;
        if (p) {
          clearTimeout(p.timer);
          inst.pending = undefined;
          p.resolve({ ok: false, code: InvokeErrorCodes.FAILED, message: 'invoker is closed', durationMs: Date.now() - p.started });
        }
        all.push(inst.kill());
      }
      pool.instances.clear();
      pool.idle.length = 0;
    }
    await Promise.all(all);
  }

  /** Drops all instances and cached configs, so the next call loads freshly built code. */
  async reload(): Promise<void> {
    const all: Promise<unknown>[] = [];
    for (const pool of this.pools.values()) {
      pool.retired = true;
      for (const inst of pool.idle.splice(0)) {
        pool.instances.delete(inst);
        all.push(inst.kill());
      }
    }
    this.pools.clear();
    await Promise.all(all);
  }

  /** Counters (cold starts, timeouts, DNS lookups inside functions) and live workers. */
  stats(): InvokerStats {
    const workers: Record<string, number> = {};
    for (const [name, pool] of this.pools) workers[name] = pool.instances.size;
    return { ...this.counters, workers };
  }

  private pool(name: string): Pool | undefined {
    const cached = this.pools.get(name);
    if (cached) return cached;
    if (!/^[A-Za-z0-9_-]+$/.test(name)) return undefined;
    const dir = join(this.functionsDir, name);
    const file = join(dir, 'index.js');
    if (!existsSync(file)) return undefined;
    const cfgFile = join(dir, 'config.json');
    const config: FunctionConfigJson = existsSync(cfgFile) ? JSON.parse(readFileSync(cfgFile, 'utf8')) : {};
    const pool = new Pool(name, file, config);
    this.pools.set(name, pool);
    this.allPools.add(pool);
    return pool;
  }

  private workerEnv(): Record<string, string> {
    const base: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      // Identity never comes from the process environment.
      if (v !== undefined && !k.startsWith('WX_') && k !== 'TCB_SOURCE' && k !== 'TCB_CONTEXT_KEYS') base[k] = v;
    }
    const url = typeof this.options.serviceUrl === 'function' ? this.options.serviceUrl() : this.options.serviceUrl;
    return {
      ...base,
      TENCENTCLOUD: 'true',
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_REGION: 'ap-shanghai',
      TENCENTCLOUD_SECRETID: 'local-secret-id',
      TENCENTCLOUD_SECRETKEY: 'local-secret-key',
      SCF_NAMESPACE: this.envId,
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: url }),
      ...(this.options.env ?? {}),
    };
  }

  private context(req: InvokeRequest, name: string, requestId: string, timeoutS: number): Record<string, unknown> {
    const id: InvocationIdentity = req.identity ?? {};
    const source = id.source ?? (id.openid ? 'wx_client' : 'scf');
    const environment = {
      WX_CONTEXT_KEYS,
      WX_OPENID: id.openid ?? '',
      WX_APPID: id.appid ?? (id.openid ? this.opts.appId : ''),
      WX_UNIONID: id.unionid ?? '',
      WX_CLIENTIP: id.clientIp ?? (source === 'wx_client' ? '127.0.0.1' : ''),
      TCB_SOURCE: source,
    };
    const ctx: Record<string, unknown> = {
      callbackWaitsForEmptyEventLoop: false,
      memory_limit_in_mb: 256,
      time_limit_in_ms: timeoutS * 1000,
      request_id: requestId,
      environment: JSON.stringify(environment),
      function_version: '$LATEST',
      function_name: name,
      namespace: this.envId,
    };
    if (this.options.clock) ctx.localClock = this.options.clock.state();
    return ctx;
  }

  private acquire(pool: Pool): Promise<Instance> {
    const idle = pool.idle.pop();
    if (idle) {
      if (idle.idleTimer) clearTimeout(idle.idleTimer);
      return Promise.resolve(idle);
    }
    if (pool.instances.size < this.opts.maxWorkersPerFunction) return this.spawn(pool);
    return new Promise<Instance>((res, rej) => pool.waiters.push({ resolve: res, reject: rej }));
  }

  private async spawn(pool: Pool): Promise<Instance> {
    this.counters.coldStarts++;
    const inst = new Instance(pool.file, this.workerEnv(), this.opts.initTimeoutMs, (i, r) => this.onReply(pool, i, r));
    pool.instances.add(inst);
    try {
      await inst.ready;
    } catch (err) {
      this.discard(pool, inst);
      throw err;
    }
    return inst;
  }

  private onReply(pool: Pool, inst: Instance, r: WorkerReply): void {
    if (r.type !== 'result') return;
    const p = inst.pending;
    if (!p || (r.id && r.id !== p.id)) {
      if (inst.dead) this.discard(pool, inst);
      return;
    }
    clearTimeout(p.timer);
    inst.pending = undefined;
    this.counters.dnsLookups += r.dnsLookups;
    const durationMs = Date.now() - p.started;
    if (r.ok) {
      p.resolve({ ok: true, result: JSON.parse(r.json), durationMs });
    } else {
      if (r.stack) console.error(`[invoker] ${pool.name} threw:`, r.stack);
      p.resolve({ ok: false, code: InvokeErrorCodes.FAILED, message: r.message, durationMs });
      if (inst.dead) this.discard(pool, inst);
    }
  }

  private release(pool: Pool, inst: Instance): void {
    const next = pool.waiters.shift();
    if (!next && (pool.retired || this.closed)) return this.discard(pool, inst);
    if (next) return next.resolve(inst);
    pool.idle.push(inst);
    inst.idleTimer = setTimeout(() => {
      const i = pool.idle.indexOf(inst);
      if (i >= 0) {
        pool.idle.splice(i, 1);
        this.discard(pool, inst);
      }
    }, this.opts.idleTtlMs);
    inst.idleTimer.unref();
  }

  /** Removes a dead or overrun instance; a queued call gets a fresh one. */
  private discard(pool: Pool, inst: Instance): void {
    const wasMember = pool.instances.delete(inst);
    const i = pool.idle.indexOf(inst);
    if (i >= 0) pool.idle.splice(i, 1);
    void inst.kill();
    if (wasMember && pool.waiters.length > 0 && !this.closed) {
      const w = pool.waiters.shift()!;
      this.spawn(pool).then(w.resolve, w.reject);
    }
  }
}
