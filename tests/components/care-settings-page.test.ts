/**
 * 关爱工作设置 (packageCare/pages/settings/index) rendered with miniprogram-simulate: staff read
 * the county's intervals and limits in words; the county admin changes one and only it is sent;
 * a value out of range names its row; the error state.
 */
import { openPage, settle, visibleText } from './harness';
import { actAs, failure, mockBackend } from './page-backend';
import { SETTINGS } from './care-fixtures';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const PAGE = 'packageCare/pages/settings/index';

test('a village officer reads the settings in words', async () => {
  actAs('villageOfficer');
  mockBackend({ 'care.careSettings': () => SETTINGS });
  const page = openPage(PAGE);
  await settle(10);
  const text = visibleText(page);
  expect(text).toContain('由县民政局设置');
  expect(text).toContain('重点对象每30天走访一次');
  expect(text).toContain('失踪1小时内确认');
  expect(text).toContain('脱离监护单独居住24小时内确认');
  expect(page.querySelector('.save-settings')).toBeUndefined();
});

test('the county admin changes one value; only it is sent; out of range names the row', async () => {
  actAs('countyAdmin');
  const api = mockBackend({
    'care.careSettings': () => SETTINGS,
    'care.updateCareSettings': (i: any) => ({ ...SETTINGS, visitIntervalDays: { ...SETTINGS.visitIntervalDays, ...i.visitIntervalDays }, reportAckMinutes: { ...SETTINGS.reportAckMinutes, ...i.reportAckMinutes } }),
  });
  const page = openPage(PAGE);
  await settle(10);
  const type = (key: string, value: string) => page.querySelector(`.setting--${key} >>> .t-input__control`)!.dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
  type('missing', '2');
  await settle();
  page.querySelector('.save-settings >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('“失踪”的确认时限应为5分钟到7天（10080分钟）之间');
  expect(api.calls('care.updateCareSettings')).toHaveLength(0);
  type('missing', '30');
  type('focus', '15');
  await settle();
  expect(visibleText(page)).toContain('即30分钟');
  page.querySelector('.save-settings >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('care.updateCareSettings')).toEqual([{ visitIntervalDays: { focus: 15 }, reportAckMinutes: { missing: 30 } }]);
  expect(visibleText(page)).toContain('已保存，立即生效');
});

test('a failed load says why and offers 重试', async () => {
  actAs('countyAdmin');
  mockBackend({ 'care.careSettings': () => failure('INTERNAL', '服务暂时不可用，请稍后重试') });
  const page = openPage(PAGE);
  await settle(10);
  expect(visibleText(page)).toContain('没能取到关爱工作设置');
  expect(page.querySelector('.load-error >>> .state__button >>> .t-button')).toBeTruthy();
});
