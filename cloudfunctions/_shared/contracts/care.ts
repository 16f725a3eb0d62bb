import { z } from 'zod';
import { fields } from './fields';
import { defineContract, returns } from './define';

/**
 * Care-work contracts (docs/care.md): scheduled home visits (定期走访), 1+1+1 care pairings
 * (结对帮扶) and immediate reports (强制报告 / 第一时间报告) — policy §二(一)(二)(四): the `care`
 * function's action table (`careContract`), its inputs, the views it answers with, and the
 * stored documents.
 *
 * Dates are Asia/Shanghai calendar days `YYYY-MM-DD`; instants are UTC `Date`s.
 *
 * Longer than 500 lines: the domain's whole action table (inputs, outputs, view types) is the
 * seam the mini-program is generated from, kept in one file per domain.
 */

/**
 * Risk levels (重点 / 关注 / 一般), as `RiskLevel` in contracts/registry.ts (repeated here so the
 * mini-program can import this file's types without pulling in the registry's server-only types).
 */
export type RiskLevel = 'focus' | 'attention' | 'regular';

// ---------------------------------------------------------------------------------------------
// Visits

/** How a visit was made: at home, by phone, at school. */
export const VISIT_KINDS = ['home', 'phone', 'school'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

/**
 * Headings visit findings are written under: the sections of the national per-child form
 * (shared/domain/registration-form.md) — the child's health and schooling, the family, the actual
 * guardianship, family income, assistance received — plus anything else.
 */
export const FINDING_HEADINGS = ['health', 'schooling', 'family', 'guardianship', 'income', 'assistance', 'other'] as const;
export type FindingHeading = (typeof FINDING_HEADINGS)[number];

/** Where a visit date stands against today (Asia/Shanghai). */
export const VISIT_STATUSES = ['overdue', 'dueToday', 'upcoming'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** A location check-in, taken only with the visitor's consent. */
export interface VisitLocation {
  latitude: number;
  longitude: number;
  /** Metres, as the phone reports it. */
  accuracy?: number;
  /** Always true: a location is stored only when the visitor agreed to share it. */
  consent: true;
}

/** A visit record (collection `visits`, `_id` from visitor + client request id). */
export interface VisitDoc {
  _id: string;
  childId: string;
  /** Where the child lived at the time of the visit. */
  villageCode: string;
  townshipCode: string;
  countyCode: string;
  /** The day of the visit. */
  date: string;
  kind: VisitKind;
  visitor: { personId: string; role: string; pairingKind?: string };
  /** Findings by heading (at least one), Chinese free text ≤ 500 each. */
  findings: Partial<Record<FindingHeading, string>>;
  /** Up to 9 photo fileIDs in cloud storage. */
  photos: string[];
  location?: VisitLocation & { at: Date };
  /** The child's risk level when the visit was recorded. */
  riskLevel: RiskLevel;
  requestId: string;
  createdAt: Date;
}

/** Last visit of a child (collection `visitLedger`, `_id` = child id); the plan is derived from it. */
export interface VisitLedgerDoc {
  _id: string;
  lastVisitOn: string;
  lastVisitId: string;
  updatedAt: Date;
}

/** A child's visit plan, derived from the current risk level and the last visit. */
export interface VisitPlan {
  childId: string;
  riskLevel: RiskLevel;
  intervalDays: number;
  /** Day of the last visit, or undefined when never visited. */
  lastVisitOn?: string;
  /** The day the next visit is due. */
  dueOn: string;
  status: VisitStatus;
  /** Days past due (0 unless overdue). */
  daysOverdue: number;
}

/** One row of a due/overdue list (masked child name, no other personal data). */
export interface DueVisitItem extends VisitPlan {
  childName: string;
  villageCode: string;
  /** The village's name (村/社区), for people. */
  villageName: string;
}

// ---------------------------------------------------------------------------------------------
// Pairings

/** Places of a 1+1+1 triad: a village cadre, a grid worker or volunteer, a neighbour. */
export const PAIRING_SLOTS = ['cadre', 'helper', 'neighbour'] as const;
export type PairingSlot = (typeof PAIRING_SLOTS)[number];

/** Which pairing-member kinds (GLOSSARY) may fill each place. */
export const SLOT_KINDS: Record<PairingSlot, readonly string[]> = {
  cadre: ['cadre'],
  helper: ['gridWorker', 'volunteer'],
  neighbour: ['neighbour'],
};

/** The policy's four kinds of care (§二(四)): 生活上帮一帮，学习上补一补，心理上聊一聊，情感上连一连. */
export const CARE_KINDS = ['life', 'study', 'mind', 'emotion'] as const;
export type CareKind = (typeof CARE_KINDS)[number];

/** A member in a place of the triad. */
export interface PairingMemberRef {
  personId: string;
  bindingId: string;
  /** cadre / gridWorker / volunteer / neighbour. */
  kind: string;
  since: Date;
}

/** A child's 1+1+1 pairing (collection `carePairings`, `_id` = child id). */
export interface PairingDoc {
  _id: string;
  childId: string;
  members: Partial<Record<PairingSlot, PairingMemberRef>>;
  /** True when every place is filled. */
  complete: boolean;
  updatedAt: Date;
}

/** A logged piece of care (collection `pairingActivities`, `_id` from member + request id). */
export interface PairingActivityDoc {
  _id: string;
  childId: string;
  personId: string;
  kind: CareKind;
  date: string;
  note: string;
  createdAt: Date;
}

/** Coverage of one region: focus children and those with a complete triad. */
export interface CoverageRow {
  regionCode: string;
  /** The region's name (县 / 乡镇 / 村), for people. */
  regionName: string;
  level: 'county' | 'township' | 'village';
  focusChildren: number;
  complete: number;
  /** complete / focusChildren, 0–1 (1 when there are no focus children). */
  ratio: number;
}

// ---------------------------------------------------------------------------------------------
// Immediate reports

/** Kinds of immediate report (policy §二(一); the issue adds abuse/neglect and other). */
export const REPORT_KINDS = ['livingAlone', 'missing', 'guardianIncapable', 'abuseNeglect', 'other'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** How a report ended. */
export const REPORT_OUTCOMES = ['childSafe', 'guardianArranged', 'placed', 'referredToPolice', 'unfounded', 'other'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

/** An entry of a report's action log. */
export interface ReportActionEntry {
  at: Date;
  by: { personId: string; role: string };
  text: string;
  requestId?: string;
}

/** An immediate report (collection `careReports`, `_id` from reporter + client request id). */
export interface ReportDoc {
  _id: string;
  kind: ReportKind;
  /** The child file, when there is one. */
  childId?: string;
  /** For a child not yet registered: how to find the child (Chinese, ≤ 200). */
  childDescription?: string;
  villageCode: string;
  townshipCode: string;
  countyCode: string;
  /** What the reporter saw (Chinese, ≤ 500). */
  note: string;
  reporter: { personId: string; role: string };
  requestId: string;
  status: ReportStatus;
  reportedAt: Date;
  /** Acknowledge before this instant (county-set minutes per kind). */
  ackDueAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy?: { personId: string; role: string };
  /** Set when the acknowledgement time ran out and the county was told. */
  escalatedAt: Date | null;
  escalationNotified?: boolean;
  /** Person ids told at once (township staff and police of the township). */
  recipients: string[];
  actions: ReportActionEntry[];
  closedAt: Date | null;
  outcome?: ReportOutcome;
  closingNote?: string;
  signedOffBy?: { personId: string };
}

/** Chinese labels users see. */
export const CARE_LABELS = {
  visitKind: { home: '入户走访', phone: '电话走访', school: '到校走访' } as Record<VisitKind, string>,
  heading: {
    health: '健康状况',
    schooling: '就学情况',
    family: '家庭情况',
    guardianship: '实际监护情况',
    income: '家庭经济来源',
    assistance: '帮扶救助情况',
    other: '其他情况',
  } as Record<FindingHeading, string>,
  visitStatus: { overdue: '已逾期', dueToday: '今日到期', upcoming: '未到期' } as Record<VisitStatus, string>,
  slot: { cadre: '村（社区）干部', helper: '网格员或志愿者', neighbour: '邻居' } as Record<PairingSlot, string>,
  careKind: { life: '生活上帮一帮', study: '学习上补一补', mind: '心理上聊一聊', emotion: '情感上连一连' } as Record<CareKind, string>,
  reportKind: {
    livingAlone: '脱离监护单独居住',
    missing: '失踪',
    guardianIncapable: '监护人丧失监护能力',
    abuseNeglect: '遭受侵害或疏于照料',
    other: '其他',
  } as Record<ReportKind, string>,
  /** ≤ 5 characters, for the `phrase` keyword of the `reportToHandle` subscribe message. */
  reportKindShort: { livingAlone: '独居', missing: '失踪', guardianIncapable: '监护缺失', abuseNeglect: '侵害', other: '其他' } as Record<ReportKind, string>,
  reportStatus: { open: '待确认', acknowledged: '处置中', closed: '已办结' } as Record<ReportStatus, string>,
  outcome: {
    childSafe: '儿童已安全',
    guardianArranged: '已落实监护人',
    placed: '已临时安置',
    referredToPolice: '已移交公安处理',
    unfounded: '经核实情况不属实',
    other: '其他',
  } as Record<ReportOutcome, string>,
};

// ---------------------------------------------------------------------------------------------
// Inputs

const day = (label: string) => fields.calendarDate(label, { notFuture: true });
const id = z.string().min(1).max(80).meta({ title: '编号' });
/** Client request id: the same id submitted twice gives one record. */
export const requestIdSchema = z.string().min(8, '至少8位').max(64).meta({ title: '提交编号' });
const text = (label: string, max: number, min = 1) => fields.freeText(label, { max, min });

export const recordVisitInput = z
  .object({
    childId: id,
    requestId: requestIdSchema,
    date: day('走访日期'),
    kind: z.enum(VISIT_KINDS).meta({ title: '走访方式' }),
    findings: z
      .object(Object.fromEntries(FINDING_HEADINGS.map((h) => [h, text(CARE_LABELS.heading[h], 500).optional()])) as Record<FindingHeading, z.ZodOptional<ReturnType<typeof text>>>)
      .strict()
      .refine((f) => Object.values(f).some((v) => !!v), '请至少填写一项走访情况'),
    // Photos of this environment, in the visit photo slot (storage rules: visits/).
    photos: z.array(fields.fileId('走访照片', { under: ['visits/'] })).max(9).default([]),
    location: z
      .object({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        accuracy: z.number().min(0).max(100_000).optional(),
        consent: z.literal(true, '定位需经本人同意'),
      })
      .strict()
      .optional(),
  })
  .strict();
export type RecordVisitInput = z.input<typeof recordVisitInput>;

/** Where to upload a visit's photos: one slot per photo, for this child, handed to the visitor. */
export const visitPhotoSlotsInput = z
  .object({
    childId: id,
    count: z.number().int().min(1).max(9).meta({ title: '照片张数' }),
    ext: z.enum(['jpg', 'png']).default('jpg').meta({ title: '照片格式' }),
  })
  .strict();

export const reportInput = z
  .object({
    requestId: requestIdSchema,
    kind: z.enum(REPORT_KINDS).meta({ title: '报告类型' }),
    childId: id.optional(),
    villageCode: fields.regionCode('儿童所在村（社区）', { levels: ['village'] }).optional(),
    childDescription: text('儿童情况', 200).optional(),
    note: text('报告内容', 500),
  })
  .strict()
  .refine((r) => !!r.childId || (!!r.villageCode && !!r.childDescription), '请选择儿童档案，或填写儿童所在村（社区）和儿童情况');
export type ReportInput = z.input<typeof reportInput>;

const reportIdInput = z.object({ reportId: id }).strict();
const settingDays = z.number().int().min(1).max(365);
const ackMinutes = z.number().int().min(5).max(7 * 24 * 60);

// ---------------------------------------------------------------------------------------------
// Views (what the function answers; instants are `Date`s here, ISO strings on the wire)

/** Overdue / due today / upcoming counts of a visit list. */
export interface VisitCounts {
  overdue: number;
  dueToday: number;
  upcoming: number;
}

/** A visit as `listVisits` shows it (the location only for staff the masking table lets see it). */
export interface VisitView {
  visitId: string;
  childId: string;
  date: string;
  kind: VisitKind;
  visitor: { personId: string; role: string; name: string; pairingKind?: string };
  findings: Partial<Record<FindingHeading, string>>;
  photos: string[];
  /** Links to show the photos (same order; valid for 2 hours; '' for a file that is gone): rules let a client read only its own uploads. */
  photoUrls: string[];
  riskLevel: RiskLevel;
  villageCode: string;
  createdAt: Date;
  location?: { latitude: number; longitude: number; accuracy?: number };
}

/** A report row of lists and 工作台. */
export interface ReportRow {
  reportId: string;
  kind: ReportKind;
  status: ReportStatus;
  childId: string | null;
  villageCode: string;
  /** The village's name (村/社区), for people. */
  villageName: string;
  reportedAt: Date;
  ackDueAt: Date;
  /** Open and past its acknowledgement limit. */
  ackOverdue: boolean;
  escalatedAt: Date | null;
  closedAt: Date | null;
  outcome: ReportOutcome | null;
}

/** A report as its handlers see it (names of the people who acted; the child's name masked per role). */
export interface ReportView extends ReportRow {
  childName: string;
  childDescription: string | null;
  townshipCode: string;
  note: string;
  reporter: { role: string; name: string };
  acknowledgedAt: Date | null;
  acknowledgedBy: { role: string; name: string } | null;
  actions: { at: Date; by: { role: string; name: string }; text: string }[];
  closingNote: string | null;
  signedOffBy: { name: string } | null;
}

/** 工作台 today: visits due or overdue and the reports to handle. */
export interface TasksView {
  today: string;
  visits: DueVisitItem[];
  reports: ReportRow[];
  counts: VisitCounts & { reportsOpen: number; reports: number };
}

/** Who fills each place of a child's triad. */
export interface PairingMembersView {
  childId: string;
  complete: boolean;
  members: { slot: PairingSlot; filled: boolean; personId: string | null; name: string; kind: string | null; since: Date | null }[];
}

/** A child's pairing with its latest care activities and counts by kind of care. */
export interface PairingView extends PairingMembersView {
  /** The child's name as the caller may see it (masking table `child.name`). */
  childName: string;
  riskLevel: RiskLevel;
  activities: { activityId: string; kind: CareKind; date: string; note: string; by: { personId: string; name: string } }[];
  counts: Record<string, number>;
}

/** A pairing member who may fill a place of a child's triad. */
export interface PairingCandidate {
  personId: string;
  name: string;
  kind: string | undefined;
  slot: PairingSlot | undefined;
  villageCode: string | null;
}

/** A child the caller is paired with. */
export interface MyPairing {
  childId: string;
  childName: string;
  slot: PairingSlot | undefined;
  complete: boolean;
  lastCareOn: string | null;
  plan: VisitPlan | null;
}

/** The county's care settings. */
export interface CareSettingsView {
  countyCode: string;
  /** Days between visits by risk level. */
  visitIntervalDays: Record<RiskLevel, number>;
  /** Minutes to acknowledge an immediate report, by kind. */
  reportAckMinutes: Record<ReportKind, number>;
}

// ---------------------------------------------------------------------------------------------
// The action table

export const careContract = defineContract('care', () => ({
  visitPhotoSlots: {
    summary: '为走访照片分配一次性上传位置（本人、该儿童，每张一个；recordVisit 只收这些位置里的照片）',
    input: () => visitPhotoSlotsInput,
    output: returns<{ slots: Array<{ cloudPath: string; expiresAt: Date }> }>(),
  },
  recordVisit: {
    summary: '记录一次走访：日期、走访人、方式（入户/电话/到校）、按登记表栏目填写的情况、照片、经同意的定位',
    input: () => recordVisitInput,
    output: returns<{ visitId: string; duplicate: boolean; plan: VisitPlan }>(),
  },
  listVisits: {
    summary: '查看儿童的走访计划与走访记录（新的在前）',
    input: () => z.object({ childId: id, limit: z.number().int().min(1).max(100).default(20) }).strict(),
    output: returns<{ childName: string; plan: VisitPlan | null; visits: VisitView[] }>(),
  },
  dueVisits: {
    summary: '我的走访清单：已逾期、今日到期及近期到期的走访（按北京时间日历日）',
    input: () => z.object({ horizonDays: z.number().int().min(0).max(90).default(7) }).strict(),
    output: returns<{ today: string; items: DueVisitItem[]; counts: VisitCounts }>(),
  },
  myTasks: {
    summary: '工作台：我今天的任务（到期与逾期的走访、待处理的报告）',
    input: () => z.object({}).strict(),
    output: returns<TasksView>(),
  },
  pairingCandidates: {
    summary: '可结对的帮扶人：本辖区已绑定的村干部、网格员、志愿者、邻居',
    input: () => z.object({ childId: id }).strict(),
    output: returns<{ candidates: PairingCandidate[] }>(),
  },
  setPairingMember: {
    summary: '落实"1+1+1"结对：为儿童指定村干部、网格员或志愿者、邻居',
    input: () => z.object({ childId: id, slot: z.enum(PAIRING_SLOTS).meta({ title: '结对类型' }), personId: id }).strict(),
    output: returns<PairingMembersView>(),
  },
  removePairingMember: {
    summary: '解除结对：空出儿童"1+1+1"中的一个位置',
    input: () => z.object({ childId: id, slot: z.enum(PAIRING_SLOTS).meta({ title: '结对类型' }) }).strict(),
    output: returns<PairingMembersView>(),
  },
  getPairing: {
    summary: '查看儿童的"1+1+1"结对及关爱活动',
    input: () => z.object({ childId: id }).strict(),
    output: returns<PairingView>(),
  },
  logCareActivity: {
    summary: '记录一次关爱活动（生活上帮一帮、学习上补一补、心理上聊一聊、情感上连一连）',
    input: () => z
      .object({
        childId: id,
        requestId: requestIdSchema,
        kind: z.enum(CARE_KINDS).meta({ title: '关爱类型' }),
        date: day('活动日期'),
        note: text('活动内容', 500, 2),
      })
      .strict(),
    output: returns<{ activityId: string; duplicate: boolean }>(),
  },
  pairingCoverage: {
    summary: '"1+1+1"覆盖率：各村、各乡镇重点对象中结对齐全的人数与比例',
    input: () => z.object({ regionCode: z.string().regex(/^\d{6}(\d{3}){0,2}$/, '区划代码须为6、9或12位数字').optional() }).strict(),
    output: returns<{
      regionCode: string;
      total: CoverageRow;
      rows: CoverageRow[];
      incomplete: { childId: string; childName: string; villageCode: string; villageName: string; missing: PairingSlot[] }[];
    }>(),
  },
  myPairings: {
    summary: '我结对的儿童：我的位置、最近关爱活动、下次走访',
    input: () => z.object({}).strict(),
    output: returns<{ children: MyPairing[] }>(),
  },
  submitReport: {
    summary: '强制报告（一键）：儿童脱离监护独居、失踪、监护人丧失监护能力、遭受侵害或疏于照料等，立即报告乡镇和公安',
    input: () => reportInput,
    output: returns<{
      reportId: string;
      duplicate: boolean;
      status: ReportStatus;
      ackDueAt: Date;
      /** People told, the reporter not counted. */
      notified: number;
      notifiedWho: 'region' | 'county' | 'nobody';
      nobodyReached: boolean;
      /** Who was told, by role: the county admins stand in for a township or police station with nobody in the system. */
      told: { townshipStaff: number; police: number; countyAdmin: number };
    }>(),
  },
  listReports: {
    summary: '报告列表：本辖区的强制报告（待处理/已办结/全部）',
    input: () => z.object({ status: z.enum(['active', 'closed', 'all']).default('active'), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    output: returns<{ reports: ReportRow[] }>(),
  },
  getReport: { summary: '查看一份强制报告：情况、确认、处置记录、办结结果', input: () => reportIdInput, output: returns<ReportView>() },
  acknowledgeReport: {
    summary: '确认收到强制报告（乡镇工作人员、公安、县民政）',
    input: () => reportIdInput,
    output: returns<ReportView & { alreadyAcknowledged: boolean }>(),
  },
  addReportAction: {
    summary: '记录处置措施（如已到场核实、已联系父母）',
    input: () => z.object({ reportId: id, requestId: requestIdSchema, text: text('处置情况', 500, 2) }).strict(),
    output: returns<ReportView>(),
  },
  closeReport: {
    summary: '办结强制报告：填写结果，由乡镇负责人（主管）签字确认',
    input: () => z.object({ reportId: id, outcome: z.enum(REPORT_OUTCOMES).meta({ title: '办结结果' }), note: text('办结情况', 500, 4) }).strict(),
    output: returns<ReportView & { alreadyClosed: boolean }>(),
  },
  myReports: {
    summary: '我提交的强制报告及处理进度',
    input: () => z.object({}).strict(),
    output: returns<{ reports: (ReportRow & { acknowledgedAt: Date | null })[] }>(),
  },
  careSettings: {
    summary: '查看本县关爱工作设置：各风险等级的走访周期、各类报告的确认时限',
    input: () => z.object({}).strict(),
    output: returns<CareSettingsView>(),
  },
  updateCareSettings: {
    summary: '修改本县关爱工作设置（县民政局管理员）',
    input: () => z
      .object({
        visitIntervalDays: z.object({ focus: settingDays, attention: settingDays, regular: settingDays }).partial().strict().optional(),
        reportAckMinutes: z
          .object(Object.fromEntries(REPORT_KINDS.map((k) => [k, ackMinutes])) as Record<ReportKind, typeof ackMinutes>)
          .partial()
          .strict()
          .optional(),
      })
      .strict(),
    output: returns<CareSettingsView>(),
  },
}));
