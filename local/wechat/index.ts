/**
 * The local WeChat API stand-in: Official Account publishing (tokens, uploads, drafts,
 * freepublish, PUBLISHJOBFINISH) and mini-program subscribe messages, following an external
 * clock. The contract is shared/reference/wechat-official-account-and-messages.md (§8 is the
 * endpoint table); decisions and wiring are in docs/wechat-standin.md.
 *
 *     const wechat = await startWechatStandin({ port: 39300, clock: standin.clock, dataDir, eventUrl });
 *     standin.setWxApi(wechat.wxApiHandler);
 *
 * This file is the server: persistence, clock, faults, quotas, the `/cgi-bin/*` pipeline, the
 * cloud-call path and the admin API. The endpoint table is in routes.ts.
 *
 * Longer than 500 lines: those server parts share one closure over the state, the clock and the
 * pending event pushes (a reset replaces the state under all of them).
 */
import http, { type IncomingMessage, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import type { WxApiHandler } from '../standin/types';
import { WxError, errorBody } from './errors';
import { checkToken, issueClassic, issueStable, quotaDay } from './tokens';
import { MATERIAL_LIMITS, parseMultipart } from './media';
import { EventSender, advanceJobs, publishEventXml } from './publish';
import { grant, revoke, sendSubscribe, subKey } from './subscribe';
import { WXACODE_UNLIMITED, wxacodeUnlimited } from './wxacode';
import { articlePage, indexPage, notFoundPage } from './pages';
import { officialAccountRoutes, type Body, type Call } from './routes';
import {
  DEFAULT_MINIPROGRAM,
  DEFAULT_OFFICIAL_ACCOUNT,
  DEFAULT_KNOBS,
  MediaStore,
  account as fillAccount,
  initialState,
  loadState,
  saveState,
} from './store';
import {
  PublishStatus,
  type AccountConfig,
  type FaultRule,
  type Knobs,
  type PublishOutcome,
  type StandinTemplate,
  type Subscription,
  type WechatState,
} from './types';

export { DEFAULT_OFFICIAL_ACCOUNT, DEFAULT_MINIPROGRAM, DEFAULT_KNOBS };
export type { AccountConfig, Knobs, PublishOutcome, StandinTemplate, WechatState, FaultRule, Subscription };

/** The clock the stand-in follows (the CloudBase stand-in's `StandinClock` fits). */
export interface WechatClock {
  now(): Date;
  /** Optional: called after every clock change, so due publish jobs end at once. */
  onChange?(listener: () => void): () => void;
}

/** Options of `startWechatStandin`. */
export interface WechatStandinOptions {
  /** 0 = random; default 39300 (ARCHITECTURE.md fixed ports). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  clock: WechatClock;
  /** Persist state (JSON) and uploads here so restarts keep published articles. */
  dataDir?: string;
  /** Where PUBLISHJOBFINISH pushes are POSTed (XML, signed; §4.3). None = not pushed. */
  eventUrl?: string;
  /** Accounts (replace the defaults `DEFAULT_OFFICIAL_ACCOUNT` and `DEFAULT_MINIPROGRAM`). */
  accounts?: (Partial<AccountConfig> & { appid: string })[];
  /** Knob overrides (see `DEFAULT_KNOBS`). */
  knobs?: Partial<Knobs>;
  /** Subscribe templates (default: the catalogue's placeholder ids, one-time). */
  templates?: StandinTemplate[];
  /** Real-time interval (ms) at which due publish jobs are checked; default 250. */
  tickMs?: number;
}

/** A fault to switch on (contract §8 test-only faults). */
export interface FaultInput {
  /** Endpoint name without `/cgi-bin/` (`freepublish/submit`, `token`, `message/subscribe/send`), `draft/*`, or `*`. */
  endpoint: string;
  errcode: number;
  errmsg?: string;
  /** Number of calls it affects (default 1); `null` = until cleared. */
  times?: number | null;
}

/** Test and developer controls (also over HTTP under `/__admin/`). */
export interface WechatAdmin {
  /** The next `times` calls to `endpoint` answer `errcode` (before any other check). */
  setFault(fault: FaultInput): FaultRule;
  clearFaults(): void;
  /** The user accepted `templateId` `n` times (§6.2): n more one-time credits, or long-term accepted. */
  grantSubscription(openid: string, templateId: string, n?: number): Subscription;
  /** The user turned the template off. */
  revokeSubscription(openid: string, templateId: string): void;
  /** Changes an account: `profile` (48001 for freepublish when unverified), `ipWhitelist` (40164), `deniedApis` (48001), `secretFrozen`, `commentPrivilege`. */
  setAccount(appid: string, patch: Partial<Omit<AccountConfig, 'appid'>>): AccountConfig;
  setKnobs(patch: Partial<Knobs>): Knobs;
  /** Adds or replaces a subscribe template. */
  setTemplate(template: StandinTemplate): void;
  /** How a draft's next publish job ends (`null` clears it). */
  setPublishOutcome(draftMediaId: string, outcome: PublishOutcome | null): void;
  /** The platform bans a published article: status 6. */
  banArticle(articleId: string): void;
  /** Resets quota counters (all accounts, or one). */
  clearQuota(appid?: string): void;
  setEventUrl(url: string | undefined): void;
  /** Ends due publish jobs now and waits until their pushes were delivered or given up. */
  settle(): Promise<void>;
  /** A deep copy of the whole state. */
  state(): WechatState;
  /** Back to a fresh state (accounts, knobs and templates as configured at start). */
  reset(): void;
}

/** What `startWechatStandin` returns. */
export interface WechatStandin {
  /** e.g. `http://127.0.0.1:39300` (the WeChat API base URL for clients). */
  url: string;
  port: number;
  /**
   * For the CloudBase stand-in's `wx.api` action (`standin.setWxApi(wechat.wxApiHandler)`):
   * takes the node-sdk body (`{ action:'wx.api', apiName, requestData }`, requestData parsed or
   * still a JSON string) and returns WeChat's JSON answer (`{ errcode, errmsg }`). The CloudBase
   * stand-in wraps it as `{ requestId, data: { responseData: JSON.stringify(answer) } }`, which
   * node-sdk turns into `{ result: answer, requestId }`. No token or IP whitelist (a cloud call, §1.4).
   */
  wxApiHandler: WxApiHandler;
  admin: WechatAdmin;
  stop(): Promise<void>;
}

const JSON_TYPE = 'application/json; encoding=utf-8';
const MAX_JSON_BYTES = 16 * 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

function readRaw(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new WxError(47001));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON object body. Empty → 44002 (unless optional); not a JSON object → 47001 (§0). */
function parseJsonBody(raw: Buffer, optional: boolean): Body {
  const text = raw.toString('utf8').trim();
  if (!text) {
    if (optional) return {};
    throw new WxError(44002);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new WxError(47001);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new WxError(47001);
  return v as Body;
}

/** Caller IP: the test header `x-wechat-client-ip`, else the socket address (§1.3 knob). */
function callerIp(req: IncomingMessage): string {
  const h = req.headers['x-wechat-client-ip'];
  const ip = (Array.isArray(h) ? h[0] : h) ?? req.socket.remoteAddress ?? '127.0.0.1';
  return ip.replace(/^::ffff:/, '');
}

function matches(pattern: string, name: string): boolean {
  if (pattern === '*' || pattern === name) return true;
  return pattern.endsWith('/*') && name.startsWith(pattern.slice(0, -1));
}

/** Normalises an apiName or path to an endpoint name: `/cgi-bin/draft/add?x` → `draft/add`. */
function endpointName(apiName: string): string {
  if (apiName === 'subscribeMessage.send') return 'message/subscribe/send';
  return apiName.split('?')[0].replace(/^\/+/, '').replace(/^cgi-bin\//, '');
}

/**
 * Starts the stand-in (HTTP on `host:port`). Resolves when it listens.
 * @throws when the port is taken
 */
export async function startWechatStandin(options: WechatStandinOptions): Promise<WechatStandin> {
  const clock = options.clock;
  const now = (): number => clock.now().getTime();
  const accounts = (options.accounts ?? [DEFAULT_OFFICIAL_ACCOUNT, DEFAULT_MINIPROGRAM]).map((a) => fillAccount(a));
  const fresh = (): WechatState => initialState(accounts, options.knobs ?? {}, options.templates);

  let state: WechatState = fresh();
  if (options.dataDir) {
    const loaded = loadState(options.dataDir);
    if (loaded) {
      state = loaded;
      const configured = fresh();
      if (options.accounts) state.accounts = configured.accounts;
      // configured (catalogue) templates win; templates added through admin are kept
      state.templates = { ...loaded.templates, ...configured.templates };
      state.knobs = { ...DEFAULT_KNOBS, ...state.knobs, ...options.knobs };
    }
  }
  const files = new MediaStore(options.dataDir);
  let eventUrl = options.eventUrl;

  // Persistence: coalesced writes after changes; flushed on stop.
  let dirty = false;
  let saveScheduled = false;
  const flush = (): void => {
    saveScheduled = false;
    if (!dirty || !options.dataDir) return;
    dirty = false;
    saveState(options.dataDir, state);
  };
  const changed = (): void => {
    dirty = true;
    if (options.dataDir && !saveScheduled) {
      saveScheduled = true;
      setImmediate(flush);
    }
  };

  const sender = new EventSender(() => state, changed);

  /** Ends due jobs and queues their pushes (called on every request, every tick, every clock change). */
  const advance = (): void => {
    const t = now();
    const ended = advanceJobs(state, t);
    if (!ended.length) return;
    for (const job of ended) {
      const acct = state.accounts[job.appid];
      if (!eventUrl || !state.knobs.pushEvents || !acct) continue;
      const delivery = { publishId: job.publishId, url: eventUrl, xml: publishEventXml(job, acct, job.finishedAtMs ?? t), attempts: 0, delivered: false, createdAtMs: t };
      state.events.push(delivery);
      if (state.events.length > 200) state.events.splice(0, state.events.length - 200);
      sender.send(delivery, t);
    }
    changed();
  };

  const takeFault = (name: string): FaultRule | undefined => {
    const f = state.faults.find((x) => matches(x.endpoint, name));
    if (!f) return undefined;
    if (f.remaining !== null) {
      f.remaining -= 1;
      if (f.remaining <= 0) state.faults = state.faults.filter((x) => x !== f);
    }
    changed();
    return f;
  };

  /** §1.1 IP whitelist (Official Accounts only). */
  const checkIp = (acct: AccountConfig, ip: string): void => {
    if (acct.kind !== 'official_account' || !acct.ipWhitelist) return;
    if (!acct.ipWhitelist.includes(ip)) throw new WxError(40164, `invalid ip ${ip} ipv6 ::ffff:${ip}, not in whitelist`);
  };

  /** Daily (45009) and per-minute (45011) quotas per account and endpoint. */
  const countQuota = (appid: string, name: string, t: number): void => {
    const q = state.knobs.quotas[name];
    if (!q) return;
    const key = `${appid}|${name}`;
    const day = quotaDay(t);
    const minute = Math.floor(t / 60_000);
    const c = state.counters[key] ?? { day, daily: 0, minute, minuteCount: 0 };
    if (c.day !== day) Object.assign(c, { day, daily: 0 });
    if (c.minute !== minute) Object.assign(c, { minute, minuteCount: 0 });
    if (q.daily !== undefined && c.daily >= q.daily) throw new WxError(45009);
    if (q.perMinute !== undefined && c.minuteCount >= q.perMinute) throw new WxError(45011);
    c.daily++;
    c.minuteCount++;
    state.counters[key] = c;
  };

  /** Shared checks of `token` and `stable_token` (§1.1, §1.2). */
  const credentialAccount = (grantType: unknown, appid: unknown, secret: unknown, ip: string, name: string, t: number): AccountConfig => {
    if (grantType !== 'client_credential') throw new WxError(40002);
    if (!appid) throw new WxError(41002);
    if (!secret) throw new WxError(41004);
    const acct = state.accounts[String(appid)];
    if (!acct) throw new WxError(40013);
    checkIp(acct, ip);
    if (acct.secretFrozen) throw new WxError(40243);
    if (acct.secret !== secret) throw new WxError(40125);
    countQuota(acct.appid, name, t);
    return acct;
  };

  const routes = officialAccountRoutes(() => state, files);

  /** Handles `/cgi-bin/*`: faults, auth, account checks, quotas, body, route (§0, §1.3, §8). */
  const handleCgi = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const name = endpointName(url.pathname);
    const t = now();
    const ip = callerIp(req);
    const method = req.method ?? 'GET';
    try {
      if (name === 'token' || name === 'stable_token') {
        if (name === 'stable_token' && method !== 'POST') throw new WxError(43002);
        const fault = takeFault(name);
        if (fault) throw new WxError(fault.errcode, fault.errmsg);
        if (name === 'token') {
          const q = url.searchParams;
          const acct = credentialAccount(q.get('grant_type'), q.get('appid'), q.get('secret'), ip, name, t);
          return sendJson(res, 200, issueClassic(state, acct.appid, t));
        }
        const body = parseJsonBody(await readRaw(req, MAX_JSON_BYTES), false);
        const acct = credentialAccount(body.grant_type, body.appid, body.secret, ip, name, t);
        const force = body.force_refresh === true || body.force_refresh === 'true';
        return sendJson(res, 200, issueStable(state, acct.appid, t, force));
      }

      const route = routes[name];
      if (!route) {
        req.resume();
        return sendJson(res, 404, { errcode: -1, errmsg: `stand-in: no such endpoint /cgi-bin/${name}` });
      }
      if (route.method === 'POST' && method !== 'POST') throw new WxError(43002);
      const fault = takeFault(name);
      if (fault) throw new WxError(fault.errcode, fault.errmsg);

      const token = url.searchParams.get('access_token');
      if (!token) throw new WxError(41001);
      const rec = checkToken(state, token, t);
      const acct = state.accounts[rec.appid];
      if (!acct) throw new WxError(40014);
      checkIp(acct, ip);
      if (route.kind && acct.kind !== route.kind) throw new WxError(48001);
      if (acct.deniedApis.some((p) => matches(p, name))) throw new WxError(48001);
      if (route.verified && acct.profile !== 'service_verified' && acct.profile !== 'subscription_verified') throw new WxError(48001);
      countQuota(acct.appid, name, t);

      const call: Call = { name, nowMs: t, query: url.searchParams, account: acct, body: {}, ip };
      if (route.body === 'multipart') call.upload = await parseMultipart(req, route.maxUploadBytes ?? MATERIAL_LIMITS.image.maxBytes);
      else if (route.body === 'json' || route.body === 'json-optional') call.body = parseJsonBody(await readRaw(req, MAX_JSON_BYTES), route.body === 'json-optional');
      else req.resume();
      const result = route.handle(call);
      changed();
      return sendJson(res, 200, result);
    } catch (e) {
      if (!req.readableEnded) req.resume();
      changed();
      if (e instanceof WxError) return sendJson(res, 200, errorBody(e.errcode, e.errmsgText));
      throw e;
    }
  };

  // ---- admin ----
  const admin: WechatAdmin = {
    setFault(f) {
      if (!f || typeof f.endpoint !== 'string' || !Number.isInteger(f.errcode)) throw new Error('fault needs endpoint and integer errcode');
      const times = f.times === undefined ? 1 : f.times;
      const rule: FaultRule = {
        id: ++state.seq.fault,
        endpoint: endpointName(f.endpoint) || '*',
        errcode: f.errcode,
        errmsg: f.errmsg,
        remaining: times === null || times === Infinity ? null : Math.max(1, Math.floor(times)),
      };
      if (f.endpoint === '*') rule.endpoint = '*';
      state.faults.push(rule);
      changed();
      return { ...rule };
    },
    clearFaults() {
      state.faults = [];
      changed();
    },
    grantSubscription(openid, templateId, n = 1) {
      grant(state, openid, templateId, n);
      changed();
      return { ...state.subscriptions[subKey(openid, templateId)] };
    },
    revokeSubscription(openid, templateId) {
      revoke(state, openid, templateId);
      changed();
    },
    setAccount(appid, patch) {
      const a = state.accounts[appid];
      if (!a) throw new Error(`unknown appid ${appid}`);
      Object.assign(a, patch, { appid });
      changed();
      return { ...a };
    },
    setKnobs(patch) {
      state.knobs = { ...state.knobs, ...patch, quotas: { ...state.knobs.quotas, ...patch.quotas } };
      changed();
      return { ...state.knobs };
    },
    setTemplate(tpl) {
      state.templates[tpl.id] = structuredClone(tpl);
      changed();
    },
    setPublishOutcome(draftMediaId, outcome) {
      if (outcome) state.plannedOutcomes[draftMediaId] = { ...outcome };
      else delete state.plannedOutcomes[draftMediaId];
      changed();
    },
    banArticle(articleId) {
      const j = Object.values(state.jobs).find((x) => x.articleId === articleId);
      if (!j) throw new Error(`unknown article ${articleId}`);
      j.status = PublishStatus.SYSTEM_BANNED_ALL;
      j.updatedAtMs = now();
      changed();
    },
    clearQuota(appid) {
      for (const k of Object.keys(state.counters)) if (!appid || k.startsWith(`${appid}|`)) delete state.counters[k];
      changed();
    },
    setEventUrl(u) {
      eventUrl = u;
    },
    async settle() {
      advance();
      await sender.idle();
    },
    state() {
      advance();
      return structuredClone(state);
    },
    reset() {
      state = fresh();
      files.clear();
      changed();
    },
  };

  // ---- wx.api (cloud call) ----
  const mp = (): AccountConfig | undefined => Object.values(state.accounts).find((a) => a.kind === 'miniprogram');
  const wxApiHandler: WxApiHandler = async (body) => {
    advance();
    const name = endpointName(String(body.apiName ?? body.cgiName ?? ''));
    const t = now();
    let answer: unknown;
    try {
      if (name !== 'message/subscribe/send' && name !== WXACODE_UNLIMITED) {
        throw new WxError(48001, `api unauthorized (the stand-in's cloud call supports /cgi-bin/message/subscribe/send and /wxa/getwxacodeunlimit only, got ${name || 'nothing'})`);
      }
      const fault = takeFault(name);
      if (fault) throw new WxError(fault.errcode, fault.errmsg);
      const acct = mp();
      if (!acct) throw new WxError(48001);
      let data: unknown = body.requestData;
      if (typeof data === 'string') {
        try {
          data = data.trim() ? JSON.parse(data) : undefined;
        } catch {
          throw new WxError(47001);
        }
      }
      if (data === undefined) throw new WxError(44002);
      if (!data || typeof data !== 'object' || Array.isArray(data)) throw new WxError(47001);
      countQuota(acct.appid, name, t);
      answer = name === WXACODE_UNLIMITED ? await wxacodeUnlimited(data as Body, state.knobs.miniprogramPages ?? undefined) : sendSubscribe(state, data as Body, t, 'cloud');
    } catch (e) {
      if (!(e instanceof WxError)) throw e;
      answer = errorBody(e.errcode, e.errmsgText);
    }
    changed();
    return answer;
  };

  /** `/__admin/*` and the contract's `/__test__/*` aliases (JSON). */
  const handleAdmin = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? 'GET';
    const p = url.pathname.replace(/^\/__(admin|test__)/, '').replace(/\/+$/, '') || '/';
    const body = method === 'POST' || method === 'PUT' ? parseJsonBody(await readRaw(req, MAX_JSON_BYTES), true) : (req.resume(), {});
    const str = (v: unknown): string => (typeof v === 'string' ? v : '');
    try {
      if (p === '/state' && method === 'GET') return sendJson(res, 200, admin.state());
      if (p === '/faults' && method === 'GET') return sendJson(res, 200, state.faults);
      if (p === '/faults' && method === 'POST') {
        return sendJson(res, 200, admin.setFault({ endpoint: str(body.endpoint) || '*', errcode: Number(body.errcode), errmsg: body.errmsg as string | undefined, times: body.times as number | null | undefined }));
      }
      if (p === '/faults' && method === 'DELETE') return (admin.clearFaults(), sendJson(res, 200, { ok: true }));
      if (p === '/subscriptions' && method === 'GET') return sendJson(res, 200, Object.values(state.subscriptions));
      if (p === '/subscriptions' && method === 'POST') {
        return sendJson(res, 200, admin.grantSubscription(str(body.openid), str(body.template_id ?? body.templateId), body.n === undefined ? 1 : Number(body.n)));
      }
      if (p === '/subscribe' && method === 'POST') {
        // §8 test-only: the user's choice in wx.requestSubscribeMessage.
        const openid = str(body.openid);
        const tpl = str(body.template_id ?? body.templateId);
        if (body.result === 'reject') admin.revokeSubscription(openid, tpl);
        else admin.grantSubscription(openid, tpl, 1);
        return sendJson(res, 200, state.subscriptions[subKey(openid, tpl)] ?? { openid, templateId: tpl, credits: 0, accepted: false });
      }
      if (p === '/accounts' && method === 'POST') {
        const { appid, ...patch } = body as { appid?: string } & Partial<AccountConfig>;
        return sendJson(res, 200, admin.setAccount(str(appid), patch));
      }
      if (p === '/knobs' && method === 'POST') return sendJson(res, 200, admin.setKnobs(body as Partial<Knobs>));
      if (p === '/templates' && method === 'POST') return (admin.setTemplate(body as unknown as StandinTemplate), sendJson(res, 200, { ok: true }));
      if (p === '/publish-outcome' && method === 'POST') {
        const status = body.status;
        admin.setPublishOutcome(str(body.media_id), status === null || status === undefined ? null : { status: Number(status) as PublishOutcome['status'], failIdx: body.fail_idx as number[] | undefined, delaySeconds: body.delay_seconds as number | undefined });
        return sendJson(res, 200, { ok: true });
      }
      if (p === '/ban' && method === 'POST') return (admin.banArticle(str(body.article_id)), sendJson(res, 200, { ok: true }));
      if (p === '/clear-quota' && method === 'POST') return (admin.clearQuota(str(body.appid) || undefined), sendJson(res, 200, { ok: true }));
      if (p === '/settle' && method === 'POST') return (await admin.settle(), sendJson(res, 200, { ok: true }));
      if (p === '/reset' && method === 'POST') return (admin.reset(), sendJson(res, 200, { ok: true }));
      if (p === '/clock') return sendJson(res, 200, { now: clock.now().toISOString(), note: 'clock is external: set it on the CloudBase stand-in (/__admin/clock)' });
      return sendJson(res, 404, { error: `unknown admin endpoint ${method} ${url.pathname}` });
    } catch (e) {
      return sendJson(res, 400, { error: e instanceof Error ? e.message : String(e) });
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://standin.local');
    advance();
    if (url.pathname.startsWith('/cgi-bin/')) return handleCgi(req, res, url);
    if (url.pathname.startsWith('/__admin') || url.pathname.startsWith('/__test__')) return handleAdmin(req, res, url);
    req.resume();
    if (url.pathname === '/' && req.method === 'GET') return sendHtml(res, 200, indexPage(state, now()));
    const art = /^\/articles\/([^/]+)$/.exec(url.pathname);
    if (art && req.method === 'GET') {
      const id = decodeURIComponent(art[1]);
      const job = Object.values(state.jobs).find((j) => j.articleId === id);
      return job ? sendHtml(res, 200, articlePage(state, job)) : sendHtml(res, 404, notFoundPage());
    }
    const med = /^\/media\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (med && req.method === 'GET') {
      const rec = state.media[med[1]];
      const data = rec && files.get(rec.fileKey);
      if (!rec || !data) return sendHtml(res, 404, notFoundPage());
      res.writeHead(200, { 'content-type': rec.contentType, 'content-length': data.length });
      res.end(data);
      return;
    }
    return sendHtml(res, 404, notFoundPage());
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(-1, `system error (${e instanceof Error ? e.message : String(e)})`));
      else res.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 39300, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const ticker = setInterval(advance, options.tickMs ?? 250);
  ticker.unref();
  const unsubscribe = clock.onChange?.(advance);

  return {
    url: `http://${host}:${port}`,
    port,
    wxApiHandler,
    admin,
    async stop() {
      clearInterval(ticker);
      unsubscribe?.();
      sender.stop();
      await sender.idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      flush();
    },
  };
}
