/**
 * 我的 (pages/mine/index) rendered with miniprogram-simulate and the real TDesign components
 * copied to miniprogram/miniprogram_npm/: what the user sees when the identity loads, when the
 * network fails, and after tapping 重试. (Roles, the role switcher and 工作台:
 * accounts-mine-page.test.ts.)
 */
import { env } from '../../miniprogram/config/env';
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };
const OPENID = 'oVillageOfficer0000000001';
const NO_ROLES = { activeRole: 'public', roles: [], pending: { breakGlassToAcknowledge: 0 } };

/** Answers `wx.cloud.callFunction` per `name.action`; unknown calls fail like a missing function. */
function cloudAnswers(routes: Record<string, () => unknown>): void {
  cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: { action: string } }) => {
    const route = routes[`${name}.${data.action}`];
    if (!route) throw { errCode: -501000, errMsg: `no mock for ${name}.${data.action}` };
    return route();
  });
}

beforeEach(() => {
  env.mode = 'cloud';
  cloud.callFunction.mockReset();
  wx.clearStorageSync();
  (global as any).__app.globalData.roles = [];
});

describe('我的 page', () => {
  test('shows the person and their roles, never the WeChat openid (it means nothing to them)', async () => {
    cloudAnswers({ 'system.whoami': () => ({ result: { ok: true, data: { openid: OPENID } } }), 'accounts.me': () => ({ result: { ok: true, data: { ...NO_ROLES, name: '王芳' } } }) });
    const page = openPage('pages/mine/index');
    await settle();

    expect(cloud.callFunction).toHaveBeenCalledWith({ name: 'accounts', data: { action: 'me', data: {} } });
    expect(cloud.callFunction).not.toHaveBeenCalledWith(expect.objectContaining({ name: 'system' }));
    // The library component really rendered: its internal structure exists inside its shadow root.
    const nameNote = page.querySelector('.person-name >>> .t-cell__note');
    expect(nameNote?.dom?.textContent).toBe('王芳');
    expect(page.querySelector('.identity')).toBeFalsy();

    const text = visibleText(page);
    expect(text).toContain('暂未绑定角色');
    expect(text).not.toContain('oVil');
    expect(text).not.toContain('微信身份');
    expect(text).not.toContain('正在获取身份');
    expect(text).not.toContain('本地开发模式');
  });

  test('a network failure shows the error and a TDesign 重试 button; tapping it loads the identity', async () => {
    let online = false;
    const offline = () => {
      if (!online) throw { errCode: -601002, errMsg: 'cloud.callFunction:fail request:fail timeout' };
    };
    cloudAnswers({
      'system.whoami': () => (offline(), { result: { ok: true, data: { openid: OPENID } } }),
      'accounts.me': () => (offline(), { result: { ok: true, data: NO_ROLES } }),
    });
    const page = openPage('pages/mine/index');
    await settle();

    expect(visibleText(page)).toContain('没能获取您的身份');
    expect(visibleText(page)).toContain('网络异常，请稍后重试');
    const retry = page.querySelector('.retry >>> .t-button');
    expect(retry).toBeTruthy(); // TDesign's button, not an unknown <t-button> tag
    expect(retry?.dom?.textContent?.trim()).toBe('重试');

    online = true;
    retry!.dispatchEvent('tap');
    await settle();

    const meCalls = cloud.callFunction.mock.calls.filter(([c]) => c.name === 'accounts' && c.data.action === 'me');
    expect(meCalls).toHaveLength(2); // accounts.me, twice (besides the 消息 count)
    const text = visibleText(page);
    expect(text).not.toContain('网络异常');
    expect(text).not.toContain('重试');
    expect(text).toContain('暂未绑定角色');
  });

  test('an error envelope from the function is shown as its Chinese message', async () => {
    cloudAnswers({
      'system.whoami': () => ({ result: { ok: true, data: { openid: OPENID } } }),
      'accounts.me': () => ({ result: { ok: false, error: { code: 'FORBIDDEN', message: '没有权限执行此操作' } } }),
    });
    const page = openPage('pages/mine/index');
    await settle();
    expect(visibleText(page)).toContain('没有权限执行此操作');
    expect(page.querySelector('.identity')).toBeFalsy();
  });

  test('shows the spinner while the identity is loading', async () => {
    let answer: (v: unknown) => void = () => undefined;
    cloudAnswers({ 'accounts.me': () => new Promise((resolve) => (answer = resolve)) });
    const page = openPage('pages/mine/index');
    await settle();
    expect(page.querySelector('.status >>> .t-loading')).toBeTruthy();
    expect(visibleText(page)).toContain('正在获取身份…');
    answer({ result: { ok: true, data: NO_ROLES } });
    await settle();
    expect(visibleText(page)).not.toContain('正在获取身份');
  });

  test('in local mode it shows the acting dev persona and opens the persona picker', async () => {
    env.mode = 'local';
    wx.setStorageSync('shouwang.devPersona', { key: 'officer', name: '村专干王芳', openid: OPENID, roles: [], description: '' });
    const request = jest.fn((opts: any) =>
      opts.success({ statusCode: 200, data: { ok: true, data: opts.url.endsWith('/accounts') ? NO_ROLES : { openid: OPENID } }, header: {} }),
    );
    const navigateTo = jest.fn();
    Object.assign(wx, { request, navigateTo });

    const page = openPage('pages/mine/index');
    await settle();

    expect(cloud.callFunction).not.toHaveBeenCalled();
    expect(request.mock.calls.find((c) => c[0].url.endsWith('/system'))![0]).toMatchObject({
      url: 'http://127.0.0.1:39200/functions/system',
      method: 'POST',
      data: { action: 'whoami', data: {} },
      header: { 'X-Dev-Openid': OPENID },
    });
    const text = visibleText(page);
    expect(text).toContain('本地开发模式');
    expect(text).toContain('村专干王芳');
    expect(text).toContain('oVil…0001');

    page.querySelector('.persona-entry >>> .t-cell')!.dispatchEvent('tap');
    await settle();
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packageDev/pages/personas/index' });
  });

  test('coming back from the picker with another persona reloads the identity as that persona', async () => {
    env.mode = 'local';
    const officer = { key: 'officer', name: '村专干王芳', openid: OPENID, roles: [], description: '' };
    const parent = { key: 'parent', name: '家长李强', openid: 'oParentLiQiang00000000042', roles: [], description: '' };
    wx.setStorageSync('shouwang.devPersona', officer);
    const request = jest.fn((opts: any) =>
      opts.success({
        statusCode: 200,
        data: { ok: true, data: opts.url.endsWith('/accounts') ? NO_ROLES : { openid: opts.header['X-Dev-Openid'] } },
        header: {},
      }),
    );
    wx.request = request;
    const page = openPage('pages/mine/index');
    await settle();
    expect(visibleText(page)).toContain('村专干王芳');

    page.instance.onShow(); // same persona: nothing to reload
    await settle();
    expect(request).toHaveBeenCalledTimes(2); // whoami + me

    wx.setStorageSync('shouwang.devPersona', parent);
    page.instance.onShow();
    await settle();
    expect(request).toHaveBeenCalledTimes(4);
    expect(request.mock.calls.slice(2).map((c) => c[0].header['X-Dev-Openid'])).toEqual([parent.openid, parent.openid]);
    const text = visibleText(page);
    expect(text).toContain('家长李强');
    expect(text).toContain('oPar…0042');
    expect(text).not.toContain('村专干王芳');
  });
});

