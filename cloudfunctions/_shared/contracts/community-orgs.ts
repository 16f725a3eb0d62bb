/**
 * Social organisations and Youth League organisations (issue 18; policy §二(五)) — part of the
 * `community` action table (spread into `communityContract`; a file of its own to keep
 * community.ts short).
 *
 * - 社会组织: every township should be served by at least one specialised social organisation
 *   with full-time staff, giving 假期托管、课后辅导、心理辅导、亲情陪伴, running public-interest
 *   projects (温暖包、爱的背包…) and winning awards. The county admin and township staff keep the
 *   registry (township staff: organisations serving their township, and only their own township in
 *   the list of townships served); the organisation's own staff — `siteStaff` bound to one of its
 *   premises (directory entries of kind `organisation`) — add its projects and awards.
 * - 团组织: every Youth League organisation linked to at least one left-behind child (结对子).
 *   Township staff and the county register 乡镇团委 / 学校团委 / 村（社区）团支部 and pair them with
 *   children of their area; a child outside the organisation's area is refused.
 *
 * The board counts townships served by an organisation against all townships, and Youth League
 * organisations with and without a paired child (`_shared/indicators/community-orgs.ts`).
 * Days are Asia/Shanghai calendar days `YYYY-MM-DD`.
 */
import { z } from 'zod';
import { returns } from './define';
import { fields } from './fields';

// ---------------------------------------------------------------------------------------------
// Value sets and labels

/** What a social organisation offers (policy §二(五)). */
export const ORG_SERVICES = ['holidayCare', 'tutoring', 'counselling', 'companionship'] as const;
export type OrgService = (typeof ORG_SERVICES)[number];
export const ORG_SERVICE_LABELS: Record<OrgService, string> = {
  holidayCare: '假期托管',
  tutoring: '课后辅导',
  counselling: '心理辅导',
  companionship: '亲情陪伴',
};

/** An organisation is `active` (counts for its townships) or `closed` (kept, not counted). */
export const ORG_STATUSES = ['active', 'closed'] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];
export const ORG_STATUS_LABELS: Record<OrgStatus, string> = { active: '服务中', closed: '已停止服务' };

/** Levels of a Youth League organisation (团组织). */
export const LEAGUE_LEVELS = ['township', 'school', 'village'] as const;
export type LeagueLevel = (typeof LEAGUE_LEVELS)[number];
export const LEAGUE_LEVEL_LABELS: Record<LeagueLevel, string> = { township: '乡镇团委', school: '学校团委', village: '村（社区）团支部' };

/** Limits of the organisation forms. */
export const ORG_LIMITS = {
  name: 40,
  contacts: 5,
  staffMax: 1000,
  projects: 50,
  awards: 50,
  projectName: 40,
  reachedMax: 100_000,
  awardName: 60,
  issuer: 40,
  yearMin: 1990,
} as const;

/** Stable error codes of the organisation actions (the message is what the person reads). */
export const ORG_ERRORS = {
  TOWNSHIP_NOT_YOURS: '您只能增减本乡镇，其他乡镇请联系县民政局',
  PREMISES_INVALID: '服务点须是目录中“社会组织服务点”类型、且在您管辖范围内的站点',
  CHILD_OUTSIDE_ORG: '该儿童不在本团组织的联系范围内，不能结对',
  ALREADY_PAIRED: '该儿童已与本团组织结对',
  SCHOOL_REQUIRED: '学校团委请选择所在学校',
  CONTACT_PHONE_REQUIRED: '新的联系人请填写电话',
  CREDIT_CODE_TAKEN: '已有社会组织登记了这个统一社会信用代码',
  MEMBER_NOT_VOLUNTEER: '所选结对人不是本乡镇已审核通过的志愿者，请重新选择或直接填写姓名',
} as const;

