import { normalizeText, valueKey, type CellValue } from '../../../_shared/sheets/cells';
import { GENDER_WORDS } from './vocab';

/**
 * Reading census roster values: the cell kinds every import shares (text, names, ID numbers,
 * dates, phones) live in `_shared/sheets/cells.ts` and are re-exported here; this module adds
 * the census's own — villager groups and vocabulary values.
 */

export {
  cellText,
  normalizeText,
  readName,
  parseIdNumber,
  parseDateCell,
  parsePhone,
  valueKey,
  parseYesNo,
} from '../../../_shared/sheets/cells';
export type { CellValue, IdParse, DateStyle, DateParse } from '../../../_shared/sheets/cells';

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
// Vocabulary values



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
