/**
 * The wiring `local/stack.ts` uses: the WeChat stand-in follows the CloudBase stand-in's clock,
 * and the CloudBase stand-in hands `wx.api` (node-sdk `app.callWxOpenApi`) to `wxApiHandler`.
 * The last block runs the real stack (tests/helpers/stack.ts): a function's subscribe message
 * reaches `t.wechat`, and the gateway's `/wechat/event` forwards WeChat's pushes to a function.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import tcb from '@cloudbase/node-sdk';
import { startStandin, type Standin } from '../../local/standin';
import { startWechatStandin, DEFAULT_OFFICIAL_ACCOUNT as OA, type WechatStandin } from '../../local/wechat';
import { sendSubscribeMessage } from '../../cloudfunctions/_shared/wechat/subscribe';
import { buildFunctions } from '../../scripts/build';
import { startTestStack, type TestStack } from '../helpers/stack';

let dir: string;
let standin: Standin;
let wechat: WechatStandin;

describe('CloudBase stand-in + WeChat stand-in', () => {
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-wiring-'));
    standin = await startStandin({ dataDir: path.join(dir, 'standin'), port: 0 });
    wechat = await startWechatStandin({ port: 0, clock: standin.clock, dataDir: path.join(dir, 'wechat') });
    standin.setWxApi(wechat.wxApiHandler);
  });
  afterEach(async () => {
    await wechat.stop();
    await standin.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a function-side send goes node-sdk → CloudBase stand-in → WeChat stand-in and uses the credit', async () => {
    const app = tcb.init({ env: 'shouwang-local', serviceUrl: standin.serviceUrl, secretId: 'local', secretKey: 'local' });
    const msg = { touser: 'oPARENT_wang_0001', template: 'checkInReminder' as const, values: { thing1: '王*明', thing2: '已有14天未联系孩子' } };
    wechat.admin.grantSubscription(msg.touser, 'TPL_CHECKIN', 1);
    expect(await sendSubscribeMessage(app, msg)).toMatchObject({ status: 'sent', errcode: 0 });
    expect(await sendSubscribeMessage(app, msg)).toMatchObject({ status: 'failed', errcode: 43101, attempts: 1 });
    expect(wechat.admin.state().messages.map((m) => [m.via, m.errcode])).toEqual([['cloud', 0], ['cloud', 43101]]);
  });

  it('publish jobs end when the CloudBase stand-in clock is moved', async () => {
    standin.clock.set(new Date('2025-03-03T01:00:00Z'));
    const q = `grant_type=client_credential&appid=${OA.appid}&secret=${OA.secret}`;
    const { access_token: token } = (await (await fetch(`${wechat.url}/cgi-bin/token?${q}`)).json()) as { access_token: string };
    const post = async (p: string, body: unknown) =>
      (await (await fetch(`${wechat.url}/cgi-bin/${p}?access_token=${token}`, { method: 'POST', body: JSON.stringify(body) })).json()) as Record<string, any>;
    const fd = new FormData();
    fd.append('media', new Blob([Buffer.from('89504e470d0a1a0a00', 'hex')]), 'c.png');
    const cover = (await (await fetch(`${wechat.url}/cgi-bin/material/add_material?type=image&access_token=${token}`, { method: 'POST', body: fd })).json()) as { media_id: string };
    const draft = await post('draft/add', { articles: [{ title: '政策解读', content: '<p>正文</p>', thumb_media_id: cover.media_id }] });
    const sub = await post('freepublish/submit', { media_id: draft.media_id });
    expect((await post('freepublish/get', { publish_id: sub.publish_id })).publish_status).toBe(1);
    standin.clock.set(new Date('2025-03-03T01:00:05Z'));
    expect((await post('freepublish/get', { publish_id: sub.publish_id })).publish_status).toBe(0);
  });
});

describe('the local stack (startStack) with its WeChat stand-in and gateway', () => {
  const FIXTURES = path.join(__dirname, '..', 'fixtures', 'functions-wechat');
  let t: TestStack;
  let buildDir: string;
  beforeAll(async () => {
    buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-wiring-build-'));
    await buildFunctions({ sourceRoot: FIXTURES, outDir: buildDir, writeCloudbaserc: false, copyMiniprogramNpm: false, minify: false });
    t = await startTestStack({ functionsDir: buildDir, gateway: true, wechatEventFunction: 'wxprobe' });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    fs.rmSync(buildDir, { recursive: true, force: true });
  });

  it('a subscribe message a function sends with app.callWxOpenApi reaches the WeChat stand-in', async () => {
    const touser = 'oPARENT_chen_0001';
    t.wechat.admin.grantSubscription(touser, 'TPL_CHECKIN', 1);
    const sent = await t.call<any>('wxprobe', 'notify', { touser, child: '陈*明', note: '已有14天未联系孩子' });
    expect(sent).toMatchObject({ ok: true, data: { status: 'sent', errcode: 0 } });
    const again = await t.call<any>('wxprobe', 'notify', { touser, child: '陈*明', note: '已有15天未联系孩子' });
    expect(again).toMatchObject({ ok: true, data: { status: 'failed', errcode: 43101 } });
    const messages = t.wechat.admin.state().messages;
    expect(messages.map((m) => [m.via, m.errcode])).toEqual([['cloud', 0], ['cloud', 43101]]);
    expect(JSON.stringify(messages[0])).toContain('已有14天未联系孩子');
    // The stack's WeChat stand-in serves its pages too (what `npm start` prints).
    expect((await fetch(t.stack.wechatUrl!)).status).toBe(200);
  });

  it('the gateway forwards /wechat/event to the configured function as an HTTP access-service event', async () => {
    const xml = '<xml><Event><![CDATA[PUBLISHJOBFINISH]]></Event></xml>';
    const res = await fetch(`${t.stack.gatewayUrl}/wechat/event?signature=abc&timestamp=1&nonce=2`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: xml,
    });
    expect(res.status).toBe(200);
    const { received } = (await res.json()) as { received: Record<string, any> };
    expect(received).toMatchObject({
      path: '/wechat/event',
      httpMethod: 'POST',
      queryStringParameters: { signature: 'abc', timestamp: '1', nonce: '2' },
      body: xml,
      isBase64Encoded: false,
    });
    expect(received.headers['content-type']).toBe('text/xml; charset=utf-8');
    // The console's URL check (GET with echostr) gets the function's plain-text answer.
    const check = await fetch(`${t.stack.gatewayUrl}/wechat/event?echostr=hello123`);
    expect(check.status).toBe(200);
    expect(check.headers.get('content-type')).toContain('text/plain');
    expect(await check.text()).toBe('hello123');
  });

  it('answers 502 like a failed call when the event function does not exist (yet)', async () => {
    const noFn = await startTestStack({ functionsDir: buildDir, gateway: true });
    try {
      const res = await fetch(`${noFn.stack.gatewayUrl}/wechat/event`, { method: 'POST', body: '<xml/>' });
      expect(res.status).toBe(502);
      expect(await res.json()).toMatchObject({ errCode: -501000 });
    } finally {
      await noFn.stop();
    }
  });
});
