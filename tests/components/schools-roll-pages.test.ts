/**
 * 定期排查 pages (packageSchools/pages/roll, roll-result; docs/schools.md "Termly roll check"):
 * choosing a roll uploads it into the staff member's own folder, starts the check and polls it to
 * the end, then opens the result; the result lists the children to look for, most urgent first,
 * each opening the child's 就学与控辍 (or its case), and offers the error report; a refused roll
 * says to correct and upload again; an earlier refused roll lists its problems under its row; a
 * long list comes a page at a time.
 */
import { openLoaded as open, settle, visibleText } from './harness';
import { actAs, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));

const wx = (global as any).wx;
const counts = { accepted: 4, rejected: 3, skipped: 5, leftBehind: 3, registered: 2 };
const progress = (done: number, status: 'running' | 'done') => ({ jobId: 'roll_1', status, fileName: '学籍名单.xlsx', term: '2026-autumn', termLabel: '2026年秋季学期', total: 7, done, counts: status === 'done' ? counts : { ...counts, accepted: 0, rejected: 0 }, problems: [], refused: false });
const CHECKS = { school: { id: 's1', name: '尧渡中心小学' }, term: '2026-autumn', termLabel: '2026年秋季学期', checks: [] as unknown[], canUpload: true };

beforeEach(() => {
  wx.navigateTo = jest.fn();
});
afterAll(() => actAs());

test('a school uploads its roll: into the slot handed out for the school, the check polled to the end, then its result opens', async () => {
  actAs('schoolStaff');
  wx.chooseMessageFile = jest.fn((o: any) => o.success({ tempFiles: [{ path: 'wxfile://tmp/r.xlsx', name: '学籍名单.xlsx' }] }));
  wx.cloud.uploadFile = jest.fn(async () => ({ fileID: 'cloud://env/schools/rolls/r.xlsx' }));
  let step = 0;
  const ROLL_SLOT = 'schools/rolls/0123456789abcdef0123/aaaaaaaaaaaaaaaaaaaaaaaa/学籍名单.xlsx';
  const api = mockBackend({
    'schools.rollSlot': () => ({ slots: [{ cloudPath: ROLL_SLOT, expiresAt: '2026-12-06T00:00:00.000Z' }] }) as never,
    'schools.listRollChecks': () => CHECKS,
    'schools.startRollCheck': () => progress(0, 'running'),
    'schools.advanceRollCheck': () => (++step < 2 ? progress(3, 'running') : progress(7, 'done')),
  });
  const page = await open('packageSchools/pages/roll/index');
  expect(api.calls('schools.listRollChecks')).toEqual([{}]);
  expect(visibleText(page.querySelector('.empty')!)).toContain('本校还没有上传过学籍名单');
  page.querySelector('.choose >>> .t-button')!.dispatchEvent('tap');
  for (let i = 0; i < 8; i++) await settle();
  expect(api.calls('schools.rollSlot')).toEqual([{ schoolId: 's1', fileName: '学籍名单.xlsx' }]);
  expect(wx.cloud.uploadFile).toHaveBeenCalledWith({ cloudPath: ROLL_SLOT, filePath: 'wxfile://tmp/r.xlsx' });
  expect(api.calls('schools.startRollCheck')).toEqual([{ fileID: 'cloud://env/schools/rolls/r.xlsx', fileName: '学籍名单.xlsx', schoolId: 's1' }]);
  expect(api.calls('schools.advanceRollCheck')).toEqual([{ jobId: 'roll_1' }, { jobId: 'roll_1' }]);
  expect(visibleText(page.querySelector('.progress')!)).toContain('读取 7 名学生：可比对 4 名，3 行有错误未比对，跳过空行、合计等 5 行');
  page.querySelector('.open-result >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSchools/pages/roll-result/index?jobId=roll_1' });
});

test('the result: the missing child first (opening its 就学与控辍), the unregistered pupil, and the error report', async () => {
  actAs('schoolStaff');
  const api = mockBackend({
    'schools.rollCheckResult': () => ({
      check: { ...progress(7, 'done'), checkedOn: '2026-10-12', current: true },
      schoolName: '尧渡中心小学',
      rollsOfTerm: 2,
      schoolsOfCounty: 60,
      notOnRoll: [{ childId: 'r-missing', name: '许小满', place: '尧渡镇 · 团结社区', age: 11, note: '不在本学期任何已上传的学籍名单中：请核实是否辍学或转学' }],
      onOtherRoll: [],
      noIdNumber: [],
      unregistered: [{ sheet: '一年级至六年级', row: 7, name: '吴小禾', grade: '5', className: '1班' }],
      unlinked: [],
      noLeftBehindColumn: false,
    }),
    'schools.rollErrorReport': () => ({ fileName: '学籍名单错误报告-学籍名单.xlsx', rows: 3, base64: 'UEsDBA==' }),
  });
  wx.getFileSystemManager = () => ({ writeFile: (o: any) => o.success?.() });
  wx.openDocument = jest.fn((o: any) => o.success?.());
  const page = await open('packageSchools/pages/roll-result/index', { jobId: 'roll_1' });
  expect(api.calls('schools.rollCheckResult')).toEqual([{ jobId: 'roll_1' }]);
  expect(visibleText(page.querySelector('.coverage')!)).toBe('按全县已上传的 2 所学校名单比对（全县共 60 所学校）：其他学校上传后，“不在任何名单中”的儿童可能减少');
  const sections = page.querySelectorAll('.section-title').map(visibleText);
  expect(sections).toEqual(['在册适龄儿童不在任何学籍名单中（1）', '名单中的留守儿童未登记（1）']);
  const rows = page.querySelectorAll('.result-row').map(visibleText);
  expect(rows[0]).toContain('许小满（11岁）');
  expect(rows[1]).toContain('5 1班（名单“一年级至六年级”第7行）：请告知其户籍所在村（社区）核实登记');
  page.querySelectorAll('.result-row >>> .row')[0].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageSchools/pages/child/index?childId=r-missing' });
  page.querySelector('.report >>> .t-button')!.dispatchEvent('tap');
  for (let i = 0; i < 4; i++) await settle();
  expect(api.calls('schools.rollErrorReport')).toEqual([{ jobId: 'roll_1' }]);
});

