/**
 * `schools`: the county's schools and dropout control (控辍保学; docs/schools.md). Policy §二(三):
 * "全面落实控辍保学目标责任制、联控联保机制和辍学学生登记、劝返复学、定期排查制度 … 对督促和劝返
 * 无效的，县教体局、乡镇和社管委等要依法采取措施".
 *
 * - the schools registry (name, division, boarding or not, the education bureau's code) kept by
 *   the county; staff are bound to a school by invitation (accounts, school scope);
 * - a child is linked to a school (`children.schoolId` = the school's id, which school roles reach);
 * - dropout cases (`dropoutCases`): opened when a child of compulsory-school age is marked
 *   dropped out or not in school (a registry edit or a school's report), 劝返 attempts, escalation
 *   to the township and the county after the county's number of failed attempts, closed by a
 *   return to school that updates the registry.
 *
 * Days are Asia/Shanghai calendar days `YYYY-MM-DD`; instants are UTC `Date`s (ISO strings on the wire).
 */
import { z } from 'zod';
import { defineContract, returns } from './define';
import { fields } from './fields';
import { rollActions } from './schools-roll';

export * from './schools-roll';
import { lifeCareActions } from './schools-lifecare';
import { homeActions } from './schools-homes';

export * from './schools-lifecare';
export * from './schools-homes';

// ---------------------------------------------------------------------------------------------
// Value sets and labels

/** Schooling values that open a dropout case (registry `schooling`): 义务教育阶段辍学, 14–16周岁未在校. */
export const OUT_OF_SCHOOL = ['droppedOut', 'notInSchool'] as const;
export type OutOfSchool = (typeof OUT_OF_SCHOOL)[number];
export const OUT_OF_SCHOOL_LABELS: Record<OutOfSchool, string> = { droppedOut: '辍学', notInSchool: '未入学（未在校）' };

/** Stages a child returns to (the registry's `schooling` after 复学). */
export const RETURN_STAGES = ['primary', 'juniorMiddle'] as const;
export type ReturnStage = (typeof RETURN_STAGES)[number];
export const RETURN_STAGE_LABELS: Record<ReturnStage, string> = { primary: '小学', juniorMiddle: '初中' };

/** What a 劝返 attempt came to; every outcome but `willReturn` counts as a failed attempt. */
export const ATTEMPT_OUTCOMES = ['willReturn', 'refused', 'notMet', 'undecided'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];
export const ATTEMPT_OUTCOME_LABELS: Record<AttemptOutcome, string> = {
  willReturn: '同意返校',
  refused: '拒绝返校',
  notMet: '未见到家长或孩子',
  undecided: '暂未答复',
};

/**
 * Legal measures after persuasion failed (policy §二(三): "对督促和劝返无效的，县教体局、乡镇 …
 * 依法采取措施"; 义务教育法 §58, 未成年人保护法 §118): recorded by township staff or the county
 * admin on an escalated case.
 */
export const LEGAL_MEASURE_KINDS = ['writtenUrge', 'guardianTalk', 'returnNotice', 'penaltyRequest', 'courtAction', 'other'] as const;
export type LegalMeasureKind = (typeof LEGAL_MEASURE_KINDS)[number];
export const LEGAL_MEASURE_LABELS: Record<LegalMeasureKind, string> = {
  writtenUrge: '书面督促',
  guardianTalk: '约谈监护人',
  returnNotice: '责令限期复学（送达通知书）',
  penaltyRequest: '提请行政处罚',
  courtAction: '申请支付令/诉讼',
  other: '其他',
};

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = { open: '劝返中', closed: '已复学' };

/** Limits of the schools forms. */
export const SCHOOLS_LIMITS = {
  name: 40,
  bureauCode: 20,
  note: 300,
  /** Attempts one case holds (a case with this many is for the county to take over). */
  attempts: 60,
  /** Legal measures one case holds. */
  measures: 30,
  /** Cases per page of `listCases` (default, largest). */
  casePage: 30,
  casePageMax: 200,
  /** The county's "escalate after N failed attempts" range. */
  escalateAfterMax: 10,
  /** The county's "escalate after N days open" range. */
  escalateAfterDaysMax: 180,
  /** Compulsory-school age: from the 6th birthday to the day before the 16th (Asia/Shanghai days). */
  ageFrom: 6,
  ageBelow: 16,
} as const;

