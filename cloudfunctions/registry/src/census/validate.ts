import type {
  CensusIssue,
  CensusOptionalField,
  CensusReasonCode,
  CensusRowResult,
  CensusWarningCode,
  NormalizedCensusRow,
} from '../../../_shared/contracts/census';
import { ageOn, formatYmd, parseIsoDay, type Ymd } from '../../../_shared/calendar';
import { CENSUS_REASON_MESSAGES, CENSUS_WARNING_MESSAGES } from './codes';
import {
  lookupMulti,
  lookupValue,
  normalizeGroup,
  normalizeText,
  parseDateCell,
  parseGender,
  parseIdNumber,
  parsePhone,
  parseYesNo,
  readName,
  type CellValue,
  type IdParse,
} from './normalize';
import type { RosterRow, RosterSheet } from './read';
import {
  ASSISTANCE_WORDS,
  GUARDIANSHIP_RULES,
  GUARDIANSHIP_WORDS,
  HEALTH_WORDS,
  INCOME_WORDS,
  PARENT_WORDS,
  SCHOOLING_RULES,
  SCHOOLING_WORDS,
  type CensusField,
} from './vocab';

/**
 * Validating and normalising one child row of a roster (fixtures README, national form):
 * every failed check is reported, not just the first; an accepted row carries the values to
 * store (NormalizedCensusRow) and the optional form fields it still lacks.
 */

/** Age limit of the definition: under 16 full years on the census reference date. */
export const AGE_LIMIT = 16;

export interface ValidateContext {
  /** The file name, echoed into results. */
  file: string;
  /** The row's sheet (name, village match, date system). */
  sheet: Pick<RosterSheet, 'sheet' | 'village' | 'township' | 'date1904'>;
  /** Census reference date `YYYY-MM-DD` (年龄计算截止日期); ages are computed on this day. */
  censusDate: string;
  /**
   * Today `YYYY-MM-DD` (Asia/Shanghai): no birth date encoded in an ID may be after it (the import
   * job passes its invocation's day). Without it only the census date's age check applies.
   */
  today?: string;
}

type Partialized = Partial<Record<keyof NormalizedCensusRow, unknown>>;

class Collector {
  readonly issues: CensusIssue[] = [];
  readonly reasons: CensusReasonCode[] = [];
  readonly warnings: CensusWarningCode[] = [];

  /** A failed check; `message` says precisely what is wrong when the code's own text is too general. */
  reason(code: CensusReasonCode, field?: string, message?: string): void {
    if (!this.reasons.includes(code)) this.reasons.push(code);
    this.issues.push({ code, ...(field ? { field } : {}), message: message ?? CENSUS_REASON_MESSAGES[code] });
  }

  warn(code: CensusWarningCode, field?: string, message?: string): void {
    if (!this.warnings.includes(code)) this.warnings.push(code);
    this.issues.push({ code, ...(field ? { field } : {}), message: message ?? CENSUS_WARNING_MESSAGES[code] });
  }
}

function present(v: CellValue | undefined): v is Exclude<CellValue, null> {
  return v !== undefined && v !== null && normalizeText(v) !== '';
}

/**
 * Validates and normalises one child row.
 * @param row a row of kind `child` from readRoster
 * @param ctx the file, sheet and census reference date
 * @returns accept (with `normalized`) or reject (with every reason and a best-effort `partial`);
 *   DUPLICATE_ID is not decided here (see dedupe.ts)
 * @throws Error when ctx.censusDate is not a valid `YYYY-MM-DD`
 */
