import { cellText, normalizeText, type CellValue } from './cells';
import { columnLetters, textAt, type Grid } from './grid';
import { findHeader, headerTextsByColumn, ignoredColumnsText, type HeaderLayout, type HeaderVocab } from './header';

/**
 * A sheet's rows below its header, classified the same way for every import (census rosters,
 * school rolls): `title | header | child | blank | total | footer`; only `child` rows are data.
 * Merged cells are filled down (siblings sharing their parents' cells); empty unmerged cells are
 * not (that would be guessing). A row whose only own value is 序号 is a blank template row; a
 * header repeated further down (printed rolls repeat it on every page) is a header row; 合计 rows
 * and signature lines are not children. Every column is either mapped or named in `ignoredText`.
 */

/** `unread`: a data row of a file refused as a whole; neither imported nor skipped. */
export type RowKind = 'child' | 'blank' | 'total' | 'footer' | 'title' | 'header' | 'unread';

/** One worksheet row. */
export interface TableRow<F extends string> {
  /** 1-based worksheet row number, as Excel shows it (the line number in a CSV). */
  row: number;
  kind: RowKind;
  /** Cell values by field, merged cells filled down (child rows only). */
  values: Partial<Record<F, CellValue>>;
  /** Fields whose value came from a merged cell starting above this row. */
  filledFields?: F[];
}

/** A sheet read as a table. */
export interface Table<F extends string> {
  layout: HeaderLayout<F>;
  /** Text of the rows above the header (title, 填报单位 …), joined with ' / '. */
  title: string;
  /** Every row from 1 to the last non-empty one, classified. */
  rows: TableRow<F>[];
  /** Columns that are neither mapped nor named but hold data (0-based). */
  unnamedWithData: number[];
  /** `F列“父亲”下的“血型”（无法识别的列名）；…`, or '' when every column is used. */
  ignoredText: string;
}

const TOTAL_RE = /^(合计|总计|小计|共计|总数|汇总)/;
const FOOTER_RE = /签名|签字|签章|盖章|负责人|填表人|填报人|制表人|复核人|审核人|审核|填表日期|填报日期|制表日期|填表说明|^注[:：]|^说明[:：]|^备注[:：]/;
const ID_LIKE_RE = /[0-9０-９]{6,}/;

/**
 * Reads a sheet's header and rows.
 * @param keys the fields of the 序号 column and the ID-number column (row classification uses them)
 * @returns `empty` for a sheet with no text; `noHeader` (with every row a title row) when no row
 *   looks like a header; else the table
 */
export function readTable<F extends string, G extends string>(
  grid: Grid,
  vocab: HeaderVocab<F, G>,
  keys: { seq?: F; id?: F },
): { kind: 'empty' } | { kind: 'noHeader'; rows: TableRow<F>[] } | ({ kind: 'table' } & Table<F>) {
  let last = grid.cells.length - 1;
  while (last >= 0 && !grid.cells[last].some((v) => cellText(v).trim() !== '')) last--;
  if (last < 0) return { kind: 'empty' };
  const layout = findHeader(grid, vocab);
  if (!layout) {
    const rows: TableRow<F>[] = [];
    for (let r = 0; r <= last; r++) rows.push({ row: r + 1, kind: 'title', values: {} });
    return { kind: 'noHeader', rows };
  }
  const first = layout.rows[0];
  const bottom = layout.rows[layout.rows.length - 1];
  const rows: TableRow<F>[] = [];
  const titles: string[] = [];
  for (let r = 0; r < first; r++) {
    const texts = uniqueTexts(grid, r);
    rows.push({ row: r + 1, kind: texts.length ? 'title' : 'blank', values: {} });
    titles.push(...texts);
  }
  for (let r = first; r <= bottom; r++) rows.push({ row: r + 1, kind: 'header', values: {} });

  const headerTexts = headerTextsByColumn(layout);
  const seqCol = keys.seq ? layout.columns.find(([f]) => f === keys.seq)?.[1] : undefined;
  const idCol = keys.id ? layout.columns.find(([f]) => f === keys.id)?.[1] : undefined;
  const mappedCols = new Set(layout.columns.map(([, c]) => c));
  const namedCols = new Set(layout.headers.map((h) => h.column - 1));
  const unnamedWithData = new Set<number>();
  for (let r = bottom + 1; r <= last; r++) {
    const kind = classifyRow(grid, r, seqCol, idCol, headerTexts, vocab.key);
    const out: TableRow<F> = { row: r + 1, kind, values: {} };
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
    rows.push(out);
  }
  const unnamed = [...unnamedWithData].sort((a, b) => a - b);
  return { kind: 'table', layout, title: titles.join(' / '), rows, unnamedWithData: unnamed, ignoredText: ignoredColumnsText(layout.headers, unnamed) };
}

/** The ignored columns of a table as data (for a problem's details). */
export function ignoredColumnsOf<F extends string>(t: Table<F>): { columns: { address: string; key: string; reason?: string }[]; unnamed: string[] } {
  return {
    columns: t.layout.headers.filter((h) => h.ignored).map((h) => ({ address: h.address, key: h.key, reason: h.ignored })),
    unnamed: t.unnamedWithData.map((c) => columnLetters(c)),
  };
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
  key: (text: string) => string,
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
  for (const [c, t] of own) if (headerTexts.get(c)?.has(key(t))) headerHits++;
  if (!ID_LIKE_RE.test(idText) && (headerHits >= 3 || (headerHits >= 2 && headerHits === own.length))) return 'header';
  if (!ID_LIKE_RE.test(idText) && own.some(([, t]) => FOOTER_RE.test(t.replace(/\s+/g, '')))) return 'footer';
  return 'child';
}
