/**
 * 强制报告处理 (packageCare/pages/reports/index) rendered with miniprogram-simulate as township
 * staff: the area's reports with kind, village and where each stands in words, overdue ones
 * called out, the tabs, a row opening the report, and the empty and error states.
 */
import { fixClock, openPage, settle, visibleText } from './harness';
import { actAs, failure, mockBackend } from './page-backend';
import { REPORTS_ACTIVE, REPORTS_CLOSED } from './care-fixtures';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const PAGE = 'packageCare/pages/reports/index';

beforeEach(() => {
  actAs('townshipStaff');
  wx.navigateTo = jest.fn();
  fixClock('2026-03-04T09:10:00+08:00');
});

afterEach(() => {
  jest.useRealTimers();
});

test('open reports with the time left to acknowledge; closed ones with their outcome; a row opens the report', async () => {
  const api = mockBackend({ 'care.listReports': (i: { status: string }) => ({ reports: i.status === 'closed' ? REPORTS_CLOSED : REPORTS_ACTIVE }) });
  const page = openPage(PAGE);
  await settle(10);
  expect(api.calls('care.listReports')).toEqual([{ status: 'active' }]);
  const text = visibleText(page);
  expect(text).toContain('收到后请在时限内确认');
  expect(text).toContain('失踪');
  expect(text).toContain('团结社区 · 3月4日 08:40报告');
  expect(text).toContain('请在30分钟内确认');
  expect(text).toContain('脱离监护单独居住');
  expect(text).toContain('处置中');
  page.querySelectorAll('.report >>> .row')[0].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageCare/pages/report/index?reportId=r1' });

  page.querySelector('.tab--closed')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('care.listReports')[1]).toEqual({ status: 'closed' });
  expect(visibleText(page)).toContain('遭受侵害或疏于照料');
  expect(visibleText(page)).toContain('已落实监护人');
});

test('an unacknowledged report past its limit is called out in words', async () => {
  mockBackend({ 'care.listReports': () => ({ reports: [{ ...REPORTS_ACTIVE[0], ackOverdue: true, ackDueAt: '2026-03-04T00:30:00.000Z', escalatedAt: '2026-03-04T00:31:00.000Z' }] }) });
  const page = openPage(PAGE);
  await settle(10);
  expect(visibleText(page)).toContain('1份报告超时未确认，请立即处理');
  expect(visibleText(page)).toContain('超时未确认，已上报县民政局');
});

test('nothing to handle says so; a failed load offers 重试', async () => {
  mockBackend({ 'care.listReports': () => ({ reports: [] }) });
  const page = openPage(PAGE);
  await settle(10);
  expect(visibleText(page)).toContain('辖区内没有待处理的强制报告');

  mockBackend({ 'care.listReports': () => failure('INTERNAL', '服务暂时不可用，请稍后重试') });
  const failed = openPage(PAGE);
  await settle(10);
  expect(visibleText(failed)).toContain('没能取到强制报告');
  expect(failed.querySelector('.load-error >>> .state__button >>> .t-button')).toBeTruthy();
});

test('我报告的: a teacher sees only their own reports and where each stands, opened at the one a notification named', async () => {
  actAs('teacher');
  const api = mockBackend({ 'care.myReports': () => ({ reports: [...REPORTS_ACTIVE.slice(0, 1), ...REPORTS_CLOSED] }) });
  const page = openPage(PAGE, { reportId: REPORTS_CLOSED[0].reportId });
  await settle(10);
  expect(api.calls('care.myReports')).toHaveLength(1);
  expect(api.calls('care.listReports')).toHaveLength(0);
  const text = visibleText(page);
  expect(text).toContain('您报告过的情况和处理进度');
  expect(text).toContain('已落实监护人');
  expect(text).not.toContain('待处理');
  expect(page.querySelectorAll('.report--focus')).toHaveLength(1);
  // A teacher cannot open the report itself: tapping a row stays here.
  page.querySelectorAll('.report >>> .row')[0].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).not.toHaveBeenCalled();
});

test('我报告的 for township staff is a tab beside the area\'s reports; empty says how to report', async () => {
  const api = mockBackend({ 'care.listReports': () => ({ reports: REPORTS_ACTIVE }), 'care.myReports': () => ({ reports: [] }) });
  const page = openPage(PAGE);
  await settle(10);
  page.querySelector('.tab--mine')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('care.myReports')).toHaveLength(1);
  expect(visibleText(page)).toContain('您还没有报告过');
});
