/**
 * Longer than 500 lines: every kind of value's rule in one file, so a value refused in one place
 * is refused everywhere with the same code and message.
 *
 * One definition per kind of value a person types or a roster holds: ID number, person name,
 * phone, calendar date, birth date, free text, fileID and region code. Every write action builds
 * its input schema from these builders and the census import checks roster cells with the same
 * `check*` functions, so a value refused in one place is refused everywhere, with the same stable
 * code and the same Chinese message (docs/security.md "One rule for every path that writes").
 *
 * Each builder takes the field's Chinese label as the form shows it (`fields.phone('父亲联系电话')`)
 * and records it as zod metadata (`.meta({ title })`); the router names the field by that label in
 * a validation failure (`_shared/issues.ts`). A failed check adds a zod issue whose
 * `params.code` is the stable code below and whose message says what is actually wrong.
 *
 * Rules and their sources:
 * - ID number: GB 11643-1999 (18 characters, check character over the first 17 digits, the
 *   birth date at positions 7–14 must exist and not lie in the future); 15-digit numbers of the
 *   1985–1999 issue are upgraded to 18 digits only where allowed (adults: parents, caregivers,
 *   grandparents; never a child, born after 1999); a region prefix that is not a current division
 *   code (GB/T 2260, as published by the statistics bureau) is kept with a warning, since people
 *   keep the number their birthplace had when it was issued.
 * - Text: NFKC for identifiers (full-width digits and letters become ASCII); names keep every
 *   character as written (rare characters outside the BMP count as one and are never split; CJK
 *   compatibility ideographs are not folded); lengths count code points, not UTF-16 units.
 * - Hidden characters: control characters other than newline and tab, and the bidirectional
 *   overrides and isolates (U+202A–U+202E, U+2066–U+2069, which can make text read differently
 *   from what is stored), are refused with the helpline's message.
 * - 统一社会信用代码: GB 32100-2015 (18 characters of 0-9 and capitals without I, O, Z, S, V; the
 *   last is the check character, weights 3^i mod 31 over the first 17).
 * - Dates: calendar days `YYYY-MM-DD` (Asia/Shanghai days, DESIGN.md "Time"); "today" is the
 *   invocation's day (the router sets it, see withValidationDay).
 */
import { z } from 'zod';
import { compareYmd, formatYmd, isValidYmd, parseIsoDay, type Ymd } from '../calendar';
import { CURRENT_COUNTY_CODES_PACKED } from '../region-codes';

// ---------------------------------------------------------------------------------------------
// Codes and messages

/** Stable codes of a refused value, with the Chinese message a person reads (programs compare codes). */
export const FIELD_ERRORS = {
  REQUIRED: '必填',
  ID_FORMAT: '身份证号应为18位数字（最后一位可为X）',
  ID_TRUNCATED: '身份证号被截断：以数字格式录入时 Excel 只保留15位有效数字，请将单元格设为文本格式后重新填写完整的18位号码',
  ID_BIRTH_INVALID: '身份证号中的出生日期（第7–14位）不存在，请核对',
  ID_BIRTH_FUTURE: '身份证号中的出生日期（第7–14位）晚于今天，请核对',
  ID_CHECKSUM: '身份证号校验位（最后一位）不符，号码中有数字录错，请逐位核对',
  ID_REGION_INVALID: '身份证号前两位不是有效的省级行政区划代码，请核对',
  NAME_INVALID: '姓名中不能有数字或符号',
  PHONE_INVALID: '电话号码格式不正确（手机号11位；座机请带区号）',
  DATE_FORMAT: '日期格式应为 YYYY-MM-DD，如 2026-03-08',
  DATE_INVALID: '日期不存在（例如2月30日）',
  DATE_FUTURE: '日期不能晚于今天',
  DATE_TOO_EARLY: '日期不能早于1900年',
  TEXT_HIDDEN_CONTROL: '内容包含不可见的控制字符，请删除后重试',
  TEXT_MALFORMED: '内容包含无法显示的字符，请重新输入',
  TEXT_EMPTY: '不能为空',
  TEXT_TOO_LONG: '内容太长',
  FILE_ID_INVALID: '不是有效的已上传文件，请重新上传',
  FILE_ID_OTHER_ENV: '文件不属于本系统，请在小程序中重新上传',
  FILE_ID_WRONG_PLACE: '文件不在指定的上传位置，请重新上传',
  REGION_CODE_INVALID: '区划代码须为6、9或12位数字',
  REGION_CODE_LEVEL: '区划代码的级别不对',
  CREDIT_CODE_FORMAT: '应为18位数字或大写字母（不含I、O、Z、S、V）',
  CREDIT_CODE_CHECKSUM: '校验位（最后一位）不符，请逐位核对',
  LOCATION_INVALID: '位置无效，请在地图上重新选择',
} as const;
export type FieldErrorCode = keyof typeof FIELD_ERRORS;