describe('长辈版 in 我的', () => {
  test('a parent who has not chosen is offered 长辈版; the switch turns it on for every page and says so', async () => {
    wx.showToast = jest.fn();
    const PARENT = { activeRole: 'parent', roles: [{ bindingId: 'b1', role: 'parent', roleLabel: '家长', scope: { kind: 'children', childIds: ['c1'] }, scopeNames: [] }], pending: { breakGlassToAcknowledge: 0 } };
    cloudAnswers({ 'accounts.me': () => ({ result: { ok: true, data: PARENT } }) });
    const page = openPage('pages/mine/index');
    await settle();
    expect(visibleText(page)).toContain('换成长辈版');
    expect(page.data.sw).toMatchObject({ elder: false });

    page.querySelector('.elder-switch >>> .t-switch__body')!.dispatchEvent('tap');
    await settle();
    expect(wx.getStorageSync('shouwang.elderMode')).toBe('on');
    expect(page.data.sw).toMatchObject({ elder: true });
    expect(visibleText(page)).not.toContain('换成长辈版'); // chosen: no more offer
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已换成长辈版' }));
  });

  test('staff are not offered 长辈版 but can still switch it on', async () => {
    cloudAnswers({ 'accounts.me': () => ({ result: { ok: true, data: { activeRole: 'villageOfficer', roles: [{ bindingId: 'b', role: 'villageOfficer', roleLabel: '村留守儿童保护专干', scope: { kind: 'region', codes: ['1'] }, scopeNames: ['团结村'] }], pending: { breakGlassToAcknowledge: 0 } } } }) });
    const page = openPage('pages/mine/index');
    await settle();
    expect(visibleText(page)).not.toContain('换成长辈版');
    expect(visibleText(page)).toContain('长辈版');
  });
});

