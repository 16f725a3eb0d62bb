/**
 * The termly roll check (定期排查, policy §二(三); docs/schools.md "Termly roll check"), through the
 * deployed schools function with real uploads:
 * - a school's roll with the usual spreadsheet mess (a merged title, a two-row header with merged
 *   group cells, full-width digits, an ID number stored as a number, blank rows, a header repeated
 *   on page 2, a 合计 row, a signature line, a duplicate) gets the census import's treatment: the
 *   right rows accepted, the rest in an error report naming the field, nothing else written;
 * - the comparison finds the planted registered child on no roll and the planted left-behind pupil
 *   missing from the registry, a child found on another school's roll, a file without an ID
 *   number, a registered pupil whose file is not linked to the school — and not children too old
 *   or left the registry;
 * - the same file again returns the same check; a roll whose header cannot be resolved or that has
 *   no ID-number column is refused whole (no rows, no comparison); a running check answers no result;
 * - a teacher of another school and the staff of another township cannot read the check;
 * - a CSV roll exported from a Chinese Excel (GB18030, a title line, full-width digits, an ID
 *   number in scientific notation, blank lines) is read like an xlsx one;
 * - a result's lists come a page at a time, each with its total.
 */
import type { RollChecksView, RollProgress, RollResultView } from '../../cloudfunctions/_shared/contracts/schools';
import { seal } from '../../cloudfunctions/_shared/access/sealed';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SIDES, insert, makePersona, useStackKey, type Persona } from '../helpers/access-world';
import { uploadToSlot } from '../helpers/uploads';
import { checkChar } from '../helpers/census-generator';
import { code, data } from './care-helpers';

jest.setTimeout(120_000);

const IN = SIDES.in;
const NEAR = SIDES.near;
const NOW = new Date('2026-10-12T09:00:00+08:00');

