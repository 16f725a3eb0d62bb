/**
 * 随机抽查 and 督查整改 (packageSupervision): the county admin draws a sample (kind, how many per
 * township, an optional seed; one request id across a retry), opens it, sees the items by
 * township, checks one as 与记录不符 with a note, and is told the follow-up's deadline and who was
 * told; the township staff find the task on 督查整改 (overdue marked) and answer it; the county
 * admin accepts or returns it. The function's side is tests/functions/supervision-spot-checks.test.ts.
 */
import { openLoaded, settle, visibleText, type SimNode } from './harness';
import { actAs, failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));

const wx = (global as any).wx;

const YAODU = { code: '341721100', name: '尧渡镇', level: 'township' };
const DONGLIU = { code: '341721101', name: '东流镇', level: 'township' };
const TUANJIE = { code: '341721100001', name: '团结社区', level: 'village' };

const item = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `sc-1-341721100-${n}`,
  n,
  kind: 'visit',
  township: YAODU,
  village: TUANJIE,
  childName: n === 1 ? '王小雨' : '李子涵',
  record: '走访记录 2026-11-12 入户走访',
  targetId: `v${n}`,
  childId: `c${n}`,
  status: 'pending',
  note: null,
  photos: [],
  checkedAt: null,
  followUp: null,
  ...extra,
});
const CHECK = {
  id: 'sc-1',
  kind: 'visit',
  period: { from: '2026-11-06', to: '2026-12-05' },
  perTownship: 2,
  createdAt: '2026-12-05T02:00:00.000Z',
  counts: { items: 2, checked: 1, discrepancies: 0 },
  seed: 'a1b2c3',
  populationSha256: 'f'.repeat(64),
  townships: [
    { region: YAODU, population: 40, drawn: 2 },
    { region: DONGLIU, population: 0, drawn: 0 },
  ],
  items: [item(1), item(2, { status: 'confirmed', note: '属实', checkedAt: '2026-12-05T03:00:00.000Z' })],
};
const followUp = (extra: Record<string, unknown> = {}) => ({
  id: 'fu-sc-1-341721100-1',
  status: 'open',
  township: YAODU,
  village: TUANJIE,
  kind: 'visit',
  subject: '走访记录 2026-11-12 入户走访 · 王小雨',
  childId: 'c1',
  problem: '家长说当天没有人来',
  problemPhotos: [],
  deadline: '2026-12-12',
  overdue: false,
  openedAt: '2026-12-05T03:00:00.000Z',
  answer: null,
  reviews: [],
  closedAt: null,
  canAnswer: false,
  canReview: false,
  ...extra,
});

const open = openLoaded;
async function tap(page: SimNode, selector: string): Promise<void> {
  page.querySelector(`${selector} >>> .t-button`)!.dispatchEvent('tap');
  await settle();
  await settle();
}

beforeEach(() => {
  actAs('countyAdmin');
  wx.navigateTo = jest.fn();
  wx.setNavigationBarTitle = jest.fn();
});
afterAll(() => actAs());

test('随机抽查: a wrong number is refused on the page; a draw sends kind, number, seed and one request id across a retry, then opens the draw', async () => {
  const api = mockBackend({ 'supervision.spotChecks': () => ({ rows: [] }), 'supervision.drawSpotCheck': () => failure('NETWORK', '网络异常，请稍后重试') });
  const page = await open('packageSupervision/pages/spot-checks/index');
  expect(visibleText(page.querySelector('.empty')!)).toContain('点上面的“抽取”开始第一次抽查');
  page.instance.onInput({ detail: { value: '30' }, currentTarget: { dataset: { field: 'perTownship' } } });
  await tap(page, '.draw-button');
  expect(visibleText(page.querySelector('.draw-error')!)).toBe('每个乡镇抽取的数量请填1到20');
  expect(api.calls('supervision.drawSpotCheck')).toEqual([]);
  page.instance.onKind({ detail: { value: 'report' } });
  page.instance.onInput({ detail: { value: '2' }, currentTarget: { dataset: { field: 'perTownship' } } });
  page.instance.onInput({ detail: { value: ' seed-1 ' }, currentTarget: { dataset: { field: 'seed' } } });
  await tap(page, '.draw-button');
  expect(visibleText(page.querySelector('.draw-error')!)).toContain('没能抽取：网络异常');
  api.route('supervision.drawSpotCheck', () => ({ ...CHECK, duplicate: false }));
  await tap(page, '.draw-button');
  const [a, b] = api.calls('supervision.drawSpotCheck');
  expect(a).toEqual({ kind: 'report', perTownship: 2, seed: 'seed-1', requestId: expect.any(String) });
  expect(b.requestId).toBe(a.requestId);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSupervision/pages/spot-check/index?id=sc-1' });
});

