/**
 * Generates village rosters with the mess villages really produce (see shared/fixtures/census)
 * and predicts what the importer must make of every row. Every person is invented: names from a
 * small pool of common characters (plus rare ones such as 𠮷), ID numbers with region 341721 and
 * valid check digits built here, random mobile numbers.
 *
 * The predictions are computed here independently of the importer's code (own checksum, own age
 * arithmetic on strings), so a test comparing the two can fail.
 *
 * Longer than 500 lines: one generator of real-shaped rosters with every kind of mess the
 * census fixtures show, so each test states only what it plants.
 */
import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type RosterFormat = 'xlsx' | 'csv-utf8' | 'csv-utf8-bom' | 'csv-gb18030';
export type DateWrite =
  | 'excel-date' | 'serial' | 'iso' | 'dotted' | 'slashed' | 'chinese' | 'compact' | 'compact-number' | 'fullwidth-chinese';
export type IdWrite = 'plain' | 'fullwidth' | 'spaced' | 'lowerx' | 'invisible';
export type PhoneWrite = 'plain' | 'spaced' | 'dashed' | 'plus86' | 'fullwidth' | 'number';
export type Fault =
  | 'ID_CHECKSUM' | 'ID_FORMAT_NUMBER' | 'ID_FORMAT_SCI' | 'ID_FORMAT_SHORT' | 'ID_BIRTH_MISMATCH' | 'GENDER_MISMATCH'
  | 'NOT_LEFT_BEHIND' | 'REQUIRED_MISSING' | 'DATE_INVALID' | 'FATHER_PHONE_INVALID';

export interface ChildSpec {
  /** YYYY-MM-DD; default: a random age 0–15 on the census date. */
  birthDate?: string;
  gender?: 'male' | 'female';
  /** Default: an invented name. */
  name?: string;
  /** Write the name with spaces between its characters (as villages align names). */
  spacedName?: boolean;
  dateWrite?: DateWrite;
  idWrite?: IdWrite;
  /** Reuse another child's ID number (the same child listed twice). */
  sameAs?: GeneratedChild;
  faults?: Fault[];
  /** 就学情况 as written and as stored (default: by age, 未入园 … 初中), e.g. `['辍学', 'droppedOut']`. */
  schooling?: [written: string, value: string];
}

export interface FamilySpec {
  children: ChildSpec[];
  /** Merge the parents' and caregiver's cells across the siblings (xlsx); CSV leaves them empty. */
  mergeParents?: boolean;
  /** The caregiver's ID written in the legacy 15-digit form. */
  caregiverId15?: boolean;
  /** One parent away, the other at home without guardianship capacity (instead of both away). */
  oneAwayOtherIncapable?: boolean;
  phoneWrite?: PhoneWrite;
  /** How the group is written: `3组`, `３组`, `第3组`, a number cell `3`. */
  groupWrite?: 'plain' | 'fullwidth' | 'ordinal' | 'number';
}

/**
 * How the header is laid out: `one-row`; `two-row` (group cells 儿童基本情况 / 父亲 / 母亲 /
 * 实际监护情况 over the leaf row, single headers merged over both rows); `parent-groups` (the
 * child's and guardianship headers merged over two rows, only 父亲 and 母亲 cells spanning their
 * 姓名 / 公民身份号码 / 务工地点 / 联系电话 below); `three-row` (section cells over person cells
 * over leaves: 家庭情况 › 父亲 › 姓名, 实际监护情况 › 受委托监护人 › 联系电话). A CSV keeps a group
 * label in the first column of its group only and leaves cells below a tall header empty.
 */
export type HeaderStyle = 'one-row' | 'two-row' | 'parent-groups' | 'three-row';

export interface SheetSpec {
  /** The sheet name as the village wrote it (for CSV: put into the file name). */
  sheetName: string;
  /** The village the importer must match; undefined when the sheet must be reported unmatched. */
  village?: { code: string; name: string };
  /** Title village name; defaults to the sheet name. */
  titleVillage?: string;
  families: FamilySpec[];
  /** Blank rows between families. */
  blankEvery?: number;
  /** The header repeated (all its rows) before every this-many families, as printed pages repeat it. */
  repeatHeaderEvery?: number;
  withTotal?: boolean;
  withFooter?: boolean;
}

export interface RosterSpec {
  format: RosterFormat;
  county: { code: string; name: string };
  town: { code: string; name: string };
  /** The town as written in the file name (default its name). */
  fileTown?: string;
  /** CSV holds one sheet. */
  sheets: SheetSpec[];
  headerStyle: HeaderStyle;
  censusDate: string;
  seed: number;
}

