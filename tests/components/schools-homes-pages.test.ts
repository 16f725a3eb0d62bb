/**
 * 留守儿童之家 pages (packageSchools/pages/home, home-edit, home-activity, home-inspect,
 * home-settings, homes) through miniprogram-simulate: a school without a home shows 未建 with
 * 建立 for its staff; a built home shows facilities, who runs it, activities and the latest
 * inspection, with the buttons each role may use; staff save the home; a life teacher records an
 * activity; the county's scoring form shows the total and stars live and refuses a score above the
 * item's maximum; the county's settings; the coverage list with 未建 first.
 */
import { openLoaded as open, settle, visibleText, type SimNode } from './harness';
import { actAs, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));

const wx = (global as any).wx;
const P = (name: string) => `packageSchools/pages/${name}/index`;

const CHECKLIST = [
  { key: 'i1', label: '场地与设施', max: 20 },
  { key: 'i2', label: '亲情联系（电话、视频）', max: 20 },
  { key: 'i3', label: '管理制度与人员', max: 15 },
  { key: 'i4', label: '活动开展', max: 20 },
  { key: 'i5', label: '心理关爱', max: 15 },
  { key: 'i6', label: '档案台账', max: 10 },
];
const THRESHOLDS = { star2: 60, star3: 70, star4: 80, star5: 90 };
const STAFF = [
  { personId: 'p-life', name: '周敏', roleLabel: '生活老师' },
  { personId: 'p-staff', name: '王校长', roleLabel: '学校工作人员' },
];
const NONE = { schoolId: 's1', schoolName: '尧渡中心小学', boarding: true, place: '尧渡镇', activities: [], earlier: [], staff: STAFF, canEdit: true, canRecord: false, canInspect: false };
const BUILT = {
  ...NONE,
  home: { name: '阳光留守儿童之家', openedOn: '2025-09-01', facilities: ['activityRoom', 'familyPhone'], facilitiesNote: '心理咨询桌椅一套', runners: [STAFF[0]], hours: '周一至周五 16:30-18:00', address: '教学楼一楼东' },
  activities: [{ id: 'a1', on: '2026-11-20', kind: 'familyCall', participants: 12, childNames: ['林小雨'], note: '和爸爸妈妈视频', byName: '周敏', photoUrls: ['https://x/1.jpg'] }],
  latest: {
    id: 'i1',
    on: '2026-11-24',
    departments: ['education', 'civilAffairs', 'womensFederation'],
    items: CHECKLIST.map((c) => ({ ...c, score: c.max - 2 })),
    total: 88,
    maxTotal: 100,
    score: 88,
    stars: 4,
    findings: '心理辅导未按时开放',
    rectification: '一个月内排出开放时间表',
    byName: '县民政局',
    photoUrls: [],
  },
  canRecord: true,
};

async function typeInput(page: SimNode, selector: string, value: string): Promise<void> {
  page.querySelector(`${selector} >>> .t-input__control`)!.dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
  await settle();
}
async function tap(page: SimNode, selector: string): Promise<void> {
  page.querySelector(`${selector} >>> .t-button`)!.dispatchEvent('tap');
  await settle(10);
  await settle(10);
}

beforeEach(() => {
  wx.navigateTo = jest.fn();
  wx.redirectTo = jest.fn();
  wx.navigateBack = jest.fn();
  wx.showToast = jest.fn();
  wx.previewImage = jest.fn();
});
afterAll(() => actAs());

test('a school without a home shows 未建; its staff tap 建立 and save the home', async () => {
  actAs('schoolStaff');
  const api = mockBackend({ 'schools.getHome': () => NONE, 'schools.saveHome': () => BUILT });
  const page = await open(P('home'), { schoolId: 's1' });
  expect(visibleText(page.querySelector('.not-built')!)).toContain('未建：还没有留守儿童之家');
  await tap(page, '.build');
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageSchools/pages/home-edit/index?schoolId=s1' });

  const edit = await open(P('home-edit'), { schoolId: 's1' });
  expect(edit.querySelectorAll('.facility')).toHaveLength(6);
  expect(edit.querySelectorAll('.runner').map((n) => n.instance.data.label)).toEqual(['周敏（生活老师）', '王校长（学校工作人员）']);
  await tap(edit, '.save');
  expect(visibleText(edit.querySelector('.save-error')!)).toBe('请填写之家名称、建成日期和开放时间');
  edit.querySelector('.date-picker')!.dispatchEvent('change', { detail: { value: '2025-09-01' } });
  await typeInput(edit, '.hours-input', '周一至周五 16:30-18:00');
  edit.querySelector('.facilities')!.instance.triggerEvent('change', { value: ['activityRoom', 'familyPhone'] });
  edit.querySelector('.runners')!.instance.triggerEvent('change', { value: ['p-life'] });
  await settle();
  await tap(edit, '.save');
  expect(api.calls('schools.saveHome')).toEqual([
    { schoolId: 's1', name: '尧渡中心小学留守儿童之家', openedOn: '2025-09-01', facilities: ['activityRoom', 'familyPhone'], runnerIds: ['p-life'], hours: '周一至周五 16:30-18:00' },
  ]);
  expect(wx.navigateBack).toHaveBeenCalled();
});

