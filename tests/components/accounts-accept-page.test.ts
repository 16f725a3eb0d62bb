/**
 * 接受邀请 (packageAccount/pages/accept/index) rendered with miniprogram-simulate and the real
 * TDesign components: the user types or scans a code and taps 确认接受; what they then read.
 * Scanning is a privacy-scoped API: the app-level `wx.onNeedPrivacyAuthorization` listener
 * (registered by app.ts) shows our prompt, and refusing keeps the typed code.
 *
 * WeChat's privacy behaviour is played by `platform` below, following the documented contract:
 * `requirePrivacyAuthorize` succeeds at once once agreed; otherwise it fires the registered
 * listener and waits for `resolve({event:'agree', buttonId})` or `resolve({event:'disagree'})`.
 */
import { env } from '../../miniprogram/config/env';
import { openPage, settle, visibleText, type SimNode, fakePrivacyPlatform } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };
const PAGE = 'packageAccount/pages/accept/index';

/** WeChat's side of the privacy handshake. */
const platform = fakePrivacyPlatform();

beforeAll(() => {
  // Launch the app as WeChat would: app.ts registers the privacy listener.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../miniprogram/app');
  (global as any).__app.onLaunch();
  expect(wx.onNeedPrivacyAuthorization).toHaveBeenCalledTimes(1);
});

beforeEach(() => {
  env.mode = 'cloud';
  cloud.callFunction.mockReset();
  platform.agreed = false;
  platform.resolutions = [];
  wx.scanCode = jest.fn();
  wx.switchTab = jest.fn();
  (global as any).__app.globalData.roles = [];
});

function type(page: SimNode, text: string): void {
  const input = page.querySelector('.code-input >>> .t-input__control');
  expect(input).toBeTruthy(); // TDesign's input really rendered
  input!.dispatchEvent('input', { detail: { value: text, cursor: text.length, keyCode: 0 } });
}

async function tap(page: SimNode, selector: string): Promise<void> {
  const button = page.querySelector(`${selector} >>> .t-button`);
  expect(button).toBeTruthy();
  button!.dispatchEvent('tap');
  await settle();
}

function accepts(result: unknown): void {
  cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: { action: string } }) => {
    if (name === 'accounts' && data.action === 'acceptInvitation') return { result };
    throw { errCode: -1, errMsg: `unexpected ${name}.${data.action}` };
  });
}

