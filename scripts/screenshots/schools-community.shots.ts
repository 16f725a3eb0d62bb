/**
 * Screenshots of the school and 关爱服务 pages (invented data, no real person; the back end
 * answered in place by the page tests' mock): a life teacher's 关爱名单 with one child open, the
 * county's 关爱提醒 days, a school's 定期排查 (its rolls and a finished check's result), a child
 * referred to the protection centre (转介到服务机构) and the centre's 转介单, and the school's
 * care notes a parent reads on 亲情连线, in standard size and in 长辈模式; a dropout case with
 * its legal measures (the notice's photo) and the form township staff record one with, and a
 * county's cases a page at a time.
 */
import { fixClock, settle, type SimNode, openLoaded } from '../../tests/components/harness';
import { actAs, mockBackend } from '../../tests/components/page-backend';
import { capture } from './capture';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));
jest.setTimeout(60_000);

const wx = (global as any).wx;
wx.setNavigationBarTitle = jest.fn();

function elder(on: boolean): void {
  wx.setStorageSync('shouwang.elderMode', on ? 'on' : 'off');
}

const open = (route: string, query: Record<string, string> = {}): Promise<SimNode> => openLoaded(route, query, 10);

beforeEach(() => {
  wx.clearStorageSync();
  elder(false);
  wx.navigateTo = jest.fn();
  wx.pageScrollTo = jest.fn();
  fixClock('2026-12-05T16:10:00+08:00');
});
afterEach(() => {
  jest.useRealTimers();
});
afterAll(() => actAs());

// ---------------------------------------------------------------------------------------------
// 生活老师关爱

const father = { parent: 'father', label: '父亲', name: '林大山' };
const mother = { parent: 'mother', label: '母亲', name: '何秀英' };
const LIFE_CARE = {
  schoolId: 's1',
  schoolName: '尧渡中心小学',
  noCareDays: 14,
  dueCount: 3,
  canLog: true,
  children: [
    { childId: 'c5', name: '刘思源', boarding: true, age: 12, place: '尧渡镇 · 东风村', due: true, parents: [father] },
    { childId: 'c2', name: '王子轩', boarding: true, age: 11, place: '尧渡镇 · 东风村', lastCareOn: '2026-11-18', lastKind: 'homeSchool', daysSince: 17, due: true, parents: [mother] },
    { childId: 'c1', name: '林小雨', boarding: true, age: 9, place: '尧渡镇 · 团结社区', lastCareOn: '2026-11-20', lastKind: 'familyCall', daysSince: 15, due: true, parents: [father, mother] },
    { childId: 'c3', name: '陈小川', boarding: true, age: 10, place: '尧渡镇 · 梅城村', lastCareOn: '2026-12-01', lastKind: 'familyCall', daysSince: 4, due: false, parents: [father] },
    { childId: 'c4', name: '张雨涵', boarding: false, age: 8, place: '尧渡镇 · 团结社区', lastCareOn: '2026-12-03', lastKind: 'tutoring', daysSince: 2, due: false, parents: [] },
  ],
};
const CHILD_CARE = {
  ...LIFE_CARE.children[2],
  schoolName: '尧渡中心小学',
  noCareDays: 14,
  canLog: true,
  lastCareOn: '2026-12-05',
  lastKind: 'comfort',
  daysSince: 0,
  due: false,
  logs: [
    { id: 'l3', kind: 'comfort', on: '2026-12-05', byName: '周敏', note: '想妈妈了，陪她聊了一会儿' },
    { id: 'l2', kind: 'familyCall', on: '2026-11-20', byName: '周敏', parent: 'mother' },
    { id: 'l1', kind: 'dailyCare', on: '2026-11-08', byName: '周敏', note: '换季添了被子' },
  ],
};

