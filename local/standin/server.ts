/**
 * The stand-in's HTTP server: node-sdk's wire protocol (POST, dispatched on `body.action`),
 * storage file URLs under `/__storage/`, and admin endpoints under `/__admin/`.
 *
 * Wire answers are HTTP 200 JSON: `{ requestId, data }` (or `{ requestId, transactionId }`) on
 * success, `{ code, message, requestId }` on failure, which node-sdk throws as a `TcbError`
 * with that code, as against CloudBase.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { handleAdmin } from './admin';
import { createClock } from './clock';
import { DATABASE_ACTIONS, handleDatabase } from './database';
import { handleClientDatabase } from './client';
import { clientDelete, clientTempUrls, clientUpload } from './client-storage';
import { StandinError } from './errors';
import { Schema } from './schema';
import { FileStorage, STORAGE_PREFIX } from './storage';
import { Store } from './store';
import type { FunctionInvoker, StandinClock, WxApiHandler } from './types';
import { WxApiDesk } from './wx';

/** Fixed local port of the stand-in (docs/ARCHITECTURE.md). */
export const DEFAULT_STANDIN_PORT = 39100;
/** Path of the wire endpoint (node-sdk appends `?env=…&seqId=…`). */
export const SERVICE_PATH = '/admin';
/** Largest accepted wire request body (bytes). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Options of {@link startStandin}. */
export interface StandinOptions {
  /** Durable data folder: `standin.sqlite` and `storage/` live here (created if missing). */
  dataDir: string;
  /** TCP port; 0 picks a free one; default 39100. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Runs cloud functions for `functions.invokeFunction`. */
  invoker?: FunctionInvoker;
  /** Handles `wx.api` / `wx.openApi`; default answers `{ errcode: 0 }` (see wx.ts). */
  wxApi?: WxApiHandler;
  /** Env id used in storage file IDs when a request names none; default `shouwang-local`. */
  envId?: string;
  /** Abort transactions idle this long (ms); default 10 000. */
  transactionIdleMs?: number;
  /** SQLite durability: `NORMAL` (default; survives kill -9) or `FULL` (also power loss). */
  synchronous?: 'NORMAL' | 'FULL';
}

/** A running stand-in. */
export interface Standin {
  /** Base URL, e.g. `http://127.0.0.1:39100` (no trailing slash). */
  url: string;
  /** Value for node-sdk's `serviceUrl` (contains no `?`; the SDK appends the query string). */
  serviceUrl: string;
  port: number;
  clock: StandinClock;
  /** Direct in-process access (seeding, benchmarks). */
  store: Store;
  /** Recorded WeChat open-API calls and fault injection. */
  wx: WxApiDesk;
  setInvoker(invoker: FunctionInvoker): void;
  setWxApi(handler: WxApiHandler): void;
  /** Stops listening, drops open connections and closes the data file. Idempotent. */
  stop(): Promise<void>;
  /** Alias of {@link Standin.stop}. */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new StandinError('INVALID_PARAM', '请求体过大'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolveBody(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJsonBody(raw: Buffer): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new StandinError('INVALID_PARAM', '请求体不是有效的 JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new StandinError('INVALID_PARAM', '请求体必须是对象');
  return body as Record<string, unknown>;
}

/** Form-data bodies: `wx.openApi` / `wx.wxPayApi` (node-sdk `isFormData`). */
async function parseWireBody(req: IncomingMessage, raw: Buffer): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '');
  const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  const out: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) out[k] = typeof v === 'string' ? v : Buffer.from(await v.arrayBuffer()).toString('utf8');
  return out;
}

function envOf(req: IncomingMessage, body: Record<string, unknown>, fallback: string): string {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  if (q >= 0) {
    const env = new URLSearchParams(url.slice(q + 1)).get('env');
    if (env) return env;
  }
  return typeof body.envName === 'string' && body.envName !== '' ? body.envName : fallback;
}

function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== 'string' || v === '') return v === '' ? undefined : v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/**
 * Starts the stand-in.
 *
 * @param opts data folder, port (0 = random, default 39100), host, invoker, wxApi
 * @returns the running stand-in; its `serviceUrl` goes into `tcb.init({ serviceUrl })`
 * @throws when the port is taken or the data folder cannot be opened
 */