/** Accepted with a warning: the value is kept, the person is asked to check it. */
export const FIELD_WARNINGS = {
  ID_REGION_HISTORIC: '身份证号前六位不是现行的行政区划代码（可能是撤并前的旧代码），已保留，请核对',
} as const;
export type FieldWarningCode = keyof typeof FIELD_WARNINGS;

/** The outcome of a check: the canonical value, or the code and message of what is wrong. */
export type Checked<T, X = unknown> =
  | ({ ok: true; value: T; warnings: FieldWarningCode[] } & X)
  | { ok: false; code: FieldErrorCode; message: string };

function refuse(code: FieldErrorCode, message: string = FIELD_ERRORS[code]): { ok: false; code: FieldErrorCode; message: string } {
  return { ok: false, code, message };
}

// ---------------------------------------------------------------------------------------------
// Characters

/** Control characters (but tab and newline), DEL, C1 controls, bidi overrides and isolates. */
// eslint-disable-next-line no-control-regex
const HIDDEN_CONTROL_RE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** Characters that take no space and carry nothing (zero-width, marks, BOM, soft hyphen): dropped from names and identifiers. */
const INVISIBLE_RE = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/g;
/** Any run of whitespace, including NBSP and the ideographic space U+3000. */
const SPACE_RE = /[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
/** A UTF-16 surrogate without its partner (broken text, e.g. a rare character cut in half). */
const LONE_SURROGATE_RE = /[\ud800-\udfff]/u;
/** CJK compatibility ideographs: NFKC would replace them with a different code point. */
const COMPAT_IDEOGRAPH_RE = /[\uf900-\ufaff\u{2f800}-\u{2fa1f}]/u;
const COMPAT_IDEOGRAPH_SPLIT_RE = /([\uf900-\ufaff\u{2f800}-\u{2fa1f}])/u;
const HAN_GAP_RE = /(\p{Script=Han})\s+(?=\p{Script=Han})/gu;

/** Whether `s` holds a hidden control or bidi override/isolate (what TEXT_HIDDEN_CONTROL refuses). */
export function hasHiddenControl(s: string): boolean {
  return HIDDEN_CONTROL_RE.test(s);
}

const HIDDEN_CONTROL_ALL_RE = new RegExp(HIDDEN_CONTROL_RE.source, 'g');

/**
 * Removes every hidden control and bidi override/isolate (roster cells are cleaned rather than
 * refused: a village cannot retype a spreadsheet cell it cannot see). Tab and newline stay.
 */
export function stripHiddenControls(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(HIDDEN_CONTROL_ALL_RE, '');
}

/** Length in code points: a character outside the BMP (𠮷) counts once. */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

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
 * Cleans identifier-like text (ID numbers, phones, codes, roster values): drops invisible
 * characters, NFKC (full-width digits, letters and spaces become ASCII; compatibility ideographs
 * are kept), collapses whitespace to one space, trims.
 */
export function cleanText(s: string): string {
  if (/^[\x21-\x7e]*$/.test(s)) return s;
  return nfkcKeepingIdeographs(s.replace(INVISIBLE_RE, '')).replace(SPACE_RE, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// "Today" of a validation

let validationDay: string | undefined;

/** The Asia/Shanghai calendar day of an instant (UTC+8 all year: China has no daylight saving since 1991). */
export function shanghaiDayOf(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Runs a synchronous validation with `day` as today (for "not in the future" checks). The router
 * passes the invocation's day, so the stand-in's clock applies as it does to handlers.
 */
export function withValidationDay<T>(day: string, run: () => T): T {
  const before = validationDay;
  validationDay = day;
  try {
    return run();
  } finally {
    validationDay = before;
  }
}

/** Today for a check: the explicit day, else the one withValidationDay set, else the machine clock's Shanghai day. */
function todayOf(explicit?: string): string {
  return explicit ?? validationDay ?? shanghaiDayOf(new Date());
}

// ---------------------------------------------------------------------------------------------
// ID numbers (GB 11643-1999)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';
/** Province-level codes (GB/T 2260) and 83 (Taiwan residents' residence permits). */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

let currentCodes: Set<string> | undefined;

/** Whether a 6-digit code is a current county-level (or city/province) division code. */
export function isCurrentRegionCode(code6: string): boolean {
  if (!currentCodes) {
    currentCodes = new Set();
    for (const group of CURRENT_COUNTY_CODES_PACKED.split(' ')) {
      const prefix = group.slice(0, 4);
      for (let i = 4; i < group.length; i += 2) currentCodes.add(prefix + group.slice(i, i + 2));
    }
  }
  return currentCodes.has(code6);
}

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

/**
 * Normalises an ID number's text: invisible characters dropped, NFKC (full-width digits), no
 * whitespace, dashes, quotes or Excel's leading apostrophe, lower-case x upper-cased.
 */
export function normalizeIdText(s: string): string {
  return cleanText(s).replace(/[\s\-'"‘’“”`]/g, '').toUpperCase();
}

/** What an ID number tells besides itself. */
export interface IdFacts {
  birth: Ymd;
  gender: 'male' | 'female';
  upgradedFrom15: boolean;
}

/** A refused ID number; for ID_BIRTH_FUTURE, ID_CHECKSUM and ID_REGION_INVALID the birth date and sex it still encodes. */
export type IdRefusal = { ok: false; code: FieldErrorCode; message: string; text: string; birth?: Ymd; gender?: 'male' | 'female' };
/** The outcome of checkIdNumber. */
export type IdCheck = ({ ok: true; value: string; warnings: FieldWarningCode[] } & IdFacts) | IdRefusal;

/**
 * Checks an ID number typed as text.
 * @param raw the text as typed (full-width digits, spaces and a lower-case x are fine)
 * @param opts.legacy15 accept a 15-digit number and upgrade it (adults only; never a child)
 * @param opts.today `YYYY-MM-DD` the birth date may not be after (default: the validation day;
 *   `null`: no such check, e.g. a census whose reference date lies ahead)
 * @returns the 18-character number with its birth date and sex, plus ID_REGION_HISTORIC when the
 *   region prefix is not current; or the first thing wrong, each with its own code:
 *   ID_TRUNCATED (scientific notation), ID_FORMAT (length or characters; the message gives the
 *   length found), ID_BIRTH_INVALID, ID_BIRTH_FUTURE, ID_CHECKSUM, ID_REGION_INVALID
 */
export function checkIdNumber(raw: string, opts: { legacy15?: boolean; today?: string | null } = {}): IdCheck {
  const text = normalizeIdText(raw);
  const fail = (code: FieldErrorCode, extra: Partial<IdRefusal> = {}, message?: string): IdRefusal => ({ ...refuse(code, message), text, ...extra });
  if (/^\d(\.\d+)?E\+?\d+$/.test(text)) return fail('ID_TRUNCATED');
  let first17: string;
  let birth: Ymd;
  let upgradedFrom15 = false;
  if (/^\d{17}[\dX]$/.test(text)) {
    first17 = text.slice(0, 17);
    birth = { y: +text.slice(6, 10), m: +text.slice(10, 12), d: +text.slice(12, 14) };
  } else if (opts.legacy15 && /^\d{15}$/.test(text)) {
    first17 = `${text.slice(0, 6)}19${text.slice(6)}`;
    birth = { y: 1900 + +text.slice(6, 8), m: +text.slice(8, 10), d: +text.slice(10, 12) };
    upgradedFrom15 = true;
  } else {
    const length = charCount(text);
    if (/^\d*X?$/.test(text) && length > 0) return fail('ID_FORMAT', {}, `身份证号应为18位，现为${length}位`);
    return fail('ID_FORMAT', {}, '身份证号只能由数字组成，最后一位可以是X');
  }
  if (birth.y < 1900 || !isValidYmd(birth.y, birth.m, birth.d)) return fail('ID_BIRTH_INVALID');
  const gender = (first17.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
  const today = opts.today === null ? undefined : parseIsoDay(todayOf(opts.today));
  if (today && compareYmd(birth, today) > 0) return fail('ID_BIRTH_FUTURE', { birth, gender });
  if (!upgradedFrom15 && idCheckChar(first17) !== text[17]) return fail('ID_CHECKSUM', { birth, gender });
  if (!PROVINCE_CODES.has(text.slice(0, 2))) return fail('ID_REGION_INVALID', { birth, gender });
  const id = upgradedFrom15 ? first17 + idCheckChar(first17) : text;
  const warnings: FieldWarningCode[] = isCurrentRegionCode(id.slice(0, 6)) ? [] : ['ID_REGION_HISTORIC'];
  return { ok: true, value: id, birth, gender, upgradedFrom15, warnings };
}

// ---------------------------------------------------------------------------------------------
// Names

/**
 * Checks a person's name, keeping every character as written: rare characters (outside the BMP,
 * Extension A, compatibility ideographs) stay; invisible characters are dropped; the spaces
 * villages type between Chinese characters to align two-character names go (`张  三` → `张三`);
 * full-width Latin letters and spaces become ASCII (NFKC). Digits, hidden controls and broken
 * characters are refused; `·` of minority names and a dash (a roster's "deceased") are kept.
 * @param opts.max most characters (code points), default 40
 */
export function checkPersonName(raw: string, opts: { max?: number } = {}): Checked<string> {
  const max = opts.max ?? 40;
  if (hasHiddenControl(raw.replace(/[\n\t]/g, ' '))) return refuse('TEXT_HIDDEN_CONTROL');
  if (LONE_SURROGATE_RE.test(raw)) return refuse('TEXT_MALFORMED');
  const name = nfkcKeepingIdeographs(raw.replace(INVISIBLE_RE, '')).replace(SPACE_RE, ' ').trim().replace(HAN_GAP_RE, '$1');
  if (!name) return refuse('TEXT_EMPTY', '请填写姓名');
  if (charCount(name) > max) return refuse('TEXT_TOO_LONG', `姓名不能超过${max}个字`);
  if (/[\p{Nd}<>{}[\]@#$%^&*=+|\\/~`!?;:"]/u.test(name)) return refuse('NAME_INVALID');
  return { ok: true, value: name, warnings: [] };
}

// ---------------------------------------------------------------------------------------------
// Phones

/**
 * Checks a phone: spaces, dashes, dots and brackets removed, `+86` / `0086` / `86` country prefix
 * dropped, full-width digits read. A mainland mobile (11 digits, 1[3-9]…) or a landline with its
 * area code (0 + 9–11 digits) is kept as digits; anything else is PHONE_INVALID.
 */
export function checkPhone(raw: string): Checked<string> {
  const text = cleanText(raw);
  let digits = text.replace(/[\s\-–—.·()]/g, '');
  const mobile = /^(?:\+|00)?86(1\d{10})$/.exec(digits);
  const landline = /^(?:\+|00)86(0?)([1-9]\d{8,10})$/.exec(digits);
  if (mobile) digits = mobile[1];
  else if (landline) digits = `0${landline[2]}`;
  if (/^1[3-9]\d{9}$/.test(digits) || /^0\d{9,11}$/.test(digits)) return { ok: true, value: digits, warnings: [] };
  return refuse('PHONE_INVALID');
}

// ---------------------------------------------------------------------------------------------
// Dates

/**
 * Checks a calendar day written `YYYY-MM-DD` (full-width digits are fine).
 * @param opts.notFuture refuse a day after today (DATE_FUTURE)
 * @param opts.today `YYYY-MM-DD` (default: the validation day)
 * @returns the day; DATE_FORMAT (not `YYYY-MM-DD`), DATE_INVALID (no such day, e.g. 02-30),
 *   DATE_TOO_EARLY (before 1900), DATE_FUTURE
 */
export function checkDay(raw: string, opts: { notFuture?: boolean; today?: string } = {}): Checked<string, { ymd: Ymd }> {
  const text = cleanText(raw);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return refuse('DATE_FORMAT');
  const ymd = { y: +m[1], m: +m[2], d: +m[3] };
  if (!isValidYmd(ymd.y, ymd.m, ymd.d)) return refuse('DATE_INVALID', `日期不存在：${text.slice(0, 4)}年${ymd.m}月没有${ymd.d}日`);
  if (ymd.y < 1900) return refuse('DATE_TOO_EARLY');
  if (opts.notFuture) {
    const today = todayOf(opts.today);
    const t = parseIsoDay(today);
    if (t && compareYmd(ymd, t) > 0) return refuse('DATE_FUTURE', `日期不能晚于今天（${today}）`);
  }
  return { ok: true, value: formatYmd(ymd), ymd, warnings: [] };
}

// ---------------------------------------------------------------------------------------------
// Free text

/**
 * Checks free text a person typed (notes, messages, places): CRLF becomes LF, NFC, trimmed;
 * hidden controls and bidi overrides refused; length in code points.
 * @param opts.max most characters (code points)
 * @param opts.min fewest characters after trimming (default 1)
 * @param opts.multiline keep line breaks (default true); single-line text has its whitespace runs collapsed
 */
export function checkFreeText(raw: string, opts: { max: number; min?: number; multiline?: boolean }): Checked<string> {
  const unified = raw.replace(/\r\n?/g, '\n');
  if (hasHiddenControl(unified)) return refuse('TEXT_HIDDEN_CONTROL');
  if (LONE_SURROGATE_RE.test(unified)) return refuse('TEXT_MALFORMED');
  let text = unified.normalize('NFC').trim();
  if (opts.multiline === false) text = text.replace(SPACE_RE, ' ');
  const min = opts.min ?? 1;
  const n = charCount(text);
  if (n < min) return refuse('TEXT_EMPTY', min <= 1 ? FIELD_ERRORS.TEXT_EMPTY : `至少${min}个字`);
  if (n > opts.max) return refuse('TEXT_TOO_LONG', `不能超过${opts.max}个字（现为${n}个字）`);
  return { ok: true, value: text, warnings: [] };
}

// ---------------------------------------------------------------------------------------------
// File IDs

/** This environment's id as the function runtime states it (SCF_NAMESPACE; TCB_ENV), or undefined (tests, tools). */
export function currentEnvId(): string | undefined {
  // Read through globalThis: the mini-program type-checks this file without Node's typings.
  const env: Record<string, string | undefined> = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  return env.SCF_NAMESPACE || env.TCB_ENV || undefined;
}

/**
 * Checks a CloudBase storage fileID: `cloud://<envId>.<bucket>/<path>` with a clean path (no
 * empty, `.` or `..` segment, no backslash or hidden character).
 * @param opts.env the environment the file must belong to (default currentEnvId(); none = any)
 * @param opts.under path prefixes the file must lie under (e.g. `visits/`), when given
 * @returns the fileID and its cloud path
 */
export function checkFileId(raw: string, opts: { env?: string; under?: readonly string[] } = {}): Checked<string, { env: string; path: string }> {
  const m = /^cloud:\/\/([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_-]+))?\/([^?#]+)$/.exec(raw.trim());
  if (!m) return refuse('FILE_ID_INVALID');
  const path = m[3];
  const segs = path.split('/');
  if (segs.some((s) => s === '' || s === '.' || s === '..') || path.includes('\\') || hasHiddenControl(path)) return refuse('FILE_ID_INVALID');
  const env = opts.env ?? currentEnvId();
  if (env && m[1] !== env) return refuse('FILE_ID_OTHER_ENV');
  if (opts.under && !opts.under.some((p) => path.startsWith(p))) return refuse('FILE_ID_WRONG_PLACE');
  return { ok: true, value: raw.trim(), env: m[1], path, warnings: [] };
}

// ---------------------------------------------------------------------------------------------
// Region codes

/** Division levels by code length: county 6, township (乡镇/街道) 9, village (村/社区) 12. */
export const REGION_LEVELS = { county: 6, township: 9, village: 12 } as const;
export type RegionLevel = keyof typeof REGION_LEVELS;
const LEVEL_NAMES: Record<RegionLevel, string> = { county: '县级（6位）', township: '乡镇级（9位）', village: '村（社区）级（12位）' };

/**
 * Checks a division code: 6, 9 or 12 digits (full-width digits fine).
 * @param opts.levels the levels allowed (default all)
 * @returns the code and its level
 */
export function checkRegionCode(raw: string, opts: { levels?: readonly RegionLevel[] } = {}): Checked<string, { level: RegionLevel }> {
  const text = cleanText(raw);
  const level = (Object.keys(REGION_LEVELS) as RegionLevel[]).find((l) => /^\d+$/.test(text) && text.length === REGION_LEVELS[l]);
  if (!level) return refuse('REGION_CODE_INVALID');
  if (opts.levels && !opts.levels.includes(level)) {
    return refuse('REGION_CODE_LEVEL', `应为${opts.levels.map((l) => LEVEL_NAMES[l]).join('或')}区划代码`);
  }
  return { ok: true, value: text, level, warnings: [] };
}

// ---------------------------------------------------------------------------------------------
// Unified social credit codes (统一社会信用代码, GB 32100-2015)

/** The 31 characters a credit code is written in (digits and capitals without I, O, Z, S, V). */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The GB 32100 check character of the first 17 characters of a credit code (all in CREDIT_CHARS). */
export function creditCheckChar(first17: string): string {
  const sum = [...first17].reduce((s, c, i) => s + CREDIT_CHARS.indexOf(c) * CREDIT_WEIGHTS[i], 0);
  return CREDIT_CHARS[(31 - (sum % 31)) % 31];
}

/**
 * Checks an organisation's 统一社会信用代码 (GB 32100-2015): full-width characters read, spaces
 * and dashes removed, lower case raised; 18 characters of CREDIT_CHARS (CREDIT_CODE_FORMAT) whose
 * last is the check character of the first 17 (CREDIT_CODE_CHECKSUM).
 */
export function checkCreditCode(raw: string): Checked<string> {
  const text = cleanText(raw).replace(/[\s\-–—]/g, '').toUpperCase();
  if (text.length !== 18 || [...text].some((c) => !CREDIT_CHARS.includes(c))) return refuse('CREDIT_CODE_FORMAT');
  if (creditCheckChar(text.slice(0, 17)) !== text[17]) return refuse('CREDIT_CODE_CHECKSUM');
  return { ok: true, value: text, warnings: [] };
}

// ---------------------------------------------------------------------------------------------
// Locations

/** A point on the map in degrees, as WeChat's location APIs give it (GCJ-02, wx.getLocation `type: 'gcj02'`, wx.chooseLocation). */
export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** `{ latitude, longitude }`, both finite numbers in range (−90…90, −180…180) → the same, other keys dropped. */
export function checkLocation(v: unknown): Checked<GeoPoint> {
  const p = v as Partial<GeoPoint> | null;
  if (!p || typeof p !== 'object' || typeof p.latitude !== 'number' || typeof p.longitude !== 'number') return refuse('LOCATION_INVALID');
  const { latitude, longitude } = p;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return refuse('LOCATION_INVALID');
  return { ok: true, value: { latitude, longitude }, warnings: [] };
}

/** Great-circle distance in metres between two points (haversine, mean Earth radius). */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

// ---------------------------------------------------------------------------------------------
// Zod builders

/** What every builder records on its schema (zod's global registry; `labelAt` in _shared/issues.ts reads it). */
export interface FieldMeta {
  /** The field's Chinese label as the form shows it. */
  title: string;
  /** The kind of value (for tests and generated client code). */
  kind: FieldKind;
}
export const FIELD_KINDS = ['idNumber', 'personName', 'phone', 'calendarDate', 'birthDate', 'freeText', 'fileId', 'regionCode', 'creditCode', 'location'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** A string schema running `check` and giving its canonical value; failures carry `params.code`. */
function checkedString<T>(kind: FieldKind, label: string, check: (s: string) => Checked<T> | IdCheck) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? FIELD_ERRORS.REQUIRED : '应为文字') })
    .transform((s, ctx) => {
      const r = check(s);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message, params: { code: r.code } });
        return z.NEVER;
      }
      return r.value;
    })
    .meta({ title: label, kind } satisfies FieldMeta);
}

/**
 * The field builders. Each returns a zod schema taking a string and giving the canonical value;
 * chain `.optional()` / `.nullable()` as the action needs.
 */
export const fields = {
  /** 公民身份号码 → 18 characters, upper-case X. `legacy15` for adults (upgrade of 15-digit numbers). */
  idNumber: (label: string, opts: { legacy15?: boolean } = {}) =>
    checkedString('idNumber', label, (s) => checkIdNumber(s, { legacy15: opts.legacy15 })),
  /** A person's name, kept as written (see checkPersonName). */
  personName: (label: string, opts: { max?: number } = {}) => checkedString('personName', label, (s) => checkPersonName(s, opts)),
  /** A mainland mobile or a landline with area code → digits only. */
  phone: (label: string) => checkedString('phone', label, checkPhone),
  /** A calendar day `YYYY-MM-DD` that exists; `notFuture` refuses days after today. */
  calendarDate: (label: string, opts: { notFuture?: boolean } = {}) => checkedString('calendarDate', label, (s) => checkDay(s, opts)),
  /** A birth date: a real day from 1900 on, not after today. */
  birthDate: (label: string) => checkedString('birthDate', label, (s) => checkDay(s, { notFuture: true })),
  /** Free text (notes, messages, places); see checkFreeText. */
  freeText: (label: string, opts: { max: number; min?: number; multiline?: boolean }) => checkedString('freeText', label, (s) => checkFreeText(s, opts)),
  /** A storage fileID of this environment, optionally under given path prefixes. */
  fileId: (label: string, opts: { under?: readonly string[] } = {}) => checkedString('fileId', label, (s) => checkFileId(s, opts)),
  /** A division code of the allowed levels. */
  regionCode: (label: string, opts: { levels?: readonly RegionLevel[] } = {}) => checkedString('regionCode', label, (s) => checkRegionCode(s, opts)),
  /** An organisation's 统一社会信用代码 (GB 32100) → 18 upper-case characters. */
  creditCode: (label: string) => checkedString('creditCode', label, checkCreditCode),
  /** A point on the map `{ latitude, longitude }` (degrees, GCJ-02) → the same; see checkLocation. */
  location: (label: string) =>
    z
      .custom<GeoPoint>(() => true)
      .transform((v, ctx) => {
        const r = checkLocation(v);
        if (!r.ok) {
          ctx.addIssue({ code: 'custom', message: r.message, params: { code: r.code } });
          return z.NEVER;
        }
        return r.value;
      })
      .meta({ title: label, kind: 'location' } satisfies FieldMeta),
};

/** The field metadata of a schema built here (or of a wrapper around one), else undefined. */
export function fieldMetaOf(schema: z.ZodType): FieldMeta | undefined {
  let s: z.ZodType | undefined = schema;
  for (let i = 0; s && i < 8; i++) {
    const meta = z.globalRegistry.get(s) as Partial<FieldMeta> | undefined;
    if (meta?.kind && meta.title) return meta as FieldMeta;
    const def: { innerType?: z.ZodType; in?: z.ZodType } = (s as unknown as { _zod: { def: { innerType?: z.ZodType; in?: z.ZodType } } })._zod.def;
    s = def.innerType ?? def.in;
  }
  return undefined;
}
