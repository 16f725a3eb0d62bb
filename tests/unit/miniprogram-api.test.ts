/**
 * The mini-program's api client (miniprogram/services/api.ts): cloud mode goes through
 * `wx.cloud.*`, local mode through the dev gateway as the stored persona, and every outcome is
 * an envelope whose message the user can read.
 *
 * The module is loaded with `require` and typed by the small interface below, so the node
 * typecheck does not pull the mini-program's global `wx` typings into this program.
 */
import type { Envelope } from '../../cloudfunctions/_shared/contracts/envelope';
import { env } from '../../miniprogram/config/env';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

interface ApiModule {
  apiMode(): 'cloud' | 'local';
  callFunction(name: string, action: string, data?: unknown): Promise<Envelope<any>>;
  uploadFile(cloudPath: string, filePath: string): Promise<Envelope<{ fileID: string }>>;
  getTempFileURL(fileIDs: string[]): Promise<Envelope<{ fileID: string; tempFileURL: string }[]>>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const api: ApiModule = require('../../miniprogram/services/api');

const GATEWAY = 'http://127.0.0.1:39200';
const PERSONA = { key: 'officer', name: '村专干王芳', openid: 'o-dev-officer', roles: ['villageOfficer'], description: '' };

interface FakeWx {
  storage: Map<string, unknown>;
  envVersion: string;
  request: jest.Mock;
  cloud: { callFunction: jest.Mock; uploadFile: jest.Mock; getTempFileURL: jest.Mock };
  readFile: jest.Mock;
}

let fake: FakeWx;

/** Answers `wx.request` like the gateway would: `reply(opts)` returns `{statusCode, data}` or `'fail'`. */
function gatewayReplies(reply: (opts: any) => { statusCode: number; data: unknown } | 'fail') {
  fake.request.mockImplementation((opts: any) => {
    const r = reply(opts);
    setTimeout(() => (r === 'fail' ? opts.fail({ errMsg: 'request:fail connect ECONNREFUSED' }) : opts.success({ ...r, header: {} })), 0);
  });
}

beforeEach(() => {
  env.mode = 'cloud';
  fake = {
    storage: new Map(),
    envVersion: 'develop',
    request: jest.fn(),
    cloud: { callFunction: jest.fn(), uploadFile: jest.fn(), getTempFileURL: jest.fn() },
    readFile: jest.fn(),
  };
  (global as any).wx = {
    request: fake.request,
    cloud: fake.cloud,
    getStorageSync: (k: string) => (fake.storage.has(k) ? fake.storage.get(k) : ''),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx0', envVersion: fake.envVersion, version: '' } }),
    getFileSystemManager: () => ({ readFile: fake.readFile }),
  };
});

afterAll(() => {
  delete (global as any).wx;
});

describe('cloud mode', () => {
  test('calls wx.cloud.callFunction with {action, data} and returns the envelope from result', async () => {
    fake.cloud.callFunction.mockResolvedValue({ result: { ok: true, data: { openid: 'o1' } }, errMsg: 'cloud.callFunction:ok' });
    const res = await api.callFunction('system', 'whoami');
    expect(fake.cloud.callFunction).toHaveBeenCalledWith({ name: 'system', data: { action: 'whoami', data: {} } });
    expect(res).toEqual({ ok: true, data: { openid: 'o1' } });
    expect(fake.request).not.toHaveBeenCalled();
  });

  test('passes action input through and returns error envelopes untouched', async () => {
    const error = { code: 'VALIDATION_FAILED', message: 'name：必填', details: { issues: [{ path: 'name', message: '必填' }] } };
    fake.cloud.callFunction.mockResolvedValue({ result: { ok: false, error } });
    const res = await api.callFunction('registry', 'createChild', { name: '' });
    expect(fake.cloud.callFunction.mock.calls[0][0]).toEqual({ name: 'registry', data: { action: 'createChild', data: { name: '' } } });
    expect(res).toEqual({ ok: false, error });
  });

  test('a transport failure becomes NETWORK with a message the user can read', async () => {
    fake.cloud.callFunction.mockRejectedValue({ errCode: -601002, errMsg: 'cloud.callFunction:fail request:fail timeout' });
    const res = await api.callFunction('system', 'ping');
    expect(res).toEqual({
      ok: false,
      error: { code: 'NETWORK', message: '网络异常，请稍后重试', details: { errCode: -601002, errMsg: 'cloud.callFunction:fail request:fail timeout' } },
    });
  });

  test.each([
    [-504002, 'crash'],
    [-504003, 'timeout'],
    [-501000, 'unknown function'],
  ])('a function failure (%i, %s) becomes FUNCTION_FAILED, not a network error', async (errCode) => {
    fake.cloud.callFunction.mockRejectedValue({ errCode, errMsg: `cloud.callFunction:fail Error: errCode: ${errCode}` });
    const res = await api.callFunction('system', 'ping');
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error.code).toBe('FUNCTION_FAILED');
    expect(!res.ok && res.error.message).toBe('服务暂时不可用，请稍后重试');
  });

  test('a result that is not an envelope becomes BAD_RESPONSE', async () => {
    fake.cloud.callFunction.mockResolvedValue({ result: { code: 0, data: 1 } });
    const res = await api.callFunction('system', 'ping');
    expect(!res.ok && res.error.code).toBe('BAD_RESPONSE');
  });

  test('files go through wx.cloud.uploadFile and getTempFileURL', async () => {
    fake.cloud.uploadFile.mockResolvedValue({ fileID: 'cloud://env/a.png', statusCode: 200 });
    fake.cloud.getTempFileURL.mockResolvedValue({
      fileList: [{ fileID: 'cloud://env/a.png', tempFileURL: 'https://tmp/a.png', status: 0, maxAge: 7200 }],
    });
    expect(await api.uploadFile('signatures/a.png', 'wxfile://tmp_a.png')).toEqual({ ok: true, data: { fileID: 'cloud://env/a.png' } });
    expect(fake.cloud.uploadFile).toHaveBeenCalledWith({ cloudPath: 'signatures/a.png', filePath: 'wxfile://tmp_a.png' });
    expect(await api.getTempFileURL(['cloud://env/a.png'])).toEqual({
      ok: true,
      data: [{ fileID: 'cloud://env/a.png', tempFileURL: 'https://tmp/a.png' }],
    });
    expect(fake.request).not.toHaveBeenCalled();
  });

  test('an upload the storage rules refuse says so in Chinese (not a network problem)', async () => {
    fake.cloud.uploadFile.mockRejectedValue({ errCode: -503003, errMsg: 'cloud.uploadFile:fail STORAGE_EXCEED_AUTHORITY permission denied' });
    const res = await api.uploadFile('guardianship/pdf/x.pdf', 'wxfile://tmp_a.pdf');
    expect(res).toMatchObject({ ok: false, error: { code: 'STORAGE_EXCEED_AUTHORITY', message: expect.stringContaining('没有权限保存到这个位置') } });
  });
});