/** The county's default: escalate after this many failed attempts (county config `schools.escalateAfter`). */
export const DEFAULT_ESCALATE_AFTER = 3;

/** The pages the schools notifications and lists open. */
export const SCHOOLS_PAGES = {
  schools: '/packageSchools/pages/schools/index',
  schoolEdit: '/packageSchools/pages/school-edit/index',
  cases: '/packageSchools/pages/cases/index',
  case: '/packageSchools/pages/case/index',
} as const;

// ---------------------------------------------------------------------------------------------
// Stored documents

/** A school (collection `schools`, `_id` = school id, the id school-scoped role bindings carry). */
export interface SchoolDoc {
  _id: string;
  name: string;
  countyCode: string;
  townshipCode: string;
  /** Where it is: the township's (9) or the village's (12) division code. */
  regionCode: string;
  boarding: boolean;
  /** The education bureau's school code (学校标识码), when it has one. */
  bureauCode?: string;
  createdAt: Date;
  createdBy?: string;
  updatedAt?: Date;
  updatedBy?: string;
}

/** One 劝返 attempt, kept on its case. */
export interface AttemptDoc {
  n: number;
  /** The day it took place. */
  on: string;
  /** Who recorded it (and went). */
  by: { personId?: string; name: string; role: string };
  /** Who else went (free text: 班主任、村专干…). */
  companions?: string;
  /** Whom they persuaded (free text: the parent, the guardian, the child). */
  withWhom: string;
  outcome: AttemptOutcome;
  note?: string;
  nextStep?: string;
  at: Date;
}

/** One legal measure, kept on its case. */
export interface LegalMeasureDoc {
  n: number;
  kind: LegalMeasureKind;
  /** The day it was taken (a notice served, a talk held). */
  on: string;
  /** Who recorded it, with the role they acted in (township staff, county admin). */
  by: { personId?: string; name: string; role: string };
  note?: string;
  /** A photo of the document (通知书, 督促书), from a one-time slot `measureSlot` handed out. */
  photo?: string;
  at: Date;
}

/** A dropout case (collection `dropoutCases`); at most one open per child (`_id` = `dc-<childId>-<n>`). */
export interface DropoutCaseDoc {
  _id: string;
  childId: string;
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  /** The child's school when the case opened (school roles reach the case through it). */
  schoolId?: string;
  kind: OutOfSchool;
  status: CaseStatus;
  openedAt: Date;
  openedOn: string;
  openedBy: { kind: 'registry' } | { kind: 'person'; personId?: string; role: string };
  /** Why it opened (a school's report note), when given. */
  reason?: string;
  attempts: AttemptDoc[];
  failedAttempts: number;
  /** Legal measures after escalation (absent on cases from before they were recorded). */
  measures?: LegalMeasureDoc[];
  escalatedAt?: Date;
  escalatedOn?: string;
  /** People told of the escalation; 0 with `unreached` when nobody could be. */
  escalation?: { told: number; unreached: boolean };
  closedAt?: Date;
  returnedOn?: string;
  returnSchoolId?: string;
  returnStage?: ReturnStage;
  closedBy?: { kind: 'registry' } | { kind: 'person'; personId?: string; role: string };
  version: number;
}

// ---------------------------------------------------------------------------------------------
// Views

export interface SchoolView {
  id: string;
  name: string;
  regionCode: string;
  /** 乡镇 · 村 names of `regionCode`. */
  place: string;
  boarding: boolean;
  bureauCode?: string;
  /** Open dropout cases of the school. */
  openCases: number;
}

export interface SchoolsView {
  schools: SchoolView[];
  /** The county admin may add and edit schools and set the escalation rule. */
  canEdit: boolean;
  /** The county's "escalate after N failed attempts". */
  escalateAfter: number;
  /** The county's "escalate after N days open". */
  escalateAfterDays: number;
}

export interface CaseListItem {
  id: string;
  childId: string;
  childName: string;
  schoolName?: string;
  place: string;
  kind: OutOfSchool;
  status: CaseStatus;
  openedOn: string;
  attempts: number;
  failedAttempts: number;
  escalated: boolean;
  returnedOn?: string;
}

