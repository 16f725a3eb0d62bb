/**
 * 排查覆盖 (packageRegistry/pages/census-coverage/index): a township officer sees each village's coverage
 * with the gaps first and opens a village; a village officer sees the villager groups and the
 * households not yet visited, named by their children, and marks them with one tap
 * (`registry.markCoverage`); a group with no left-behind child is added by name. Police see it
 * without the buttons. No campaign yet, and a failed load, say what to do next.
 */
import { openPage, settle, visibleText, type SimNode } from './harness';
import { actAs, failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));

const wx = (global as any).wx;
const PAGE = 'packageRegistry/pages/census-coverage/index';
const CAMPAIGN = { id: 'census-341721-2026-09-30', censusDate: '2026-09-30', name: '2026年秋季摸底排查' };

const village = (code: string, name: string, households: number, visited: number, groups: { name: string; visited: boolean }[]) => ({
  villageCode: code,
  villageName: name,
  households,
  visitedHouseholds: visited,
  unvisitedHouseholds: [],
  groups,
});

const TOWNSHIP = {
  campaign: CAMPAIGN,
  regionCode: '341721100',
  villages: [
    village('341721100001', '团结社区', 42, 42, [{ name: '1组', visited: true }, { name: '2组', visited: true }]),
    village('341721100002', '东风村', 58, 51, [{ name: '1组', visited: true }, { name: '3组', visited: false }]),
    village('341721100003', '胜利村', 30, 30, [{ name: '1组', visited: true }]),
  ],
  totals: { households: 130, visitedHouseholds: 123, groups: 5, visitedGroups: 4 },
};

function oneVillage() {
  return {
    campaign: CAMPAIGN,
    regionCode: '341721100002',
    villages: [
      {
        ...village('341721100002', '东风村', 58, 56, [{ name: '1组', visited: true }, { name: '3组', visited: false }]),
        unvisitedHouseholds: [
          { householdId: 'hh_b2', group: '3组', childNames: ['陈小雨', '陈小雪'] },
          { householdId: 'hh_a1', group: '1组', childNames: ['王浩然'] },
        ],
      },
    ],
    totals: { households: 58, visitedHouseholds: 56, groups: 2, visitedGroups: 1 },
  };
}

async function open(query: Record<string, string> = {}): Promise<SimNode> {
  const page = openPage(PAGE, query);
  await settle();
  await settle();
  return page;
}

function tap(page: SimNode, selector: string, index = 0): void {
  page.querySelectorAll(`${selector} >>> .t-button`)[index]!.dispatchEvent('tap');
}

beforeEach(() => {
  wx.navigateTo = jest.fn();
  wx.setNavigationBarTitle = jest.fn();
});
afterAll(() => actAs());

test('a township officer sees every village with its gaps first, and opens one', async () => {
  actAs('townshipStaff');
  mockBackend({ 'registry.coverage': () => TOWNSHIP });
  const page = await open();
  const text = visibleText(page);
  expect(text).toContain('2026年秋季摸底排查（统计日 2026-09-30）');
  expect(text).toContain('已走访 123 / 130 户 · 村民小组 4 / 5 个');
  const rows = page.querySelectorAll('.village');
  expect(rows.map((r) => visibleText(r))[0]).toContain('东风村');
  expect(visibleText(rows[0])).toContain('已走访 51 / 58 户；未走访小组：3组');
  expect(visibleText(rows[0])).toContain('缺 7 户、缺 1 个组');
  expect(visibleText(rows[1])).toContain('已全覆盖');
  // No internal code anywhere.
  expect(text).not.toMatch(/341721|census-|hh_/);

  rows[0].querySelector('.row')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageRegistry/pages/census-coverage/index?region=341721100002' });

  // Only the villages with gaps.
  page.querySelector('.gaps-only >>> .t-switch__body')!.dispatchEvent('tap');
  await settle();
  expect(page.querySelectorAll('.village').map(visibleText)).toEqual([expect.stringContaining('东风村')]);
});

