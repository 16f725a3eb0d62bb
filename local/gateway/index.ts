/**
 * The dev gateway: what the mini-program talks to in local mode instead of `wx.cloud`
 * (default port 39200; DevTools needs `urlCheck: false` to call a local address).
 *
 *   POST /functions/<name>        body `{ action, data }`; header `X-Dev-Openid: <openid>` picks the
 *                                 acting persona (accepted only in local mode). 200 + the function's
 *                                 envelope; platform failures 502 `{ errCode, errMsg }` shaped like
 *                                 a failed `wx.cloud.callFunction` (timeout -504003, unknown
 *                                 function -501000, crash -504002).
 *   POST /storage/upload?cloudPath=<path>   raw body → `{ fileID }`      (wx.cloud.uploadFile)
 *   POST /storage/temp-urls       `{ fileList: [fileID] }` →
 *                                 `{ fileList: [{ fileID, tempFileURL }] }` (wx.cloud.getTempFileURL)
 *                                 Both as the caller (`X-Dev-Openid`, none = not signed in), held
 *                                 to the deployed storage rules by the stand-in's client path
 *                                 (local/standin/client-storage.ts); a refusal is 403 with the
 *                                 envelope `{ ok: false, error: { code: 'STORAGE_EXCEED_AUTHORITY', message } }`.
 *   GET  /personas                the demo personas (`devPersonas` documents)
 *   POST /wechat/subscribe        local mode only, with `X-Dev-Openid`: `{ results: [{ templateId,
 *                                 answer }] }` — the answers of the subscription popup the
 *                                 mini-program simulates locally (placeholder template ids cannot
 *                                 open WeChat's real one), handed to the WeChat stand-in so its
 *                                 credits match what the page records (option `wechatSubscribe`)
 *   POST|GET /wechat/event        WeChat's server push (e.g. PUBLISHJOBFINISH; GET = the console's
 *                                 URL check), forwarded to the publishing function (option
 *                                 `wechatEventFunction`, default `articles`) as CloudBase's HTTP
 *                                 access service would: an integration-request event
 *                                 `{ path, httpMethod, headers, queryStringParameters, body,
 *                                 isBase64Encoded, requestContext }`; the function's return value is
 *                                 the HTTP response (see `sendIntegrationResponse`). 502
 *                                 `{ errCode, errMsg }` when the function is missing or fails.
 *   GET  /                        what runs here
 *
 * A body that is not JSON, not an object, or nested deeper than MAX_JSON_DEPTH is answered 400
 * `{ errCode, errMsg, message }` (`message` in Chinese), never 500.
 *
 * Calls reach functions through the stand-in's invoker with the identity CloudBase would inject
 * (`TCB_SOURCE=wx_client`, `WX_OPENID` from the header, `WX_CLIENTIP` from the socket); storage goes
 * to the stand-in's client path with the same identity (rules apply, as to `wx.cloud`); personas
 * through node-sdk.
 * There is no production gateway: production clients use `wx.cloud` directly.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudApp } from '../../cloudfunctions/_shared/cloud';
import type { FunctionInvoker } from '../standin/types';

export const DEFAULT_GATEWAY_PORT = 39200;
export const DEV_OPENID_HEADER = 'x-dev-openid';
/** What an upload without a signed-in identity answers (the page shows it as is). */
export const UPLOAD_SIGN_IN_MESSAGE = '请先登录：未能识别您的微信身份，请在微信中重新打开小程序后再上传';

/** CloudBase's (wx.cloud) errCodes for the platform failures the invoker reports. */
const WX_ERR_CODES: Record<string, number> = {
  FUNCTION_NOT_FOUND: -501000,
  FUNCTION_TIME_LIMIT_EXCEEDED: -504003,
  FUNCTION_INVOCATION_FAILED: -504002,
};

