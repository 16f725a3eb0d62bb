import { z } from 'zod';
import { fields } from './fields';
import type { SealedValue } from '../access/sealed-value';
import {
  ASSISTANCE_KINDS,
  FAMILY_INCOME_SOURCES,
  GENDERS,
  GUARDIANSHIP_TYPES,
  HEALTH_STATUSES,
  PARENTS,
  SCHOOLING_STATUSES,
  type AssistanceKind,
  type CensusReasonCode,
  type CensusWarningCode,
  type FamilyIncomeSource,
  type Gender,
  type GuardianshipType,
  type HealthStatus,
  type Parent,
  type SchoolingStatus,
} from './census';

/**
 * The registry's data model (docs/registry.md): the child file ("one file per child", policy
 * §二(一)), its history, households, census import jobs, coverage and the county summary; the
 * action table is in registry.ts, which re-exports all of this. The national per-child form
 * (shared/domain/registration-form.md) is the field list; value sets come from contracts/census.ts.
 *
 * Dates are Asia/Shanghai calendar days `YYYY-MM-DD`; instants are UTC `Date`s.
 */

/** Focus flags (重点对象标记). `dropout`, `disabled`, `guardianMissing` are also derived from the data. */
export const FOCUS_FLAGS = ['dropout', 'familyDifficulty', 'guardianMissing', 'defactoUnsupported', 'disabled'] as const;
export type FocusFlag = (typeof FOCUS_FLAGS)[number];

