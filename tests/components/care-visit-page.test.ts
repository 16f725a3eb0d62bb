/**
 * 走访记录 (packageCare/pages/visit/index) rendered with miniprogram-simulate: what an officer
 * types survives the app going to the background, the page being rebuilt, and the privacy prompt
 * of the location check-in; it is sent once and the draft cleared only after success.
 *
 * WeChat's privacy behaviour is played by `platform` (as in accounts-accept-page.test.ts):
 * `requirePrivacyAuthorize` fires the app's registered listener and waits for the user.
 */
import { openPage, settle, visibleText, type SimNode, fakePrivacyPlatform } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };
const PAGE = 'packageCare/pages/visit/index';
const CHILD = 'child-visit-1';

/** WeChat's side of the privacy handshake. */
const platform = fakePrivacyPlatform();

beforeAll(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../miniprogram/app');
  (global as any).__app.onLaunch();
});

beforeEach(() => {
  wx.clearStorageSync();
  cloud.callFunction.mockReset();
  platform.agreed = false;
  wx.getLocation = jest.fn(({ success }) => success({ latitude: 30.1, longitude: 117.02, accuracy: 35 }));
});

function typeFinding(page: SimNode, heading: string, text: string): void {
  const box = page.querySelector(`.finding--${heading}`);
  expect(box).toBeTruthy();
  box!.dispatchEvent('input', { detail: { value: text } });
}

test('typed findings survive backgrounding and a rebuilt page, then are sent once and cleared', async () => {
  let page = openPage(PAGE, { childId: CHILD });
  await settle();
  typeFinding(page, 'health', '身体健康');
  typeFinding(page, 'guardianship', '奶奶照料，饮食正常');
  const kinds = page.querySelectorAll('.kind');
  expect(kinds.map((k) => k.dom.textContent.trim())).toEqual(['入户走访', '电话走访', '到校走访']);
  kinds[1].dispatchEvent('tap');
  await settle();

  // The app goes to the background and WeChat later rebuilds the page.
  page.instance.onHide();
  page = openPage(PAGE, { childId: CHILD });
  await settle();
  expect(visibleText(page)).toContain('已恢复上次未提交的内容');
  expect(page.instance.data.draft.findings).toEqual({ health: '身体健康', guardianship: '奶奶照料，饮食正常' });
  expect(page.instance.data.draft.kind).toBe('phone');
  const requestId = page.instance.data.draft.requestId;

  cloud.callFunction.mockRejectedValueOnce({ errCode: -1, errMsg: 'cloud.callFunction:fail network' });
  page.querySelector('.submit')!.dispatchEvent('tap');
  await settle();
  // A failed send keeps everything for the retry, with the same request id.
  expect(visibleText(page)).toContain('网络异常');
  expect(page.instance.data.draft.findings.health).toBe('身体健康');

  cloud.callFunction.mockResolvedValueOnce({ result: { ok: true, data: { visitId: 'v1', duplicate: false, plan: { dueOn: '2025-05-09' } } } });
  page.querySelector('.submit')!.dispatchEvent('tap');
  await settle();
  const calls = cloud.callFunction.mock.calls.map((c) => c[0]);
  expect(calls).toHaveLength(2);
  expect(calls[1]).toMatchObject({ name: 'care', data: { action: 'recordVisit', data: { childId: CHILD, requestId, kind: 'phone', findings: { health: '身体健康', guardianship: '奶奶照料，饮食正常' } } } });
  expect(calls[0].data.data.requestId).toBe(requestId);
  expect(visibleText(page)).toContain('走访已记录，下次走访：2025-05-09');
  expect(wx.getStorageSync(`care.visitDraft.${CHILD}`)).toBe('');

  // A new visit starts empty.
  const next = openPage(PAGE, { childId: CHILD });
  await settle();
  expect(next.instance.data.draft.findings).toEqual({});
  expect(next.instance.data.draft.requestId).not.toBe(requestId);
});

test('the privacy prompt of the location check-in loses nothing, whether refused or agreed', async () => {
  const page = openPage(PAGE, { childId: 'child-visit-2' });
  await settle();
  typeFinding(page, 'family', '父母在外务工，每周视频');
  page.querySelector('.check-in')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('用户隐私保护提示');
  // While the prompt is up the app is hidden and shown again.
  page.instance.onHide();
  page.instance.onShow();
  page.querySelector('.privacy >>> .privacy-disagree')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('未同意隐私保护指引，本次走访不记录定位，已填写的内容不受影响');
  expect(page.instance.data.draft.findings.family).toBe('父母在外务工，每周视频');
  expect(page.instance.data.draft.location).toBeUndefined();
  expect(wx.getLocation).not.toHaveBeenCalled();

  page.querySelector('.check-in')!.dispatchEvent('tap');
  await settle();
  page.querySelector('.privacy >>> #privacy-agree')!.dispatchEvent('agreeprivacyauthorization');
  await settle();
  await settle();
  expect(wx.getLocation).toHaveBeenCalled();
  expect(page.instance.data.draft).toMatchObject({ findings: { family: '父母在外务工，每周视频' }, location: { latitude: 30.1, longitude: 117.02, consent: true } });
  expect(wx.getStorageSync('care.visitDraft.child-visit-2').location).toMatchObject({ consent: true });
});

test('nothing is sent without at least one finding, and the reason is shown', async () => {
  const page = openPage(PAGE, { childId: 'child-visit-3' });
  await settle();
  page.querySelector('.submit')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('请至少填写一项走访情况');
  expect(cloud.callFunction).not.toHaveBeenCalled();
});
