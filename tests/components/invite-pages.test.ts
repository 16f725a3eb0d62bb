/**
 * 邀请 (packageAccount/pages/invite) and 人员与邀请 (packageAccount/pages/staff): the invite form
 * offers the roles and places the server gives (villages township first), the card shows the
 * mini-program code, the code and how it is read out, and shares the accept page; the staff page
 * lists open invitations and bound people, and revoking asks first (a reason for a binding).
 */
import { openPage, settle, visibleText, type SimNode } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };
const ok = (data: unknown) => ({ ok: true, data });

let calls: { action: string; data: any }[];
function backend(handlers: Record<string, (data: any) => unknown>): void {
  calls = [];
  cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: { action: string; data: any } }) => {
    const key = `${name}.${data.action}`;
    calls.push({ action: key, data: data.data });
    const h = handlers[key];
    if (!h) throw { errCode: -501000, errMsg: `no mock for ${key}` };
    return { result: h(data.data) };
  });
}
const callsOf = (action: string) => calls.filter((c) => c.action === action).map((c) => c.data);

const village = (code: string, label: string, group: string) => ({ key: code, label, group, scope: { kind: 'region', codes: [code] } });
const STAFF_OPTIONS = {
  roles: [
    {
      role: 'villageOfficer',
      roleLabel: '村留守儿童保护专干',
      multiple: false,
      choices: [village('341721100001', '团结社区', '尧渡镇'), village('341721100002', '东风村', '尧渡镇'), village('341721101001', '新桥村', '东流镇')],
      supervisorOption: false,
    },
    { role: 'townshipStaff', roleLabel: '乡镇工作人员', multiple: false, choices: [{ key: '341721100', label: '尧渡镇', scope: { kind: 'region', codes: ['341721100'] } }], supervisorOption: true },
  ],
};
const CARD = {
  invitationId: 'inv_1',
  code: 'K7M3-Q8R2TX',
  qrText: 'K7M3-Q8R2TX',
  qrImage: 'data:image/png;base64,QR',
  role: 'villageOfficer',
  expiresAt: '2026-03-09T02:00:00.000Z',
  card: {
    roleLabel: '村留守儿童保护专干',
    scopeText: '团结社区',
    inviteeName: '王芳',
    expiresAt: '2026-03-09T02:00:00.000Z',
    sharePath: 'packageAccount/pages/accept/index?code=K7M3-Q8R2TX',
    miniCode: 'data:image/png;base64,MINICODE',
  },
};

const tapButton = (page: SimNode, cls: string, i = 0) => page.querySelectorAll(`.${cls} >>> .t-button`)[i].dispatchEvent('tap');
const pickRadio = (page: SimNode, group: string, i: number) => page.querySelectorAll(`.${group} >>> .t-radio`)[i].dispatchEvent('tap');

beforeEach(() => {
  cloud.callFunction.mockReset();
  wx.clearStorageSync();
  wx.navigateTo = jest.fn();
  wx.redirectTo = jest.fn();
  wx.setNavigationBarTitle = jest.fn();
  wx.setClipboardData = jest.fn();
  wx.showModal = jest.fn();
  wx.stopPullDownRefresh = jest.fn();
});

