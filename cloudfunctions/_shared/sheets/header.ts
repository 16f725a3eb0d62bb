import { cellAddress, columnLetters, rowWidth, textAt, type Grid } from './grid';

/**
 * Finding and resolving a sheet's header as people make them (census rosters, school rolls): one, two or three rows, with
 * group cells merged over the columns they cover (a 父亲 cell over 姓名 and 联系电话, a 母亲 cell
 * over the same, 实际监护情况 over 受委托监护人 over 姓名 …), single headers merged down over the
 * whole band, or — in a CSV, which keeps no merges — a group label in the first column of its
 * group only. Each column resolves to a composite key from the labels above it (`父亲|联系电话`)
 * and from there to a field; a column that resolves to nothing is listed as ignored, never
 * dropped silently; a label that makes a column ambiguous (whose 姓名?) is refused with its cell
 * address.
 */


/**
 * Normalises a header cell's text for lookup: NFKC, no whitespace, no bracketed notes such as
 * `（必填）` or `(是/否)`, no trailing colon or asterisk.
 */
export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u200b-\u200f\ufeff\u3000]+/g, '')
    .replace(/\([^)]*\)/g, '')
    .replace(/^\*+|[*:]+$/g, '');
}

/**
 * What a kind of sheet calls its columns: the census roster's vocabulary, a school roll's.
 * Header texts are compared after `key()` (NFKC, no spaces, no bracketed notes …).
 */
export interface HeaderVocab<F extends string, G extends string> {
  /** The comparison key of a header text. */
  key(text: string): string;
  /** The field a header text names, within a group (a person, a section) when given. */
  field(text: string, group?: G): F | undefined;
  /** The group a label above other headers names (父亲, 学生信息 …). */
  group(text: string): G | undefined;
  /** Whether a text is a header word at all (a sub-header row holds only these). */
  isHeaderWord(text: string): boolean;
  /** Whether a header names an attribute of a person (姓名, 电话): it then needs to say whose. */
  isPersonAttribute(text: string): boolean;
  /** Whether a group is a person. */
  isPerson(group: G | undefined): boolean;
  /** The header row must name one of these fields (姓名 or 身份证号). */
  anchor: readonly F[];
  /** Who a person attribute may belong to, said when a header does not (Chinese). */
  whoseHint: string;
  /** The document as its users call it (登记表, 名单), in messages: `名单中没有此项`. */
  documentName: string;
}

/** One column of the header. */
export interface SheetHeader<F extends string = string> {
  /** 1-based column number. */
  column: number;
  /** The cell that names the column (its lowest header cell), e.g. `G4`. */
  address: string;
  /** The header text, composite `上|中|下` for headers of several rows, normalised (headerKey). */
  key: string;
  /** The canonical field; absent when the column is not imported (see `ignored`). */
  field?: F;
  /** Why the column is not imported (Chinese), when it is not. */
  ignored?: string;
}

/** A header cell that cannot be resolved: the file is refused with this address. */
export interface UnresolvedHeader {
  address: string;
  text: string;
  /** What is wrong, in Chinese. */
  reason: string;
}

export interface HeaderLayout<F extends string = string> {
  /** The header rows, 0-based, top to bottom (one to three). */
  rows: number[];
  headers: SheetHeader<F>[];
  /** Column (0-based) of each mapped field, first occurrence only. */
  columns: Array<[F, number]>;
  /** Keys of columns that repeat a field already mapped. */
  duplicates: string[];
  /** The first ambiguous header cell, when there is one. */
  unresolved?: UnresolvedHeader;
}

/** Most rows a header band may span (group, subgroup, leaf). */
const MAX_HEADER_ROWS = 3;
const MAX_HEADER_SCAN = 30;
const ID_LIKE_RE = /[0-9０-９]{6,}/;

/** The row that names the most known fields (≥ 3, with 姓名 or 身份证号): the header's anchor. */
function findAnchorRow<F extends string, G extends string>(grid: Grid, v: HeaderVocab<F, G>): number | undefined {
  let best: number | undefined;
  let bestScore = 0;
  const limit = Math.min(grid.cells.length, MAX_HEADER_SCAN);
  for (let r = 0; r < limit; r++) {
    const fields = new Set<F>();
    for (let c = 0; c < rowWidth(grid, r); c++) {
      const f = v.field(textAt(grid, r, c));
      if (f) fields.add(f);
    }
    if (fields.size >= 3 && v.anchor.some((a) => fields.has(a)) && fields.size > bestScore) {
      best = r;
      bestScore = fields.size;
    }
  }
  return best;
}

