/**
 * 监护人同意书 (packageAccount/pages/consent): a parent agrees or withdraws in the app; an officer
 * records a paper form naming who signed it; a refusal names the field in Chinese; a failed load
 * offers 重试.
 */
import { openLoaded, settle, visibleText } from './harness';
import { actAs, failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));

const wx = (global as any).wx;
const CHILD = { id: 'c-9', name: '陈小雨', idNumber: '3417**********2021', revealable: ['idNumber'], needsConsent: true, effectiveStatus: 'active' };
const TEXT = { version: '2025-01', text: '《儿童个人信息处理告知及监护人同意书》\n为落实农村留守儿童关爱保护工作，县民政局及乡镇、村（居）委会需要收集和使用您监护的儿童的姓名……\n您可以随时查看、更正这些信息，也可以撤回同意或申请删除。' };

beforeEach(() => {
  wx.navigateTo = jest.fn();
  wx.removeStorageSync('shouwang.elderMode');
});
afterAll(() => actAs());

beforeEach(() => {
  wx.navigateTo = jest.fn();
  wx.removeStorageSync('shouwang.elderMode');
});
afterAll(() => actAs());

describe('监护人同意书', () => {
  const ROUTE = 'packageAccount/pages/consent/index';

  test('a parent reads the text in the page and agrees with one tap; then may withdraw', async () => {
    actAs('parent');
    const api = mockBackend({
      'accounts.consentText': () => TEXT,
      'registry.getChild': () => ({ child: CHILD, siblings: [] }),
      'accounts.recordConsent': (i) => ({ consentId: 'cons1', status: i.decision, at: '2026-03-02T02:00:00.000Z' }),
    });
    const page = await openLoaded(ROUTE, { childId: 'c-9', name: encodeURIComponent('陈小雨'), mode: 'self' });
    let text = visibleText(page);
    expect(text).toContain('《儿童个人信息处理告知及监护人同意书》');
    expect(text).toContain('尚未确认');
    page.querySelector('.agree >>> .t-button')!.dispatchEvent('tap');
    await settle();
    await settle();
    expect(api.calls('accounts.recordConsent')).toEqual([{ childId: 'c-9', decision: 'given', textVersion: '2025-01', requestId: expect.any(String) }]);
    text = visibleText(page);
    expect(text).toContain('已记录您的同意，谢谢');
    expect(text).toContain('已同意');
    page.querySelector('.withdraw >>> .t-button')!.dispatchEvent('tap');
    await settle();
    await settle();
    expect(api.calls('accounts.recordConsent')[1]).toMatchObject({ decision: 'withdrawn' });
    // A new decision, a new request id.
    expect(api.calls('accounts.recordConsent')[1].requestId).not.toBe(api.calls('accounts.recordConsent')[0].requestId);
  });

  test('an officer records a paper form and must say who signed it', async () => {
    actAs('villageOfficer');
    const api = mockBackend({
      'accounts.consentText': () => TEXT,
      'registry.getChild': () => ({ child: CHILD, siblings: [] }),
      'accounts.recordConsent': () => ({ consentId: 'cons2', status: 'given', at: '2026-03-02T02:00:00.000Z' }),
    });
    const page = await openLoaded(ROUTE, { childId: 'c-9', mode: 'paper' });
    page.querySelector('.record-paper >>> .t-button')!.dispatchEvent('tap');
    await settle();
    expect(api.calls('accounts.recordConsent')).toEqual([]);
    expect(visibleText(page)).toContain('请选择是谁在纸质同意书上签的字');
    expect(page.querySelectorAll('.signer >>> .t-radio__title').map(visibleText)).toEqual(['父亲', '母亲', '受委托监护人']);
    page.querySelectorAll('.signer >>> .t-radio')[2].dispatchEvent('tap');
    await settle();

    page.querySelector('.record-paper >>> .t-button')!.dispatchEvent('tap');
    await settle();
    await settle();
    await settle();
    expect(api.calls('accounts.recordConsent')).toEqual([{ childId: 'c-9', decision: 'given', textVersion: '2025-01', requestId: expect.any(String), signedBy: 'entrusted' }]);
    expect(visibleText(page)).toContain('已登记纸质同意书');
  });

  test('a refusal names the field in Chinese; a failed load offers 重试', async () => {
    actAs('villageOfficer');
    const api = mockBackend({
      'accounts.consentText': () => TEXT,
      'registry.getChild': () => ({ child: CHILD, siblings: [] }),
      'accounts.recordConsent': () => failure('VALIDATION_FAILED', 'signedBy：请选择是谁签的字', { issues: [{ path: 'signedBy', code: 'REQUIRED', message: '请选择是谁签的字' }] }),
    });
    let page = await openLoaded(ROUTE, { childId: 'c-9', mode: 'paper' });
    page.querySelectorAll('.signer >>> .t-radio')[0].dispatchEvent('tap');
    await settle();
    page.querySelector('.record-paper >>> .t-button')!.dispatchEvent('tap');
    await settle();
    await settle();
    await settle();
    expect(visibleText(page)).toContain('签字的监护人：请选择是谁签的字');
    expect(visibleText(page)).not.toContain('signedBy');

    api.fail('accounts.consentText', { code: 'NETWORK', message: '网络异常，请稍后重试' });
    page = await openLoaded(ROUTE, { childId: 'c-9', mode: 'self' });
    expect(visibleText(page)).toContain('没能打开同意书');
    expect(page.querySelector('.load-error >>> .t-button')).toBeTruthy();
    expect(visibleText(page)).toContain('重试');
  });
});

