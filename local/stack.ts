/**
 * The whole local stack in one call: the CloudBase stand-in (database, storage, clock, admin
 * endpoints), the function invoker plugged into it, timer triggers following the stand-in clock,
 * the WeChat API stand-in (following the same clock; `wx.api` calls of functions go to it),
 * collections created (and demo data seeded on an empty store), and the dev gateway.
 * Used by `npm start` (local/start.ts) and by tests (tests/helpers/stack.ts).
 */
import tcb from '@cloudbase/node-sdk';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DATA_KEY_ENV, generateDataKey, parseDataKey } from '../cloudfunctions/_shared/crypto';
import type { CloudApp } from '../cloudfunctions/_shared/cloud';
import { startStandin, DEFAULT_STANDIN_PORT } from './standin';
import { WorkerInvoker } from './standin/invoker';
import { TimerScheduler } from './standin/timers';
import type { StandinClock } from './standin/types';
import { startGateway, DEFAULT_GATEWAY_PORT, WECHAT_EVENT_PATH, type Gateway } from './gateway';
import { startWechatStandin, DEFAULT_OFFICIAL_ACCOUNT, DEFAULT_KNOBS, type WechatStandin } from './wechat';
import { prepareStore, type SeedStep } from './seed';

// Every local process that uses node-sdk sets this (reference §4.8): no metadata DNS probe.
process.env.TENCENTCLOUD = 'true';

export { DEFAULT_STANDIN_PORT };
export const LOCAL_ENV_ID = 'shouwang-local';
/** Fixed port of the WeChat API stand-in (docs/ARCHITECTURE.md). */
export const DEFAULT_WECHAT_PORT = 39300;
export const DEFAULT_FUNCTIONS_DIR = resolve(__dirname, '..', 'build', 'functions');

export interface StackOptions {
  /** Durable data folder: `standin/` (store, storage files) and `keys/` (dev data key). */
  dataDir: string;
  /** Fixed ports by default (39100, 39200, 39300); 0 picks free ones (tests). */
  ports?: { standin?: number; gateway?: number; wechat?: number };
  /** Seed demo data when the store is empty (default false). */
  demo?: boolean;
  /** Override the demo steps (default local/seed DEMO_STEPS). */
  seedSteps?: SeedStep[];
  /** Built functions folder; default build/functions. */
  functionsDir?: string;
  /** Start the dev gateway (default true). */
  gateway?: boolean;
  /** Interface the gateway listens on (default 127.0.0.1). */
  gatewayHost?: string;
  /**
   * Local mode (default true): the gateway accepts `X-Dev-Openid` as the caller's identity. When
   * false the gateway refuses any request carrying that header (HTTP 403).
   */
  localMode?: boolean;
  /** Start the WeChat API stand-in (default true); its state lives in `<dataDir>/wechat/`. */
  wechat?: boolean;
  /** The function the gateway's `/wechat/event` forwards WeChat's pushes to (default `articles`). */
  wechatEventFunction?: string;
  /** Worker cap per function (default 4). */
  maxWorkersPerFunction?: number;
  /** Multiplier of the functions' timeouts as enforced (default 1; test stacks, see WorkerInvokerOptions). */
  timeoutScale?: number;
}

export interface Stack {
  /** node-sdk `serviceUrl` of the stand-in (admin endpoints under `/__admin/`). */
  serviceUrl: string;
  /** Base URL of the stand-in server (no trailing slash). */
  standinUrl: string;
  /** The dev gateway's URL, when started. */
  gatewayUrl?: string;
  /** The WeChat API stand-in's base URL (e.g. `http://127.0.0.1:39300`), when started. */
  wechatUrl?: string;
  /** The WeChat API stand-in (admin: credits, faults, state), when started. */
  wechat?: WechatStandin;
  envId: string;
  dataDir: string;
  clock: StandinClock;
  invoker: WorkerInvoker;
  timers: TimerScheduler;
  gateway?: Gateway;
  /** node-sdk app pointed at the stand-in (admin path: no identity). */
  app: CloudApp;
  /** Collections created at this start, and demo step summaries (empty on a second start). */
  prepared: { createdCollections: string[]; seeded: string[] };
  /** Stops gateway, timers, invoker, WeChat stand-in and stand-in, in that order. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The dev data-encryption key of a data folder (`<dataDir>/keys/data-key`, base64 of 32 bytes),
 * created on first use. In production the key is an environment variable of each function set in
 * the CloudBase console; locally the invoker passes this one to every function instance as
 * `SHOUWANG_DATA_KEY`. It stays with the data it encrypts: deleting the folder loses both.
 * @throws Error when an existing key file is malformed
 */
export function ensureDevDataKey(dataDir: string): string {
  const file = join(dataDir, 'keys', 'data-key');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    parseDataKey(key, file);
    return key;
  }
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  const key = generateDataKey();
  writeFileSync(file, key + '\n', { mode: 0o600 });
  return key;
}

