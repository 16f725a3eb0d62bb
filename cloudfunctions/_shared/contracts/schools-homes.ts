/**
 * 留守儿童之家 (docs/schools.md "留守儿童之家"): part of the `schools` action table
 * (contracts/schools.ts spreads `homeActions` into it). Policy §二(三): "加强农村寄宿制学校
 * ‘留守儿童之家’创建 … 力争实现全县寄宿制学校‘留守儿童之家’全覆盖。县教体局、民政局、妇联要定期
 * … 进行检查，对运行良好的要评星定级，给予一定的资金扶持".
 *
 * - a school's home (collection `childrenHomes`, `_id` = school id): name, opened on, facilities,
 *   who runs it (the school's life teachers / staff), opening hours; kept by the school's staff;
 * - activities (`homeActivities`) recorded by the school's teachers, life teachers and staff;
 * - county inspections (`homeInspections`): departments, a score per item of the county's
 *   checklist, photos, findings, 整改; the stars follow from the score by the county's thresholds
 *   and the latest inspection's stars are the home's rating;
 * - coverage: the boarding schools of an area with or without a home (未建), last inspected, stars.
 *
 * Days are Asia/Shanghai calendar days `YYYY-MM-DD`; instants are UTC `Date`s (ISO strings on the wire).
 */
import { z } from 'zod';
import { returns } from './define';
import { fields } from './fields';

// ---------------------------------------------------------------------------------------------
// Value sets and labels

/** Rooms and equipment a home may have (the checklist on 修改之家; anything else goes in the free text). */
export const HOME_FACILITIES = ['activityRoom', 'readingCorner', 'familyPhone', 'videoChat', 'counsellingRoom', 'sportsGear'] as const;
export type HomeFacility = (typeof HOME_FACILITIES)[number];
export const HOME_FACILITY_LABELS: Record<HomeFacility, string> = {
  activityRoom: '活动室',
  readingCorner: '图书角',
  familyPhone: '亲情电话',
  videoChat: '视频聊天设备',
  counsellingRoom: '心理辅导室',
  sportsGear: '文体器材',
};

/** Kinds of activity held at a home. */
export const HOME_ACTIVITY_KINDS = ['familyCall', 'homework', 'interest', 'counselling', 'festival', 'other'] as const;
export type HomeActivityKind = (typeof HOME_ACTIVITY_KINDS)[number];
export const HOME_ACTIVITY_LABELS: Record<HomeActivityKind, string> = {
  familyCall: '亲情通话/视频',
  homework: '课业辅导',
  interest: '兴趣活动',
  counselling: '心理辅导',
  festival: '节日活动',
  other: '其他',
};

/** Departments that inspect a home together (policy: 县教体局、民政局、妇联). */
export const INSPECTION_DEPARTMENTS = ['education', 'civilAffairs', 'womensFederation'] as const;
export type InspectionDepartment = (typeof INSPECTION_DEPARTMENTS)[number];
export const INSPECTION_DEPARTMENT_LABELS: Record<InspectionDepartment, string> = {
  education: '教育局',
  civilAffairs: '民政局',
  womensFederation: '妇联',
};

export const HOMES_LIMITS = {
  name: 40,
  note: 300,
  hours: 60,
  address: 80,
  /** People named as running a home. */
  runners: 6,
  /** Children named on one activity. */
  activityChildren: 200,
  participantsMax: 2000,
  photos: 9,
  /** Items of a county's checklist. */
  checklistItems: 20,
  itemLabel: 30,
  itemMaxScore: 100,
  /** Activities the home page shows (newest first). */
  activitiesShown: 30,
  /** Earlier inspections the home page lists. */
  inspectionsShown: 10,
} as const;

/** One item of a county's inspection checklist: what is checked and the most it scores. */
export interface ChecklistItem {
  /** Stable key (scores name it): `i1`, `i2`, … */
  key: string;
  label: string;
  max: number;
}

/**
 * The checklist a county starts with (a county setting, not policy: the policy names no items).
 * Its maxima add up to 100.
 */