test('a refused roll says to correct it and upload again, and lists no children', async () => {
  actAs('teacher');
  mockBackend({
    'schools.rollCheckResult': () => ({
      check: { ...progress(0, 'done'), total: 0, refused: true, checkedOn: '2026-10-12', current: false, counts: { ...counts, accepted: 0, rejected: 0 } },
      schoolName: '尧渡中心小学', rollsOfTerm: 0, schoolsOfCounty: 60, notOnRoll: [], onOtherRoll: [], noIdNumber: [], unregistered: [], unlinked: [], noLeftBehindColumn: false,
    }),
  });
  const page = await open('packageSchools/pages/roll-result/index', { jobId: 'roll_2' });
  expect(visibleText(page.querySelector('.summary')!)).toBe('这份名单有错误，未用于排查：请回到上一页按问题改正后重新上传');
  expect(page.querySelectorAll('.result-row')).toHaveLength(0);
});

test('an earlier refused roll lists what was wrong under its row, as the latest upload does', async () => {
  actAs('schoolStaff');
  const refused = {
    ...progress(0, 'done'),
    jobId: 'roll_old',
    fileName: '旧名单.xlsx',
    total: 0,
    refused: true,
    checkedOn: '2026-09-20',
    current: false,
    problems: [{ code: 'HEADER_COLUMN_MISSING', severity: 'error', sheet: '名单', message: '找不到“身份证号”列：请在表头加上身份证号列' }],
  };
  mockBackend({ 'schools.listRollChecks': () => ({ ...CHECKS, checks: [{ ...progress(7, 'done'), checkedOn: '2026-10-12', current: true }, refused] }) });
  const page = await open('packageSchools/pages/roll/index');
  const rows = page.querySelectorAll('.check-row').map(visibleText);
  expect(rows[1]).toContain('名单有错误，未用于排查：按下面的问题改正后重新上传');
  const problems = page.querySelectorAll('.check-problem').map(visibleText);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain('名单');
  expect(problems[0]).toContain('找不到“身份证号”列：请在表头加上身份证号列');
});

test('a long list of the result comes a page at a time: 加载更多 and reaching the bottom add the next page of that list', async () => {
  actAs('schoolStaff');
  const pupils = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ sheet: '名单', row: from + i + 2, name: `学生${from + i}` }));
  const missing = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ childId: `c-${from + i}`, name: `儿童${from + i}`, place: '尧渡镇 · 团结社区', age: 10 }));
  const base = { check: { ...progress(7, 'done'), checkedOn: '2026-10-12', current: true }, schoolName: '尧渡中心小学', rollsOfTerm: 60, schoolsOfCounty: 60, onOtherRoll: [], noIdNumber: [], unlinked: [], noLeftBehindColumn: false };
  const totals = { notOnRoll: 60, unregistered: 120, onOtherRoll: 0, unlinked: 0, noIdNumber: 0 };
  const api = mockBackend({
    'schools.rollCheckResult': (i: { list?: string; skip?: number }) =>
      !i.list
        ? { ...base, notOnRoll: missing(0, 50), unregistered: pupils(0, 50), totals }
        : i.list === 'notOnRoll'
          ? { ...base, notOnRoll: missing(50, 10), unregistered: [], totals }
          : { ...base, notOnRoll: [], unregistered: pupils(i.skip!, Math.min(50, 120 - i.skip!)), totals },
  });
  const page = await open('packageSchools/pages/roll-result/index', { jobId: 'roll_1' });
  expect(page.querySelectorAll('.section-title').map(visibleText)).toEqual(['在册适龄儿童不在任何学籍名单中（60）', '名单中的留守儿童未登记（120）']);
  expect(page.querySelectorAll('.more')).toHaveLength(2);
  expect(page.querySelectorAll('.not-on-roll .result-row')).toHaveLength(50);
  page.querySelectorAll('.more >>> .t-button')[0].dispatchEvent('tap');
  for (let i = 0; i < 3; i++) await settle(10);
  expect(api.calls('schools.rollCheckResult')[1]).toEqual({ jobId: 'roll_1', list: 'notOnRoll', skip: 50 });
  expect(page.querySelectorAll('.not-on-roll .result-row')).toHaveLength(60);
  expect(page.querySelectorAll('.more')).toHaveLength(1);
  // Reaching the bottom: the last list's next page, then the one after, then nothing more.
  page.instance.onReachBottom();
  for (let i = 0; i < 3; i++) await settle(10);
  page.instance.onReachBottom();
  for (let i = 0; i < 3; i++) await settle(10);
  expect(page.querySelectorAll('.unregistered .result-row')).toHaveLength(120);
  expect(page.querySelectorAll('.more')).toHaveLength(0);
  page.instance.onReachBottom();
  await settle(10);
  expect(api.calls('schools.rollCheckResult')).toHaveLength(4);
});
