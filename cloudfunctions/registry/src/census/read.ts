import type { CensusSheetCode } from '../../../_shared/contracts/census';
import { CENSUS_SHEET_MESSAGES } from './codes';
import { columnLetters, findHeader, headerTextsByColumn, ignoredColumnsText, textAt, type Grid, type RosterHeader } from './header';
import { cellText, normalizeText, type CellValue } from './normalize';
import { regionKey, townStem, villageStem, type RegionIndex, type RegionRef, type RegionTown } from './regions';
import { headerKey, type CensusField } from './vocab';

/**
 * Reading village rosters (.xlsx, or .csv in UTF-8 with/without BOM, GB18030 or UTF-16) into
 * classified rows keyed by canonical field, with the sheet matched to a village. No validation
 * of values here (validate.ts does that); no database, no clock.
 *
 * Rules (fixtures README, docs/census-import.md):
 * - the header is found by vocabulary; headers of two or three rows with merged group cells give
 *   composite keys (`父亲|联系电话`, header.ts); every column is mapped or listed as ignored; a
 *   header that cannot be resolved refuses the whole file with the cell's address;
 * - rows are classified `title | header | child | blank | total | footer`; only `child` rows are data;
 * - merged cells are filled down (sibling rows sharing their parents' cells); empty unmerged
 *   cells are not (that would be guessing);
 * - the town comes from the file name (`341721-尧渡镇-….xlsx`), the village from the sheet name
 *   within that town, cross-checked against the title rows; an unmatched sheet is reported with
 *   a code, never guessed.
 *
 * Longer than 500 lines: reading a roster (xlsx, csv, encodings, merged two-row headers,
 * header synonyms) is one job with many known shapes of mess, each with its reason beside it.
 */

/** `unread`: a data row of a file refused as a whole (HEADER_UNRESOLVED); neither imported nor skipped. */
export type RowKind = 'child' | 'blank' | 'total' | 'footer' | 'title' | 'header' | 'unread';

/** One worksheet row. */
export interface RosterRow {
  /** 1-based worksheet row number, as Excel shows it (the line number in a CSV). */
  row: number;
  kind: RowKind;
  /** Cell values by canonical field, merged cells filled down (child rows only). */
  values: Partial<Record<CensusField, CellValue>>;
  /** Fields whose value came from a merged cell starting above this row. */
  filledFields?: CensusField[];
}

export type { RosterHeader };

export type ProblemSeverity = 'error' | 'warning' | 'info';

/** A file- or sheet-level problem. `error` means the sheet (or file) is not imported. */
export interface RosterProblem {
  code: CensusSheetCode;
  severity: ProblemSeverity;
  message: string;
  sheet?: string;
  details?: Record<string, unknown>;
}

export interface RosterSheet {
  sheet: string;
  /** The village the sheet was matched to; absent when it could not be (see problems). */
  village?: RegionRef;
  township?: RegionRef;
  /** The 1-based header rows (one to three). */
  headerRows: number[];
  headers: RosterHeader[];
  /** Text of the rows above the header (title, 填报单位 …), joined with ' / '. */
  title: string;
  problems: RosterProblem[];
  /** Every row from 1 to the last non-empty one, classified. */
  rows: RosterRow[];
  /** The workbook uses Excel's 1904 date system (affects serial dates). */
  date1904: boolean;
}

export interface RosterRead {
  file: string;
  format: 'xlsx' | 'csv';
  /** The text encoding detected for a CSV. */
  encoding?: 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';
  county?: RegionRef;
  township?: RegionRef;
  /** File-level problems. */
  problems: RosterProblem[];
  sheets: RosterSheet[];
}

function problem(code: CensusSheetCode, severity: ProblemSeverity, sheet?: string, details?: Record<string, unknown>, message?: string): RosterProblem {
  return { code, severity, message: message ?? CENSUS_SHEET_MESSAGES[code], ...(sheet !== undefined ? { sheet } : {}), ...(details ? { details } : {}) };
}

