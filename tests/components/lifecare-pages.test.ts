/**
 * 生活老师关爱 (packageSchools/pages/life-care) and the school's notes on 亲情连线, through
 * miniprogram-simulate: boarders first with 该关爱了 marked; two taps (child, kind) log care;
 * 亲情电话 fetches the number for the dialer only and logs the call once WeChat has dialled;
 * 报告担忧 opens the immediate report with the note prefilled; school staff read without logging;
 * a parent sees the school's care notes.
 */
import { openLoaded as open, openPage, settle, visibleText, type SimNode } from './harness';
import { actAs, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));

const wx = (global as any).wx;
const PAGE = 'packageSchools/pages/life-care/index';

const LIST = {
  schoolId: 's1',
  schoolName: '尧渡中心小学',
  noCareDays: 14,
  dueCount: 1,
  canLog: true,
  children: [
    { childId: 'c1', name: '林小雨', boarding: true, age: 9, place: '尧渡镇 · 团结社区', due: true, parents: [{ parent: 'father', label: '父亲', name: '林大山' }] },
    { childId: 'c2', name: '陈小川', boarding: false, age: 11, place: '尧渡镇 · 东华村', lastCareOn: '2026-10-10', lastKind: 'tutoring', daysSince: 2, due: false, parents: [] },
  ],
};
const child = (over: Record<string, unknown> = {}) => ({ ...LIST.children[0], schoolName: '尧渡中心小学', logs: [], noCareDays: 14, canLog: true, ...over });

async function tap(page: SimNode, selector: string): Promise<void> {
  page.querySelector(`${selector} >>> .t-button`)!.dispatchEvent('tap');
  await settle(10);
  await settle(10);
}
async function openChild(page: SimNode, index: number): Promise<void> {
  page.querySelectorAll('.child-row >>> .row')[index].dispatchEvent('tap');
  await settle(10);
  await settle(10);
}

beforeEach(() => {
  wx.navigateTo = jest.fn();
  wx.makePhoneCall = jest.fn();
  wx.pageScrollTo = jest.fn();
});
afterAll(() => actAs());

test('a life teacher: boarders first, the child without care marked; a child and a kind log care in two taps', async () => {
  actAs('lifeTeacher');
  const api = mockBackend({
    'schools.listLifeCare': () => LIST,
    'schools.getChildCare': () => child(),
    'schools.logCare': (i: { kind: string }) => child({ lastCareOn: '2026-10-12', lastKind: i.kind, daysSince: 0, due: false, logs: [{ id: 'l1', kind: i.kind, on: '2026-10-12', byName: '周敏' }] }),
  });
  const page = await open(PAGE, { schoolId: 's1' });
  expect(visibleText(page.querySelector('.summary')!)).toBe('在册留守儿童 2 人，其中寄宿 1 人');
  expect(visibleText(page.querySelector('.due')!)).toBe('1 人超过 14 天没有关爱记录，请安排家校联系或亲情电话');
  const rows = page.querySelectorAll('.child-row').map(visibleText);
  expect(rows[0]).toContain('林小雨（寄宿） 9岁');
  expect(rows[0]).toContain('暂无关爱记录');
  expect(rows[0]).toContain('该关爱了');
  expect(rows[1]).toContain('最近关爱：2026-10-10 学习辅导（2天前）');
  expect(rows[1]).not.toContain('该关爱了');

  await openChild(page, 0);
  expect(api.calls('schools.getChildCare')).toEqual([{ childId: 'c1' }]);
  expect(page.querySelectorAll('.kind >>> .t-button').map((k) => k.dom.textContent.trim())).toEqual(['家校联系', '心理抚慰', '生活关心', '学习辅导', '家访']);
  await tap(page, '.kind--comfort');
  expect(api.calls('schools.logCare')).toEqual([{ childId: 'c1', kind: 'comfort' }]);
  expect(visibleText(page.querySelector('.notice')!)).toBe('✓ 已记下：心理抚慰');
  expect(page.querySelectorAll('.log').map(visibleText)[0]).toContain('2026-10-12 心理抚慰');
});

test('亲情电话: the number goes to the dialer only, the call is logged once dialled, not when cancelled', async () => {
  actAs('lifeTeacher');
  const api = mockBackend({
    'schools.listLifeCare': () => LIST,
    'schools.getChildCare': () => child(),
    'schools.dialParent': () => ({ phone: '13900001234', label: '父亲' }),
    'schools.logCare': () => child({ logs: [{ id: 'l2', kind: 'familyCall', on: '2026-10-12', byName: '周敏', parent: 'father' }] }),
  });
  const page = await open(PAGE);
  await openChild(page, 0);
  expect(page.querySelector('.call--father >>> .t-button')!.dom.textContent.trim()).toBe('打给父亲（林大山）');

  wx.makePhoneCall = jest.fn((o: { fail: (e: { errMsg: string }) => void }) => o.fail({ errMsg: 'makePhoneCall:fail cancel' }));
  await tap(page, '.call--father');
  expect(api.calls('schools.dialParent')).toEqual([{ childId: 'c1', parent: 'father' }]);
  expect(api.calls('schools.logCare')).toEqual([]);

  wx.makePhoneCall = jest.fn((o: { phoneNumber: string; success: () => void }) => o.success());
  await tap(page, '.call--father');
  expect(wx.makePhoneCall.mock.calls[0][0].phoneNumber).toBe('13900001234');
  expect(api.calls('schools.logCare')).toEqual([{ childId: 'c1', kind: 'familyCall', parent: 'father' }]);
  expect(visibleText(page.querySelector('.log')!)).toContain('亲情电话（父亲）');
  expect(JSON.stringify(page.instance.data)).not.toContain('13900001234');
});

