/**
 * 督导 pages scripts/screenshots.ts photographs: the county board (trend, ranking), a township's
 * board, and the drill-down from a number to the township's villages and a village's children.
 * Invented data; the back end is the page tests' mock.
 */
import { fixClock, openPage, settle } from '../../tests/components/harness';
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

test('supervision: 督导通报 list and one circular (county admin)', async () => {
  actAs('countyAdmin');
  const nov = { id: '341721-2026-11', month: '2026-11', title: '东至县2026年11月农村留守儿童关爱保护工作督导通报', asOf: '2026-11-30', final: true, generatedAt: '2026-11-30T23:00:00.000Z', hasPdf: true };
  const oct = { ...nov, id: '341721-2026-10', month: '2026-10', asOf: '2026-10-31', generatedAt: '2026-10-31T23:00:00.000Z' };
  const dec = { ...nov, id: '341721-2026-12-2026-12-05', month: '2026-12', asOf: '2026-12-05', final: false, generatedAt: '2026-12-05T02:00:00.000Z', hasPdf: false };
  mockBackend({
    'supervision.circulars': () => ({ county: COUNTY, rows: [dec, nov, oct], canMake: true, nextMonth: '2026-12' }),
    'supervision.circular': () => ({
      ...nov,
      period: { from: '2026-11-01', to: '2026-11-30' },
      summary: { registered: 1288, best: [{ name: '东流镇', score: 96.4 }], worst: [{ name: '胜利镇', score: 81.2 }], overdue: { visits: 37, orders: 2, reportsLate: 3, followUps: 1 }, spotChecks: { checked: 24, discrepancies: 3 } },
      ranking: [
        { rank: 1, region: T[1], score: 96.4, rates: {} },
        { rank: 2, region: T[0], score: 92.8, rates: {} },
        { rank: 3, region: T[2], score: 88.1, rates: {} },
        { rank: 4, region: T[3], score: 81.2, rates: {} },
      ],
      sheets: ['概况', '乡镇排名', '各乡镇指标', '全县指标', '逾期事项', '督查抽查'],
      announcedTo: 9,
    }),
  });
  await shoot('supervision-circulars', 'packageSupervision/pages/circulars/index');
  await shoot('supervision-circular', 'packageSupervision/pages/circular/index', { id: '341721-2026-11' });
});

test('supervision: 随机抽查 — a draw, 核实 one item (county admin), 督查整改 (township staff)', async () => {
  fixClock('2026-12-05T16:00:00+08:00');
  actAs('countyAdmin');
  const item = (n: number, child: string, village: { code: string; name: string; level: string }, extra: Record<string, unknown> = {}) => ({
    id: `sc-1-341721100-${n}`,
    n,
    kind: 'visit',
    township: T[0],
    village,
    childName: child,
    record: `走访记录 2026-11-${10 + n} 入户走访`,
    targetId: `v${n}`,
    childId: `c${n}`,
    status: 'pending',
    note: null,
    photos: [],
    checkedAt: null,
    followUp: null,
    ...extra,
  });
  const check = {
    id: 'sc-1',
    kind: 'visit',
    period: { from: '2026-11-06', to: '2026-12-05' },
    perTownship: 3,
    createdAt: '2026-12-05T02:00:00.000Z',
    counts: { items: 6, checked: 2, discrepancies: 1 },
    seed: '7f3a9c01b2de',
    populationSha256: 'f'.repeat(64),
    townships: [
      { region: T[0], population: 212, drawn: 3 },
      { region: T[1], population: 95, drawn: 3 },
    ],
    items: [
      item(1, '王小雨', V[0], { status: 'discrepancy', note: '家长说当天没有人来', checkedAt: '2026-12-05T03:00:00.000Z', followUp: { id: 'fu-1', deadline: '2026-12-12', status: 'open' } }),
      item(2, '李子涵', V[1], { status: 'confirmed', note: '电话回访属实', checkedAt: '2026-12-05T03:10:00.000Z' }),
      item(3, '张浩然', V[2]),
      { ...item(1, '陈欣怡', { code: '341721101001', name: '新桥村', level: 'village' }), id: 'sc-1-341721101-1', township: T[1] },
      { ...item(2, '刘一诺', { code: '341721101001', name: '新桥村', level: 'village' }), id: 'sc-1-341721101-2', township: T[1] },
      { ...item(3, '赵思远', { code: '341721101002', name: '江南村', level: 'village' }), id: 'sc-1-341721101-3', township: T[1] },
    ],
  };
  mockBackend({ 'supervision.spotCheck': () => check, 'supervision.spotChecks': () => ({ rows: [check] }) });
  await shoot('supervision-spot-checks', 'packageSupervision/pages/spot-checks/index');
  await shoot('supervision-spot-check', 'packageSupervision/pages/spot-check/index', { id: 'sc-1' });
  await shoot('supervision-check-item', 'packageSupervision/pages/check-item/index', { checkId: 'sc-1', itemId: 'sc-1-341721100-3' });
  // The period picked for a new draw (开始/结束日期), and an item found not as recorded with its 整改期限 picked.
  wx.setStorageSync('shouwang.elderMode', 'off');
  const draw = openPage('packageSupervision/pages/spot-checks/index');
  await settle();
  await settle();
  draw.instance.onDate({ detail: { value: '2026-11-01' }, currentTarget: { dataset: { field: 'from' } } });
  draw.instance.onDate({ detail: { value: '2026-11-30' }, currentTarget: { dataset: { field: 'to' } } });
  await settle();
  await capture('supervision-spot-checks-period', 'packageSupervision/pages/spot-checks/index', draw);
  const found = openPage('packageSupervision/pages/check-item/index', { checkId: 'sc-1', itemId: 'sc-1-341721100-3' });
  await settle();
  await settle();
  // The tap draws the radio checked; the page is told as the page test tells it (simulate does not pass the group's change on).
  found.querySelector('.result--discrepancy >>> .t-radio')!.dispatchEvent('tap');
  found.instance.onResult({ detail: { value: 'discrepancy' } });
  await settle();
  found.instance.onDeadline({ detail: { value: '2026-12-15' } });
  found.instance.onNote({ detail: { value: '电话回访奶奶，说11月没有人上门，只打过一次电话' } });
  await settle();
  await capture('supervision-check-item-discrepancy', 'packageSupervision/pages/check-item/index', found);
  actAs('townshipStaff');
  mockBackend({
    'supervision.followUp': () => ({
      id: 'fu-1',
      status: 'open',
      township: T[0],
      village: V[0],
      kind: 'visit',
      subject: '走访记录 2026-11-11 入户走访 · 王小雨',
      childId: 'c1',
      problem: '家长说当天没有人来',
      problemPhotos: [],
      deadline: '2026-12-12',
      overdue: false,
      openedAt: '2026-12-05T03:00:00.000Z',
      answer: null,
      reviews: [],
      closedAt: null,
      canAnswer: true,
      canReview: false,
    }),
  });
  await shoot('supervision-follow-up', 'packageSupervision/pages/follow-up/index', { id: 'fu-1' });
  jest.useRealTimers();
});
