/**
 * 督导通报 (packageSupervision/pages/circulars, pages/circular): the board leads to the list; the
 * list shows each month's circular (the month so far tagged 截至当日) and, for the county admin,
 * 立即生成上月通报 which makes, says so and opens it; a circular shows its headline figures and
 * the township ranking, and 下载 Excel downloads the file by its temporary link and opens it in
 * the system viewer; empty and failed states say what to do next. The workbook itself is checked
 * in tests/functions/supervision-circular.test.ts.
 */
import { openLoaded, settle, visibleText } from './harness';
import { actAs, failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));

const wx = (global as any).wx;

const COUNTY = { code: '341721', name: '东至县', level: 'county' };
const YAODU = { code: '341721100', name: '尧渡镇', level: 'township' };
const DONGLIU = { code: '341721101', name: '东流镇', level: 'township' };

const ROW_NOV = { id: '341721-2026-11', month: '2026-11', title: '东至县2026年11月农村留守儿童关爱保护工作督导通报', asOf: '2026-11-30', final: true, generatedAt: '2026-11-30T23:00:00.000Z', hasPdf: false };
const ROW_DEC = { id: '341721-2026-12-2026-12-05', month: '2026-12', title: '东至县2026年12月…（截至12月5日）', asOf: '2026-12-05', final: false, generatedAt: '2026-12-05T02:00:00.000Z', hasPdf: false };
const LIST = { county: COUNTY, rows: [ROW_DEC, ROW_NOV], canMake: true, nextMonth: '2026-12' };
const VIEW = {
  ...ROW_NOV,
  period: { from: '2026-11-01', to: '2026-11-30' },
  summary: {
    registered: 412,
    best: [{ name: '东流镇', score: 98.5 }],
    worst: [],
    overdue: { visits: 12, orders: 1, reportsLate: 2, followUps: 0 },
    spotChecks: { checked: 10, discrepancies: 3 },
  },
  ranking: [
    { rank: 1, region: DONGLIU, score: 98.5, rates: {} },
    { rank: 2, region: YAODU, score: null, rates: {} },
  ],
  sheets: ['概况', '乡镇排名', '各乡镇指标', '全县指标', '逾期事项', '督查抽查'],
  announcedTo: 9,
};

const open = openLoaded;

beforeEach(() => {
  actAs('countyAdmin');
  wx.navigateTo = jest.fn();
  wx.setNavigationBarTitle = jest.fn();
});
afterAll(() => actAs());

test('a county board leads to 督导通报; a village board does not', async () => {
  const board = (region: typeof COUNTY) => ({ region, parents: [], ready: false, asOf: null, period: null, computedAt: null, comparedWith: null, sections: [], ranking: [], scoreKeys: [], canRefresh: false, canManage: false });
  mockBackend({ 'supervision.board': () => board(COUNTY) });
  const page = await open('packageSupervision/pages/board/index');
  page.querySelector('.link--circulars >>> .row')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSupervision/pages/circulars/index' });
  mockBackend({ 'supervision.board': () => board({ code: '341721100001', name: '团结社区', level: 'village' }) });
  const village = await open('packageSupervision/pages/board/index', { region: '341721100001' });
  expect(village.querySelectorAll('.link')).toHaveLength(0);
});

test('the list: each month with when it was made, the month so far tagged; a circular opens its page', async () => {
  const api = mockBackend({ 'supervision.circulars': () => LIST });
  const page = await open('packageSupervision/pages/circulars/index');
  expect(api.calls('supervision.circulars')).toEqual([{}]);
  const rows = page.querySelectorAll('.circular').map(visibleText);
  expect(rows[0]).toContain('2026年12月督导通报');
  expect(rows[0]).toContain('截至当日');
  expect(rows[1]).toContain('2026年11月督导通报');
  expect(rows[1]).toContain('统计至11月30日 · 12月1日 07:00 生成');
  expect(rows[1]).not.toContain('截至当日');
  page.querySelectorAll('.circular >>> .row')[1].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSupervision/pages/circular/index?id=341721-2026-11' });
});