describe('local mode', () => {
  beforeEach(() => {
    env.mode = 'local';
  });

  test('posts {action, data} to the gateway as the stored persona and never touches wx.cloud', async () => {
    fake.storage.set('shouwang.devPersona', PERSONA);
    gatewayReplies(() => ({ statusCode: 200, data: { ok: true, data: { openid: PERSONA.openid } } }));
    const res = await api.callFunction('system', 'whoami');
    expect(api.apiMode()).toBe('local');
    expect(res).toEqual({ ok: true, data: { openid: 'o-dev-officer' } });
    expect(fake.cloud.callFunction).not.toHaveBeenCalled();
    const opts = fake.request.mock.calls[0][0];
    expect(opts).toMatchObject({ url: `${GATEWAY}/functions/system`, method: 'POST', data: { action: 'whoami', data: {} } });
    expect(opts.header['X-Dev-Openid']).toBe('o-dev-officer');
  });

  test('without a stored persona no X-Dev-Openid is sent', async () => {
    gatewayReplies(() => ({ statusCode: 200, data: { ok: true, data: { openid: '' } } }));
    await api.callFunction('system', 'whoami');
    expect(fake.request.mock.calls[0][0].header).not.toHaveProperty('X-Dev-Openid');
  });

  test('the gateway platform failure (502 {errCode, errMsg}) becomes FUNCTION_FAILED', async () => {
    gatewayReplies(() => ({ statusCode: 502, data: { errCode: -504002, errMsg: 'function timed out after 3s' } }));
    const res = await api.callFunction('system', 'ping');
    expect(res).toEqual({
      ok: false,
      error: { code: 'FUNCTION_FAILED', message: '服务暂时不可用，请稍后重试', details: { errCode: -504002, errMsg: 'function timed out after 3s' } },
    });
  });

  test('an envelope sent with a non-200 status is returned as is; anything else says which status', async () => {
    const refused = { ok: false, error: { code: 'LOCAL_ONLY', message: '本地开发网关仅在本地模式下可用' } };
    gatewayReplies(() => ({ statusCode: 403, data: refused }));
    expect(await api.callFunction('system', 'ping')).toEqual(refused);
    gatewayReplies(() => ({ statusCode: 404, data: 'Not Found' }));
    const res = await api.callFunction('system', 'ping');
    expect(!res.ok && res.error).toMatchObject({ code: 'GATEWAY_ERROR', message: '本地开发网关返回异常（HTTP 404）' });
  });

  test('a request the gateway refuses (400: malformed or too deep) shows its Chinese message', async () => {
    gatewayReplies(() => ({ statusCode: 400, data: { errCode: -401002, errMsg: 'body nesting exceeds 64 levels', message: '请求内容的嵌套层级过深（最多64层），请检查提交的数据' } }));
    const res = await api.callFunction('system', 'ping');
    expect(!res.ok && res.error).toMatchObject({ code: 'BAD_REQUEST', message: '请求内容的嵌套层级过深（最多64层），请检查提交的数据' });
  });

  test('the gateway refusing the dev header (403, stack not in local mode) says so', async () => {
    fake.storage.set('shouwang.devPersona', PERSONA);
    gatewayReplies(() => ({ statusCode: 403, data: { errCode: -401001, errMsg: 'X-Dev-Openid is accepted only when the stack runs in local mode' } }));
    const res = await api.callFunction('system', 'whoami');
    expect(!res.ok && res.error).toMatchObject({ code: 'GATEWAY_REFUSED', message: '本地开发网关未以本地模式运行，不接受开发身份' });
  });

  test('an unreachable gateway becomes NETWORK and says to start it', async () => {
    gatewayReplies(() => 'fail');
    const res = await api.callFunction('system', 'ping');
    expect(!res.ok && res.error.code).toBe('NETWORK');
    expect(!res.ok && res.error.message).toBe(`无法连接本地开发网关（${GATEWAY}），请先运行 npm start`);
  });

  test('uploadFile posts the file bytes to /storage/upload with the cloud path', async () => {
    fake.storage.set('shouwang.devPersona', PERSONA);
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    fake.readFile.mockImplementation((o: any) => o.success({ data: bytes }));
    gatewayReplies(() => ({ statusCode: 200, data: { fileID: 'cloud://local/signatures/a b.png' } }));
    const res = await api.uploadFile('signatures/a b.png', 'wxfile://tmp_a.png');
    expect(res).toEqual({ ok: true, data: { fileID: 'cloud://local/signatures/a b.png' } });
    const opts = fake.request.mock.calls[0][0];
    expect(opts.url).toBe(`${GATEWAY}/storage/upload?cloudPath=signatures%2Fa%20b.png`);
    expect(opts.method).toBe('POST');
    expect(opts.data).toBe(bytes);
    expect(opts.header).toMatchObject({ 'content-type': 'application/octet-stream', 'X-Dev-Openid': 'o-dev-officer' });
    expect(fake.cloud.uploadFile).not.toHaveBeenCalled();
  });

  test('an upload the gateway refuses by the storage rules (403 envelope) shows its Chinese message', async () => {
    fake.storage.set('shouwang.devPersona', PERSONA);
    fake.readFile.mockImplementation((o: any) => o.success({ data: new Uint8Array([1]).buffer }));
    const message = '没有权限保存到这个位置：文件只能上传到为您分配的位置，每个位置只能上传一次，已存证的文件不能覆盖。请返回上一页重新进入后再试。';
    gatewayReplies(() => ({ statusCode: 403, data: { ok: false, error: { code: 'STORAGE_EXCEED_AUTHORITY', message }, errCode: -403003, errMsg: 'storage:fail' } }));
    expect(await api.uploadFile('evidence/x.png', 'wxfile://tmp_a.png')).toEqual({ ok: false, error: { code: 'STORAGE_EXCEED_AUTHORITY', message } });
  });

  test('uploadFile reports an unreadable temp file without calling the gateway', async () => {
    fake.readFile.mockImplementation((o: any) => o.fail({ errMsg: 'readFile:fail no such file' }));
    const res = await api.uploadFile('a.png', 'wxfile://gone.png');
    expect(!res.ok && res.error).toMatchObject({ code: 'FILE_UNREADABLE', message: '无法读取所选文件，请重新选择' });
    expect(fake.request).not.toHaveBeenCalled();
  });

  test('getTempFileURL posts the file list to /storage/temp-urls', async () => {
    gatewayReplies((opts) => ({
      statusCode: 200,
      data: { fileList: opts.data.fileList.map((id: string) => ({ fileID: id, tempFileURL: `${GATEWAY}/files/${id}` })) },
    }));
    const res = await api.getTempFileURL(['cloud://local/a.png', 'cloud://local/b.png']);
    expect(fake.request.mock.calls[0][0]).toMatchObject({ url: `${GATEWAY}/storage/temp-urls`, method: 'POST', data: { fileList: ['cloud://local/a.png', 'cloud://local/b.png'] } });
    expect(res.ok && res.data.map((f) => f.fileID)).toEqual(['cloud://local/a.png', 'cloud://local/b.png']);
  });

  test('a release build never uses the gateway, whatever the environment file says', async () => {
    fake.envVersion = 'release';
    fake.cloud.callFunction.mockResolvedValue({ result: { ok: true, data: { pong: true, now: '2025-01-01T00:00:00.000Z' } } });
    expect(api.apiMode()).toBe('cloud');
    await api.callFunction('system', 'ping');
    expect(fake.cloud.callFunction).toHaveBeenCalledTimes(1);
    expect(fake.request).not.toHaveBeenCalled();
  });
});

