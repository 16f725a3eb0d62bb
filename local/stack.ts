/**
 * The whole local stack in one call: the CloudBase stand-in (database, storage, clock, admin
 * endpoints), the function invoker plugged into it, timer triggers following the stand-in clock,
 * collections created (and demo data seeded on an empty store), and the dev gateway.
 * Used by `npm start` (local/start.ts) and by tests (tests/helpers/stack.ts).
 */
import tcb from '@cloudbase/node-sdk';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DATA_KEY_ENV, generateDataKey, parseDataKey } from '../cloudfunctions/_shared/crypto';
import type { CloudApp } from '../cloudfunctions/_shared/cloud';
import { startStandin } from './standin';
import { WorkerInvoker } from './standin/invoker';
import { TimerScheduler } from './standin/timers';
import type { StandinClock } from './standin/types';
import { startGateway, DEFAULT_GATEWAY_PORT, type Gateway } from './gateway';
import { prepareStore, type SeedStep } from './seed';

// Every local process that uses node-sdk sets this (reference §4.8): no metadata DNS probe.
process.env.TENCENTCLOUD = 'true';

export const DEFAULT_STANDIN_PORT = 39100;
export const LOCAL_ENV_ID = 'shouwang-local';
export const DEFAULT_FUNCTIONS_DIR = resolve(__dirname, '..', 'build', 'functions');

export interface StackOptions {
  /** Durable data folder: `standin/` (store, storage files) and `keys/` (dev data key). */
  dataDir: string;
  /** Fixed ports by default (39100, 39200); 0 picks free ones (tests). */
  ports?: { standin?: number; gateway?: number };
  /** Seed demo data when the store is empty (default false). */
  demo?: boolean;
  /** Override the demo steps (default local/seed DEMO_STEPS). */
  seedSteps?: SeedStep[];
  /** Built functions folder; default build/functions. */
  functionsDir?: string;
  /** Start the dev gateway (default true). */
  gateway?: boolean;
  /** Worker cap per function (default 4). */
  maxWorkersPerFunction?: number;
}

export interface Stack {
  /** node-sdk `serviceUrl` of the stand-in (admin endpoints under `/__admin/`). */
  serviceUrl: string;
  /** Base URL of the stand-in server (no trailing slash). */
  standinUrl: string;
  /** The dev gateway's URL, when started. */
  gatewayUrl?: string;
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
  /** Stops gateway, timers, invoker and stand-in, in that order. Idempotent. */
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
  const standin = await startStandin({
    dataDir: join(dataDir, 'standin'),
    port: opts.ports?.standin ?? DEFAULT_STANDIN_PORT,
    envId: LOCAL_ENV_ID,
  });
  const serviceUrl = standin.serviceUrl;
  const clock = standin.clock;
  const invoker = new WorkerInvoker({
    functionsDir,
    serviceUrl,
    envId: LOCAL_ENV_ID,
    clock,
    maxWorkersPerFunction: opts.maxWorkersPerFunction,
    env: { [DATA_KEY_ENV]: dataKey },
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
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await gateway?.close();
    await timers.stop();
    await invoker.close();
    await standin.close();
  };
  try {
    const prepared = await prepareStore(app, { demo: opts.demo ?? false, now: clock.now(), steps: opts.seedSteps });
    timers.start();
    if (opts.gateway !== false) {
      gateway = await startGateway({ invoker, app, localMode: true, port: opts.ports?.gateway ?? DEFAULT_GATEWAY_PORT });
    }
    return {
      serviceUrl,
      standinUrl: standin.url,
      gatewayUrl: gateway?.url,
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
