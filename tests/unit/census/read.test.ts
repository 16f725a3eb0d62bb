/** Reading rosters: file names, encodings, header detection, row classification, village matching. */
import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import {
  createRegionIndex,
  decodeText,
  placeFromFileName,
  readRoster,
  validateRoster,
} from '../../../cloudfunctions/registry/src/census';
import { censusTestRegionTree } from '../../helpers/census-generator';

const regions = createRegionIndex(censusTestRegionTree());

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('file name → county and town', () => {
  it.each([
    ['341721-尧渡镇-留守儿童花名册.xlsx', '341721100'],
    ['341721_东流_花名册.xlsx', '341721101'],
    ['341721 张溪镇 留守儿童.csv', '341721104'],
    ['C:\\Users\\村干部\\桌面\\341721-尧渡镇-花名册.xlsx', '341721100'],
    ['341721-341721104-花名册.xlsx', '341721104'],
    ['３４１７２１－尧渡镇－花名册.xlsx', '341721100'],
  ])('%s → town %s', (name, code) => {
    const place = placeFromFileName(name, regions);
    expect(place.problems).toEqual([]);
    expect(place.town?.code).toBe(code);
  });

  it('reports a foreign county code and a missing town instead of guessing', () => {
    expect(placeFromFileName('341722-尧渡镇-花名册.xlsx', regions).problems.map((p) => p.code)).toEqual(['FILE_COUNTY_UNMATCHED']);
    expect(placeFromFileName('341721-留守儿童花名册.xlsx', regions).problems.map((p) => p.code)).toEqual(['FILE_TOWN_UNMATCHED']);
    expect(placeFromFileName('341721-团结社区.xlsx', regions).town).toBeUndefined();
  });
});

describe('text encodings of CSV files', () => {
  const text = '姓名,公民身份号码\r\n吉𠮷,34172120150908392X\r\n';
  it('detects UTF-8 with and without BOM, GB18030 and UTF-16', () => {
    expect(decodeText(new Uint8Array(Buffer.from(`\ufeff${text}`, 'utf8')))).toEqual({ text, encoding: 'utf-8-bom' });
    expect(decodeText(new Uint8Array(Buffer.from(text, 'utf8')))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(new Uint8Array(iconv.encode(text, 'gb18030')))).toEqual({ text, encoding: 'gb18030' });
    expect(decodeText(new Uint8Array(iconv.encode(text, 'utf16-le', { addBOM: true })))).toEqual({ text, encoding: 'utf-16le' });
  });
});

describe('bad files', () => {
  it('refuses legacy .xls and non-spreadsheets, and survives a corrupt .xlsx', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    const xls = await readRoster({ name: '341721-尧渡镇-花名册.xls', bytes: ole }, regions);
    expect(xls.problems.map((p) => p.code)).toEqual(['FILE_FORMAT_UNSUPPORTED']);
    const fake = await readRoster({ name: '341721-尧渡镇-花名册.xlsx', bytes: new Uint8Array(Buffer.from('hello')) }, regions);
    expect(fake.problems.map((p) => p.code)).toEqual(['FILE_FORMAT_UNSUPPORTED']);
    const corrupt = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    const broken = await readRoster({ name: '341721-尧渡镇-花名册.xlsx', bytes: corrupt }, regions);
    expect(broken.problems.map((p) => p.code)).toEqual(['FILE_UNREADABLE']);
  });
});