describe('dev personas', () => {
  interface PersonaModule {
    listDevPersonas(): Promise<Envelope<{ key: string; name: string; openid: string; roles: string[]; description: string }[]>>;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const personas: PersonaModule = require('../../miniprogram/services/dev-persona');

  beforeEach(() => {
    env.mode = 'local';
  });

  test.each([
    ['{ personas: [...] }', (list: unknown[]) => ({ personas: list })],
    ['a bare array', (list: unknown[]) => list],
  ])('GET /personas answered with %s lists valid personas only', async (_shape, wrap) => {
    gatewayReplies(() => ({ statusCode: 200, data: wrap([PERSONA, { key: 'broken', name: '无 openid' }, { name: '家长', openid: 'o-dev-parent' }]) }));
    const res = await personas.listDevPersonas();
    expect(fake.request.mock.calls[0][0]).toMatchObject({ url: `${GATEWAY}/personas`, method: 'GET' });
    expect(res).toEqual({
      ok: true,
      data: [PERSONA, { key: 'o-dev-parent', name: '家长', openid: 'o-dev-parent', roles: [], description: '' }],
    });
  });

  test('anything else is BAD_RESPONSE', async () => {
    gatewayReplies(() => ({ statusCode: 500, data: 'oops' }));
    const res = await personas.listDevPersonas();
    expect(!res.ok && res.error).toEqual({ code: 'BAD_RESPONSE', message: '本地开发网关返回异常（HTTP 500）' });
  });
});