/**
 * Reads a roster file.
 * @param file the upload: its original name (`341721-尧渡镇-留守儿童花名册.xlsx`) and bytes
 * @param regions the county's towns and villages (createRegionIndex)
 * @returns every sheet with its header, classified rows and village match, plus problems;
 *   never throws for a bad file (FILE_FORMAT_UNSUPPORTED / FILE_UNREADABLE instead)
 */
export async function readRoster(file: { name: string; bytes: Uint8Array }, regions: RegionIndex): Promise<RosterRead> {
  const b = file.bytes;
  const isZip = b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
  const isOle = b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
  const lower = file.name.toLowerCase();
  const place = placeFromFileName(file.name, regions);
  const base: RosterRead = {
    file: file.name,
    format: isZip ? 'xlsx' : 'csv',
    ...(place.county ? { county: place.county } : {}),
    ...(place.town ? { township: { code: place.town.code, name: place.town.name } } : {}),
    problems: [...place.problems],
    sheets: [],
  };
  if (isOle || (!isZip && /\.(xls|xlsx|xlsm|et|ods)$/.test(lower))) {
    base.problems.push(problem('FILE_FORMAT_UNSUPPORTED', 'error'));
    return base;
  }
  let grids: Grid[];
  try {
    if (isZip) {
      grids = await readXlsxGrids(b);
    } else {
      const decoded = decodeText(b);
      base.encoding = decoded.encoding;
      grids = [await readCsvGrid(decoded.text, csvSheetName(file.name))];
    }
  } catch (err) {
    base.problems.push(problem('FILE_UNREADABLE', 'error', undefined, { reason: (err as Error).message }));
    return base;
  }
  const fileBlocked = base.problems.some((p) => p.severity === 'error');
  for (const grid of grids) {
    const sheet = readSheet(grid);
    if (sheet.headerRows.length > 0 && !fileBlocked && place.town) {
      const candidates = base.format === 'csv' ? place.rest : [grid.name];
      matchVillage(sheet, candidates, place.town, regions);
    }
    base.sheets.push(sheet);
  }
  // A header that cannot be resolved refuses the whole file: importing the other sheets (or the
  // other columns) would leave a village believing its roster is in.
  const unresolved = base.sheets.flatMap((s) => s.problems.filter((p) => p.code === 'HEADER_UNRESOLVED'));
  if (unresolved.length) {
    for (const s of base.sheets) {
      s.problems = s.problems.filter((p) => p.code !== 'HEADER_UNRESOLVED');
      s.rows = s.rows.map((r) => (r.kind === 'child' ? { row: r.row, kind: 'unread', values: {} } : r));
    }
    base.problems.push(...unresolved.map((p) => ({ ...p, severity: 'error' as const })));
  }
  return base;
}

// ---------------------------------------------------------------------------------------------
// File name → county and town

interface Place {
  county?: RegionRef;
  town?: RegionTown;
  /** The file-name segments after the town's (a CSV's village is among them). */
  rest: string[];
  problems: RosterProblem[];
}

function baseName(name: string): string {
  const file = name.split(/[\\/]/).pop() ?? name;
  return file.replace(/\.[A-Za-z0-9]{2,5}$/, '');
}

/**
 * The county and town a file name states: `341721-尧渡镇-留守儿童花名册.xlsx`. Segments are split
 * on `-`, `_`, dashes and spaces; a 6-digit segment must be the county's code; the first
 * segment naming a town (or giving its 9-digit code) is the town.
 */
export function placeFromFileName(name: string, regions: RegionIndex): Place {
  const segments = normalizeText(baseName(name)).split(/[-_—–~\s]+/).filter(Boolean);
  const problems: RosterProblem[] = [];
  const codeSeg = segments.find((s) => /^\d{6}$/.test(s));
  if (codeSeg && codeSeg !== regions.county.code) {
    problems.push(problem('FILE_COUNTY_UNMATCHED', 'error', undefined, { found: codeSeg, expected: regions.county.code }));
    return { rest: [], problems };
  }
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (/^\d{6}$/.test(seg)) continue;
    const town = regions.findTown(seg);
    if (town) return { county: regions.county, town, rest: segments.slice(i + 1), problems };
  }
  problems.push(problem('FILE_TOWN_UNMATCHED', 'error', undefined, { fileName: name }));
  return { county: codeSeg ? regions.county : undefined, rest: [], problems };
}