describe('a hand-made workbook with a one-row header of synonyms', () => {
  let read: Awaited<ReturnType<typeof readRoster>>;
  beforeAll(async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('金山村');
      ws.addRow(['东至县东流镇金山村委会留守儿童登记表']);
      ws.addRow([]);
      ws.addRow(['身份证号码', '儿童姓名', '性别（男/女）', '出生年月', '组别', '父母均外出', '父亲电话', '母亲手机号', '受委托监护人身份证号', '爱好', '序号']);
      ws.addRow(['341721201509144526', '龙雨思', '女', '2015.9.14', '1', '√', '170-3734-3048', '17095379250', '341721570313420', '画画', 1]);
      ws.addRow(['', '', '', '', '', '', '', '', '', '']);
      ws.addRow([null, null, null, null, null, null, null, null, null, null, 2]);
      ws.addRow(['身份证号码', '儿童姓名', '性别', '出生年月', '组别', '父母均外出']);
      ws.addRow(['34172120150908392x', '薛宇', '女', '20150908', '8组', '是', '', '', '', '', 3]);
      ws.addRow(['总 计', '2人']);
      ws.addRow(['注：本表一式两份。']);
      ws.addRow(['填表人：', '', '联系电话：', '13800000000']);
      wb.addWorksheet('空表');
      const dict = wb.addWorksheet('字典');
      dict.addRow(['健康', '残疾', '患病']);
      dict.state = 'hidden';
    });
    read = await readRoster({ name: '341721-东流镇-花名册.xlsx', bytes }, regions);
  });

  it('finds the header, maps synonyms and keeps unknown columns unmapped', () => {
    const sheet = read.sheets[0];
    expect(sheet.headerRows).toEqual([3]);
    expect(sheet.headers.map((h) => h.field ?? `?${h.key}`)).toEqual([
      'idNumber', 'name', 'gender', 'birthDate', 'group', 'parentsBothAway', 'fatherPhone', 'motherPhone', 'caregiverIdNumber', '?爱好', 'seq',
    ]);
  });

  it('classifies every row', () => {
    expect(read.sheets[0].rows.map((r) => r.kind)).toEqual([
      'title', 'blank', 'header', 'child', 'blank', 'blank', 'header', 'child', 'total', 'footer', 'footer',
    ]);
  });

  it('matches the sheet by stem within the town, with the title cross-check', () => {
    expect(read.sheets[0].village).toEqual({ code: '341721101200', name: '金山村委会' });
    // The one unknown column is named in the report, not dropped silently.
    expect(read.sheets[0].problems).toEqual([
      expect.objectContaining({ code: 'HEADER_COLUMNS_IGNORED', severity: 'warning', message: '以下列未导入：J列“爱好”（无法识别的列名）' }),
    ]);
  });

  it('reports an empty sheet and a sheet without a header', () => {
    expect(read.sheets[1].problems.map((p) => p.code)).toEqual(['SHEET_EMPTY']);
    expect(read.sheets[2].problems.map((p) => p.code)).toEqual(['HEADER_NOT_FOUND']);
    expect(read.sheets[2].rows.every((r) => r.kind !== 'child')).toBe(true);
  });

  it('validates the rows: legacy caregiver ID upgraded, lower-case x, group from a number', () => {
    const outcome = validateRoster(read, { censusDate: '2026-09-30' });
    expect(outcome.rows.map((r) => [r.row, r.outcome, r.reasons])).toEqual([
      [4, 'accept', []],
      [8, 'accept', []],
    ]);
    expect(outcome.rows[0].normalized).toMatchObject({
      idNumber: '341721201509144526', group: '1组', fatherPhone: '17037343048', caregiverIdNumber: '341721195703134200',
      villageCode: '341721101200', townshipCode: '341721101',
    });
    expect(outcome.rows[1].normalized).toMatchObject({ idNumber: '34172120150908392X', birthDate: '2015-09-08', group: '8组' });
  });
});

