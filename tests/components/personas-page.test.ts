/**
 * The local-mode persona picker (packageDev/pages/personas/index): lists the dev gateway's
 * personas, stores the one tapped, and later calls act as it.
 */
import { env } from '../../miniprogram/config/env';
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'local', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;

const PERSONAS = [
  { key: 'public', name: '公众访客', openid: 'o-dev-public', roles: [], description: '未绑定任何角色' },
  { key: 'officer', name: '村专干王芳', openid: 'o-dev-officer', roles: ['villageOfficer'], description: '某村留守儿童保护专干' },
];

function gateway(routes: Record<string, () => { statusCode: number; data: unknown }>): jest.Mock {
  const request = jest.fn((opts: any) => {
    const route = `${opts.method} ${opts.url.replace('http://127.0.0.1:39200', '')}`;
    const reply = routes[route];
    setTimeout(() => (reply ? opts.success({ ...reply(), header: {} }) : opts.fail({ errMsg: 'request:fail' })), 0);
  });
  wx.request = request;
  return request;
}

beforeEach(() => {
  env.mode = 'local';
  wx.clearStorageSync();
  wx.navigateBack = jest.fn();
  wx.showToast = jest.fn();
  (global as any).getCurrentPages = jest.fn(() => [{ route: 'pages/mine/index' }, { route: 'packageDev/pages/personas/index' }]);
});

describe('persona picker', () => {
  test('lists personas; tapping one stores it, marks it current and goes back', async () => {
    gateway({ 'GET /personas': () => ({ statusCode: 200, data: { personas: PERSONAS } }) });
    const page = openPage('packageDev/pages/personas/index');
    await settle();

    expect(visibleText(page)).toContain('当前身份：未选择');
    const names = page.querySelectorAll('.persona >>> .t-cell__title-text').map((n) => n.dom.textContent);
    expect(names).toEqual(['公众访客', '村专干王芳']);
    expect(visibleText(page)).toContain('某村留守儿童保护专干 · 角色：villageOfficer');

    page.querySelectorAll('.persona >>> .t-cell')[1].dispatchEvent('tap');
    await settle();

    expect(wx.getStorageSync('shouwang.devPersona')).toMatchObject({ key: 'officer', openid: 'o-dev-officer' });
    expect(visibleText(page)).toContain('当前身份：村专干王芳');
    const notes = page.querySelectorAll('.persona >>> .t-cell__note').map((n) => n.dom.textContent.trim());
    expect(notes).toEqual(['', '当前']);
    expect(wx.navigateBack).toHaveBeenCalledWith({ delta: 1 });
  });

  test('the gateway being down shows how to start it, and 重试 reloads', async () => {
    const request = gateway({});
    const page = openPage('packageDev/pages/personas/index');
    await settle();
    expect(visibleText(page)).toContain('无法连接本地开发网关（http://127.0.0.1:39200），请先运行 npm start');

    gateway({ 'GET /personas': () => ({ statusCode: 200, data: { personas: PERSONAS } }) });
    page.querySelector('.retry >>> .t-button')!.dispatchEvent('tap');
    await settle();
    expect(request).toHaveBeenCalledTimes(1);
    expect(visibleText(page)).not.toContain('无法连接');
    expect(page.querySelectorAll('.persona >>> .t-cell')).toHaveLength(2);
  });

  test('清除开发身份 forgets the stored persona', async () => {
    wx.setStorageSync('shouwang.devPersona', PERSONAS[1]);
    gateway({ 'GET /personas': () => ({ statusCode: 200, data: { personas: PERSONAS } }) });
    const page = openPage('packageDev/pages/personas/index');
    await settle();
    expect(visibleText(page)).toContain('当前身份：村专干王芳');

    page.querySelector('.clear >>> .t-button')!.dispatchEvent('tap');
    await settle();
    expect(wx.getStorageSync('shouwang.devPersona')).toBe('');
    expect(visibleText(page)).toContain('当前身份：未选择');
    expect(visibleText(page)).not.toContain('清除开发身份');
  });

  test('in cloud mode the page only says it is unavailable and calls nothing', async () => {
    env.mode = 'cloud';
    const request = gateway({ 'GET /personas': () => ({ statusCode: 200, data: { personas: PERSONAS } }) });
    const page = openPage('packageDev/pages/personas/index');
    await settle();
    expect(visibleText(page)).toBe('仅本地开发模式可用');
    expect(request).not.toHaveBeenCalled();
  });
});
