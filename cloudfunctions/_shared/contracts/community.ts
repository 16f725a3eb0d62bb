/**
 * `community`: community care (issue 18; policy §二(四)–(五)) — the directory of service sites
 * (温馨家园, 留守儿童之家, the county's minors' protection centre and shelters, social
 * organisations' premises) that families see without any binding, and volunteers: sign-up with
 * approval by township staff or the county, and service hours recorded by QR check-in at a site
 * (the organiser shows a rotating code, the volunteer scans it; check-out closes the hours).
 *
 * Days are Asia/Shanghai calendar days `YYYY-MM-DD`; instants are UTC `Date`s (ISO strings on
 * the wire); durations are whole minutes. docs/community.md says what is built and what is not.
 */
import { z } from 'zod';
import { defineContract, returns } from './define';
import { fields, type GeoPoint } from './fields';
import { siteReferralActions } from './community-referrals';
import { orgActions } from './community-orgs';
import { activityActions } from './community-activities';
import { childCareActions } from './community-child';

export * from './community-referrals';
export * from './community-orgs';
export * from './community-activities';
export * from './community-child';

// ---------------------------------------------------------------------------------------------
// Value sets and labels

/**
 * Kinds of site (policy §二(四) 温馨家园; §二(五) 未成年人保护中心、救助保护机构、社会组织).
 * `childrenHome` is a school's 留守儿童之家 listed here by hand until the schools domain feeds it.
 */
export const SITE_KINDS = ['home', 'childrenHome', 'centre', 'shelter', 'organisation'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];
export const SITE_KIND_LABELS: Record<SiteKind, string> = {
  home: '温馨家园',
  childrenHome: '留守儿童之家',
  centre: '未成年人保护中心',
  shelter: '救助保护机构',
  organisation: '社会组织服务点',
};

/** What a site offers (policy §二(五): 假期日间照料、课后辅导、心理疏导…). */
export const SITE_SERVICES = ['dayCare', 'tutoring', 'counselling', 'talks', 'activities', 'shelter', 'referral'] as const;
export type SiteService = (typeof SITE_SERVICES)[number];
export const SITE_SERVICE_LABELS: Record<SiteService, string> = {
  dayCare: '假期日间照料',
  tutoring: '课后辅导',
  counselling: '心理疏导',
  talks: '法治安全讲座',
  activities: '文体活动',
  shelter: '临时庇护',
  referral: '转介帮扶',
};

/** A site is `open` (listed in the public directory) or `closed` (kept for its hours, not listed). */
export const SITE_STATUSES = ['open', 'closed'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];
export const SITE_STATUS_LABELS: Record<SiteStatus, string> = { open: '开放中', closed: '已停用' };

/** A volunteer's sign-up: waiting, approved (the `volunteer` role is bound), or not approved. */
export const VOLUNTEER_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];
export const VOLUNTEER_STATUS_LABELS: Record<VolunteerStatus, string> = { pending: '待审核', approved: '已通过', rejected: '未通过' };

/** Limits of the community forms and of the check-in code. */
export const COMMUNITY_LIMITS = {
  siteName: 40,
  address: 80,
  hours: 60,
  capacityMax: 10_000,
  note: 200,
  /** Seconds one check-in code is shown for; a code is accepted in its window and the one after. */
  codeWindowSeconds: 60,
  /** Hours after which an open check-in no longer counts (the volunteer forgot to check out). */
  shiftMaxHours: 12,
} as const;

/** Stable error codes of check-in and check-out (the message is what the volunteer reads). */
export const CHECKIN_ERRORS = {
  CODE_INVALID: '这不是有效的签到码，请扫描服务站点组织者手机上显示的签到码',
  CODE_EXPIRED: '签到码已过期，请组织者刷新签到码后重新扫码',
  ALREADY_CHECKED_IN: '您已签到，请先在原站点签退',
  NOT_CHECKED_IN: '您还没有签到，请先扫码签到',
  WRONG_SITE: '签退须扫描您签到的站点的签到码',
  SITE_CLOSED: '该站点已停用，不能签到',
} as const;
export type CheckInErrorCode = keyof typeof CHECKIN_ERRORS;