describe('我的 for a county admin: urgent items that reached nobody', () => {
  const ADMIN = {
    activeRole: 'countyAdmin',
    name: '周主任',
    roles: [{ bindingId: 'b-admin', role: 'countyAdmin', roleLabel: '县民政局管理员', scope: { kind: 'region', codes: ['341721'] }, scopeNames: ['东至县'] }],
    pending: { breakGlassToAcknowledge: 0 },
  };
  const ITEM = { kind: 'report', kindLabel: '强制报告', summary: '失踪：尧渡镇东华村', recordedAt: '2025-03-10 10:05', page: '/packageCare/pages/report/index?reportId=r9' };

  test('lists them in red with what to do, and each opens its page', async () => {
    cloudAnswers({
      'accounts.me': () => ({ result: { ok: true, data: ADMIN } }),
      'accounts.unreachedUrgent': () => ({ result: { ok: true, data: { items: [ITEM] } } }),
      'inbox.unreadCount': () => ({ result: { ok: true, data: { unread: 0 } } }),
    });
    wx.navigateTo = jest.fn();
    const page = openPage('pages/mine/index');
    await settle(10);
    const text = visibleText(page);
    expect(text).toContain('1件紧急事项无人接收');
    expect(text).toContain('强制报告：失踪：尧渡镇东华村');
    expect(text).toContain('邀请负责人');
    page.querySelector('.unreached-item >>> .t-cell')!.dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: ITEM.page });
  });

  test('nothing shows when every urgent item reached someone, and other roles never ask', async () => {
    cloudAnswers({
      'accounts.me': () => ({ result: { ok: true, data: ADMIN } }),
      'accounts.unreachedUrgent': () => ({ result: { ok: true, data: { items: [] } } }),
      'inbox.unreadCount': () => ({ result: { ok: true, data: { unread: 0 } } }),
    });
    let page = openPage('pages/mine/index');
    await settle(10);
    expect(visibleText(page)).not.toContain('无人接收');

    cloud.callFunction.mockReset();
    cloudAnswers({ 'accounts.me': () => ({ result: { ok: true, data: { ...NO_ROLES, name: '王芳' } } }), 'inbox.unreadCount': () => ({ result: { ok: true, data: { unread: 0 } } }) });
    page = openPage('pages/mine/index');
    await settle(10);
    expect(cloud.callFunction).not.toHaveBeenCalledWith(expect.objectContaining({ data: expect.objectContaining({ action: 'unreachedUrgent' }) }));
  });
});