/**
 * The Official Account settings the publishing function (`articles`) reads from its environment
 * (docs/articles.md "Configuration"), pointing at the WeChat stand-in's default account. In
 * production they are the function's environment variables (base URL https://api.weixin.qq.com).
 */
export function wechatFunctionEnv(wechatUrl: string): Record<string, string> {
  return {
    WECHAT_API_BASE: wechatUrl,
    WECHAT_OA_APPID: DEFAULT_OFFICIAL_ACCOUNT.appid,
    WECHAT_OA_SECRET: DEFAULT_OFFICIAL_ACCOUNT.secret,
    WECHAT_EVENT_TOKEN: DEFAULT_KNOBS.eventToken,
  };
}

/**
 * A node-sdk app pointed at a stand-in, as every local SDK user creates it.
 * @param serviceUrl the stand-in's serviceUrl
 */
export function localApp(serviceUrl: string, envId = LOCAL_ENV_ID): CloudApp {
  return tcb.init({ env: envId, serviceUrl, secretId: 'local-secret-id', secretKey: 'local-secret-key', timeout: 15000 });
}

/**
 * Starts the stack.
 * @throws when a port is taken, the data folder cannot be opened, or no functions are built
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const dataDir = resolve(opts.dataDir);
  const functionsDir = opts.functionsDir ?? DEFAULT_FUNCTIONS_DIR;
  const dataKey = ensureDevDataKey(dataDir);
  // This process seeds with the same key the functions get, so seed steps can encrypt (seal
  // phones, invitation codes). The data folder's key wins over an inherited one: the functions
  // only ever get this one. (Two stacks with different folders in one process would clash here.)
  process.env[DATA_KEY_ENV] = dataKey;
  const standin = await startStandin({
    dataDir: join(dataDir, 'standin'),
    port: opts.ports?.standin ?? DEFAULT_STANDIN_PORT,
    envId: LOCAL_ENV_ID,
  });
  const serviceUrl = standin.serviceUrl;
  const clock = standin.clock;
  // Environment of every function instance, read when an instance starts (the WeChat settings
  // are added below once the WeChat stand-in listens, before any function runs).
  const functionEnv: Record<string, string> = { [DATA_KEY_ENV]: dataKey };
  const invoker = new WorkerInvoker({
    functionsDir,
    serviceUrl,
    envId: LOCAL_ENV_ID,
    clock,
    maxWorkersPerFunction: opts.maxWorkersPerFunction,
    env: functionEnv,
    timeoutScale: opts.timeoutScale,
  });
  standin.setInvoker(invoker);

  const timers = new TimerScheduler(
    clock,
    async (trigger, event) => {
      const r = await invoker.invoke({ name: trigger.functionName, event, identity: { source: 'scf' } });
      if (!r.ok) console.error(`[timers] ${trigger.functionName}.${trigger.name}: ${r.code} ${r.message}`);
    },
    invoker.triggers(),
  );

  const app = localApp(serviceUrl);
  let gateway: Gateway | undefined;
  let wechat: WechatStandin | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await gateway?.close();
    await timers.stop();
    await invoker.close();
    await wechat?.stop();
    await standin.close();
  };
  try {
    if (opts.wechat !== false) {
      wechat = await startWechatStandin({
        port: opts.ports?.wechat ?? DEFAULT_WECHAT_PORT,
        clock,
        dataDir: join(dataDir, 'wechat'),
      });
      standin.setWxApi(wechat.wxApiHandler);
      Object.assign(functionEnv, wechatFunctionEnv(wechat.url));
    }
    const prepared = await prepareStore(app, {
      standinUrl: standin.url,
      demo: opts.demo ?? false,
      now: clock.now(),
      steps: opts.seedSteps,
      invoke: (name, event, identity) => invoker.invoke({ name, event, identity }),
    });
    timers.start();
    if (opts.gateway !== false) {
      gateway = await startGateway({
        invoker,
        app,
        standinUrl: standin.url,
        localMode: opts.localMode ?? true,
        port: opts.ports?.gateway ?? DEFAULT_GATEWAY_PORT,
        host: opts.gatewayHost,
        wechatEventFunction: opts.wechatEventFunction,
        // The mini-program's subscription popup, simulated in local mode, reaches the WeChat stand-in.
        wechatSubscribe: wechat
          ? (openid, templateId, answer) => {
              if (answer === 'accept' || answer === 'acceptWithAudio') wechat!.admin.grantSubscription(openid, templateId, 1);
              else if (answer === 'ban') wechat!.admin.revokeSubscription(openid, templateId);
            }
          : undefined,
      });
      // PUBLISHJOBFINISH pushes go through the gateway to the publishing function, as in production.
      wechat?.admin.setEventUrl(`${gateway.url}${WECHAT_EVENT_PATH}`);
    }
    return {
      serviceUrl,
      standinUrl: standin.url,
      gatewayUrl: gateway?.url,
      wechatUrl: wechat?.url,
      wechat,
      envId: LOCAL_ENV_ID,
      dataDir,
      clock,
      invoker,
      timers,
      gateway,
      app,
      prepared,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
