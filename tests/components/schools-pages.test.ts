/**
 * 控辍保学 pages (packageSchools; docs/schools.md): the schools list (county admin adds, edits and
 * sets the escalation rule; a teacher sees their school only), a school's dropout cases, the case
 * page (a 劝返 attempt recorded with what the officer typed and chose, the escalation said plainly,
 * 复学 closing it), and 就学与控辍 from the child's file (a school registers a dropout and lands
 * on the new case), legal measures (township staff record one on an escalated case with the
 * notice's photo; before escalation the page says why it must wait; a teacher reads them).
 */
import { openLoaded as open, settle, visibleText, type SimNode } from './harness';
import { actAs, failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));

const wx = (global as any).wx;

const SCHOOLS = {
  schools: [
    { id: 's1', name: '尧渡中心小学', regionCode: '341721100', place: '尧渡镇', boarding: true, bureauCode: '2134001234', openCases: 2 },
    { id: 's2', name: '东流初级中学', regionCode: '341721101', place: '东流镇', boarding: false, openCases: 0 },
  ],
  canEdit: true,
  escalateAfter: 3,
  escalateAfterDays: 30,
};

function caseView(over: Record<string, unknown> = {}) {
  return {
    id: 'dc-1',
    childId: 'c1',
    childName: '林小川',
    schoolName: '尧渡中心小学',
    schoolId: 's1',
    place: '尧渡镇 · 团结社区',
    kind: 'droppedOut',
    status: 'open',
    openedOn: '2026-10-12',
    attempts: 2,
    failedAttempts: 2,
    escalated: false,
    age: 10,
    reason: '开学两周未到校',
    attemptList: [
      { n: 1, on: '2026-10-12', byName: '周敏', withWhom: '祖母', companions: '班主任', outcome: 'refused', nextStep: '再次家访' },
      { n: 2, on: '2026-10-14', byName: '周敏', withWhom: '父亲（电话）', outcome: 'notMet' },
    ],
    escalateAfter: 3,
    escalateAfterDays: 30,
    schools: [
      { id: 's1', name: '尧渡中心小学' },
      { id: 's2', name: '东流初级中学' },
    ],
    canAct: true,
    measureList: [],
    canRecordMeasure: false,
    measureRole: false,
    ...over,
  };
}

async function tap(page: SimNode, selector: string): Promise<void> {
  page.querySelector(`${selector} >>> .t-button`)!.dispatchEvent('tap');
  await settle(10);
  await settle(10);
}
async function typeInput(page: SimNode, selector: string, value: string): Promise<void> {
  page.querySelector(`${selector} >>> .t-input__control`)!.dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
  await settle();
}
async function typeArea(page: SimNode, selector: string, value: string): Promise<void> {
  page.querySelector(`${selector} >>> .t-textarea__wrapper-inner`)!.dispatchEvent('input', { detail: { value } });
  await settle();
}
/**
 * Picks an option of a TDesign radio group: the group's own `change` with the value of the
 * option shown at `index` (after another page with TDesign cells, the simulated radio tap no
 * longer reaches its group; the page's binding is what is under test).
 */
async function choose(page: SimNode, group: string, option: string, index = 0): Promise<void> {
  const radio = page.querySelectorAll(`${group} ${option}`)[index];
  if (!radio) throw new Error(`no option ${option} #${index} in ${group}`);
  page.querySelector(group)!.instance.triggerEvent('change', { value: radio.instance.data.value });
  await settle();
}

beforeEach(() => {
  wx.navigateTo = jest.fn();
  wx.redirectTo = jest.fn();
  wx.navigateBack = jest.fn();
  wx.showToast = jest.fn();
});
afterAll(() => actAs());