test('立即生成上月通报 (county admin): made, told, opened; a failure says why', async () => {
  const api = mockBackend({
    'supervision.circulars': () => ({ ...LIST, rows: [] }),
    'supervision.makeCircular': () => ({ ...ROW_NOV, existing: false }),
  });
  const page = await open('packageSupervision/pages/circulars/index');
  expect(visibleText(page.querySelector('.empty')!)).toContain('点上面的“立即生成上月通报”，或等每月1日自动生成');
  page.querySelector('.make-last >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(api.calls('supervision.makeCircular')).toEqual([{}]);
  expect(visibleText(page.querySelector('.make-message')!)).toBe('已生成2026年11月督导通报，并在“消息”中通知了县民政局和各乡镇工作人员');
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSupervision/pages/circular/index?id=341721-2026-11' });
  api.fail('supervision.makeCircular', { code: 'NOT_APPLICABLE', message: '2027年1月还没有开始，不能生成通报' });
  page.querySelector('.make-this >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(api.calls('supervision.makeCircular')[1]).toEqual({ month: '2026-12' });
  expect(visibleText(page.querySelector('.make-message')!)).toContain('没能生成通报：2027年1月还没有开始，不能生成通报');
});

test('township staff: no making, and the empty list says when one comes', async () => {
  actAs('townshipStaff');
  mockBackend({ 'supervision.circulars': () => ({ ...LIST, rows: [], canMake: false }) });
  const page = await open('packageSupervision/pages/circulars/index');
  expect(page.querySelectorAll('.make-last')).toHaveLength(0);
  expect(visibleText(page.querySelector('.empty')!)).toContain('每月1日自动生成上月通报，生成后会在“消息”里通知您');
});

test('a circular: figures and ranking in words; 下载 Excel downloads by the link and opens it', async () => {
  const api = mockBackend({
    'supervision.circular': () => VIEW,
    'supervision.circularFile': () => ({ fileName: 'x.xlsx', url: 'https://files.example/x.xlsx', expiresAt: '2026-12-05T03:00:00.000Z' }),
  });
  wx.downloadFile = jest.fn((o: any) => o.success({ statusCode: 200, tempFilePath: '/tmp/x.xlsx' }));
  wx.openDocument = jest.fn((o: any) => o.success?.());
  const page = await open('packageSupervision/pages/circular/index', { id: '341721-2026-11' });
  expect(api.calls('supervision.circular')).toEqual([{ id: '341721-2026-11' }]);
  const text = visibleText(page);
  expect(text).toContain('统计期 2026-11-01 至 2026-11-30 · 12月1日 07:00 生成 · 已通知 9 人');
  expect(visibleText(page.querySelector('.summary')!)).toContain('走访逾期 12 人，责令逾期 1 件，报告超时确认 2 件，整改逾期 0 件');
  expect(visibleText(page.querySelector('.summary')!)).toContain('随机抽查核实 10 件，发现与记录不符 3 件');
  const ranks = page.querySelectorAll('.rank').map(visibleText);
  expect(ranks[0]).toContain('第1名 东流镇');
  expect(ranks[1]).toContain('暂无可比的完成率');
  page.querySelector('.download >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(api.calls('supervision.circularFile')).toEqual([{ id: '341721-2026-11', format: 'xlsx' }]);
  expect(wx.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url: 'https://files.example/x.xlsx' }));
  expect(wx.openDocument).toHaveBeenCalledWith(expect.objectContaining({ filePath: '/tmp/x.xlsx', fileType: 'xlsx' }));
  expect(page.querySelectorAll('.download-error')).toHaveLength(0);
  await (async () => {
    page.querySelector('.download-pdf >>> .t-button')!.dispatchEvent('tap');
    await settle();
    await settle();
  })();
  expect(api.calls('supervision.circularFile')[1]).toEqual({ id: '341721-2026-11', format: 'pdf' });
  expect(wx.openDocument).toHaveBeenLastCalledWith(expect.objectContaining({ fileType: 'pdf' }));
  page.querySelectorAll('.rank >>> .row')[0].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSupervision/pages/board/index?region=341721101' });
});

test('a failed download says so; a circular that is not there says what to do', async () => {
  mockBackend({ 'supervision.circular': () => VIEW, 'supervision.circularFile': () => ({ fileName: 'x.xlsx', url: 'https://files.example/x.xlsx', expiresAt: '2026-12-05T03:00:00.000Z' }) });
  wx.downloadFile = jest.fn((o: any) => o.fail({ errMsg: 'downloadFile:fail' }));
  const page = await open('packageSupervision/pages/circular/index', { id: '341721-2026-11' });
  page.querySelector('.download >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(visibleText(page.querySelector('.download-error')!)).toBe('下载失败，请检查网络后重试');
  mockBackend({ 'supervision.circular': () => failure('NOT_FOUND', '没有这期通报') });
  const gone = await open('packageSupervision/pages/circular/index', { id: 'x' });
  expect(visibleText(gone.querySelector('.load-error')!)).toContain('没有这期通报');
});
