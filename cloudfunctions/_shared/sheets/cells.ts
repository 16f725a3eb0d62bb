import { excelDateToYmd, excelSerialToYmd, isValidYmd, type Ymd } from '../calendar';
import { FIELD_ERRORS, checkIdNumber, checkPersonName, checkPhone, cleanText, stripHiddenControls, type Checked, type IdCheck } from '../contracts/fields';

/**
 * Reading single spreadsheet cells, for every import of an uploaded workbook (the census roster,
 * a school's roll): cells as text, names, ID numbers, dates and phones. The rules of each kind of
 * value are those of every write (`contracts/fields.ts`); this module only adds what spreadsheet
 * cells need (numbers, Excel dates and serials, the many ways people write a date). Pure
 * functions; nothing reads the process time zone.
 */

/** A cell value as a reader hands it over (exceljs primitives, or strings from a CSV). */
export type CellValue = string | number | boolean | Date | null;

/**
 * A cell value as text, before any normalisation. Numbers print in full (no exponent up to 1e21),
 * Dates as their UTC calendar day, booleans as 是/否.
 */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  const ymd = excelDateToYmd(v);
  return ymd ? `${ymd.y}-${ymd.m}-${ymd.d}` : '';
}

/**
 * A cell's text, cleaned: hidden controls and invisible characters dropped, NFKC (full-width
 * digits, letters and spaces become ASCII; compatibility ideographs are kept), whitespace runs
 * collapsed to one space, trimmed (fields.ts cleanText).
 * @returns the text, `''` when nothing is left
 */
export function normalizeText(v: CellValue | undefined): string {
  return cleanText(stripHiddenControls(cellText(v)));
}

/**
 * A name cell read by the one definition of a person's name (fields.ts checkPersonName): every
 * character kept as written, invisible characters and alignment spaces (`张  三`) dropped.
 * Hidden controls are cleaned away first, as in every roster cell.
 * @returns `undefined` for an empty cell, else the check's outcome
 */
export function readName(v: CellValue | undefined): Checked<string> | undefined {
  const text = stripHiddenControls(cellText(v));
  if (!cleanText(text)) return undefined;
  return checkPersonName(text);
}

// ---------------------------------------------------------------------------------------------
// ID numbers (GB 11643-1999; the rules are fields.ts checkIdNumber)

/** The result of reading an ID number cell. */
export type IdParse = IdCheck;

/**
 * Reads an ID number cell.
 * - A number cell is ID_TRUNCATED: Excel keeps 15 significant digits, so an 18-digit ID typed as
 *   a number has lost its last digits (a 15-digit legacy ID typed as a number survives and is
 *   read when `allowLegacy15`).
 * - Text is checked by fields.ts checkIdNumber: ID_TRUNCATED (scientific notation, `3.41721E+17`),
 *   ID_FORMAT (length or characters), ID_BIRTH_INVALID, ID_BIRTH_FUTURE, ID_CHECKSUM,
 *   ID_REGION_INVALID; a region prefix that is no longer current is accepted with a warning.
 * @param v the cell value; callers handle empty cells first
 * @param allowLegacy15 accept 15-digit legacy numbers (never for children, born after 1999)
 * @param today `YYYY-MM-DD` the birth date may not be after; `null` (default): no such check
 */
export function parseIdNumber(v: CellValue, allowLegacy15: boolean, today: string | null = null): IdParse {
  if (typeof v === 'number') {
    const digits = Number.isInteger(v) && v > 0 ? String(v) : '';
    if (digits.length > 15 || !digits) return { ok: false, code: 'ID_TRUNCATED', message: FIELD_ERRORS.ID_TRUNCATED, text: cellText(v) };
    return checkIdNumber(digits, { legacy15: allowLegacy15, today });
  }
  return checkIdNumber(normalizeText(v), { legacy15: allowLegacy15, today });
}


// ---------------------------------------------------------------------------------------------
// Dates

/** Which written style a date came in (reported for diagnostics and tests). */
export type DateStyle = 'excel-date' | 'excel-serial' | 'iso' | 'dotted' | 'slashed' | 'chinese' | 'compact';

