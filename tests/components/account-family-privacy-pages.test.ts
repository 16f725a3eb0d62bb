/**
 * The family's privacy pages (packageAccount): 孩子的信息 (consent status, who viewed, the ID number
 * with a reason, a correction or erasure request and its answer) and 谁查看过 (who, what, when,
 * break-glass with its reason); 监护人同意书 is in account-consent-page.test.ts (its own file: TDesign
 * radios bind to the first radio group a test file rendered). Realistic data, empty states, failures, and the main tap's call.
 */
import { openLoaded, settle, visibleText } from './harness';
import { actAs, failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));

const wx = (global as any).wx;
const CHILD = { id: 'c-9', name: '陈小雨', idNumber: '3417**********2021', revealable: ['idNumber'], needsConsent: true, effectiveStatus: 'active' };

beforeEach(() => {
  wx.navigateTo = jest.fn();
  wx.removeStorageSync('shouwang.elderMode');
});
afterAll(() => actAs());

describe('孩子的信息', () => {
  const ROUTE = 'packageAccount/pages/child-data/index';

  test('shows the consent status, links, the masked ID number, and my earlier requests with their answers', async () => {
    actAs('parent');
    mockBackend({
      'registry.getChild': () => ({ child: CHILD, siblings: [] }),
      'accounts.listCorrections': () => ({
        corrections: [
          { correctionId: 'k1', childId: 'c-9', childName: '陈小雨', kind: 'correct', field: '父亲电话', proposedValue: '13911112222', status: 'done', requestedAt: '2026-02-20T02:00:00.000Z', resolvedAt: '2026-02-21T03:00:00.000Z', resolution: '已按申请更正父亲电话' },
          { correctionId: 'k2', childId: 'c-other', childName: '陈小雪', kind: 'erase', status: 'open', requestedAt: '2026-02-22T02:00:00.000Z' },
        ],
      }),
    });
    const page = await openLoaded(ROUTE, { childId: 'c-9' });
    const text = visibleText(page);
    expect(text).toContain('陈小雨的信息');
    expect(text).toContain('尚未确认');
    expect(text).toContain('3417**********2021');
    expect(text).toContain('查看完整信息');
    // Only this child's requests, with the answer.
    expect(page.querySelectorAll('.request').length).toBe(1);
    expect(visibleText(page.querySelector('.request')!)).toContain('陈小雨 · 申请更正：父亲电话');
    expect(visibleText(page.querySelector('.request')!)).toContain('已办理');
    expect(text).toContain('处理结果：已按申请更正父亲电话');
    page.querySelector('.consent >>> .row')!.dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/packageAccount/pages/consent/index?childId=c-9&name=${encodeURIComponent('陈小雨')}&mode=self` });
  });

  test('a correction request sends what is wrong and what it should be, once', async () => {
    actAs('parent');
    const api = mockBackend({
      'registry.getChild': () => ({ child: CHILD, siblings: [] }),
      'accounts.listCorrections': () => ({ corrections: [] }),
      'accounts.requestCorrection': () => ({ correctionId: 'k3', status: 'open' }),
    });
    const page = await openLoaded(ROUTE, { childId: 'c-9' });
    expect(visibleText(page)).toContain('还没有提交过申请');
    // Nothing named: told which box, no call.
    page.querySelector('.submit >>> .t-button')!.dispatchEvent('tap');
    await settle();
    expect(api.calls('accounts.requestCorrection')).toEqual([]);
    expect(visibleText(page)).toContain('哪一项：请写明哪一项信息不对');
    page.instance.onInput({ currentTarget: { dataset: { key: 'field' } }, detail: { value: '母亲务工地点' } });
    page.instance.onInput({ currentTarget: { dataset: { key: 'proposedValue' } }, detail: { value: '江苏省苏州市' } });
    page.querySelector('.submit >>> .t-button')!.dispatchEvent('tap');
    await settle();
    await settle();
    expect(api.calls('accounts.requestCorrection')).toEqual([{ childId: 'c-9', kind: 'correct', requestId: expect.stringMatching(/^.{8,64}$/), field: '母亲务工地点', proposedValue: '江苏省苏州市' }]);
    expect(visibleText(page)).toContain('更正申请已提交，村专干核实后办理');
  });

  test('without a child: the only child opens at once; none bound says how to bind', async () => {
    actAs('entrustedGuardian');
    const api = mockBackend({
      'accounts.me': () => ({ personId: 'p1', roles: [{ role: 'entrustedGuardian', scope: { kind: 'children', childIds: ['c-9'] } }], activeRole: 'entrustedGuardian', pending: { breakGlassToAcknowledge: 0 } }),
      'registry.getChild': () => ({ child: { ...CHILD, revealable: [] }, siblings: [] }),
      'accounts.listCorrections': () => ({ corrections: [] }),
    });
    let page = await openLoaded(ROUTE);
    expect(api.calls('registry.getChild')).toEqual([{ childId: 'c-9' }]);
    expect(visibleText(page)).toContain('陈小雨的信息');
    expect(visibleText(page)).not.toContain('查看完整信息');

    api.route('accounts.me', () => ({ personId: 'p1', roles: [], activeRole: 'public', pending: { breakGlassToAcknowledge: 0 } }));
    page = await openLoaded(ROUTE);
    expect(visibleText(page)).toContain('您还没有绑定孩子');
  });

  test('a failure to open says why and offers 重试', async () => {
    actAs('parent');
    const api = mockBackend({ 'registry.getChild': () => failure('FORBIDDEN', '您没有权限查看该儿童档案'), 'accounts.listCorrections': () => ({ corrections: [] }) });
    const page = await openLoaded(ROUTE, { childId: 'c-9' });
    expect(visibleText(page)).toContain('没能打开孩子的信息');
    expect(visibleText(page)).toContain('您没有权限查看该儿童档案');
    api.route('registry.getChild', () => ({ child: CHILD, siblings: [] }));
    page.querySelector('.load-error >>> .t-button')!.dispatchEvent('tap');
    await settle();
    await settle();
    expect(visibleText(page)).toContain('陈小雨的信息');
  });
});

describe('谁查看过', () => {
  const ROUTE = 'packageAccount/pages/viewers/index';

  test('who, what and when in words; break-glass marked with its reason', async () => {
    actAs('parent');
    const api = mockBackend({
      'accounts.whoViewedChild': () => ({
        entries: [
          { at: '2026-03-02T06:20:00.000Z', op: 'breakGlass', action: 'accounts.openBreakGlass', role: 'townshipStaff', roleLabel: '乡镇工作人员', name: '周明', breakGlass: true, reason: '群众来电反映孩子独自在家' },
          { at: '2026-03-01T01:05:00.000Z', op: 'read', action: 'registry.getChild', role: 'villageOfficer', roleLabel: '村留守儿童保护专干', name: '刘芳', breakGlass: false },
          { at: '2026-02-28T16:30:00.000Z', op: 'write', action: 'registry.ageOut', role: 'system', roleLabel: '系统', breakGlass: false },
        ],
      }),
    });
    const page = await openLoaded(ROUTE, { childId: 'c-9', name: encodeURIComponent('陈小雨') });
    expect(api.calls('accounts.whoViewedChild')).toEqual([{ childId: 'c-9', limit: 100 }]);
    const rows = page.querySelectorAll('.entry').map(visibleText);
    expect(rows[0]).toContain('周明（乡镇工作人员）破窗访问了档案');
    expect(rows[0]).toContain('3月2日 14:20');
    expect(rows[0]).toContain('理由：群众来电反映孩子独自在家');
    expect(rows[0]).toContain('破窗访问');
    expect(rows[1]).toContain('刘芳（村留守儿童保护专干）查看了档案');
    expect(rows[2]).toContain('系统修改了档案');
    expect(visibleText(page)).not.toMatch(/registry\.|accounts\.|townshipStaff/);
  });

  test('nobody yet; a failure', async () => {
    actAs('parent');
    const api = mockBackend({ 'accounts.whoViewedChild': () => ({ entries: [] }) });
    let page = await openLoaded(ROUTE, { childId: 'c-9' });
    expect(visibleText(page)).toContain('还没有人查看过');
    api.fail('accounts.whoViewedChild', { code: 'FORBIDDEN', message: '您没有权限查看该儿童档案' });
    page = await openLoaded(ROUTE, { childId: 'c-9' });
    expect(visibleText(page)).toContain('没能查到查看记录');
    expect(visibleText(page)).toContain('您没有权限查看该儿童档案');
  });
});