/** Whether a merged range spans several columns of one row band (a group cell). */
function isHorizontal(m: [number, number, number, number]): boolean {
  return m[3] > m[1];
}

/**
 * Whether row `r` is a group row above the band starting at `below` (e.g. 父亲 spanning 姓名/电话):
 * it names groups, or has merged cells spanning columns with at least two different labels (a
 * title merged across the sheet spans columns too, but it is one text).
 */
function isGroupRow<F extends string, G extends string>(grid: Grid, r: number, below: number, v: HeaderVocab<F, G>): boolean {
  if (r < 0) return false;
  const width = Math.max(rowWidth(grid, r), rowWidth(grid, below));
  let groups = 0;
  let spanning = 0;
  const labels = new Set<string>();
  for (let c = 0; c < width; c++) {
    const top = textAt(grid, r, c);
    if (!top || top === textAt(grid, below, c)) continue;
    labels.add(top);
    if (v.group(top)) groups++;
    if (grid.slaves[r]?.has(c) && !grid.filledDown[r]?.has(c)) spanning++;
  }
  return groups > 0 || (spanning > 0 && labels.size >= 2);
}

/**
 * Whether row `r` holds sub-headers under the group labels of row `above` (a 父亲 cell over 姓名 |
 * 联系电话): no ID-like value, every cell of its own a header word, and at least one under a
 * group label (a merged cell spanning columns, a known group, or in an unmerged sheet a label
 * whose right-hand neighbours are empty).
 */
function isSubHeaderRow<F extends string, G extends string>(grid: Grid, r: number, above: number, v: HeaderVocab<F, G>): boolean {
  if (r >= grid.cells.length) return false;
  const width = Math.max(rowWidth(grid, r), rowWidth(grid, above));
  let own = 0;
  let underGroup = 0;
  for (let c = 0; c < width; c++) {
    if (grid.filledDown[r]?.has(c)) continue;
    const t = textAt(grid, r, c);
    if (!t) continue;
    if (ID_LIKE_RE.test(t) || !v.isHeaderWord(t)) return false;
    own++;
    const label = textAt(grid, above, c);
    const spanning = grid.merges.some((m) => m[0] <= above && m[2] >= above && m[1] <= c && m[3] >= c && isHorizontal(m));
    if ((label && label !== t && (spanning || v.group(label) !== undefined)) || (!label && leftLabel(grid, above, c))) underGroup++;
  }
  return own >= 1 && underGroup >= 1;
}

/** In an unmerged row, the nearest label to the left of an empty cell (CSV keeps a group label in its first column). */
function leftLabel(grid: Grid, r: number, c: number): string {
  for (let x = c - 1; x >= 0; x--) {
    const t = textAt(grid, r, x);
    if (t) return t;
  }
  return '';
}

/** The header band around the anchor row: vertical header merges, group rows above, sub-header rows below. */
function headerBand<F extends string, G extends string>(grid: Grid, anchor: number, v: HeaderVocab<F, G>): { top: number; bottom: number } {
  let top = anchor;
  let bottom = anchor;
  // Cells merged down over the header rows (序号 over both rows of a two-row header).
  for (const m of grid.merges) {
    if (m[0] <= anchor && m[2] >= anchor && m[2] > m[0] && m[2] - m[0] < MAX_HEADER_ROWS) {
      if (Math.max(bottom, m[2]) - Math.min(top, m[0]) < MAX_HEADER_ROWS) {
        top = Math.min(top, m[0]);
        bottom = Math.max(bottom, m[2]);
      }
    }
  }
  while (bottom - top + 1 < MAX_HEADER_ROWS && isGroupRow(grid, top - 1, top, v)) top--;
  while (bottom - top + 1 < MAX_HEADER_ROWS && isSubHeaderRow(grid, bottom + 1, bottom, v)) bottom++;
  return { top, bottom };
}

/** The master cell of the merged range holding (r, c), or the cell itself. */
function masterOf(grid: Grid, r: number, c: number): [number, number] {
  const m = grid.merges.find((x) => x[0] <= r && x[2] >= r && x[1] <= c && x[3] >= c);
  return m ? [m[0], m[1]] : [r, c];
}

function describeKey(key: string): string {
  const parts = key.split('|');
  const leaf = parts.pop();
  return parts.length ? `“${parts.join('”下“')}”下的“${leaf}”` : `“${leaf}”`;
}

