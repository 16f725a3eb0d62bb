/**
 * The Official Account HTTPS client of the publishing function (contract §0, §1, §2, §3, §4).
 *
 * `draft/*`, `freepublish/*` and `stable_token` are not available as CloudBase cloud calls (§1.4),
 * so the function calls `api.weixin.qq.com` itself with its own AppID/secret and one shared access
 * token. Production needs CloudBase's fixed egress IP (固定出口 IP) on the account's IP whitelist,
 * or every call answers 40164 (docs/articles.md).
 *
 * Configuration (function environment variables; locally the stack sets them for the WeChat
 * stand-in): `WECHAT_API_BASE` (default `https://api.weixin.qq.com`), `WECHAT_OA_APPID`,
 * `WECHAT_OA_SECRET`, `WECHAT_EVENT_TOKEN` (the MP console's server "Token", for PUBLISHJOBFINISH).
 *
 * Token: the stable access token (§1.2, normal mode) cached in `wechatTokens/<appid>` and shared by
 * every instance. A refresh takes a short lock by conditional update, so concurrent instances do
 * not stampede; the others wait for the new token. On 40001 / 40014 / 42001 the client refetches
 * once (only if nobody has already replaced the failing token) and retries the call once (§0).
 * Normal mode never invalidates a token other instances hold (force mode would).
 *
 * HTTP uses `node:http(s)` (the CloudBase runtime is Node 16: no global fetch). WeChat answers
 * HTTP 200 with `errcode` in the body; an absent `errcode` is success (§0).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { randomBytes } from 'node:crypto';
import type { CloudApp } from '../../_shared/cloud';
import { AppError } from '../../_shared/errors';
import { COLLECTIONS } from './common';

export interface WechatConfig {
  baseUrl: string;
  appid: string;
  secret: string;
  eventToken: string;
}

/** Reads the configuration; `undefined` when AppID or secret is missing. */
export function wechatConfig(env: Record<string, string | undefined> = process.env): WechatConfig | undefined {
  const appid = env.WECHAT_OA_APPID ?? '';
  const secret = env.WECHAT_OA_SECRET ?? '';
  if (!appid || !secret) return undefined;
  return {
    baseUrl: (env.WECHAT_API_BASE || 'https://api.weixin.qq.com').replace(/\/+$/, ''),
    appid,
    secret,
    eventToken: env.WECHAT_EVENT_TOKEN ?? '',
  };
}

/** The configuration, or a clear error for the publisher. */
export function requireWechatConfig(): WechatConfig {
  const c = wechatConfig();
  if (!c) throw new AppError('CONFIG_MISSING', '尚未配置公众号（WECHAT_OA_APPID / WECHAT_OA_SECRET），无法发布，请联系管理员');
  return c;
}

/** A WeChat business error (`errcode` ≠ 0) or a transport failure (`errcode` -2, no answer). */
export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly endpoint: string,
  ) {
    super(`${endpoint}: ${errcode} ${errmsg}`);
    this.name = 'WechatError';
  }
  /** True when WeChat never answered (timeout, connection refused): the call may or may not have happened. */
  get noAnswer(): boolean {
    return this.errcode === TRANSPORT_ERRCODE;
  }
}

/** Our code for "no answer from WeChat" (not a WeChat errcode). */
export const TRANSPORT_ERRCODE = -2;
/** Token errors after which the token is refetched once (§0 SDK retry convention). */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);
/** How long a refresh lock is held at most (real time). */
const LOCK_MS = 10_000;
/** Refresh this long before the token's end. */
const EXPIRY_MARGIN_MS = 60_000;
const HTTP_TIMEOUT_MS = 8_000;

interface RawResponse {
  status: number;
  body: Buffer;
}

