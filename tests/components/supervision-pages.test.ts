/**
 * 督导看板 and 指标下钻 (packageSupervision): the board shows each number with its share and the
 * change against last month in words, the ranking of the regions below; a number opens its
 * drill-down, a ranked township its board; the drill-down goes county → township → village →
 * the children behind the number (as many rows as the number says, each opening the child's
 * file); 立即重新统计 for the county admin; not-yet-computed, empty and failed states say what to
 * do next. The numbers here are the function's answers (mocked); that they equal independent
 * counts is tests/functions/supervision.test.ts.
 */
import { settle, visibleText, openLoaded } from './harness';
import { actAs, failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));

const wx = (global as any).wx;

const COUNTY = { code: '341721', name: '东至县', level: 'county' };
const YAODU = { code: '341721100', name: '尧渡镇', level: 'township' };
const DONGLIU = { code: '341721101', name: '东流镇', level: 'township' };
const TUANJIE = { code: '341721100001', name: '团结社区', level: 'village' };

const fig = (key: string, value: number | null, of: number | null, previous: number | null, change: string | null) => ({
  key,
  value,
  of,
  rate: value !== null && of ? Math.round((value / of) * 1000) / 10 : null,
  previous,
  change,
});

function board(region = COUNTY, extra: Record<string, unknown> = {}) {
  return {
    region,
    parents: region.level === 'county' ? [] : [COUNTY],
    ready: true,
    asOf: '2026-12-05',
    period: { from: '2026-11-06', to: '2026-12-05' },
    computedAt: '2026-12-05T02:00:00.000Z',
    comparedWith: { asOf: '2026-11-05', computedAt: '2026-11-05T15:00:00.000Z' },
    sections: [
      { section: 'children', label: '在册儿童', figures: [fig('children.registered', 400, null, 390, null)] },
      {
        section: 'visits',
        label: '定期走访',
        figures: [fig('visits.onSchedule', 388, 400, 360, 'better'), fig('visits.overdue', 12, 400, 30, 'better')],
      },
      { section: 'reports', label: '强制报告', figures: [fig('reports.ackMedian', null, null, 35, null)] },
    ],
    ranking: [
      { rank: 1, region: DONGLIU, score: 98.5, rates: { 'visits.onSchedule': 98.5 } },
      { rank: 2, region: YAODU, score: 95.2, rates: { 'visits.onSchedule': 95.2 } },
    ],
    scoreKeys: ['visits.onSchedule'],
    canRefresh: region.level === 'county',
    canManage: region.level === 'county',
    ...extra,
  };
}

const child = (n: number) => ({
  id: `c${n}`,
  kind: 'child',
  title: `张*${n}`,
  detail: '团结社区 · 重点对象',
  note: `逾期${n}天`,
  value: null,
  page: `/packageRegistry/pages/child/index?id=c${n}`,
});

function indicator(region: typeof COUNTY, extra: Record<string, unknown>) {
  return {
    key: 'visits.overdue',
    region,
    parents: region.level === 'county' ? [] : region.level === 'township' ? [COUNTY] : [COUNTY, YAODU],
    asOf: '2026-12-05',
    period: { from: '2026-11-06', to: '2026-12-05' },
    computedAt: '2026-12-05T02:00:00.000Z',
    value: 0,
    of: 0,
    rate: null,
    rows: [],
    items: [],
    total: 0,
    hasMore: false,
    ...extra,
  };
}

/** The overdue visits of a small county: 12 = 9 (尧渡镇) + 3 (东流镇); 尧渡镇's 9 all in 团结社区. */
function drill(input: { regionCode: string; skip: number; limit: number }) {
  if (input.regionCode === COUNTY.code)
    return indicator(COUNTY, {
      value: 12,
      of: 400,
      rate: 3,
      rows: [
        { region: YAODU, value: 9, of: 250, rate: 3.6 },
        { region: DONGLIU, value: 3, of: 150, rate: 2 },
      ],
      total: 2,
    });
  if (input.regionCode === YAODU.code) return indicator(YAODU, { value: 9, of: 250, rate: 3.6, rows: [{ region: TUANJIE, value: 9, of: 60, rate: 15 }], total: 1 });
  const all = Array.from({ length: 9 }, (_, i) => child(i + 1));
  const page = all.slice(input.skip, input.skip + input.limit);
  return indicator(TUANJIE, { value: 9, of: 60, rate: 15, items: page, total: all.length, hasMore: input.skip + page.length < all.length });
}