test('the county admin’s schools list: each school with its open cases; a school opens its cases; the escalation rule is saved', async () => {
  actAs('countyAdmin');
  const api = mockBackend({ 'schools.listSchools': () => SCHOOLS, 'schools.updateSettings': (i: { escalateAfter: number; escalateAfterDays: number }) => i });
  const page = await open('packageSchools/pages/schools/index');
  expect(visibleText(page.querySelector('.summary')!)).toBe('共 2 所学校，其中寄宿制 1 所；劝返中的辍学儿童 2 人');
  const rows = page.querySelectorAll('.school-row').map(visibleText);
  expect(rows[0]).toContain('尧渡中心小学');
  expect(rows[0]).toContain('寄宿制');
  expect(rows[0]).toContain('劝返中 2 人');
  expect(rows[1]).toContain('无辍学个案');
  page.querySelectorAll('.school-row >>> .row')[0].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSchools/pages/cases/index?schoolId=s1' });
  await tap(page, '.add-school');
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSchools/pages/school-edit/index' });

  await typeInput(page, '.escalate-input', '12');
  await tap(page, '.save-settings');
  expect(visibleText(page.querySelector('.settings-message')!)).toBe('劝返无效次数请填写1到10之间的整数');
  expect(api.calls('schools.updateSettings')).toEqual([]);
  await typeInput(page, '.escalate-input', '4');
  await typeInput(page, '.days-input', '21');
  await tap(page, '.save-settings');
  expect(api.calls('schools.updateSettings')).toEqual([{ escalateAfter: 4, escalateAfterDays: 21 }]);
  expect(visibleText(page.querySelector('.settings-message')!)).toBe('已保存：劝返 4 次无效、或登记满 21 天仍未复学即上报');
});

test('a teacher sees their own school without 新增学校 or the settings; an empty list says who registers schools', async () => {
  actAs('teacher');
  mockBackend({ 'schools.listSchools': () => ({ ...SCHOOLS, schools: [SCHOOLS.schools[1]], canEdit: false }) });
  const page = await open('packageSchools/pages/schools/index');
  expect(page.querySelectorAll('.school-row').map(visibleText).map((t) => t.includes('东流初级中学'))).toEqual([true]);
  expect(page.querySelector('.add-school')).toBeUndefined();
  expect(page.querySelector('.settings')).toBeUndefined();

  expect(page.querySelectorAll('.roll-check')).toHaveLength(1);

  // A life teacher sees the school but not 定期排查, which only the school's staff, teachers, the township and the county may open.
  actAs('lifeTeacher');
  const life = await open('packageSchools/pages/schools/index');
  expect(life.querySelectorAll('.school-row')).toHaveLength(1);
  expect(life.querySelectorAll('.roll-check')).toHaveLength(0);

  actAs('teacher');
  mockBackend({ 'schools.listSchools': () => ({ ...SCHOOLS, schools: [], canEdit: false }) });
  const empty = await open('packageSchools/pages/schools/index');
  expect(visibleText(empty.querySelector('.empty')!)).toContain('学校由县民政局登记，请联系县民政局');
});

test('adding a school: name, place by name, boarding; a refusal from the function is shown by field', async () => {
  actAs('countyAdmin');
  const api = mockBackend({ 'schools.saveSchool': () => failure('VALIDATION_FAILED', '学校名称：本乡镇已有同名学校') });
  const page = await open('packageSchools/pages/school-edit/index');
  await tap(page, '.save');
  expect(visibleText(page.querySelector('.form-error')!)).toBe('请填写学校名称');
  await typeInput(page, '.name-input', '团结小学');
  page.instance.onRegion({ detail: { code: '341721100001', name: '尧渡镇 · 团结社区' } });
  page.querySelector('.boarding >>> .t-switch__body')!.dispatchEvent('tap');
  await settle();
  await tap(page, '.save');
  expect(api.calls('schools.saveSchool')).toEqual([{ name: '团结小学', regionCode: '341721100001', boarding: true }]);
  expect(visibleText(page.querySelector('.form-error')!)).toContain('本乡镇已有同名学校');
  expect(wx.navigateBack).not.toHaveBeenCalled();
});

test('a school’s cases: open first with attempts and escalation, the returned ones after; a row opens the case', async () => {
  actAs('schoolStaff');
  const api = mockBackend({
    'schools.listCases': () => ({
      title: '尧渡中心小学辍学劝返个案',
      cases: [
        { ...caseView(), attemptList: undefined, escalated: true, failedAttempts: 3, attempts: 3 },
        { ...caseView({ id: 'dc-2', childName: '王小满', status: 'closed', returnedOn: '2026-10-20' }) },
      ],
      hasMore: false,
      counts: { open: 1, escalated: 1, closed: 1 },
    }),
  });
  const page = await open('packageSchools/pages/cases/index', { schoolId: 's1' });
  expect(api.calls('schools.listCases')).toEqual([{ schoolId: 's1' }]);
  expect(visibleText(page.querySelector('.title')!)).toBe('尧渡中心小学辍学劝返个案');
  expect(visibleText(page.querySelector('.summary')!)).toBe('劝返中 1 人（其中已上报 1 人），已复学 1 人');
  const rows = page.querySelectorAll('.case-row').map(visibleText);
  expect(rows[0]).toContain('林小川（辍学）');
  expect(rows[0]).toContain('劝返 3 次（无效 3 次）');
  expect(rows[0]).toContain('已上报乡镇和县');
  expect(rows[1]).toContain('2026-10-20 已复学');
  page.querySelectorAll('.case-row >>> .row')[1].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSchools/pages/case/index?caseId=dc-2' });
  expect(page.querySelectorAll('.more')).toHaveLength(0);
});