export const DEFAULT_HOME_CHECKLIST: ChecklistItem[] = [
  { key: 'i1', label: '场地与设施', max: 20 },
  { key: 'i2', label: '亲情联系（电话、视频）', max: 20 },
  { key: 'i3', label: '管理制度与人员', max: 15 },
  { key: 'i4', label: '活动开展', max: 20 },
  { key: 'i5', label: '心理关爱', max: 15 },
  { key: 'i6', label: '档案台账', max: 10 },
];

/**
 * The least score (out of 100) for two to five stars; below `star2` a home gets one star. County
 * settings, not policy (the policy says 评星定级 and names no thresholds): defaults ≥90 五星,
 * ≥80 四星, ≥70 三星, ≥60 二星, otherwise 一星.
 */
export interface StarThresholds {
  star2: number;
  star3: number;
  star4: number;
  star5: number;
}
export const DEFAULT_STAR_THRESHOLDS: StarThresholds = { star2: 60, star3: 70, star4: 80, star5: 90 };

/** Star words (1–5). */
export const STAR_LABELS: Record<number, string> = { 1: '一星', 2: '二星', 3: '三星', 4: '四星', 5: '五星' };

/**
 * The stars a score (out of 100) earns under `t`: 5 at `star5` or more, … 2 at `star2` or more,
 * otherwise 1.
 */
export function starsFor(score: number, t: StarThresholds): number {
  if (score >= t.star5) return 5;
  if (score >= t.star4) return 4;
  if (score >= t.star3) return 3;
  if (score >= t.star2) return 2;
  return 1;
}

/**
 * An inspection's total on a 100 scale: the sum of the item scores over the sum of the items'
 * maxima, times 100, to one decimal (equal to the plain sum when the maxima add up to 100).
 */
export function scoreOutOf100(total: number, maxTotal: number): number {
  return maxTotal > 0 ? Math.round((total * 1000) / maxTotal) / 10 : 0;
}

export const HOMES_PAGES = {
  home: '/packageSchools/pages/home/index',
  homeEdit: '/packageSchools/pages/home-edit/index',
  homeActivity: '/packageSchools/pages/home-activity/index',
  homeInspect: '/packageSchools/pages/home-inspect/index',
  homeSettings: '/packageSchools/pages/home-settings/index',
  homes: '/packageSchools/pages/homes/index',
} as const;

// ---------------------------------------------------------------------------------------------
// Stored documents

/** A school's 留守儿童之家 (collection `childrenHomes`, `_id` = the school's id). */
export interface HomeDoc {
  _id: string;
  schoolId: string;
  /** The school's name when the home was last saved (the directory shows it as the address). */
  schoolName?: string;
  countyCode: string;
  townshipCode: string;
  regionCode: string;
  name: string;
  openedOn: string;
  facilities: HomeFacility[];
  facilitiesNote?: string;
  /** People bound to the school who run it (life teachers, school staff, teachers). */
  runnerIds: string[];
  hours: string;
  /** Where in the school (shown in the community directory). */
  address?: string;
  /** The home's published number (sealed `site.phone`, shown in the community directory). */
  phone?: unknown;
  /** The latest inspection's result (the home's rating). */
  rating?: { inspectionId: string; on: string; score: number; stars: number };
  createdAt: Date;
  updatedAt: Date;
  updatedBy?: string;
}

/** An activity held at a home (collection `homeActivities`). */
export interface HomeActivityDoc {
  _id: string;
  schoolId: string;
  countyCode: string;
  on: string;
  kind: HomeActivityKind;
  participants: number;
  childIds: string[];
  note?: string;
  photos: string[];
  by: { personId?: string; name: string; role: string };
  at: Date;
}

/** A county inspection of a home (collection `homeInspections`); the checklist is copied in as scored. */
export interface HomeInspectionDoc {
  _id: string;
  schoolId: string;
  countyCode: string;
  townshipCode: string;
  on: string;
  departments: InspectionDepartment[];
  items: { key: string; label: string; max: number; score: number }[];
  total: number;
  maxTotal: number;
  /** `total` on a 100 scale. */
  score: number;
  stars: number;
  /** The thresholds the stars were given by. */
  thresholds: StarThresholds;
  findings?: string;
  rectification?: string;
  photos: string[];
  by: { personId?: string; name: string };
  at: Date;
  /** School staff told in 消息; `unreached` when the school has nobody bound. */
  told: number;
}

// ---------------------------------------------------------------------------------------------
// Views