beforeEach(() => {
  actAs('countyAdmin');
  wx.navigateTo = jest.fn();
  wx.setNavigationBarTitle = jest.fn();
});
afterAll(() => actAs());

test('the county board: numbers with their share and last month in words, the township ranking; a number opens its drill-down, a township its board', async () => {
  const api = mockBackend({ 'supervision.board': () => board() });
  const page = await openLoaded('packageSupervision/pages/board/index');
  expect(api.calls('supervision.board')).toEqual([{}]);
  const text = visibleText(page);
  expect(text).toContain('东至县督导看板');
  expect(text).toContain('统计日 2026-12-05');
  expect(text).toContain('与 2026-11-05 比较');
  const figures = page.querySelectorAll('.figure').map(visibleText);
  expect(figures[0]).toContain('在册留守儿童400 人');
  expect(figures[2]).toContain('走访逾期12 人');
  expect(figures[2]).toContain('占在册留守儿童 400 人的 3%');
  expect(figures[2]).toContain('上月 30 人 · 好转');
  // A median of no reports is a dash, not 0, and opens nothing.
  expect(figures[3]).toContain('确认用时中位数—');
  // No indicator key, code or JSON anywhere.
  expect(text).not.toMatch(/visits\.|children\.|341721|\{/);
  expect(page.querySelectorAll('.rank').map(visibleText)).toEqual([
    expect.stringContaining('第1名 东流镇'),
    expect.stringContaining('第2名 尧渡镇'),
  ]);
  expect(visibleText(page.querySelectorAll('.rank')[1])).toContain('得分 95.2');

  page.querySelectorAll('.figure')[2].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSupervision/pages/indicator/index?key=visits.overdue&region=341721' });
  const before = (wx.navigateTo as jest.Mock).mock.calls.length;
  page.querySelectorAll('.figure')[3].dispatchEvent('tap');
  await settle();
  expect((wx.navigateTo as jest.Mock).mock.calls.length).toBe(before);

  page.querySelectorAll('.rank >>> .row')[1].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSupervision/pages/board/index?region=341721100' });
});

test('a township board asks for its region and offers the county in the breadcrumb, without 立即重新统计', async () => {
  const api = mockBackend({ 'supervision.board': () => board(YAODU, { ranking: [{ rank: 1, region: TUANJIE, score: 85, rates: {} }] }) });
  actAs('townshipStaff');
  const page = await openLoaded('packageSupervision/pages/board/index', { region: '341721100' });
  expect(api.calls('supervision.board')).toEqual([{ regionCode: '341721100' }]);
  expect(visibleText(page)).toContain('各村排名');
  expect(page.querySelectorAll('.refresh')).toHaveLength(0);
  page.querySelector('.crumb')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSupervision/pages/board/index?region=341721' });
});

test('drill-down: county → township → village → the children behind the number, as many as it says, each opening the file', async () => {
  const api = mockBackend({ 'supervision.indicator': drill });
  let page = await openLoaded('packageSupervision/pages/indicator/index', { key: 'visits.overdue', region: '341721' });
  expect(api.calls('supervision.indicator')).toEqual([{ key: 'visits.overdue', regionCode: '341721', skip: 0, limit: 50 }]);
  expect(visibleText(page)).toContain('东至县 · 走访逾期');
  expect(visibleText(page)).toContain('12 人');
  expect(visibleText(page)).toContain('口径：');
  const rows = page.querySelectorAll('.region-row').map(visibleText);
  expect(rows).toEqual([expect.stringContaining('尧渡镇'), expect.stringContaining('东流镇')]);
  expect(rows[0]).toContain('9 人');
  page.querySelectorAll('.region-row >>> .row')[0].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSupervision/pages/indicator/index?key=visits.overdue&region=341721100' });

  page = await openLoaded('packageSupervision/pages/indicator/index', { key: 'visits.overdue', region: '341721100' });
  expect(page.querySelectorAll('.region-row').map(visibleText)).toEqual([expect.stringContaining('团结社区')]);

  page = await openLoaded('packageSupervision/pages/indicator/index', { key: 'visits.overdue', region: '341721100001' });
  expect(visibleText(page)).toContain('团结社区 · 走访逾期');
  expect(visibleText(page)).toContain('儿童清单（共 9 项，与数字一致）');
  const items = page.querySelectorAll('.item');
  // The number says 9 and 9 children are listed.
  expect(items).toHaveLength(9);
  expect(visibleText(items[0])).toContain('张*1');
  expect(visibleText(items[0])).toContain('逾期1天');
  page.querySelectorAll('.item >>> .row')[2].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageRegistry/pages/child/index?id=c3' });
  // The breadcrumb goes back up to the township's number.
  page.querySelectorAll('.crumb')[1].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSupervision/pages/indicator/index?key=visits.overdue&region=341721100' });
});

test('a long list loads 50 at a time until the number is reached', async () => {
  const all = Array.from({ length: 70 }, (_, i) => child(i + 1));
  const api = mockBackend({
    'supervision.indicator': (i) => indicator(TUANJIE, { value: 70, items: all.slice(i.skip, i.skip + i.limit), total: 70, hasMore: i.skip + i.limit < 70 }),
  });
  const page = await openLoaded('packageSupervision/pages/indicator/index', { key: 'visits.overdue', region: '341721100001' });
  expect(page.querySelectorAll('.item')).toHaveLength(50);
  expect(visibleText(page)).toContain('加载更多（已显示 50 / 70）');
  page.querySelector('.more-button >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(api.calls('supervision.indicator').map((c) => c.skip)).toEqual([0, 50]);
  expect(page.querySelectorAll('.item')).toHaveLength(70);
  expect(page.querySelectorAll('.more-button')).toHaveLength(0);
});

test('a zero says there is nothing behind it and where to go next', async () => {
  mockBackend({ 'supervision.indicator': () => indicator(TUANJIE, {}) });
  const page = await openLoaded('packageSupervision/pages/indicator/index', { key: 'visits.overdue', region: '341721100001' });
  expect(page.querySelectorAll('.item')).toHaveLength(0);
  expect(visibleText(page.querySelector('.empty')!)).toContain('这个数字是 0，没有对应的孩子或事项');
  expect(visibleText(page.querySelector('.empty')!)).toContain('返回督导看板');
});

test('before the first computation the county admin is offered 立即重新统计, which recomputes and shows the board', async () => {
  let ready = false;
  const api = mockBackend({
    'supervision.board': () => (ready ? board() : board(COUNTY, { ready: false, asOf: null, period: null, computedAt: null, comparedWith: null, sections: [], ranking: [] })),
    'supervision.refreshBoard': () => {
      ready = true;
      return { runId: 'r1', computedAt: '2026-12-05T02:10:00.000Z', tookMs: 3200 };
    },
  });
  const page = await openLoaded('packageSupervision/pages/board/index');
  expect(visibleText(page.querySelector('.not-ready')!)).toContain('督导指标还没有统计');
  expect(visibleText(page.querySelector('.not-ready')!)).toContain('立即重新统计');
  expect(page.querySelectorAll('.figure')).toHaveLength(0);
  page.querySelector('.refresh >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  await settle();
  expect(api.log).toEqual(['supervision.board', 'supervision.refreshBoard', 'supervision.board']);
  expect(visibleText(page)).toContain('已重新统计（用时 3 秒）');
  expect(page.querySelectorAll('.not-ready')).toHaveLength(0);
  expect(page.querySelectorAll('.figure')).toHaveLength(4);
});

test('a failed board or drill-down says why in Chinese and retries', async () => {
  const api = mockBackend({ 'supervision.board': () => failure('FORBIDDEN', '该地区不在您的管辖范围内') });
  const page = await openLoaded('packageSupervision/pages/board/index', { region: '341721101' });
  expect(visibleText(page.querySelector('.load-error')!)).toContain('没能打开督导看板');
  expect(visibleText(page.querySelector('.load-error')!)).toContain('该地区不在您的管辖范围内');
  api.route('supervision.board', () => board(DONGLIU));
  page.querySelector('.load-error >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(api.calls('supervision.board')).toHaveLength(2);
  expect(visibleText(page)).toContain('东流镇督导看板');

  const api2 = mockBackend({ 'supervision.indicator': () => failure('NOT_READY', '指标正在首次统计，请稍后再看') });
  const p2 = await openLoaded('packageSupervision/pages/indicator/index', { key: 'visits.overdue', region: '341721' });
  expect(visibleText(p2.querySelector('.load-error')!)).toContain('指标正在首次统计，请稍后再看');
  api2.route('supervision.indicator', drill);
  p2.querySelector('.load-error >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(p2.querySelectorAll('.region-row')).toHaveLength(2);
});