test('a county’s cases come a page at a time: 加载更多 and reaching the bottom add the next; the summary counts them all', async () => {
  actAs('countyAdmin');
  const many = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ ...caseView({ id: `dc-${from + i}`, childName: `儿童${from + i}` }), attemptList: undefined }));
  const api = mockBackend({
    'schools.listCases': (i: { skip?: number }) =>
      !i.skip
        ? { title: '东至县辍学劝返个案', cases: many(0, 30), hasMore: true, counts: { open: 1500, escalated: 200, closed: 500 } }
        : i.skip === 30
          ? { title: '东至县辍学劝返个案', cases: many(30, 30), hasMore: true, counts: { open: 1500, escalated: 200, closed: 500 } }
          : { title: '东至县辍学劝返个案', cases: many(60, 5), hasMore: false, counts: { open: 1500, escalated: 200, closed: 500 } },
  });
  const page = await open('packageSchools/pages/cases/index', { region: '341721' });
  expect(visibleText(page.querySelector('.summary')!)).toBe('劝返中 1500 人（其中已上报 200 人），已复学 500 人');
  expect(page.querySelectorAll('.case-row')).toHaveLength(30);
  await tap(page, '.more');
  expect(api.calls('schools.listCases')).toEqual([{ regionCode: '341721' }, { regionCode: '341721', skip: 30 }]);
  expect(page.querySelectorAll('.case-row')).toHaveLength(60);
  page.instance.onReachBottom();
  await settle(10);
  expect(page.querySelectorAll('.case-row')).toHaveLength(65);
  expect(page.querySelectorAll('.more')).toHaveLength(0);
  page.instance.onReachBottom();
  await settle(10);
  expect(api.calls('schools.listCases')).toHaveLength(3);
});

test('the case: a third failed attempt is recorded as typed and the page says the township and county were told', async () => {
  actAs('teacher');
  const api = mockBackend({
    'schools.getCase': () => caseView(),
    'schools.recordAttempt': () => ({
      caseView: caseView({ escalated: true, failedAttempts: 3, attempts: 3, escalatedOn: '2026-10-16', escalation: { told: 2, unreached: false } }),
      escalated: { told: 2, unreached: false },
    }),
  });
  const page = await open('packageSchools/pages/case/index', { caseId: 'dc-1' });
  expect(api.calls('schools.getCase')).toEqual([{ caseId: 'dc-1' }]);
  expect(visibleText(page.querySelector('.head')!)).toContain('10周岁 · 尧渡中心小学 · 尧渡镇 · 团结社区');
  expect(visibleText(page.querySelector('.escalation')!)).toBe('劝返无效 2 次；满 3 次或登记满 30 天仍未复学，将上报乡镇和县');
  expect(page.querySelectorAll('.attempt').map(visibleText)[0]).toContain('第1次 · 2026-10-12 · 拒绝返校');

  await tap(page, '.save-attempt');
  expect(visibleText(page.querySelector('.form-error')!)).toBe('请填写劝返对象，如：孩子的祖母');
  await typeInput(page, '.on-input', '2026-10-16');
  await typeInput(page, '.with-input', '孩子的父亲');
  await tap(page, '.save-attempt');
  expect(visibleText(page.querySelector('.form-error')!)).toBe('请选择劝返结果');
  await choose(page, '.outcomes', '.outcome--refused');
  await typeArea(page, '.next-input', '请乡镇协助督促');
  await tap(page, '.save-attempt');
  expect(api.calls('schools.recordAttempt')).toEqual([{ caseId: 'dc-1', on: '2026-10-16', withWhom: '孩子的父亲', outcome: 'refused', nextStep: '请乡镇协助督促' }]);
  expect(visibleText(page.querySelector('.notice')!)).toBe('劝返记录已保存，已达上报次数，已通知乡镇和县 2 人');
  expect(visibleText(page.querySelector('.escalation')!)).toBe('劝返无效 3 次，2026-10-16 已上报乡镇和县（通知 2 人），请依法督促监护人');
});

