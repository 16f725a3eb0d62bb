import { z } from 'zod';

/**
 * Census import contracts (the registry data model reuses them): the canonical value sets of the
 * national registration form (农村留守儿童基本情况登记表, see shared/domain/registration-form.md),
 * the normalized census row an accepted roster row is stored as, and the per-row outcome an
 * import reports. The mini-program imports these with `import type` only.
 */

/** 性别. */
export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

/** 身体状况: 健康 / 残疾 / 患重病. */
export const HEALTH_STATUSES = ['healthy', 'disabled', 'seriouslyIll'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/**
 * 就学情况: 幼儿园 / 未入园 / 小学 / 初中 / 高中 / 中职 / 义务教育阶段辍学 / 14–16周岁未在校.
 */
export const SCHOOLING_STATUSES = [
  'kindergarten',
  'notInKindergarten',
  'primary',
  'juniorMiddle',
  'seniorHigh',
  'vocational',
  'droppedOut',
  'notInSchool',
] as const;
export type SchoolingStatus = (typeof SCHOOLING_STATUSES)[number];

/** 监护类型: 无人监护 / 父母一方无监护能力 / 受委托监护人监护能力不足 / 监护情况一般 / 监护情况较好. */
export const GUARDIANSHIP_TYPES = ['none', 'parentIncapable', 'entrustedInsufficient', 'fair', 'good'] as const;
export type GuardianshipType = (typeof GUARDIANSHIP_TYPES)[number];

/** 家庭经济来源 (multi-select): 打工收入 / 种养殖业 / 政府救助 / 亲朋接济 / 其他. */
export const FAMILY_INCOME_SOURCES = ['migrantWork', 'farming', 'governmentAssistance', 'relativesHelp', 'other'] as const;
export type FamilyIncomeSource = (typeof FAMILY_INCOME_SOURCES)[number];

/** 享受救助情况 (multi-select): 低保 / 临时救助 / 医疗救助 / 住房救助 / 其他. */
export const ASSISTANCE_KINDS = ['minimumLiving', 'temporary', 'medical', 'housing', 'other'] as const;
export type AssistanceKind = (typeof ASSISTANCE_KINDS)[number];

/** Which parent lacks guardianship capacity (一方外出另一方无监护能力). */
export const PARENTS = ['father', 'mother'] as const;
export type Parent = (typeof PARENTS)[number];

/**
 * Row-level codes an import reports (fixtures README "Codes"): a row is rejected with every
 * reason it fails, or accepted with warnings. Chinese messages live in
 * cloudfunctions/registry/src/census/codes.ts.
 */
export const CENSUS_REASON_CODES = [
  'REQUIRED_MISSING',
  'ID_FORMAT',
  'ID_CHECKSUM',
  'ID_BIRTH_INVALID',
  'ID_BIRTH_MISMATCH',
  'NAME_INVALID',
  'GENDER_MISMATCH',
  'DATE_INVALID',
  'AGE_OUT_OF_RANGE',
  'NOT_LEFT_BEHIND',
  'DUPLICATE_ID',
  'VILLAGE_UNMATCHED',
] as const;
export type CensusReasonCode = (typeof CENSUS_REASON_CODES)[number];

export const CENSUS_WARNING_CODES = [
  'PHONE_INVALID',
  'GUARDIAN_ID_INVALID',
  'ID_REGION_HISTORIC',
  'RELATIVE_NAME_INVALID',
  'GUARDIAN_DATE_INVALID',
  'VALUE_UNRECOGNISED',
  'GUARDIANSHIP_CONFLICT',
] as const;
export type CensusWarningCode = (typeof CENSUS_WARNING_CODES)[number];

/** Sheet- and file-level problems (the whole sheet or file, not one row). */
export const CENSUS_SHEET_CODES = [
  'FILE_FORMAT_UNSUPPORTED',
  'FILE_UNREADABLE',
  'FILE_COUNTY_UNMATCHED',
  'FILE_TOWN_UNMATCHED',
  'SHEET_EMPTY',
  'HEADER_NOT_FOUND',
  'HEADER_COLUMN_MISSING',
  'HEADER_DUPLICATE_COLUMN',
  'HEADER_UNRESOLVED',
  'HEADER_COLUMNS_IGNORED',
  'SHEET_VILLAGE_UNMATCHED',
  'SHEET_VILLAGE_AMBIGUOUS',
  'SHEET_TITLE_MISMATCH',
] as const;
export type CensusSheetCode = (typeof CENSUS_SHEET_CODES)[number];

const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const idNumber18 = z.string().regex(/^\d{17}[\dX]$/);
/** A stored phone: 11-digit mobile or a landline with area code, digits only. */
const phone = z.string().regex(/^(1[3-9]\d{9}|0\d{9,11})$/);
/**
 * A phone field of a normalized row: digits, or `null` when the roster had a value that is not a
 * phone (warning PHONE_INVALID; the bad value is not stored), or absent when the roster had none.
 */
const phoneField = phone.nullable().optional();
const text = z.string().min(1);

/**
 * A census row as stored after import: every field of the national per-child form that a roster
 * can carry. Only the child's identity, the left-behind flag and the place are required; the
 * rest are optional on import (`missingOptional` of the row result lists the ones still empty,
 * and the child's file is flagged incomplete until they are filled).
 */
export const NormalizedCensusRowSchema = z
  .object({
    // Child (儿童基本情况)
    name: text,
    idNumber: idNumber18,
    gender: z.enum(GENDERS),
    birthDate: calendarDay,
    ethnicity: text.optional(),
    hukouRegistered: z.boolean().optional(),
    hukouPlace: text.optional(),
    residence: text.optional(),
    /** 村民小组, e.g. `3组`. */
    group: text.optional(),
    health: z.enum(HEALTH_STATUSES).optional(),
    disabilityCategory: text.optional(),
    disabilityGrade: text.optional(),
    illnessType: text.optional(),
    boarding: z.boolean().optional(),
    schooling: z.enum(SCHOOLING_STATUSES).optional(),
    /** 学校及年级, free text. */
    school: text.optional(),
    // Family (家庭情况): grandparents; a dash in the roster means deceased and is kept as written.
    paternalGrandfatherName: text.optional(),
    paternalGrandfatherBirthDate: calendarDay.optional(),
    paternalGrandmotherName: text.optional(),
    paternalGrandmotherBirthDate: calendarDay.optional(),
    maternalGrandfatherName: text.optional(),
    maternalGrandfatherBirthDate: calendarDay.optional(),
    maternalGrandmotherName: text.optional(),
    maternalGrandmotherBirthDate: calendarDay.optional(),
    fatherName: text.optional(),
    fatherBirthDate: calendarDay.optional(),
    fatherWorkPlace: text.optional(),
    fatherPhone: phoneField,
    fatherIdNumber: idNumber18.optional(),
    motherName: text.optional(),
    motherBirthDate: calendarDay.optional(),
    motherWorkPlace: text.optional(),
    motherPhone: phoneField,
    motherIdNumber: idNumber18.optional(),
    // Actual guardianship (实际监护情况)
    parentsBothAway: z.boolean(),
    oneAwayOtherIncapable: z.boolean().optional(),
    incapableParent: z.enum(PARENTS).optional(),
    hasEntrustedGuardian: z.boolean().optional(),
    caregiverName: text.optional(),
    caregiverPhone: phoneField,
    caregiverIdNumber: idNumber18.optional(),
    caregiverRelation: text.optional(),
    caregiverAddress: text.optional(),
    guardianshipType: z.enum(GUARDIANSHIP_TYPES).optional(),
    familyIncome: z.array(z.enum(FAMILY_INCOME_SOURCES)).optional(),
    assistance: z.array(z.enum(ASSISTANCE_KINDS)).optional(),
    remarks: text.optional(),
    // Place (from the file name and sheet name)
    villageCode: z.string().regex(/^\d{12}$/),
    townshipCode: z.string().regex(/^\d{9}$/),
  })
  .strict();

export type NormalizedCensusRow = z.infer<typeof NormalizedCensusRowSchema>;

/** Optional national-form fields a row may lack (names of NormalizedCensusRow keys). */
export type CensusOptionalField = Exclude<
  keyof NormalizedCensusRow,
  'name' | 'idNumber' | 'gender' | 'birthDate' | 'parentsBothAway' | 'villageCode' | 'townshipCode'
>;

/** Where an earlier occurrence of the same ID number is (DUPLICATE_ID). */
export type DuplicatePointer =
  | { kind: 'import'; file: string; sheet: string; row: number }
  | { kind: 'registry'; villageCode: string; childId: string };

/** One failed check or warning, with the field it concerns (for the import report). */
export interface CensusIssue {
  code: CensusReasonCode | CensusWarningCode;
  field?: string;
  /** Chinese text for the user. */
  message: string;
}

/** The outcome of one child row of a roster. */
export interface CensusRowResult {
  file: string;
  sheet: string;
  /** 1-based worksheet row number, as Excel shows it. */
  row: number;
  outcome: 'accept' | 'reject';
  /** Every failed check (empty when accepted), each code once. */
  reasons: CensusReasonCode[];
  /** Warnings (an accepted row may carry them), each code once. */
  warnings: CensusWarningCode[];
  /** reasons and warnings with the field each concerns. */
  issues: CensusIssue[];
  /** The values to store; present when accepted. */
  normalized?: NormalizedCensusRow;
  /** Best-effort values of a rejected row, for showing it to the user next to its reasons. */
  partial?: Partial<NormalizedCensusRow>;
  /** Optional national-form fields this row leaves empty (the file is incomplete until filled). */
  missingOptional: CensusOptionalField[];
  /** DUPLICATE_ID: where the first occurrence is. */
  duplicateOf?: DuplicatePointer;
  /** The registry already holds this child in the same village: the import updates it. */
  existingChildId?: string;
}