const MAX_EVENT_BYTES = 6 * 1024 * 1024; // CloudBase's synchronous event limit
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface GatewayOptions {
  invoker: FunctionInvoker;
  /** node-sdk app pointed at the stand-in (personas). */
  app: CloudApp;
  /** The stand-in's base URL: client storage calls go to its `/__client/storage/…` (rules apply). */
  standinUrl: string;
  /** Local mode: accept `X-Dev-Openid`. When false the header is refused (HTTP 403). */
  localMode: boolean;
  /** WX_APPID injected into calls; default `wx-local-appid`. */
  appId?: string;
  /** Default 39200; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (local only). */
  host?: string;
  /** The function `/wechat/event` is forwarded to (default `articles`, the publishing function). */
  wechatEventFunction?: string;
  /** Applies one simulated subscription answer to the WeChat stand-in (`POST /wechat/subscribe`). */
  wechatSubscribe?: (openid: string, templateId: string, answer: string) => void;
}

export const DEFAULT_WECHAT_EVENT_FUNCTION = 'articles';
export const WECHAT_EVENT_PATH = '/wechat/event';

export interface Gateway {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'access-control-allow-origin': '*',
  });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return; // drain the rest so the 413 answer reaches the client (destroy would reset)
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(new HttpError(413, { errCode: -501007, errMsg: `request body exceeds ${limit} bytes` }));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Deepest nesting a request body may have. No action input nests more than a handful of levels;
 * a body nested thousands deep is an attack on whatever walks it (parsers, validators, structured
 * clone to the function's worker), so it is refused before anything parses it.
 */
export const MAX_JSON_DEPTH = 64;

/** A 400 answer: `errCode`/`errMsg` as a failed `wx.cloud` call, and `message` in Chinese for people. */
function badRequest(message: string, errMsg: string): HttpError {
  return new HttpError(400, { errCode: -401002, errMsg, message });
}

/**
 * The nesting depth of a JSON text, by one scan that never recurses; stops counting past `limit`.
 * Brackets inside strings do not count.
 */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c /* \ */) i++;
      else if (ch === 0x22 /* " */) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) depth--;
  }
  return max;
}

async function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const buf = await readBody(req, limit);
  if (buf.length === 0) return {};
  const text = buf.toString('utf8');
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw badRequest(`请求内容的嵌套层级过深（最多${MAX_JSON_DEPTH}层），请检查提交的数据`, `body nesting exceeds ${MAX_JSON_DEPTH} levels`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw badRequest('请求内容不是有效的 JSON，请检查提交的数据', 'body must be a JSON object');
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  throw badRequest('请求内容应为一个 JSON 对象（如 {"action": "…", "data": {…}}）', 'body must be a JSON object');
}

/** The errMsg `wx.cloud.callFunction` fails with, e.g. `cloud.callFunction:fail Error: errCode: -504003 | errMsg: …`. */
export function wxCallFunctionError(code: string, message: string): { errCode: number; errMsg: string } {
  const errCode = WX_ERR_CODES[code] ?? -501001;
  return { errCode, errMsg: `cloud.callFunction:fail Error: errCode: ${errCode} | errMsg: ${message}` };
}

/** Content types CloudBase's HTTP access service passes through as text (others are base64). */
function isTextual(contentType: string | undefined): boolean {
  const t = (contentType ?? '').toLowerCase();
  return t === '' || t.startsWith('text/') || t.includes('json') || t.includes('xml') || t.includes('javascript') || t.includes('x-www-form-urlencoded');
}

/**
 * The integration-request event CloudBase's HTTP access service hands a function for one HTTP
 * request: `{ path, httpMethod, headers, queryStringParameters, body, isBase64Encoded,
 * requestContext }`. Header names are lower-case; the body is text for textual content types and
 * base64 otherwise (`isBase64Encoded: true`).
 */