test('the case: nobody to tell is said plainly; 复学 closes it with the day, school and stage', async () => {
  actAs('townshipStaff');
  const api = mockBackend({
    'schools.getCase': () => caseView({ escalated: true, failedAttempts: 3, escalation: { told: 0, unreached: true } }),
    'schools.closeCase': () => caseView({ status: 'closed', canAct: false, returnedOn: '2026-10-20', returnSchoolName: '东流初级中学', returnStage: 'juniorMiddle', escalated: true }),
  });
  const page = await open('packageSchools/pages/case/index', { caseId: 'dc-1' });
  expect(visibleText(page.querySelector('.escalation')!)).toContain('乡镇和县里暂无人可通知，已记入县工作台；请直接联系县教育部门');
  await typeInput(page, '.returned-input', '2026-10-20');
  await choose(page, '.schools', '.school', 1);
  await tap(page, '.close-case');
  expect(visibleText(page.querySelector('.return-error')!)).toBe('请选择就读学段');
  await choose(page, '.stages', '.stage--juniorMiddle');
  await tap(page, '.close-case');
  expect(api.calls('schools.closeCase')).toEqual([{ caseId: 'dc-1', returnedOn: '2026-10-20', schoolId: 's2', stage: 'juniorMiddle' }]);
  expect(visibleText(page.querySelector('.notice')!)).toBe('已登记复学，个案已办结，儿童档案的就学情况已更新');
  expect(visibleText(page.querySelector('.head')!)).toContain('2026-10-20 复学，就读东流初级中学（初中）');
  expect(page.querySelector('.attempt-form')).toBeUndefined();
  expect(page.querySelector('.return-form')).toBeUndefined();
});

test('就学与控辍 from the child file: a school registers a dropout and lands on the new case; outside school age the reason is shown', async () => {
  actAs('schoolStaff');
  const api = mockBackend({ 'schools.reportDropout': () => caseView({ id: 'dc-9', attempts: 0, failedAttempts: 0, attemptList: [] }) });
  const page = await open('packageSchools/pages/child/index', { childId: 'c1' });
  expect(page.querySelector('.link-form')).toBeUndefined();
  await tap(page, '.report');
  expect(visibleText(page.querySelector('.report-error')!)).toBe('请选择是辍学还是未入学');
  await choose(page, '.kinds', '.kind--droppedOut');
  await typeArea(page, '.reason-input', '开学两周未到校');
  await tap(page, '.report');
  expect(api.calls('schools.reportDropout')).toEqual([{ childId: 'c1', kind: 'droppedOut', reason: '开学两周未到校' }]);
  expect(wx.redirectTo).toHaveBeenLastCalledWith({ url: '/packageSchools/pages/case/index?caseId=dc-9' });

  api.fail('schools.reportDropout', { code: 'NOT_SCHOOL_AGE', message: '该儿童不在义务教育年龄段（6周岁至未满16周岁），或档案缺出生日期，请先核实档案' });
  await tap(page, '.report');
  expect(visibleText(page.querySelector('.report-error')!)).toContain('不在义务教育年龄段');
});

test('就学与控辍 for township staff: link the child to a school picked by name', async () => {
  actAs('townshipStaff');
  const api = mockBackend({ 'schools.listSchools': () => SCHOOLS, 'schools.linkChild': (i: { childId: string; schoolId: string }) => i });
  const page = await open('packageSchools/pages/child/index', { childId: 'c1' });
  await choose(page, '.schools', '.school', 1);
  await tap(page, '.save-link');
  expect(api.calls('schools.linkChild')).toEqual([{ childId: 'c1', schoolId: 's2' }]);
  expect(visibleText(page.querySelector('.link-message')!)).toBe('已关联：东流初级中学');
});

