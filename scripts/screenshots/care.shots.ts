/**
 * Screenshots of the care pages staff use (invented data from tests/components/care-fixtures.ts,
 * the back end answered in place): the short visit form, a child's visit history, the due list,
 * reports to handle, a 强制报告 for a child not yet registered (village picked by name), a triad
 * being filled, 1+1+1 coverage of a township, the county's care settings.
 */
import { fixClock, openPage, settle } from '../../tests/components/harness';
import { actAs, mockBackend } from '../../tests/components/page-backend';
import { CANDIDATES, COVERAGE_TOWNSHIP, DUE, PAIRING, REPORTS_ACTIVE, SETTINGS, VISITS } from '../../tests/components/care-fixtures';
import { REGIONS } from '../../tests/components/helpline-fixtures';
import { capture } from './capture';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));
jest.setTimeout(60_000);

const wx = (global as any).wx;

beforeEach(() => {
  wx.removeStorageSync('shouwang.elderMode');
  wx.clearStorageSync();
  wx.setNavigationBarTitle = jest.fn();
  fixClock('2026-03-04T09:10:00+08:00');
  actAs('villageOfficer');
});

afterEach(() => {
  jest.useRealTimers();
});

test('care visit form (记录走访)', async () => {
  mockBackend({ 'care.listVisits': () => VISITS });
  const page = openPage('packageCare/pages/visit/index', { childId: 'c1' });
  await settle(20);
  page.querySelector('.heading--health >>> .t-button')!.dispatchEvent('tap');
  await settle();
  page.instance.update({ findings: { guardianship: '奶奶照料，饭菜按时，晚上陪写作业', health: '感冒已好，精神不错' } });
  await settle();
  await capture('care-1-visit-form', 'packageCare/pages/visit/index', page);
});

test('care visit history (走访记录)', async () => {
  mockBackend({ 'care.listVisits': () => VISITS });
  const page = openPage('packageCare/pages/visits/index', { childId: 'c1' });
  await settle(20);
  await capture('care-2-visits', 'packageCare/pages/visits/index', page);
});

test('care due list (走访计划)', async () => {
  mockBackend({ 'care.dueVisits': () => DUE });
  const page = openPage('packageCare/pages/due/index');
  await settle(20);
  await capture('care-3-due', 'packageCare/pages/due/index', page);
});

test('care reports to handle (强制报告处理)', async () => {
  actAs('townshipStaff');
  mockBackend({ 'care.listReports': () => ({ reports: REPORTS_ACTIVE }) });
  const page = openPage('packageCare/pages/reports/index');
  await settle(20);
  await capture('care-4-reports', 'packageCare/pages/reports/index', page);
});

test('care report for a child not yet registered (强制报告)', async () => {
  mockBackend({ 'registry.regions': () => REGIONS });
  const page = openPage('packageCare/pages/report/index');
  await settle(10);
  page.instance.setData({ villageCode: '341721100201', childDescription: '约8岁男孩，住村口小卖部旁，这几天一个人在家' });
  await settle(20);
  await capture('care-5-report-new', 'packageCare/pages/report/index', page);
});

test('care pairing being filled (结对帮扶)', async () => {
  mockBackend({ 'care.getPairing': () => PAIRING, 'care.pairingCandidates': () => CANDIDATES });
  const page = openPage('packageCare/pages/pairing/index', { childId: 'c1' });
  await settle(20);
  page.querySelector('.assign--neighbour >>> .t-button')!.dispatchEvent('tap');
  await settle(20);
  page.querySelectorAll('.candidate >>> .t-radio')[0].dispatchEvent('tap');
  await settle();
  await capture('care-6-pairing', 'packageCare/pages/pairing/index', page);
});

test('care 1+1+1 coverage (结对覆盖)', async () => {
  actAs('townshipStaff');
  mockBackend({ 'care.pairingCoverage': () => COVERAGE_TOWNSHIP });
  const page = openPage('packageCare/pages/pairing-coverage/index');
  await settle(20);
  await capture('care-7-pairing-coverage', 'packageCare/pages/pairing-coverage/index', page);
});

test('care settings for the county (关爱工作设置)', async () => {
  actAs('countyAdmin');
  mockBackend({ 'care.careSettings': () => SETTINGS });
  const page = openPage('packageCare/pages/settings/index');
  await settle(20);
  await capture('care-8-settings', 'packageCare/pages/settings/index', page);
});