test('a draw: its seed and progress, the items by township, a township with nothing to draw says so; an item opens 核实', async () => {
  const api = mockBackend({ 'supervision.spotCheck': () => CHECK });
  const page = await open('packageSupervision/pages/spot-check/index', { id: 'sc-1' });
  expect(api.calls('supervision.spotCheck')).toEqual([{ id: 'sc-1' }]);
  expect(visibleText(page.querySelector('.summary')!)).toBe('2026-11-06 至 2026-12-05 · 种子 a1b2c3 · 抽取 2 项，已核实 1 项，与记录不符 0 项');
  const items = page.querySelectorAll('.item').map(visibleText);
  expect(items[0]).toContain('1. 王小雨（团结社区）');
  expect(items[0]).toContain('待核实');
  expect(items[1]).toContain('核实无误');
  expect(visibleText(page.querySelector('.empty-township')!)).toBe('这个乡镇在这段时间没有可抽查的记录');
  page.querySelectorAll('.item >>> .row')[0].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSupervision/pages/check-item/index?checkId=sc-1&itemId=sc-1-341721100-1' });
});

test('核实: without a result it asks for one; 与记录不符 with a note is saved and says the deadline and how many were told', async () => {
  const api = mockBackend({
    'supervision.spotCheck': () => CHECK,
    'supervision.recordSpotCheck': (i) => ({ item: item(1, { status: 'discrepancy', note: i.note, followUp: { id: 'fu-1', deadline: '2026-12-12', status: 'open' } }), followUp: followUp(), told: 2, nobodyReached: false }),
  });
  const page = await open('packageSupervision/pages/check-item/index', { checkId: 'sc-1', itemId: 'sc-1-341721100-1' });
  expect(visibleText(page.querySelector('.subject')!)).toBe('尧渡镇团结社区 · 走访记录 2026-11-12 入户走访');
  await tap(page, '.save');
  expect(visibleText(page.querySelector('.save-error')!)).toBe('请选择核实结果：核实无误，或与记录不符');
  page.instance.onResult({ detail: { value: 'discrepancy' } });
  page.instance.onNote({ detail: { value: ' 家长说当天没有人来 ' } });
  await tap(page, '.save');
  expect(api.calls('supervision.recordSpotCheck')).toEqual([{ itemId: 'sc-1-341721100-1', result: 'discrepancy', note: '家长说当天没有人来', photos: [] }]);
  expect(visibleText(page.querySelector('.done')!)).toBe('已记录，并向尧渡镇开出整改任务，期限 2026-12-12，已在“消息”中通知 2 人');
  expect(page.querySelectorAll('.save')).toHaveLength(0);
  await tap(page, '.open-follow-up');
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSupervision/pages/follow-up/index?id=fu-1' });
});

test('随机抽查: a chosen period is sent as 开始日期 / 结束日期, a reversed one is refused on the page, 恢复为近30天 forgets it', async () => {
  const api = mockBackend({ 'supervision.spotChecks': () => ({ rows: [] }), 'supervision.drawSpotCheck': () => ({ ...CHECK, duplicate: false }) });
  const page = await open('packageSupervision/pages/spot-checks/index');
  expect(visibleText(page.querySelector('.from-picker')!)).toContain('近30天（默认）');
  page.instance.onDate({ detail: { value: '2026-11-20' }, currentTarget: { dataset: { field: 'from' } } });
  page.instance.onDate({ detail: { value: '2026-11-10' }, currentTarget: { dataset: { field: 'to' } } });
  await tap(page, '.draw-button');
  expect(visibleText(page.querySelector('.draw-error')!)).toBe('开始日期不能晚于结束日期');
  expect(api.calls('supervision.drawSpotCheck')).toEqual([]);
  page.instance.onDate({ detail: { value: '2026-11-30' }, currentTarget: { dataset: { field: 'to' } } });
  await tap(page, '.draw-button');
  expect(api.calls('supervision.drawSpotCheck')).toEqual([{ kind: 'visit', perTownship: 3, from: '2026-11-20', to: '2026-11-30', requestId: expect.any(String) }]);
  await tap(page, '.clear-period');
  expect(visibleText(page.querySelector('.from-picker')!)).toContain('近30天（默认）');
  expect(page.querySelectorAll('.clear-period')).toHaveLength(0);
  await tap(page, '.draw-button');
  expect(api.calls('supervision.drawSpotCheck')[1]).toEqual({ kind: 'visit', perTownship: 3, requestId: expect.any(String) });
});

