/**
 * 留守儿童汇总表 (packageRegistry/pages/summary/index) and its 下钻 page: the county's own row and
 * its townships with one column group at a time; a count opens the children behind it
 * (`summaryCell`), a township its villages; the cross-check sheet in words, failing checks shown
 * at once; 导出 Excel saves and opens the workbook. Empty and failed loads say what to do next.
 */
import { openLoaded, settle, visibleText } from './harness';
import { actAs, failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));

const wx = (global as any).wx;

const PARTITIONS = {
  age: ['age:0-5', 'age:6-13', 'age:14-15', 'age:unknown'],
  sex: ['sex:male', 'sex:female', 'sex:unknown'],
};
const COLUMNS = [
  { key: 'total', label: '留守儿童总数' },
  { key: 'age:0-5', label: '年龄·0–5周岁' },
  { key: 'age:6-13', label: '年龄·6–13周岁' },
  { key: 'age:14-15', label: '年龄·14–15周岁' },
  { key: 'age:unknown', label: '年龄·未填' },
  { key: 'sex:male', label: '性别·男' },
  { key: 'sex:female', label: '性别·女' },
  { key: 'sex:unknown', label: '性别·未填' },
  { key: 'flag:dropout', label: '重点标记·辍学' },
];
const row = (regionCode: string, regionName: string, level: string, c: number[]) => ({
  regionCode,
  regionName,
  level,
  cells: Object.fromEntries(COLUMNS.map((col, i) => [col.key, c[i] ?? 0])),
});

function summary(ok = true) {
  return {
    regionCode: '341721',
    day: '2026-10-08',
    rows: [
      row('341721', '东至县', 'county', [152, 30, 100, 22, 0, 80, 72, 0, 3]),
      row('341721100', '尧渡镇', 'township', [90, 20, 55, 15, 0, 50, 40, 0, 2]),
      row('341721100001', '团结社区', 'village', [40, 10, 25, 5, 0, 22, 18, 0, 1]),
      row('341721101', '东流镇', 'township', [62, 10, 45, 7, 0, 30, 32, 0, 1]),
    ],
    checks: [
      { regionCode: '341721', check: '留守儿童总数 = 各年龄段之和', ok: true, expected: 152, got: 152 },
      { regionCode: '341721100', check: '留守儿童总数 = 下级各单位之和', ok, expected: 90, got: ok ? 90 : 88 },
    ],
    ok,
    columns: COLUMNS,
    partitions: PARTITIONS,
  };
}

beforeEach(() => {
  actAs('countyAdmin');
  wx.navigateTo = jest.fn();
  wx.setNavigationBarTitle = jest.fn();
});
afterAll(() => actAs());

test('the county admin sees the county and its townships by age group; a count opens its children, a township its villages', async () => {
  const api = mockBackend({ 'registry.countySummary': () => summary() });
  const page = await openLoaded('packageRegistry/pages/summary/index');
  expect(api.calls('registry.countySummary')).toEqual([{}]);
  const text = visibleText(page);
  expect(text).toContain('东至县留守儿童汇总表');
  expect(text).toContain('统计日 2026-10-08');
  expect(text).toContain('勾稽校验全部通过（共 2 项）');
  const cards = page.querySelectorAll('.region');
  // The county's own row, then its townships; villages only inside a township.
  expect(page.querySelectorAll('.region__name').map(visibleText)).toEqual(['东至县合计', '尧渡镇乡镇', '东流镇乡镇']);
  expect(visibleText(cards[0])).toContain('152 人');
  expect(visibleText(cards[0])).toContain('1006–13周岁');
  expect(text).not.toContain('团结社区');
  // No column key anywhere.
  expect(text).not.toMatch(/age:|sex:|flag:|341721/);

  // 性别 instead of 年龄段.
  page.querySelector('.group--sex >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page.querySelectorAll('.region')[1])).toContain('50男40女0未填');

  // A count: the children it stands for.
  page.querySelectorAll('.cell')[4].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({
    url: `/packageRegistry/pages/summary-cell/index?region=341721100&column=sex%3Afemale&title=${encodeURIComponent('尧渡镇 · 女')}&day=2026-10-08`,
  });
  // A zero opens nothing.
  const calls = (wx.navigateTo as jest.Mock).mock.calls.length;
  page.querySelectorAll('.cell')[5].dispatchEvent('tap');
  expect((wx.navigateTo as jest.Mock).mock.calls.length).toBe(calls);

  page.querySelector('.open-region >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageRegistry/pages/summary/index?region=341721100' });
});

test('a failing cross-check is shown at once, with the numbers', async () => {
  mockBackend({ 'registry.countySummary': () => summary(false) });
  const page = await openLoaded('packageRegistry/pages/summary/index');
  const text = visibleText(page);
  expect(text).toContain('勾稽校验有 1 项不符，请核对档案');
  const checks = page.querySelectorAll('.check').map(visibleText);
  expect(checks[0]).toContain('尧渡镇：留守儿童总数 = 下级各单位之和');
  expect(checks[0]).toContain('应为 90，实际 88');
  expect(checks[0]).toContain('不符');
});

