/**
 * Mini-program subscribe messages (contract §6): per-user-per-template credits, keyword
 * validators (47003), 43101/40037/40003, over HTTPS and through the cloud call
 * (`app.callWxOpenApi` of the real node-sdk → `wx.api` → the stand-in's wxApiHandler), and the
 * function-side helper that shortens over-long values and records results.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import tcb from '@cloudbase/node-sdk';
import { sendSubscribeMessage, SUBSCRIBE_SEND_API } from '../../cloudfunctions/_shared/wechat/subscribe';
import { SUBSCRIBE_TEMPLATES } from '../../cloudfunctions/_shared/wechat/templates';
import { startHarness, MP, type Harness, type Json } from './helpers';

const OPENID = 'oPARENT_wang_0001';
const VISIT = SUBSCRIBE_TEMPLATES.visitRecorded.placeholderId;
const REPORT = SUBSCRIBE_TEMPLATES.reportToHandle.placeholderId;
const HELP = SUBSCRIBE_TEMPLATES.helplineReply.placeholderId;

const visitData = (over: Record<string, string> = {}) => ({
  thing1: { value: over.thing1 ?? '王*明' },
  time2: { value: over.time2 ?? '2025年3月3日 15:00' },
  thing3: { value: over.thing3 ?? '村儿童主任' },
  thing4: { value: over.thing4 ?? '孩子身体健康，学习正常' },
});

let h: Harness;
let token: string;
beforeEach(async () => {
  h = await startHarness();
  token = await h.classicToken(MP.appid, MP.secret);
});
afterEach(async () => {
  await h.stop();
});

const send = (body: Json) => h.call('message/subscribe/send', { token, body });

describe('subscribe/send over HTTPS', () => {
  it('each accepted subscription allows exactly one send; then 43101', async () => {
    expect((await send({ touser: OPENID, template_id: VISIT, data: visitData() })).errcode).toBe(43101);
    h.wx.admin.grantSubscription(OPENID, VISIT, 2);
    expect(await send({ touser: OPENID, template_id: VISIT, data: visitData() })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await send({ touser: OPENID, template_id: VISIT, data: visitData() })).errcode).toBe(0);
    const third = await send({ touser: OPENID, template_id: VISIT, data: visitData() });
    expect(third.errcode).toBe(43101);
    expect(third.errmsg).toMatch(/^user refuse to accept the msg rid: /);
    // credits are per user and per template
    h.wx.admin.grantSubscription('oSOMEONE_else_01', VISIT, 1);
    expect((await send({ touser: OPENID, template_id: VISIT, data: visitData() })).errcode).toBe(43101);
  });

  it('a long-term template is unlimited once accepted, until turned off', async () => {
    h.wx.admin.setTemplate({ id: 'TPL_LONG', title: '长期', fields: { thing1: 'thing' }, longTerm: true });
    h.wx.admin.grantSubscription(OPENID, 'TPL_LONG');
    for (let i = 0; i < 3; i++) expect((await send({ touser: OPENID, template_id: 'TPL_LONG', data: { thing1: { value: '提醒' } } })).errcode).toBe(0);
    h.wx.admin.revokeSubscription(OPENID, 'TPL_LONG');
    expect((await send({ touser: OPENID, template_id: 'TPL_LONG', data: { thing1: { value: '提醒' } } })).errcode).toBe(43101);
  });

  it('47003 names the bad keyword and does not use the credit', async () => {
    h.wx.admin.grantSubscription(OPENID, VISIT, 1);
    const long = await send({ touser: OPENID, template_id: VISIT, data: visitData({ thing4: '一'.repeat(21) }) });
    expect(long.errcode).toBe(47003);
    expect(long.errmsg).toMatch(/^argument invalid! data\.thing4\.value invalid rid: /);
    const empty = await send({ touser: OPENID, template_id: VISIT, data: visitData({ thing3: '' }) });
    expect(empty.errmsg).toMatch(/data\.thing3\.value is emtpy/);
    const dateOnly = await send({ touser: OPENID, template_id: VISIT, data: visitData({ time2: '2025年3月3日' }) });
    expect(dateOnly.errmsg).toMatch(/data\.time2\.value invalid/);
    const fullWidthRange = await send({ touser: OPENID, template_id: VISIT, data: visitData({ time2: '15:00～16:00' }) });
    expect(fullWidthRange.errcode).toBe(47003);
    expect((await send({ touser: OPENID, template_id: VISIT, data: visitData({ thing1: '王*明\n' }) })).errcode).toBe(47003);
    // still one credit left
    expect((await send({ touser: OPENID, template_id: VISIT, data: visitData({ time2: '2025-03-03 15:00~16:30' }) })).errcode).toBe(0);
  });

  it('validates phrase (≤ 5 Chinese only) and character_string (≤ 32, no Chinese)', async () => {
    h.wx.admin.grantSubscription(OPENID, REPORT, 5);
    const report = (phrase: string) =>
      send({ touser: OPENID, template_id: REPORT, data: { phrase1: { value: phrase }, thing2: { value: '尧渡镇某村' }, time3: { value: '20:15' }, thing4: { value: '1小时内确认' } } });
    expect((await report('监护缺失')).errcode).toBe(0);
    expect((await report('监护人缺失了')).errcode).toBe(47003);
    expect((await report('missing')).errcode).toBe(47003);
    h.wx.admin.grantSubscription(OPENID, HELP, 5);
    const help = (no: string) => send({ touser: OPENID, template_id: HELP, data: { character_string1: { value: no }, thing2: { value: '已回复' }, time3: { value: '2025/3/3 10:05' } } });
    expect((await help('HL20250301-0012')).errcode).toBe(0);
    expect((await help('求助20250301')).errcode).toBe(47003);
    expect((await help('A'.repeat(33))).errcode).toBe(47003);
  });

  it('40037 unknown template, 40003 bad openid, 41030 unknown page, 48001 with an Official Account token', async () => {
    h.wx.admin.grantSubscription(OPENID, VISIT, 5);
    expect((await send({ touser: OPENID, template_id: 'TPL_NOPE', data: visitData() })).errcode).toBe(40037);
    expect((await send({ touser: '', template_id: VISIT, data: visitData() })).errcode).toBe(40003);
    h.wx.admin.setKnobs({ miniprogramPages: ['pages/visit/detail'] });
    expect((await send({ touser: OPENID, template_id: VISIT, page: 'pages/nope/index', data: visitData() })).errcode).toBe(41030);
    expect((await send({ touser: OPENID, template_id: VISIT, page: 'pages/visit/detail?id=1', data: visitData() })).errcode).toBe(0);
    const oaToken = await h.classicToken();
    expect((await h.call('message/subscribe/send', { token: oaToken, body: { touser: OPENID, template_id: VISIT, data: visitData() } })).errcode).toBe(48001);
  });
});

/** A minimal CloudBase wire endpoint that hands `wx.api` to the WeChat stand-in, as the CloudBase stand-in does. */
async function cloudbaseWire(handler: (body: Record<string, unknown>) => Promise<unknown>) {
  const seen: Record<string, unknown>[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      seen.push(body);
      // as local/standin/server.ts does: WeChat's answer JSON-encoded in data.responseData
      const out = body.action === 'wx.api'
        ? { requestId: 'req-1', data: { responseData: JSON.stringify(await handler(body)) } }
        : { requestId: 'req-1', code: 'INVALID_ACTION', message: `unsupported ${String(body.action)}` };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const app = tcb.init({ env: 'local-env', serviceUrl: `http://127.0.0.1:${port}/`, secretId: 'local', secretKey: 'local' });
  return { app, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('cloud call: app.callWxOpenApi → wx.api → wxApiHandler', () => {
  let wire: Awaited<ReturnType<typeof cloudbaseWire>>;
  beforeEach(async () => {
    wire = await cloudbaseWire((b) => h.wx.wxApiHandler(b));
  });
  afterEach(async () => {
    await wire.close();
  });

  it('node-sdk gets WeChat’s answer as `result`', async () => {
    h.wx.admin.grantSubscription(OPENID, VISIT, 1);
    const res = (await wire.app.callWxOpenApi({ apiName: SUBSCRIBE_SEND_API, requestData: { touser: OPENID, template_id: VISIT, data: visitData() } })) as Json;
    expect(res.result).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(wire.seen[0]).toMatchObject({ action: 'wx.api', apiName: SUBSCRIBE_SEND_API });
    expect(typeof wire.seen[0].requestData).toBe('string');
    const again = (await wire.app.callWxOpenApi({ apiName: SUBSCRIBE_SEND_API, requestData: { touser: OPENID, template_id: VISIT, data: visitData() } })) as Json;
    expect(again.result.errcode).toBe(43101);
  });

  it('the helper shortens an over-long thing with "…" inside the limit, so it is sent, not rejected', async () => {
    h.wx.admin.grantSubscription(OPENID, VISIT, 1);
    const summary = '孩子身体健康，学习成绩稳步提高，与爷爷奶奶相处融洽，近期情绪稳定'; // 31 chars
    const r = await sendSubscribeMessage(wire.app, {
      touser: OPENID,
      template: 'visitRecorded',
      values: { thing1: '王*明', time2: new Date('2025-03-03T07:00:00Z'), thing3: '村儿童主任', thing4: summary },
      page: 'pages/visit/detail?id=1',
    });
    expect(r).toMatchObject({ status: 'sent', errcode: 0, attempts: 1, templateId: VISIT });
    const sent = h.wx.admin.state().messages.at(-1)!;
    expect(sent).toMatchObject({ via: 'cloud', errcode: 0, touser: OPENID });
    const thing4 = (sent.data as Json).thing4.value as string;
    expect(Array.from(thing4)).toHaveLength(20);
    expect(thing4.endsWith('…')).toBe(true);
    expect(summary.startsWith(thing4.slice(0, -1))).toBe(true);
    expect((sent.data as Json).time2.value).toBe('2025年3月3日 15:00');
  });

  it('43101 is recorded as failed and not retried', async () => {
    const r = await sendSubscribeMessage(wire.app, {
      touser: OPENID,
      template: 'checkInReminder',
      values: { thing1: '王*明', thing2: '已有14天未联系孩子' },
    });
    expect(r).toMatchObject({ status: 'failed', errcode: 43101, attempts: 1 });
    expect(r.errmsg).toMatch(/user refuse to accept the msg/);
    expect(wire.seen).toHaveLength(1);
  });

  it('47003 is not retried; -1 (system busy) is tried once more', async () => {
    h.wx.admin.grantSubscription(OPENID, HELP, 2);
    const bad = await sendSubscribeMessage(wire.app, {
      touser: OPENID,
      template: 'helplineReply',
      values: { character_string1: 'HL-0012', thing2: '已回复', time3: '明天上午' },
    });
    expect(bad).toMatchObject({ status: 'failed', errcode: 47003, attempts: 1 });
    h.wx.admin.setFault({ endpoint: 'message/subscribe/send', errcode: -1 });
    const busy = await sendSubscribeMessage(wire.app, {
      touser: OPENID,
      template: 'helplineReply',
      values: { character_string1: 'HL-0012', thing2: '已回复', time3: new Date('2025-03-03T02:05:00Z') },
    });
    expect(busy).toMatchObject({ status: 'sent', errcode: 0, attempts: 2 });
    expect(wire.seen).toHaveLength(3);
  });

  it('a transport failure is recorded, never thrown', async () => {
    await wire.close();
    const app = tcb.init({ env: 'local-env', serviceUrl: 'http://127.0.0.1:9/', secretId: 'local', secretKey: 'local', timeout: 2000 });
    const r = await sendSubscribeMessage(app, { touser: OPENID, template: 'checkInReminder', values: { thing1: '王*明', thing2: '提醒' } }, { maxAttempts: 1 });
    expect(r).toMatchObject({ status: 'failed', errcode: -1, attempts: 1 });
    wire = await cloudbaseWire((b) => h.wx.wxApiHandler(b)); // for afterEach
  });
});
