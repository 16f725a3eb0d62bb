/**
 * 督导 pages scripts/screenshots.ts photographs: the county board (trend, ranking), a township's
 * board, and the drill-down from a number to the township's villages and a village's children.
 * Invented data; the back end is the page tests' mock.
 */
import { openPage, settle } from '../../tests/components/harness';
import { actAs, mockBackend } from '../../tests/components/page-backend';
import { capture } from './capture';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));
jest.setTimeout(60_000);

const wx = (global as any).wx;
wx.setNavigationBarTitle = jest.fn();

async function shoot(name: string, route: string, query: Record<string, string> = {}): Promise<void> {
  wx.setStorageSync('shouwang.elderMode', 'off');
  const page = openPage(route, query);
  await settle();
  await settle();
  await capture(name, route, page);
}

const COUNTY = { code: '341721', name: '东至县', level: 'county' };
const T = [
  { code: '341721100', name: '尧渡镇', level: 'township' },
  { code: '341721101', name: '东流镇', level: 'township' },
  { code: '341721102', name: '大渡口镇', level: 'township' },
  { code: '341721103', name: '胜利镇', level: 'township' },
];
const V = [
  { code: '341721100001', name: '团结社区', level: 'village' },
  { code: '341721100002', name: '东风村', level: 'village' },
  { code: '341721100003', name: '梅城村', level: 'village' },
];

const f = (key: string, value: number | null, of: number | null, previous: number | null, change: string | null) => ({
  key,
  value,
  of,
  rate: value !== null && of ? Math.round((value / of) * 1000) / 10 : null,
  previous,
  change,
});

const COUNTY_BOARD = {
  region: COUNTY,
  parents: [],
  ready: true,
  asOf: '2026-12-05',
  period: { from: '2026-11-06', to: '2026-12-05' },
  computedAt: '2026-12-05T02:00:00.000Z',
  comparedWith: { asOf: '2026-11-05', computedAt: '2026-11-05T15:00:00.000Z' },
  sections: [
    { section: 'children', label: '在册儿童', figures: [f('children.registered', 1526, null, 1498, null), f('children.focus', 212, 1526, 205, null), f('children.attention', 388, 1526, 380, null)] },
    { section: 'visits', label: '定期走访', figures: [f('visits.onSchedule', 1461, 1526, 1380, 'better'), f('visits.overdue', 65, 1526, 118, 'better'), f('visits.recorded', 2210, null, 2050, null)] },
    { section: 'guardianship', label: '监护责任', figures: [f('confirmations.inForce', 1402, 1526, 1410, 'worse'), f('confirmations.expired', 31, 1526, 22, 'worse'), f('orders.open', 4, null, 6, null), f('orders.overdue', 1, 4, 0, 'worse')] },
    { section: 'reports', label: '强制报告', figures: [f('reports.received', 9, null, 7, null), f('reports.ackInTime', 8, 9, 6, 'better'), f('reports.ackMedian', 22, null, 41, 'better'), f('reports.ackWorst', 95, null, 180, 'better')] },
    { section: 'helpline', label: '12355热线', figures: [f('helpline.requests', 57, null, 49, null), f('helpline.answeredInTarget', 55, 57, 46, 'better')] },
    { section: 'staffing', label: '队伍建设', figures: [f('staffing.villagesWithoutOfficer', 3, 88, 5, 'better'), f('staffing.townshipsUnderstaffed', 1, 4, 1, 'same')] },
  ],
  ranking: [
    { rank: 1, region: T[1], score: 97.8, rates: { 'visits.onSchedule': 98.1, 'confirmations.inForce': 97.5 } },
    { rank: 2, region: T[0], score: 95.1, rates: { 'visits.onSchedule': 96.4, 'confirmations.inForce': 93.8 } },
    { rank: 3, region: T[3], score: 92.0, rates: { 'visits.onSchedule': 93.0, 'confirmations.inForce': 91.0 } },
    { rank: 4, region: T[2], score: 88.6, rates: { 'visits.onSchedule': 90.2, 'confirmations.inForce': 87.0 } },
  ],
  scoreKeys: ['visits.onSchedule', 'confirmations.inForce'],
  canRefresh: true,
  canManage: true,
};

