/**
 * 记录走访 (packageCare/pages/visit/index) rendered with miniprogram-simulate: the form says
 * which child is visited (name, last visit, plan) and is short — the kind as TDesign radios, the
 * headings as chips that open a box each; what an officer types survives the app going to the
 * background, the page being rebuilt, and the privacy prompt of the location check-in; it is sent
 * once and the draft cleared only after success.
 *
 * WeChat's privacy behaviour is played by `platform` (as in accounts-accept-page.test.ts):
 * `requirePrivacyAuthorize` fires the app's registered listener and waits for the user.
 */
import { openPage, settle, visibleText, type SimNode, fakePrivacyPlatform } from './harness';
import { failure, mockBackend } from './page-backend';
import { VISITS } from './care-fixtures';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
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
  platform.agreed = false;
  wx.getLocation = jest.fn(({ success }) => success({ latitude: 30.1, longitude: 117.02, accuracy: 35 }));
  wx.redirectTo = jest.fn();
});

/** Opens the heading's box if needed (its chip), then types into it. */
async function typeFinding(page: SimNode, heading: string, text: string): Promise<void> {
  if (!page.querySelector(`.finding--${heading}`)) {
    page.querySelector(`.heading--${heading} >>> .t-button`)!.dispatchEvent('tap');
    await settle();
  }
  page.querySelector(`.finding--${heading} >>> .t-textarea__wrapper-inner`)!.dispatchEvent('input', { detail: { value: text } });
  await settle();
}

