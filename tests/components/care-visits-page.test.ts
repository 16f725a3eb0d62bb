/**
 * 走访记录 (packageCare/pages/visits/index) rendered with miniprogram-simulate: a child's plan,
 * last visit and every visit in words (how, who with their role, findings by the form's
 * headings), 记录一次走访 for visitors only, and the empty and error states.
 */
import { openPage, settle, visibleText } from './harness';
import { actAs, failure, mockBackend } from './page-backend';
import { VISITS } from './care-fixtures';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const PAGE = 'packageCare/pages/visits/index';

beforeEach(() => {
  wx.navigateTo = jest.fn();
});

test('a village officer reads the plan and the visits in words, and records a visit from here', async () => {
  actAs('villageOfficer');
  const api = mockBackend({ 'care.listVisits': () => VISITS });
  const page = openPage(PAGE, { childId: 'c1' });
  await settle(10);
  expect(api.calls('care.listVisits')).toEqual([{ childId: 'c1', limit: 50 }]);
  const text = visibleText(page);
  expect(text).toContain('陈小雨');
  expect(text).toContain('已逾期1天（应于3月3日走访；重点对象每30天走访一次）');
  expect(text).toContain('上次走访：2026年2月1日 · 入户走访');
  expect(text).toContain('走访人：王晓明（村留守儿童保护专干）');
  expect(text).toContain('实际监护情况：奶奶照料，饭菜按时');
  expect(text).toContain('照片2张 · 已定位签到');
  // The visit's photos, by the links the function handed out; tapping one shows it large.
  const photos = page.querySelectorAll('.visit__photo');
  // (the simulator does not reflect an image's src; each tile carries its link for the preview)
  expect(photos.map((n) => n.dom.getAttribute('data-url'))).toEqual(['https://tmp.example/v2-1.jpg', 'https://tmp.example/v2-2.jpg']);
  wx.previewImage = jest.fn();
  photos[1].dispatchEvent('tap');
  await settle();
  expect(wx.previewImage).toHaveBeenCalledWith({ urls: ['https://tmp.example/v2-1.jpg', 'https://tmp.example/v2-2.jpg'], current: 'https://tmp.example/v2-2.jpg' });
  expect(text).toContain('2026年1月2日 · 电话走访');
  expect(text).toContain('走访人：郑小红（结对帮扶人 · 志愿者）');
  expect(text).not.toMatch(/villageOfficer|pairingMember|volunteer|guardianship/); // no code ever shows
  page.querySelector('.record >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageCare/pages/visit/index?childId=c1' });
});

test('no visits yet says so; a reader who does not visit gets no record button', async () => {
  actAs('police');
  mockBackend({ 'care.listVisits': () => ({ childName: '刘浩然', plan: { ...VISITS.plan, lastVisitOn: undefined, status: 'upcoming', daysOverdue: 0, dueOn: '2026-03-20' }, visits: [] }) });
  const page = openPage(PAGE, { childId: 'c2' });
  await settle(10);
  const text = visibleText(page);
  expect(text).toContain('还没有走访记录');
  expect(text).toContain('下次走访：3月20日');
  expect(page.querySelector('.record')).toBeUndefined();
});

test('a failed load says why and offers 重试', async () => {
  actAs('villageOfficer');
  let fail = true;
  mockBackend({ 'care.listVisits': () => (fail ? failure('FORBIDDEN', '无权查看该儿童档案') : VISITS) });
  const page = openPage(PAGE, { childId: 'c1' });
  await settle(10);
  expect(visibleText(page)).toContain('没能取到走访记录');
  expect(visibleText(page)).toContain('无权查看该儿童档案');
  fail = false;
  page.querySelector('.load-error >>> .state__button >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(visibleText(page)).toContain('陈小雨');
});
