/**
 * Care activities at service sites (关爱活动; policy §二(四)–(五): 假期托管、课后辅导、心理辅导、亲情陪伴,
 * 法治安全讲座) and a volunteer's certificate of service (志愿服务证明); part of the `community`
 * contract (community.ts spreads `activityActions` into it). docs/community.md "关爱活动",
 * "志愿服务证明".
 *
 * Days are Asia/Shanghai calendar days `YYYY-MM-DD`; times of day are Asia/Shanghai wall-clock
 * `HH:mm`; instants are UTC `Date`s (ISO strings on the wire); durations are whole minutes.
 */
import { z } from 'zod';
import { fields } from './fields';
import { returns } from './define';

/** Kinds of activity (policy §二(五) 假期托管、课后辅导、心理辅导、亲情陪伴; §二(四) 法治安全讲座). */
export const ACTIVITY_KINDS = ['talk', 'tutoring', 'holidayCare', 'companionship', 'counselling'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  talk: '讲座',
  tutoring: '课业辅导',
  holidayCare: '假期托管',
  companionship: '亲情陪伴',
  counselling: '心理辅导',
};

export const ACTIVITY_LIMITS = {
  theme: 40,
  /** Children an organiser may mark as attending one activity (a holiday day care of a township). */
  childrenMax: 300,
  /** Candidates listed on the activity page (by name). */
  candidatesMax: 300,
} as const;

/** Stable refusals of the activity actions (the message is what the organiser or volunteer reads). */
export const ACTIVITY_ERRORS = {
  SITE_NOT_YOURS: '只能在您管辖范围内（或您所在机构）的站点组织活动',
  SITE_COUNTY_WIDE: '全县性的站点（如未成年人保护中心）暂不能登记活动，请选择服务某个乡镇或村的站点',
  SITE_CLOSED: '该站点已停用，不能组织活动',
  NOT_ACTIVITY_DAY: '只有活动当天才能出示签到码',
  NOT_HELD_YET: '活动当天或之后才能登记到场儿童',
  CHILD_OUTSIDE_SITE: '只能登记该站点服务范围内的在册儿童',
  TIME_ORDER: '结束时间须晚于开始时间',
  DAY_TOO_EARLY: '只能补记30天内举办的活动',
  DAY_TOO_LATE: '活动日期不能晚于一年以后',
  ATTENDANCE_RECORDED: '这次活动已登记到场儿童或志愿者，不能再改日期或站点；如活动改期，请另行计划一次',
} as const;

/** How far back an activity may be entered after the fact, and how far ahead planned (days). */
export const ACTIVITY_DAY_LIMITS = { pastDays: 30, aheadDays: 366 } as const;

/** The pages of activities and the certificate. */
export const ACTIVITY_PAGES = {
  activities: '/packageCommunity/pages/activities/index',
  activity: '/packageCommunity/pages/activity/index',
  activityEdit: '/packageCommunity/pages/activity-edit/index',
  certificate: '/packageCommunity/pages/certificate/index',
} as const;

// ---------------------------------------------------------------------------------------------
// Stored documents

/** A care activity at a site (collection `careActivities`). */
export interface ActivityDoc {
  _id: string;
  countyCode: string;
  /** The township of the site (the board counts the activity there). */
  townshipCode: string;
  /** The site's division (a village or the township): where its children come from. */
  regionCode: string;
  siteId: string;
  siteName: string;
  kind: ActivityKind;
  theme: string;
  /** The day it is held (Asia/Shanghai). */
  day: string;
  /** Wall-clock `HH:mm`, Asia/Shanghai. */
  start: string;
  end: string;
  /** Children the organiser marked as attending (at most `childrenMax`). */
  childIds: string[];
  /** Volunteers who scanned its code (one per person, `activityAttendance`). */
  volunteers: number;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

/** One volunteer's attendance at an activity (collection `activityAttendance`, `_id` = `<activityId>:<personId>`). */
export interface ActivityAttendanceDoc {
  _id: string;
  activityId: string;
  personId: string;
  townshipCode: string;
  at: Date;
}

// ---------------------------------------------------------------------------------------------
// Views

/** An activity as lists show it. */
export interface ActivityView {
  activityId: string;
  kind: ActivityKind;
  kindLabel: string;
  theme: string;
  day: string;
  start: string;
  end: string;
  siteId: string;
  siteName: string;
  township: { code: string; name: string };
  children: number;
  volunteers: number;
  /** `planned` (a later day), `today`, `held` (an earlier day). */
  when: 'planned' | 'today' | 'held';
}

/** A site the caller may plan an activity at. */
export interface ActivitySiteOption {
  siteId: string;
  name: string;
  region: string;
}

/** This year's activities of the caller's area (or of their site), and where they may plan one. */
export interface ActivitiesView {
  region: { code: string; name: string };
  year: string;
  /** Planned ones (today and later) first by day, then those held, newest first. */
  activities: ActivityView[];
  sites: ActivitySiteOption[];
  /** Held this year (to today) and children reached (distinct). */
  held: number;
  childrenReached: number;
}

/** One activity with its attendance (children's names as the caller's role sees them). */
export interface ActivityDetailView {
  activity: ActivityView;
  /** Children marked as attending. */
  attended: { childId: string; childName: string; village: string }[];
  /** Active children of the site's village (or township) not marked yet, by name (at most `candidatesMax`). */
  candidates: { childId: string; childName: string; village: string }[];
  /** Volunteers who scanned the code, in order of scanning. */
  volunteers: { name: string; at: Date }[];
  /** True from the activity's day on (children may be marked). */
  canMark: boolean;
  /** True on the activity's day (the code may be shown). */
  canShowCode: boolean;
}

/** The organiser's current attendance code for an activity. */
export interface ActivityCodeView {
  activityId: string;
  title: string;
  code: string;
  refreshAt: Date;
  windowSeconds: number;
}

/** A volunteer's certificate of service (志愿服务证明) for one calendar year, from the recorded shifts. */
export interface CertificateView {
  name: string;
  county: string;
  year: string;
  /** First and last day of the period (the last: today for the current year). */
  from: string;
  to: string;
  totalMinutes: number;
  /** Hours with one decimal (`12.5`). */
  hours: string;
  /** Shifts that counted minutes (a lapsed check-in is not one). */
  shifts: number;
  sites: { siteName: string; minutes: number; hours: string; shifts: number }[];
  trainings: { title: string; day: string }[];
  activities: { theme: string; kindLabel: string; day: string; siteName: string }[];
  /** The day it was issued (today, Asia/Shanghai). */
  issuedOn: string;
  /** Years that may be asked for: from the sign-up's (or first shift's) year to this one, newest first. */
  years: string[];
}

// ---------------------------------------------------------------------------------------------
// Inputs

const activityId = z.string().min(1).max(64).meta({ title: '活动' });
const timeOfDay = (title: string) =>
  z
    .string()
    .trim()
    // The router puts the label in front of the message (开始时间：…).
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '请填写如 09:00 的时间' })
    .meta({ title });