/** The pages of this part. */
export const ORG_PAGES = {
  orgs: '/packageCommunity/pages/orgs/index',
  org: '/packageCommunity/pages/org/index',
  orgEdit: '/packageCommunity/pages/org-edit/index',
  league: '/packageCommunity/pages/league/index',
  leagueEdit: '/packageCommunity/pages/league-edit/index',
  leaguePair: '/packageCommunity/pages/league-pair/index',
} as const;

// ---------------------------------------------------------------------------------------------
// Stored documents

/** A named contact of an organisation; `phone` sealed as `person.phone` (masked to officials). */
export interface OrgContact {
  name: string;
  phone: { f: string; c: string; h?: string; m: string };
}

/** A public-interest project (公益项目) an organisation runs. */
export interface OrgProject {
  projectId: string;
  name: string;
  /** First and last day (the last may be open). */
  from: string;
  to?: string;
  childrenReached: number;
  townshipCode: string;
  updatedAt: Date;
  updatedBy: string;
}

/** An award an organisation received. */
export interface OrgAward {
  awardId: string;
  name: string;
  year: number;
  issuer: string;
  updatedAt: Date;
  updatedBy: string;
}

/** A social organisation (collection `socialOrgs`). */
export interface OrgDoc {
  _id: string;
  countyCode: string;
  /** Where it is registered: a township, or the county for a county-wide organisation. */
  regionCode: string;
  name: string;
  creditCode: string;
  /** The townships (9 digits) it serves. */
  townships: string[];
  fullTimeStaff: number;
  contacts: OrgContact[];
  services: OrgService[];
  /** Its premises: directory entries (`communitySites`) of kind `organisation`. */
  siteIds: string[];
  projects: OrgProject[];
  awards: OrgAward[];
  status: OrgStatus;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

/** A Youth League organisation (collection `leagueOrgs`). */
export interface LeagueOrgDoc {
  _id: string;
  countyCode: string;
  townshipCode: string;
  /** The township or village it belongs to (a school's township for 学校团委). */
  regionCode: string;
  level: LeagueLevel;
  schoolId?: string;
  name: string;
  contactName: string;
  contactPhone: { f: string; c: string; h?: string; m: string };
  /** Active pairings (kept in step with `leaguePairings`; the board counts the pairings themselves). */
  paired: number;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

/** A pairing of a Youth League organisation with a child (collection `leaguePairings`, `_id` = `<orgId>:<childId>`). */
export interface LeaguePairingDoc {
  _id: string;
  orgId: string;
  childId: string;
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  since: string;
  /** Who in the organisation keeps the pairing (a volunteer picked, or a name typed). */
  memberName: string;
  memberPersonId?: string;
  active: boolean;
  endedOn?: string;
  createdAt: Date;
  createdBy: string;
}

// ---------------------------------------------------------------------------------------------
// Views

interface Place {
  code: string;
  name: string;
}

/** A social organisation as its pages show it. */
export interface OrgView {
  orgId: string;
  name: string;
  creditCode: string;
  region: Place;
  townships: Place[];
  fullTimeStaff: number;
  /** Phones masked (`person.phone`). */
  contacts: { name: string; phone: string }[];
  services: OrgService[];
  serviceLabels: string[];
  premises: { siteId: string; name: string; address: string }[];
  /** Its bound 服务机构工作人员 (names), from invitations to its premises. */
  staffAccounts: string[];
  projects: (Omit<OrgProject, 'townshipCode' | 'updatedBy'> & { township: Place })[];
  awards: Omit<OrgAward, 'updatedBy'>[];
  status: OrgStatus;
  statusLabel: string;
  /** The caller may change the registry fields / add projects and awards. */
  canEdit: boolean;
  canRecord: boolean;
}

/** The organisations a township officer, the county or an organisation's staff sees, with each township's coverage. */
export interface OrgsView {
  region: Place;
  /** Each township of the area and how many active organisations serve it (policy: at least one). */
  coverage: { township: Place; orgs: number }[];
  covered: number;
  orgs: OrgView[];
  /** Townships the caller may put in an organisation's list. */
  places: Place[];
  /** Directory entries of kind `organisation` in the caller's area (premises to link). */
  premises: { siteId: string; name: string; region: string }[];
  /** True for a caller who may register organisations. */
  canRegister: boolean;
}

/** A Youth League organisation as its pages show it. */
export interface LeagueOrgView {
  leagueOrgId: string;
  name: string;
  level: LeagueLevel;
  levelLabel: string;
  region: Place;
  school?: { schoolId: string; name: string };
  contactName: string;
  /** Masked (`person.phone`). */
  contactPhone: string;
  paired: number;
}

/** A pairing as the organisation's page shows it (the child's name as the caller's role sees it). */
export interface LeaguePairingView {
  pairingId: string;
  childId: string;
  childName: string;
  village: string;
  since: string;
  memberName: string;
}

/** The Youth League organisations of an area. */
export interface LeagueOrgsView {
  region: Place;
  orgs: LeagueOrgView[];
  /** Organisations with no child paired (policy: each at least one). */
  unpaired: number;
  places: Place[];
  schools: { schoolId: string; name: string; townshipCode: string }[];
}

/** One Youth League organisation with its pairings, the children it may pair and the volunteers to pick from. */
export interface LeagueOrgDetailView {
  org: LeagueOrgView;
  pairings: LeaguePairingView[];
  candidates: { childId: string; childName: string; village: string }[];
  volunteers: { personId: string; name: string }[];
}

// ---------------------------------------------------------------------------------------------
// Inputs

const orgId = z.string().min(1).max(64).meta({ title: '社会组织' });
const leagueOrgId = z.string().min(1).max(64).meta({ title: '团组织' });
const year = z.number().int().min(ORG_LIMITS.yearMin).max(2100).meta({ title: '获奖年份' });

export const OrgFields = z
  .object({
    name: fields.freeText('机构名称', { max: ORG_LIMITS.name, min: 2, multiline: false }),
    creditCode: fields.creditCode('统一社会信用代码'),
    regionCode: fields.regionCode('登记所在地', { levels: ['county', 'township'] }),
    townships: z.array(fields.regionCode('服务的乡镇', { levels: ['township'] })).min(1, { message: '请至少选择一个服务的乡镇' }).max(100),
    fullTimeStaff: z.number().int().min(0).max(ORG_LIMITS.staffMax).meta({ title: '专职人员人数' }),
    contacts: z
      // A contact's phone left out keeps the one stored for that name (pages get it masked only).
      .array(z.object({ name: fields.personName('联系人姓名'), phone: fields.phone('联系人电话').optional() }).strict())
      .max(ORG_LIMITS.contacts)
      .default([]),
    services: z.array(z.enum(ORG_SERVICES)).min(1, { message: '请至少选择一项服务' }).max(ORG_SERVICES.length),
    siteIds: z.array(z.string().min(1).max(64).meta({ title: '服务点' })).max(20).default([]),
    status: z.enum(ORG_STATUSES).default('active'),
  })
  .strict();

export const orgActions = {
  orgs: {
    summary: '社会组织：本乡镇（县）的社会组织、各乡镇是否至少有1家服务（乡镇工作人员、县民政局；机构工作人员看本机构）',
    input: () => z.object({ regionCode: fields.regionCode('地区', { levels: ['county', 'township'] }).optional() }).strict(),
    output: returns<OrgsView>(),
  },
  org: {
    summary: '社会组织详情：服务的乡镇、专职人员、服务内容、服务点、公益项目和获奖情况',
    input: () => z.object({ orgId }).strict(),
    output: returns<OrgView>(),
  },
  saveOrg: {
    summary: '登记或修改社会组织（县民政局管全县；乡镇工作人员只能增减本乡镇）',
    input: () => OrgFields.extend({ orgId: orgId.optional() }).strict(),
    output: returns<OrgView>(),
  },
  saveOrgProject: {
    summary: '登记或修改社会组织的公益项目（如温暖包、爱的背包）：名称、起止日期、惠及儿童人数、实施乡镇',
    input: () => z
      .object({
        orgId,
        projectId: z.string().min(1).max(64).meta({ title: '项目' }).optional(),
        name: fields.freeText('项目名称', { max: ORG_LIMITS.projectName, min: 2, multiline: false }),
        from: fields.calendarDate('开始日期'),
        to: fields.calendarDate('结束日期').optional(),
        childrenReached: z.number().int().min(0).max(ORG_LIMITS.reachedMax).meta({ title: '惠及儿童人数' }),
        townshipCode: fields.regionCode('实施乡镇', { levels: ['township'] }),
      })
      .strict()
      .refine((v) => !v.to || v.to >= v.from, { message: '结束日期不能早于开始日期', path: ['to'] }),
    output: returns<OrgView>(),
  },
  saveOrgAward: {
    summary: '登记或修改社会组织获得的奖项：名称、年份、颁发单位',
    input: () => z
      .object({
        orgId,
        awardId: z.string().min(1).max(64).meta({ title: '奖项' }).optional(),
        name: fields.freeText('奖项名称', { max: ORG_LIMITS.awardName, min: 2, multiline: false }),
        year,
        issuer: fields.freeText('颁发单位', { max: ORG_LIMITS.issuer, min: 2, multiline: false }),
      })
      .strict(),
    output: returns<OrgView>(),
  },
  leagueOrgs: {
    summary: '团组织：本乡镇（县）的乡镇团委、学校团委、村团支部及各自结对的留守儿童人数（每个团组织至少结对1名）',
    input: () => z.object({ regionCode: fields.regionCode('地区', { levels: ['county', 'township'] }).optional() }).strict(),
    output: returns<LeagueOrgsView>(),
  },
  leagueOrg: {
    summary: '团组织详情：结对的儿童、可结对的儿童和可选的志愿者',
    input: () => z.object({ leagueOrgId }).strict(),
    output: returns<LeagueOrgDetailView>(),
  },
  saveLeagueOrg: {
    summary: '登记或修改团组织（名称、级别、所在乡镇或村、学校、联系人）',
    input: () => z
      .object({
        leagueOrgId: leagueOrgId.optional(),
        name: fields.freeText('团组织名称', { max: ORG_LIMITS.name, min: 2, multiline: false }),
        level: z.enum(LEAGUE_LEVELS, { message: '请选择团组织级别' }),
        regionCode: fields.regionCode('所在乡镇或村（社区）', { levels: ['township', 'village'] }),
        schoolId: z.string().min(1).max(64).meta({ title: '所在学校' }).optional(),
        contactName: fields.personName('联系人姓名'),
        // Left out when changing an organisation: the stored number stays (pages get it masked only).
        contactPhone: fields.phone('联系人电话').optional(),
      })
      .strict(),
    output: returns<LeagueOrgView>(),
  },
  pairLeagueChild: {
    summary: '团组织与留守儿童结对：选择儿童、结对日期和团组织中的结对人（本团组织联系范围内的儿童）',
    input: () => z
      .object({
        leagueOrgId,
        childId: z.string().min(1).max(64),
        since: fields.calendarDate('结对日期', { notFuture: true }),
        memberName: fields.personName('结对人姓名'),
        memberPersonId: z.string().min(1).max(64).meta({ title: '结对人' }).optional(),
      })
      .strict(),
    output: returns<LeagueOrgDetailView>(),
  },
  endLeaguePairing: {
    summary: '结束团组织与儿童的结对',
    input: () => z.object({ pairingId: z.string().min(1).max(140).meta({ title: '结对' }) }).strict(),
    output: returns<LeagueOrgDetailView>(),
  },
};