export function httpAccessEvent(req: IncomingMessage, url: URL, body: Buffer, envId = 'shouwang-local'): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const textual = isTextual(headers['content-type']);
  return {
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    queryStringParameters: Object.fromEntries(url.searchParams.entries()),
    body: textual ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !textual,
    requestContext: { appId: '', envId, requestId: `gw-${Date.now().toString(36)}`, uin: '' },
  };
}

/**
 * Sends a function's return value as CloudBase's HTTP access service does: an object with a
 * numeric `statusCode` is an integration response (`{ statusCode, headers?, body?,
 * isBase64Encoded? }`); a string is sent as `text/plain`; anything else as JSON (200).
 */
export function sendIntegrationResponse(res: ServerResponse, result: unknown): void {
  const r = result as { statusCode?: unknown; headers?: Record<string, string>; body?: unknown; isBase64Encoded?: boolean } | null;
  if (r && typeof r === 'object' && typeof r.statusCode === 'number') {
    const raw = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    const buf = r.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
    res.writeHead(r.statusCode, { 'content-type': 'text/plain; charset=utf-8', ...(r.headers ?? {}), 'content-length': buf.length });
    res.end(buf);
    return;
  }
  if (typeof result === 'string') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(result) });
    res.end(result);
    return;
  }
  send(res, 200, result ?? null);
}

/**
 * Starts the gateway.
 * @throws the listen error (e.g. EADDRINUSE when the port is taken)
 */