export async function startStandin(opts: StandinOptions): Promise<Standin> {
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const clock = createClock();
  const store = Store.open(dataDir, {
    now: () => clock.now().getTime(),
    transactionIdleMs: opts.transactionIdleMs,
    synchronous: opts.synchronous,
  });
  const schema = new Schema();
  const unsubscribeClock = clock.onChange(() => store.sweepIdleTransactions());
  const defaultEnv = opts.envId ?? 'shouwang-local';
  let baseUrl = '';
  const storageRoot = join(dataDir, 'storage');
  mkdirSync(storageRoot, { recursive: true });
  const storage = new FileStorage(storageRoot, () => baseUrl);
  const wx = new WxApiDesk(() => clock.now(), opts.wxApi);
  let invoker = opts.invoker;

  const replyError = (res: ServerResponse, err: unknown, requestId: string, action: string): void => {
    if (!(err instanceof StandinError)) console.error(`[standin] ${action || 'request'} failed`, err);
    const e = err instanceof StandinError ? err : new StandinError('SYS_ERR', err instanceof Error ? err.message : String(err));
    if (!res.headersSent) sendJson(res, 200, { code: e.code, message: e.message, requestId });
  };

  /** Actions other than database ones (they may wait on files, the invoker or WeChat). */
  const otherAction = async (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>, action: string, requestId: string): Promise<void> => {
    switch (action) {
      case 'storage.getUploadMetadata': {
        const path = typeof body.path === 'string' ? body.path : '';
        sendJson(res, 200, { requestId, data: await storage.uploadMetadata(envOf(req, body, defaultEnv), path) });
        return;
      }
      case 'storage.batchGetDownloadUrl': {
        const list = await storage.downloadUrls(envOf(req, body, defaultEnv), body.file_list);
        sendJson(res, 200, { requestId, data: { download_list: list } });
        return;
      }
      case 'storage.batchDeleteFile': {
        const list = await storage.deleteFiles(body.fileid_list);
        sendJson(res, 200, { requestId, data: { delete_list: list } });
        return;
      }
      case 'functions.invokeFunction': {
        const name = typeof body.function_name === 'string' ? body.function_name : '';
        if (!name) throw new StandinError('INVALID_PARAM', '函数名不能为空');
        if (!invoker) throw new StandinError('FUNCTION_NOT_FOUND', `${name}（本地替身未接入函数调用器）`);
        const event = parseMaybeJson(body.request_data) ?? {};
        let result;
        try {
          // A call through node-sdk comes from a server or another function: no WeChat user.
          result = await invoker.invoke({ name, event, identity: { source: 'scf' } });
        } catch (err) {
          throw new StandinError('FUNCTION_INVOCATION_FAILED', err instanceof Error ? err.message : String(err));
        }
        if (!result.ok) {
          sendJson(res, 200, { code: result.code, message: result.message, requestId });
          return;
        }
        const responseData = result.result === undefined ? 'null' : JSON.stringify(result.result);
        sendJson(res, 200, { requestId, data: { response_data: responseData } });
        return;
      }
      case 'wx.api':
      case 'wx.openApi': {
        const call = {
          apiName: body.apiName,
          apiOptions: parseMaybeJson(body.apiOptions),
          cgiName: body.cgiName,
          requestData: parseMaybeJson(body.requestData),
        };
        let answer: unknown;
        try {
          answer = await wx.call(action, call);
        } catch (err) {
          throw err instanceof StandinError ? err : new StandinError('SYS_ERR', err instanceof Error ? err.message : String(err));
        }
        if (action === 'wx.api') {
          sendJson(res, 200, { requestId, data: { responseData: JSON.stringify(answer ?? null) } });
        } else {
          // callCompatibleWxOpenApi reads raw bytes; only JSON error envelopes are JSON-typed.
          const bytes = Buffer.isBuffer(answer) ? answer : Buffer.from(JSON.stringify(answer ?? null));
          res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
          res.end(bytes);
        }
        return;
      }
      default:
        throw new StandinError('INVALID_ACTION', action || '缺少 action');
    }
  };

  /** Dispatches a parsed wire body; database actions run synchronously (the hot path). */
  const dispatch = (req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>, requestId: string): void => {
    const action = typeof body.action === 'string' ? body.action : '';
    if (DATABASE_ACTIONS.has(action)) {
      try {
        sendJson(res, 200, { requestId, ...handleDatabase(store, action, body, clock.now().getTime(), fromCloudFunction(req) ? schema : undefined) });
      } catch (err) {
        replyError(res, err, requestId, action);
      }
      return;
    }
    otherAction(req, res, body, action, requestId).catch((err) => replyError(res, err, requestId, action));
  };

  /** A wire request: JSON bodies are parsed and answered without further awaits. */
  const wire = (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    readBody(req).then(
      (raw) => {
        const requestId = randomUUID();
        if (String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
          return parseWireBody(req, raw).then(
            (body) => dispatch(req, res, body, requestId),
            (err) => replyError(res, err, requestId, ''),
          );
        }
        let body: Record<string, unknown>;
        try {
          body = parseJsonBody(raw);
        } catch (err) {
          replyError(res, err, requestId, '');
          return;
        }
        dispatch(req, res, body, requestId);
      },
      (err) => replyError(res, err, randomUUID(), ''),
    );

  const admin = async (req: IncomingMessage, res: ServerResponse, route: string): Promise<void> => {
    let body: unknown;
    const raw = await readBody(req);
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        sendJson(res, 400, { error: { code: 'INVALID_PARAM', message: '请求体不是有效的 JSON' } });
        return;
      }
    }
    const reply = await handleAdmin({ store, schema, clock, storage, wx, invoker: () => invoker }, req.method ?? 'GET', route, body);
    sendJson(res, reply.status, reply.body);
  };

  const client = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    try {
      const raw = await readBody(req);
      const body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
      sendJson(res, 200, { requestId, ...handleClientDatabase(store, schema, body) });
    } catch (err) {
      replyError(res, err instanceof SyntaxError ? new StandinError('INVALID_PARAM', '请求体不是有效的 JSON') : err, requestId, 'client.database');
    }
  };

  /** The mini-program's storage calls (client-storage.ts), held to the storage rules. */
  const clientStorage = async (req: IncomingMessage, res: ServerResponse, op: string, query: URLSearchParams): Promise<void> => {
    const requestId = randomUUID();
    try {
      const raw = await readBody(req);
      const env = query.get('env') || defaultEnv;
      if (op === 'upload') {
        const slots = { slot: (id: string) => (store.hasCollection('uploadSlots') ? store.find('uploadSlots', { _id: id })[0] : undefined), now: () => clock.now() };
        const fileID = await clientUpload(storage, schema, env, query.get('cloudPath') ?? '', query.get('openid') ?? '', raw, slots);
        sendJson(res, 200, { requestId, data: { fileID } });
        return;
      }
      const body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
      if (op === 'temp-urls') sendJson(res, 200, { requestId, data: { fileList: await clientTempUrls(storage, schema, env, body.fileList, body.openid) } });
      else if (op === 'delete') sendJson(res, 200, { requestId, data: { fileList: await clientDelete(storage, schema, body.fileList, body.openid) } });
      else throw new StandinError('INVALID_ACTION', op);
    } catch (err) {
      replyError(res, err instanceof SyntaxError ? new StandinError('INVALID_PARAM', '请求体不是有效的 JSON') : err, requestId, `client.storage.${op}`);
    }
  };

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    let work: Promise<void>;
    if (path.startsWith('/__admin/')) work = admin(req, res, path.slice('/__admin/'.length));
    else if (path === '/__client/database' && req.method === 'POST') work = client(req, res);
    else if (path.startsWith('/__client/storage/') && req.method === 'POST') work = clientStorage(req, res, path.slice('/__client/storage/'.length), new URLSearchParams(q >= 0 ? url.slice(q + 1) : ''));
    else if (path.startsWith(STORAGE_PREFIX)) work = storage.handleHttp(req, res, path);
    else if (req.method === 'POST') work = wire(req, res);
    else {
      sendJson(res, 405, { code: 'INVALID_ACTION', message: '仅支持 POST', requestId: randomUUID() });
      return;
    }
    work.catch((err) => {
      console.error('[standin] request failed', err);
      if (!res.headersSent) sendJson(res, 500, { code: 'SYS_ERR', message: String(err), requestId: randomUUID() });
      else res.destroy();
    });
  });
  // node-sdk keeps sockets alive (agentkeepalive, free socket timeout 4.8 s): stay open longer
  // than that so a reused socket is never closed under a request.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_STANDIN_PORT, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= new Promise<void>((resolveStop) => {
      unsubscribeClock();
      server.close(() => resolveStop());
      server.closeAllConnections();
    }).then(() => store.close());
    return stopping;
  };

  return {
    url: baseUrl,
    serviceUrl: `${baseUrl}${SERVICE_PATH}`,
    port,
    clock,
    store,
    wx,
    setInvoker(i: FunctionInvoker) {
      invoker = i;
    },
    setWxApi(h: WxApiHandler) {
      wx.setHandler(h);
    },
    stop,
    close: stop,
  };
}

/**
 * Whether a wire request comes from a cloud function: node-sdk sends `X-TCB-Source: <source>,scf`
 * when it runs in SCF (TENCENTCLOUD_RUNENV=SCF, which the invoker sets for every function). Only
 * these are checked against the declared indexes: they are the queries production will run; a
 * test's or a tool's own look at the store is not.
 */
function fromCloudFunction(req: IncomingMessage): boolean {
  return /,scf$/.test(String(req.headers['x-tcb-source'] ?? ''));
}