test('a built home: facilities, who runs it, the latest inspection’s scores and stars, activities; a life teacher may record, not edit or inspect', async () => {
  actAs('lifeTeacher');
  mockBackend({ 'schools.getHome': () => ({ ...BUILT, canEdit: false }) });
  const page = await open(P('home'), { schoolId: 's1' });
  expect(visibleText(page.querySelector('.rating')!)).toBe('★★★★☆ 四星（88分，2026-11-24检查）');
  expect(visibleText(page.querySelector('.facilities')!)).toBe('设施活动室、亲情电话、心理咨询桌椅一套');
  expect(visibleText(page.querySelector('.runners')!)).toBe('负责人周敏（生活老师）');
  expect(visibleText(page.querySelector('.latest-title')!)).toBe('2026-11-24 检查 · 88分 · ★★★★☆ 四星');
  expect(page.querySelectorAll('.score-item')).toHaveLength(6);
  expect(visibleText(page.querySelector('.rectification')!)).toContain('一个月内排出开放时间表');
  expect(visibleText(page.querySelector('.activity-row')!)).toContain('2026-11-20 亲情通话/视频 · 12人参加');
  expect(page.querySelectorAll('.activity .photo')).toHaveLength(1);
  expect(page.querySelectorAll('.record')).toHaveLength(1);
  expect(page.querySelectorAll('.edit')).toHaveLength(0);
  expect(page.querySelectorAll('.inspect')).toHaveLength(0);
  await tap(page, '.record');
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageSchools/pages/home-activity/index?schoolId=s1' });
});

test('a life teacher records an activity: kind, how many, which children; fewer than the children chosen is raised to them', async () => {
  actAs('lifeTeacher');
  const api = mockBackend({
    'schools.listLifeCare': () => ({ schoolId: 's1', schoolName: '尧渡中心小学', noCareDays: 14, dueCount: 0, canLog: true, children: [{ childId: 'c1', name: '林小雨', boarding: true, place: '', due: false, parents: [] }] }),
    'schools.recordHomeActivity': () => BUILT,
  });
  const page = await open(P('home-activity'), { schoolId: 's1' });
  await tap(page, '.save');
  expect(visibleText(page.querySelector('.save-error')!)).toBe('请选择活动类型');
  page.querySelector('.kinds')!.instance.triggerEvent('change', { value: 'festival' });
  page.querySelector('.children')!.instance.triggerEvent('change', { value: ['c1'] });
  await settle();
  await tap(page, '.save');
  expect(api.calls('schools.recordHomeActivity')).toEqual([{ schoolId: 's1', on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), kind: 'festival', participants: 1, childIds: ['c1'], photos: [] }]);
});