function csvSheetName(name: string): string {
  return baseName(name);
}

// ---------------------------------------------------------------------------------------------
// Decoding and grids

/**
 * Decodes a CSV's bytes: a BOM decides (UTF-8, UTF-16LE/BE); else strict UTF-8, and GB18030
 * when the bytes are not valid UTF-8 (what Excel for Chinese Windows writes).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: NonNullable<RosterRead['encoding']> } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** The delimiter of a delimited text: tab, semicolon or comma, whichever the first lines use most. */
function detectDelimiter(text: string): string {
  const sample = text.slice(0, 4096);
  const count = (ch: string) => sample.split(ch).length - 1;
  const tabs = count('\t');
  const semis = count(';');
  const commas = count(',');
  if (tabs > commas && tabs >= semis) return '\t';
  if (semis > commas) return ';';
  return ',';
}

async function readCsvGrid(text: string, name: string): Promise<Grid> {
  const { parseString } = await import('@fast-csv/parse');
  const rows: string[][] = await new Promise((resolve, reject) => {
    const out: string[][] = [];
    parseString<string[], string[]>(text, { delimiter: detectDelimiter(text), ignoreEmpty: false, trim: false })
      .on('error', reject)
      .on('data', (row: string[]) => out.push(row))
      .on('end', () => resolve(out));
  });
  const cells = rows.map((r) => r.map((v) => (v === '' ? null : v)));
  return { name, cells, slaves: [], filledDown: [], merges: [], date1904: false };
}

type ExcelModule = typeof import('exceljs');

/** Marks our workbooks (merges recorded, not applied). */
const RECORD_MERGES = Symbol.for('shouwang.census.recordMerges');
/** A worksheet's recorded merge ranges. */
const RECORDED = Symbol.for('shouwang.census.recordedMerges');
/** Marks the Worksheet prototype once the recorder is installed. */
const INSTALLED = Symbol.for('shouwang.census.mergeRecorderInstalled');

/**
 * exceljs applies each merged range of a loaded sheet by first checking it against every range
 * already applied, which is quadratic: a village roster of 10,000 rows with merged sibling cells
 * took 14 s to load instead of 1.5 s. For workbooks this module loads (flagged with
 * RECORD_MERGES, so nobody else's workbooks change), the ranges are recorded instead and applied
 * by worksheetGrid. Should a later exceljs not route merges through mergeCellsWithoutStyle, the
 * hook is simply never called and exceljs's own merged cells are used (slower, same result).
 */
function installMergeRecorder(ExcelJS: ExcelModule): void {
  const proto = Object.getPrototypeOf(new ExcelJS.Workbook().addWorksheet('probe')) as Record<string | symbol, unknown>;
  if (proto[INSTALLED] || typeof proto.mergeCellsWithoutStyle !== 'function') return;
  const original = proto.mergeCellsWithoutStyle as (...args: unknown[]) => unknown;
  proto.mergeCellsWithoutStyle = function (this: Record<string | symbol, any>, ...args: unknown[]) {
    if (this._workbook?.[RECORD_MERGES] && typeof args[0] === 'string') {
      (this[RECORDED] ??= []).push(args[0]);
      return undefined;
    }
    return original.apply(this, args);
  };
  proto[INSTALLED] = true;
}

/** Reads every worksheet of an .xlsx into grids (exceljs, required lazily to keep cold starts small). */
async function readXlsxGrids(bytes: Uint8Array): Promise<Grid[]> {
  const mod = (await import('exceljs')) as ExcelModule & { default?: ExcelModule };
  const ExcelJS = mod.default ?? mod;
  installMergeRecorder(ExcelJS);
  const wb = new ExcelJS.Workbook();
  (wb as unknown as Record<symbol, boolean>)[RECORD_MERGES] = true;
  // exceljs wants a Buffer; wrap the same memory without copying. Parts the roster never needs
  // are skipped.
  await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as any, {
    ignoreNodes: ['dataValidations', 'conditionalFormatting', 'hyperlinks', 'drawing', 'picture', 'legacyDrawing', 'tableParts', 'extLst'],
  } as any);
  const date1904 = !!(wb.properties as { date1904?: boolean } | undefined)?.date1904;
  return wb.worksheets.map((ws) => worksheetGrid(ws, date1904));
}

