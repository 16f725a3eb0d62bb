/**
 * Test helpers for the WeChat stand-in: a fake clock, a started stand-in on a random port, and
 * small clients that speak the contract's wire format (query `access_token`, JSON bodies,
 * multipart uploads in field `media`).
 */
import http from 'http';
import type { AddressInfo } from 'net';
import {
  startWechatStandin,
  DEFAULT_OFFICIAL_ACCOUNT,
  DEFAULT_MINIPROGRAM,
  type WechatStandin,
  type WechatStandinOptions,
} from '../../local/wechat';

export const OA = DEFAULT_OFFICIAL_ACCOUNT;
export const MP = DEFAULT_MINIPROGRAM;

/** A clock tests move by hand (the stand-in follows it). */
export class FakeClock {
  private listeners = new Set<() => void>();
  constructor(public ms: number = Date.parse('2025-03-03T01:00:00Z')) {}
  now(): Date {
    return new Date(this.ms);
  }
  /** Moves time forward by `seconds`. */
  advance(seconds: number): void {
    this.ms += seconds * 1000;
    for (const l of this.listeners) l();
  }
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export type Json = Record<string, any>;

/** A started stand-in plus clients. */
export interface Harness {
  wx: WechatStandin;
  clock: FakeClock;
  /** GET or POST `/cgi-bin/<path>`; `body` objects are sent as JSON. */
  call(path: string, init?: { token?: string; body?: unknown; method?: string; query?: Record<string, string>; headers?: Record<string, string> }): Promise<Json>;
  /** A classic token of an account. */
  classicToken(appid?: string, secret?: string): Promise<string>;
  /** Multipart upload with the file in `media`. */
  upload(path: string, token: string, data: Buffer, filename: string, fields?: Record<string, string>, query?: Record<string, string>): Promise<Json>;
  stop(): Promise<void>;
}

/** Starts a stand-in on a random port with a fake clock. */
export async function startHarness(options: Partial<WechatStandinOptions> = {}): Promise<Harness> {
  const clock = (options.clock as FakeClock | undefined) ?? new FakeClock();
  const wx = await startWechatStandin({ port: 0, tickMs: 20, ...options, clock });
  const call: Harness['call'] = async (path, init = {}) => {
    const q = new URLSearchParams(init.query ?? {});
    if (init.token) q.set('access_token', init.token);
    const qs = q.toString();
    const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
    const res = await fetch(`${wx.url}/cgi-bin/${path}${qs ? `?${qs}` : ''}`, {
      method,
      headers: init.headers,
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    return (await res.json()) as Json;
  };
  const classicToken: Harness['classicToken'] = async (appid = OA.appid, secret = OA.secret) => {
    const r = await call('token', { query: { grant_type: 'client_credential', appid, secret } });
    if (!r.access_token) throw new Error(`no token: ${JSON.stringify(r)}`);
    return r.access_token as string;
  };
  const upload: Harness['upload'] = async (path, token, data, filename, fields = {}, query = {}) => {
    const fd = new FormData();
    fd.append('media', new Blob([data]), filename);
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    const q = new URLSearchParams({ ...query, access_token: token });
    const res = await fetch(`${wx.url}/cgi-bin/${path}?${q}`, { method: 'POST', body: fd });
    return (await res.json()) as Json;
  };
  return { wx, clock, call, classicToken, upload, stop: () => wx.stop() };
}

/** A PNG-looking file of `size` bytes (signature + padding). */
export function png(size = 64): Buffer {
  const b = Buffer.alloc(size, 0);
  Buffer.from('89504e470d0a1a0a', 'hex').copy(b);
  return b;
}

/** A JPEG-looking file of `size` bytes. */
export function jpg(size = 64): Buffer {
  const b = Buffer.alloc(size, 0);
  Buffer.from('ffd8ffe0', 'hex').copy(b);
  return b;
}

/** A GIF-looking file. */
export function gif(size = 64): Buffer {
  const b = Buffer.alloc(size, 0);
  b.write('GIF89a', 'latin1');
  return b;
}

/** One received push. */
export interface Received {
  query: URLSearchParams;
  body: string;
  contentType: string;
}

/** An HTTP receiver for PUBLISHJOBFINISH pushes; `status` decides the answer. */
export async function startReceiver(status: () => number = () => 200): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        query: new URL(req.url ?? '/', 'http://x').searchParams,
        body: Buffer.concat(chunks).toString('utf8'),
        contentType: String(req.headers['content-type'] ?? ''),
      });
      const s = status();
      res.writeHead(s, { 'content-type': 'text/plain' });
      res.end(s === 200 ? 'success' : 'error');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/wechat/event`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
