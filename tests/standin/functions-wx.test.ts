/**
 * `functions.invokeFunction` (node-sdk `callFunction`) handed to the invoker, and the WeChat
 * open API (`callWxOpenApi`, `callCompatibleWxOpenApi`) recorded, faultable and pluggable.
 */
import type { FunctionInvoker, InvokeRequest, InvokeResult } from '../../local/standin';
import { codeOf, httpRequest, startTestStandin, type TestStandin } from './support';

let t: TestStandin;

beforeAll(async () => {
  t = await startTestStandin();
});
afterAll(() => t.stop());

class FakeInvoker implements FunctionInvoker {
  calls: InvokeRequest[] = [];
  constructor(private readonly answer: (req: InvokeRequest) => Promise<InvokeResult>) {}
  invoke(req: InvokeRequest): Promise<InvokeResult> {
    this.calls.push(req);
    return this.answer(req);
  }
  list(): string[] {
    return ['system'];
  }
  async close(): Promise<void> {}
}

describe('callFunction', () => {
  test('without an invoker: a CloudBase-style error', async () => {
    expect(await codeOf(t.app.callFunction({ name: 'system', data: { action: 'ping' } }))).toBe('FUNCTION_NOT_FOUND');
  });

  test('the invoker gets name, event and identity; the result comes back as callFunction returns it', async () => {
    const inv = new FakeInvoker(async (req) => ({ ok: true, result: { ok: true, data: { echo: req.event } }, durationMs: 1 }));
    t.standin.setInvoker(inv);
    const res = await t.app.callFunction({ name: 'system', data: { action: 'ping', data: { n: 1, 名字: '测试' } } });
    expect(res.result).toEqual({ ok: true, data: { echo: { action: 'ping', data: { n: 1, 名字: '测试' } } } });
    expect(typeof res.requestId).toBe('string');
    expect(inv.calls).toEqual([{ name: 'system', event: { action: 'ping', data: { n: 1, 名字: '测试' } }, identity: { source: 'scf' } }]);
  });

  test('a function returning undefined yields null; no data yields an empty event', async () => {
    const inv = new FakeInvoker(async () => ({ ok: true, result: undefined, durationMs: 1 }));
    t.standin.setInvoker(inv);
    const res = await t.app.callFunction({ name: 'system', data: undefined });
    expect(res.result).toBeNull();
    expect(inv.calls[0].event).toEqual({});
  });

  test('invoker errors come back with their CloudBase code', async () => {
    t.standin.setInvoker(new FakeInvoker(async () => ({ ok: false, code: 'FUNCTION_TIME_LIMIT_EXCEEDED', message: '云函数执行超时', durationMs: 3000 })));
    const err: any = await t.app.callFunction({ name: 'system', data: {} }).catch((e) => e);
    expect(err.code).toBe('FUNCTION_TIME_LIMIT_EXCEEDED');
    expect(err.message).toBe('云函数执行超时');

    t.standin.setInvoker(new FakeInvoker(async () => Promise.reject(new Error('worker crashed'))));
    expect(await codeOf(t.app.callFunction({ name: 'system', data: {} }))).toBe('FUNCTION_INVOCATION_FAILED');
  });
});

describe('WeChat open API', () => {
  const send = (touser: string) =>
    t.app.callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData: { touser, template_id: 'tpl-1', data: { thing1: { value: '家访提醒' } } } });

  beforeEach(async () => {
    await httpRequest(`${t.standin.url}/__admin/wx-calls`, { method: 'DELETE' });
  });

  test('the default handler answers errcode 0 and records the call', async () => {
    const res = await send('openid-1');
    expect(res.result).toEqual({ errcode: 0, errmsg: 'ok' });
    const calls = (await httpRequest(`${t.standin.url}/__admin/wx-calls`)).json().calls;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      action: 'wx.api',
      apiName: '/cgi-bin/message/subscribe/send',
      requestData: { touser: 'openid-1', template_id: 'tpl-1' },
      response: { errcode: 0 },
      faulted: false,
    });
  });

  test('wx-fault makes the next N calls answer an errcode', async () => {
    const set = await httpRequest(`${t.standin.url}/__admin/wx-fault`, { json: { errcode: 43101, count: 2, errmsg: 'user refuse to accept the msg' } });
    expect(set.json().fault).toEqual({ errcode: 43101, errmsg: 'user refuse to accept the msg', remaining: 2 });
    expect((await send('a')).result).toEqual({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
    expect((await send('b')).result.errcode).toBe(43101);
    expect((await send('c')).result.errcode).toBe(0);
    const calls = (await httpRequest(`${t.standin.url}/__admin/wx-calls`)).json().calls;
    expect(calls.map((c: any) => c.faulted)).toEqual([true, true, false]);
    expect((await httpRequest(`${t.standin.url}/__admin/wx-fault`)).json().fault).toBeNull();
  });

  test('a plugged-in handler answers instead', async () => {
    const seen: unknown[] = [];
    t.standin.setWxApi(async (body) => {
      seen.push(body);
      return { errcode: 40003, errmsg: 'invalid openid' };
    });
    try {
      expect((await send('bad')).result).toEqual({ errcode: 40003, errmsg: 'invalid openid' });
      expect(seen[0]).toMatchObject({ action: 'wx.api', apiName: '/cgi-bin/message/subscribe/send', requestData: { touser: 'bad' } });
    } finally {
      t.standin.setWxApi(async () => ({ errcode: 0, errmsg: 'ok' }));
    }
  });

  test('callCompatibleWxOpenApi (wx.openApi, form data) returns the raw answer bytes', async () => {
    const res = await t.app.callCompatibleWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData: Buffer.from(JSON.stringify({ touser: 'x' })) });
    expect(Buffer.isBuffer(res)).toBe(true);
    expect(JSON.parse(res.toString())).toEqual({ errcode: 0, errmsg: 'ok' });
    const calls = (await httpRequest(`${t.standin.url}/__admin/wx-calls`)).json().calls;
    expect(calls[0]).toMatchObject({ action: 'wx.openApi', requestData: { touser: 'x' } });
  });
});

test('an unknown action is an INVALID_ACTION error', async () => {
  const res = await httpRequest(`${t.standin.serviceUrl}?env=x`, { json: { action: 'database.frobnicate' } });
  expect(res.status).toBe(200);
  expect(res.json()).toMatchObject({ code: 'INVALID_ACTION' });
  expect(res.json().requestId).toMatch(/\S/);
});
