/**
 * Staff and privacy pages scripts/screenshots.ts photographs (issue 12's pages for the registry,
 * accounts-privacy and guardianship actions), each with invented data and the back end answered
 * in place by the page tests' mocked back end. Names start with the capability (`registry-…`).
 */
import { openPage, settle } from '../../tests/components/harness';
import { actAs, mockBackend } from '../../tests/components/page-backend';
import { capture } from './capture';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));
jest.setTimeout(60_000);

const wx = (global as any).wx;
wx.setNavigationBarTitle = jest.fn();

function elder(on: boolean): void {
  wx.setStorageSync('shouwang.elderMode', on ? 'on' : 'off');
}

async function shoot(name: string, route: string, query: Record<string, string> = {}): Promise<void> {
  const page = openPage(route, query);
  await settle();
  await settle();
  await capture(name, route, page);
}

const CAMPAIGN = { id: 'census-341721-2026-09-30', censusDate: '2026-09-30', name: '2026年秋季摸底排查' };
const village = (code: string, name: string, households: number, visited: number, groups: [string, boolean][], unvisited: { householdId: string; group?: string; childNames?: string[] }[] = []) => ({
  villageCode: code,
  villageName: name,
  households,
  visitedHouseholds: visited,
  unvisitedHouseholds: unvisited,
  groups: groups.map(([g, v]) => ({ name: g, visited: v })),
});

test('registry: 排查覆盖 (township, one village)', async () => {
  elder(false);
  actAs('townshipStaff');
  mockBackend({
    'registry.coverage': (i: { regionCode?: string }) =>
      i.regionCode === '341721100002'
        ? {
            campaign: CAMPAIGN,
            regionCode: '341721100002',
            villages: [
              village('341721100002', '东风村', 58, 55, [['1组', true], ['2组', true], ['3组', false], ['4组', true]], [
                { householdId: 'hh_1', group: '3组', childNames: ['陈小雨', '陈小雪'] },
                { householdId: 'hh_2', group: '3组', childNames: ['王浩然'] },
                { householdId: 'hh_3', group: '4组', childNames: ['李欣怡'] },
              ]),
            ],
            totals: { households: 58, visitedHouseholds: 55, groups: 4, visitedGroups: 3 },
          }
        : {
            campaign: CAMPAIGN,
            regionCode: '341721100',
            villages: [
              village('341721100001', '团结社区', 42, 42, [['1组', true], ['2组', true]]),
              village('341721100002', '东风村', 58, 55, [['1组', true], ['2组', true], ['3组', false], ['4组', true]]),
              village('341721100003', '胜利村', 30, 30, [['1组', true]]),
              village('341721100004', '建新村', 47, 39, [['1组', true], ['2组', false], ['5组', false]]),
            ],
            totals: { households: 177, visitedHouseholds: 166, groups: 10, visitedGroups: 7 },
          },
  });
  await shoot('registry-coverage-township', 'packageRegistry/pages/coverage/index');
  actAs('villageOfficer');
  await shoot('registry-coverage-village', 'packageRegistry/pages/coverage/index', { region: '341721100002' });
});

const AGE = ['age:0-5', 'age:6-13', 'age:14-15', 'age:unknown'];
const SUMMARY_COLUMNS = [
  ['total', '留守儿童总数'],
  ['age:0-5', '年龄·0–5周岁'],
  ['age:6-13', '年龄·6–13周岁'],
  ['age:14-15', '年龄·14–15周岁'],
  ['age:unknown', '年龄·未填'],
  ['sex:male', '性别·男'],
  ['sex:female', '性别·女'],
  ['sex:unknown', '性别·未填'],
  ['flag:dropout', '重点标记·辍学'],
  ['flag:familyDifficulty', '重点标记·家庭困难'],
].map(([key, label]) => ({ key, label }));
const summaryRow = (regionCode: string, regionName: string, level: string, n: number[]) => ({
  regionCode,
  regionName,
  level,
  cells: Object.fromEntries(SUMMARY_COLUMNS.map((c, i) => [c.key, n[i] ?? 0])),
});

test('registry: 留守儿童汇总表 and 下钻', async () => {
  elder(false);
  actAs('countyAdmin');
  mockBackend({
    'registry.countySummary': () => ({
      regionCode: '341721',
      day: '2026-10-08',
      rows: [
        summaryRow('341721', '东至县', 'county', [1526, 301, 1002, 223, 0, 802, 724, 0, 12, 40]),
        summaryRow('341721100', '尧渡镇', 'township', [412, 80, 270, 62, 0, 214, 198, 0, 3, 11]),
        summaryRow('341721101', '东流镇', 'township', [268, 51, 176, 41, 0, 139, 129, 0, 2, 8]),
        summaryRow('341721102', '大渡口镇', 'township', [301, 60, 199, 42, 0, 160, 141, 0, 4, 9]),
      ],
      checks: [
        { regionCode: '341721', check: '留守儿童总数 = 各年龄段之和', ok: true, expected: 1526, got: 1526 },
        { regionCode: '341721100', check: '留守儿童总数 = 下级各单位之和', ok: true, expected: 412, got: 412 },
      ],
      ok: true,
      columns: SUMMARY_COLUMNS,
      partitions: { age: AGE, sex: ['sex:male', 'sex:female', 'sex:unknown'] },
    }),
    'registry.summaryCell': () => ({
      total: 3,
      hasMore: false,
      children: [
        { id: 'c1', name: '陈小雨', gender: 'female', age: 9, villageCode: '341721100002', townshipCode: '341721100', group: '3组', riskLevel: 'focus', flags: ['dropout'], incomplete: false, status: 'active' },
        { id: 'c2', name: '王浩然', gender: 'male', age: 13, villageCode: '341721100002', townshipCode: '341721100', group: '1组', riskLevel: 'attention', flags: ['dropout', 'familyDifficulty'], incomplete: true, status: 'active' },
        { id: 'c3', name: '李欣怡', gender: 'female', age: 14, villageCode: '341721100004', townshipCode: '341721100', group: '2组', riskLevel: 'regular', flags: ['dropout'], incomplete: false, status: 'active' },
      ],
    }),
  });
  await shoot('registry-summary', 'packageRegistry/pages/summary/index');
  await shoot('registry-summary-cell', 'packageRegistry/pages/summary-cell/index', { region: '341721100', column: 'flag%3Adropout', title: encodeURIComponent('尧渡镇 · 辍学'), day: '2026-10-08' });
});

test('registry: 导入花名册, the last job unfinished', async () => {
  elder(false);
  actAs('villageOfficer');
  wx.setStorageSync('shouwang.lastImport', { jobId: 'imp_7f3a', fileName: '341721-尧渡镇-留守儿童花名册.xlsx' });
  mockBackend({
    'registry.importStatus': () => ({
      jobId: 'imp_7f3a',
      status: 'running',
      fileName: '341721-尧渡镇-留守儿童花名册.xlsx',
      total: 1200,
      done: 500,
      counts: { accepted: 488, updated: 4, rejected: 8, warnings: 11, skipped: 6 },
      problems: [{ sheet: '东风村', message: '表头“监护人电话”一列重复，已按第一列读取', severity: 'warning' }],
    }),
  });
  await shoot('registry-import-resume', 'packageRegistry/pages/import/index');
  wx.removeStorageSync('shouwang.lastImport');
});