/** `M6:M7` → 0-based [top, left, bottom, right]; undefined when not a range. */
function parseRange(range: string): [number, number, number, number] | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(range.trim().toUpperCase());
  if (!m) return undefined;
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const a = [+m[2] - 1, col(m[1])];
  const b = m[3] ? [+m[4] - 1, col(m[3])] : a;
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
}

function worksheetGrid(ws: import('exceljs').Worksheet, date1904: boolean): Grid {
  const cells: CellValue[][] = [];
  const slaves: Array<Set<number> | undefined> = [];
  const filledDown: Array<Set<number> | undefined> = [];
  // Ranges exceljs applied itself, rebuilt from each merged cell's master.
  const applied = new Map<string, [number, number, number, number]>();
  ws.eachRow((row, rowNumber) => {
    const r = rowNumber - 1;
    const values: CellValue[] = [];
    row.eachCell((cell, colNumber) => {
      const c = colNumber - 1;
      values[c] = excelValue(cell.value);
      if (cell.type === 1 /* ValueType.Merge: exceljs applied the merge itself */) {
        (slaves[r] ??= new Set()).add(c);
        const mr = Number(cell.master.row) - 1;
        const mc = Number(cell.master.col) - 1;
        if (mr < r) (filledDown[r] ??= new Set()).add(c);
        const key = `${mr}:${mc}`;
        const range = applied.get(key) ?? [mr, mc, mr, mc];
        applied.set(key, [range[0], range[1], Math.max(range[2], r), Math.max(range[3], c)]);
      }
    });
    cells[r] = values;
  });
  // Recorded merges: every cell of a range takes the master's value (fill down and across).
  const recorded = ((ws as unknown as Record<symbol, string[] | undefined>)[RECORDED] ?? [])
    .map(parseRange)
    .filter((x): x is [number, number, number, number] => !!x);
  for (const [top, left, bottom, right] of recorded) {
    const master = cells[top]?.[left] ?? null;
    for (let r = top; r <= bottom; r++) {
      const row = (cells[r] ??= []);
      for (let c = left; c <= right; c++) {
        if (r === top && c === left) continue;
        row[c] = master;
        (slaves[r] ??= new Set()).add(c);
        if (r > top) (filledDown[r] ??= new Set()).add(c);
      }
    }
  }
  for (let r = 0; r < cells.length; r++) cells[r] ??= [];
  const merges = [...recorded.filter(([t, l, b, rt]) => b > t || rt > l), ...applied.values()];
  return { name: ws.name, cells, slaves, filledDown, merges, date1904 };
}

/** An exceljs cell value as a primitive: rich text joined, formula results, hyperlink text. */
function excelValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text?: string }>).map((p) => p.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o) return excelValue(o.result);
    if ('text' in o) return excelValue(o.text);
    if ('error' in o) return null;
  }
  return String(v);
}

// ---------------------------------------------------------------------------------------------
// Header and row classification

const TOTAL_RE = /^(合计|总计|小计|共计|总数|汇总)/;
const FOOTER_RE = /签名|签字|签章|盖章|负责人|填表人|填报人|制表人|复核人|审核人|审核|填表日期|填报日期|制表日期|填表说明|^注[:：]|^说明[:：]|^备注[:：]/;
const ID_LIKE_RE = /[0-9０-９]{6,}/;