test('核实: 与记录不符 with a picked 整改期限 sends the days until it; without one the county default applies', async () => {
  const api = mockBackend({
    'supervision.spotCheck': () => CHECK,
    'supervision.recordSpotCheck': (i) => ({ item: item(1, { status: 'discrepancy', note: i.note, followUp: { id: 'fu-1', deadline: '2026-12-12', status: 'open' } }), followUp: followUp(), told: 2, nobodyReached: false }),
  });
  const page = await open('packageSupervision/pages/check-item/index', { checkId: 'sc-1', itemId: 'sc-1-341721100-1' });
  expect(page.querySelectorAll('.deadline-picker')).toHaveLength(0);
  page.instance.onResult({ detail: { value: 'discrepancy' } });
  await settle();
  expect(visibleText(page.querySelector('.deadline-picker')!)).toContain('按县里设定的天数（默认7天）');
  const first = page.instance.data.firstDeadline as string;
  const [y, m, d] = first.split('-').map(Number);
  const tenDaysAhead = new Date(Date.UTC(y, m - 1, d + 9)).toISOString().slice(0, 10);
  page.instance.onDeadline({ detail: { value: tenDaysAhead } });
  page.instance.onNote({ detail: { value: '家长说当天没有人来' } });
  await tap(page, '.save');
  expect(api.calls('supervision.recordSpotCheck')).toEqual([{ itemId: 'sc-1-341721100-1', result: 'discrepancy', note: '家长说当天没有人来', photos: [], followUpDays: 10 }]);
});

test('督查整改 for township staff: overdue marked; answering sends the note and shows it waiting for the county', async () => {
  actAs('townshipStaff');
  mockBackend({
    'supervision.followUps': () => ({ region: YAODU, rows: [followUp({ overdue: true, deadline: '2026-12-01' }), followUp({ id: 'fu-2', status: 'closed' })] }),
  });
  const list = await open('packageSupervision/pages/follow-ups/index');
  expect(visibleText(list.querySelector('.summary')!)).toBe('待整改 1 项，其中已逾期 1 项；共 2 项');
  const rows = list.querySelectorAll('.follow-up').map(visibleText);
  expect(rows[0]).toContain('期限 2026-12-01（已逾期）');
  expect(rows[0]).toContain('已逾期');
  expect(rows[1]).toContain('已办结');

  const api = mockBackend({
    'supervision.followUp': () => followUp({ canAnswer: true, overdue: true, deadline: '2026-12-01' }),
    'supervision.answerFollowUp': (i) => followUp({ status: 'answered', answer: { note: i.note, photos: [], at: '2026-12-05T04:00:00.000Z' } }),
  });
  const page = await open('packageSupervision/pages/follow-up/index', { id: 'fu-sc-1-341721100-1' });
  expect(visibleText(page.querySelector('.deadline')!)).toBe('整改期限 2026-12-01，已过期限，请尽快整改并回复');
  page.instance.onInput({ detail: { value: '已补做入户走访' }, currentTarget: { dataset: { field: 'note' } } });
  await tap(page, '.answer-button');
  expect(api.calls('supervision.answerFollowUp')).toEqual([{ id: 'fu-sc-1-341721100-1', note: '已补做入户走访', photos: [] }]);
  expect(visibleText(page.querySelector('.done')!)).toBe('已回复，县民政局确认后办结');
  expect(visibleText(page.querySelector('.history')!)).toContain('乡镇回复：已补做入户走访');
  expect(page.querySelectorAll('.answer-button')).toHaveLength(0);
});

test('the county admin returns an answer (a reason is needed) or accepts it', async () => {
  const answered = followUp({ status: 'answered', canReview: true, answer: { note: '已补做', photos: [], at: '2026-12-05T04:00:00.000Z' } });
  const api = mockBackend({ 'supervision.followUp': () => answered, 'supervision.reviewFollowUp': () => failure('VALIDATION_FAILED', '退回整改时请写明原因') });
  const page = await open('packageSupervision/pages/follow-up/index', { id: 'fu-1' });
  await tap(page, '.return');
  expect(api.calls('supervision.reviewFollowUp')).toEqual([{ id: 'fu-1', accept: false }]);
  expect(visibleText(page.querySelector('.action-error')!)).toContain('退回整改时请写明原因');
  api.route('supervision.reviewFollowUp', () => followUp({ status: 'closed', closedAt: '2026-12-05T05:00:00.000Z', reviews: [{ accepted: true, note: null, at: '2026-12-05T05:00:00.000Z' }] }));
  await tap(page, '.accept');
  expect(api.calls('supervision.reviewFollowUp')[1]).toEqual({ id: 'fu-1', accept: true });
  expect(visibleText(page.querySelector('.done')!)).toBe('已办结，已告知乡镇');
  expect(visibleText(page.querySelector('.status')!)).toContain('已办结');
});

test('the county board leads to 随机抽查 and 督查整改', async () => {
  const board = { region: { code: '341721', name: '东至县', level: 'county' }, parents: [], ready: false, asOf: null, period: null, computedAt: null, comparedWith: null, sections: [], ranking: [], scoreKeys: [], canRefresh: true, canManage: true };
  mockBackend({ 'supervision.board': () => board });
  const page = await open('packageSupervision/pages/board/index');
  page.querySelector('.link--spot-checks >>> .row')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSupervision/pages/spot-checks/index' });
  page.querySelector('.link--follow-ups >>> .row')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSupervision/pages/follow-ups/index' });
});
