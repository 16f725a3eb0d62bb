/**
 * Reading a school roll (学籍名单) and checking its rows, with the census import's treatment
 * (`_shared/sheets/`): header found by vocabulary, merged headers of two or three rows, full-width
 * digits, numbers stored as numbers, blank / total / signature rows skipped, a header repeated on
 * every printed page; every column used or named; ID numbers by the one definition of an ID number
 * (`contracts/fields.ts`). Pure: no database, no clock.
 */
import { formatYmd } from '../../../_shared/calendar';
import { normalizeText, parseDateCell, parseIdNumber, parseYesNo, readName, type CellValue } from '../../../_shared/sheets/cells';
import { readGrids } from '../../../_shared/sheets/grid';
import { readTable, type TableRow } from '../../../_shared/sheets/rows';
import type { RollProblem } from '../../../_shared/contracts/schools';
import { ROLL_FIELD_LABELS, ROLL_HEADER_VOCAB, type RollField } from './vocab';

/** A child row of the roll with its sheet. */
export interface RollEntry {
  sheet: string;
  row: TableRow<RollField>;
  date1904: boolean;
}

/** What reading a roll gave. */
export interface RollRead {
  problems: RollProblem[];
  /** Child rows in sheet and row order. */
  entries: RollEntry[];
  /** Rows that are not data (blank, 合计, signatures, repeated headers). */
  skipped: number;
  /** Some sheet read has a 是否留守儿童 column. */
  hasLeftBehindColumn: boolean;
}

/** Whether a roll with these problems may be used for the check (no error anywhere). */
export function usable(problems: RollProblem[]): boolean {
  return !problems.some((p) => p.severity === 'error');
}

/**
 * Reads a roll file (.xlsx, or .csv in UTF-8 / GB18030 / UTF-16).
 * A sheet without a header, a header that cannot be resolved or a roll without an ID-number
 * column is an error: the roll is then not used at all (a child on an unread sheet would be
 * listed as on no roll). Never throws for a bad file.
 */
export async function readRoll(file: { name: string; bytes: Uint8Array }): Promise<RollRead> {
  const out: RollRead = { problems: [], entries: [], skipped: 0, hasLeftBehindColumn: false };
  const read = await readGrids(file, file.name.replace(/\.[A-Za-z0-9]{2,5}$/, ''));
  if (read.unsupported) {
    out.problems.push({ code: 'FILE_FORMAT_UNSUPPORTED', severity: 'error', message: '文件格式不支持：请在 Excel 或 WPS 中“另存为” .xlsx 后重新上传' });
    return out;
  }
  if (read.unreadable !== undefined) {
    out.problems.push({ code: 'FILE_UNREADABLE', severity: 'error', message: '文件无法读取（可能已损坏或加密）：请重新导出后上传' });
    return out;
  }
  let sheetsWithRows = 0;
  for (const grid of read.grids) {
    const sheet = grid.name;
    const table = readTable(grid, ROLL_HEADER_VOCAB, { seq: 'seq', id: 'idNumber' });
    if (table.kind === 'empty') continue;
    if (table.kind === 'noHeader') {
      out.problems.push({ code: 'HEADER_NOT_FOUND', severity: 'error', sheet, message: `工作表“${sheet}”没有找到表头（应有“姓名”“身份证号”等列）：请检查后重新上传` });
      continue;
    }
    const { layout } = table;
    if (layout.unresolved) {
      const u = layout.unresolved;
      out.problems.push({ code: 'HEADER_UNRESOLVED', severity: 'error', sheet, message: `工作表“${sheet}”${u.address}单元格“${u.text}”：${u.reason}。整个文件未使用，请改正表头后重新上传` });
      continue;
    }
    const mapped = new Set(layout.columns.map(([f]) => f));
    if (!mapped.has('idNumber')) {
      out.problems.push({ code: 'HEADER_COLUMN_MISSING', severity: 'error', sheet, message: `工作表“${sheet}”没有“身份证号”列：排查按身份证号比对，请加上这一列后重新上传` });
      continue;
    }
    if (!mapped.has('name')) out.problems.push({ code: 'HEADER_COLUMN_MISSING', severity: 'warning', sheet, message: `工作表“${sheet}”没有“姓名”列：结果中只能显示行号` });
    if (mapped.has('leftBehind')) out.hasLeftBehindColumn = true;
    if (layout.duplicates.length) out.problems.push({ code: 'HEADER_DUPLICATE_COLUMN', severity: 'warning', sheet, message: `工作表“${sheet}”有重复的列，只使用第一列：${layout.duplicates.join('、')}` });
    if (table.ignoredText) out.problems.push({ code: 'HEADER_COLUMNS_IGNORED', severity: 'info', sheet, message: `以下列未使用：${table.ignoredText}` });
    let rows = 0;
    for (const row of table.rows) {
      if (row.kind === 'child') {
        out.entries.push({ sheet, row, date1904: grid.date1904 });
        rows++;
      } else if (row.kind === 'blank' || row.kind === 'total' || row.kind === 'footer' || (row.kind === 'header' && row.row > layout.rows[layout.rows.length - 1] + 1)) {
        out.skipped++;
      }
    }
    if (rows) sheetsWithRows++;
  }
  if (!sheetsWithRows && usable(out.problems)) out.problems.push({ code: 'NO_ROWS', severity: 'error', message: '文件中没有学生：请检查是否选错了文件' });
  if (sheetsWithRows && !out.hasLeftBehindColumn) {
    out.problems.push({ code: 'NO_LEFT_BEHIND_COLUMN', severity: 'warning', message: '名单没有“是否留守儿童”列：只能查找在册儿童是否在名单中，无法发现名单中未登记的留守儿童' });
  }
  return out;
}