test('a village officer sees the groups and the unvisited households by name, and marks one visited in one tap', async () => {
  actAs('villageOfficer');
  let view = oneVillage();
  const api = mockBackend({
    'registry.coverage': () => view,
    'registry.markCoverage': (i) => {
      view = { ...view, villages: [{ ...view.villages[0], visitedHouseholds: 57, unvisitedHouseholds: view.villages[0].unvisitedHouseholds.filter((h) => h.householdId !== i.householdId) }] };
      return { id: i.householdId, visited: true };
    },
  });
  const page = await open({ region: '341721100002' });
  expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '东风村 · 排查覆盖' });
  const households = page.querySelectorAll('.household').map(visibleText);
  // By group, each named by its children.
  expect(households[0]).toContain('王浩然家');
  expect(households[0]).toContain('1组 · 1个孩子');
  expect(households[1]).toContain('陈小雨、陈小雪家');
  expect(visibleText(page.querySelectorAll('.group')[0])).toContain('3组');
  expect(visibleText(page.querySelectorAll('.group')[0])).toContain('未走访');

  tap(page, '.mark-household', 1);
  await settle();
  await settle();
  expect(api.calls('registry.markCoverage')).toEqual([{ villageCode: '341721100002', campaignId: CAMPAIGN.id, householdId: 'hh_b2', visited: true }]);
  expect(visibleText(page)).toContain('已标记陈小雨、陈小雪家已走访');
  expect(page.querySelectorAll('.household').length).toBe(1);
  expect(api.calls('registry.coverage').length).toBe(2);
});

test('a group with no left-behind child is registered by its name (5 → 5组); the function’s refusal reads in Chinese', async () => {
  actAs('villageOfficer');
  const api = mockBackend({ 'registry.coverage': () => oneVillage(), 'registry.markCoverage': (i) => ({ id: i.group, visited: true }) });
  const page = await open({ region: '341721100002' });
  page.querySelector('.group-input')!.instance.triggerEvent('change', { value: ' 5 ' });
  tap(page, '.add-group-button');
  await settle();
  await settle();
  expect(api.calls('registry.markCoverage')).toEqual([{ villageCode: '341721100002', campaignId: CAMPAIGN.id, group: '5组', visited: true }]);
  expect(visibleText(page)).toContain('已标记5组已走访');

  api.route('registry.markCoverage', () => failure('VALIDATION_FAILED', 'group：不能超过20个字', { issues: [{ path: 'group', code: 'TOO_LONG', message: '不能超过20个字' }] }));
  page.instance.onNewGroup({ detail: { value: '第三村民小组' } });
  tap(page, '.add-group-button');
  await settle();
  await settle();
  const text = visibleText(page);
  expect(text).toContain('村民小组：不能超过20个字');
  expect(text).not.toContain('group');
});

test('police see the coverage without marking buttons', async () => {
  actAs('police');
  mockBackend({ 'registry.coverage': () => oneVillage() });
  const page = await open({ region: '341721100002' });
  expect(page.querySelectorAll('.household').length).toBe(2);
  expect(page.querySelectorAll('.mark-household').length).toBe(0);
  expect(page.querySelector('.add-group')).toBeUndefined();
});

test('no campaign yet: says so and offers the import', async () => {
  actAs('villageOfficer');
  mockBackend({ 'registry.coverage': () => ({ regionCode: '341721100002', villages: [], totals: { households: 0, visitedHouseholds: 0, groups: 0, visitedGroups: 0 } }) });
  const page = await open();
  expect(visibleText(page)).toContain('还没有摸底排查记录');
  page.querySelector('.no-campaign >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageRegistry/pages/import/index' });
});

test('a failed load says what happened and 重试 loads again', async () => {
  actAs('townshipStaff');
  const api = mockBackend({ 'registry.coverage': () => failure('FORBIDDEN', '您没有权限查看该区域') });
  const page = await open({ region: '341721200' });
  expect(visibleText(page)).toContain('没能查到走访覆盖情况');
  expect(visibleText(page)).toContain('您没有权限查看该区域');
  api.route('registry.coverage', () => TOWNSHIP);
  page.querySelector('.load-error >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(page.querySelectorAll('.village').length).toBe(3);
  expect(api.calls('registry.coverage')).toEqual([{ regionCode: '341721200' }, { regionCode: '341721200' }]);
});