/** Risk levels: 重点 / 关注 / 一般. */
export const RISK_LEVELS = ['focus', 'attention', 'regular'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Guardianship assessment of the national form (较好 / 一般 / 差), derived from the guardianship type. */
export const GUARDIANSHIP_RATINGS = ['good', 'fair', 'poor'] as const;
export type GuardianshipRating = (typeof GUARDIANSHIP_RATINGS)[number];

/** Why a child left the active registry. */
export const LEFT_REASONS = ['parentReturned', 'movedAway', 'agedOut', 'deceased'] as const;
export type LeftReason = (typeof LEFT_REASONS)[number];

export const CHILD_STATUSES = ['active', 'left'] as const;
export type ChildStatus = (typeof CHILD_STATUSES)[number];

/** Grandparents of the form (a dash in a roster means deceased and is kept as written). */
export const GRANDPARENTS = ['paternalGrandfather', 'paternalGrandmother', 'maternalGrandfather', 'maternalGrandmother'] as const;
export type Grandparent = (typeof GRANDPARENTS)[number];

/** Chinese labels users see. */
export const LABELS = {
  gender: { male: '男', female: '女' } as Record<Gender, string>,
  health: { healthy: '健康', disabled: '残疾', seriouslyIll: '患重病' } as Record<HealthStatus, string>,
  schooling: {
    kindergarten: '幼儿园',
    notInKindergarten: '未入园',
    primary: '小学',
    juniorMiddle: '初中',
    seniorHigh: '高中',
    vocational: '中职',
    droppedOut: '义务教育阶段辍学',
    notInSchool: '14–16周岁未在校',
  } as Record<SchoolingStatus, string>,
  guardianshipType: {
    none: '无人监护',
    parentIncapable: '父母一方无监护能力',
    entrustedInsufficient: '受委托监护人监护能力不足',
    fair: '监护情况一般',
    good: '监护情况较好',
  } as Record<GuardianshipType, string>,
  rating: { good: '较好', fair: '一般', poor: '差' } as Record<GuardianshipRating, string>,
  risk: { focus: '重点', attention: '关注', regular: '一般' } as Record<RiskLevel, string>,
  flag: {
    dropout: '辍学',
    familyDifficulty: '家庭困难',
    guardianMissing: '监护缺失',
    defactoUnsupported: '事实无人抚养',
    disabled: '残疾',
  } as Record<FocusFlag, string>,
  leftReason: { parentReturned: '父母返乡', movedAway: '迁出', agedOut: '年满16周岁', deceased: '死亡' } as Record<LeftReason, string>,
  status: { active: '在册', left: '已退出' } as Record<ChildStatus, string>,
};

/** A parent as stored on the child file. */
export interface ParentInfo<S = SealedValue> {
  name?: string;
  birthDate?: string;
  /** Current work location, free text down to province + city (e.g. `浙江省宁波市`). */
  workPlace?: string;
  phone?: S;
  idNumber?: S;
}

/** The entrusted guardian (受委托监护人). */
export interface EntrustedInfo<S = SealedValue> {
  name?: string;
  phone?: S;
  idNumber?: S;
  /** Relation to the child, e.g. `祖母`. */
  relationToChild?: string;
  address?: string;
}

/** How the risk level was decided. */
export interface RiskInfo {
  level: RiskLevel;
  /** Chinese reason shown with the level. */
  reason: string;
  /** What the rule gives (docs/registry.md "Risk level"). */
  derivedLevel: RiskLevel;
  derivedReason: string;
  /** An officer's override, kept until cleared. */
  override?: { level: RiskLevel; reason: string; by?: string; at: Date };
}

/**
 * A child file (collection `children`). Sensitive values are SealedValues (encrypted, with lookup
 * hash and masked form); names are plain and masked on the way out by the masking table.
 */
export interface ChildDoc<S = SealedValue> {
  _id: string;
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  /** 村民小组, e.g. `3组`. */
  group?: string;
  householdId?: string;
  /**
   * The school the child attends: a `schools` id, which school-scoped roles reach. Set only by the
   * schools function (关联学校, 复学: chosen from the schools registry), never typed.
   */
  schoolId?: string;
  /** 学籍号 (the national student number), as typed: text only, it links nothing. */
  studentNumber?: string;

  name: string;
  gender?: Gender;
  birthDate?: string;
  idNumber?: S;
  ethnicity?: string;
  hukouRegistered?: boolean;
  hukouPlace?: string;
  /** Current residence (masked as an address). */
  residence?: string;
  health?: HealthStatus;
  disabilityCategory?: string;
  disabilityGrade?: string;
  illnessType?: string;
  boarding?: boolean;
  schooling?: SchoolingStatus;
  /** School and grade, free text. */
  school?: string;

  grandparents?: Partial<Record<Grandparent, { name?: string; birthDate?: string }>>;
  father?: ParentInfo<S>;
  mother?: ParentInfo<S>;
  entrusted?: EntrustedInfo<S>;

  parentsBothAway?: boolean;
  oneAwayOtherIncapable?: boolean;
  incapableParent?: Parent;
  hasEntrustedGuardian?: boolean;
  guardianshipType?: GuardianshipType;
  familyIncome?: FamilyIncomeSource[];
  assistance?: AssistanceKind[];
  remarks?: string;

  /** Flags an officer set. */
  flags?: Partial<Record<FocusFlag, boolean>>;
  /** Officer flags plus flags derived from the data (dropout, disabled, guardianMissing); sorted. */
  effectiveFlags?: FocusFlag[];
  guardianshipRating?: GuardianshipRating;
  risk?: RiskInfo;

  status?: ChildStatus;
  leftReason?: LeftReason;
  /** Day the child left the active registry. */
  leftOn?: string;
  /** The 16th birthday (29 Feb → 1 Mar in years without one): the day the child ages out. */
  ageOutOn?: string;

  /** Optional form fields still empty; the file is incomplete until they are filled. */
  missing?: string[];
  incomplete?: boolean;

  /** Where the file came from: an import row, or an officer. */
  source?: { kind: 'import'; importId: string; seq: number } | { kind: 'officer' } | { kind: 'demo' };
  consent?: { status?: string };
  createdAt?: Date;
  updatedAt?: Date;
  version?: number;
}

/** One change in a history entry: a dotted path, old → new (sensitive values stay sealed). */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export const HISTORY_OPS = ['create', 'update', 'leave', 'reactivate', 'ageOut', 'import'] as const;
export type HistoryOp = (typeof HISTORY_OPS)[number];

/** A version of a child file (collection `childHistory`): who, when, old → new, why. */
export interface ChildHistoryDoc {
  _id: string;
  childId: string;
  villageCode: string;
  at: Date;
  op: HistoryOp;
  by: { personId?: string; role: string; kind: 'officer' | 'parent' | 'import' | 'system' };
  reason: string;
  changes: FieldChange[];
  importId?: string;
}

/** A household (collection `households`): siblings share one. */
export interface HouseholdDoc {
  _id: string;
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  group?: string;
  childIds: string[];
  createdAt: Date;
  /** Coverage per census campaign (`campaignId` → visited or not, when, by whom, how). */
  visits?: Record<string, { visited: boolean; at: Date; source: 'import' | 'officer'; by?: string }>;
}

/** Registry-level reasons a roster row is rejected, beyond the census codes. */
export const IMPORT_EXTRA_REASONS = ['OUT_OF_SCOPE'] as const;
export type ImportReasonCode = CensusReasonCode | (typeof IMPORT_EXTRA_REASONS)[number];

export const IMPORT_OUTCOMES = ['accepted', 'updated', 'rejected', 'skipped'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

/** One roster row's outcome (collection `censusImportRows`, `_id` = `<jobId>-<seq>`). */
export interface ImportRowDoc {
  _id: string;
  jobId: string;
  /** Position in import order (child rows first in sheet/row order, then skipped rows). */
  seq: number;
  file: string;
  sheet: string;
  /** 1-based worksheet row. */
  row: number;
  kind: string;
  outcome: ImportOutcome;
  reasons: ImportReasonCode[];
  warnings: CensusWarningCode[];
  /** Chinese messages of reasons and warnings (with the field). */
  messages: string[];
  childId?: string;
  /** Keyed hash of the row's ID number (dedupe across chunks; no plaintext). */
  idHash?: string;
  /** Child name as written (for the error report). */
  name?: string;
  villageCode?: string;
  duplicateOf?: { kind: 'import'; file: string; sheet: string; row: number } | { kind: 'registry'; villageCode: string; childId: string };
  changes?: number;
}

export const IMPORT_STATUSES = ['running', 'done'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** An import job (collection `censusImports`, `_id` from the SHA-256 of the file content). */
export interface ImportJobDoc {
  _id: string;
  sha256: string;
  fileID?: string;
  fileName: string;
  /** The region the import is for (the caller's scope; rows outside are OUT_OF_SCOPE). */
  regionCode: string;
  countyCode: string;
  censusDate: string;
  campaignId: string;
  status: ImportStatus;
  /** Child rows in the file (known after the first chunk read it). */
  total?: number;
  /** Child rows processed. */
  done: number;
  /** Rows per chunk cap (tests use small values). */
  chunkRows: number;
  counts: { accepted: number; updated: number; rejected: number; warnings: number; skipped: number };
  problems: { code: string; message: string; sheet?: string; severity: string }[];
  /** Machine-clock lease (ms since epoch): one chunk at a time. */
  leaseUntilMs: number;
  leaseId?: string;
  chunks: number;
  /** Cold reads of the roster started and not finished (a read that dies with its instance). */
  readAttempts?: number;
  /** The roster has been read successfully at least once. */
  rosterRead?: boolean;
  /** The read roster is staged (sealed, `censusImportStage`): a cold instance resumes from it, not from the file. */
  staged?: boolean;
  createdBy?: string;
  role?: string;
  createdAt: Date;
  finishedAt?: Date;
  fileDeleted?: boolean;
}

/** What `startImport` / `advanceImport` / `importStatus` return. */
export interface ImportProgress {
  jobId: string;
  status: ImportStatus;
  fileName: string;
  total?: number;
  done: number;
  counts: ImportJobDoc['counts'];
  problems: ImportJobDoc['problems'];
  /** True when this call found the file already imported (same content). */
  reused?: boolean;
  /** Another caller holds the chunk lease; poll again after this many ms. */
  busy?: boolean;
  retryAfterMs?: number;
}

/** A census campaign (collection `censusCampaigns`, `_id` = `census-<county>-<censusDate>`). */
export interface CampaignDoc {
  _id: string;
  countyCode: string;
  censusDate: string;
  name: string;
  createdAt: Date;
}

/** A coverage mark (collection `censusCoverage`): a villager group visited or not (households carry `visits`). */
export interface CoverageDoc {
  _id: string;
  campaignId: string;
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  kind: 'group' | 'household';
  group?: string;
  householdId?: string;
  visited: boolean;
  visitedAt?: Date;
  by?: string;
  source: 'import' | 'officer';
}

// ---------------------------------------------------------------------------------------------
// Officer edits

// Every typed value goes through the one definition of its kind (contracts/fields.ts), so an
// officer's edit is held to the census import's rules: GB 11643 check digit and a real, past birth
// date in ID numbers, real past birth dates, phones, names, and free text without hidden controls.
const childName = fields.personName('姓名');
const text = (label: string) => fields.freeText(label, { max: 100, multiline: false });
const longText = (label: string) => fields.freeText(label, { max: 500 });
const adultId = (label: string) => fields.idNumber(label, { legacy15: true });

/**
 * Fields an officer may change, by dotted path, with each value's schema (labelled as the
 * national form names the field); `null` clears a field. Sensitive paths (ID numbers, phones)
 * are sealed before storage.
 */
export const EDITABLE_FIELDS = {
  name: childName,
  gender: z.enum(GENDERS).meta({ title: '性别' }),
  birthDate: fields.birthDate('出生日期'),
  idNumber: fields.idNumber('身份证号'),
  ethnicity: text('民族'),
  hukouRegistered: z.boolean().meta({ title: '是否登记户口' }),
  hukouPlace: text('户籍所在地'),
  residence: longText('现住址'),
  group: text('村民小组'),
  health: z.enum(HEALTH_STATUSES).meta({ title: '身体状况' }),
  disabilityCategory: text('残疾类别'),
  disabilityGrade: text('残疾等级'),
  illnessType: text('患病类型'),
  boarding: z.boolean().meta({ title: '是否寄宿' }),
  schooling: z.enum(SCHOOLING_STATUSES).meta({ title: '就学情况' }),
  school: text('学校及年级'),
  // 学籍号 has its own field: `schoolId` is the link to a school (chosen from the schools
  // registry on 就学与控辍, schools.linkChild), which access reads; a number typed there cut the
  // child off from its school.
  studentNumber: text('学籍号'),
  'grandparents.paternalGrandfather.name': fields.personName('祖父姓名'),
  'grandparents.paternalGrandfather.birthDate': fields.birthDate('祖父出生日期'),
  'grandparents.paternalGrandmother.name': fields.personName('祖母姓名'),
  'grandparents.paternalGrandmother.birthDate': fields.birthDate('祖母出生日期'),
  'grandparents.maternalGrandfather.name': fields.personName('外祖父姓名'),
  'grandparents.maternalGrandfather.birthDate': fields.birthDate('外祖父出生日期'),
  'grandparents.maternalGrandmother.name': fields.personName('外祖母姓名'),
  'grandparents.maternalGrandmother.birthDate': fields.birthDate('外祖母出生日期'),
  'father.name': fields.personName('父亲姓名'),
  'father.birthDate': fields.birthDate('父亲出生日期'),
  'father.workPlace': text('父亲务工地点'),
  'father.phone': fields.phone('父亲联系电话'),
  'father.idNumber': adultId('父亲身份证号'),
  'mother.name': fields.personName('母亲姓名'),
  'mother.birthDate': fields.birthDate('母亲出生日期'),
  'mother.workPlace': text('母亲务工地点'),
  'mother.phone': fields.phone('母亲联系电话'),
  'mother.idNumber': adultId('母亲身份证号'),
  'entrusted.name': fields.personName('受委托监护人姓名'),
  'entrusted.phone': fields.phone('受委托监护人联系电话'),
  'entrusted.idNumber': adultId('受委托监护人身份证号'),
  'entrusted.relationToChild': text('与儿童关系'),
  'entrusted.address': longText('受委托监护人住址'),
  parentsBothAway: z.boolean().meta({ title: '父母均外出务工' }),
  oneAwayOtherIncapable: z.boolean().meta({ title: '一方外出务工另一方无监护能力' }),
  incapableParent: z.enum(PARENTS).meta({ title: '无监护能力的一方' }),
  hasEntrustedGuardian: z.boolean().meta({ title: '是否有受委托监护人' }),
  guardianshipType: z.enum(GUARDIANSHIP_TYPES).meta({ title: '监护类型' }),
  familyIncome: z.array(z.enum(FAMILY_INCOME_SOURCES)).max(5).meta({ title: '家庭经济来源' }),
  assistance: z.array(z.enum(ASSISTANCE_KINDS)).max(5).meta({ title: '享受救助情况' }),
  remarks: longText('备注'),
  'flags.dropout': z.boolean().meta({ title: '辍学' }),
  'flags.familyDifficulty': z.boolean().meta({ title: '家庭困难' }),
  'flags.guardianMissing': z.boolean().meta({ title: '监护缺失' }),
  'flags.defactoUnsupported': z.boolean().meta({ title: '事实无人抚养' }),
  'flags.disabled': z.boolean().meta({ title: '残疾' }),
} as const;
export type EditablePath = keyof typeof EDITABLE_FIELDS;

/** Field names of a child file as the form and its history show them, by dotted path. */
export const CHILD_FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  gender: '性别',
  birthDate: '出生日期',
  idNumber: '身份证号',
  residence: '现住址',
  group: '村民小组',
  health: '身体状况',
  schooling: '就学情况',
  school: '学校及年级',
  studentNumber: '学籍号',
  schoolId: '就读学校',
  boarding: '是否寄宿',
  guardianshipType: '监护类型',
  remarks: '备注',
  'father.workPlace': '父亲务工地点',
  'father.phone': '父亲电话',
  'mother.workPlace': '母亲务工地点',
  'mother.phone': '母亲电话',
  'entrusted.name': '受委托监护人',
  'entrusted.phone': '受委托监护人电话',
  'risk.override': '风险等级（人工调整）',
  status: '在册状态',
  leftReason: '退出原因',
};

/** Sealed paths and the masking-table key each uses. */
export const SEALED_PATHS: Record<string, 'child.idNumber' | 'guardian.idNumber' | 'guardian.phone'> = {
  idNumber: 'child.idNumber',
  'father.phone': 'guardian.phone',
  'father.idNumber': 'guardian.idNumber',
  'mother.phone': 'guardian.phone',
  'mother.idNumber': 'guardian.idNumber',
  'entrusted.phone': 'guardian.phone',
  'entrusted.idNumber': 'guardian.idNumber',
};

/** Optional national-form fields whose absence makes a file incomplete. */
export const COMPLETENESS_FIELDS = [
  'ethnicity',
  'hukouPlace',
  'residence',
  'health',
  'schooling',
  'guardianshipType',
  'familyIncome',
  'assistance',
  'father.name',
  'father.workPlace',
  'mother.name',
  'mother.workPlace',
  'grandparents',
] as const;

/** Summary columns (docs/registry.md "County summary"); every partition sums to `total`. */
export interface SummaryRow {
  regionCode: string;
  regionName: string;
  level: 'county' | 'township' | 'village';
  cells: Record<string, number>;
}

export interface SummaryCheck {
  regionCode: string;
  check: string;
  ok: boolean;
  expected: number;
  got: number;
}