describe('headers of two rows with merged group cells (父亲 over 姓名 and 联系电话, 母亲 over the same)', () => {
  /** The layout the trust issue found dropping the parents: the child's headers merged over both rows. */
  function parentGroupRows(): Array<Array<string | number | null>> {
    return [
      ['东至县尧渡镇团结社区留守儿童花名册'],
      ['序号', '姓名', '性别', '公民身份号码', '父母双方外出', '父亲', null, '母亲', null, '备注'],
      [null, null, null, null, null, '姓名', '联系电话', '姓名', '联系电话', null],
      [1, '吉𠮷', '女', '34172120150908392X', '√', '薛建', '13931675059', '王芳', '18935561701', ''],
      [2, '龙雨思', '女', '341721201509144526', '√', '龙海', '139 2054 6978', '李娟', '17095379250', ''],
    ];
  }

  async function check(read: Awaited<ReturnType<typeof readRoster>>) {
    const sheet = read.sheets[0];
    expect(sheet.headerRows).toEqual([2, 3]);
    expect(sheet.rows.map((r) => r.kind)).toEqual(['title', 'header', 'header', 'child', 'child']);
    expect(sheet.headers.filter((h) => h.key.includes('|')).map((h) => [h.address, h.key, h.field])).toEqual([
      ['F3', '父亲|姓名', 'fatherName'],
      ['G3', '父亲|联系电话', 'fatherPhone'],
      ['H3', '母亲|姓名', 'motherName'],
      ['I3', '母亲|联系电话', 'motherPhone'],
    ]);
    const outcome = validateRoster(read, { censusDate: '2026-09-30' });
    expect(outcome.problems).toEqual([]);
    expect(outcome.rows.map((r) => [r.row, r.outcome])).toEqual([[4, 'accept'], [5, 'accept']]);
    expect(outcome.rows[0].normalized).toMatchObject({ name: '吉𠮷', fatherName: '薛建', fatherPhone: '13931675059', motherName: '王芳', motherPhone: '18935561701' });
    expect(outcome.rows[1].normalized).toMatchObject({ fatherName: '龙海', fatherPhone: '13920546978', motherName: '李娟' });
  }

  it('xlsx: the merge ranges give 父亲|姓名, 母亲|联系电话 …; the second header row is not a child', async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('团结社区');
      for (const r of parentGroupRows()) ws.addRow(r);
      for (const c of [1, 2, 3, 4, 5, 10]) ws.mergeCells(2, c, 3, c);
      ws.mergeCells(2, 6, 2, 7);
      ws.mergeCells(2, 8, 2, 9);
    });
    await check(await readRoster({ name: '341721-尧渡镇-花名册.xlsx', bytes }, regions));
  });

  it('CSV (no merges kept): the group label in its first column spans its sub-headers', async () => {
    const text = parentGroupRows().map((r) => r.map((v) => v ?? '').join(',')).join('\r\n');
    await check(await readRoster({ name: '341721-尧渡镇-团结社区.csv', bytes: new Uint8Array(Buffer.from(text, 'utf8')) }, regions));
  });

  it('lists every column it does not import: unknown headers, a field the person lacks, a column with data but no name', async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('团结社区');
      ws.addRow(['姓名', '性别', '公民身份号码', '父母双方外出', '祖父', null, '爱好']);
      ws.addRow([null, null, null, null, '姓名', '联系电话', null]);
      ws.addRow(['吉𠮷', '女', '34172120150908392X', '√', '吉大山', '13931675059', '画画', '左撇子']);
      for (const c of [1, 2, 3, 4, 7]) ws.mergeCells(1, c, 2, c);
      ws.mergeCells(1, 5, 1, 6);
    });
    const read = await readRoster({ name: '341721-尧渡镇-花名册.xlsx', bytes }, regions);
    const outcome = validateRoster(read, { censusDate: '2026-09-30' });
    expect(outcome.rows[0].normalized).toMatchObject({ paternalGrandfatherName: '吉大山' });
    const ignored = outcome.problems.find((p) => p.code === 'HEADER_COLUMNS_IGNORED')!;
    expect(ignored.message).toBe('以下列未导入：F列“祖父”下的“联系电话”（登记表中没有此项）；G列“爱好”（无法识别的列名）；H列（没有列名，但有数据）');
    // Every header column is either mapped to a field or carries the reason it is not.
    expect(read.sheets[0].headers.every((h) => !!h.field !== !!h.ignored)).toBe(true);
  });

  it('refuses the whole file with the cell address when a group cell makes a column ambiguous', async () => {
    const bytes = await xlsx((wb) => {
      const good = wb.addWorksheet('尧舜社区');
      good.addRow(['姓名', '性别', '公民身份号码', '父母双方外出']);
      good.addRow(['王一', '女', '341721201509144526', '√']);
      const ws = wb.addWorksheet('团结社区');
      ws.addRow(['留守儿童花名册']);
      ws.addRow(['姓名', '性别', '公民身份号码', '父母双方外出', '父亲', null, '其他亲属', null]);
      ws.addRow([null, null, null, null, '姓名', '联系电话', '姓名', '联系电话']);
      ws.addRow(['吉𠮷', '女', '34172120150908392X', '√', '薛建', '13931675059', '吉大山', '13800000000']);
      for (const c of [1, 2, 3, 4]) ws.mergeCells(2, c, 3, c);
      ws.mergeCells(2, 5, 2, 6);
      ws.mergeCells(2, 7, 2, 8);
    });
    const read = await readRoster({ name: '341721-尧渡镇-花名册.xlsx', bytes }, regions);
    const outcome = validateRoster(read, { censusDate: '2026-09-30' });
    expect(read.problems).toEqual([
      expect.objectContaining({ code: 'HEADER_UNRESOLVED', severity: 'error', sheet: '团结社区', details: { address: 'G2', text: '其他亲属' } }),
    ]);
    expect(read.problems[0].message).toContain('工作表“团结社区”G2单元格“其他亲属”');
    // Nothing of the file is imported, not even the sheet whose header was fine.
    expect(outcome.rows).toEqual([]);
  });
});