describe('邀请工作人员', () => {
  test('roles and places come from the server; villages are picked township first; the card shows after 生成邀请', async () => {
    backend({ 'accounts.inviteOptions': () => ok(STAFF_OPTIONS), 'accounts.createInvitation': () => ok(CARD) });
    const page = openPage('packageAccount/pages/invite/index');
    await settle();
    expect(visibleText(page)).toContain('村留守儿童保护专干');
    expect(visibleText(page)).toContain('乡镇工作人员');

    pickRadio(page, 'roles', 0);
    await settle();
    expect(visibleText(page)).toContain('先选乡镇');
    expect(page.querySelectorAll('.towns >>> .t-radio').map((r) => r.dom.textContent.trim())).toEqual(['尧渡镇', '东流镇']);
    // Nothing chosen yet: the form says what is missing, and nothing is sent.
    tapButton(page, 'submit');
    await settle();
    expect(visibleText(page)).toContain('请先选择乡镇，再选择村（社区）');
    expect(callsOf('accounts.createInvitation')).toEqual([]);

    pickRadio(page, 'towns', 0);
    await settle();
    expect(page.querySelectorAll('.choices >>> .t-radio').map((r) => r.dom.textContent.trim())).toEqual(['团结社区', '东风村']);
    pickRadio(page, 'choices', 0);
    page.instance.onName({ detail: { value: '王芳' } });
    page.instance.onPhone({ detail: { value: '13812345678' } });
    await settle();
    tapButton(page, 'submit');
    await settle();

    const sent = callsOf('accounts.createInvitation');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ role: 'villageOfficer', scope: { kind: 'region', codes: ['341721100001'] }, inviteeName: '王芳', inviteePhone: '13812345678', ttlDays: 7 });
    expect(sent[0].requestId).toMatch(/^inv-/);

    const text = visibleText(page);
    expect(text).toContain('邀请 王芳 成为村留守儿童保护专干');
    expect(text).toContain('K7M3-Q8R2TX');
    expect(text).toContain('电话里读作：K、七、M、三，Q、八、R、二、T、X');
    expect(text).toContain('请对方用微信“扫一扫”扫描这个小程序码');
    expect(page.querySelector('.invite-card__code-image')).toBeTruthy();
    expect(page.data.card).toMatchObject({ image: 'data:image/png;base64,MINICODE' });
    // Sharing opens the accept page with the code; the title carries no name.
    expect(page.instance.onShareAppMessage()).toEqual({ title: '邀请您在“守望”小程序中绑定为村留守儿童保护专干', path: '/packageAccount/pages/accept/index?code=K7M3-Q8R2TX' });
    tapButton(page, 'copy');
    await settle();
    expect(wx.setClipboardData).toHaveBeenCalledWith({ data: 'K7M3-Q8R2TX' });
  });

  test('a refusal is shown as the server says it, and a retry keeps the same request id', async () => {
    let n = 0;
    backend({
      'accounts.inviteOptions': () => ok({ roles: [STAFF_OPTIONS.roles[1]] }),
      'accounts.createInvitation': () => (n++ === 0 ? { ok: false, error: { code: 'NETWORK', message: '网络异常，请稍后重试' } } : ok(CARD)),
    });
    const page = openPage('packageAccount/pages/invite/index');
    await settle();
    // One role, one place: both chosen already.
    expect(visibleText(page)).toContain('尧渡镇');
    page.instance.onName({ detail: { value: '李卫东' } });
    tapButton(page, 'submit');
    await settle();
    expect(visibleText(page)).toContain('网络异常，请稍后重试');
    tapButton(page, 'submit');
    await settle();
    const sent = callsOf('accounts.createInvitation');
    expect(sent).toHaveLength(2);
    expect(sent[1].requestId).toBe(sent[0].requestId);
    expect(sent[0].scope).toEqual({ kind: 'region', codes: ['341721100'] });
  });

  test('someone who may not invite is told so', async () => {
    backend({ 'accounts.inviteOptions': () => ok({ roles: [] }) });
    const page = openPage('packageAccount/pages/invite/index');
    await settle();
    expect(visibleText(page)).toContain('您暂时不能邀请');
  });
});

describe('邀请家人 (from the child file)', () => {
  test('the family on file is one tap away', async () => {
    backend({
      'accounts.familyInviteOptions': () =>
        ok({
          child: { childId: 'c1', name: '陈小雨', villageName: '团结社区', suggestions: [{ role: 'parent', relation: '父亲', name: '陈建国' }, { role: 'entrustedGuardian', relation: '祖母', name: '陈桂芳' }] },
          roles: [
            { role: 'parent', roleLabel: '父母', multiple: false, choices: [{ key: 'child', label: '这名儿童', scope: { kind: 'children', childIds: ['c1'] } }], supervisorOption: false },
            { role: 'entrustedGuardian', roleLabel: '受委托监护人', multiple: false, choices: [{ key: 'child', label: '这名儿童', scope: { kind: 'children', childIds: ['c1'] } }], supervisorOption: false },
          ],
        }),
      'accounts.createInvitation': () => ok({ ...CARD, card: { ...CARD.card, roleLabel: '受委托监护人', inviteeName: '陈桂芳', miniCode: null, miniCodeNote: '暂时无法生成小程序码，请让对方扫描下方二维码' } }),
    });
    const page = openPage('packageAccount/pages/invite/index', { childId: 'c1' });
    await settle();
    expect(callsOf('accounts.familyInviteOptions')).toEqual([{ childId: 'c1' }]);
    expect(visibleText(page)).toContain('邀请陈小雨（团结社区）的家人');
    page.querySelectorAll('.suggestion >>> .t-cell')[1].dispatchEvent('tap');
    await settle();
    tapButton(page, 'submit');
    await settle();
    expect(callsOf('accounts.createInvitation')[0]).toMatchObject({ role: 'entrustedGuardian', scope: { kind: 'children', childIds: ['c1'] }, inviteeName: '陈桂芳' });
    // No mini-program code: the plain QR code, and why.
    expect(page.data.card).toMatchObject({ image: 'data:image/png;base64,QR' });
    expect(visibleText(page)).toContain('暂时无法生成小程序码');
  });
});