describe('legal measures on the case page', () => {
  const MEASURE = { n: 1, kind: 'returnNotice', on: '2026-10-20', byName: '程立', byRole: '乡镇工作人员', note: '向监护人送达《责令限期复学通知书》', photoUrl: 'https://tmp.example/notice.jpg' };

  test('township staff on an escalated case record 责令限期复学 with the notice photo; the list shows it', async () => {
    actAs('townshipStaff');
    const cloud = wx.cloud as { uploadFile: jest.Mock };
    cloud.uploadFile = jest.fn(async ({ cloudPath }: { cloudPath: string }) => ({ fileID: `cloud://env-1.bucket/${cloudPath}` }));
    wx.chooseMedia = jest.fn(({ success }) => success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/notice.jpg', size: 200_000 }] }));
    const escalated = { escalated: true, failedAttempts: 3, escalatedOn: '2026-10-16', escalation: { told: 2, unreached: false }, canRecordMeasure: true, measureRole: true };
    const slotPath = `schools/documents/0123456789abcdef0123/${'d'.repeat(24)}.jpg`;
    const api = mockBackend({
      'schools.getCase': () => caseView(escalated),
      'schools.measureSlot': () => ({ slots: [{ cloudPath: slotPath, expiresAt: new Date() }] }),
      'schools.recordMeasure': () => caseView({ ...escalated, measureList: [MEASURE] }),
    });
    const page = await open('packageSchools/pages/case/index', { caseId: 'dc-1' });
    expect(visibleText(page.querySelector('.no-measures')!)).toContain('还没有记录法律措施');
    expect(page.querySelectorAll('.measure-kind').map((r) => r.instance.data.label)).toEqual(['书面督促', '约谈监护人', '责令限期复学（送达通知书）', '提请行政处罚', '申请支付令/诉讼', '其他']);

    await tap(page, '.save-measure');
    expect(visibleText(page.querySelector('.measure-error')!)).toBe('请选择采取的措施');
    await choose(page, '.measure-kinds', '.measure-kind--other');
    await tap(page, '.save-measure');
    expect(visibleText(page.querySelector('.measure-error')!)).toBe('选“其他”时，请在情况说明中写明采取了什么措施');
    await choose(page, '.measure-kinds', '.measure-kind--returnNotice');
    await typeInput(page, '.measure-on-input', '2026-10-20');
    await typeArea(page, '.measure-note-input', '向监护人送达《责令限期复学通知书》');
    await tap(page, '.add-measure-photo');
    expect(api.calls('schools.measureSlot')).toEqual([{ caseId: 'dc-1', ext: 'jpg' }]);
    expect(cloud.uploadFile).toHaveBeenCalledWith({ cloudPath: slotPath, filePath: 'wxfile://tmp/notice.jpg' });
    expect(page.querySelectorAll('.measure-photo')).toHaveLength(1);
    await tap(page, '.save-measure');
    expect(api.calls('schools.recordMeasure')).toEqual([{ caseId: 'dc-1', kind: 'returnNotice', on: '2026-10-20', note: '向监护人送达《责令限期复学通知书》', photo: `cloud://env-1.bucket/${slotPath}` }]);
    expect(visibleText(page.querySelector('.notice')!)).toBe('法律措施已记录，已通知学校');
    const rows = page.querySelectorAll('.measure').map(visibleText);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('2026-10-20 · 责令限期复学（送达通知书）');
    expect(rows[0]).toContain('乡镇工作人员 程立：向监护人送达《责令限期复学通知书》');
    expect(page.querySelectorAll('.measure__photo')).toHaveLength(1);
    expect(page.querySelectorAll('.measure-photo')).toHaveLength(0);
  });

  test('before escalation township staff read why measures wait; a refusal from the function is shown', async () => {
    actAs('townshipStaff');
    mockBackend({ 'schools.getCase': () => caseView({ measureRole: true }) });
    const page = await open('packageSchools/pages/case/index', { caseId: 'dc-1' });
    expect(visibleText(page.querySelector('.no-measures')!)).toContain('个案上报乡镇和县后，才能在这里记录法律措施');
    expect(page.querySelectorAll('.measure-form')).toHaveLength(0);

    const api = mockBackend({ 'schools.getCase': () => caseView({ escalated: true, canRecordMeasure: true, measureRole: true }) });
    api.fail('schools.recordMeasure', { code: 'CONFLICT', message: '该个案刚被他人更新，请刷新后重试' });
    const again = await open('packageSchools/pages/case/index', { caseId: 'dc-1' });
    await choose(again, '.measure-kinds', '.measure-kind--writtenUrge');
    await tap(again, '.save-measure');
    expect(visibleText(again.querySelector('.measure-error')!)).toContain('该个案刚被他人更新');
  });

  test('a teacher reads the measures with the document photo but records none', async () => {
    actAs('teacher');
    mockBackend({ 'schools.getCase': () => caseView({ escalated: true, measureList: [MEASURE] }) });
    const page = await open('packageSchools/pages/case/index', { caseId: 'dc-1' });
    expect(page.querySelectorAll('.measure').map(visibleText)[0]).toContain('责令限期复学（送达通知书）');
    expect(page.querySelectorAll('.measure-form')).toHaveLength(0);
    wx.previewImage = jest.fn();
    page.querySelector('.measure__photo')!.dispatchEvent('tap');
    await settle();
    expect(wx.previewImage).toHaveBeenCalledWith({ urls: ['https://tmp.example/notice.jpg'], current: 'https://tmp.example/notice.jpg' });
  });
});