const base = (region: unknown, parents: unknown[]) => ({
  key: 'visits.overdue',
  region,
  parents,
  asOf: '2026-12-05',
  period: { from: '2026-11-06', to: '2026-12-05' },
  computedAt: '2026-12-05T02:00:00.000Z',
  rows: [],
  items: [],
  hasMore: false,
});

test('supervision: 督导看板 (county), 指标下钻 to a township and to a village’s children', async () => {
  actAs('countyAdmin');
  mockBackend({
    'supervision.board': () => COUNTY_BOARD,
    'supervision.indicator': (i: { regionCode: string }) =>
      i.regionCode === '341721100'
        ? {
            ...base(T[0], [COUNTY]),
            value: 18,
            of: 412,
            rate: 4.4,
            rows: [
              { region: V[0], value: 3, of: 96, rate: 3.1 },
              { region: V[1], value: 12, of: 140, rate: 8.6 },
              { region: V[2], value: 3, of: 176, rate: 1.7 },
            ],
            total: 3,
          }
        : {
            ...base(V[1], [COUNTY, T[0]]),
            value: 3,
            of: 140,
            rate: 2.1,
            total: 3,
            items: [
              { id: 'c1', kind: 'child', title: '陈*雨', detail: '东风村3组 · 重点对象 · 上次走访 2026-10-20', note: '逾期16天', value: null, page: '/packageRegistry/pages/child/index?id=c1' },
              { id: 'c2', kind: 'child', title: '王*然', detail: '东风村1组 · 关注对象 · 上次走访 2026-09-02', note: '逾期4天', value: null, page: '/packageRegistry/pages/child/index?id=c2' },
              { id: 'c3', kind: 'child', title: '李*怡', detail: '东风村2组 · 一般对象 · 从未走访', note: '逾期1天', value: null, page: '/packageRegistry/pages/child/index?id=c3' },
            ],
          },
  });
  await shoot('supervision-board', 'packageSupervision/pages/board/index');
  await shoot('supervision-indicator-township', 'packageSupervision/pages/indicator/index', { key: 'visits.overdue', region: '341721100' });
  await shoot('supervision-indicator-village', 'packageSupervision/pages/indicator/index', { key: 'visits.overdue', region: '341721100002' });
});

test('supervision: 督导看板 not computed yet (county admin)', async () => {
  actAs('countyAdmin');
  mockBackend({ 'supervision.board': () => ({ ...COUNTY_BOARD, ready: false, asOf: null, period: null, computedAt: null, comparedWith: null, sections: [], ranking: [] }) });
  await shoot('supervision-board-empty', 'packageSupervision/pages/board/index');
});

test('supervision: 队伍建设 (county admin)', async () => {
  actAs('countyAdmin');
  const p = (personId: string, name: string) => ({ personId, name });
  mockBackend({
    'supervision.staffing': () => ({
      region: COUNTY,
      manyChildren: 200,
      townships: [
        { region: T[0], children: 412, needed: 2, staff: [p('p1', '周敏')], villages: [{ region: V[1], children: 140, officers: [] }, { region: V[0], children: 96, officers: [p('p2', '王芳')] }, { region: V[2], children: 176, officers: [p('p3', '吴建国'), p('p4', '孙丽')] }], villagesWithoutOfficer: 1 },
        { region: T[1], children: 150, needed: 1, staff: [p('p5', '陈立')], villages: [{ region: { code: '341721101001', name: '新桥村', level: 'village' }, children: 150, officers: [p('p6', '刘强')] }], villagesWithoutOfficer: 0 },
      ],
      totals: { villages: 4, villagesWithoutOfficer: 1, townships: 2, townshipsUnderstaffed: 1 },
      canInvite: true,
    }),
  });
  await shoot('supervision-staffing', 'packageSupervision/pages/staffing/index');
});