function readSheet(grid: Grid): RosterSheet {
  const sheet: RosterSheet = {
    sheet: grid.name,
    headerRows: [],
    headers: [],
    title: '',
    problems: [],
    rows: [],
    date1904: grid.date1904,
  };
  let last = grid.cells.length - 1;
  while (last >= 0 && !grid.cells[last].some((v) => cellText(v).trim() !== '')) last--;
  if (last < 0) {
    sheet.problems.push(problem('SHEET_EMPTY', 'info', grid.name));
    return sheet;
  }
  const layout = findHeader(grid);
  if (!layout) {
    sheet.problems.push(problem('HEADER_NOT_FOUND', 'error', grid.name));
    for (let r = 0; r <= last; r++) sheet.rows.push({ row: r + 1, kind: 'title', values: {} });
    return sheet;
  }
  const first = layout.rows[0];
  const bottom = layout.rows[layout.rows.length - 1];
  sheet.headerRows = layout.rows.map((r) => r + 1);
  sheet.headers = layout.headers;
  if (layout.unresolved) {
    const u = layout.unresolved;
    sheet.problems.push(
      problem('HEADER_UNRESOLVED', 'error', grid.name, { address: u.address, text: u.text },
        `工作表“${grid.name}”${u.address}单元格“${u.text}”：${u.reason}。整个文件未导入，请改正表头后重新上传`),
    );
  }
  if (layout.duplicates.length) {
    sheet.problems.push(problem('HEADER_DUPLICATE_COLUMN', 'warning', grid.name, { headers: layout.duplicates }));
  }
  const mapped = new Set(layout.columns.map(([f]) => f));
  const missing = (['name', 'idNumber'] as CensusField[]).filter((f) => !mapped.has(f));
  if (!mapped.has('parentsBothAway') && !mapped.has('oneAwayOtherIncapable')) missing.push('parentsBothAway', 'oneAwayOtherIncapable');
  if (missing.length) sheet.problems.push(problem('HEADER_COLUMN_MISSING', 'warning', grid.name, { fields: missing }));

  const titles: string[] = [];
  for (let r = 0; r < first; r++) {
    const texts = uniqueTexts(grid, r);
    sheet.rows.push({ row: r + 1, kind: texts.length ? 'title' : 'blank', values: {} });
    titles.push(...texts);
  }
  sheet.title = titles.join(' / ');
  for (let r = first; r <= bottom; r++) sheet.rows.push({ row: r + 1, kind: 'header', values: {} });

  const headerTexts = headerTextsByColumn(layout);
  const seqCol = layout.columns.find(([f]) => f === 'seq')?.[1];
  const idCol = layout.columns.find(([f]) => f === 'idNumber')?.[1];
  const mappedCols = new Set(layout.columns.map(([, c]) => c));
  const namedCols = new Set(layout.headers.map((h) => h.column - 1));
  const unnamedWithData = new Set<number>();
  for (let r = bottom + 1; r <= last; r++) {
    const kind = classifyRow(grid, r, seqCol, idCol, headerTexts);
    const out: RosterRow = { row: r + 1, kind, values: {} };
    if (kind === 'child') {
      const cells = grid.cells[r];
      const filled = grid.filledDown[r];
      for (const [field, c] of layout.columns) {
        const v = cells[c];
        if (v !== undefined && v !== null) out.values[field] = v;
        if (filled?.has(c)) (out.filledFields ??= []).push(field);
      }
      for (let c = 0; c < cells.length; c++) {
        if (!mappedCols.has(c) && !namedCols.has(c) && normalizeText(cells[c] ?? null)) unnamedWithData.add(c);
      }
    }
    sheet.rows.push(out);
  }
  // Every column is imported or named here: nothing a village typed disappears without a word.
  const ignored = ignoredColumnsText(layout.headers, [...unnamedWithData].sort((a, b) => a - b));
  if (ignored) {
    sheet.problems.push(
      problem('HEADER_COLUMNS_IGNORED', 'warning', grid.name, {
        columns: layout.headers.filter((h) => h.ignored).map((h) => ({ address: h.address, key: h.key, reason: h.ignored })),
        unnamed: [...unnamedWithData].map((c) => columnLetters(c)),
      }, `${CENSUS_SHEET_MESSAGES.HEADER_COLUMNS_IGNORED}：${ignored}`),
    );
  }
  return sheet;
}