const code = z.string().trim().min(1, { message: '请扫描签到码' }).max(200).meta({ title: '签到码' });

export const ActivityFields = z
  .object({
    kind: z.enum(ACTIVITY_KINDS, { message: '请选择活动类型' }).meta({ title: '活动类型' }),
    theme: fields.freeText('活动主题', { max: ACTIVITY_LIMITS.theme, min: 2, multiline: false }),
    day: fields.calendarDate('活动日期'),
    start: timeOfDay('开始时间'),
    end: timeOfDay('结束时间'),
    siteId: z.string().min(1).max(64).meta({ title: '活动站点' }),
  })
  .strict();

/** The activity actions of the `community` contract. */
export const activityActions = {
  activities: {
    summary: '关爱活动：本年度在各服务站点开展的讲座、课业辅导、假期托管等活动，到场儿童和志愿者人数（乡镇工作人员、县民政局、服务机构工作人员）',
    input: () => z.object({ regionCode: fields.regionCode('地区', { levels: ['county', 'township'] }).optional() }).strict(),
    output: returns<ActivitiesView>(),
  },
  activity: {
    summary: '关爱活动详情：到场儿童（可勾选登记）、扫码签到的志愿者',
    input: () => z.object({ activityId }).strict(),
    output: returns<ActivityDetailView>(),
  },
  saveActivity: {
    summary: '计划或修改一次关爱活动（类型、主题、日期、起止时间、站点）；日期在以后的，告知本乡镇的志愿者',
    input: () => ActivityFields.extend({ activityId: activityId.optional() })
      .strict()
      .refine((v) => v.end > v.start, { message: ACTIVITY_ERRORS.TIME_ORDER, path: ['end'], params: { code: 'TIME_ORDER' } }),
    output: returns<ActivityView>(),
  },
  activityCode: {
    summary: '出示活动签到码：活动当天每分钟更换的二维码，到场志愿者扫码记为出席',
    input: () => z.object({ activityId }).strict(),
    output: returns<ActivityCodeView>(),
  },
  attendActivity: {
    summary: '志愿者扫码参加关爱活动：扫描活动当前的签到码，记为出席（每人每次活动一次）',
    input: () => z.object({ code }).strict(),
    output: returns<{ activityId: string; title: string; day: string; alreadyRecorded: boolean }>(),
  },
  markActivityChildren: {
    summary: '登记关爱活动的到场儿童（从站点所在村或乡镇的在册儿童中勾选）',
    input: () => z
      .object({
        activityId,
        childIds: z.array(z.string().min(1).max(64).meta({ title: '儿童' })).max(ACTIVITY_LIMITS.childrenMax, { message: `一次活动最多登记${ACTIVITY_LIMITS.childrenMax}名儿童` }).meta({ title: '到场儿童' }),
      })
      .strict(),
    output: returns<ActivityDetailView>(),
  },
  myCertificate: {
    summary: '志愿服务证明：本人某一年度的服务时长、次数、服务站点、参加的培训和活动（由签到记录生成）',
    input: () => z
      .object({ year: z.string().regex(/^\d{4}$/, { message: '请选择年份' }).meta({ title: '年度' }).optional() })
      .strict(),
    output: returns<CertificateView>(),
  },
};