function send(url: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
      u,
      { method, headers: body ? { ...headers, 'content-length': String(body.length) } : headers, timeout: HTTP_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${HTTP_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A file for a multipart upload (field `media`, §0 "Uploads"). */
export interface UploadFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

function multipart(file: UploadFile): { body: Buffer; contentType: string } {
  const boundary = `----shouwang${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="${file.filename.replace(/"/g, '')}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { body: Buffer.concat([head, file.bytes, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

type Json = Record<string, unknown>;

interface TokenDoc {
  _id: string;
  token?: string;
  /** Stand-in/business clock, ms: when the token stops being used. */
  expiresAtMs?: number;
  /** Real time, ms: refresh lock. */
  lockUntilMs?: number;
  /** How many times this environment fetched a token (diagnostics). */
  fetches?: number;
}

/**
 * One client per invocation.
 * @param app node-sdk app (database for the shared token)
 * @param now the invocation's clock (token expiry follows WeChat's clock, which the stand-in shares)
 */
export class WechatClient {
  constructor(
    private readonly app: CloudApp,
    private readonly config: WechatConfig,
    private readonly now: () => Date,
  ) {}

  private tokens() {
    return this.app.database().collection(COLLECTIONS.wechatTokens);
  }

  private async readTokenDoc(): Promise<TokenDoc | undefined> {
    const res = await this.tokens().where({ _id: this.config.appid }).limit(1).get();
    return (res.data?.[0] as TokenDoc | undefined) ?? undefined;
  }

  /**
   * The shared access token.
   * @param failed a token WeChat just refused: replace it (unless someone already did)
   * @throws WechatError when `stable_token` fails (e.g. 40164 IP not whitelisted, 40125 wrong secret)
   */
  async token(failed?: string): Promise<string> {
    const nowMs = this.now().getTime();
    let doc = await this.readTokenDoc();
    const usable = (d: TokenDoc | undefined) => !!d?.token && (d.expiresAtMs ?? 0) - EXPIRY_MARGIN_MS > this.now().getTime() && d.token !== failed;
    if (usable(doc)) return doc!.token!;
    if (!doc) {
      try {
        await this.tokens().add({ _id: this.config.appid, lockUntilMs: 0, fetches: 0 });
      } catch {
        /* another instance created it */
      }
    }
    const db = this.app.database();
    const _ = db.command;
    const lock = await this.tokens()
      .where({ _id: this.config.appid, lockUntilMs: _.lt(Date.now()) })
      .update({ lockUntilMs: Date.now() + LOCK_MS });
    if (!lock.updated) {
      // Someone else is refreshing: wait for their token (up to the lock time), then fall back.
      const until = Date.now() + LOCK_MS;
      while (Date.now() < until) {
        await new Promise((r) => setTimeout(r, 150));
        doc = await this.readTokenDoc();
        if (usable(doc)) return doc!.token!;
      }
    }
    try {
      const res = await this.post('stable_token', { grant_type: 'client_credential', appid: this.config.appid, secret: this.config.secret, force_refresh: false }, undefined);
      const token = String(res.access_token ?? '');
      const expiresIn = Number(res.expires_in ?? 0);
      if (!token || !Number.isFinite(expiresIn)) throw new WechatError(-1, 'stable_token answered without a token', 'stable_token');
      await this.tokens()
        .doc(this.config.appid)
        .update({ token, expiresAtMs: nowMs + expiresIn * 1000, lockUntilMs: 0, fetchedAt: new Date(nowMs), fetches: _.inc(1) });
      return token;
    } catch (err) {
      await this.tokens().doc(this.config.appid).update({ lockUntilMs: 0 }).catch(() => undefined);
      throw err;
    }
  }

  /** Raw POST/GET to `/cgi-bin/<endpoint>`; returns the JSON body or throws WechatError. */
  private async post(endpoint: string, json: Json | undefined, token: string | undefined, file?: UploadFile, query: Record<string, string> = {}, method: 'GET' | 'POST' = 'POST'): Promise<Json> {
    const qs = new URLSearchParams(query);
    if (token) qs.set('access_token', token);
    const url = `${this.config.baseUrl}/cgi-bin/${endpoint}${qs.toString() ? `?${qs.toString()}` : ''}`;
    let res: RawResponse;
    try {
      if (file) {
        const mp = multipart(file);
        res = await send(url, 'POST', { 'content-type': mp.contentType }, mp.body);
      } else if (method === 'GET') {
        res = await send(url, 'GET', {});
      } else {
        res = await send(url, 'POST', { 'content-type': 'application/json; charset=utf-8' }, Buffer.from(JSON.stringify(json ?? {}), 'utf8'));
      }
    } catch (err) {
      throw new WechatError(TRANSPORT_ERRCODE, (err as Error).message, endpoint);
    }
    let body: Json;
    try {
      body = JSON.parse(res.body.toString('utf8')) as Json;
    } catch {
      throw new WechatError(-1, `HTTP ${res.status}, not JSON`, endpoint);
    }
    const errcode = body.errcode === undefined ? 0 : Number(body.errcode);
    if (errcode !== 0) throw new WechatError(errcode, String(body.errmsg ?? ''), endpoint);
    return body;
  }

  /**
   * Calls an endpoint with the shared token; on a token error refetches once and retries once.
   * @throws WechatError
   */
  async call(endpoint: string, json?: Json, opts: { file?: UploadFile; query?: Record<string, string>; method?: 'GET' | 'POST' } = {}): Promise<Json> {
    const token = await this.token();
    try {
      return await this.post(endpoint, json, token, opts.file, opts.query, opts.method);
    } catch (err) {
      if (!(err instanceof WechatError) || !TOKEN_ERRCODES.has(err.errcode)) throw err;
      const fresh = await this.token(token);
      return this.post(endpoint, json, fresh, opts.file, opts.query, opts.method);
    }
  }

  /** §2.1 body image → `http://mmbiz.qpic.cn/…`. */
  async uploadImage(file: UploadFile): Promise<string> {
    const r = await this.call('media/uploadimg', undefined, { file });
    return String(r.url ?? '');
  }

  /** §2.2 permanent image material (the cover) → media_id. */
  async addImageMaterial(file: UploadFile): Promise<string> {
    const r = await this.call('material/add_material', undefined, { file, query: { type: 'image' } });
    return String(r.media_id ?? '');
  }

  /** §3.1 → draft media_id. */
  async addDraft(article: Json): Promise<string> {
    const r = await this.call('draft/add', { articles: [article] });
    return String(r.media_id ?? '');
  }

  /** §3.2: the draft, or `undefined` when it is no longer in the draft box (40007: published or deleted). */
  async getDraft(mediaId: string): Promise<Json | undefined> {
    try {
      return await this.call('draft/get', { media_id: mediaId });
    } catch (err) {
      if (err instanceof WechatError && err.errcode === 40007) return undefined;
      throw err;
    }
  }

  /** §4.1 → publish_id as a string (WeChat sends an integer or a string, §9.2). */
  async submit(mediaId: string): Promise<string> {
    const r = await this.call('freepublish/submit', { media_id: mediaId });
    return String(r.publish_id ?? '');
  }

  /** §4.2 publish status. */
  async publishStatus(publishId: string): Promise<{ status: number; articleId?: string; urls: string[]; failIdx: number[] }> {
    const id = /^\d+$/.test(publishId) && Number.isSafeInteger(Number(publishId)) ? Number(publishId) : publishId;
    const r = await this.call('freepublish/get', { publish_id: id });
    const detail = (r.article_detail ?? {}) as { item?: { idx?: number; article_url?: string }[] };
    return {
      status: Number(r.publish_status),
      articleId: r.article_id ? String(r.article_id) : undefined,
      urls: (detail.item ?? []).map((i) => String(i.article_url ?? '')),
      failIdx: Array.isArray(r.fail_idx) ? (r.fail_idx as unknown[]).map(Number) : [],
    };
  }
}
