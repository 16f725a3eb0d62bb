/**
 * Access tokens (contract §1): classic and stable superseding, grace windows, expiry by the
 * stand-in clock, errcodes and the IP whitelist.
 */
import { startHarness, OA, MP, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

/** errcode a business call answers with `token` (0 = accepted). */
async function use(token: string): Promise<number> {
  const r = await h.call('draft/count', { token });
  return r.errcode ?? 0;
}

const stable = (force = false, appid = OA.appid, secret = OA.secret) =>
  h.call('stable_token', { body: { grant_type: 'client_credential', appid, secret, force_refresh: force } });

describe('classic /cgi-bin/token', () => {
  it('returns a token valid for 7200 s and answers 42001 once the clock passes its expiry', async () => {
    const r = await h.call('token', { query: { grant_type: 'client_credential', appid: OA.appid, secret: OA.secret } });
    expect(r.expires_in).toBe(7200);
    expect(r.errcode).toBeUndefined();
    expect(await use(r.access_token)).toBe(0);
    h.clock.advance(7199);
    expect(await use(r.access_token)).toBe(0);
    h.clock.advance(1);
    const late = await h.call('draft/count', { token: r.access_token });
    expect(late.errcode).toBe(42001);
    expect(late.errmsg).toMatch(/^access_token expired rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  });

  it('a new fetch supersedes the previous token: it keeps working for 300 s, then 40001', async () => {
    const a = await h.classicToken();
    h.clock.advance(10);
    const b = await h.classicToken();
    expect(b).not.toBe(a);
    expect(await use(a)).toBe(0);
    h.clock.advance(299);
    expect(await use(a)).toBe(0);
    h.clock.advance(1);
    const r = await h.call('draft/count', { token: a });
    expect(r.errcode).toBe(40001);
    expect(r.errmsg).toMatch(/not latest/);
    expect(await use(b)).toBe(0);
  });

  it('checks parameters and secret', async () => {
    const q = (query: Record<string, string>) => h.call('token', { query });
    expect((await q({ grant_type: 'password', appid: OA.appid, secret: OA.secret })).errcode).toBe(40002);
    expect((await q({ grant_type: 'client_credential', secret: OA.secret })).errcode).toBe(41002);
    expect((await q({ grant_type: 'client_credential', appid: OA.appid })).errcode).toBe(41004);
    expect((await q({ grant_type: 'client_credential', appid: 'wx0000000000000000', secret: 'x' })).errcode).toBe(40013);
    expect((await q({ grant_type: 'client_credential', appid: OA.appid, secret: 'wrong' })).errcode).toBe(40125);
  });

  it('enforces the daily quota with 45009 and resets it on the next Beijing day', async () => {
    h.wx.admin.setKnobs({ quotas: { token: { daily: 2 } } });
    await h.classicToken();
    await h.classicToken();
    const third = await h.call('token', { query: { grant_type: 'client_credential', appid: OA.appid, secret: OA.secret } });
    expect(third.errcode).toBe(45009);
    h.clock.advance(24 * 3600);
    expect(typeof (await h.classicToken())).toBe('string');
  });
});

describe('stable /cgi-bin/stable_token', () => {
  it('normal mode returns the same token with the remaining seconds', async () => {
    const a = await stable();
    h.clock.advance(100);
    const b = await stable();
    expect(b.access_token).toBe(a.access_token);
    expect(b.expires_in).toBe(7100);
  });

  it('in the last 300 s mints a successor; the old token works until it expires (then 42001)', async () => {
    const a = await stable();
    h.clock.advance(7200 - 300);
    const b = await stable();
    expect(b.access_token).not.toBe(a.access_token);
    expect(b.expires_in).toBeGreaterThanOrEqual(300);
    expect(await use(a.access_token)).toBe(0);
    h.clock.advance(300);
    expect(await use(a.access_token)).toBe(42001);
    expect(await use(b.access_token)).toBe(0);
  });

  it('force_refresh mints a new token; the previous one survives the 300 s grace, then 40001', async () => {
    const a = await stable();
    const b = await stable(true);
    expect(b.access_token).not.toBe(a.access_token);
    expect(b.expires_in).toBe(7200);
    expect(await use(a.access_token)).toBe(0);
    h.clock.advance(300);
    expect(await use(a.access_token)).toBe(40001);
    expect(await use(b.access_token)).toBe(0);
    // normal mode now returns the forced token
    expect((await stable()).access_token).toBe(b.access_token);
  });

  it('two forced calls 30 s apart kill a leaked token at once; closer calls do not refresh', async () => {
    const leaked = (await stable()).access_token;
    const b = await stable(true);
    h.clock.advance(10);
    const tooSoon = await stable(true);
    expect(tooSoon.access_token).toBe(b.access_token);
    expect(await use(leaked)).toBe(0);
    h.clock.advance(20);
    const c = await stable(true);
    expect(c.access_token).not.toBe(b.access_token);
    expect(await use(leaked)).toBe(40001);
    expect(await use(b.access_token)).toBe(0);
  });

  it('is isolated from classic tokens', async () => {
    const s = (await stable()).access_token;
    await h.classicToken();
    await h.classicToken();
    h.clock.advance(301);
    expect(await use(s)).toBe(0);
    await stable(true);
    const classic = await h.classicToken();
    h.clock.advance(301);
    expect(await use(classic)).toBe(0);
  });

  it('is POST only (43002) and wants a JSON body', async () => {
    expect((await h.call('stable_token', { query: { grant_type: 'client_credential', appid: OA.appid, secret: OA.secret } })).errcode).toBe(43002);
    expect((await h.call('stable_token', { body: '' , method: 'POST' })).errcode).toBe(44002);
    expect((await h.call('stable_token', { body: '{not json' })).errcode).toBe(47001);
  });
});

describe('token checks on business calls', () => {
  it('41001 without a token, 40014 for garbage', async () => {
    expect((await h.call('draft/count')).errcode).toBe(41001);
    expect((await h.call('draft/count', { token: 'garbage' })).errcode).toBe(40014);
  });

  it('48001 when a mini-program token calls an Official Account API', async () => {
    const mpToken = await h.classicToken(MP.appid, MP.secret);
    expect((await h.call('draft/count', { token: mpToken })).errcode).toBe(48001);
  });

  it('40164 from an IP outside the Official Account whitelist (token fetch and calls)', async () => {
    const token = await h.classicToken();
    h.wx.admin.setAccount(OA.appid, { ipWhitelist: ['10.0.0.8'] });
    const fetchTok = await h.call('token', {
      query: { grant_type: 'client_credential', appid: OA.appid, secret: OA.secret },
      headers: { 'x-wechat-client-ip': '1.2.3.4' },
    });
    expect(fetchTok.errcode).toBe(40164);
    expect(fetchTok.errmsg).toMatch(/^invalid ip 1\.2\.3\.4 ipv6 ::ffff:1\.2\.3\.4, not in whitelist rid: /);
    expect((await h.call('draft/count', { token, headers: { 'x-wechat-client-ip': '1.2.3.4' } })).errcode).toBe(40164);
    expect((await h.call('draft/count', { token, headers: { 'x-wechat-client-ip': '10.0.0.8' } })).errcode).toBeUndefined();
    // mini-programs have no whitelist
    h.wx.admin.setAccount(MP.appid, { ipWhitelist: ['10.0.0.8'] });
    expect(typeof (await h.classicToken(MP.appid, MP.secret))).toBe('string');
  });
});
