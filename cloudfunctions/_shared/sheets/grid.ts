import { normalizeText, type CellValue } from './cells';

/**
 * Spreadsheets as plain grids, for every import of an uploaded workbook (the census roster, a
 * school's roll): .xlsx through exceljs (loaded lazily: a vendor chunk), delimited text in
 * UTF-8 (with or without BOM), GB18030 or UTF-16; merged ranges recorded and filled (down and
 * across), so a header or a family's shared cells read the same however they were merged.
 */

/** The text encoding detected for a CSV. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** A sheet as a plain grid: 0-based rows and columns. */
export interface Grid {
  name: string;
  cells: CellValue[][];
  /** For each row, the columns that are non-master cells of a merged range (undefined: none). */
  slaves: Array<Set<number> | undefined>;
  /** For each row, the columns whose merged range starts in an earlier row (vertical fill-down). */
  filledDown: Array<Set<number> | undefined>;
  /** Merged ranges of more than one cell, 0-based `[top, left, bottom, right]`. */
  merges: Array<[number, number, number, number]>;
  date1904: boolean;
}

/** `A`, `B`, …, `Z`, `AA`, … for a 0-based column. */
export function columnLetters(c: number): string {
  let n = c + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** The Excel address of a 0-based cell, e.g. `F3`. */
export function cellAddress(r: number, c: number): string {
  return `${columnLetters(c)}${r + 1}`;
}

export function textAt(grid: Grid, r: number, c: number): string {
  return normalizeText(grid.cells[r]?.[c] ?? null);
}

export function rowWidth(grid: Grid, r: number): number {
  return grid.cells[r]?.length ?? 0;
}

/**
 * Decodes a CSV's bytes: a BOM decides (UTF-8, UTF-16LE/BE); else strict UTF-8, and GB18030
 * when the bytes are not valid UTF-8 (what Excel for Chinese Windows writes).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
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

export async function readCsvGrid(text: string, name: string): Promise<Grid> {
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
const RECORD_MERGES = Symbol.for('shouwang.sheets.recordMerges');
/** A worksheet's recorded merge ranges. */
const RECORDED = Symbol.for('shouwang.sheets.recordedMerges');
/** Marks the Worksheet prototype once the recorder is installed. */
const INSTALLED = Symbol.for('shouwang.sheets.mergeRecorderInstalled');

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
export async function readXlsxGrids(bytes: Uint8Array): Promise<Grid[]> {
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

/** What reading an upload's bytes gave. */
export interface GridsRead {
  format: 'xlsx' | 'csv';
  encoding?: TextEncoding;
  grids: Grid[];
  /** An old .xls / WPS / ODS file (or one named so that is no zip): ask for .xlsx or .csv. */
  unsupported?: true;
  /** The file could not be read (the reader's reason, for the report). */
  unreadable?: string;
}

/**
 * Reads an upload into grids: a zip is an .xlsx; an OLE file (old .xls) or a spreadsheet name
 * without a zip is unsupported; anything else is delimited text. Never throws for a bad file.
 * @param csvName the sheet name a CSV's one grid gets
 */
export async function readGrids(file: { name: string; bytes: Uint8Array }, csvName: string): Promise<GridsRead> {
  const b = file.bytes;
  const isZip = b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
  const isOle = b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
  const format = isZip ? 'xlsx' : 'csv';
  if (isOle || (!isZip && /\.(xls|xlsx|xlsm|et|ods)$/.test(file.name.toLowerCase()))) return { format, grids: [], unsupported: true };
  try {
    if (isZip) return { format, grids: await readXlsxGrids(b) };
    const decoded = decodeText(b);
    return { format, encoding: decoded.encoding, grids: [await readCsvGrid(decoded.text, csvName)] };
  } catch (err) {
    return { format, grids: [], unreadable: (err as Error).message };
  }
}
