/**
 * The dev gateway the mini-program's local mode talks to: function calls with the persona in
 * `X-Dev-Openid`, platform failures shaped like `wx.cloud.callFunction` failures, storage upload
 * and temp URLs, the persona list, and the header refused outside local mode.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctions } from '../../scripts/build';
import { startGateway } from '../../local/gateway';
import { startTestStack, type TestStack } from '../helpers/stack';
import { insertSlot } from '../helpers/uploads';

const FIXTURES = join(__dirname, '..', 'fixtures', 'functions');
let t: TestStack;
let gw: string;
let buildDir: string;

beforeAll(async () => {
  buildDir = mkdtempSync(join(tmpdir(), 'shouwang-gw-build-'));
  await buildFunctions({ only: ['system'], outDir: buildDir, writeCloudbaserc: false, copyMiniprogramNpm: false });
  await buildFunctions({ sourceRoot: FIXTURES, outDir: buildDir, writeCloudbaserc: false, copyMiniprogramNpm: false });
  // The platform's timeout is what this file tests: enforced as configured.
  t = await startTestStack({ functionsDir: buildDir, gateway: true, timeoutScale: 1 });
  gw = t.stack.gatewayUrl!;
}, 60_000);
afterAll(async () => {
  await t.stop();
  rmSync(buildDir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${gw}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

it('calls a function as the persona named in X-Dev-Openid', async () => {
  const res = await post('/functions/system', { action: 'whoami', data: {} }, { 'X-Dev-Openid': 'o-guardian-1' });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true, data: { openid: 'o-guardian-1', appid: 'wx-local-appid', source: 'wx_client' } });
});

it('returns the function envelope (200) for application errors', async () => {
  const res = await post('/functions/system', { action: 'nope' }, { 'X-Dev-Openid': 'o-1' });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
});

it('answers an oversized call with 413 (CloudBase caps an event at 6 MB) instead of dropping the connection', async () => {
  const res = await post('/functions/system', { action: 'whoami', data: { blob: 'x'.repeat(7 * 1024 * 1024) } }, { 'X-Dev-Openid': 'o-1' });
  expect(res.status).toBe(413);
  expect(await res.json()).toMatchObject({ errCode: -501007 });
});

it('reports platform failures as 502 like a failed wx.cloud.callFunction', async () => {
  const timeout = await post('/functions/probe', { action: 'sleep', data: { ms: 5000 } });
  expect(timeout.status).toBe(502);
  expect(await timeout.json()).toEqual({
    errCode: -504003,
    errMsg: 'cloud.callFunction:fail Error: errCode: -504003 | errMsg: Invoking task timed out after 1 seconds',
  });
  const missing = await post('/functions/nope', { action: 'x' });
  expect(missing.status).toBe(502);
  expect(await missing.json()).toMatchObject({ errCode: -501000 });
});

it('uploads a file into a slot handed to the persona and hands out a temp URL that serves it', async () => {
  const content = Buffer.from('签名图片的字节');
  const cloudPath = await insertSlot(t, 'signature', 'o-signer-1', '.png');
  const up = await fetch(`${gw}/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'POST', body: content, headers: { 'X-Dev-Openid': 'o-signer-1' } });
  expect(up.status).toBe(200);
  const { fileID } = (await up.json()) as { fileID: string };
  expect(fileID.endsWith(cloudPath)).toBe(true);
  const urls = await post('/storage/temp-urls', { fileList: [fileID] }, { 'X-Dev-Openid': 'o-signer-1' });
  expect(urls.status).toBe(200);
  const { fileList } = (await urls.json()) as { fileList: { fileID: string; tempFileURL: string }[] };
  expect(fileList).toHaveLength(1);
  expect(fileList[0].fileID).toBe(fileID);
  const got = await fetch(fileList[0].tempFileURL);
  expect(Buffer.from(await got.arrayBuffer()).equals(content)).toBe(true);
});

it('lists the personas of devPersonas', async () => {
  await t.app.database().collection('devPersonas').add({ key: 'parent', name: '演示家长', openid: 'o-demo-parent', roles: ['parent'], description: '在外务工的家长' });
  const res = await fetch(`${gw}/personas`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ personas: [expect.objectContaining({ key: 'parent', openid: 'o-demo-parent' })] });
});

it('refuses X-Dev-Openid unless the stack runs in local mode', async () => {
  const strict = await startGateway({ invoker: t.stack.invoker, app: t.app, standinUrl: t.stack.standinUrl, localMode: false, port: 0 });
  try {
    const refused = await fetch(`${strict.url}/functions/system`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Dev-Openid': 'o-someone' },
      body: JSON.stringify({ action: 'whoami' }),
    });
    expect(refused.status).toBe(403);
    // Without the header the call goes through, with no identity.
    const anon = await fetch(`${strict.url}/functions/system`, { method: 'POST', body: JSON.stringify({ action: 'whoami' }) });
    expect(await anon.json()).toMatchObject({ ok: true, data: { openid: '' } });
  } finally {
    await strict.close();
  }
});

it('the SDK path (app.callFunction) reports an overrun with the same CloudBase code', async () => {
  await expect(t.app.callFunction({ name: 'probe', data: { action: 'sleep', data: { ms: 5000 } } })).rejects.toMatchObject({
    code: 'FUNCTION_TIME_LIMIT_EXCEEDED',
  });
  const ok = await t.app.callFunction({ name: 'system', data: { action: 'whoami', data: {} } });
  // Function-to-function calls carry no WeChat user (TCB_SOURCE scf).
  expect(ok.result).toMatchObject({ ok: true, data: { openid: '' } });
});

it('hands a simulated subscription answer to the WeChat stand-in (local mode, with the persona)', async () => {
  const res = await post('/wechat/subscribe', { results: [{ templateId: 'TPL_HELP_REPLY', answer: 'accept' }, { templateId: 'TPL_REPORT', answer: 'reject' }] }, { 'X-Dev-Openid': 'o-subscriber-1' });
  expect(res.status).toBe(200);
  const subs = t.wechat.admin.state().subscriptions;
  expect(Object.values(subs).filter((x) => x.openid === 'o-subscriber-1')).toEqual([expect.objectContaining({ templateId: 'TPL_HELP_REPLY', credits: 1 })]);
  expect((await post('/wechat/subscribe', { results: [{ templateId: 'TPL_HELP_REPLY', answer: 'accept' }] })).status).toBe(403);
  expect((await post('/wechat/subscribe', { results: [] }, { 'X-Dev-Openid': 'o-subscriber-1' })).status).toBe(400);
});

describe('bodies that are not a call', () => {
  const raw = (path: string, body: string) =>
    fetch(`${gw}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Dev-Openid': 'o-1' }, body });

  it('answers a malformed body with 400 and a Chinese message, never 500', async () => {
    for (const body of ['{"action": "whoami", ', 'not json', '[1,2]', '"text"', '{"action":"whoami","data":{"a":1}}}']) {
      const res = await raw('/functions/system', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      const json = (await res.json()) as { errCode: number; errMsg: string; message: string };
      expect(json.message).toMatch(/[\u4e00-\u9fff]/);
      expect(json.errCode).toBe(-401002);
    }
  });

  it('answers a too-deep body with 400 and a Chinese message, and the gateway keeps serving', async () => {
    for (const depth of [65, 5_000, 200_000]) {
      const deepArray = `{"action":"whoami","data":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
      const deepObject = `{"action":"whoami","data":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
      for (const body of [deepArray, deepObject]) {
        const res = await raw('/functions/system', body);
        expect({ depth, status: res.status }).toEqual({ depth, status: 400 });
        expect(((await res.json()) as { message: string }).message).toContain('层级');
      }
    }
    const ok = await post('/functions/system', { action: 'whoami', data: {} }, { 'X-Dev-Openid': 'o-1' });
    expect(ok.status).toBe(200);
    // Brackets inside strings do not count, and a reasonable nesting passes to the function.
    const fine = await raw('/functions/system', `{"action":"whoami","data":{"note":"${'['.repeat(500)}","x":${'['.repeat(60)}${']'.repeat(60)}}}`);
    expect(fine.status).toBe(200);
  });

  it('answers a malformed temp-URL request with 400 too', async () => {
    const res = await raw('/storage/temp-urls', '{"fileList": [');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/[\u4e00-\u9fff]/);
  });
});
