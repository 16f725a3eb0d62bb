/**
 * Life teachers' care (生活老师, docs/schools.md "Life teachers"): part of the `schools` action
 * table (`schools.ts` spreads `lifeCareActions` into it and re-exports this module). Policy
 * §二(三): "寄宿制学校要配备1至2名生活老师 … 通过家校联系、心理抚慰、生活关心、学习辅导、结对帮扶、
 * 定期家访、亲情电话等方式，加强对农村留守儿童的关爱".
 *
 * A life teacher (or a teacher) of a school sees the registered left-behind children of that
 * school, boarders first, logs care in two taps, dials a parent from the page (the number is
 * given for that call only and the reveal is audited), and is told in 消息 when children have had
 * no care for the county's number of days. Parents see the school's care notes on 亲情连线.
 *
 * Days are Asia/Shanghai calendar days `YYYY-MM-DD`; instants are UTC `Date`s (ISO strings on the wire).
 */
import { z } from 'zod';
import { returns } from './define';
import { fields } from './fields';

/** Ways of caring the policy names (§二(三)); `familyCall` is a call to a parent dialled from the page. */
export const CARE_KINDS = ['homeSchool', 'comfort', 'dailyCare', 'tutoring', 'familyCall', 'homeVisit'] as const;
export type CareKind = (typeof CARE_KINDS)[number];
export const CARE_KIND_LABELS: Record<CareKind, string> = {
  homeSchool: '家校联系',
  comfort: '心理抚慰',
  dailyCare: '生活关心',
  tutoring: '学习辅导',
  familyCall: '亲情电话',
  homeVisit: '家访',
};

/** Which parent a 亲情电话 reaches. */
export const CALL_PARENTS = ['father', 'mother'] as const;
export type CallParent = (typeof CALL_PARENTS)[number];
export const CALL_PARENT_LABELS: Record<CallParent, string> = { father: '父亲', mother: '母亲' };

export const LIFE_CARE_LIMITS = {
  note: 200,
  /** The county's "no care for N days" range. */
  noCareDaysMax: 90,
  /** Care notes a parent's page shows (newest first). */
  parentNotes: 20,
  /** Care records one child's page shows (newest first). */
  childLogs: 50,
} as const;

/** The county's default: a child without care for this many days is due (county config `lifeCare.noCareDays`). */
export const DEFAULT_NO_CARE_DAYS = 14;

export const LIFE_CARE_PAGES = {
  care: '/packageSchools/pages/life-care/index',
} as const;

// ---------------------------------------------------------------------------------------------
// Stored documents

/** One act of care (collection `lifeCareLogs`). */
export interface CareLogDoc {
  _id: string;
  childId: string;
  schoolId: string;
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  kind: CareKind;
  /** The day it took place (today when logged). */
  on: string;
  at: Date;
  by: { personId?: string; name: string; role: string };
  /** 亲情电话: which parent was called. */
  parent?: CallParent;
  note?: string;
}

/** The last care day per child (collection `lifeCareLedger`, `_id` = child id). */
export interface CareLedgerDoc {
  _id: string;
  schoolId: string;
  lastOn: string;
  lastKind: CareKind;
  updatedAt: Date;
}

// ---------------------------------------------------------------------------------------------
// Views

/** A parent the page may offer to call (never the number: `dialParent` gives it for the call). */
export interface CallableParent {
  parent: CallParent;
  label: string;
  /** The parent's name as the caller may see it. */
  name?: string;
}

export interface LifeCareChild {
  childId: string;
  name: string;
  boarding: boolean;
  age?: number;
  /** 乡镇 · 村. */
  place: string;
  lastCareOn?: string;
  lastKind?: CareKind;
  /** Whole days since the last care (undefined: never cared for). */
  daysSince?: number;
  /** No care within the county's days (or none ever). */
  due: boolean;
  parents: CallableParent[];
}

export interface LifeCareListView {
  schoolId: string;
  schoolName: string;
  /** Boarders first; within each, the longest without care first. */
  children: LifeCareChild[];
  noCareDays: number;
  dueCount: number;
  /** The caller may log care (life teachers and teachers; school staff read). */
  canLog: boolean;
}

export interface CareLogView {
  id: string;
  kind: CareKind;
  on: string;
  byName: string;
  parent?: CallParent;
  note?: string;
}

export interface ChildCareView extends LifeCareChild {
  schoolName: string;
  logs: CareLogView[];
  noCareDays: number;
  canLog: boolean;
}

/** The school's care notes for a parent (亲情连线). */
export interface ParentCareNotes {
  schoolName?: string;
  notes: { on: string; kind: CareKind; byName: string; note?: string }[];
}

// ---------------------------------------------------------------------------------------------
// Inputs

const childId = z.string().min(1).max(120).meta({ title: '儿童' });
const schoolId = z.string().min(1).max(120).meta({ title: '学校' });

export const logCareInput = z
  .object({
    childId,
    kind: z.enum(CARE_KINDS).meta({ title: '关爱方式' }),
    /** 亲情电话: the parent called. */
    parent: z.enum(CALL_PARENTS).meta({ title: '通话对象' }).optional(),
    note: fields.freeText('关爱情况', { max: LIFE_CARE_LIMITS.note, multiline: true }).optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Actions (spread into the `schools` table)

export const lifeCareActions = {
  listLifeCare: {
    summary: '生活老师关爱名单：本校在册留守儿童（寄宿生在前）、最近一次关爱、超过县设定天数未关爱的（生活老师、教师、学校工作人员）',
    input: () => z.object({ schoolId: schoolId.optional() }).strict(),
    output: returns<LifeCareListView>(),
  },
  getChildCare: {
    summary: '一名儿童的学校关爱记录（本校生活老师、教师、学校工作人员）',
    input: () => z.object({ childId }).strict(),
    output: returns<ChildCareView>(),
  },
  logCare: {
    summary: '记一次关爱：家校联系、心理抚慰、生活关心、学习辅导、亲情电话、家访（本校生活老师、教师）',
    input: () => logCareInput,
    output: returns<ChildCareView>(),
  },
  dialParent: {
    summary: '亲情电话：取孩子父亲或母亲的电话用于本次拨打（本校生活老师、教师；记入查看日志）',
    input: () => z.object({ childId, parent: z.enum(CALL_PARENTS).meta({ title: '通话对象' }) }).strict(),
    output: returns<{ phone: string; label: string }>(),
  },
  parentCareNotes: {
    summary: '亲情连线：学校生活老师对孩子的关爱记录（父母、受委托监护人）',
    input: () => z.object({ childId }).strict(),
    output: returns<ParentCareNotes>(),
  },
  updateLifeCareSettings: {
    summary: '查看或设置儿童多少天没有学校关爱记录即提醒生活老师（县民政局管理员；不填则只查看）',
    input: () => z.object({ noCareDays: z.number().int().min(1).max(LIFE_CARE_LIMITS.noCareDaysMax).meta({ title: '提醒天数' }).optional() }).strict(),
    output: returns<{ noCareDays: number }>(),
  },
} as const;
