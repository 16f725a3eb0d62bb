import type { CensusSheetCode } from '../../../_shared/contracts/census';
import { readGrids, type TextEncoding } from '../../../_shared/sheets/grid';
import { ignoredColumnsOf, readTable, type RowKind, type TableRow } from '../../../_shared/sheets/rows';
import { CENSUS_SHEET_MESSAGES } from './codes';
import { CENSUS_HEADER_VOCAB, type Grid, type RosterHeader } from './header';
import { normalizeText } from './normalize';
import { regionKey, townStem, villageStem, type RegionIndex, type RegionRef, type RegionTown } from './regions';
import { type CensusField } from './vocab';

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
 * Grids, headers and row classification are shared with every import (`_shared/sheets/`); this
 * module adds what is the census's own: the place from the file name and sheet, the problems.
 */

export type { RowKind };

/** One worksheet row. */
export type RosterRow = TableRow<CensusField>;

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
  encoding?: TextEncoding;
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
  const place = placeFromFileName(file.name, regions);
  const read = await readGrids(file, csvSheetName(file.name));
  const base: RosterRead = {
    file: file.name,
    format: read.format,
    ...(read.encoding ? { encoding: read.encoding } : {}),
    ...(place.county ? { county: place.county } : {}),
    ...(place.town ? { township: { code: place.town.code, name: place.town.name } } : {}),
    problems: [...place.problems],
    sheets: [],
  };
  if (read.unsupported) {
    base.problems.push(problem('FILE_FORMAT_UNSUPPORTED', 'error'));
    return base;
  }
  if (read.unreadable !== undefined) {
    base.problems.push(problem('FILE_UNREADABLE', 'error', undefined, { reason: read.unreadable }));
    return base;
  }
  const grids = read.grids;
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
// Header and row classification

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
  const table = readTable(grid, CENSUS_HEADER_VOCAB, { seq: 'seq', id: 'idNumber' });
  if (table.kind === 'empty') {
    sheet.problems.push(problem('SHEET_EMPTY', 'info', grid.name));
    return sheet;
  }
  if (table.kind === 'noHeader') {
    sheet.problems.push(problem('HEADER_NOT_FOUND', 'error', grid.name));
    sheet.rows = table.rows;
    return sheet;
  }
  const layout = table.layout;
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
  sheet.title = table.title;
  sheet.rows = table.rows;
  // Every column is imported or named here: nothing a village typed disappears without a word.
  if (table.ignoredText) {
    sheet.problems.push(
      problem('HEADER_COLUMNS_IGNORED', 'warning', grid.name, ignoredColumnsOf(table), `${CENSUS_SHEET_MESSAGES.HEADER_COLUMNS_IGNORED}：${table.ignoredText}`),
    );
  }
  return sheet;
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
