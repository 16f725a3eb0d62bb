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
