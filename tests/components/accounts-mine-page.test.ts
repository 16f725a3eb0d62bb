/**
 * 我的 (pages/mine/index), the accounts part: the person's roles and where each applies
 * (`accounts.me`), switching the active role (`accounts.switchRole`), the entry to accept an
 * invitation, and 工作台 for staff only; `globalData.roles` follows, so the tab bar knows.
 */
import { env } from '../../miniprogram/config/env';
import { openPage, settle, visibleText, type SimNode } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };
const OPENID = 'oTownshipStaff00000000007';

const TOWNSHIP = {
  bindingId: 'b-town',
  role: 'townshipStaff',
  roleLabel: '乡镇工作人员',
  scope: { kind: 'region', codes: ['341721100'] },
  scopeNames: ['尧渡镇'],
  supervisor: true,
};
const PARENT = {
  bindingId: 'b-parent',
  role: 'parent',
  roleLabel: '父母',
  scope: { kind: 'children', childIds: ['c1', 'c2'] },
  scopeNames: [],
};

let switchCalls: string[];
function backend(me: Record<string, unknown>, switchResult?: (role: string) => unknown): void {
  switchCalls = [];
  cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: { action: string; data: any } }) => {
    const key = `${name}.${data.action}`;
    if (key === 'system.whoami') return { result: { ok: true, data: { openid: OPENID } } };
    if (key === 'accounts.me') return { result: { ok: true, data: { pending: { breakGlassToAcknowledge: 0 }, ...me } } };
    if (key === 'accounts.switchRole' && switchResult) {
      switchCalls.push(data.data.role);
      return { result: switchResult(data.data.role) };
    }
    throw { errCode: -501000, errMsg: `no mock for ${key}` };
  });
}

const roleTitles = (page: SimNode) => page.querySelectorAll('.role >>> .t-cell__title-text').map((n) => n.dom.textContent);
const roleNotes = (page: SimNode) => page.querySelectorAll('.role >>> .t-cell__note').map((n) => n.dom.textContent.trim());

beforeEach(() => {
  env.mode = 'cloud';
  cloud.callFunction.mockReset();
  wx.clearStorageSync();
  wx.navigateTo = jest.fn();
  wx.showToast = jest.fn();
  (global as any).__app.globalData.roles = [];
});

describe('我的: roles', () => {
  test('lists each role with where it applies, marks the current one, and fills globalData.roles', async () => {
    backend({ name: '李卫东', activeRole: 'townshipStaff', roles: [TOWNSHIP, PARENT] });
    const page = openPage('pages/mine/index');
    await settle();

    expect(roleTitles(page)).toEqual(['乡镇工作人员（负责人）', '父母']);
    const text = visibleText(page);
    expect(text).toContain('尧渡镇');
    expect(text).toContain('2名儿童');
    expect(text).toContain('李卫东');
    expect(text).toContain('点击切换当前角色');
    expect(roleNotes(page)).toEqual(['当前角色', '切换']);
    expect(text).not.toContain('暂未绑定角色');
    expect((global as any).__app.globalData.roles).toEqual(['townshipStaff', 'parent']);
  });

  test('tapping another role switches to it', async () => {
    backend({ activeRole: 'townshipStaff', roles: [TOWNSHIP, PARENT] }, (role) => ({ ok: true, data: { activeRole: role } }));
    const page = openPage('pages/mine/index');
    await settle();

    page.querySelectorAll('.role >>> .t-cell')[1].dispatchEvent('tap');
    await settle();

    expect(switchCalls).toEqual(['parent']);
    expect(roleNotes(page)).toEqual(['切换', '当前角色']);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已切换角色', icon: 'success' });

    // Tapping the current role does nothing.
    page.querySelectorAll('.role >>> .t-cell')[1].dispatchEvent('tap');
    await settle();
    expect(switchCalls).toEqual(['parent']);
  });

  test('a refused switch shows why and keeps the current role', async () => {
    backend({ activeRole: 'townshipStaff', roles: [TOWNSHIP, PARENT] }, () => ({ ok: false, error: { code: 'FORBIDDEN', message: '您没有该角色' } }));
    const page = openPage('pages/mine/index');
    await settle();
    page.querySelectorAll('.role >>> .t-cell')[1].dispatchEvent('tap');
    await settle();
    expect(visibleText(page)).toContain('您没有该角色');
    expect(roleNotes(page)).toEqual(['当前角色', '切换']);
  });

  test('with one role there is no switcher', async () => {
    backend({ activeRole: 'parent', roles: [PARENT] }, () => ({ ok: true, data: { activeRole: 'parent' } }));
    const page = openPage('pages/mine/index');
    await settle();
    expect(visibleText(page)).not.toContain('点击切换');
    expect(roleNotes(page)).toEqual(['当前角色']);
    page.querySelectorAll('.role >>> .t-cell')[0].dispatchEvent('tap');
    await settle();
    expect(switchCalls).toEqual([]);
  });
});

describe('我的: invitations and 工作台', () => {
  test('someone with no role sees how to get one and opens the accept page', async () => {
    backend({ activeRole: 'public', roles: [] });
    const page = openPage('pages/mine/index');
    await settle();
    const text = visibleText(page);
    expect(text).toContain('暂未绑定角色');
    expect(text).toContain('输入邀请码');
    expect(text).not.toContain('工作台');

    page.querySelector('.accept-entry >>> .t-cell')!.dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageAccount/pages/accept/index' });
  });

  test('parents and guardians get no 工作台 but a way to their children; staff get 工作台', async () => {
    backend({ activeRole: 'parent', roles: [PARENT, { ...PARENT, bindingId: 'b-g', role: 'entrustedGuardian', roleLabel: '受委托监护人' }] });
    const family = openPage('pages/mine/index');
    await settle();
    expect(visibleText(family)).not.toContain('工作台');
    expect(visibleText(family)).toContain('家庭服务');
    expect(visibleText(family)).toContain('我的孩子（亲情连线）');

    backend({ activeRole: 'townshipStaff', roles: [TOWNSHIP] });
    const staff = openPage('pages/mine/index');
    await settle();
    expect(visibleText(staff)).toContain('工作台');
  });

  test('coming back after accepting an invitation reloads the roles', async () => {
    backend({ activeRole: 'public', roles: [] });
    const page = openPage('pages/mine/index');
    await settle();
    expect(visibleText(page)).toContain('暂未绑定角色');

    // The accept page added the new role to globalData; the back end now reports it.
    backend({ activeRole: 'parent', roles: [PARENT] });
    (global as any).__app.globalData.roles = ['parent'];
    page.instance.onShow();
    await settle();
    expect(roleTitles(page)).toEqual(['父母']);
    expect(visibleText(page)).not.toContain('暂未绑定角色');
  });
});