describe('人员与邀请', () => {
  const INVITATIONS = [
    { invitationId: 'inv_open', role: 'villageOfficer', roleLabel: '村留守儿童保护专干', scope: { kind: 'region', codes: ['341721100001'] }, scopeText: '团结社区', inviteeName: '王芳', status: 'open', issuedAt: '2026-03-02T02:00:00.000Z', expiresAt: '2026-03-09T02:00:00.000Z' },
    { invitationId: 'inv_done', role: 'villageOfficer', roleLabel: '村留守儿童保护专干', scope: { kind: 'region', codes: ['341721100002'] }, scopeText: '东风村', inviteeName: '赵强', status: 'accepted', issuedAt: '2026-02-20T02:00:00.000Z', expiresAt: '2026-02-27T02:00:00.000Z' },
  ];
  const BINDINGS = [{ bindingId: 'b1', role: 'villageOfficer', roleLabel: '村留守儿童保护专干', scope: { kind: 'region', codes: ['341721100002'] }, scopeText: '东风村', status: 'active', personId: 'p1', personName: '赵强', grantedAt: '2026-02-21T02:00:00.000Z' }];

  test('lists open invitations, bound people and ended invitations in words', async () => {
    backend({ 'accounts.listInvitations': () => ok({ invitations: INVITATIONS }), 'accounts.listBindings': () => ok({ bindings: BINDINGS }) });
    const page = openPage('packageAccount/pages/staff/index');
    await settle();
    const text = visibleText(page);
    expect(text).toContain('待接受的邀请（1）');
    expect(text).toContain('王芳 · 村留守儿童保护专干');
    expect(text).toContain('待接受');
    expect(text).toContain('已绑定的人员（1）');
    expect(text).toContain('赵强 · 村留守儿童保护专干');
    expect(text).toContain('已结束的邀请');
    expect(text).toContain('已接受');
    tapButton(page, 'show-card');
    await settle();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageAccount/pages/invite/index?invitationId=inv_open' });
  });

  test('revoking a binding needs a reason, then calls revokeBinding', async () => {
    backend({
      'accounts.listInvitations': () => ok({ invitations: INVITATIONS }),
      'accounts.listBindings': () => ok({ bindings: BINDINGS }),
      'accounts.revokeBinding': (d) => ok({ bindingId: d.bindingId, status: 'revoked' }),
    });
    const page = openPage('packageAccount/pages/staff/index');
    await settle();
    tapButton(page, 'revoke-start');
    await settle();
    tapButton(page, 'revoke-confirm');
    await settle();
    expect(visibleText(page)).toContain('请写明撤销原因（至少4个字）');
    expect(callsOf('accounts.revokeBinding')).toEqual([]);
    page.instance.onRevokeReason({ detail: { value: '已调离岗位' } });
    tapButton(page, 'revoke-confirm');
    await settle();
    expect(callsOf('accounts.revokeBinding')).toEqual([{ bindingId: 'b1', reason: '已调离岗位' }]);
    expect(visibleText(page)).toContain('已撤销绑定');
  });

  test('revoking an invitation asks first', async () => {
    backend({
      'accounts.listInvitations': () => ok({ invitations: INVITATIONS }),
      'accounts.listBindings': () => ok({ bindings: [] }),
      'accounts.revokeInvitation': (d) => ok({ invitationId: d.invitationId, status: 'revoked' }),
    });
    wx.showModal = jest.fn((o: { success: (r: { confirm: boolean }) => void }) => o.success({ confirm: true }));
    const page = openPage('packageAccount/pages/staff/index');
    await settle();
    expect(visibleText(page)).toContain('您的范围内还没有人绑定');
    tapButton(page, 'revoke-invitation');
    await settle();
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤销邀请' }));
    expect(callsOf('accounts.revokeInvitation')).toEqual([{ invitationId: 'inv_open' }]);
  });

  test('a failed load says so with 重试', async () => {
    backend({ 'accounts.listInvitations': () => ({ ok: false, error: { code: 'FORBIDDEN', message: '没有权限执行此操作' } }), 'accounts.listBindings': () => ok({ bindings: [] }) });
    const page = openPage('packageAccount/pages/staff/index');
    await settle();
    expect(visibleText(page)).toContain('没能取到人员和邀请');
    expect(visibleText(page)).toContain('没有权限执行此操作');
    expect(page.querySelector('.load-error >>> .state__button >>> .t-button')).toBeTruthy();
  });
});

describe('接受邀请 from a mini-program code', () => {
  test('the scene WeChat passes fills the code', async () => {
    const page = openPage('packageAccount/pages/accept/index', { scene: encodeURIComponent('K7M3-Q8R2TX') });
    await settle();
    expect(page.data.code).toBe('K7M3-Q8R2TX');
  });
});