/** A page of dropout cases: open first (by opening day, newest first), then the closed ones. */
export interface CasesPage {
  title: string;
  cases: CaseListItem[];
  /** More cases after this page (ask again with `skip` + the cases shown). */
  hasMore: boolean;
  /** Counts over the whole list (every page), for its summary line. */
  counts: { open: number; escalated: number; closed: number };
}

export interface AttemptView {
  n: number;
  on: string;
  byName: string;
  companions?: string;
  withWhom: string;
  outcome: AttemptOutcome;
  note?: string;
  nextStep?: string;
}

export interface LegalMeasureView {
  n: number;
  kind: LegalMeasureKind;
  on: string;
  byName: string;
  /** The role's label: 乡镇工作人员, 县民政局管理员. */
  byRole: string;
  note?: string;
  /** A two-hour link to the document photo (shown with <image>, previewed full size). */
  photoUrl?: string;
}

export interface CaseView extends CaseListItem {
  /** Age in whole years on the day the case opened. */
  age?: number;
  schoolId?: string;
  reason?: string;
  attemptList: AttemptView[];
  measureList: LegalMeasureView[];
  /** The caller may record a legal measure now (township staff or county admin, the case open and escalated). */
  canRecordMeasure: boolean;
  /** The caller is township staff or county admin (the page says why recording must wait for escalation). */
  measureRole: boolean;
  escalateAfter: number;
  escalateAfterDays: number;
  escalatedOn?: string;
  escalation?: { told: number; unreached: boolean };
  returnSchoolName?: string;
  returnStage?: ReturnStage;
  /** Schools of the child's county a return may name. */
  schools: { id: string; name: string }[];
  canAct: boolean;
}

/** What recording an attempt did. */
export interface AttemptResult {
  caseView: CaseView;
  /** Set when this attempt escalated the case: how many were told, or that nobody could be. */
  escalated?: { told: number; unreached: boolean };
}

// ---------------------------------------------------------------------------------------------
// Inputs

const id = z.string().min(1).max(120).meta({ title: '编号' });
const schoolIdField = z.string().min(1).max(120).meta({ title: '学校' });
const note = (label: string) => fields.freeText(label, { max: SCHOOLS_LIMITS.note, multiline: true });

export const saveSchoolInput = z
  .object({
    /** Omit to add a school. */
    schoolId: id.optional(),
    name: fields.freeText('学校名称', { max: SCHOOLS_LIMITS.name, min: 2 }),
    regionCode: fields.regionCode('所在乡镇或村', { levels: ['township', 'village'] }),
    boarding: z.boolean().meta({ title: '是否寄宿制学校' }),
    bureauCode: fields.freeText('学校标识码', { max: SCHOOLS_LIMITS.bureauCode }).optional(),
  })
  .strict();

export const recordAttemptInput = z
  .object({
    caseId: id,
    on: fields.calendarDate('劝返日期', { notFuture: true }),
    withWhom: fields.freeText('劝返对象', { max: 60, min: 1 }),
    companions: fields.freeText('同去人员', { max: 60 }).optional(),
    outcome: z.enum(ATTEMPT_OUTCOMES).meta({ title: '劝返结果' }),
    note: note('情况说明').optional(),
    nextStep: note('下一步措施').optional(),
  })
  .strict();

export const recordMeasureInput = z
  .object({
    caseId: id,
    kind: z.enum(LEGAL_MEASURE_KINDS).meta({ title: '措施类型' }),
    on: fields.calendarDate('采取日期', { notFuture: true }),
    note: note('情况说明').optional(),
    photo: fields.fileId('文书照片', { under: ['schools/documents/'] }).optional(),
  })
  .strict();