/** A valid ID number of a child born on `ymd` (YYYYMMDD). */
function idOf(ymd: string, seq: number): string {
  const first17 = `341721${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + checkChar(first17);
}
const ID = {
  onRoll: idOf('20160301', 11),
  missing: idOf('20150705', 12),
  moved: idOf('20141120', 13),
  unlinked: idOf('20170210', 14),
  unregistered: idOf('20160909', 15),
  notLeftBehind: idOf('20160101', 16),
  asNumber: idOf('20160202', 17),
  old: idOf('20080101', 18),
  left: idOf('20160404', 19),
};
const FULL_WIDTH = (s: string) => s.replace(/[0-9X]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

let t: TestStack;
let who: Record<'officer' | 'staffA' | 'teacherA' | 'teacherB' | 'township' | 'townshipB' | 'county' | 'staffB', Persona>;

async function seedChild(id: string, name: string, birthDate: string, idNumber: string | undefined, extra: Record<string, unknown> = {}): Promise<void> {
  await insert(t.app, 'children', {
    _id: id,
    name,
    birthDate,
    countyCode: IN.countyCode,
    townshipCode: IN.townshipCode,
    villageCode: IN.villageCode,
    schoolId: IN.schoolId,
    schooling: 'primary',
    status: 'active',
    version: 1,
    ...(idNumber ? { idNumber: seal('child.idNumber', idNumber) } : {}),
    ...extra,
  });
}

/** The messy roll of school A, as exceljs writes it (once: exceljs stamps the time into every write). */
let messy: Buffer | undefined;
async function messyRoll(): Promise<Buffer> {
  return (messy ??= await writeMessyRoll());
}
async function writeMessyRoll(): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('一年级至六年级');
  ws.addRow(['尧渡中心小学2026年秋季学期学生名单']);
  ws.mergeCells('A1:I1');
  ws.addRow(['序号', '学生信息', null, null, '就读情况', null, '是否留守儿童', '监护人', null]);
  ws.addRow([null, '姓名', '性别', '身份证号', '年级', '班级', null, '姓名', '联系电话']);
  ws.mergeCells('A2:A3');
  ws.mergeCells('B2:D2');
  ws.mergeCells('E2:F2');
  ws.mergeCells('G2:G3');
  ws.mergeCells('H2:I2');
  ws.addRow([1, '林小川', '男', ID.onRoll, 5, '2班', '是', '林大山', '13800000001']);
  ws.addRow([2, '周小雨', '女', FULL_WIDTH(ID.unlinked), 3, '1班', '是', '周大海', '13800000002']);
  ws.addRow([]);
  ws.addRow([3, '吴小禾', '女', ID.unregistered, 5, '1班', '是', '吴大田', '13800000003']);
  ws.addRow([4]);
  ws.addRow([5, '郑小树', '男', ID.notLeftBehind, 5, '1班', '否', '郑大林', '13800000004']);
  // Page 2 of the printout repeats the header rows.
  ws.addRow(['序号', '姓名', '性别', '身份证号', '年级', '班级', '是否留守儿童', '姓名', '联系电话']);
  ws.addRow([6, '冯小岸', '男', Number(ID.asNumber), 4, '3班', '否', '冯大江', '13800000005']);
  ws.addRow([7, '陈小溪', '女', null, 4, '3班', '否', '陈大河', '13800000006']);
  ws.addRow([8, '林小川', '男', ID.onRoll, 5, '2班', '是', '林大山', '13800000001']);
  ws.addRow(['合计', '8人']);
  ws.addRow(['填表人：王老师', null, null, '审核人：李校长']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** School B's roll: the moved child is on it. */
async function rollOfB(): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(['序号', '姓名', '性别', '公民身份号码', '年级', '是否留守儿童']);
  ws.addRow([1, '何小峰', '男', ID.moved, '七年级', '是']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Uploads into the slot `rollSlot` hands `p` for the school, as the page does. */
async function upload(p: Persona, name: string, bytes: Buffer, schoolId: string = IN.schoolId): Promise<string> {
  return uploadToSlot(t, { fn: 'schools', action: 'rollSlot', input: { schoolId, fileName: name }, openid: p.openid }, bytes);
}

const call = <T>(action: string, input: unknown, p: Persona) => t.call<T>('schools', action, input, { openid: p.openid });

/** Uploads and checks a roll to the end, as the page polls. */
async function runCheck(p: Persona, schoolId: string, name: string, bytes: Buffer): Promise<{ started: RollProgress; done: RollProgress; fileID: string }> {
  const fileID = await upload(p, name, bytes, schoolId);
  const started = data(await call<RollProgress>('startRollCheck', { fileID, fileName: name, schoolId }, p));
  let done = started;
  for (let i = 0; done.status !== 'done' && i < 50; i++) {
    done = data(await call<RollProgress>('advanceRollCheck', { jobId: started.jobId }, p));
    if (done.busy) await new Promise((r) => setTimeout(r, 100));
  }
  return { started, done, fileID };
}

beforeAll(async () => {
  t = await startTestStack({ functions: ['schools', 'registry'] });
  t.clock.set(NOW);
  useStackKey(t);
  await insert(t.app, 'schools', { _id: IN.schoolId, name: '尧渡中心小学', countyCode: IN.countyCode, townshipCode: IN.townshipCode, regionCode: IN.townshipCode, boarding: true, createdAt: new Date() });
  await insert(t.app, 'schools', { _id: NEAR.schoolId, name: '东流初级中学', countyCode: IN.countyCode, townshipCode: NEAR.townshipCode, regionCode: NEAR.townshipCode, boarding: false, createdAt: new Date() });
  who = {
    officer: await makePersona(t.app, 'villageOfficer', IN),
    staffA: await makePersona(t.app, 'schoolStaff', IN),
    teacherA: await makePersona(t.app, 'teacher', IN),
    teacherB: await makePersona(t.app, 'teacher', NEAR),
    staffB: await makePersona(t.app, 'schoolStaff', NEAR),
    township: await makePersona(t.app, 'townshipStaff', IN),
    townshipB: await makePersona(t.app, 'townshipStaff', NEAR),
    county: await makePersona(t.app, 'countyAdmin', IN),
  };
  await seedChild('r-on', '林小川', '2016-03-01', ID.onRoll);
  await seedChild('r-missing', '许小满', '2015-07-05', ID.missing);
  await seedChild('r-moved', '何小峰', '2014-11-20', ID.moved);
  await seedChild('r-noid', '孙小禾', '2016-06-06', undefined);
  await seedChild('r-old', '钱大壮', '2008-01-01', ID.old);
  await seedChild('r-left', '赵小离', '2016-04-04', ID.left, { status: 'left' });
  await seedChild('r-unlinked', '周小雨', '2017-02-10', ID.unlinked, { schoolId: undefined });
});
afterAll(() => t?.stop());

describe('a termly roll check', () => {
  let jobId: string;
  let fileID: string;

  test("school B's roll goes in first (the moved child is on it)", async () => {
    const b = await runCheck(who.staffB, NEAR.schoolId, '东流初中学籍名单.xlsx', await rollOfB());
    expect([b.done.status, b.done.refused, b.done.counts.accepted, b.done.counts.registered]).toEqual(['done', false, 1, 1]);
  });

  test('a messy roll gets the census treatment: merged two-row header, full-width digits, blank, repeated header, 合计 and signature rows', async () => {
    const run = await runCheck(who.staffA, IN.schoolId, '尧渡中心小学学籍名单.xlsx', await messyRoll());
    jobId = run.started.jobId;
    fileID = run.fileID;
    expect(run.done.termLabel).toBe('2026年秋季学期');
    expect(run.done.refused).toBe(false);
    expect(run.done.total).toBe(7);
    expect(run.done.counts).toEqual({ accepted: 4, rejected: 3, skipped: 5, leftBehind: 3, registered: 2 });
    // The guardian's columns are named as not used, never silently dropped.
    expect(run.done.problems.map((p) => p.code)).toEqual(['HEADER_COLUMNS_IGNORED']);
    expect(run.done.problems[0].message).toContain('“监护人”下的“姓名”（名单中没有此项）');
    expect(run.done.problems[0].message).not.toContain('登记表');
    // The roll (plaintext ID numbers) has left storage.
    await expect(t.app.downloadFile({ fileID })).rejects.toBeTruthy();
  });

  test('the error report names each refused row and its field', async () => {
    const r = data(await call<{ fileName: string; rows: number; base64: string }>('rollErrorReport', { jobId }, who.teacherA));
    expect(r.rows).toBe(3);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.base64, 'base64') as never);
    const lines = wb.getWorksheet('被拒绝的行')!.getSheetValues().slice(2).map((v) => (v as unknown[]).slice(3, 6));
    expect(lines).toEqual([
      [11, '冯小岸', expect.stringMatching(/^身份证号被截断/)],
      [12, '陈小溪', '身份证号：未填写，无法比对'],
      [13, '林小川', '身份证号：与第4行重复'],
    ]);
  });

  test('the comparison finds the planted missing child and the planted unregistered pupil', async () => {
    const r = data(await call<RollResultView>('rollCheckResult', { jobId }, who.staffA));
    expect(r.schoolName).toBe('尧渡中心小学');
    expect(r.rollsOfTerm).toBe(2);
    expect(r.notOnRoll.map((c) => [c.childId, c.name, c.age])).toEqual([['r-missing', '许小满', 11]]);
    expect(r.onOtherRoll.map((c) => [c.childId, c.note])).toEqual([['r-moved', '在东流初级中学的名单中：请关联到该校']]);
    expect(r.noIdNumber.map((c) => c.childId)).toEqual(['r-noid']);
    expect(r.unregistered).toEqual([{ sheet: '一年级至六年级', row: 7, name: '吴小禾', grade: '5', className: '1班' }]);
    expect(r.unlinked.map((c) => [c.childId, c.note])).toEqual([['r-unlinked', '档案未关联学校']]);
    expect(r.noLeftBehindColumn).toBe(false);
    expect(r.totals).toEqual({ notOnRoll: 1, unregistered: 1, onOtherRoll: 1, unlinked: 1, noIdNumber: 1 });
    // The township and the county read it too.
    expect(data(await call<RollResultView>('rollCheckResult', { jobId }, who.township)).notOnRoll).toHaveLength(1);
    expect(data(await call<RollResultView>('rollCheckResult', { jobId }, who.county)).notOnRoll).toHaveLength(1);
  });

  test('the same file again returns the same check and writes nothing more', async () => {
    const again = await upload(who.teacherA, '尧渡中心小学学籍名单.xlsx', await messyRoll());
    const r = data(await call<RollProgress>('startRollCheck', { fileID: again, fileName: '再次上传.xlsx', schoolId: IN.schoolId }, who.teacherA));
    expect([r.jobId, r.reused, r.status]).toEqual([jobId, true, 'done']);
    const rows = await t.app.database().collection('rollCheckRows').where({ jobId }).count();
    expect(rows.total).toBe(7);
    // Another school may not claim it.
    const other = await upload(who.staffB, 'x.xlsx', await messyRoll(), NEAR.schoolId);
    expect(code(await call('startRollCheck', { fileID: other, fileName: 'x.xlsx', schoolId: NEAR.schoolId }, who.staffB))).toBe('CONFLICT');
  });

  test('the school list shows the check as the current one of the term', async () => {
    const v = data(await call<RollChecksView>('listRollChecks', {}, who.staffA));
    expect([v.school.name, v.termLabel, v.canUpload]).toEqual(['尧渡中心小学', '2026年秋季学期', true]);
    expect(v.checks.map((c) => [c.jobId, c.current])).toEqual([[jobId, true]]);
    expect(data(await call<RollChecksView>('listRollChecks', { schoolId: IN.schoolId }, who.township)).canUpload).toBe(false);
  });

  test('another school and another township cannot read it', async () => {
    expect(code(await call('rollCheckResult', { jobId }, who.teacherB))).toBe('FORBIDDEN');
    expect(code(await call('rollErrorReport', { jobId }, who.townshipB))).toBe('FORBIDDEN');
    expect(code(await call('listRollChecks', { schoolId: IN.schoolId }, who.teacherB))).toBe('FORBIDDEN');
    expect(code(await call('rollSlot', { schoolId: IN.schoolId, fileName: 'y.xlsx' }, who.staffB))).toBe('FORBIDDEN');
    const f = await upload(who.staffB, 'y.xlsx', await rollOfB(), NEAR.schoolId);
    expect(code(await call('startRollCheck', { fileID: f, fileName: 'y.xlsx', schoolId: IN.schoolId }, who.staffB))).toBe('FORBIDDEN');
  });
});

describe('a roll that cannot be used is refused whole', () => {
  test('no ID-number column: refused, no rows, no comparison', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['序号', '姓名', '性别', '年级', '班级']);
    ws.addRow([1, '林小川', '男', 5, '2班']);
    const run = await runCheck(who.staffA, IN.schoolId, '缺身份证号.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect([run.done.status, run.done.refused, run.done.total]).toEqual(['done', true, 0]);
    expect(run.done.problems.map((p) => [p.code, p.severity])).toEqual([['HEADER_COLUMN_MISSING', 'error']]);
    expect((await t.app.database().collection('rollCheckRows').where({ jobId: run.started.jobId }).count()).total).toBe(0);
    const r = data(await call<RollResultView>('rollCheckResult', { jobId: run.started.jobId }, who.staffA));
    expect([r.notOnRoll, r.unregistered, r.check.current]).toEqual([[], [], false]);
  });

  test('a label over 姓名 that says nobody: refused with the cell address', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['序号', '其他', null, '身份证号']);
    ws.addRow([null, '姓名', '电话', null]);
    ws.mergeCells('B1:C1');
    ws.mergeCells('A1:A2');
    ws.mergeCells('D1:D2');
    ws.addRow([1, '林小川', '13800000001', ID.onRoll]);
    const run = await runCheck(who.staffA, IN.schoolId, '表头不清.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(run.done.refused).toBe(true);
    expect(run.done.problems[0].message).toMatch(/B1单元格“其他”：无法判断“其他”下的“姓名”是谁的/);
  });

  test('a check still being read gives no result', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['序号', '姓名', '身份证号', '是否留守儿童']);
    wb.getWorksheet('Sheet1')!.addRow([1, '林小川', ID.onRoll, '是']);
    const f2 = await upload(who.staffA, '读取中2.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const started = data(await call<RollProgress>('startRollCheck', { fileID: f2, fileName: '读取中2.xlsx', schoolId: IN.schoolId }, who.staffA));
    expect(started.status).toBe('running');
    expect(code(await call('rollCheckResult', { jobId: started.jobId }, who.staffA))).toBe('CONFLICT');
  });
});

describe('学籍号 has its own field; the school link is chosen, never typed', () => {
  test('an officer types a 学籍号: stored as studentNumber, the child stays linked to its school; typing a school link is refused', async () => {
    const edit = await t.call('registry', 'updateChild', { childId: 'r-on', changes: { studentNumber: 'G341721201603010011' }, reason: '补录学籍号' }, { openid: who.officer.openid });
    expect(edit.ok).toBe(true);
    const file = (await t.app.database().collection('children').doc('r-on').get()).data[0] as { schoolId?: string; studentNumber?: string };
    expect([file.schoolId, file.studentNumber]).toEqual([IN.schoolId, 'G341721201603010011']);
    const typed = await t.call('registry', 'updateChild', { childId: 'r-on', changes: { schoolId: 'G341721201603010011' }, reason: '误填' }, { openid: who.officer.openid });
    expect(code(typed)).toBe('VALIDATION_FAILED');
    // The school still reaches the child's result lists.
    expect(code(await call('listRollChecks', { schoolId: IN.schoolId }, who.teacherA))).toBeUndefined();
  });
});

describe('resumable', () => {
  test('a batch that died after writing some rows (cursor not moved) is re-run: no row twice, counts exact', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['序号', '姓名', '身份证号', '是否留守儿童']);
    for (let i = 0; i < 30; i++) ws.addRow([i + 1, `学生${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'一二三'[Math.floor(i / 10)]}`, idOf('20160101', 100 + i), i % 3 === 0 ? '是' : '否']);
    const name = '续传名单.xlsx';
    const fileID = await upload(who.staffA, name, Buffer.from(await wb.xlsx.writeBuffer()));
    const started = data(await call<RollProgress>('startRollCheck', { fileID, fileName: name, schoolId: IN.schoolId }, who.staffA));
    // The dead batch's first write: row 0 stored, the cursor still at 0.
    await insert(t.app, 'rollCheckRows', { _id: `${started.jobId}-000000`, jobId: started.jobId, seq: 0, term: '2026-autumn', countyCode: IN.countyCode, schoolId: IN.schoolId, sheet: '名单', row: 2, outcome: 'accepted', messages: [], name: '学生0' });
    let p = started;
    for (let i = 0; p.status !== 'done' && i < 50; i++) p = data(await call<RollProgress>('advanceRollCheck', { jobId: started.jobId }, who.teacherA));
    expect([p.status, p.total, p.done, p.counts.accepted, p.counts.rejected, p.counts.leftBehind]).toEqual(['done', 30, 30, 30, 0, 10]);
    expect((await t.app.database().collection('rollCheckRows').where({ jobId: started.jobId }).count()).total).toBe(30);
  });
});

describe('a CSV roll', () => {
  test('a GB18030 CSV from Excel: title line, full-width digits, an ID in scientific notation and blank lines get the same treatment', async () => {
    const iconv = (await import('iconv-lite')).default;
    const ids = [idOf('20160505', 201), idOf('20151111', 202), idOf('20170707', 203)];
    const text = [
      '尧渡中心小学2026年秋季学期学生名单,,,,',
      '序号,姓名,性别,身份证号,是否留守儿童',
      `1,林小溪,女,${ids[0]},是`,
      `2,王小峰,男,${FULL_WIDTH(ids[1])},否`,
      ',,,,',
      `3,张小禾,女,3.41721E+17,是`,
      `4,李小川,男,${ids[2]},是`,
      '',
    ].join('\r\n');
    const run = await runCheck(who.staffA, IN.schoolId, '学籍名单.csv', iconv.encode(text, 'gb18030'));
    expect([run.done.status, run.done.refused, run.done.total]).toEqual(['done', false, 4]);
    expect(run.done.counts).toMatchObject({ accepted: 3, rejected: 1, leftBehind: 2 });
    const r = data(await call<{ rows: number; base64: string }>('rollErrorReport', { jobId: run.started.jobId }, who.staffA));
    expect(r.rows).toBe(1);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.base64, 'base64') as never);
    const lines = wb.getWorksheet('被拒绝的行')!.getSheetValues().slice(2).map((v) => (v as unknown[]).slice(4, 6));
    expect(lines).toEqual([['张小禾', expect.stringMatching(/^身份证号/)]]);
    // The two left-behind pupils are in no child file: listed for the villages to register.
    const result = data(await call<RollResultView>('rollCheckResult', { jobId: run.started.jobId }, who.staffA));
    expect(result.unregistered.map((u) => [u.name, u.row])).toEqual([
      ['林小溪', 3],
      ['李小川', 7],
    ]);
  });
});

describe('paged results', () => {
  test('each list comes a page at a time with its total; another page of one list leaves the others empty', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['序号', '姓名', '身份证号', '是否留守儿童']);
    for (let i = 0; i < 7; i++) ws.addRow([i + 1, `新生${'甲乙丙丁戊己庚'[i]}`, idOf('20160808', 300 + i), '是']);
    const run = await runCheck(who.staffA, IN.schoolId, '翻页名单.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const first = data(await call<RollResultView>('rollCheckResult', { jobId: run.started.jobId, limit: 3 }, who.staffA));
    expect([first.unregistered.length, first.totals.unregistered]).toEqual([3, 7]);
    const next = data(await call<RollResultView>('rollCheckResult', { jobId: run.started.jobId, list: 'unregistered', skip: 3, limit: 3 }, who.staffA));
    expect(next.unregistered.map((u) => u.name)).toEqual(['新生丁', '新生戊', '新生己']);
    expect([next.notOnRoll, next.unlinked, next.totals.unregistered]).toEqual([[], [], 7]);
    const last = data(await call<RollResultView>('rollCheckResult', { jobId: run.started.jobId, list: 'unregistered', skip: 6 }, who.staffA));
    expect(last.unregistered.map((u) => u.name)).toEqual(['新生庚']);
    expect(code(await call('rollCheckResult', { jobId: run.started.jobId, list: 'unregistered', skip: 3 }, who.teacherB))).toBe('FORBIDDEN');
  });
});
