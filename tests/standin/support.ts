/**
 * Shared setup for the stand-in acceptance tests: an in-process stand-in on a random port with
 * a temporary data folder, and the real node-sdk pointed at it.
 */
import tcb from '@cloudbase/node-sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandin, type Standin, type StandinOptions } from '../../local/standin';

export interface TestStandin {
  standin: Standin;
  app: ReturnType<typeof tcb.init>;
  db: ReturnType<ReturnType<typeof tcb.init>['database']>;
  dataDir: string;
  /** Stops the stand-in and deletes the data folder. */
  stop(): Promise<void>;
  /** Stops and starts again on the same data folder (a clean restart). */
  restart(): Promise<void>;
}

/** A fresh temporary data folder. */
export function tempDir(prefix = 'standin-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** node-sdk app pointed at a stand-in, as local code creates it. */
export function sdkApp(serviceUrl: string): ReturnType<typeof tcb.init> {
  return tcb.init({ env: 'standin-test', serviceUrl, secretId: 'test-secret-id', secretKey: 'test-secret-key' });
}

/**
 * Starts a stand-in on port 0 with a temporary data folder.
 * @param opts extra stand-in options (invoker, wxApi, transactionIdleMs …)
 */
export async function startTestStandin(opts: Partial<StandinOptions> = {}): Promise<TestStandin> {
  const dataDir = opts.dataDir ?? tempDir();
  const t = {} as TestStandin;
  const boot = async (): Promise<void> => {
    t.standin = await startStandin({ port: 0, ...opts, dataDir });
    t.app = sdkApp(t.standin.serviceUrl);
    t.db = t.app.database();
  };
  await boot();
  t.dataDir = dataDir;
  t.stop = async () => {
    await t.standin.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  t.restart = async () => {
    await t.standin.stop();
    await boot();
  };
  return t;
}

/**
 * Awaits a promise that must reject, and returns the error's `code` (what programs compare).
 * @throws when the promise resolves
 */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return String((err as { code?: unknown }).code);
  }
  throw new Error('expected a rejection');
}

/** Minimal HTTP helper for admin endpoints and file URLs. */
export function httpRequest(
  url: string,
  opts: { method?: string; json?: unknown; body?: Buffer } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; json(): any }> {
  return new Promise((resolve, reject) => {
    const payload = opts.json !== undefined ? Buffer.from(JSON.stringify(opts.json)) : opts.body;
    const req = http.request(
      url,
      {
        method: opts.method ?? (payload ? 'POST' : 'GET'),
        headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