test('生活老师关爱: the list, one child open with what was just logged; the county’s 关爱提醒 days', async () => {
  actAs('lifeTeacher');
  let logged = false;
  const afterLog = { ...LIFE_CARE, dueCount: 2, children: [LIFE_CARE.children[0], LIFE_CARE.children[1], LIFE_CARE.children[3], { ...LIFE_CARE.children[2], lastCareOn: '2026-12-05', lastKind: 'comfort', daysSince: 0, due: false }, LIFE_CARE.children[4]] };
  mockBackend({
    'schools.listLifeCare': () => (logged ? afterLog : LIFE_CARE),
    'schools.getChildCare': () => ({ ...CHILD_CARE, ...LIFE_CARE.children[2], logs: CHILD_CARE.logs.slice(1) }),
    'schools.logCare': () => ((logged = true), CHILD_CARE),
  });
  const list = await open('packageSchools/pages/life-care/index', { schoolId: 's1' });
  await capture('schools-1-life-care', 'packageSchools/pages/life-care/index', list);
  list.querySelectorAll('.child-row >>> .row')[2].dispatchEvent('tap');
  await settle(10);
  list.querySelector('.kind--comfort >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  await settle(10);
  await capture('schools-2-life-care-child', 'packageSchools/pages/life-care/index', list);

  actAs('countyAdmin');
  mockBackend({ 'schools.updateLifeCareSettings': () => ({ noCareDays: 14 }) });
  const settings = await open('packageSchools/pages/care-settings/index');
  await capture('schools-3-care-settings', 'packageSchools/pages/care-settings/index', settings);
});

// ---------------------------------------------------------------------------------------------
// 定期排查

const counts = { accepted: 412, rejected: 3, skipped: 6, leftBehind: 58, registered: 55 };
const check = (over: Record<string, unknown> = {}) => ({
  jobId: 'roll_2',
  status: 'done',
  fileName: '尧渡中心小学2026秋学籍名单.xlsx',
  term: '2026-autumn',
  termLabel: '2026年秋季学期',
  total: 415,
  done: 415,
  counts,
  problems: [{ code: 'ROW_NO_ID', severity: 'warning', message: '3 行没有身份证号，未比对（第12、57、203行）', sheet: '三年级' }],
  refused: false,
  checkedOn: '2026-09-15',
  current: true,
  ...over,
});

test('定期排查: the school’s rolls this term, and a finished check’s result', async () => {
  actAs('schoolStaff');
  mockBackend({
    'schools.listRollChecks': () => ({
      school: { id: 's1', name: '尧渡中心小学' },
      term: '2026-autumn',
      termLabel: '2026年秋季学期',
      canUpload: true,
      checks: [
        check(),
        check({ jobId: 'roll_1', fileName: '学籍名单（初稿）.xlsx', total: 0, done: 0, counts: { accepted: 0, rejected: 0, skipped: 0, leftBehind: 0, registered: 0 }, refused: true, current: false, checkedOn: '2026-09-12', problems: [{ code: 'NO_ID_COLUMN', severity: 'error', message: '找不到“身份证号”列：请在第一行写上列名“身份证号”', sheet: 'Sheet1' }] }),
      ],
    }),
  });
  const roll = await open('packageSchools/pages/roll/index');
  await capture('schools-4-roll', 'packageSchools/pages/roll/index', roll);

  mockBackend({
    'schools.rollCheckResult': () => ({
      check: check(),
      schoolName: '尧渡中心小学',
      rollsOfTerm: 41,
      schoolsOfCounty: 60,
      notOnRoll: [
        { childId: 'r1', name: '许小满', place: '尧渡镇 · 团结社区', age: 11, note: '不在本学期任何已上传的学籍名单中：请核实是否辍学或转学' },
        { childId: 'r2', name: '汪浩宇', place: '尧渡镇 · 东风村', age: 13, caseId: 'case-3', note: '不在本学期任何已上传的学籍名单中：已有控辍案件' },
      ],
      onOtherRoll: [{ childId: 'r3', name: '方思琪', place: '尧渡镇 · 梅城村', age: 10, note: '在东流中心小学的学籍名单中' }],
      noIdNumber: [],
      unregistered: [{ sheet: '五年级', row: 7, name: '吴小禾', grade: '五年级', className: '1班' }],
      unlinked: [],
      noLeftBehindColumn: false,
    }),
  });
  const result = await open('packageSchools/pages/roll-result/index', { jobId: 'roll_2' });
  await capture('schools-5-roll-result', 'packageSchools/pages/roll-result/index', result);

  // A roll that could not be used: what was wrong, to correct and upload again.
  const problems = [
    { code: 'NO_ID_COLUMN', severity: 'error', message: '找不到“身份证号”列：请在第一行写上列名“身份证号”', sheet: 'Sheet1' },
    { code: 'NO_LEFT_BEHIND_COLUMN', severity: 'info', message: '没有“是否留守儿童”列：未登记的留守儿童无法发现', sheet: 'Sheet1' },
  ];
  mockBackend({
    'schools.rollCheckResult': () => ({
      check: check({ jobId: 'roll_1', fileName: '学籍名单（初稿）.xlsx', total: 0, done: 0, counts: { accepted: 0, rejected: 0, skipped: 0, leftBehind: 0, registered: 0 }, refused: true, current: false, checkedOn: '2026-09-12', problems }),
      schoolName: '尧渡中心小学', rollsOfTerm: 41, schoolsOfCounty: 60, notOnRoll: [], onOtherRoll: [], noIdNumber: [], unregistered: [], unlinked: [], noLeftBehindColumn: true,
    }),
  });
  const refused = await open('packageSchools/pages/roll-result/index', { jobId: 'roll_1' });
  await capture('schools-5-roll-result-refused', 'packageSchools/pages/roll-result/index', refused);
});

// ---------------------------------------------------------------------------------------------
// 辍学劝返个案 with legal measures

/** A document photo drawn as an SVG (a notice with a red seal). */
function noticePhoto(): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400"><rect width="300" height="400" fill="#f7f4ec"/><rect x="40" y="40" width="220" height="14" fill="#333"/><rect x="30" y="90" width="240" height="6" fill="#999"/><rect x="30" y="110" width="240" height="6" fill="#999"/><rect x="30" y="130" width="200" height="6" fill="#999"/><rect x="30" y="150" width="230" height="6" fill="#999"/><circle cx="210" cy="320" r="44" fill="none" stroke="#c0392b" stroke-width="6"/><polygon points="210,296 216,314 235,314 220,325 226,343 210,332 194,343 200,325 185,314 204,314" fill="#c0392b"/></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

const DROPOUT_CASE = {
  id: 'dc-1',
  childId: 'c8',
  childName: '汪浩宇',
  schoolName: '尧渡初级中学',
  schoolId: 's2',
  place: '尧渡镇 · 东风村',
  kind: 'droppedOut',
  status: 'open',
  openedOn: '2026-10-09',
  attempts: 3,
  failedAttempts: 3,
  escalated: true,
  escalatedOn: '2026-10-28',
  escalation: { told: 3, unreached: false },
  age: 13,
  reason: '国庆假期后未返校，随父亲到浙江',
  attemptList: [
    { n: 1, on: '2026-10-10', byName: '周敏', withWhom: '祖母', companions: '班主任', outcome: 'notMet', nextStep: '电话联系父亲' },
    { n: 2, on: '2026-10-16', byName: '周敏', withWhom: '父亲（电话）', outcome: 'refused', note: '父亲称孩子不想读书，想带在身边打工' },
    { n: 3, on: '2026-10-28', byName: '程立', withWhom: '父亲（视频）', companions: '村儿童主任', outcome: 'undecided', nextStep: '请乡镇和县教体局依法督促' },
  ],
  measureList: [
    { n: 1, kind: 'guardianTalk', on: '2026-11-03', byName: '程立', byRole: '乡镇工作人员', note: '约谈孩子父亲（视频），讲明送子女接受义务教育是法定义务' },
    { n: 2, kind: 'returnNotice', on: '2026-11-12', byName: '程立', byRole: '乡镇工作人员', note: '向监护人送达《责令限期复学通知书》，限11月25日前复学', photoUrl: 'NOTICE' },
  ],
  canRecordMeasure: true,
  measureRole: true,
  escalateAfter: 3,
  escalateAfterDays: 30,
  schools: [
    { id: 's2', name: '尧渡初级中学' },
    { id: 's1', name: '尧渡中心小学' },
  ],
  canAct: true,
};

test('辍学劝返个案 with 法律措施 (township staff), and a county’s cases a page at a time', async () => {
  actAs('townshipStaff');
  const view = { ...DROPOUT_CASE, measureList: DROPOUT_CASE.measureList.map((m) => (m.photoUrl ? { ...m, photoUrl: noticePhoto() } : m)) };
  mockBackend({ 'schools.getCase': () => view });
  const page = await open('packageSchools/pages/case/index', { caseId: 'dc-1' });
  await capture('schools-6-case-measures', 'packageSchools/pages/case/index', page);

  actAs('countyAdmin');
  const row = (i: number) => ({ ...DROPOUT_CASE, id: `dc-${i}`, childName: ['汪浩宇', '李思琪', '陈子涵', '刘一鸣', '张可欣'][i % 5], place: ['尧渡镇 · 东风村', '东流镇 · 梅城村', '张溪镇 · 新华村'][i % 3], escalated: i % 3 === 0, failedAttempts: i % 4, attempts: i % 4 });
  mockBackend({ 'schools.listCases': () => ({ title: '东至县辍学劝返个案', cases: Array.from({ length: 30 }, (_, i) => row(i)), hasMore: true, counts: { open: 1500, escalated: 180, closed: 500 } }) });
  const list = await open('packageSchools/pages/cases/index', { region: '341721' });
  await capture('schools-7-cases-paged', 'packageSchools/pages/cases/index', list);
});

// ---------------------------------------------------------------------------------------------
// 转介到服务机构 and 转介单

const referral = (over: Record<string, unknown> = {}) => ({
  referralId: 'sr-1',
  siteId: 'site-centre',
  siteName: '东至县未成年人保护中心',
  childName: '林*雨',
  place: '尧渡镇 · 团结社区',
  summary: '9岁女孩，父母在浙江务工，由奶奶照料；近一个月在校常哭，不愿回家，学校反映周末回家后身上有淤青。',
  referredBy: '王晓明',
  createdAt: '2026-12-03T02:00:00.000Z',
  deadline: '2026-12-06T02:00:00.000Z',
  status: 'sent',
  statusLabel: '待答复',
  escalated: false,
  answerable: true,
  ...over,
});

test('转介到服务机构 (village officer) and 转介单 (the centre’s staff)', async () => {
  actAs('villageOfficer');
  mockBackend({
    'community.referTargets': () => ({
      childName: '林小雨',
      sites: [
        { siteId: 'site-centre', name: '东至县未成年人保护中心', kindLabel: '未成年人保护中心', place: '全县', staffed: true },
        { siteId: 'site-ngo', name: '东至县阳光社会工作服务中心', kindLabel: '社会组织', place: '全县', staffed: false },
        { siteId: 'site-home', name: '团结社区温馨家园', kindLabel: '温馨家园', place: '尧渡镇 · 团结社区', staffed: true },
      ],
    }),
  });
  const refer = await open('packageCommunity/pages/refer/index', { childId: 'c1' });
  refer.instance.setData({ siteId: 'site-centre', summary: '9岁女孩，父母在浙江务工，由奶奶照料；近一个月在校常哭，不愿回家，学校反映周末回家后身上有淤青。', reason: '需要专业心理疏导和家庭评估' });
  await settle();
  await capture('community-1-refer', 'packageCommunity/pages/refer/index', refer);

  actAs('siteStaff');
  mockBackend({
    'community.siteReferrals': () => ({
      referrals: [
        referral(),
        referral({ referralId: 'sr-0', childName: '王*轩', place: '东流镇 · 新桥村', summary: '11岁男孩，母亲外出后失联，父亲在外省服刑，由外公照料，外公近期住院。', referredBy: '周敏', createdAt: '2026-11-20T02:00:00.000Z', deadline: '2026-11-27T02:00:00.000Z', status: 'answered', statusLabel: '已答复', reply: '已安排社工入户评估，孩子暂由舅舅照料，中心每周电话回访。', answeredAt: '2026-11-24T08:30:00.000Z', answeredInTime: true, answerable: false }),
      ],
    }),
  });
  const referrals = await open('packageCommunity/pages/referrals/index');
  await capture('community-2-referrals', 'packageCommunity/pages/referrals/index', referrals);
});

// ---------------------------------------------------------------------------------------------
// 亲情连线: the school's care notes

async function parentReadsSchoolNotes(name: string, on: boolean): Promise<void> {
  elder(on);
  actAs('parent');
  mockBackend({
    'guardianship.myChildren': () => ({ children: [{ childId: 'c1', name: '林小雨', villageCode: '341721100001', checkInDue: false }] }),
    'guardianship.childOverview': () => ({
      childId: 'c1',
      name: '林小雨',
      villageCode: '341721100001',
      caregiver: { name: '林桂兰', relation: '祖母', phone: '13900002222' },
      villageOfficer: { name: '王晓明' },
      school: { school: '尧渡中心小学', schooling: '三年级' },
      visits: [{ date: '2026-11-20', kind: 'home', notes: ['身体健康，学习用品齐全'] }],
      confirmation: { id: 'conf_1', status: 'inForce', statusLabel: '生效中', expiresOn: '2027-03-02' },
      confirmationToSign: [],
      checkIns: [],
      messages: [],
      lastCheckInOn: '2026-11-30',
      daysSinceCheckIn: 5,
      checkInDue: false,
      checkInIntervalDays: 14,
    }),
    'schools.parentCareNotes': () => ({
      schoolName: '尧渡中心小学',
      notes: [
        { on: '2026-12-05', kind: 'comfort', byName: '周敏', note: '想妈妈了，陪她聊了一会儿' },
        { on: '2026-11-20', kind: 'familyCall', byName: '周敏' },
        { on: '2026-11-08', kind: 'dailyCare', byName: '周敏', note: '换季添了被子' },
      ],
    }),
  });
  const page = await open('packageGuardianship/pages/children/index');
  await capture(name, 'packageGuardianship/pages/children/index', page);
}

test('亲情连线: the school’s care notes (standard and 长辈模式)', async () => {
  await parentReadsSchoolNotes('schools-6-parent-notes', false);
  await parentReadsSchoolNotes('schools-6-parent-notes-elder', true);
});
