/**
 * Screenshots of the 留守儿童之家 pages (invented data, no real person; the back end answered in
 * place by the page tests' mock): a school's home with its latest inspection and activities, a
 * school without one (未建), 登记之家, 记录活动, the county's 检查评星 with scores typed (total and
 * stars live), 检查表与评星分数线 and the coverage list.
 */
import { fixClock, settle, type SimNode, openLoaded } from '../../tests/components/harness';
import { actAs, mockBackend } from '../../tests/components/page-backend';
import { capture } from './capture';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));
jest.setTimeout(60_000);

const wx = (global as any).wx;
wx.setNavigationBarTitle = jest.fn();

const open = (route: string, query: Record<string, string> = {}): Promise<SimNode> => openLoaded(route, query, 10);
async function typeInput(page: SimNode, selector: string, value: string): Promise<void> {
  page.querySelector(`${selector} >>> .t-input__control`)!.dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
  await settle();
}

beforeEach(() => {
  wx.clearStorageSync();
  wx.setStorageSync('shouwang.elderMode', 'off');
  wx.navigateTo = jest.fn();
  fixClock('2026-12-05T16:10:00+08:00');
});
afterEach(() => jest.useRealTimers());
afterAll(() => actAs());

const CHECKLIST = [
  { key: 'i1', label: '场地与设施', max: 20 },
  { key: 'i2', label: '亲情联系（电话、视频）', max: 20 },
  { key: 'i3', label: '管理制度与人员', max: 15 },
  { key: 'i4', label: '活动开展', max: 20 },
  { key: 'i5', label: '心理关爱', max: 15 },
  { key: 'i6', label: '档案台账', max: 10 },
];
const SCORES = [18, 19, 13, 17, 12, 7];
const STAFF = [
  { personId: 'p-life', name: '周芳', roleLabel: '生活老师' },
  { personId: 'p-teacher', name: '孙丽华', roleLabel: '教师' },
  { personId: 'p-staff', name: '吴国平', roleLabel: '学校工作人员' },
];
const HOME = {
  schoolId: 's1',
  schoolName: '尧渡中心小学',
  boarding: true,
  place: '尧渡镇',
  home: {
    name: '尧渡中心小学留守儿童之家',
    openedOn: '2024-09-01',
    facilities: ['activityRoom', 'readingCorner', 'familyPhone', 'videoChat'],
    facilitiesNote: '心理咨询桌椅一套',
    runners: [STAFF[0]],
    hours: '周一至周五 16:30-18:00，周日 14:00-17:00',
    address: '教学楼一楼东侧',
    phone: '05667012345',
  },
  activities: [
    { id: 'a2', on: '2026-12-02', kind: 'familyCall', participants: 14, childNames: ['林小雨', '王子轩'], note: '孩子们轮流和在外务工的爸爸妈妈视频通话', byName: '周芳', photoUrls: [] },
    { id: 'a1', on: '2026-11-28', kind: 'homework', participants: 20, childNames: [], note: '晚自习前辅导数学作业', byName: '孙丽华', photoUrls: [] },
  ],
  latest: {
    id: 'i2',
    on: '2026-11-25',
    departments: ['education', 'civilAffairs', 'womensFederation'],
    items: CHECKLIST.map((c, i) => ({ ...c, score: SCORES[i] })),
    total: 86,
    maxTotal: 100,
    score: 86,
    stars: 4,
    findings: '心理辅导室未按时开放，活动记录缺照片',
    rectification: '一个月内排出心理辅导室开放时间表，活动记录附照片',
    byName: '县民政局',
    photoUrls: [],
  },
  earlier: [{ id: 'i1', on: '2025-11-20', score: 74, stars: 3 }],
  staff: STAFF,
  canEdit: true,
  canRecord: true,
  canInspect: false,
};