async function submit(page: SimNode): Promise<void> {
  page.querySelector('.submit >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
}

test('the form says who is visited and when last; the headings are chips; the kind is a TDesign choice', async () => {
  const api = mockBackend({ 'care.listVisits': () => VISITS });
  const page = openPage(PAGE, { childId: CHILD });
  await settle(10);
  expect(api.calls('care.listVisits')).toEqual([{ childId: CHILD, limit: 1 }]);
  const text = visibleText(page);
  expect(text).toContain('陈小雨');
  expect(text).toContain('上次走访：2026年2月1日 · 入户走访');
  expect(text).toContain('已逾期1天');
  expect(page.querySelectorAll('.kind >>> .t-radio__title').map((n) => n.dom.textContent.trim())).toEqual(['入户走访', '电话走访', '到校走访']);
  expect(page.dom.querySelector('wx-radio, wx-switch, wx-checkbox')).toBeNull(); // TDesign choices, not WeChat's green ones
  // Seven chips, one box open to start (实际监护情况); the others open on a tap.
  expect(page.querySelectorAll('.heading >>> .t-button').map((n) => n.dom.textContent.trim())).toEqual([
    '＋ 健康状况',
    '＋ 就学情况',
    '＋ 家庭情况',
    '✓ 实际监护情况',
    '＋ 家庭经济来源',
    '＋ 帮扶救助情况',
    '＋ 其他情况',
  ]);
  expect(page.querySelectorAll('.finding')).toHaveLength(1);
  await typeFinding(page, 'health', '身体健康');
  expect(page.querySelectorAll('.finding')).toHaveLength(2);
});

test('typed findings survive backgrounding and a rebuilt page, then are sent once and cleared', async () => {
  let attempt = 0;
  const api = mockBackend({
    'care.listVisits': () => VISITS,
    'care.recordVisit': () => {
      if (++attempt === 1) throw new Error('offline');
      return { visitId: 'v1', duplicate: false, plan: { dueOn: '2026-04-01' } };
    },
  });
  let page = openPage(PAGE, { childId: CHILD });
  await settle(10);
  await typeFinding(page, 'health', '身体健康');
  await typeFinding(page, 'guardianship', '奶奶照料，饮食正常');
  page.querySelectorAll('.kind >>> .t-radio')[1].dispatchEvent('tap'); // 电话走访
  await settle();

  // The app goes to the background and WeChat later rebuilds the page.
  page.instance.onHide();
  page = openPage(PAGE, { childId: CHILD });
  await settle(10);
  expect(visibleText(page)).toContain('已恢复上次未提交的内容');
  expect(page.instance.data.draft.findings).toEqual({ health: '身体健康', guardianship: '奶奶照料，饮食正常' });
  expect(page.instance.data.draft.kind).toBe('phone');
  expect(page.querySelector('.finding--health')).toBeTruthy(); // a heading with text comes back open
  const requestId = page.instance.data.draft.requestId;

  await submit(page);
  // A failed send keeps everything for the retry, with the same request id.
  expect(visibleText(page)).toContain('网络异常');
  expect(page.instance.data.draft.findings.health).toBe('身体健康');

  await submit(page);
  const sent = api.calls('care.recordVisit');
  expect(sent).toHaveLength(2);
  expect(sent[1]).toMatchObject({ childId: CHILD, requestId, kind: 'phone', findings: { health: '身体健康', guardianship: '奶奶照料，饮食正常' } });
  expect(sent[0].requestId).toBe(requestId);
  expect(visibleText(page)).toContain('走访已记录');
  expect(visibleText(page)).toContain('下次走访：2026年4月1日');
  expect(wx.getStorageSync(`care.visitDraft.${CHILD}`)).toBe('');
  page.querySelector('.open-history >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.redirectTo).toHaveBeenCalledWith({ url: `/packageCare/pages/visits/index?childId=${CHILD}` });

  // A new visit starts empty.
  const next = openPage(PAGE, { childId: CHILD });
  await settle(10);
  expect(next.instance.data.draft.findings).toEqual({});
  expect(next.instance.data.draft.requestId).not.toBe(requestId);
});

test('photos: taken or picked, uploaded into the slots handed out for this child, shown, removable, sent with the visit', async () => {
  const slotPaths = ['visits/0123456789abcdef0123/aaaaaaaaaaaaaaaaaaaaaaaa.jpg', 'visits/0123456789abcdef0123/bbbbbbbbbbbbbbbbbbbbbbbb.jpg'];
  const api = mockBackend({
    'care.listVisits': () => VISITS,
    'care.visitPhotoSlots': (i) => ({ slots: slotPaths.slice(0, (i as { count: number }).count).map((cloudPath) => ({ cloudPath, expiresAt: '2026-12-06T00:00:00.000Z' })) }),
    'care.recordVisit': () => ({ visitId: 'v1', duplicate: false, plan: { dueOn: '2026-04-01' } }),
  });
  wx.chooseMedia = jest.fn(({ success }) => success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/p1.jpg' }, { tempFilePath: 'wxfile://tmp/p2.jpg' }] }));
  wx.cloud.uploadFile = jest.fn(async ({ cloudPath }: any) => ({ fileID: `cloud://env/${cloudPath}` }));
  const page = openPage(PAGE, { childId: CHILD });
  await settle(10);
  await typeFinding(page, 'health', '身体健康');
  expect(visibleText(page)).toContain('走访照片（可选，最多9张）');
  page.querySelector('.add-photos >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(wx.chooseMedia).toHaveBeenCalledWith(expect.objectContaining({ count: 9, mediaType: ['image'], sourceType: ['camera', 'album'] }));
  expect(api.calls('care.visitPhotoSlots')).toEqual([{ childId: CHILD, count: 2 }]);
  expect((wx.cloud.uploadFile as jest.Mock).mock.calls.map((c) => c[0])).toEqual([
    { cloudPath: slotPaths[0], filePath: 'wxfile://tmp/p1.jpg' },
    { cloudPath: slotPaths[1], filePath: 'wxfile://tmp/p2.jpg' },
  ]);
  expect(page.querySelectorAll('.photo__img')).toHaveLength(2);
  expect(page.instance.data.photoTiles.map((p: { preview: string }) => p.preview)).toEqual(['wxfile://tmp/p1.jpg', 'wxfile://tmp/p2.jpg']);
  // Kept in the draft like everything typed; one removed before sending.
  expect(wx.getStorageSync(`care.visitDraft.${CHILD}`)).toMatchObject({ photos: [`cloud://env/${slotPaths[0]}`, `cloud://env/${slotPaths[1]}`] });
  page.querySelectorAll('.remove-photo >>> .t-button')[0].dispatchEvent('tap');
  await settle();
  expect(page.querySelectorAll('.photo__img')).toHaveLength(1);
  await submit(page);
  expect(api.calls('care.recordVisit')).toEqual([expect.objectContaining({ childId: CHILD, photos: [`cloud://env/${slotPaths[1]}`] })]);
});

test('a refused photo slot says why and keeps the visit', async () => {
  mockBackend({ 'care.listVisits': () => VISITS, 'care.visitPhotoSlots': () => failure('CHILD_INACTIVE', '该儿童已退出在册，无需走访') });
  wx.chooseMedia = jest.fn(({ success }) => success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/p1.jpg' }] }));
  wx.cloud.uploadFile = jest.fn();
  const page = openPage(PAGE, { childId: CHILD });
  await settle(10);
  await typeFinding(page, 'health', '身体健康');
  page.querySelector('.add-photos >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(wx.cloud.uploadFile).not.toHaveBeenCalled();
  expect(visibleText(page)).toContain('照片上传失败：该儿童已退出在册，无需走访');
  expect(page.instance.data.draft.findings.health).toBe('身体健康');
});

test('the privacy prompt of the location check-in loses nothing, whether refused or agreed', async () => {
  mockBackend({ 'care.listVisits': () => VISITS });
  const page = openPage(PAGE, { childId: 'child-visit-2' });
  await settle(10);
  await typeFinding(page, 'family', '父母在外务工，每周视频');
  page.querySelector('.check-in >>> .t-button')!.dispatchEvent('tap');
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

  page.querySelector('.check-in >>> .t-button')!.dispatchEvent('tap');
  await settle();
  page.querySelector('.privacy >>> #privacy-agree')!.dispatchEvent('agreeprivacyauthorization');
  await settle();
  await settle();
  expect(wx.getLocation).toHaveBeenCalled();
  expect(page.instance.data.draft).toMatchObject({ findings: { family: '父母在外务工，每周视频' }, location: { latitude: 30.1, longitude: 117.02, consent: true } });
  expect(wx.getStorageSync('care.visitDraft.child-visit-2').location).toMatchObject({ consent: true });
  expect(visibleText(page)).toContain('已记录当前位置');
});

test('nothing is sent without a finding; the child’s details failing to load does not block the form', async () => {
  const api = mockBackend({ 'care.listVisits': () => failure('FORBIDDEN', '无权查看该儿童') });
  const page = openPage(PAGE, { childId: 'child-visit-3' });
  await settle(10);
  expect(visibleText(page)).toContain('没能取到儿童信息（无权查看该儿童），仍可填写并提交。');
  await submit(page);
  expect(visibleText(page)).toContain('请至少填写一项走访情况');
  expect(api.calls('care.recordVisit')).toHaveLength(0);
});

test('without a child the page says so and offers a way back', async () => {
  mockBackend({});
  const page = openPage(PAGE);
  await settle();
  expect(visibleText(page)).toContain('不知道要走访哪个孩子');
  expect(visibleText(page)).toContain('请从儿童档案、走访记录或工作台进入');
});