/** One checked roll row. */
export interface CheckedRollRow {
  outcome: 'accepted' | 'rejected';
  messages: string[];
  name?: string;
  /** The 18-character ID number (never stored: hashed by the caller). */
  idNumber?: string;
  birthDate?: string;
  grade?: string;
  className?: string;
  studentNumber?: string;
  leftBehind?: boolean;
}

function text(v: CellValue | undefined, max = 40): string | undefined {
  const t = v === undefined ? '' : normalizeText(v);
  return t ? t.slice(0, max) : undefined;
}

/**
 * Checks one roll row: the ID number must be valid by fields.ts (a number cell of 18 digits has
 * lost its last digits in Excel: refused as truncated); a name that is not a name is refused; a
 * birth date cell that disagrees with the ID number and an unreadable 是否留守儿童 are warnings.
 * @param today `YYYY-MM-DD` an ID's birth date may not be after
 */
export function checkRollRow(e: RollEntry, today: string): CheckedRollRow {
  const v = e.row.values;
  const messages: string[] = [];
  let rejected = false;
  const out: CheckedRollRow = { outcome: 'accepted', messages };
  const name = readName(v.name);
  if (name && name.ok) out.name = name.value;
  else if (name && !name.ok) {
    rejected = true;
    messages.push(`${ROLL_FIELD_LABELS.name}：${name.message}`);
  }
  if (v.idNumber === undefined || !normalizeText(v.idNumber)) {
    rejected = true;
    messages.push(`${ROLL_FIELD_LABELS.idNumber}：未填写，无法比对`);
  } else {
    const id = parseIdNumber(v.idNumber, false, today);
    if (id.ok) {
      out.idNumber = id.value;
      out.birthDate = formatYmd(id.birth);
      if (v.birthDate !== undefined) {
        const d = parseDateCell(v.birthDate, e.date1904);
        if (d.ok && formatYmd(d.ymd) !== out.birthDate) messages.push(`${ROLL_FIELD_LABELS.birthDate}：与身份证号不一致（以身份证号为准）`);
      }
    } else {
      rejected = true;
      messages.push(id.message.startsWith(ROLL_FIELD_LABELS.idNumber) ? id.message : `${ROLL_FIELD_LABELS.idNumber}：${id.message}`);
    }
  }
  const lb = parseYesNo(v.leftBehind);
  if (lb === 'unrecognised') messages.push(`${ROLL_FIELD_LABELS.leftBehind}：无法识别“${text(v.leftBehind)}”（应填“是”或“否”）`);
  else if (lb !== undefined) out.leftBehind = lb;
  const grade = text(v.grade, 20);
  const className = text(v.className, 20);
  const studentNumber = text(v.studentNumber, 30);
  if (grade) out.grade = grade;
  if (className) out.className = className;
  if (studentNumber) out.studentNumber = studentNumber;
  if (rejected) out.outcome = 'rejected';
  return out;
}