describe('village matching', () => {
  async function sheetWith(name: string, title: string, file = '341721-尧渡镇-花名册.xlsx') {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet(name);
      ws.addRow([title]);
      ws.mergeCells('A1:D1'); // a merged title right above a one-row header
      ws.addRow(['姓名', '性别', '公民身份号码', '父母双方外出']);
      ws.addRow(['王一', '女', '341721201509144526', '√']);
    });
    const read = await readRoster({ name: file, bytes }, regions);
    expect(read.sheets[0].headerRows).toEqual([2]);
    return { sheet: read.sheets[0], read };
  }

  it.each([
    ['团结社区', '东至县尧渡镇团结社区农村留守儿童花名册', '341721100001'],
    ['尧舜', '东至县尧渡镇尧舜社区农村留守儿童花名册', '341721100002'],
    ['（3）秋浦社区', '', undefined],
    ['秋浦社区（12人）', '秋浦社区', '341721100003'],
    ['梅林社区', '填报单位：梅林社区', '341721100004'],
  ])('sheet %s (title %s) → %s', async (name, title, code) => {
    expect((await sheetWith(name, title)).sheet.village?.code).toBe(code);
  });

  it('does not guess: unknown, ambiguous, contradicted by the title, or in another town', async () => {
    expect((await sheetWith('Sheet1', '东至县尧渡镇团结社区')).sheet.problems.map((p) => p.code)).toEqual(['SHEET_VILLAGE_UNMATCHED']);
    expect((await sheetWith('团结', '')).sheet.problems.map((p) => p.code)).toEqual(['SHEET_VILLAGE_AMBIGUOUS']);
    expect((await sheetWith('团结社区', '东至县尧渡镇老街社区花名册')).sheet.problems.map((p) => p.code)).toEqual(['SHEET_TITLE_MISMATCH']);
    expect((await sheetWith('团结社区', '东至县东流镇留守儿童花名册')).sheet.problems.map((p) => p.code)).toEqual(['SHEET_TITLE_MISMATCH']);
    // 金山村委会 exists in 东流镇 and 新河镇: the file's town decides.
    expect((await sheetWith('金山村委会', '', '341721-新河镇-花名册.xlsx')).sheet.village?.code).toBe('341721190202');
    expect((await sheetWith('团结社区', '', '341721-新河镇-花名册.xlsx')).sheet.problems.map((p) => p.code)).toEqual(['SHEET_VILLAGE_UNMATCHED']);
  });

  it('rejects the rows of an unmatched sheet with VILLAGE_UNMATCHED, still reporting their other checks', async () => {
    const { read } = await sheetWith('Sheet1', '');
    const outcome = validateRoster(read, { censusDate: '2026-09-30' });
    expect(outcome.rows[0]).toMatchObject({ outcome: 'reject', reasons: ['VILLAGE_UNMATCHED'] });
  });
});

describe('tab-delimited UTF-16 text (Excel "Unicode text")', () => {
  it('is read like a CSV', async () => {
    const text = ['序号\t姓名\t性别\t公民身份号码\t一方外出另一方无监护能力', '1\t吉𠮷\t女\t34172120150908392X\t√', '合计\t1人'].join('\r\n');
    const bytes = new Uint8Array(iconv.encode(text, 'utf16-le', { addBOM: true }));
    const read = await readRoster({ name: '341721-张溪镇-塔石村委会.csv', bytes }, regions);
    expect(read.encoding).toBe('utf-16le');
    const outcome = validateRoster(read, { censusDate: '2026-09-30' });
    expect(outcome.problems).toEqual([]);
    expect(outcome.rows[0]).toMatchObject({ outcome: 'accept', normalized: { name: '吉𠮷', villageCode: '341721104203', oneAwayOtherIncapable: true } });
    expect(outcome.skipped.map((s) => s.kind)).toEqual(['header', 'total']);
  });
});

describe('exceljs merge recording', () => {
  it('leaves workbooks loaded by other code with their merges applied', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { CENSUS_FIXTURES_DIR } = await import('../../helpers/census-generator');
    const bytes = readFileSync(join(CENSUS_FIXTURES_DIR, '341721-尧渡镇-留守儿童花名册.xlsx'));
    const ours = await readRoster({ name: '341721-尧渡镇-留守儿童花名册.xlsx', bytes: new Uint8Array(bytes) }, regions);
    expect(ours.sheets[0].rows.find((r) => r.row === 7)?.filledFields).toEqual(expect.arrayContaining(['fatherName', 'caregiverIdNumber']));
    const other = new ExcelJS.Workbook();
    await other.xlsx.load(bytes as any);
    const cell = other.getWorksheet('团结社区')!.getCell('M7');
    expect(cell.isMerged).toBe(true);
    expect(cell.value).toBe('孙博墨');
  });
});