export const closeCaseInput = z
  .object({
    caseId: id,
    returnedOn: fields.calendarDate('复学日期', { notFuture: true }),
    schoolId: schoolIdField,
    stage: z.enum(RETURN_STAGES).meta({ title: '就读学段' }),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// The action table

export const schoolsContract = defineContract('schools', () => ({
  // Life teachers' care (schools-lifecare.ts).
  ...lifeCareActions,
  listSchools: {
    summary: '学校名录：本县（乡镇）学校及其劝返中的辍学个案数；教职工看本校（县民政局、乡镇工作人员、学校人员）',
    input: () => z.object({ regionCode: fields.regionCode('地区', { levels: ['county', 'township'] }).optional() }).strict(),
    output: returns<SchoolsView>(),
  },
  saveSchool: {
    summary: '新增或修改学校：名称、所在乡镇或村、是否寄宿、学校标识码（县民政局管理员）',
    input: () => saveSchoolInput,
    output: returns<SchoolView>(),
  },
  updateSettings: {
    summary: '设置劝返几次无效、或登记多少天仍未复学后上报乡镇和县（县民政局管理员）',
    input: () => z
      .object({
        escalateAfter: z.number().int().min(1).max(SCHOOLS_LIMITS.escalateAfterMax).meta({ title: '上报次数' }),
        escalateAfterDays: z.number().int().min(1).max(SCHOOLS_LIMITS.escalateAfterDaysMax).meta({ title: '上报天数' }).optional(),
      })
      .strict(),
    output: returns<{ escalateAfter: number; escalateAfterDays: number }>(),
  },
  linkChild: {
    summary: '把儿童关联到其就读学校（乡镇工作人员、县民政局管理员）',
    input: () => z.object({ childId: id, schoolId: schoolIdField }).strict(),
    output: returns<{ childId: string; schoolId: string }>(),
  },
  reportDropout: {
    summary: '学校或乡镇登记一名义务教育阶段儿童辍学或未入学，开启劝返个案并更新儿童档案',
    input: () => z.object({ childId: id, kind: z.enum(OUT_OF_SCHOOL).meta({ title: '情况' }), reason: note('情况说明').optional() }).strict(),
    output: returns<CaseView>(),
  },
  listCases: {
    summary: '辍学劝返个案：本校、本乡镇或全县（学校人员、乡镇工作人员、县民政局管理员）',
    input: () => z
      .object({
        schoolId: schoolIdField.optional(),
        regionCode: fields.regionCode('地区', { levels: ['county', 'township'] }).optional(),
        status: z.enum(CASE_STATUSES).optional(),
        skip: z.number().int().min(0).max(100_000).default(0).meta({ title: '跳过条数' }),
        limit: z.number().int().min(1).max(SCHOOLS_LIMITS.casePageMax).default(SCHOOLS_LIMITS.casePage).meta({ title: '每页条数' }),
      })
      .strict(),
    output: returns<CasesPage>(),
  },
  getCase: {
    summary: '查看一个辍学劝返个案：劝返记录、上报情况、复学',
    input: () => z.object({ caseId: id }).strict(),
    output: returns<CaseView>(),
  },
  recordAttempt: {
    summary: '记录一次劝返：日期、谁去的、劝返对象、结果、下一步；无效次数达到县设定值时上报乡镇和县',
    input: () => recordAttemptInput,
    output: returns<AttemptResult>(),
  },
  measureSlot: {
    summary: '为法律措施的文书照片分配一次性上传位置（本人、该个案；recordMeasure 只收这个位置里的照片）',
    input: () => z.object({ caseId: id, ext: z.enum(['jpg', 'png']).default('jpg').meta({ title: '照片格式' }) }).strict(),
    output: returns<{ slots: Array<{ cloudPath: string; expiresAt: Date }> }>(),
  },
  recordMeasure: {
    summary: '劝返无效、已上报后，记录一项法律措施：书面督促、约谈监护人、责令限期复学、提请行政处罚、申请支付令或诉讼等（乡镇工作人员、县民政局管理员），并通知学校',
    input: () => recordMeasureInput,
    output: returns<CaseView>(),
  },
  runTimers: {
    summary: '定时任务：登记超过县设定天数仍未复学、未上报的个案上报乡镇和县',
    input: () => z.object({}).passthrough(),
    output: returns<{ escalated: number; unreached: number }>(),
    internal: true,
  },
  sweepDropouts: {
    summary: '定时任务（每天一次）：档案标为辍学或未在校、仍在册的义务教育阶段儿童没有劝返个案的，开启个案（摸底排查导入等漏开的兜底）',
    input: () => z.object({}).passthrough(),
    output: returns<{ day: string; children: number; opened: number; caseIds: string[] }>(),
    internal: true,
  },
  closeCase: {
    summary: '登记复学：复学日期和学校，办结个案并更新儿童档案的就学情况',
    input: () => closeCaseInput,
    output: returns<CaseView>(),
  },
  // The termly roll check (定期排查): contracts/schools-roll.ts.
  ...rollActions,
  // 留守儿童之家 (contracts/schools-homes.ts).
  ...homeActions,
}));
