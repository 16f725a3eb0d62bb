/**
 * 走访计划 (packageCare/pages/due/index) rendered with miniprogram-simulate: overdue, due-today
 * and upcoming visits grouped and counted, the 7/30-day horizon, each row opening the visit form,
 * and the empty and error states.
 */
import { openPage, settle, visibleText } from './harness';
import { failure, mockBackend } from './page-backend';
import { DUE } from './care-fixtures';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const PAGE = 'packageCare/pages/due/index';

beforeEach(() => {
  wx.navigateTo = jest.fn();
});

test('visits grouped by overdue, today and soon, with the village and risk in words; a row opens the form', async () => {
  const api = mockBackend({ 'care.dueVisits': () => DUE });
  const page = openPage(PAGE);
  await settle(10);
  expect(api.calls('care.dueVisits')).toEqual([{ horizonDays: 7 }]);
  const text = visibleText(page);
  expect(text.indexOf('已逾期（1）')).toBeLessThan(text.indexOf('今日到期（1）'));
  expect(text.indexOf('今日到期（1）')).toBeLessThan(text.indexOf('未到期（1）'));
  expect(text).toContain('团结社区 · 重点对象 · 上次2月1日');
  expect(text).toContain('已逾期1天');
  expect(text).toContain('东华村 · 一般对象 · 从未走访');
  expect(text).toContain('3月9日到期');
  page.querySelectorAll('.due >>> .row')[2].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageCare/pages/visit/index?childId=c3' });

  page.querySelector('.tab--30')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('care.dueVisits')).toEqual([{ horizonDays: 7 }, { horizonDays: 30 }]);
  expect(visibleText(page)).toContain('30天内到期');
});

test('nothing due says so; a failed load offers 重试', async () => {
  mockBackend({ 'care.dueVisits': () => ({ today: '2026-03-04', items: [], counts: { overdue: 0, dueToday: 0, upcoming: 0 } }) });
  const page = openPage(PAGE);
  await settle(10);
  expect(visibleText(page)).toContain('7天内没有要走访的孩子');

  mockBackend({ 'care.dueVisits': () => failure('INTERNAL', '服务暂时不可用，请稍后重试') });
  const failed = openPage(PAGE);
  await settle(10);
  expect(visibleText(failed)).toContain('没能取到走访计划');
  expect(failed.querySelector('.load-error >>> .state__button >>> .t-button')).toBeTruthy();
});