test('留守儿童之家: the home, 未建, 登记之家, 记录活动', async () => {
  actAs('schoolStaff');
  mockBackend({ 'schools.getHome': () => HOME });
  await capture('homes-1-home', 'packageSchools/pages/home/index', await open('packageSchools/pages/home/index', { schoolId: 's1' }));
  mockBackend({ 'schools.getHome': () => ({ ...HOME, home: undefined, activities: [], latest: undefined, earlier: [], canRecord: false }) });
  await capture('homes-2-not-built', 'packageSchools/pages/home/index', await open('packageSchools/pages/home/index', { schoolId: 's1' }));
  mockBackend({ 'schools.getHome': () => HOME });
  await capture('homes-3-edit', 'packageSchools/pages/home-edit/index', await open('packageSchools/pages/home-edit/index', { schoolId: 's1' }));
  actAs('lifeTeacher');
  mockBackend({
    'schools.listLifeCare': () => ({
      schoolId: 's1',
      schoolName: '尧渡中心小学',
      noCareDays: 14,
      dueCount: 0,
      canLog: true,
      children: [
        { childId: 'c1', name: '林小雨', boarding: true, place: '', due: false, parents: [] },
        { childId: 'c2', name: '王子轩', boarding: true, place: '', due: false, parents: [] },
        { childId: 'c3', name: '张雨涵', boarding: false, place: '', due: false, parents: [] },
      ],
    }),
  });
  const act = await open('packageSchools/pages/home-activity/index', { schoolId: 's1' });
  act.querySelector('.kinds')!.instance.triggerEvent('change', { value: 'festival' });
  act.querySelector('.children')!.instance.triggerEvent('change', { value: ['c1', 'c2'] });
  await settle();
  await typeInput(act, '.participants-input', '16');
  await capture('homes-4-activity', 'packageSchools/pages/home-activity/index', act);
});

test('留守儿童之家: the county inspects (total and stars live), its settings, the coverage list', async () => {
  actAs('countyAdmin');
  mockBackend({ 'schools.getHome': () => ({ ...HOME, canEdit: false, canRecord: false, canInspect: true }), 'schools.homeSettings': () => ({ checklist: CHECKLIST, thresholds: { star2: 60, star3: 70, star4: 80, star5: 90 } }) });
  const form = await open('packageSchools/pages/home-inspect/index', { schoolId: 's1' });
  for (const [i, c] of CHECKLIST.slice(0, 5).entries()) await typeInput(form, `.score-input--${c.key}`, String(i === 0 ? 25 : SCORES[i]));
  await capture('homes-5-inspect', 'packageSchools/pages/home-inspect/index', form);
  await capture('homes-6-settings', 'packageSchools/pages/home-settings/index', await open('packageSchools/pages/home-settings/index'));
  mockBackend({
    'schools.homeCoverage': () => ({
      region: { code: '341721', name: '东至县' },
      rows: [
        { schoolId: 's2', schoolName: '东流初级中学', place: '东流镇', townshipCode: '341721101', boarding: true, built: false },
        { schoolId: 's3', schoolName: '香隅中心小学', place: '香隅镇', townshipCode: '341721102', boarding: true, built: true, homeName: '香隅中心小学留守儿童之家' },
        { schoolId: 's1', schoolName: '尧渡中心小学', place: '尧渡镇', townshipCode: '341721100', boarding: true, built: true, homeName: '尧渡中心小学留守儿童之家', lastInspectedOn: '2026-11-25', stars: 4, score: 86 },
        { schoolId: 's4', schoolName: '胜利小学', place: '胜利镇', townshipCode: '341721103', boarding: false, built: true, homeName: '胜利小学儿童之家', lastInspectedOn: '2026-10-12', stars: 2, score: 64 },
      ],
      boardingSchools: 3,
      boardingWithHome: 2,
      byStars: [1, 0, 1, 0, 1, 0],
      townships: [
        { code: '341721100', name: '尧渡镇' },
        { code: '341721101', name: '东流镇' },
        { code: '341721102', name: '香隅镇' },
        { code: '341721103', name: '胜利镇' },
      ],
      canInspect: true,
    }),
  });
  await capture('homes-7-coverage', 'packageSchools/pages/homes/index', await open('packageSchools/pages/homes/index'));
});