test('the county’s scoring form: total and stars live, a score above the item’s maximum refused before sending', async () => {
  actAs('countyAdmin');
  const api = mockBackend({ 'schools.getHome': () => ({ ...BUILT, canInspect: true }), 'schools.homeSettings': () => ({ checklist: CHECKLIST, thresholds: THRESHOLDS }), 'schools.inspectHome': () => BUILT });
  const page = await open(P('home-inspect'), { schoolId: 's1' });
  expect(visibleText(page.querySelector('.thresholds')!)).toBe('本县评星分数线（满分100）：五星≥90，四星≥80，三星≥70，二星≥60，其余一星');
  expect(page.querySelectorAll('.score')).toHaveLength(6);
  await typeInput(page, '.score-input--i1', '25');
  expect(visibleText(page.querySelector('.score-error')!)).toBe('最高20分');
  await typeInput(page, '.score-input--i1', '18');
  expect(page.querySelectorAll('.score-error')).toHaveLength(0);
  for (const [k, v] of [['i2', '19'], ['i3', '13'], ['i4', '17'], ['i5', '12']]) await typeInput(page, `.score-input--${k}`, v);
  expect(visibleText(page.querySelector('.stars')!)).toBe('还有 1 项未打分 · 目前 ★★★☆☆ 三星');
  await tap(page, '.save');
  expect(visibleText(page.querySelector('.save-error')!)).toBe('还有项目没有打分：档案台账');
  await typeInput(page, '.score-input--i6', '7');
  expect(visibleText(page.querySelector('.total')!)).toBe('合计 86 / 100 分');
  expect(visibleText(page.querySelector('.stars')!)).toBe('评为 ★★★★☆ 四星');
  await tap(page, '.save');
  expect(api.calls('schools.inspectHome')[0]).toMatchObject({ schoolId: 's1', departments: ['education', 'civilAffairs', 'womensFederation'], scores: [{ item: 'i1', score: 18 }, { item: 'i2', score: 19 }, { item: 'i3', score: 13 }, { item: 'i4', score: 17 }, { item: 'i5', score: 12 }, { item: 'i6', score: 7 }] });
  expect(wx.showToast).toHaveBeenCalledWith({ title: '已评星，已告知学校', icon: 'success' });
});

test('the county’s settings: thresholds that do not rise are refused; a new item is saved', async () => {
  actAs('countyAdmin');
  const api = mockBackend({ 'schools.homeSettings': (i: any) => ({ checklist: i.checklist ? i.checklist.map((c: any, n: number) => ({ key: c.key ?? `i${n + 1}`, ...c })) : CHECKLIST, thresholds: i.thresholds ?? THRESHOLDS }) });
  const page = await open(P('home-settings'));
  expect(page.querySelectorAll('.item')).toHaveLength(6);
  await typeInput(page, '.star-input--star2', '85');
  await tap(page, '.save');
  expect(visibleText(page.querySelector('.message')!)).toBe('分数线应在1到100之间，从二星到五星逐级升高');
  await typeInput(page, '.star-input--star2', '60');
  await tap(page, '.add-item');
  expect(page.querySelectorAll('.item')).toHaveLength(7);
  await tap(page, '.save');
  expect(visibleText(page.querySelector('.message')!)).toBe('第7项：请填写项目名称（至少2个字）和1到100的满分');
  page.querySelectorAll('.item-label >>> .t-input__control')[6].dispatchEvent('input', { detail: { value: '安全管理', cursor: 4, keyCode: 0 } });
  await settle();
  await tap(page, '.save');
  const sent = api.calls('schools.homeSettings').pop();
  expect(sent.thresholds).toEqual(THRESHOLDS);
  expect(sent.checklist[6]).toEqual({ label: '安全管理', max: 10 });
});

test('coverage: boarding schools without a home first as 未建, stars of the others; a row opens the school’s home', async () => {
  actAs('countyAdmin');
  mockBackend({
    'schools.homeCoverage': () => ({
      region: { code: '341721', name: '东至县' },
      rows: [
        { schoolId: 's2', schoolName: '东流初级中学', place: '东流镇', townshipCode: '341721101', boarding: true, built: false },
        { schoolId: 's1', schoolName: '尧渡中心小学', place: '尧渡镇', townshipCode: '341721100', boarding: true, built: true, homeName: '阳光留守儿童之家', lastInspectedOn: '2026-11-24', stars: 4, score: 86 },
      ],
      boardingSchools: 2,
      boardingWithHome: 1,
      byStars: [0, 0, 0, 0, 1, 0],
      townships: [{ code: '341721100', name: '尧渡镇' }, { code: '341721101', name: '东流镇' }],
      canInspect: true,
    }),
  });
  const page = await open(P('homes'));
  expect(visibleText(page.querySelector('.summary')!)).toBe('寄宿制学校 2 所，已建留守儿童之家 1 所，未建 1 所');
  expect(visibleText(page.querySelector('.stars-line')!)).toBe('五星 0 · 四星 1 · 三星 0 · 二星 0 · 一星 0 · 未检查 0');
  const rows = page.querySelectorAll('.school-row').map(visibleText);
  expect(rows[0]).toContain('未建');
  expect(rows[1]).toContain('★★★★☆ 四星（2026-11-24检查，86分）');
  expect(page.querySelectorAll('.township')).toHaveLength(3);
  page.querySelectorAll('.school-row >>> .row')[0].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageSchools/pages/home/index?schoolId=s2' });
});