function uniqueTexts(grid: Grid, r: number): string[] {
  const out: string[] = [];
  for (let c = 0; c < (grid.cells[r]?.length ?? 0); c++) {
    const t = textAt(grid, r, c);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/**
 * Classifies a row below the header. Only the row's own cells count (not values a merged range
 * from above fills in), and a lone 序号 is a blank template row. A header repeated further down
 * (a printed roster repeats it on every page), any of its rows, is a header row, not a child.
 */
function classifyRow(
  grid: Grid,
  r: number,
  seqCol: number | undefined,
  idCol: number | undefined,
  headerTexts: Map<number, Set<string>>,
): RowKind {
  const cells = grid.cells[r];
  const filled = grid.filledDown[r];
  const own: Array<[number, string]> = [];
  for (let c = 0; c < cells.length; c++) {
    if (filled?.has(c)) continue;
    const v = cells[c];
    if (v === null || v === undefined) continue;
    const t = normalizeText(v);
    if (t) own.push([c, t]);
  }
  if (own.length === 0) return 'blank';
  if (own.every(([c]) => c === seqCol)) return 'blank';
  for (const [, t] of own.slice(0, 3)) if (TOTAL_RE.test(t.replace(/\s+/g, ''))) return 'total';
  const idText = idCol !== undefined ? normalizeText(cells[idCol] ?? null) : '';
  let headerHits = 0;
  for (const [c, t] of own) if (headerTexts.get(c)?.has(headerKey(t))) headerHits++;
  if (!ID_LIKE_RE.test(idText) && (headerHits >= 3 || (headerHits >= 2 && headerHits === own.length))) return 'header';
  if (!ID_LIKE_RE.test(idText) && own.some(([, t]) => FOOTER_RE.test(t.replace(/\s+/g, '')))) return 'footer';
  return 'child';
}

// ---------------------------------------------------------------------------------------------
// Village matching

/** Strips what villages add around a village name in a sheet name: `1.团结社区`, `团结社区（9人）`. */
function sheetVillageText(name: string): string {
  return normalizeText(name)
    .replace(/^\d+[.、\-_\s]*/, '')
    .replace(/\([^)]*\)$/, '')
    .replace(/(农村)?留守儿童.*$/, '')
    .trim();
}

function matchVillage(sheet: RosterSheet, candidates: string[], town: RegionTown, regions: RegionIndex): void {
  let matched: RegionRef | undefined;
  let ambiguous: RegionRef[] | undefined;
  for (const text of candidates) {
    const cleaned = sheetVillageText(text);
    if (!cleaned) continue;
    const found = regions.findVillages(town, cleaned);
    if (found.length === 1) {
      matched = found[0];
      break;
    }
    if (found.length > 1 && !ambiguous) ambiguous = found;
  }
  if (!matched) {
    if (ambiguous) {
      sheet.problems.push(problem('SHEET_VILLAGE_AMBIGUOUS', 'error', sheet.sheet, { candidates: ambiguous.map((v) => v.name) }));
    } else {
      sheet.problems.push(problem('SHEET_VILLAGE_UNMATCHED', 'error', sheet.sheet, { town: town.name }));
    }
    return;
  }
  const conflict = titleConflict(sheet.title, matched, town, regions);
  if (conflict) {
    sheet.problems.push(problem('SHEET_TITLE_MISMATCH', 'error', sheet.sheet, { matched: matched.name, title: conflict }));
    return;
  }
  sheet.village = matched;
  sheet.township = { code: town.code, name: town.name };
}

/**
 * Cross-checks the title rows: when they name another town of the county, or villages of this
 * town none of which is the matched one, returns what they name; undefined when consistent or
 * when the title names no village at all.
 */
function titleConflict(title: string, village: RegionRef, town: RegionTown, regions: RegionIndex): string | undefined {
  if (!title) return undefined;
  let t = regionKey(title);
  const townKey = regionKey(town.name);
  const otherTown = regions.towns.find((o) => o !== town && t.includes(regionKey(o.name)));
  if (otherTown && !t.includes(townKey)) return otherTown.name;
  t = t.split(regionKey(regions.county.name)).join('').split(townKey).join('');
  for (const o of regions.towns) t = t.split(regionKey(o.name)).join('');
  let named = town.villages.filter((v) => t.includes(regionKey(v.name)));
  if (named.length === 0) {
    const stem = townStem(town.name);
    named = town.villages.filter((v) => {
      const s = villageStem(v.name);
      return s.length >= 2 && s !== stem && t.includes(s);
    });
  }
  if (named.length === 0 || named.includes(village)) return undefined;
  return named.map((v) => v.name).join('、');
}
