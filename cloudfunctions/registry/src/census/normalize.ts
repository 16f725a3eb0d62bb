import {
  excelDateToYmd,
  excelSerialToYmd,
  isValidYmd,
  type Ymd,
} from './calendar';
import { GENDER_WORDS, NO_WORDS, YES_WORDS } from './vocab';

/**
 * Normalisation of single roster values: text, names, ID numbers (GB 11643), dates, phones and
 * vocabulary values. Pure functions; nothing reads the clock or the process time zone.
 */

/** A cell value as a reader hands it over (exceljs primitives, or strings from a CSV). */
export type CellValue = string | number | boolean | Date | null;

/** Characters that take no space and carry nothing in a roster (zero-width, bidi marks, BOM, soft hyphen). */
const INVISIBLE_RE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** Any run of whitespace, including NBSP and the ideographic space U+3000. */
const SPACE_RE = /[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
/** CJK compatibility ideographs: NFKC would replace them with a different code point. */
const COMPAT_IDEOGRAPH_RE = /[\uf900-\ufaff\u{2f800}-\u{2fa1f}]/u;
const COMPAT_IDEOGRAPH_SPLIT_RE = /([\uf900-\ufaff\u{2f800}-\u{2fa1f}])/u;
const HAN_GAP_RE = /(\p{Script=Han})\s+(?=\p{Script=Han})/gu;
const PLAIN_ASCII_RE = /^[\x21-\x7e]*$/;

/**
 * NFKC, except that CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) are kept as
 * written: NFKC maps them to unified ideographs, which would change a person's or place's name.
 */
export function nfkcKeepingIdeographs(s: string): string {
  if (!COMPAT_IDEOGRAPH_RE.test(s)) return s.normalize('NFKC');
  return s
    .split(COMPAT_IDEOGRAPH_SPLIT_RE)
    .map((part) => (COMPAT_IDEOGRAPH_RE.test(part) ? part : part.normalize('NFKC')))
    .join('');
}

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
 * Normalises free text: strips invisible characters, NFKC (full-width digits, letters and spaces
 * become ASCII; compatibility ideographs are kept), collapses whitespace runs to one space, trims.
 * @returns the text, `''` when nothing is left
 */
export function normalizeText(v: CellValue | undefined): string {
  const s = cellText(v);
  if (PLAIN_ASCII_RE.test(s)) return s;
  return nfkcKeepingIdeographs(s.replace(INVISIBLE_RE, '')).replace(SPACE_RE, ' ').trim();
}

/**
 * Normalises a person's name while keeping every character as written (rare characters, those
 * outside the BMP and compatibility ideographs included; no NFKC): strips invisible characters,
 * trims, and removes the spaces villages type between Chinese characters to align two-character
 * names (`张  三` → `张三`). Spaces inside non-Chinese names are collapsed to one.
 */
export function normalizeName(v: CellValue | undefined): string {
  const s = cellText(v);
  return s.replace(INVISIBLE_RE, '').replace(SPACE_RE, ' ').trim().replace(HAN_GAP_RE, '$1');
}

/**
 * Normalises a 村民小组: `3`, `３组`, `第3组`, `三组`, `第三村民小组` → `3组`; any other group name
 * (e.g. `王家组`) is kept as normalised text.
 */
export function normalizeGroup(v: CellValue | undefined): string {
  const t = normalizeText(v).replace(/\s+(?=\d{1,2}:\d{2})/, 'T').replace(/\s+/g, '');
  if (!t) return '';
  const m = /^第?([0-9]+|[一二三四五六七八九十两]+)(组|队|村民小组|小组)?$/.exec(t);
  if (!m) return t;
  const n = /^\d+$/.test(m[1]) ? parseInt(m[1], 10) : chineseNumber(m[1]);
  return n === undefined ? t : `${n}组`;
}

/** 一…九十九 as a number (enough for villager groups). */
function chineseNumber(s: string): number | undefined {
  const digits: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return undefined;
  if (!m[2]) return m[3] ? undefined : digits[m[1]];
  return (m[1] ? digits[m[1]] : 1) * 10 + (m[3] ? digits[m[3]] : 0);
}

// ---------------------------------------------------------------------------------------------
// ID numbers (GB 11643-1999)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** The GB 11643 check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

/**
 * Upgrades a 15-digit legacy ID number (1985–1999 issue, births 19xx) to 18 digits: inserts `19`
 * before the birth date and appends the check character.
 */
export function upgradeId15(id15: string): string {
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + idCheckChar(first17);
}

/** The result of reading an ID number. */
export type IdParse =
  | { ok: true; id: string; birth: Ymd; gender: 'male' | 'female'; upgradedFrom15: boolean }
  | {
      ok: false;
      code: 'ID_FORMAT' | 'ID_CHECKSUM';
      /** The normalised text as read (for showing to the user). */
      text: string;
      /** Present for ID_CHECKSUM: the birth date and sex the (wrong) number still encodes. */
      birth?: Ymd;
      gender?: 'male' | 'female';
    };

/**
 * Normalises an ID number's text: NFKC (full-width digits), no whitespace, dashes, quotes or
 * Excel's leading apostrophe, lower-case x upper-cased.
 */
export function normalizeIdText(v: CellValue | undefined): string {
  return normalizeText(v).replace(/[\s\-'"‘’“”`]/g, '').toUpperCase();
}

/**
 * Reads an ID number cell.
 * - A number cell is ID_FORMAT: Excel keeps 15 significant digits, so an 18-digit ID typed as a
 *   number has lost its last digits (a 15-digit legacy ID typed as a number survives and is read
 *   when `allowLegacy15`). Scientific notation (`3.41721E+17`, from a CSV) is ID_FORMAT too.
 * - 18 characters `\d{17}[\dX]` with an existing birth date, else ID_FORMAT; a wrong check
 *   character is ID_CHECKSUM.
 * - 15 digits (only when `allowLegacy15`: parents and caregivers) are upgraded to 18.
 * @param v the cell value; callers handle empty cells first
 * @param allowLegacy15 accept 15-digit legacy numbers (never for children, born after 1999)
 */
export function parseIdNumber(v: CellValue, allowLegacy15: boolean): IdParse {
  if (typeof v === 'number') {
    const digits = Number.isInteger(v) && v > 0 ? String(v) : '';
    if (!(allowLegacy15 && /^\d{15}$/.test(digits))) return { ok: false, code: 'ID_FORMAT', text: cellText(v) };
    return parseIdNumber(digits, allowLegacy15);
  }
  const text = normalizeIdText(v);
  if (/^\d{17}[\dX]$/.test(text)) {
    const birth = { y: +text.slice(6, 10), m: +text.slice(10, 12), d: +text.slice(12, 14) };
    if (birth.y < 1900 || !isValidYmd(birth.y, birth.m, birth.d)) return { ok: false, code: 'ID_FORMAT', text };
    const gender = (text.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
    if (idCheckChar(text) !== text[17]) return { ok: false, code: 'ID_CHECKSUM', text, birth, gender };
    return { ok: true, id: text, birth, gender, upgradedFrom15: false };
  }
  if (allowLegacy15 && /^\d{15}$/.test(text)) {
    const birth = { y: 1900 + +text.slice(6, 8), m: +text.slice(8, 10), d: +text.slice(10, 12) };
    if (!isValidYmd(birth.y, birth.m, birth.d)) return { ok: false, code: 'ID_FORMAT', text };
    const gender = (text.charCodeAt(14) - 48) % 2 === 1 ? 'male' : 'female';
    return { ok: true, id: upgradeId15(text), birth, gender, upgradedFrom15: true };
  }
  return { ok: false, code: 'ID_FORMAT', text };
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

export type PhoneParse = { ok: true; phone: string } | { ok: false; text: string };

/**
 * Reads a phone: spaces, dashes, dots and brackets removed, `+86` / `0086` / `86` country prefix
 * dropped. A mainland mobile (11 digits, 1[3-9]…) or a landline with area code (0 + 9–11 digits)
 * is kept as digits; anything else is not a phone.
 */
export function parsePhone(v: CellValue): PhoneParse {
  const text = normalizeText(v);
  let digits = text.replace(/[\s\-–—.·()]/g, '');
  const mobile = /^(?:\+|00)?86(1\d{10})$/.exec(digits);
  const landline = /^(?:\+|00)86(0?)([1-9]\d{8,10})$/.exec(digits);
  if (mobile) digits = mobile[1];
  else if (landline) digits = `0${landline[2]}`;
  if (/^1[3-9]\d{9}$/.test(digits) || /^0\d{9,11}$/.test(digits)) return { ok: true, phone: digits };
  return { ok: false, text };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary values

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

/** 男/女 and a few spellings; undefined when empty or unknown (the caller tells the two apart). */
export function parseGender(v: CellValue | undefined): 'male' | 'female' | undefined {
  return GENDER_WORDS[valueKey(v)];
}

/**
 * Looks a value up in a word table, then in ordered keyword rules.
 * @returns the canonical value, undefined when empty, or 'unrecognised'
 */
export function lookupValue<T>(
  v: CellValue | undefined,
  words: Record<string, T>,
  rules: Array<[RegExp, T]> = [],
): T | undefined | 'unrecognised' {
  const k = valueKey(v);
  if (!k) return undefined;
  const hit = words[k];
  if (hit !== undefined) return hit;
  for (const [re, value] of rules) if (re.test(k)) return value;
  return 'unrecognised';
}

/**
 * A multi-select cell (`种养殖业、亲朋接济`): split on 、，,;；/ and whitespace, each part looked
 * up, duplicates dropped in order.
 * @returns the values and the parts that were not recognised
 */
export function lookupMulti<T>(v: CellValue | undefined, words: Record<string, T>): { values: T[]; unknown: string[] } {
  const values: T[] = [];
  const unknown: string[] = [];
  for (const part of valueKey(v).split(/[、,，;；/|+和及]+/)) {
    if (!part) continue;
    const hit = words[part];
    if (hit === undefined) unknown.push(part);
    else if (!values.includes(hit)) values.push(hit);
  }
  return { values, unknown };
}
