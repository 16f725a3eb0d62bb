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

/** A stand-in photo (an SVG drawn in place of a picture taken on the visit). */
function photo(sky: string, ground: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="${sky}"/><rect y="190" width="400" height="110" fill="${ground}"/><rect x="120" y="110" width="160" height="110" fill="#f4efe6"/><polygon points="100,115 200,50 300,115" fill="#9a4b3c"/><rect x="180" y="160" width="40" height="60" fill="#6b4a2f"/></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
const PHOTOS = [photo('#bcd7ee', '#7fa865'), photo('#d9e4ec', '#a3b58a'), photo('#e8dcc8', '#8d9c6f')];

test('care visit form (记录走访) with two photos taken', async () => {
  mockBackend({
    'care.listVisits': () => VISITS,
    'care.visitPhotoSlots': (i: { count: number }) => ({ slots: Array.from({ length: i.count }, (_, n) => ({ cloudPath: `visits/0123456789abcdef0123/${'ab'[n]}.jpg`, expiresAt: '2026-03-05T01:10:00.000Z' })) }),
  });
  wx.chooseMedia = jest.fn(({ success }: { success: (r: unknown) => void }) => success({ tempFiles: [{ tempFilePath: PHOTOS[0] }, { tempFilePath: PHOTOS[1] }] }));
  wx.cloud.uploadFile = jest.fn(async ({ cloudPath }: { cloudPath: string }) => ({ fileID: `cloud://env/${cloudPath}` }));
  const page = openPage('packageCare/pages/visit/index', { childId: 'c1' });
  await settle(20);
  page.querySelector('.heading--health >>> .t-button')!.dispatchEvent('tap');
  await settle();
  page.instance.update({ findings: { guardianship: '奶奶照料，饭菜按时，晚上陪写作业', health: '感冒已好，精神不错' } });
  await settle();
  page.querySelector('.add-photos >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  await capture('care-1-visit-form', 'packageCare/pages/visit/index', page);
});

test('care visit history (走访记录) with a visit’s photos', async () => {
  const visits = { ...VISITS, visits: VISITS.visits.map((v) => (v.photoUrls.length ? { ...v, photoUrls: v.photoUrls.map((_, n) => PHOTOS[n]) } : v)) };
  mockBackend({ 'care.listVisits': () => visits });
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