export interface GeneratedChild {
  idNumber: string;
  birthDate: string;
  gender: 'male' | 'female';
  accepted: boolean;
}

export interface ExpectedRow {
  sheet: string;
  row: number;
  kind: 'child' | 'blank' | 'total' | 'footer' | 'header';
  outcome?: 'accept' | 'reject';
  /** Reasons that must be among those reported. */
  reasons?: string[];
  /** Warnings, exactly. */
  warnings?: string[];
  /** Values the stored row must have; `undefined` means the field must be absent. */
  normalized?: Record<string, unknown>;
}

export interface GeneratedRoster {
  name: string;
  bytes: Uint8Array;
  /** Sheet names as the importer sees them (a CSV's is its file name without extension). */
  sheets: string[];
  expected: ExpectedRow[];
  children: GeneratedChild[];
}

// ---------------------------------------------------------------------------------------------
// Randomness and invented people

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN = ['子', '轩', '浩', '宇', '欣', '怡', '梓', '涵', '雨', '晨', '佳', '一', '诺', '文', '博', '思', '俊', '嘉', '明', '华'];
/** Rare characters villages meet in names: outside the BMP (𠮷 U+20BB7, 𠈌 U+2020C) and Ext-A (䶮). */
export const RARE_CHARS = ['𠮷', '𠈌', '䶮', '堃', '昇'];
const PLACES = ['浙江省杭州市', '江苏省苏州市', '广东省深圳市', '上海市', '福建省厦门市', '安徽省合肥市'];
const RELATIONS = ['祖父', '祖母', '外祖父', '外祖母', '叔叔', '姑姑'];

