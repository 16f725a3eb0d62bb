/**
 * The officers' privacy pages (packageAccount): 更正与删除申请 (open first; resolve with a written
 * result), 删除个人信息 (county admin: reason, typed 确认删除 and a last dialog before the call),
 * 审计记录 (filters by what, when, break-glass, one person) and 破窗访问记录 (who opened whose file and
 * why; acknowledge, or end at once; the person's phone with a reason). Realistic data, empty states,
 * failures, and each main tap's call.
 */
import { openLoaded, settle, visibleText, type SimNode } from './harness';
import { actAs, failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));

const wx = (global as any).wx;

const tap = async (page: SimNode, selector: string, i = 0) => {
  page.querySelectorAll(`${selector} >>> .t-button`)[i]!.dispatchEvent('tap');
  await settle();
  await settle();
  await settle();
};

beforeEach(() => {
  wx.navigateTo = jest.fn();
});
afterAll(() => actAs());

describe('更正与删除申请', () => {
  const ROUTE = 'packageAccount/pages/corrections/index';
  const REQUESTS = [
    { correctionId: 'k1', childId: 'c-9', childName: '陈小雨', kind: 'correct', field: '父亲电话', proposedValue: '13911112222', note: '换了新号码', status: 'open', requestedAt: '2026-03-01T02:00:00.000Z' },
    { correctionId: 'k2', childId: 'c-7', childName: '王浩然', kind: 'correct', field: '学校', status: 'done', requestedAt: '2026-02-10T02:00:00.000Z', resolvedAt: '2026-02-11T02:00:00.000Z', resolution: '已更正' },
    { correctionId: 'k3', childId: 'c-5', childName: '李欣怡', kind: 'erase', note: '已随父母迁往外省', status: 'open', requestedAt: '2026-03-02T02:00:00.000Z' },
  ];

  test('open requests first with what is asked; the officer corrects the file and closes it with the result', async () => {
    actAs('villageOfficer');
    let list = REQUESTS;
    const api = mockBackend({
      'accounts.listCorrections': () => ({ corrections: list }),
      'accounts.resolveCorrection': (i) => {
        list = list.map((c) => (c.correctionId === i.correctionId ? { ...c, status: i.decision, resolution: i.resolution } : c));
        return { correctionId: i.correctionId, status: i.decision };
      },
    });
    const page = await openLoaded(ROUTE);
    expect(visibleText(page)).toContain('待处理 2 件');
    const rows = page.querySelectorAll('.request').map(visibleText);
    expect(rows[0]).toContain('李欣怡 · 申请删除个人信息');
    expect(rows[1]).toContain('陈小雨 · 申请更正：父亲电话');
    expect(rows[2]).toContain('已办理');

    page.querySelectorAll('.request')[1].querySelector('.row')!.dispatchEvent('tap');
    await settle();
    expect(visibleText(page)).toContain('应为：13911112222');
    expect(visibleText(page)).toContain('说明：换了新号码');
    await tap(page, '.edit-file');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageRegistry/pages/edit/index?id=c-9' });
    // No result written: nothing sent.
    await tap(page, '.done');
    expect(api.calls('accounts.resolveCorrection')).toEqual([]);
    expect(visibleText(page)).toContain('请写明办理结果');
    page.instance.onResolution({ detail: { value: '已按申请更正父亲电话' } });
    await tap(page, '.done');
    expect(api.calls('accounts.resolveCorrection')).toEqual([{ correctionId: 'k1', decision: 'done', resolution: '已按申请更正父亲电话' }]);
    expect(visibleText(page)).toContain('已办理，申请人会看到处理结果');
    expect(visibleText(page)).toContain('待处理 1 件');
  });

  test('an erasure request sends the county admin to 删除个人信息; a village officer is told who does it', async () => {
    actAs('countyAdmin');
    mockBackend({ 'accounts.listCorrections': () => ({ corrections: REQUESTS }) });
    let page = await openLoaded(ROUTE);
    page.querySelectorAll('.request')[0].querySelector('.row')!.dispatchEvent('tap');
    await settle();
    await tap(page, '.erase-file');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/packageAccount/pages/erase/index?childId=c-5&name=${encodeURIComponent('李欣怡')}` });
    actAs('villageOfficer');
    page = await openLoaded(ROUTE);
    page.querySelectorAll('.request')[0].querySelector('.row')!.dispatchEvent('tap');
    await settle();
    expect(visibleText(page)).toContain('删除个人信息由县民政局管理员办理');
  });

  test('one child only (from the file); none; a failure', async () => {
    actAs('villageOfficer');
    const api = mockBackend({ 'accounts.listCorrections': () => ({ corrections: REQUESTS }) });
    let page = await openLoaded(ROUTE, { childId: 'c-9', name: encodeURIComponent('陈小雨') });
    expect(page.querySelectorAll('.request').length).toBe(1);
    expect(visibleText(page)).toContain('陈小雨的申请');
    api.route('accounts.listCorrections', () => ({ corrections: [] }));
    page = await openLoaded(ROUTE);
    expect(visibleText(page)).toContain('没有更正或删除申请');
    api.fail('accounts.listCorrections', { code: 'NETWORK', message: '网络异常，请稍后重试' });
    page = await openLoaded(ROUTE);
    expect(visibleText(page)).toContain('没能查到申请');
  });
});

describe('删除个人信息', () => {
  const ROUTE = 'packageAccount/pages/erase/index';

  test('needs a reason, the typed words and the last dialog before it erases', async () => {
    actAs('countyAdmin');
    const api = mockBackend({ 'accounts.eraseChildData': (i) => ({ childId: i.childId, erasedAt: '2026-03-02T02:00:00.000Z' }) });
    let answer = false;
    wx.showModal = jest.fn((o: any) => o.success({ confirm: answer, cancel: !answer }));
    const page = await openLoaded(ROUTE, { childId: 'c-5', name: encodeURIComponent('李欣怡') });
    expect(visibleText(page)).toContain('删除李欣怡的个人信息');
    expect(visibleText(page)).toContain('删除后不可恢复');
    await tap(page, '.erase');
    expect(visibleText(page)).toContain('删除原因：请写明原因');
    page.instance.onReason({ detail: { value: '监护人申请删除，已核实' } });
    page.instance.onTyped({ detail: { value: '删除' } });
    await tap(page, '.erase');
    expect(visibleText(page)).toContain('请在确认栏输入“确认删除”四个字');
    page.instance.onTyped({ detail: { value: '确认删除' } });
    await tap(page, '.erase');
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '删除后不可恢复', content: '确定删除李欣怡的个人信息吗？' }));
    expect(api.calls('accounts.eraseChildData')).toEqual([]);
    answer = true;
    await tap(page, '.erase');
    expect(api.calls('accounts.eraseChildData')).toEqual([{ childId: 'c-5', reason: '监护人申请删除，已核实' }]);
    expect(visibleText(page)).toContain('已删除该儿童的个人信息，删除记录已存档');
  });

  test('a refusal is said in Chinese and nothing changes on the page', async () => {
    actAs('villageOfficer');
    mockBackend({ 'accounts.eraseChildData': () => failure('FORBIDDEN', '只有县民政局管理员可以删除个人信息') });
    wx.showModal = jest.fn((o: any) => o.success({ confirm: true }));
    const page = await openLoaded(ROUTE, { childId: 'c-5', name: encodeURIComponent('李欣怡') });
    page.instance.onReason({ detail: { value: '监护人申请删除，已核实' } });
    page.instance.onTyped({ detail: { value: '确认删除' } });
    await tap(page, '.erase');
    expect(visibleText(page)).toContain('只有县民政局管理员可以删除个人信息');
    expect(visibleText(page)).toContain('删除李欣怡的个人信息');
  });
});

describe('审计记录', () => {
  const ROUTE = 'packageAccount/pages/audit/index';
  const ENTRIES = [
    { id: 'a1', _id: 'a1', at: '2026-03-02T06:20:00.000Z', action: 'accounts.revealChildField', op: 'reveal', actor: { personId: 'p-zhou' }, role: 'townshipStaff', target: { kind: 'child', id: 'c-9' }, reason: '核实监护人联系方式', fields: ['father.phone'], breakGlass: 'g1', actorName: '周明', roleLabel: '乡镇工作人员' },
    { id: 'a2', _id: 'a2', at: '2026-03-02T01:00:00.000Z', action: 'registry.exportSummary', op: 'export', actor: { personId: 'p-liu' }, role: 'countyAdmin', regionCode: '341721', count: 1526, actorName: '刘芳', roleLabel: '县民政局管理员' },
    { id: 'a3', _id: 'a3', at: '2026-03-01T16:05:00.000Z', action: 'registry.ageOut', op: 'write', actor: {}, role: 'system', target: { kind: 'child', id: 'c-1' }, roleLabel: '系统' },
  ];

  test('entries in words; filters by what, when and one person', async () => {
    actAs('countyAdmin');
    const api = mockBackend({ 'accounts.queryAuditLog': () => ({ entries: ENTRIES }) });
    const page = await openLoaded(ROUTE);
    const rows = page.querySelectorAll('.entry').map(visibleText);
    expect(rows[0]).toContain('周明（乡镇工作人员） 查看完整号码·儿童档案');
    expect(rows[0]).toContain('理由：核实监护人联系方式');
    expect(rows[0]).toContain('字段：父亲电话');
    expect(rows[0]).toContain('破窗访问');
    expect(rows[1]).toContain('刘芳（县民政局管理员） 导出（1526条）');
    expect(rows[2]).toContain('系统 修改·儿童档案');
    expect(visibleText(page)).not.toMatch(/registry\.|accounts\.|father\.phone|townshipStaff/);
    // Default: the last 7 days, every kind.
    const first = api.calls('accounts.queryAuditLog')[0];
    expect(first).toMatchObject({ skip: 0, limit: 30, breakGlassOnly: false });
    expect(Date.now() - new Date(first.from).getTime()).toBeLessThan(7 * 86_400_000);
    expect(Date.now() - new Date(first.from).getTime()).toBeGreaterThan(6 * 86_400_000);

    await tap(page, '.op--reveal');
    expect(api.calls('accounts.queryAuditLog')[1]).toMatchObject({ op: 'reveal' });
    await tap(page, '.range--0');
    expect(api.calls('accounts.queryAuditLog')[2].from).toBeUndefined();
    await tap(page, '.only-person');
    expect(api.calls('accounts.queryAuditLog')[3]).toMatchObject({ personId: 'p-zhou', op: 'reveal' });
    expect(visibleText(page)).toContain('只看：周明（乡镇工作人员）');
  });

  test('one child from the file; nothing found; a failure', async () => {
    actAs('countyAdmin');
    const api = mockBackend({ 'accounts.queryAuditLog': () => ({ entries: [] }) });
    let page = await openLoaded(ROUTE, { childId: 'c-9', name: encodeURIComponent('陈小雨') });
    expect(api.calls('accounts.queryAuditLog')[0]).toMatchObject({ childId: 'c-9' });
    expect(visibleText(page)).toContain('只看：陈小雨的档案');
    expect(visibleText(page)).toContain('这段时间没有符合条件的记录');
    api.fail('accounts.queryAuditLog', { code: 'FORBIDDEN', message: '只有县民政局管理员可以查询审计日志' });
    page = await openLoaded(ROUTE);
    expect(visibleText(page)).toContain('没能查到审计记录');
    expect(visibleText(page)).toContain('只有县民政局管理员可以查询审计日志');
  });
});

describe('破窗访问记录', () => {
  const ROUTE = 'packageAccount/pages/break-glass/index';
  const GRANTS = [
    { grantId: 'g1', personId: 'p-zhou', personName: '周明', childName: '陈小雨', role: 'townshipStaff', childId: 'c-9', villageCode: '341721101002', reason: '群众来电反映孩子独自在家', openedAt: '2026-03-02T06:00:00.000Z', expiresAt: '2026-03-02T09:00:00.000Z', active: true, acknowledged: false },
    { grantId: 'g0', personId: 'p-wu', personName: '吴强', childName: '王浩然', role: 'countyAdmin', childId: 'c-7', villageCode: '341721100001', reason: '复核走访记录', openedAt: '2026-02-20T06:00:00.000Z', expiresAt: '2026-02-20T09:00:00.000Z', active: false, acknowledged: true },
  ];

  test('the county admin sees who opened whose file and why, acknowledges or ends it, and may call the person', async () => {
    actAs('countyAdmin');
    let grants = GRANTS;
    const api = mockBackend({
      'accounts.listBreakGlass': () => ({ grants }),
      'accounts.acknowledgeBreakGlass': (i) => {
        grants = grants.map((g) => (g.grantId === i.grantId ? { ...g, acknowledged: true, active: !i.endNow } : g));
        return { grantId: i.grantId, acknowledged: true, ended: i.endNow };
      },
      'accounts.revealPersonField': () => ({ field: 'phone', value: '13700001234' }),
    });
    const page = await openLoaded(ROUTE);
    const text = visibleText(page);
    expect(text).toContain('周明（乡镇工作人员）查看了陈小雨的档案');
    expect(text).toContain('理由：群众来电反映孩子独自在家');
    expect(text).toContain('进行中');
    expect(text).toContain('吴强（县民政局管理员）查看了王浩然的档案');
    expect(text).toContain('已确认');

    await tap(page, '.end-now');
    expect(api.calls('accounts.acknowledgeBreakGlass')).toEqual([{ grantId: 'g1', endNow: true }]);
    expect(visibleText(page)).toContain('已确认，并已结束这次访问');
    expect(page.querySelector('.acknowledge')).toBeUndefined();

    // The person's phone: with a reason, through revealPersonField.
    page.querySelectorAll('.grant__phone')[0].querySelector('.reveal__ask-button >>> .t-button')!.dispatchEvent('tap');
    await settle();
    page.querySelectorAll('.grant__phone')[0].instance.onReason({ detail: { value: '了解破窗访问的情况' } });
    page.querySelectorAll('.grant__phone')[0].querySelector('.reveal__confirm >>> .t-button')!.dispatchEvent('tap');
    await settle();
    await settle();
    expect(api.calls('accounts.revealPersonField')).toEqual([{ personId: 'p-zhou', field: 'phone', reason: '了解破窗访问的情况' }]);
    expect(visibleText(page.querySelectorAll('.grant__phone')[0])).toContain('137 0000 1234');
  });

  test('township staff see their own grants and open a running one; none; a failure', async () => {
    actAs('townshipStaff');
    const api = mockBackend({ 'accounts.listBreakGlass': () => ({ grants: [GRANTS[0]] }) });
    let page = await openLoaded(ROUTE);
    expect(visibleText(page)).toContain('我的破窗访问');
    expect(page.querySelector('.acknowledge')).toBeUndefined();
    expect(page.querySelector('.grant__phone')).toBeUndefined();
    await tap(page, '.open-child');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageRegistry/pages/child/index?id=c-9' });
    api.route('accounts.listBreakGlass', () => ({ grants: [] }));
    page = await openLoaded(ROUTE);
    expect(visibleText(page)).toContain('没有破窗访问记录');
    api.fail('accounts.listBreakGlass', { code: 'NETWORK', message: '网络异常，请稍后重试' });
    page = await openLoaded(ROUTE);
    expect(visibleText(page)).toContain('没能查到破窗访问记录');
  });
});