export function validateRow(row: RosterRow, ctx: ValidateContext): CensusRowResult {
  const ref = parseIsoDay(ctx.censusDate);
  if (!ref) throw new Error(`censusDate must be YYYY-MM-DD, got ${ctx.censusDate}`);
  const v = row.values;
  const out = new Collector();
  const n: Partialized = {};

  // Child identity.
  const name = readName(v.name);
  if (!name) out.reason('REQUIRED_MISSING', 'name');
  else if (name.ok) n.name = name.value;
  else out.reason('NAME_INVALID', 'name', name.message);

  let idBirth: Ymd | undefined;
  let idGender: 'male' | 'female' | undefined;
  if (!present(v.idNumber)) {
    out.reason('REQUIRED_MISSING', 'idNumber');
  } else {
    const id = parseIdNumber(v.idNumber, false, ctx.today);
    idBirth = id.birth;
    idGender = id.gender;
    if (id.ok) {
      n.idNumber = id.value;
      if (id.warnings.includes('ID_REGION_HISTORIC')) out.warn('ID_REGION_HISTORIC', 'idNumber');
    } else {
      out.reason(idReason(id), 'idNumber', id.message);
    }
  }

  let columnBirth: Ymd | undefined;
  if (present(v.birthDate)) {
    const d = parseDateCell(v.birthDate, ctx.sheet.date1904);
    if (d.ok) columnBirth = d.ymd;
    else out.reason('DATE_INVALID', 'birthDate');
  }
  if (idBirth && columnBirth && formatYmd(idBirth) !== formatYmd(columnBirth)) out.reason('ID_BIRTH_MISMATCH', 'birthDate');
  const birth = idBirth ?? columnBirth;
  if (birth) n.birthDate = formatYmd(birth);

  const columnGender = parseGender(v.gender);
  if (present(v.gender) && !columnGender) out.warn('VALUE_UNRECOGNISED', 'gender');
  if (idGender && columnGender && idGender !== columnGender) out.reason('GENDER_MISMATCH', 'gender');
  const gender = idGender ?? columnGender;
  if (gender) n.gender = gender;

  if (birth) {
    const age = ageOn(birth, ref);
    if (age < 0 || age >= AGE_LIMIT) out.reason('AGE_OUT_OF_RANGE', 'birthDate');
  }

  // Eligibility: both parents away, or one away and the other without guardianship capacity.
  const both = yesNo(v.parentsBothAway, 'parentsBothAway', out);
  const oneAway = yesNo(v.oneAwayOtherIncapable, 'oneAwayOtherIncapable', out);
  n.parentsBothAway = both === true;
  n.oneAwayOtherIncapable = oneAway === true;
  if (both !== true && oneAway !== true) out.reason('NOT_LEFT_BEHIND', 'parentsBothAway');
  if (both === true && oneAway === true) out.warn('GUARDIANSHIP_CONFLICT', 'oneAwayOtherIncapable');

  // Other fields of the form.
  for (const f of TEXT_FIELDS) {
    const t = normalizeText(v[f]);
    if (t) n[f] = t;
  }
  for (const f of NAME_FIELDS) {
    const r = readName(v[f]);
    if (!r) continue;
    if (r.ok) n[f] = r.value;
    else out.warn('RELATIVE_NAME_INVALID', f, `${r.message}，未保存`);
  }
  const group = normalizeGroup(v.group);
  if (group) n.group = group;
  for (const f of PHONE_FIELDS) {
    if (!present(v[f])) continue;
    const p = parsePhone(v[f] as CellValue);
    if (p.ok) n[f] = p.value;
    else {
      n[f] = null;
      out.warn('PHONE_INVALID', f);
    }
  }
  for (const [f, birthField] of RELATIVE_ID_FIELDS) {
    if (!present(v[f])) continue;
    const id = parseIdNumber(v[f] as CellValue, true, ctx.today);
    if (id.ok) {
      n[f] = id.value;
      if (birthField && !present(v[birthField])) n[birthField] = formatYmd(id.birth);
      if (id.warnings.includes('ID_REGION_HISTORIC')) out.warn('ID_REGION_HISTORIC', f);
    } else out.warn('GUARDIAN_ID_INVALID', f, `${id.message}，未保存`);
  }
  for (const f of RELATIVE_DATE_FIELDS) {
    if (!present(v[f])) continue;
    const d = parseDateCell(v[f] as CellValue, ctx.sheet.date1904);
    if (d.ok) n[f] = formatYmd(d.ymd);
    else out.warn('GUARDIAN_DATE_INVALID', f);
  }
  for (const f of ['boarding', 'hukouRegistered', 'hasEntrustedGuardian'] as const) {
    const b = yesNo(v[f], f, out);
    if (b !== undefined) n[f] = b;
  }
  if (n.hasEntrustedGuardian === undefined && n.caregiverName !== undefined) n.hasEntrustedGuardian = true;
  enumField(n, out, 'health', lookupValue(v.health, HEALTH_WORDS));
  enumField(n, out, 'schooling', lookupValue(v.schooling, SCHOOLING_WORDS, SCHOOLING_RULES));
  enumField(n, out, 'guardianshipType', lookupValue(v.guardianshipType, GUARDIANSHIP_WORDS, GUARDIANSHIP_RULES));
  enumField(n, out, 'incapableParent', lookupValue(v.incapableParent, PARENT_WORDS));
  multiField(n, out, 'familyIncome', v.familyIncome, INCOME_WORDS);
  multiField(n, out, 'assistance', v.assistance, ASSISTANCE_WORDS);

  // Place.
  if (ctx.sheet.village && ctx.sheet.township) {
    n.villageCode = ctx.sheet.village.code;
    n.townshipCode = ctx.sheet.township.code;
  } else {
    out.reason('VILLAGE_UNMATCHED');
  }

  const missingOptional = missingOptionalFields(n);
  const base = {
    file: ctx.file,
    sheet: ctx.sheet.sheet,
    row: row.row,
    reasons: out.reasons,
    warnings: out.warnings,
    issues: out.issues,
    missingOptional,
  };
  if (out.reasons.length === 0) {
    return { ...base, outcome: 'accept', normalized: orderFields(n) as NormalizedCensusRow };
  }
  return { ...base, outcome: 'reject', partial: orderFields(n) as Partial<NormalizedCensusRow> };
}