/** The pages of this domain. */
export const COMMUNITY_PAGES = {
  directory: '/packageCommunity/pages/directory/index',
  signUp: '/packageCommunity/pages/signup/index',
  volunteer: '/packageCommunity/pages/volunteer/index',
  siteCode: '/packageCommunity/pages/site-code/index',
  sites: '/packageCommunity/pages/sites/index',
  applications: '/packageCommunity/pages/applications/index',
  trainings: '/packageCommunity/pages/trainings/index',
  referrals: '/packageCommunity/pages/referrals/index',
  refer: '/packageCommunity/pages/refer/index',
} as const;

/**
 * Service minutes as hours with one decimal, rounded half up (150 → 2.5, 275 → 4.6): the
 * certificate and the board's 志愿服务时长 read hours the same way.
 */
export function volunteerHours(minutes: number): number {
  return Math.round(minutes / 6) / 10;
}

/** Volunteer trainings each township should hold in a calendar year (policy §二(四): 每年至少2次). */
export const TRAININGS_PER_YEAR = 2;

// ---------------------------------------------------------------------------------------------
// Stored documents

/** A service site (collection `communitySites`). `phone` is sealed (`site.phone`, shown in full). */
export interface SiteDoc {
  _id: string;
  countyCode: string;
  /** The division served: a village, a township, or the county (the protection centre). */
  regionCode: string;
  kind: SiteKind;
  name: string;
  address: string;
  hours: string;
  phone: { f: string; c: string; h?: string; m: string };
  capacity?: number;
  services: SiteService[];
  status: SiteStatus;
  /** Where it is on the map (GCJ-02 degrees); absent when nobody placed it. */
  location?: GeoPoint;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

/** A volunteer's sign-up (collection `volunteers`, `_id` = the person's id: one per person). */
export interface VolunteerDoc {
  _id: string;
  personId: string;
  countyCode: string;
  /** The township (or village) the volunteer serves; approval binds the township. */
  regionCode: string;
  townshipCode: string;
  status: VolunteerStatus;
  note: string;
  appliedAt: Date;
  decidedAt?: Date;
  decidedBy?: string;
  decisionNote?: string;
  bindingId?: string;
}

/** One stretch of service (collection `volunteerShifts`): open until check-out. */
export interface ShiftDoc {
  _id: string;
  personId: string;
  siteId: string;
  siteName: string;
  townshipCode: string;
  checkInAt: Date;
  checkOutAt?: Date;
  /** Whole minutes counted (set at check-out; 0 when the check-in lapsed unclosed). */
  minutes?: number;
  open: boolean;
  /** Closed without a check-out after `shiftMaxHours` (no hours counted). */
  lapsed?: boolean;
}

/** A volunteer training (collection `trainings`); attendance is recorded by scanning its code. */
export interface TrainingDoc {
  _id: string;
  countyCode: string;
  townshipCode: string;
  title: string;
  /** The day it is held (Asia/Shanghai). */
  day: string;
  place: string;
  /** Volunteers who scanned its code (one per person). */
  attendees: number;
  createdBy: string;
  createdAt: Date;
}

/** One volunteer's attendance (collection `trainingAttendance`, `_id` = `<trainingId>:<personId>`). */
export interface AttendanceDoc {
  _id: string;
  trainingId: string;
  personId: string;
  townshipCode: string;
  at: Date;
}

// ---------------------------------------------------------------------------------------------
// Views

export interface RegionName {
  code: string;
  name: string;
}

/** A site as pages show it; `phone` in full (an institution's published number). */
export interface SiteView {
  siteId: string;
  kind: SiteKind;
  kindLabel: string;
  name: string;
  region: RegionName;
  address: string;
  hours: string;
  phone: string;
  capacity?: number;
  services: SiteService[];
  serviceLabels: string[];
  status: SiteStatus;
  statusLabel: string;
  /** Where it is on the map (opens 导航 with wx.openLocation); absent when not placed. */
  location?: GeoPoint;
  /** Metres from the family's position, when the directory was asked with `near` and the site is placed. */
  distanceMeters?: number;
}

/** The public directory: the county's townships and villages to choose from, and the sites serving the chosen one. */
export interface DirectoryView {
  county?: RegionName;
  townships: (RegionName & { villages: RegionName[] })[];
  /** The division asked for (absent: every open site of the county). */
  region?: RegionName;
  /**
   * Nearest first: with `near`, the placed sites by distance, then the others; without it (or
   * after the placed ones) the division's own, then its township's, then county-wide.
   */
  sites: SiteView[];
}

/** The sites a township officer or the county manages. */
export interface ManagedSitesView {
  region: RegionName;
  sites: SiteView[];
  /** Divisions the caller may place a site in (their township and its villages; the county too for the county). */
  places: RegionName[];
}

/** Hours at one site. */
export interface SiteHours {
  siteId: string;
  siteName: string;
  minutes: number;
  shifts: number;
}

/** A volunteer's own record: their sign-up, an open check-in, and hours in total and per site. */
export interface MyVolunteerView {
  application?: {
    status: VolunteerStatus;
    statusLabel: string;
    region: RegionName;
    appliedAt: Date;
    decidedAt?: Date;
    decisionNote?: string;
  };
  /** True once approved and bound (the check-in page works). */
  active: boolean;
  openShift?: { shiftId: string; siteId: string; siteName: string; checkInAt: Date };
  totalMinutes: number;
  shifts: number;
  sites: SiteHours[];
  recent: { shiftId: string; siteName: string; checkInAt: Date; checkOutAt?: Date; minutes?: number; lapsed?: boolean }[];
}

/** A sign-up as the approving officer sees it. */
export interface ApplicationView {
  volunteerId: string;
  name: string;
  /** Masked (person.phone for township staff and the county is `reveal`). */
  phone: string;
  region: RegionName;
  note: string;
  status: VolunteerStatus;
  statusLabel: string;
  appliedAt: Date;
  decidedAt?: Date;
  decisionNote?: string;
}

/** The organiser's current check-in code for a site. */
export interface SiteCodeView {
  siteId: string;
  siteName: string;
  /** The text to put in the QR code. */
  code: string;
  /** When this window ends (the page refreshes then). */
  refreshAt: Date;
  windowSeconds: number;
}

/** A training as pages show it. */
export interface TrainingView {
  trainingId: string;
  title: string;
  day: string;
  place: string;
  township: RegionName;
  attendees: number;
}

/** The trainings of a township (or the county) this calendar year, and each township's count against the policy's two. */
export interface TrainingsView {
  region: RegionName;
  year: string;
  required: number;
  townships: { township: RegionName; held: number }[];
  trainings: TrainingView[];
  /** Townships the caller may hold a training for. */
  places: RegionName[];
}

/** The organiser's current attendance code for a training. */
export interface TrainingCodeView {
  trainingId: string;
  title: string;
  code: string;
  refreshAt: Date;
  windowSeconds: number;
}

/** What check-in and check-out answer. */
export interface ShiftView {
  shiftId: string;
  siteId: string;
  siteName: string;
  checkInAt: Date;
  checkOutAt?: Date;
  minutes?: number;
}

// ---------------------------------------------------------------------------------------------
// Inputs

const siteId = z.string().min(1).max(64);
const siteName = fields.freeText('站点名称', { max: COMMUNITY_LIMITS.siteName, min: 2 });
const code = z.string().trim().min(1, { message: '请扫描签到码' }).max(200);

export const SiteFields = z
  .object({
    kind: z.enum(SITE_KINDS, { message: '请选择站点类型' }),
    name: siteName,
    regionCode: fields.regionCode('服务的村（社区）或乡镇', { levels: ['county', 'township', 'village'] }),
    address: fields.freeText('地址', { max: COMMUNITY_LIMITS.address, min: 2 }),
    hours: fields.freeText('开放时间', { max: COMMUNITY_LIMITS.hours, min: 2 }),
    phone: fields.phone('联系电话'),
    capacity: z.number().int().min(0).max(COMMUNITY_LIMITS.capacityMax).optional(),
    services: z.array(z.enum(SITE_SERVICES)).min(1, { message: '请至少选择一项服务' }).max(SITE_SERVICES.length),
    status: z.enum(SITE_STATUSES).default('open'),
    // Where the site is on the map (chosen on 服务站点管理 with wx.chooseLocation): lets the
    // directory sort by distance from a family. Optional: a site without it sorts by division.
    location: fields.location('站点位置').optional(),
  })
  .strict();

export const communityContract = defineContract('community', () => ({
  directory: {
    summary: '服务站点目录（公开）：某个乡镇或村可以去的温馨家园、未成年人保护中心、社会组织服务点，可一键拨打电话',
    input: () =>
      z
        .object({
          regionCode: fields.regionCode('乡镇或村（社区）', { levels: ['township', 'village'] }).optional(),
          // The family's position (wx.getLocation), used for this one sort and never stored.
          near: fields.location('您的位置').optional(),
        })
        .strict(),
    output: returns<DirectoryView>(),
  },
  sites: {
    summary: '服务站点管理：本乡镇（县）的全部站点，含已停用的（乡镇工作人员、县民政局）',
    input: () => z.object({ regionCode: fields.regionCode('地区', { levels: ['county', 'township'] }).optional() }).strict(),
    output: returns<ManagedSitesView>(),
  },
  saveSite: {
    summary: '新增或修改服务站点（乡镇工作人员管本乡镇及其村的站点，县民政局管全县）',
    input: () => SiteFields.extend({ siteId: siteId.optional() }).strict(),
    output: returns<SiteView>(),
  },
  signUp: {
    summary: '志愿者报名（公开）：填写姓名、电话和服务的乡镇，等待乡镇工作人员或县民政局审核',
    input: () => z
      .object({
        name: fields.personName('姓名'),
        phone: fields.phone('手机号码'),
        regionCode: fields.regionCode('服务的乡镇或村（社区）', { levels: ['township', 'village'] }),
        note: fields.freeText('特长与可服务时间', { max: COMMUNITY_LIMITS.note }).default(''),
      })
      .strict(),
    output: returns<MyVolunteerView>(),
  },
  myVolunteer: {
    summary: '我的志愿服务：报名审核情况、当前签到、服务时长（合计与各站点）',
    input: () => z.object({}).strict(),
    output: returns<MyVolunteerView>(),
  },
  applications: {
    summary: '志愿者报名审核列表（乡镇工作人员看本乡镇，县民政局看全县）',
    input: () => z.object({ status: z.enum(VOLUNTEER_STATUSES).default('pending'), regionCode: fields.regionCode('地区', { levels: ['county', 'township'] }).optional() }).strict(),
    output: returns<{ items: ApplicationView[] }>(),
  },
  decide: {
    summary: '审核志愿者报名：通过即成为志愿者（可扫码签到），或不通过并说明原因',
    input: () => z
      .object({
        volunteerId: z.string().min(1).max(64),
        decision: z.enum(['approve', 'reject']),
        note: fields.freeText('审核意见', { max: COMMUNITY_LIMITS.note }).default(''),
      })
      .strict()
      .refine((v) => v.decision === 'approve' || v.note.length > 0, { message: '不通过时请填写审核意见', path: ['note'] }),
    output: returns<ApplicationView>(),
  },
  siteCode: {
    summary: '出示站点签到码：每分钟更换的二维码，志愿者扫码签到、签退（乡镇工作人员、县民政局）',
    input: () => z.object({ siteId }).strict(),
    output: returns<SiteCodeView>(),
  },
  checkIn: {
    summary: '志愿者扫码签到：扫描站点当前的签到码，开始记录服务时长',
    input: () => z.object({ code }).strict(),
    output: returns<ShiftView>(),
  },
  checkOut: {
    summary: '志愿者扫码签退：扫描同一站点当前的签到码，结束并记入服务时长',
    input: () => z.object({ code }).strict(),
    output: returns<ShiftView>(),
  },
  trainings: {
    summary: '志愿者培训：本年度各乡镇已举办的培训次数（每年至少2次）和每次的签到人数（乡镇工作人员、县民政局）',
    input: () => z.object({ regionCode: fields.regionCode('地区', { levels: ['county', 'township'] }).optional() }).strict(),
    output: returns<TrainingsView>(),
  },
  saveTraining: {
    summary: '登记一次志愿者培训（主题、日期、地点、举办乡镇），之后可出示培训签到码',
    input: () => z
      .object({
        title: fields.freeText('培训主题', { max: COMMUNITY_LIMITS.siteName, min: 2 }),
        day: fields.calendarDate('培训日期'),
        place: fields.freeText('培训地点', { max: COMMUNITY_LIMITS.address, min: 2 }),
        townshipCode: fields.regionCode('举办乡镇', { levels: ['township'] }),
      })
      .strict(),
    output: returns<TrainingView>(),
  },
  trainingCode: {
    summary: '出示培训签到码：每分钟更换的二维码，参训志愿者扫码记为出席',
    input: () => z.object({ trainingId: z.string().min(1).max(64) }).strict(),
    output: returns<TrainingCodeView>(),
  },
  attendTraining: {
    summary: '志愿者扫码参加培训：扫描培训当前的签到码，记为出席（每人每次培训一次）',
    input: () => z.object({ code }).strict(),
    output: returns<{ trainingId: string; title: string; day: string; alreadyRecorded: boolean }>(),
  },
  ...siteReferralActions,
  ...orgActions,
  ...activityActions,
  ...childCareActions,
}));