describe('接受邀请 page', () => {
  test('typing a code and tapping 确认接受 binds the role and says so', async () => {
    accepts({ ok: true, data: { bindingId: 'b1', role: 'villageOfficer', roleLabel: '村留守儿童保护专干', alreadyAccepted: false } });
    const page = openPage(PAGE);
    await settle();
    expect(visibleText(page)).toContain('请输入工作人员发给您的邀请码');

    type(page, 'k7m3 q8r2tx');
    await tap(page, '.submit');

    expect(cloud.callFunction).toHaveBeenCalledWith({ name: 'accounts', data: { action: 'acceptInvitation', data: { code: 'K7M3-Q8R2TX' } } });
    const text = visibleText(page);
    expect(text).toContain('绑定成功');
    expect(text).toContain('您的角色：村留守儿童保护专干');
    expect(text).not.toContain('确认接受');
    expect((global as any).__app.globalData.roles).toEqual(['villageOfficer']);

    await tap(page, '.back');
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/mine/index' });
  });

  test.each([
    ['INVITATION_EXPIRED', '邀请码已过期，请联系发放人重新生成'],
    ['INVITATION_USED', '该邀请码已被使用。如不是您本人使用，请联系发放人'],
    ['INVITATION_REVOKED', '该邀请码已被发放人撤销，请联系发放人'],
    ['INVITATION_LOCKED', '该邀请码因多次输错已被锁定，请联系发放人重新生成'],
    ['RATE_LIMITED', '输错次数过多，请10分钟后再试'],
  ])('a %s refusal shows a clear Chinese message and keeps the code for another try', async (code, message) => {
    accepts({ ok: false, error: { code, message: 'server text' } });
    const page = openPage(PAGE);
    await settle();
    type(page, 'K7M3-Q8R2TX');
    await tap(page, '.submit');

    const text = visibleText(page);
    expect(text).toContain(message);
    expect(text).not.toContain('绑定成功');
    expect(page.instance.data.code).toBe('K7M3-Q8R2TX');
    expect((global as any).__app.globalData.roles).toEqual([]);
  });

  test('an obviously incomplete code is caught before it uses up one of the user\'s tries', async () => {
    const page = openPage(PAGE);
    await settle();
    await tap(page, '.submit');
    expect(visibleText(page)).toContain('请输入邀请码');
    type(page, 'K7M3');
    await tap(page, '.submit');
    expect(visibleText(page)).toContain('邀请码为10位字母和数字');
    expect(cloud.callFunction).not.toHaveBeenCalled();
  });

  test('scanning asks for privacy agreement first; refusing keeps the typed code and never opens the scanner', async () => {
    const page = openPage(PAGE);
    await settle();
    type(page, 'K7M3-Q8R2T'); // half typed, then the user tries the scanner instead
    await settle();
    await tap(page, '.scan');

    let text = visibleText(page);
    expect(text).toContain('用户隐私保护提示');
    expect(text).toContain('为了扫描邀请二维码');
    expect(platform.resolutions).toEqual([{ event: 'exposureAuthorization' }]);
    // The agree button (open-type agreePrivacyAuthorization: tests/unit/miniprogram-accounts-privacy.test.ts).
    expect(page.querySelector('.privacy >>> #privacy-agree')?.dom?.textContent).toBe('同意');

    page.querySelector('.privacy >>> .privacy-disagree')!.dispatchEvent('tap');
    await settle();

    text = visibleText(page);
    expect(text).not.toContain('用户隐私保护提示');
    expect(text).toContain('未同意隐私保护指引，无法使用扫码。您可以直接输入邀请码。');
    expect(wx.scanCode).not.toHaveBeenCalled();
    expect(platform.resolutions).toEqual([{ event: 'exposureAuthorization' }, { event: 'disagree' }]);
    // What the user typed is still there, in the model and in the input they see.
    expect(page.instance.data.code).toBe('K7M3-Q8R2T');
    expect(page.querySelector('.code-input')!.instance.data.value).toBe('K7M3-Q8R2T');
  });

  test('agreeing opens the scanner; the scanned code is accepted at once', async () => {
    accepts({ ok: true, data: { bindingId: 'b2', role: 'parent', roleLabel: '父母', alreadyAccepted: false } });
    wx.scanCode = jest.fn(({ success }) => setTimeout(() => success({ result: 'shouwang:invite:abcd-efgh23', scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: '' }), 0));
    const page = openPage(PAGE);
    await settle();
    await tap(page, '.scan');
    expect(wx.scanCode).not.toHaveBeenCalled(); // not before the user agreed

    page.querySelector('.privacy >>> #privacy-agree')!.dispatchEvent('agreeprivacyauthorization');
    await settle();
    await settle();

    expect(platform.resolutions).toContainEqual({ event: 'agree', buttonId: 'privacy-agree' });
    expect(wx.scanCode).toHaveBeenCalledWith(expect.objectContaining({ onlyFromCamera: true, scanType: ['qrCode'] }));
    expect(cloud.callFunction).toHaveBeenCalledWith({ name: 'accounts', data: { action: 'acceptInvitation', data: { code: 'ABCD-EFGH23' } } });
    expect(visibleText(page)).toContain('您的角色：父母');
  });

  test('closing the scanner is not an error', async () => {
    platform.agreed = true;
    wx.scanCode = jest.fn(({ fail }) => setTimeout(() => fail({ errMsg: 'scanCode:fail cancel' }), 0));
    const page = openPage(PAGE);
    await settle();
    type(page, 'K7M3');
    await tap(page, '.scan');
    await settle();
    expect(wx.scanCode).toHaveBeenCalled();
    const text = visibleText(page);
    expect(text).not.toContain('用户隐私保护提示');
    expect(text).not.toContain('扫码失败');
    expect(page.instance.data.code).toBe('K7M3');
  });
});