const TEXT_FIELDS = [
  'ethnicity', 'residence', 'hukouPlace', 'disabilityCategory', 'disabilityGrade', 'illnessType', 'school',
  'fatherWorkPlace', 'motherWorkPlace', 'caregiverRelation', 'caregiverAddress', 'remarks',
] as const satisfies readonly CensusField[];
const NAME_FIELDS = [
  'fatherName', 'motherName', 'caregiverName',
  'paternalGrandfatherName', 'paternalGrandmotherName', 'maternalGrandfatherName', 'maternalGrandmotherName',
] as const satisfies readonly CensusField[];
const PHONE_FIELDS = ['fatherPhone', 'motherPhone', 'caregiverPhone'] as const satisfies readonly CensusField[];
const RELATIVE_ID_FIELDS = [
  ['fatherIdNumber', 'fatherBirthDate'],
  ['motherIdNumber', 'motherBirthDate'],
  ['caregiverIdNumber', undefined],
] as const;
const RELATIVE_DATE_FIELDS = [
  'fatherBirthDate', 'motherBirthDate',
  'paternalGrandfatherBirthDate', 'paternalGrandmotherBirthDate', 'maternalGrandfatherBirthDate', 'maternalGrandmotherBirthDate',
] as const satisfies readonly CensusField[];

/**
 * The census reason of a refused child ID number. The fixtures' codes stay (a number typed as a
 * number is ID_FORMAT there); the issue's message is the field's own, which says precisely what
 * is wrong (truncated, wrong length, impossible or future birth date, wrong check digit).
 */
function idReason(id: Extract<IdParse, { ok: false }>): CensusReasonCode {
  switch (id.code) {
    case 'ID_CHECKSUM':
      return 'ID_CHECKSUM';
    case 'ID_BIRTH_INVALID':
    case 'ID_BIRTH_FUTURE':
      return 'ID_BIRTH_INVALID';
    default:
      return 'ID_FORMAT';
  }
}

function yesNo(v: CellValue | undefined, field: string, out: Collector): boolean | undefined {
  const b = parseYesNo(v);
  if (b === 'unrecognised') {
    out.warn('VALUE_UNRECOGNISED', field);
    return undefined;
  }
  return b;
}

function enumField(n: Partialized, out: Collector, field: keyof NormalizedCensusRow, value: unknown): void {
  if (value === 'unrecognised') out.warn('VALUE_UNRECOGNISED', field);
  else if (value !== undefined) n[field] = value;
}

function multiField<T>(n: Partialized, out: Collector, field: 'familyIncome' | 'assistance', v: CellValue | undefined, words: Record<string, T>): void {
  if (!present(v)) return;
  const { values, unknown } = lookupMulti(v, words);
  if (unknown.length) out.warn('VALUE_UNRECOGNISED', field);
  if (values.length) n[field] = values;
}