export type DateParse = { ok: true; ymd: Ymd; style: DateStyle } | { ok: false };

const SEPARATED_RE = /^(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?Z?)?$/;
const CHINESE_RE = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;
const SERIAL_RE = /^\d{5}(?:\.\d+)?$/;

/**
 * Reads a date cell strictly. Accepts an exceljs Date (a date-formatted cell), an Excel serial
 * (number cell, or 5-digit text), `2015-03-08`, `2015.3.8`, `2015/3/8`, `2015年3月8日`,
 * `20150308` (text or number); full-width digits are fine. Anything else, or a day that does not
 * exist (`2015-02-30`, Excel's phantom 1900-02-29), is not a date. Two-digit years and
 * day-first/month-first orders are refused rather than guessed.
 * @param date1904 the workbook uses the 1904 date system (serials only)
 */
export function parseDateCell(v: CellValue, date1904 = false): DateParse {
  if (v instanceof Date) {
    const ymd = excelDateToYmd(v);
    return ymd ? { ok: true, ymd, style: 'excel-date' } : { ok: false };
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 10000000) return fromParts(String(v), COMPACT_RE, 'compact');
    const ymd = excelSerialToYmd(v, date1904);
    return ymd ? { ok: true, ymd, style: 'excel-serial' } : { ok: false };
  }
  const t = normalizeText(v).replace(/\s+(?=\d{1,2}:\d{2})/, 'T').replace(/\s+/g, '');
  let m = SEPARATED_RE.exec(t);
  if (m) return checked(+m[1], +m[3], +m[4], m[2] === '-' ? 'iso' : m[2] === '.' ? 'dotted' : 'slashed');
  m = CHINESE_RE.exec(t);
  if (m) return checked(+m[1], +m[2], +m[3], 'chinese');
  if (COMPACT_RE.test(t)) return fromParts(t, COMPACT_RE, 'compact');
  if (SERIAL_RE.test(t)) {
    const ymd = excelSerialToYmd(parseFloat(t), date1904);
    return ymd ? { ok: true, ymd, style: 'excel-serial' } : { ok: false };
  }
  return { ok: false };
}

function fromParts(t: string, re: RegExp, style: DateStyle): DateParse {
  const m = re.exec(t);
  return m ? checked(+m[1], +m[2], +m[3], style) : { ok: false };
}

function checked(y: number, m: number, d: number, style: DateStyle): DateParse {
  return y >= 1900 && isValidYmd(y, m, d) ? { ok: true, ymd: { y, m, d }, style } : { ok: false };
}

// ---------------------------------------------------------------------------------------------
// Phones

/**
 * Reads a phone cell by the one definition of a phone (fields.ts checkPhone): separators and the
 * `+86` prefix dropped; a mainland mobile or a landline with area code, as digits.
 */
export function parsePhone(v: CellValue): Checked<string> {
  return checkPhone(normalizeText(v));
}

// ---------------------------------------------------------------------------------------------
// Yes / no

/** Ticks and words for yes; `''` is "not filled", never yes. */
export const YES_WORDS = new Set(['√', '✓', '✔', '☑', '是', '有', 'Y', 'YES', '1', '对', 'V', 'TRUE', '是的']);
/** Words for no; dashes and slashes are how villages write "not applicable / no". */
export const NO_WORDS = new Set(['否', '无', '没有', 'N', 'NO', '0', '×', '✗', '✘', 'X', '-', '—', '——', '/', '不是', 'FALSE', '不']);

/** The key a value is looked up by: normalised text without spaces, upper-cased. */
export function valueKey(v: CellValue | undefined): string {
  return normalizeText(v).replace(/\s+/g, '').toUpperCase();
}

/** A yes/no cell: true, false, undefined when empty, or 'unrecognised'. */
export function parseYesNo(v: CellValue | undefined): boolean | undefined | 'unrecognised' {
  if (typeof v === 'boolean') return v;
  const k = valueKey(v);
  if (!k) return undefined;
  if (YES_WORDS.has(k)) return true;
  if (NO_WORDS.has(k)) return false;
  return 'unrecognised';
}