/**
 * Finds and resolves the header of a sheet.
 * @returns undefined when no row looks like a roster header
 */
export function findHeader<F extends string, G extends string>(grid: Grid, v: HeaderVocab<F, G>): HeaderLayout<F> | undefined {
  const anchor = findAnchorRow(grid, v);
  if (anchor === undefined) return undefined;
  const { top, bottom } = headerBand(grid, anchor, v);
  const rows: number[] = [];
  for (let r = top; r <= bottom; r++) rows.push(r);
  let width = 0;
  for (const r of rows) width = Math.max(width, rowWidth(grid, r));

  // Group labels of unmerged rows span to the right up to the next label, when they have
  // sub-headers below them (CSV, or a sheet whose group cells were not merged).
  const rowMerged = rows.map((r) => grid.merges.some((m) => m[0] <= r && m[2] >= r && isHorizontal(m)));
  const inherited = rows.map(() => '');
  const paths: Array<Array<{ text: string; r: number; c: number }>> = [];
  for (let c = 0; c < width; c++) {
    const texts = rows.map((r) => v.key(textAt(grid, r, c)));
    const path: Array<{ text: string; r: number; c: number }> = [];
    rows.forEach((r, i) => {
      let t = texts[i];
      let at: [number, number] = masterOf(grid, r, c);
      const below = texts.slice(i + 1).find((x) => x) ?? '';
      if (i < rows.length - 1 && !rowMerged[i]) {
        if (t) inherited[i] = below && below !== t ? t : '';
        else if (below && inherited[i]) {
          t = inherited[i];
          let x = c - 1;
          while (x >= 0 && v.key(textAt(grid, r, x)) !== t) x--;
          at = [r, Math.max(x, 0)];
        }
      }
      if (t && path[path.length - 1]?.text !== t) path.push({ text: t, r: at[0], c: at[1] });
    });
    paths.push(path);
  }

  const headers: SheetHeader<F>[] = [];
  const columns: Array<[F, number]> = [];
  const seen = new Set<F>();
  const duplicates: string[] = [];
  let unresolved: UnresolvedHeader | undefined;
  paths.forEach((path, c) => {
    if (!path.length) return;
    const leaf = path[path.length - 1];
    const groups = path.slice(0, -1);
    const key = path.map((p) => p.text).join('|');
    const known = groups.map((g) => v.group(g.text));
    const person = [...known].reverse().find((g) => v.isPerson(g));
    const section = [...known].reverse().find((g): g is G => g !== undefined);
    const address = cellAddress(bottom, c);
    // A label above that names no known person or section, over a column saying 姓名 or 电话:
    // whose name, whose phone? Importing it as the child's (or nobody's) would be a guess.
    const strange = groups.find((g, i) => known[i] === undefined && !v.field(g.text));
    if (!person && strange && v.isPersonAttribute(leaf.text)) {
      unresolved ??= {
        address: cellAddress(strange.r, strange.c),
        text: strange.text,
        reason: `无法判断“${strange.text}”下的“${leaf.text}”是谁的（${v.whoseHint}）`,
      };
    }
    const field = v.field(leaf.text, person ?? section);
    if (!field) {
      const why = person && v.isPersonAttribute(leaf.text) ? `${v.documentName}中没有此项` : '无法识别的列名';
      headers.push({ column: c + 1, address, key, ignored: why });
      return;
    }
    if (seen.has(field)) {
      duplicates.push(key);
      headers.push({ column: c + 1, address, key, ignored: '与前面的列重复' });
      return;
    }
    seen.add(field);
    columns.push([field, c]);
    headers.push({ column: c + 1, address, key, field });
  });
  return { rows, headers, columns, duplicates, ...(unresolved ? { unresolved } : {}) };
}

/** Every text of each header column (for telling a repeated header row from a child row). */
export function headerTextsByColumn(layout: HeaderLayout): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const h of layout.headers) out.set(h.column - 1, new Set(h.key.split('|')));
  return out;
}

/** The ignored columns as one line a village reads: `F列“父亲”下的“血型”（无法识别的列名）；…`. */
export function ignoredColumnsText(headers: SheetHeader[], unnamed: number[]): string {
  const parts = headers
    .filter((h) => h.ignored)
    .map((h) => `${columnLetters(h.column - 1)}列${describeKey(h.key)}（${h.ignored}）`);
  for (const c of unnamed) parts.push(`${columnLetters(c)}列（没有列名，但有数据）`);
  return parts.join('；');
}