test('报告担忧 opens the immediate report for the child with the note prefilled; one tap there sends it', async () => {
  actAs('lifeTeacher');
  mockBackend({ 'schools.listLifeCare': () => LIST, 'schools.getChildCare': () => child() });
  const page = await open(PAGE);
  await openChild(page, 0);
  page.querySelector('.note-input >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '周末回家后身上有伤' } });
  await settle();
  await tap(page, '.report');
  const url = wx.navigateTo.mock.calls[0][0].url as string;
  expect(url).toBe(`/packageCare/pages/report/index?childId=c1&note=${encodeURIComponent('周末回家后身上有伤')}`);

  const api = mockBackend({ 'care.submitReport': () => ({ reportId: 'r1', duplicate: false, status: 'open', ackDueAt: '2026-10-13T03:00:00Z', notified: 2, notifiedWho: 'region', nobodyReached: false, told: { townshipStaff: 1, police: 1, countyAdmin: 0 } }) });
  const report = openPage('packageCare/pages/report/index', { childId: 'c1', note: encodeURIComponent('周末回家后身上有伤') });
  await settle();
  report.querySelector('.kind--abuseNeglect >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('care.submitReport')[0]).toMatchObject({ childId: 'c1', kind: 'abuseNeglect', note: '周末回家后身上有伤' });
});

test('school staff read the list without logging; a failed list says what to do', async () => {
  actAs('schoolStaff');
  mockBackend({ 'schools.listLifeCare': () => ({ ...LIST, canLog: false }), 'schools.getChildCare': () => child({ canLog: false }) });
  const page = await open(PAGE);
  await openChild(page, 0);
  expect(page.querySelectorAll('.kind')).toHaveLength(0);
  expect(page.querySelectorAll('.call')).toHaveLength(0);

  const api = mockBackend({});
  api.fail('schools.listLifeCare', { code: 'FORBIDDEN', message: '没有权限' });
  const failed = await open(PAGE);
  expect(visibleText(failed.querySelector('.load-error')!)).toContain('没能打开关爱名单');
});

test('亲情连线: a parent sees the school’s care notes', async () => {
  actAs('parent');
  mockBackend({
    'guardianship.myChildren': () => ({ children: [{ childId: 'c1', name: '林小雨', villageCode: '341721100001', checkInDue: false }] }),
    'guardianship.childOverview': () => ({
      childId: 'c1',
      name: '林小雨',
      villageCode: '341721100001',
      caregiver: { name: '林奶奶', relation: '祖母' },
      villageOfficer: { name: '王晓明' },
      school: {},
      visits: [],
      confirmationToSign: [],
      checkIns: [],
      messages: [],
      checkInDue: false,
      checkInIntervalDays: 14,
    }),
    'schools.parentCareNotes': () => ({ schoolName: '尧渡中心小学', notes: [{ on: '2026-10-12', kind: 'comfort', byName: '周敏', note: '想妈妈了，陪她聊了一会儿' }] }),
  });
  const page = await open('packageGuardianship/pages/children/index');
  await settle(10);
  expect(visibleText(page)).toContain('学校关爱（尧渡中心小学）');
  expect(visibleText(page.querySelector('.school-note')!)).toContain('2026-10-12 心理抚慰');
  expect(visibleText(page.querySelector('.school-note')!)).toContain('周敏：想妈妈了，陪她聊了一会儿');
});

test('the county admin sets the no-care days; a value out of range is refused before anything is sent', async () => {
  actAs('countyAdmin');
  const api = mockBackend({ 'schools.updateLifeCareSettings': (i: { noCareDays?: number }) => ({ noCareDays: i.noCareDays ?? 14 }) });
  const page = await open('packageSchools/pages/care-settings/index');
  expect(page.instance.data.daysInput).toBe('14');
  page.querySelector('.days-input >>> .t-input__control')!.dispatchEvent('input', { detail: { value: '0', cursor: 1, keyCode: 0 } });
  await settle();
  await tap(page, '.save');
  expect(visibleText(page.querySelector('.message')!)).toBe('提醒天数请填写1到90之间的整数');
  page.querySelector('.days-input >>> .t-input__control')!.dispatchEvent('input', { detail: { value: '10', cursor: 2, keyCode: 0 } });
  await settle();
  await tap(page, '.save');
  expect(api.calls('schools.updateLifeCareSettings')).toEqual([{}, { noCareDays: 10 }]);
  expect(visibleText(page.querySelector('.message')!)).toBe('已保存：孩子超过 10 天没有学校关爱记录即提醒生活老师');
});