test('导出 Excel asks for the same region and day, saves the workbook and opens it', async () => {
  const api = mockBackend({ 'registry.countySummary': () => summary(), 'registry.exportSummary': () => ({ fileName: '留守儿童汇总表-341721-2026-10-08.xlsx', base64: 'UEsDBA==', ok: true }) });
  const written: any[] = [];
  wx.env = { USER_DATA_PATH: 'wxfile://usr' };
  wx.getFileSystemManager = () => ({ writeFile: (o: any) => { written.push(o); o.success(); } });
  wx.openDocument = jest.fn((o: any) => o.success());
  const page = await openLoaded('packageRegistry/pages/summary/index');
  page.querySelector('.export >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(api.calls('registry.exportSummary')).toEqual([{ regionCode: '341721', date: '2026-10-08' }]);
  expect(written[0]).toMatchObject({ filePath: 'wxfile://usr/留守儿童汇总表-341721-2026-10-08.xlsx', data: 'UEsDBA==', encoding: 'base64' });
  expect(wx.openDocument).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'wxfile://usr/留守儿童汇总表-341721-2026-10-08.xlsx', fileType: 'xlsx', showMenu: true }));
  expect(visibleText(page)).toContain('已导出：留守儿童汇总表-341721-2026-10-08.xlsx');
});

test('a failed summary says why and 重试 asks again', async () => {
  const api = mockBackend({ 'registry.countySummary': () => failure('FORBIDDEN', '该区域不在您的管辖范围内') });
  const page = await openLoaded('packageRegistry/pages/summary/index', { region: '341722' });
  expect(visibleText(page)).toContain('没能生成汇总表');
  expect(visibleText(page)).toContain('该区域不在您的管辖范围内');
  api.route('registry.countySummary', () => summary());
  page.querySelector('.load-error >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(page.querySelectorAll('.region').length).toBe(3);
  expect(api.calls('registry.countySummary')).toEqual([{ regionCode: '341722' }, { regionCode: '341722' }]);
});

const child = (id: string, name: string, age: number, riskLevel: string) => ({ id, name, gender: 'female', age, villageCode: '341721100001', townshipCode: '341721100', group: '2组', riskLevel, flags: [], incomplete: false, status: 'active' });

test('下钻 lists the children one count stands for, 20 at a time, and opens a file', async () => {
  const api = mockBackend({
    'registry.summaryCell': (i) => ({
      total: 21,
      children: i.skip === 0 ? Array.from({ length: 20 }, (_, k) => child(`c${k}`, `陈小雨${k}`, 9, k === 0 ? 'focus' : 'regular')) : [child('c20', '李欣怡', 12, 'attention')],
      hasMore: i.skip === 0,
    }),
  });
  const page = await openLoaded('packageRegistry/pages/summary-cell/index', { region: '341721100', column: 'sex%3Afemale', title: encodeURIComponent('尧渡镇 · 女'), day: '2026-10-08' });
  expect(api.calls('registry.summaryCell')).toEqual([{ regionCode: '341721100', column: 'sex:female', skip: 0, limit: 20, date: '2026-10-08' }]);
  expect(visibleText(page)).toContain('尧渡镇 · 女');
  expect(visibleText(page)).toContain('共 21 人');
  expect(visibleText(page.querySelectorAll('.child')[0])).toContain('陈小雨0');
  expect(visibleText(page.querySelectorAll('.child')[0])).toContain('重点');
  page.querySelector('.more-button >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(page.querySelectorAll('.child').length).toBe(21);
  expect(page.querySelector('.more-button')).toBeUndefined();
  page.querySelectorAll('.child')[20].querySelector('.row')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageRegistry/pages/child/index?id=c20' });
});

test('下钻 of an empty count, and of a failure', async () => {
  const api = mockBackend({ 'registry.summaryCell': () => ({ total: 0, children: [], hasMore: false }) });
  let page = await openLoaded('packageRegistry/pages/summary-cell/index', { region: '341721100', column: 'flag%3Adropout', title: encodeURIComponent('尧渡镇 · 辍学') });
  expect(visibleText(page)).toContain('这一格没有孩子');
  api.fail('registry.summaryCell', { code: 'NETWORK', message: '网络异常，请稍后重试' });
  page = await openLoaded('packageRegistry/pages/summary-cell/index', { region: '341721100', column: 'total', title: encodeURIComponent('尧渡镇 · 留守儿童总数') });
  expect(visibleText(page)).toContain('没能列出这些孩子');
  expect(visibleText(page)).toContain('网络异常，请稍后重试');
});