/** Key order of stored rows: the schema's order (stable output, readable diffs). */
const FIELD_ORDER: Array<keyof NormalizedCensusRow> = [
  'name', 'idNumber', 'gender', 'birthDate', 'ethnicity', 'hukouRegistered', 'hukouPlace', 'residence', 'group',
  'health', 'disabilityCategory', 'disabilityGrade', 'illnessType', 'boarding', 'schooling', 'school',
  'paternalGrandfatherName', 'paternalGrandfatherBirthDate', 'paternalGrandmotherName', 'paternalGrandmotherBirthDate',
  'maternalGrandfatherName', 'maternalGrandfatherBirthDate', 'maternalGrandmotherName', 'maternalGrandmotherBirthDate',
  'fatherName', 'fatherBirthDate', 'fatherWorkPlace', 'fatherPhone', 'fatherIdNumber',
  'motherName', 'motherBirthDate', 'motherWorkPlace', 'motherPhone', 'motherIdNumber',
  'parentsBothAway', 'oneAwayOtherIncapable', 'incapableParent', 'hasEntrustedGuardian',
  'caregiverName', 'caregiverPhone', 'caregiverIdNumber', 'caregiverRelation', 'caregiverAddress',
  'guardianshipType', 'familyIncome', 'assistance', 'remarks', 'villageCode', 'townshipCode',
];

function orderFields(n: Partialized): Partialized {
  const out: Partialized = {};
  for (const k of FIELD_ORDER) if (n[k] !== undefined) out[k] = n[k];
  return out;
}

const ALWAYS_OPTIONAL: CensusOptionalField[] = [
  'ethnicity', 'hukouRegistered', 'hukouPlace', 'residence', 'group', 'health', 'boarding', 'schooling',
  'paternalGrandfatherName', 'paternalGrandfatherBirthDate', 'paternalGrandmotherName', 'paternalGrandmotherBirthDate',
  'maternalGrandfatherName', 'maternalGrandfatherBirthDate', 'maternalGrandmotherName', 'maternalGrandmotherBirthDate',
  'fatherName', 'fatherBirthDate', 'fatherPhone', 'fatherIdNumber',
  'motherName', 'motherBirthDate', 'motherPhone', 'motherIdNumber',
  'hasEntrustedGuardian', 'guardianshipType', 'familyIncome', 'assistance',
];
const IN_SCHOOL = new Set(['kindergarten', 'primary', 'juniorMiddle', 'seniorHigh', 'vocational']);

/**
 * The optional national-form fields a row leaves empty (an invalid phone counts as empty).
 * Conditional fields count only where they apply: disability details for a disabled child,
 * illness type for a seriously ill one, school for one in school, the caregiver's details when
 * there is one, the incapable parent when one is away and the other incapable, a parent's work
 * place when that parent is known to be away.
 */
export function missingOptionalFields(n: Partialized): CensusOptionalField[] {
  const missing = (f: CensusOptionalField) => n[f] === undefined || n[f] === null;
  const out = ALWAYS_OPTIONAL.filter(missing);
  const add = (cond: boolean, ...fields: CensusOptionalField[]) => {
    if (cond) for (const f of fields) if (missing(f)) out.push(f);
  };
  add(n.health === 'disabled', 'disabilityCategory', 'disabilityGrade');
  add(n.health === 'seriouslyIll', 'illnessType');
  add(IN_SCHOOL.has(n.schooling as string), 'school');
  add(n.hasEntrustedGuardian !== false, 'caregiverName', 'caregiverPhone', 'caregiverIdNumber', 'caregiverRelation', 'caregiverAddress');
  add(n.oneAwayOtherIncapable === true, 'incapableParent');
  const fatherAway = n.parentsBothAway === true || (n.oneAwayOtherIncapable === true && n.incapableParent === 'mother');
  const motherAway = n.parentsBothAway === true || (n.oneAwayOtherIncapable === true && n.incapableParent === 'father');
  add(fatherAway, 'fatherWorkPlace');
  add(motherAway, 'motherWorkPlace');
  return out;
}