export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const host = opts.host ?? '127.0.0.1';
  const appId = opts.appId ?? 'wx-local-appid';

  /** One call to the stand-in's client storage path; a rule refusal becomes a 403 for the page. */
  async function clientStorage(route: string, body: Buffer): Promise<unknown> {
    const res = await fetch(`${opts.standinUrl}/__client/storage/${route}`, { method: 'POST', body });
    const reply = (await res.json()) as { data?: unknown; code?: string; message?: string };
    if (reply.code === 'STORAGE_EXCEED_AUTHORITY') {
      throw new HttpError(403, {
        ok: false,
        error: { code: 'STORAGE_EXCEED_AUTHORITY', message: '没有权限保存到这个位置：文件只能上传到为您分配的位置，每个位置只能上传一次，已存证的文件不能覆盖。请返回上一页重新进入后再试。' },
        errCode: -403003,
        errMsg: `storage:fail ${reply.message ?? ''}`,
      });
    }
    if (reply.code) {
      if (reply.code === 'INVALID_PARAM') throw badRequest(`文件路径或参数无效：${reply.message ?? ''}`, reply.message ?? reply.code);
      throw new Error(`[${reply.code}] ${reply.message ?? ''}`);
    }
    return reply.data;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const path = url.pathname;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': `content-type, ${DEV_OPENID_HEADER}`,
      });
      res.end();
      return;
    }
    const devOpenid = req.headers[DEV_OPENID_HEADER];
    if (devOpenid !== undefined && !opts.localMode) {
      throw new HttpError(403, { errCode: -401001, errMsg: 'X-Dev-Openid is accepted only when the stack runs in local mode' });
    }

    const fn = /^\/functions\/([A-Za-z0-9_-]+)$/.exec(path);
    if (fn && req.method === 'POST') {
      const body = await readJson(req, MAX_EVENT_BYTES);
      const openid = typeof devOpenid === 'string' ? devOpenid : '';
      const result = await opts.invoker.invoke({
        name: fn[1],
        event: { action: body.action, data: body.data },
        identity: {
          openid,
          appid: appId,
          unionid: '',
          clientIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
          source: 'wx_client',
        },
      });
      if (result.ok) send(res, 200, result.result);
      else send(res, 502, wxCallFunctionError(result.code, result.message));
      return;
    }

    if (path === WECHAT_EVENT_PATH && (req.method === 'POST' || req.method === 'GET')) {
      const name = opts.wechatEventFunction ?? DEFAULT_WECHAT_EVENT_FUNCTION;
      const body = await readBody(req, MAX_EVENT_BYTES);
      const result = await opts.invoker.invoke({
        name,
        event: httpAccessEvent(req, url, body),
        identity: { clientIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '') },
      });
      if (result.ok) sendIntegrationResponse(res, result.result);
      else send(res, 502, wxCallFunctionError(result.code, result.message));
      return;
    }

    if (path === '/storage/upload' && req.method === 'POST') {
      const cloudPath = url.searchParams.get('cloudPath');
      if (!cloudPath) throw badRequest('缺少上传路径（cloudPath）', 'cloudPath is required');
      const content = await readBody(req, MAX_UPLOAD_BYTES);
      const openid = typeof devOpenid === 'string' ? devOpenid : '';
      // Nobody signed in: say so, rather than the rules' "not your folder" (there is no folder yet).
      if (!openid) throw new HttpError(401, { ok: false, error: { code: 'UNAUTHENTICATED', message: UPLOAD_SIGN_IN_MESSAGE }, errCode: -401001, errMsg: 'storage:fail not signed in' });
      const r = await clientStorage(`upload?${new URLSearchParams({ cloudPath, openid })}`, content);
      send(res, 200, { fileID: (r as { fileID: string }).fileID });
      return;
    }

    if (path === '/storage/temp-urls' && req.method === 'POST') {
      const body = await readJson(req, 1024 * 1024);
      const list = body.fileList;
      if (!Array.isArray(list) || list.length === 0) throw badRequest('请提供要获取链接的文件列表（fileList）', 'fileList must be a non-empty array');
      const openid = typeof devOpenid === 'string' ? devOpenid : '';
      const r = (await clientStorage('temp-urls', Buffer.from(JSON.stringify({ openid, fileList: list })))) as { fileList: { fileID: string; tempFileURL: string; code?: string }[] };
      send(res, 200, {
        fileList: (r.fileList ?? []).map((f) => ({
          fileID: f.fileID,
          tempFileURL: f.tempFileURL,
          ...(f.code && f.code !== 'SUCCESS' ? { status: -1, errMsg: f.code } : { status: 0 }),
        })),
      });
      return;
    }

    if (path === '/wechat/subscribe' && req.method === 'POST') {
      if (!opts.localMode || typeof devOpenid !== 'string' || !devOpenid) throw new HttpError(403, { errCode: -401001, errMsg: 'a simulated subscription needs local mode and X-Dev-Openid' });
      const body = await readJson(req, 64 * 1024);
      const results = Array.isArray(body.results) ? (body.results as { templateId?: unknown; answer?: unknown }[]) : [];
      if (!results.length || results.length > 3) throw badRequest('请提供1到3个订阅结果（results）', 'results must have 1-3 entries');
      for (const r of results) if (typeof r.templateId === 'string' && typeof r.answer === 'string') opts.wechatSubscribe?.(devOpenid, r.templateId, r.answer);
      send(res, 200, { ok: true, applied: opts.wechatSubscribe ? results.length : 0 });
      return;
    }

    if (path === '/personas' && req.method === 'GET') {
      const r = await opts.app.database().collection('devPersonas').orderBy('key', 'asc').limit(1000).get();
      send(res, 200, { personas: r.data ?? [] });
      return;
    }

    if (path === '/' && req.method === 'GET') {
      send(res, 200, { service: 'shouwang dev gateway', localMode: opts.localMode, functions: opts.invoker.list() });
      return;
    }
    throw new HttpError(404, { errCode: -501009, errMsg: `no route ${req.method} ${path}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) return send(res, err.status, err.body);
      const e = err as { code?: string; message?: string };
      console.error('[gateway]', err);
      send(res, 500, { errCode: -501001, errMsg: `${e.code ? `[${e.code}] ` : ''}${e.message ?? String(err)}`, message: '本地开发网关内部错误，请查看 npm start 的输出' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_GATEWAY_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