export interface HomeActivityView {
  id: string;
  on: string;
  kind: HomeActivityKind;
  participants: number;
  /** Children named, as the caller may see them. */
  childNames: string[];
  note?: string;
  byName: string;
  photoUrls: string[];
}

export interface HomeInspectionView {
  id: string;
  on: string;
  departments: InspectionDepartment[];
  items: { key: string; label: string; max: number; score: number }[];
  total: number;
  maxTotal: number;
  score: number;
  stars: number;
  findings?: string;
  rectification?: string;
  byName: string;
  photoUrls: string[];
}

/** A school's home as its page shows it (`home` absent: not built, 未建). */
export interface HomeView {
  schoolId: string;
  schoolName: string;
  boarding: boolean;
  place: string;
  home?: {
    name: string;
    openedOn: string;
    facilities: HomeFacility[];
    facilitiesNote?: string;
    runners: { personId: string; name: string; roleLabel: string }[];
    hours: string;
    address?: string;
    /** The published number (it is public in the directory). */
    phone?: string;
  };
  activities: HomeActivityView[];
  latest?: HomeInspectionView;
  /** Earlier inspections, newest first (day, score, stars). */
  earlier: { id: string; on: string; score: number; stars: number }[];
  /** People of the school who may be named as running it (for 修改之家). */
  staff: { personId: string; name: string; roleLabel: string }[];
  canEdit: boolean;
  canRecord: boolean;
  canInspect: boolean;
}

/** One school of the coverage list. */
export interface HomeCoverageRow {
  schoolId: string;
  schoolName: string;
  place: string;
  townshipCode: string;
  boarding: boolean;
  built: boolean;
  homeName?: string;
  lastInspectedOn?: string;
  stars?: number;
  score?: number;
}

export interface HomeCoverageView {
  region: { code: string; name: string };
  /** Boarding schools first (未建 first among them), then day schools that have a home. */
  rows: HomeCoverageRow[];
  boardingSchools: number;
  boardingWithHome: number;
  /** Homes by stars (index 1–5; 0 = not yet inspected), boarding or not. */
  byStars: number[];
  townships: { code: string; name: string }[];
  canInspect: boolean;
}

export interface HomeSettingsView {
  checklist: ChecklistItem[];
  thresholds: StarThresholds;
}

// ---------------------------------------------------------------------------------------------
// Inputs

const schoolId = z.string().min(1).max(120).meta({ title: '学校' });
const note = (label: string) => fields.freeText(label, { max: HOMES_LIMITS.note, multiline: true });
const photos = z.array(fields.fileId('照片')).max(HOMES_LIMITS.photos, `照片最多${HOMES_LIMITS.photos}张`).default([]);

export const saveHomeInput = z
  .object({
    schoolId,
    name: fields.freeText('之家名称', { max: HOMES_LIMITS.name, min: 2 }),
    openedOn: fields.calendarDate('建成日期', { notFuture: true }),
    facilities: z.array(z.enum(HOME_FACILITIES).meta({ title: '设施' })).max(HOME_FACILITIES.length).default([]),
    facilitiesNote: fields.freeText('其他设施', { max: HOMES_LIMITS.note, multiline: true }).optional(),
    runnerIds: z.array(z.string().min(1).max(120).meta({ title: '负责人' })).max(HOMES_LIMITS.runners, `负责人最多${HOMES_LIMITS.runners}人`).default([]),
    hours: fields.freeText('开放时间', { max: HOMES_LIMITS.hours, min: 2 }),
    address: fields.freeText('位置', { max: HOMES_LIMITS.address }).optional(),
    phone: fields.phone('联系电话').optional(),
  })
  .strict();

export const recordHomeActivityInput = z
  .object({
    schoolId,
    on: fields.calendarDate('活动日期', { notFuture: true }),
    kind: z.enum(HOME_ACTIVITY_KINDS).meta({ title: '活动类型' }),
    participants: z.number().int().min(1).max(HOMES_LIMITS.participantsMax).meta({ title: '参加人数' }),
    childIds: z.array(z.string().min(1).max(120).meta({ title: '参加的儿童' })).max(HOMES_LIMITS.activityChildren).default([]),
    note: note('活动情况').optional(),
    photos,
  })
  .strict();