class People {
  private used = new Set<string>();
  constructor(readonly rand: () => number) {}
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rand() * xs.length)];
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
  name(): string {
    return this.pick(SURNAMES) + this.pick(GIVEN) + (this.rand() < 0.6 ? this.pick(GIVEN) : '');
  }
  phone(): string {
    return `1${this.pick(['3', '5', '7', '8'])}${String(this.int(0, 999999999)).padStart(9, '0')}`;
  }
  /** An invented 18-digit ID with region 341721; `wantX` forces check character X. */
  id18(birth: string, gender: 'male' | 'female', wantX = false): string {
    for (let i = 0; i < 5000; i++) {
      let seq = this.int(0, 999);
      if ((seq % 2 === 1) !== (gender === 'male')) seq = (seq + 1) % 1000;
      const first17 = `341721${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
      const id = first17 + checkChar(first17);
      if (wantX && !id.endsWith('X')) continue;
      if (this.used.has(id)) continue;
      this.used.add(id);
      return id;
    }
    throw new Error('could not invent an ID');
  }
  /** An invented 15-digit legacy ID (births 19xx) and its 18-digit upgrade. */
  id15(birth: string, gender: 'male' | 'female'): { id15: string; id18: string } {
    for (;;) {
      let seq = this.int(0, 999);
      if ((seq % 2 === 1) !== (gender === 'male')) seq = (seq + 1) % 1000;
      const id15 = `341721${birth.slice(2).replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
      const first17 = `341721${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
      const id18 = first17 + checkChar(first17);
      if (this.used.has(id18)) continue;
      this.used.add(id18);
      return { id15, id18 };
    }
  }
}

/** GB 11643 check character (written out here, independent of the importer). */
export function checkChar(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = first17.split('').reduce((s, ch, i) => s + Number(ch) * w[i], 0);
  return '10X98765432'[sum % 11];
}

// ---------------------------------------------------------------------------------------------
// Dates, independently of the importer

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Completed years on `on` (29 Feb birthdays fall on 1 Mar in other years), from the strings. */
export function expectedAge(birth: string, on: string): number {
  const [by, bmd] = [Number(birth.slice(0, 4)), birth.slice(5)];
  const oy = Number(on.slice(0, 4));
  const birthday = bmd === '02-29' && !isLeap(oy) ? '03-01' : bmd;
  return oy - by - (on.slice(5) >= birthday ? 0 : 1);
}

/** Days since 1899-12-30 (Excel's serial for dates after Feb 1900), by UTC millisecond maths. */
function excelSerial(day: string): number {
  return Math.round((Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) - Date.UTC(1899, 11, 30)) / 86400000);
}

function shiftDay(day: string, days: number): string {
  const d = new Date(Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) + days * 86400000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

const FULLWIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

type Cell = string | number | Date | null;

function writeDate(day: string, how: DateWrite, format: RosterFormat): Cell {
  const [y, m, d] = [day.slice(0, 4), String(+day.slice(5, 7)), String(+day.slice(8, 10))];
  switch (how) {
    case 'excel-date':
      return format === 'xlsx' ? new Date(`${day}T00:00:00.000Z`) : day;
    case 'serial':
      return format === 'xlsx' ? excelSerial(day) : String(excelSerial(day));
    case 'iso':
      return day;
    case 'dotted':
      return `${y}.${m}.${d}`;
    case 'slashed':
      return `${y}/${m}/${d}`;
    case 'chinese':
      return `${y}年${m}月${d}日`;
    case 'compact':
      return day.replace(/-/g, '');
    case 'compact-number':
      return format === 'xlsx' ? Number(day.replace(/-/g, '')) : day.replace(/-/g, '');
    case 'fullwidth-chinese':
      return FULLWIDTH(`${y}年${m}月${d}日`);
  }
}

function writePhone(phone: string, how: PhoneWrite, format: RosterFormat): Cell {
  switch (how) {
    case 'plain':
      return phone;
    case 'spaced':
      return `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
    case 'dashed':
      return `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
    case 'plus86':
      return `+86 ${phone}`;
    case 'fullwidth':
      return FULLWIDTH(phone);
    case 'number':
      return format === 'xlsx' ? Number(phone) : phone;
  }
}

function writeId(id: string, how: IdWrite): string {
  switch (how) {
    case 'plain':
      return id;
    case 'fullwidth':
      return FULLWIDTH(id);
    case 'spaced':
      return ` ${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)} `;
    case 'lowerx':
      return id.toLowerCase();
    case 'invisible':
      return `\u200b${id}\u00a0\u3000`;
  }
}

// ---------------------------------------------------------------------------------------------
// Columns

interface RowData {
  child: {
    name: Cell; gender: Cell; birth: Cell; id: Cell | number; group: Cell;
    health: string; boarding: string; schooling: string; school: string;
    both: string; oneAway: string; guardianship: string; income: string;
  };
  family: {
    fatherName: string; fatherId: string; fatherWork: string; fatherPhone: Cell;
    motherName: string; motherId: string; motherWork: string; motherPhone: Cell;
    cgName: string; cgRelation: string; cgPhone: Cell; cgId: string;
  };
  residence: string;
}

interface Column {
  top: string;
  leaf: string;
  /** One-row header text. */
  single: string;
  /** The labels from top to leaf in the `parent-groups` and `three-row` styles. */
  parentGroups: string[];
  three: string[];
  /** A parent/caregiver column (merged across siblings). */
  family: boolean;
  get(r: RowData, seq: number): Cell;
}

const COLUMNS: Column[] = [
  { top: '序号', leaf: '', single: '序号', parentGroups: ['序号'], three: ['序号'], family: false, get: (_r, seq) => seq },
  { top: '儿童基本情况', leaf: '姓名', single: '儿童姓名', parentGroups: ['姓名'], three: ['儿童基本情况', '姓名'], family: false, get: (r) => r.child.name },
  { top: '儿童基本情况', leaf: '性别', single: '性别', parentGroups: ['性别'], three: ['儿童基本情况', '性别'], family: false, get: (r) => r.child.gender },
  { top: '儿童基本情况', leaf: '出生日期', single: '出生年月日', parentGroups: ['出生日期'], three: ['儿童基本情况', '出生日期'], family: false, get: (r) => r.child.birth },
  { top: '儿童基本情况', leaf: '公民身份号码', single: '身份证号码', parentGroups: ['公民身份号码'], three: ['儿童基本情况', '公民身份号码'], family: false, get: (r) => r.child.id },
  { top: '儿童基本情况', leaf: '村民小组', single: '组别', parentGroups: ['村民小组'], three: ['儿童基本情况', '村民小组'], family: false, get: (r) => r.child.group },
  { top: '儿童基本情况', leaf: '现居住地', single: '现住址', parentGroups: ['现居住地'], three: ['儿童基本情况', '现居住地'], family: false, get: (r) => r.residence },
  { top: '儿童基本情况', leaf: '身体状况', single: '健康状况', parentGroups: ['身体状况'], three: ['儿童基本情况', '身体状况'], family: false, get: (r) => r.child.health },
  { top: '儿童基本情况', leaf: '是否寄宿', single: '是否住校', parentGroups: ['是否寄宿'], three: ['儿童基本情况', '是否寄宿'], family: false, get: (r) => r.child.boarding },
  { top: '儿童基本情况', leaf: '就学情况', single: '就读情况', parentGroups: ['就学情况'], three: ['儿童基本情况', '就学情况'], family: false, get: (r) => r.child.schooling },
  { top: '儿童基本情况', leaf: '学校及年级', single: '就读学校', parentGroups: ['学校及年级'], three: ['儿童基本情况', '学校及年级'], family: false, get: (r) => r.child.school },
  { top: '父亲', leaf: '姓名', single: '父亲姓名', parentGroups: ['父亲', '姓名'], three: ['家庭情况', '父亲', '姓名'], family: true, get: (r) => r.family.fatherName },
  { top: '父亲', leaf: '公民身份号码', single: '父亲身份证号', parentGroups: ['父亲', '公民身份号码'], three: ['家庭情况', '父亲', '公民身份号码'], family: true, get: (r) => r.family.fatherId },
  { top: '父亲', leaf: '务工地点', single: '父亲务工地点', parentGroups: ['父亲', '务工地点'], three: ['家庭情况', '父亲', '务工地点'], family: true, get: (r) => r.family.fatherWork },
  { top: '父亲', leaf: '联系电话', single: '父亲电话', parentGroups: ['父亲', '联系电话'], three: ['家庭情况', '父亲', '联系电话'], family: true, get: (r) => r.family.fatherPhone },
  { top: '母亲', leaf: '姓名', single: '母亲姓名', parentGroups: ['母亲', '姓名'], three: ['家庭情况', '母亲', '姓名'], family: true, get: (r) => r.family.motherName },
  { top: '母亲', leaf: '公民身份号码', single: '母亲身份证号码', parentGroups: ['母亲', '公民身份号码'], three: ['家庭情况', '母亲', '公民身份号码'], family: true, get: (r) => r.family.motherId },
  { top: '母亲', leaf: '务工地点', single: '母亲外出务工地点', parentGroups: ['母亲', '务工地点'], three: ['家庭情况', '母亲', '务工地点'], family: true, get: (r) => r.family.motherWork },
  { top: '母亲', leaf: '联系电话', single: '母亲手机号', parentGroups: ['母亲', '联系电话'], three: ['家庭情况', '母亲', '联系电话'], family: true, get: (r) => r.family.motherPhone },
  { top: '实际监护情况', leaf: '父母双方外出', single: '父母均外出', parentGroups: ['父母双方外出'], three: ['实际监护情况', '父母双方外出'], family: false, get: (r) => r.child.both },
  { top: '实际监护情况', leaf: '一方外出另一方无监护能力', single: '父母一方外出另一方无监护能力', parentGroups: ['一方外出另一方无监护能力'], three: ['实际监护情况', '一方外出另一方无监护能力'], family: false, get: (r) => r.child.oneAway },
  { top: '实际监护情况', leaf: '委托监护人姓名', single: '委托监护人姓名', parentGroups: ['委托监护人姓名'], three: ['实际监护情况', '受委托监护人', '姓名'], family: true, get: (r) => r.family.cgName },
  { top: '实际监护情况', leaf: '与儿童关系', single: '与儿童关系', parentGroups: ['与儿童关系'], three: ['实际监护情况', '受委托监护人', '与儿童关系'], family: true, get: (r) => r.family.cgRelation },
  { top: '实际监护情况', leaf: '委托监护人电话', single: '委托监护人联系电话', parentGroups: ['委托监护人电话'], three: ['实际监护情况', '受委托监护人', '联系电话'], family: true, get: (r) => r.family.cgPhone },
  { top: '实际监护情况', leaf: '委托监护人身份号码', single: '委托监护人身份证号', parentGroups: ['委托监护人身份号码'], three: ['实际监护情况', '受委托监护人', '身份号码'], family: true, get: (r) => r.family.cgId },
  { top: '实际监护情况', leaf: '监护类型', single: '监护类型', parentGroups: ['监护类型'], three: ['实际监护情况', '监护类型'], family: false, get: (r) => r.child.guardianship },
  { top: '家庭经济来源', leaf: '', single: '家庭经济来源', parentGroups: ['家庭经济来源'], three: ['家庭经济来源'], family: false, get: (r) => r.child.income },
  { top: '备注', leaf: '', single: '备注', parentGroups: ['备注'], three: ['备注'], family: false, get: () => null },
];

/** A column's header labels, top to leaf, in a style. */
function headerPath(col: Column, style: HeaderStyle): string[] {
  switch (style) {
    case 'one-row':
      return [col.single];
    case 'two-row':
      return col.leaf ? [col.top, col.leaf] : [col.top];
    case 'parent-groups':
      return col.parentGroups;
    case 'three-row':
      return col.three;
  }
}

/**
 * The header rows of a style, and the merges that make it (1-based `[top, left, bottom, right]`
 * relative to the first header row): a label shared by neighbouring columns under the same labels
 * is merged across them, a column whose labels end early is merged down to the last header row.
 */
function headerRows(style: HeaderStyle, isCsv: boolean): { rows: Cell[][]; merges: Array<[number, number, number, number]> } {
  const paths = COLUMNS.map((c) => headerPath(c, style));
  const n = Math.max(...paths.map((p) => p.length));
  const same = (a: string[], b: string[], i: number) => a.length > i + 1 && b.length > i + 1 && a.slice(0, i + 1).join('|') === b.slice(0, i + 1).join('|');
  const rows: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    // A CSV keeps a merged group label in its first column only; cells under a tall header stay empty.
    rows.push(paths.map((p, j) => (i >= p.length ? (isCsv ? null : p[p.length - 1]) : isCsv && j > 0 && same(paths[j - 1], p, i) ? null : p[i])));
  }
  const merges: Array<[number, number, number, number]> = [];
  paths.forEach((p, j) => {
    if (p.length < n) merges.push([p.length, j + 1, n, j + 1]);
  });
  for (let i = 0; i < n - 1; i++) {
    let start = 0;
    for (let j = 1; j <= paths.length; j++) {
      if (j === paths.length || !same(paths[start], paths[j], i)) {
        if (j - start > 1 && paths[start].length > i + 1) merges.push([i + 1, start + 1, i + 1, j]);
        start = j;
      }
    }
  }
  return { rows, merges };
}

const SCHOOLING: Array<[number, string, string]> = [
  [0, '未入园', 'notInKindergarten'], [3, '幼儿园', 'kindergarten'], [6, '小学', 'primary'], [12, '初中', 'juniorMiddle'],
];
const GUARDIANSHIP: Array<[string, string]> = [['监护情况较好', 'good'], ['监护情况一般', 'fair'], ['受委托监护人监护能力不足', 'entrustedInsufficient']];
const INCOME: Array<[string, string[]]> = [['打工收入', ['migrantWork']], ['种养殖业、亲朋接济', ['farming', 'relativesHelp']], ['政府救助、政府救助', ['governmentAssistance']]];

// ---------------------------------------------------------------------------------------------
// The generator

/**
 * Builds a roster file and the importer's expected outcome for each row.
 * @param seen ID numbers accepted by earlier rosters of the same import (updated): a repeat is
 *   DUPLICATE_ID, the first occurrence wins
 */
export async function generateRoster(spec: RosterSpec, seen: Set<string> = new Set()): Promise<GeneratedRoster> {
  const people = new People(prng(spec.seed));
  const isCsv = spec.format !== 'xlsx';
  if (isCsv && spec.sheets.length !== 1) throw new Error('a CSV roster holds one sheet');
  const fileTown = spec.fileTown ?? spec.town.name;
  const name = isCsv
    ? `${spec.county.code}-${fileTown}-${spec.sheets[0].sheetName}-留守儿童花名册.csv`
    : `${spec.county.code}-${fileTown}-留守儿童花名册.xlsx`;
  const expected: ExpectedRow[] = [];
  const children: GeneratedChild[] = [];
  const grids: Array<{
    sheet: SheetSpec;
    sheetName: string;
    rows: Cell[][];
    merges: Array<[number, number, number]>;
    headerMerges: Array<[number, number, number, number]>;
  }> = [];

  for (const sheet of spec.sheets) {
    const sheetName = isCsv ? name.replace(/\.csv$/, '') : sheet.sheetName;
    const rows: Cell[][] = [];
    const merges: Array<[number, number, number]> = []; // [col, fromRow, toRow], 1-based
    const headerMerges: Array<[number, number, number, number]> = []; // [top, left, bottom, right], 1-based
    const titleVillage = sheet.titleVillage ?? sheet.sheetName;
    rows.push([`${spec.county.name}${spec.town.name}${titleVillage}农村留守儿童花名册`]);
    rows.push([`填报单位：${titleVillage}（盖章）`, ...Array(19).fill(null), '填报日期：2026年9月20日']);
    const header = headerRows(spec.headerStyle, isCsv);
    const pushHeader = () => {
      const first = rows.length + 1;
      for (const r of header.rows) rows.push(r);
      for (const [t, l, b, r] of header.merges) headerMerges.push([first + t - 1, l, first + b - 1, r]);
      return first;
    };
    pushHeader();
    let seq = 0;
    let childCount = 0;
    sheet.families.forEach((fam, fi) => {
      if (sheet.blankEvery && fi > 0 && fi % sheet.blankEvery === 0) {
        rows.push([]);
        expected.push({ sheet: sheetName, row: rows.length, kind: 'blank' });
      }
      if (sheet.repeatHeaderEvery && fi > 0 && fi % sheet.repeatHeaderEvery === 0) {
        const first = pushHeader();
        for (let r = first; r <= rows.length; r++) expected.push({ sheet: sheetName, row: r, kind: 'header' });
      }
      const phoneWrite = fam.phoneWrite ?? people.pick(['plain', 'spaced', 'dashed', 'plus86', 'fullwidth', 'number'] as const);
      const father = { name: people.name(), phone: people.phone(), work: people.pick(PLACES) };
      const mother = { name: people.name(), phone: people.phone(), work: people.pick(PLACES) };
      const fatherBirth = `${people.int(1978, 1996)}-${pad2(people.int(1, 12))}-${pad2(people.int(1, 28))}`;
      const motherBirth = `${people.int(1978, 1996)}-${pad2(people.int(1, 12))}-${pad2(people.int(1, 28))}`;
      const fatherId = people.id18(fatherBirth, 'male');
      const motherId = people.id18(motherBirth, 'female');
      const cgBirth = `19${people.int(50, 69)}-${pad2(people.int(1, 12))}-${pad2(people.int(1, 28))}`;
      const cgGender = people.pick(['male', 'female'] as const);
      const cg = fam.caregiverId15 ? people.id15(cgBirth, cgGender) : { id15: '', id18: people.id18(cgBirth, cgGender) };
      const caregiver = { name: people.name(), phone: people.phone(), relation: people.pick(RELATIONS), idWritten: fam.caregiverId15 ? cg.id15 : cg.id18, id: cg.id18 };
      const groupN = people.int(1, 9);
      const group: Cell = { plain: `${groupN}组`, fullwidth: FULLWIDTH(`${groupN}组`), ordinal: `第${groupN}组`, number: isCsv ? String(groupN) : groupN }[fam.groupWrite ?? 'plain'];
      const fatherBad = fam.children.some((c) => c.faults?.includes('FATHER_PHONE_INVALID'));
      const firstRow = rows.length + 1;

      fam.children.forEach((c, ci) => {
        seq++;
        childCount++;
        const faults = new Set(c.faults ?? []);
        const age = people.int(0, 14);
        const gender = c.sameAs?.gender ?? c.gender ?? people.pick(['male', 'female'] as const);
        const birth = c.sameAs?.birthDate ?? c.birthDate ?? `${Number(spec.censusDate.slice(0, 4)) - age - 1}-${pad2(people.int(1, 12))}-${pad2(people.int(1, 28))}`;
        const idWrite = c.idWrite ?? 'plain';
        const id = c.sameAs ? c.sameAs.idNumber : people.id18(birth, gender, idWrite === 'lowerx');
        const childName = c.name ?? (ci === 0 && fi === 0 ? `${people.pick(SURNAMES)}${people.pick(RARE_CHARS)}` : people.name());
        const writtenName = faults.has('REQUIRED_MISSING') ? '' : c.spacedName ? Array.from(childName).join('  ') : childName;
        let idCell: Cell = writeId(id, idWrite);
        if (faults.has('ID_CHECKSUM')) idCell = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
        if (faults.has('ID_FORMAT_NUMBER')) idCell = isCsv ? `${id.slice(0, 1)}.${id.slice(1, 6)}E+17` : Number(`${id.slice(0, 15)}000`);
        if (faults.has('ID_FORMAT_SCI')) idCell = `${id.slice(0, 1)}.${id.slice(1, 6)}E+17`;
        if (faults.has('ID_FORMAT_SHORT')) idCell = id.slice(0, 15);
        const dateWrite = c.dateWrite ?? people.pick(['excel-date', 'serial', 'iso', 'dotted', 'slashed', 'chinese', 'compact'] as const);
        let birthCell = writeDate(faults.has('ID_BIRTH_MISMATCH') ? shiftDay(birth, 40) : birth, dateWrite, spec.format);
        if (faults.has('DATE_INVALID')) birthCell = `${birth.slice(0, 4)}-02-30`;
        const genderCell = (faults.has('GENDER_MISMATCH') ? gender === 'male' : gender === 'female') ? '女' : '男';
        const oneAway = !!fam.oneAwayOtherIncapable;
        const notLeft = faults.has('NOT_LEFT_BEHIND');
        const byAge = SCHOOLING.filter(([min]) => age >= min).pop()!;
        const school: [number, string, string] = c.schooling ? [byAge[0], ...c.schooling] : byAge;
        const guardianship = people.pick(GUARDIANSHIP);
        const income = people.pick(INCOME);
        const merged = !!fam.mergeParents && ci > 0;
        const writeFamily = !(merged && isCsv);
        const data: RowData = {
          child: {
            name: writtenName, gender: genderCell, birth: birthCell, id: idCell, group,
            health: '健康', boarding: age >= 12 ? '是' : '否', schooling: school[1], school: '',
            both: notLeft || oneAway ? '' : '√', oneAway: !notLeft && oneAway ? '√' : '', guardianship: guardianship[0], income: income[0],
          },
          family: {
            fatherName: father.name, fatherId, fatherWork: oneAway ? '' : father.work,
            fatherPhone: fatherBad ? father.phone.slice(0, 10) : writePhone(father.phone, phoneWrite, spec.format),
            motherName: mother.name, motherId, motherWork: mother.work, motherPhone: writePhone(mother.phone, phoneWrite, spec.format),
            cgName: caregiver.name, cgRelation: caregiver.relation, cgPhone: writePhone(caregiver.phone, phoneWrite, spec.format), cgId: caregiver.idWritten,
          },
          residence: `${sheet.sheetName}${groupN}组`,
        };
        rows.push(COLUMNS.map((col) => (col.family && !writeFamily ? null : col.get(data, seq))));

        // What the importer must do with this row.
        const reasons: string[] = [];
        if (faults.has('REQUIRED_MISSING')) reasons.push('REQUIRED_MISSING');
        if (faults.has('ID_CHECKSUM')) reasons.push('ID_CHECKSUM');
        if (faults.has('ID_FORMAT_NUMBER') || faults.has('ID_FORMAT_SCI') || faults.has('ID_FORMAT_SHORT')) reasons.push('ID_FORMAT');
        if (faults.has('ID_BIRTH_MISMATCH')) reasons.push('ID_BIRTH_MISMATCH');
        if (faults.has('GENDER_MISMATCH')) reasons.push('GENDER_MISMATCH');
        if (faults.has('DATE_INVALID')) reasons.push('DATE_INVALID');
        if (notLeft) reasons.push('NOT_LEFT_BEHIND');
        const a = expectedAge(birth, spec.censusDate);
        if (a < 0 || a >= 16) reasons.push('AGE_OUT_OF_RANGE');
        if (!sheet.village) reasons.push('VILLAGE_UNMATCHED');
        const idUsable = !reasons.some((r) => r.startsWith('ID_') && r !== 'ID_BIRTH_MISMATCH');
        if (idUsable && seen.has(id)) reasons.push('DUPLICATE_ID');
        const accepted = reasons.length === 0;
        if (accepted) seen.add(id);
        children.push({ idNumber: id, birthDate: birth, gender, accepted });
        const warnings = fatherBad && writeFamily ? ['PHONE_INVALID'] : [];
        const normalized: Record<string, unknown> | undefined = accepted
          ? {
              name: childName, idNumber: id, gender, birthDate: birth, group: `${groupN}组`,
              fatherName: writeFamily ? father.name : undefined,
              fatherIdNumber: writeFamily ? fatherId : undefined,
              fatherPhone: writeFamily ? (fatherBad ? null : father.phone) : undefined,
              fatherWorkPlace: writeFamily && !oneAway ? father.work : undefined,
              motherName: writeFamily ? mother.name : undefined,
              motherPhone: writeFamily ? mother.phone : undefined,
              caregiverName: writeFamily ? caregiver.name : undefined,
              caregiverPhone: writeFamily ? caregiver.phone : undefined,
              caregiverIdNumber: writeFamily ? caregiver.id : undefined,
              caregiverRelation: writeFamily ? caregiver.relation : undefined,
              parentsBothAway: !oneAway, oneAwayOtherIncapable: oneAway,
              health: 'healthy', schooling: school[2], guardianshipType: guardianship[1], familyIncome: income[1],
              villageCode: sheet.village!.code, townshipCode: spec.town.code,
            }
          : undefined;
        expected.push({
          sheet: sheetName, row: rows.length, kind: 'child', outcome: accepted ? 'accept' : 'reject', reasons, warnings,
          ...(normalized ? { normalized } : {}),
        });
      });
      if (fam.mergeParents && fam.children.length > 1 && !isCsv) {
        COLUMNS.forEach((col, i) => {
          if (col.family) merges.push([i + 1, firstRow, firstRow + fam.children.length - 1]);
        });
      }
    });
    if (sheet.withTotal !== false) {
      rows.push(['合计', `${childCount}人`]);
      expected.push({ sheet: sheetName, row: rows.length, kind: 'total' });
    }
    if (sheet.withFooter !== false) {
      rows.push(['单位负责人（签名）：', null, null, '复核人（签名）：', null, null, '填表人（签名）：']);
      expected.push({ sheet: sheetName, row: rows.length, kind: 'footer' });
    }
    grids.push({ sheet, sheetName, rows, merges, headerMerges });
  }

  let bytes: Uint8Array;
  if (!isCsv) {
    const wb = new ExcelJS.Workbook();
    for (const g of grids) {
      const ws = wb.addWorksheet(g.sheetName);
      g.rows.forEach((r, i) => {
        const row = ws.getRow(i + 1);
        r.forEach((v, j) => {
          if (v === null || v === undefined) return;
          const cell = row.getCell(j + 1);
          cell.value = v;
          if (v instanceof Date) cell.numFmt = 'yyyy-mm-dd';
        });
      });
      const last = COLUMNS.length;
      ws.mergeCells(1, 1, 1, last);
      // Group labels spanning their columns; headers that end early merged down to the last header row.
      for (const [t, l, b, r] of g.headerMerges) ws.mergeCells(t, l, b, r);
      for (const [col, from, to] of g.merges) ws.mergeCells(from, col, to, col);
    }
    bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  } else {
    const text = grids[0].rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
    if (spec.format === 'csv-gb18030') bytes = new Uint8Array(iconv.encode(text, 'gb18030'));
    else if (spec.format === 'csv-utf8-bom') bytes = new Uint8Array(Buffer.from(`\ufeff${text}`, 'utf8'));
    else bytes = new Uint8Array(Buffer.from(text, 'utf8'));
  }
  return { name, bytes, sheets: grids.map((g) => g.sheetName), expected, children };
}

function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// ---------------------------------------------------------------------------------------------
// Regions for tests


/**
 * shared/fixtures/census: beside the repository (as CI lays it out), or under `SHOUWANG_SHARED_DIR`
 * for a clone elsewhere. Tests that read it say so clearly when it is missing.
 */
export const CENSUS_FIXTURES_DIR = join(process.env.SHOUWANG_SHARED_DIR ?? join(__dirname, '..', '..', '..', 'shared'), 'fixtures', 'census');
if (!existsSync(CENSUS_FIXTURES_DIR)) {
  // Loud, early and specific: otherwise the first symptom is an ENOENT deep inside a test.
  console.warn(`census fixtures not found at ${CENSUS_FIXTURES_DIR}: clone next to shared/ or set SHOUWANG_SHARED_DIR`);
}
/** The divisions file another part of the project extracts (real codes of 东至县). */
export const DIVISIONS_FILE = join(__dirname, '..', '..', 'local', 'data', 'dongzhi-divisions.json');

export function divisionsAvailable(): boolean {
  return existsSync(DIVISIONS_FILE);
}

/**
 * 东至县 for tests: the towns and villages expected.json names (real codes), plus invented
 * neighbours that make matching harder (a 东湖社区 beside 东湖村委会, a 团结村委会 in the
 * same town as 团结社区, and an invented town).
 */
export function censusTestRegionTree(): {
  code: string;
  name: string;
  towns: Array<{ code: string; name: string; villages: Array<{ code: string; name: string }> }>;
} {
  const exp = JSON.parse(readFileSync(join(CENSUS_FIXTURES_DIR, 'expected.json'), 'utf8')) as {
    files: Array<{ town: { code: string; name: string }; sheets: Array<{ village: { code: string; name: string } }> }>;
  };
  const towns = exp.files.map((f) => ({ ...f.town, villages: f.sheets.map((s) => ({ ...s.village })) }));
  towns.find((t) => t.name === '张溪镇')!.villages.push({ code: '341721104901', name: '东湖社区' });
  towns.find((t) => t.name === '尧渡镇')!.villages.push({ code: '341721100901', name: '团结村委会' });
  towns.push({
    code: '341721190',
    name: '新河镇',
    villages: [
      { code: '341721190201', name: '新河村委会' },
      { code: '341721190202', name: '金山村委会' },
    ],
  });
  return { code: '341721', name: '东至县', towns };
}
