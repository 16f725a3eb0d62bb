/**
 * 1+1+1结对覆盖 (packageCare/pages/pairing-coverage/index) rendered with miniprogram-simulate: the
 * share of focus children with all three places filled, by village, the children still missing a
 * place (which, in words), a child opening its triad, and the empty and error states.
 */
import { openPage, settle, visibleText } from './harness';
import { failure, mockBackend } from './page-backend';
import { COVERAGE_TOWNSHIP } from './care-fixtures';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const PAGE = 'packageCare/pages/pairing-coverage/index';

beforeEach(() => {
  wx.navigateTo = jest.fn();
  wx.setNavigationBarTitle = jest.fn();
});

test('a township: its coverage, each village, and the children missing a place open their triad', async () => {
  const api = mockBackend({ 'care.pairingCoverage': () => COVERAGE_TOWNSHIP });
  const page = openPage(PAGE, { regionCode: '341721100' });
  await settle(10);
  expect(api.calls('care.pairingCoverage')).toEqual([{ regionCode: '341721100' }]);
  const text = visibleText(page);
  expect(text).toContain('尧渡镇');
  expect(text).toContain('75%');
  expect(text).toContain('重点对象12人，三方齐全9人');
  expect(text).toContain('团结社区');
  expect(text).toContain('覆盖80%');
  expect(text).toContain('覆盖71%');
  expect(text).toContain('缺 邻居');
  expect(text).toContain('缺 网格员或志愿者、邻居');
  expect(text).not.toMatch(/neighbour|helper/);
  page.querySelectorAll('.child >>> .row')[1].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageCare/pages/pairing/index?childId=c4' });
});

test('everyone paired says so; a region outside the caller’s area is refused with the reason', async () => {
  mockBackend({ 'care.pairingCoverage': () => ({ ...COVERAGE_TOWNSHIP, total: { ...COVERAGE_TOWNSHIP.total, complete: 12, ratio: 1 }, incomplete: [] }) });
  const page = openPage(PAGE);
  await settle(10);
  expect(visibleText(page)).toContain('重点对象都已落实1+1+1结对');

  mockBackend({ 'care.pairingCoverage': () => failure('FORBIDDEN', '无权查看该地区') });
  const failed = openPage(PAGE, { regionCode: '341722' });
  await settle(10);
  expect(visibleText(failed)).toContain('没能取到结对覆盖情况');
  expect(visibleText(failed)).toContain('无权查看该地区');
});