export const inspectHomeInput = z
  .object({
    schoolId,
    on: fields.calendarDate('检查日期', { notFuture: true }),
    departments: z.array(z.enum(INSPECTION_DEPARTMENTS).meta({ title: '参加部门' })).min(1, '请至少选择一个参加检查的部门').max(INSPECTION_DEPARTMENTS.length),
    scores: z
      .array(z.object({ item: z.string().min(1).max(20).meta({ title: '检查项目' }), score: z.number().min(0).max(HOMES_LIMITS.itemMaxScore).meta({ title: '得分' }) }).strict())
      .min(1, '请给每一项打分')
      .max(HOMES_LIMITS.checklistItems),
    findings: note('发现的问题').optional(),
    rectification: note('整改要求').optional(),
    photos,
  })
  .strict();

export const homeSettingsInput = z
  .object({
    checklist: z
      .array(
        z
          .object({
            key: z.string().regex(/^i\d{1,3}$/, '项目编号不对').optional(),
            label: fields.freeText('检查项目', { max: HOMES_LIMITS.itemLabel, min: 2 }),
            max: z.number().int().min(1).max(HOMES_LIMITS.itemMaxScore).meta({ title: '满分' }),
          })
          .strict(),
      )
      .min(1, '检查表至少要有一项')
      .max(HOMES_LIMITS.checklistItems, `检查表最多${HOMES_LIMITS.checklistItems}项`)
      .optional(),
    thresholds: z
      .object({
        star2: z.number().min(1).max(100).meta({ title: '二星分数线' }),
        star3: z.number().min(1).max(100).meta({ title: '三星分数线' }),
        star4: z.number().min(1).max(100).meta({ title: '四星分数线' }),
        star5: z.number().min(1).max(100).meta({ title: '五星分数线' }),
      })
      .strict()
      .refine((t) => t.star2 < t.star3 && t.star3 < t.star4 && t.star4 < t.star5, { message: '分数线应从二星到五星逐级升高', path: ['star3'] })
      .optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Actions (spread into the `schools` table)

export const homeActions = {
  getHome: {
    summary: '留守儿童之家：设施、负责人、开放时间、活动记录、最近一次检查和星级（本校教职工；乡镇、县看辖区内学校）',
    input: () => z.object({ schoolId }).strict(),
    output: returns<HomeView>(),
  },
  saveHome: {
    summary: '建立或修改本校的留守儿童之家：名称、建成日期、设施、负责人、开放时间（学校工作人员）',
    input: () => saveHomeInput,
    output: returns<HomeView>(),
  },
  homePhotoSlots: {
    summary: '为活动记录或检查的照片分配一次性上传位置（本人、本校的之家，每张一个）',
    input: () => z
      .object({
        schoolId,
        purpose: z.enum(['activity', 'inspection']).meta({ title: '照片用途' }),
        count: z.number().int().min(1).max(HOMES_LIMITS.photos).meta({ title: '照片张数' }),
      })
      .strict(),
    output: returns<{ slots: Array<{ cloudPath: string; expiresAt: Date }> }>(),
  },
  recordHomeActivity: {
    summary: '记录一次之家活动：日期、类型、参加人数和儿童、情况、照片（本校生活老师、教师、学校工作人员）',
    input: () => recordHomeActivityInput,
    output: returns<HomeView>(),
  },
  inspectHome: {
    summary: '检查一所学校的留守儿童之家：参加部门、逐项打分、照片、发现的问题和整改要求；按县定分数线评星，并告知学校（县民政局管理员）',
    input: () => inspectHomeInput,
    output: returns<HomeView>(),
  },
  homeCoverage: {
    summary: '留守儿童之家覆盖：辖区寄宿制学校有无之家（未建）、最近检查、星级（县民政局管理员、乡镇工作人员）',
    input: () => z.object({ regionCode: fields.regionCode('地区', { levels: ['county', 'township'] }).optional() }).strict(),
    output: returns<HomeCoverageView>(),
  },
  homeSettings: {
    summary: '查看或设置之家检查表（项目、满分）和评星分数线（县民政局管理员；不填则只查看）',
    input: () => homeSettingsInput,
    output: returns<HomeSettingsView>(),
  },
} as const;
