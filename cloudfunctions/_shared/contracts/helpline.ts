/**
 * Contracts of the youth helpline (`helpline` function; docs/helpline.md): the action table
 * (`helplineContract`), the input schemas the function validates with, and the shapes it answers
 * with.
 */
import { z } from 'zod';
import { defineContract, returns } from './define';
import { fields } from './fields';
import type { SealedValue } from '../access/sealed-value';

/** Kinds of request (policy §二(二); GLOSSARY "youth helpline"). */
export const HELPLINE_CATEGORIES = ['psychological', 'legal', 'familyEducation', 'employment'] as const;
export type HelplineCategory = (typeof HELPLINE_CATEGORIES)[number];
export const CATEGORY_LABELS: Record<HelplineCategory, string> = {
  psychological: '心理健康',
  legal: '法律咨询',
  familyEducation: '家庭教育',
  employment: '就业创业',
};

/** Who is asking (as they say; never verified). */
/** Who asks: `guardian` is a grandparent or another adult caring for the child (受委托监护人). */
export const REQUESTER_KINDS = ['child', 'parent', 'guardian', 'teacher', 'public'] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];
export const REQUESTER_KIND_LABELS: Record<RequesterKind, string> = { child: '儿童本人', parent: '家长', guardian: '爷爷奶奶或其他监护人', teacher: '老师', public: '其他群众' };

/** Queue priority; `priorityRank` stores it as a number (urgent 3, high 2, normal 1). */
export const PRIORITIES = ['urgent', 'high', 'normal'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_RANK: Record<Priority, number> = { urgent: 3, high: 2, normal: 1 };
export const PRIORITY_LABELS: Record<Priority, string> = { urgent: '紧急', high: '优先', normal: '一般' };

/** Request life cycle: open (in the queue) → claimed (leased by an agent) → closed; or withdrawn. */
export const REQUEST_STATUSES = ['open', 'claimed', 'closed', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const STATUS_LABELS: Record<RequestStatus, string> = { open: '排队中', claimed: '处理中', closed: '已办结', withdrawn: '已撤回' };

/** How the requester wants to be answered. Anonymous requests: the in-app thread only. */
export const REPLY_CHANNELS = ['thread', 'phone'] as const;
export type ReplyChannel = (typeof REPLY_CHANNELS)[number];

/** Departments a request can be referred to. */
/** `site`: an entry of the community directory (the protection centre, a shelter, a social organisation; issue 18). */
export const DEPARTMENTS = ['police', 'civilAffairs', 'school', 'hospital', 'legalAid', 'site'] as const;
export type Department = (typeof DEPARTMENTS)[number];
export const DEPARTMENT_LABELS: Record<Department, string> = { police: '公安', civilAffairs: '民政', school: '学校', hospital: '医院', legalAid: '法律援助', site: '服务机构' };

/** How a request ended. */
export const OUTCOMES = ['resolved', 'referred', 'noContact', 'invalid'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = { resolved: '已解答', referred: '已转介处理', noContact: '无法联系', invalid: '无效求助' };

/** Lengths of what people write (characters). */
export const HELPLINE_TEXT_LIMITS = {
  /** A request's description (app or phone). */
  description: 2000,
  /** A message in a request's thread, or a department's reply to a referral. */
  message: 1000,
  /** What a department is told; a logged callback. */
  note: 500,
} as const;

const id = z.string().min(1).max(64).meta({ title: '编号' });
/** Client request id: the same id from the same user gives the same request (idempotent). */
const clientRequestId = z.string().min(8).max(64).meta({ title: '提交编号' });
/**
 * What people type: contracts/fields.ts free text (no hidden controls or bidi overrides, NFC,
 * counted in characters), labelled as the page shows it.
 */
const text = (label: string, max: number) => fields.freeText(label, { max });
const phone = z.string().trim().regex(/^[+\d][\d\s-]{6,19}$/, '请填写正确的电话号码').meta({ title: '回电号码' });
const reason = fields.freeText('转介理由', { min: 4, max: 200, multiline: false });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD');
const category = z.enum(HELPLINE_CATEGORIES).meta({ title: '求助类别' });
const requesterKind = z.enum(REQUESTER_KINDS).meta({ title: '求助人身份' });

export const submitRequestInput = z
  .object({
    requestId: clientRequestId,
    category,
    description: text('求助内容', HELPLINE_TEXT_LIMITS.description),
    requesterKind,
    anonymous: z.boolean().default(false),
    replyChannel: z.enum(REPLY_CHANNELS).meta({ title: '回复方式' }).default('thread'),
    callbackPhone: phone.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.anonymous && (v.replyChannel !== 'thread' || v.callbackPhone)) {
      ctx.addIssue({ code: 'custom', path: ['replyChannel'], message: '匿名求助只能在小程序内回复' });
    }
    if (v.replyChannel === 'phone' && !v.callbackPhone) ctx.addIssue({ code: 'custom', path: ['callbackPhone'], message: '请留下回电号码' });
  });
export type SubmitRequestInput = z.input<typeof submitRequestInput>;

export const requestRef = z.object({ id }).strict();
export const postMessageInput = z.object({ id, text: text('留言', HELPLINE_TEXT_LIMITS.message), messageId: clientRequestId }).strict();
export const rateInput = z.object({ id, score: z.number().int().min(1).max(5).meta({ title: '评分' }) }).strict();

export const logCallInput = z
  .object({
    requestId: clientRequestId,
    category,
    description: text('来电内容', HELPLINE_TEXT_LIMITS.description),
    requesterKind,
    anonymous: z.boolean().default(false),
    callbackPhone: phone.optional(),
    /** The agent judges the call urgent (crisis words make it urgent anyway). */
    urgent: z.boolean().default(false),
  })
  .strict()
  .refine((v) => !(v.anonymous && v.callbackPhone), { path: ['callbackPhone'], message: '匿名来电不记录电话号码' });

export const transferInput = z
  .object({ id, toPersonId: id.optional(), toTeamId: id.optional(), note: fields.freeText('转交说明', { min: 0, max: 200 }).optional() })
  .strict()
  .refine((v) => !!v.toPersonId !== !!v.toTeamId, { path: ['toPersonId'], message: '请选择转给一位接线员或一个团队' });

export const referInput = z
  .object({
    id,
    department: z.enum(DEPARTMENTS).meta({ title: '转介部门' }),
    /** Township (9 digits) or village (12) the department covers; police and civil affairs. */
    regionCode: z.string().regex(/^\d{6}(\d{3}){0,2}$/, '区划代码须为6、9或12位数字').optional(),
    /** School the referral goes to (department `school`). */
    schoolId: id.optional(),
    /** Directory entry the referral goes to (department `site`: the protection centre, a social organisation). */
    siteId: id.optional(),
    /** What the department is told (the agent decides; never the requester's identity). */
    summary: text('转介说明', HELPLINE_TEXT_LIMITS.note),
    /** Why the request leaves the helpline (audited). */
    reason,
    /** Days until a reply is due (1–30). */
    deadlineDays: z.number().int().min(1).max(30).meta({ title: '答复期限（天）' }).default(3),
  })
  .strict();

export const referralReplyInput = z.object({ referralId: id, reply: text('回复', HELPLINE_TEXT_LIMITS.message) }).strict();
export const closeInput = z.object({ id, outcome: z.enum(OUTCOMES).meta({ title: '办结结果' }), note: fields.freeText('办结说明', { min: 0, max: 500 }).optional() }).strict();
export const callbackInput = z.object({ id, note: text('回访记录', HELPLINE_TEXT_LIMITS.note) }).strict();
export const dutyInput = z.object({ onDuty: z.boolean() }).strict();
export const metricsInput = z.object({ from: day, to: day, by: z.enum(['day', 'week']).default('day') }).strict();
export const crisisWordsInput = z.object({ words: z.array(fields.freeText('危机词', { max: 20, multiline: false })).min(1).max(500), baseVersion: z.number().int().min(0) }).strict();

/** A message of a request's thread as either side sees it. */
export interface ThreadMessage {
  id: string;
  from: 'requester' | 'agent' | 'system';
  text: string;
  at: string | Date;
}

/** What a requester sees of their own request. */
export interface MyRequestView {
  id: string;
  requestNo: string;
  category: HelplineCategory;
  categoryLabel: string;
  description: string;
  status: RequestStatus;
  statusLabel: string;
  anonymous: boolean;
  replyChannel: ReplyChannel;
  callbackPhone?: string;
  submittedAt: string | Date;
  closedAt?: string | Date | null;
  outcomeLabel?: string;
  /** Agent replies the requester has not opened yet. */
  unread: number;
  /** Closed and not yet rated: ask the one satisfaction question. */
  canRate: boolean;
  satisfaction?: number;
  messages?: ThreadMessage[];
}

/** What a helpline agent sees of a request (no identity of the requester). */
export interface AgentRequestView {
  id: string;
  requestNo: string;
  teamId: string;
  source: 'app' | 'phone';
  category: HelplineCategory;
  categoryLabel: string;
  description: string;
  requesterKind: RequesterKind;
  anonymous: boolean;
  /** `匿名-xxxxxx` for anonymous requests, else `求助人`. */
  requesterLabel: string;
  replyChannel: ReplyChannel;
  callbackPhone?: string;
  priority: Priority;
  priorityLabel: string;
  crisis: boolean;
  status: RequestStatus;
  statusLabel: string;
  submittedAt: string | Date;
  claimedBy?: { personId: string; name?: string } | null;
  leaseUntil?: string | Date | null;
  mine: boolean;
  firstResponseAt?: string | Date | null;
  closedAt?: string | Date | null;
  outcome?: Outcome | null;
}

/** One row of the metrics table (a Shanghai day or an ISO week). */
export interface MetricsRow {
  period: string;
  submitted: number;
  firstResponse: { count: number; p50Ms: number | null; p90Ms: number | null };
  handle: { count: number; p50Ms: number | null; p90Ms: number | null };
  abandoned: number;
  abandonedRate: number | null;
  referrals: { due: number; answeredInTime: number; rate: number | null };
  satisfaction: { count: number; mean: number | null; satisfiedRate: number | null };
}

export interface MetricsResult {
  teamId: string;
  now: string | Date;
  waitingNow: number;
  longestWaitMs: number | null;
  rows: MetricsRow[];
  total: MetricsRow;
}

/** A referral as the helpline and departments see it. */
export interface ReferralView {
  id: string;
  requestNo: string;
  department: string;
  departmentLabel: string;
  regionCode?: string;
  schoolId?: string;
  /** Department `site`: the directory entry and its name. */
  siteId?: string;
  siteName?: string;
  /** Said plainly when the entry has nobody bound (the county admins took it, or nobody could be told). */
  routeNote?: string;
  /** Past its deadline unanswered, and the county admins were told. */
  escalated?: boolean;
  summary: string;
  categoryLabel: string;
  urgent: boolean;
  createdAt: Date;
  deadline: Date;
  status: 'sent' | 'answered';
  /** 待答复 / 已答复 / 已逾期. */
  statusLabel: string;
  reply: string | null;
  answeredAt: Date | null;
  answeredInTime: boolean | null;
}

/** `getRequest`: what an agent sees of one request. */
export interface AgentRequestDetail {
  request: AgentRequestView;
  messages: (ThreadMessage & { kind: 'message' | 'callback' })[];
  referrals: ReferralView[];
  /** The requester's earlier named requests in this team (none for anonymous requests). */
  history: { id: string; requestNo: string; categoryLabel: string; statusLabel: string; submittedAt: Date }[];
}

/** Where an agent can hand a request on: a colleague (transfer), another team (transfer), a school (refer). */
export interface HandoffTargets {
  /** The caller's team mates (agents and supervisors), on duty first. */
  agents: { personId: string; name: string; onDuty: boolean }[];
  /** The other helpline teams. */
  teams: { teamId: string; name: string }[];
  /** Schools a referral can go to, by name, with the township they sit in; empty until schools are registered. */
  schools: { schoolId: string; name: string; regionCode: string }[];
  /** Directory entries a referral can go to (protection centre, shelters, social organisations); `staffed`: someone is bound to it. */
  sites: { siteId: string; name: string; kindLabel: string; regionCode: string; staffed: boolean }[];
}

/** The caller's own duty state (read when the workbench opens). */
export interface DutyState {
  onDuty: boolean;
  /** When the state last changed (null: never set). */
  since: Date | null;
}

/** The current crisis word list. */
export interface CrisisWordsView {
  version: number;
  words: string[];
  updatedAt?: Date;
}

// ---------------------------------------------------------------------------------------------
// The action table

const none = z.object({}).strict();

export const helplineContract = defineContract('helpline', () => ({
  submitRequest: {
    summary: '提交求助（可匿名）；含危机词的求助标为紧急并立即通知值班主管；同一请求号只生成一条',
    input: () => submitRequestInput,
    output: returns<{ id: string; requestNo: string; priority: Priority; status: RequestStatus; duplicate: boolean }>(),
  },
  myRequests: { summary: '我的求助：我提交过的求助及未读回复数', input: () => none, output: returns<{ requests: MyRequestView[] }>() },
  getMyRequest: { summary: '查看我的一条求助及对话', input: () => requestRef, output: returns<MyRequestView>() },
  postMyMessage: { summary: '求助人在对话中补充留言', input: () => postMessageInput, output: returns<{ id: string; at: Date; duplicate: boolean }>() },
  withdrawRequest: { summary: '撤回尚未办结的求助', input: () => requestRef, output: returns<{ id: string; status: 'withdrawn' }>() },
  rateRequest: { summary: '办结后的满意度评价（1–5分，仅一次）', input: () => rateInput, output: returns<{ id: string; score: number }>() },
  queue: {
    summary: '热线队列：排队中的求助（按紧急程度、先后顺序）、处理中数量及本人的值班状态',
    input: () => z.object({ limit: z.number().int().min(1).max(100).default(50) }).strict(),
    output: returns<{ waiting: number; claimed: number; requests: AgentRequestView[]; duty: DutyState }>(),
  },
  claimNext: {
    summary: '领取下一条求助（按队列顺序；并发时可能领取前几条中的一条）',
    input: () => none,
    output: returns<{ request: AgentRequestView | null }>(),
  },
  claim: { summary: '领取指定的一条求助', input: () => requestRef, output: returns<{ request: AgentRequestView }>() },
  heartbeat: { summary: '续期：保持对正在处理的求助的领取', input: () => requestRef, output: returns<{ leaseUntil: Date }>() },
  release: { summary: '放回队列', input: () => requestRef, output: returns<{ id: string; status: 'open' }>() },
  transfer: { summary: '转给本团队的另一位接线员，或转到另一个热线团队', input: () => transferInput, output: returns<{ id: string; transferred: boolean }>() },
  getRequest: { summary: '查看求助详情、对话、转介及求助人此前的求助（匿名求助除外）', input: () => requestRef, output: returns<AgentRequestDetail>() },
  reply: { summary: '在对话中回复求助人（求助人会收到通知）', input: () => postMessageInput, output: returns<{ id: string; at: Date; duplicate: boolean }>() },
  logCallback: { summary: '记录已给求助人回电', input: () => callbackInput, output: returns<{ id: string; at: Date }>() },
  logCall: {
    summary: '登记一通来电为求助（由接线员领取并视为已应答）',
    input: () => logCallInput,
    output: returns<{ request: AgentRequestView; duplicate: boolean }>(),
  },
  closeRequest: { summary: '办结求助并记录结果（求助人随后会被邀请评价）', input: () => closeInput, output: returns<{ request: AgentRequestView }>() },
  reopenRequest: { summary: '重新打开已办结的求助（回到队列）', input: () => requestRef, output: returns<{ id: string; status: 'open' }>() },
  myClaims: {
    summary: '我正在处理的求助；或我近30天办结的求助（可重新打开）',
    input: () => z.object({ status: z.enum(['held', 'closed']).default('held') }).strict(),
    output: returns<{ requests: AgentRequestView[] }>(),
  },
  setDuty: { summary: '上班 / 下班（值班状态）', input: () => dutyInput, output: returns<{ onDuty: boolean; since: Date }>() },
  dutyBoard: {
    summary: '值班情况：谁在值班、各自处理中的求助数',
    input: () => none,
    output: returns<{ onDuty: { personId: string; name: string | undefined; since: Date | undefined; holding: number }[] }>(),
  },
  handoffTargets: {
    summary: '转交与转介的去向：本团队的接线员、其他热线团队、可转介的学校（按名称选择，不必输入编号）',
    input: () => none,
    output: returns<HandoffTargets>(),
  },
  refer: {
    summary: '转介给相关部门（公安、民政、学校、医院、法律援助）或服务机构（未成年人保护中心、社会组织），须说明理由，设答复期限',
    input: () => referInput,
    output: returns<{ referral: ReferralView; notified: number; nobodyReached: boolean; routeNote?: string }>(),
  },
  listReferrals: {
    summary: '转介单：热线团队发出的，或转给本部门（辖区、学校）的',
    input: () => z.object({ status: z.enum(['sent', 'answered']).optional(), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    output: returns<{ referrals: ReferralView[] }>(),
  },
  answerReferral: {
    summary: '答复转介单（部门答复，或热线记录线下收到的答复）',
    input: () => referralReplyInput,
    output: returns<{ referral: ReferralView }>(),
  },
  metrics: {
    summary: '服务指标：等待数、最长等待、首次响应与处理时长（P50/P90）、放弃率、转介按期答复率、满意度（按日/ISO周）',
    input: () => metricsInput,
    output: returns<MetricsResult>(),
  },
  exportMetrics: { summary: '导出服务指标（xlsx）', input: () => metricsInput, output: returns<{ fileName: string; mimeType: string; base64: string }>() },
  crisisWords: { summary: '查看危机词表（当前版本）', input: () => none, output: returns<CrisisWordsView>() },
  setCrisisWords: { summary: '修改危机词表（主管；每次修改生成新版本）', input: () => crisisWordsInput, output: returns<{ version: number; words: string[] }>() },
  releaseExpiredLeases: {
    summary: '定时：把领取已过期的求助放回队列（兜底；可重复执行）',
    input: () => none,
    output: returns<{ released: number }>(),
    internal: true,
  },
}));

// ---------------------------------------------------------------------------------------------
// Stored documents (the helpline owns them; other capabilities read them through these types)

/** A stored helpline request (`helplineRequests`). */
export interface RequestDoc {
  _id: string;
  requestNo: string;
  teamId: string;
  source: 'app' | 'phone';
  category: HelplineCategory;
  description: string;
  requesterKind: RequesterKind;
  anonymous: boolean;
  replyChannel: ReplyChannel;
  /** Keyed hash of the requester's openid (separate key domains for named and anonymous requests). */
  ownerKey?: string;
  /** The requester's openid, encrypted; used only to deliver replies. */
  requesterOpenid?: SealedValue;
  /** Per-request pseudonym that stands for the requester in the audit log and agents' views. */
  pseudonym: string;
  callbackPhone?: SealedValue;
  priority: Priority;
  /** urgent 3, high 2, normal 1: queue order is rank desc, then submittedAt asc. */
  priorityRank: number;
  crisis: boolean;
  crisisWordsVersion?: number;
  status: RequestStatus;
  submittedAt: Date;
  /** When it last entered the queue (submission, release, transfer to a team, reopen). */
  queuedAt: Date;
  claimedBy: { personId: string; name?: string } | null;
  /** Lease end; `NO_LEASE` (the epoch) when nobody holds it. */
  leaseUntil: Date;
  /** Set by the first claim (`$min`), absent before. */
  firstClaimedAt?: Date;
  /** First agent message or logged call back (`$min`), absent before. */
  firstResponseAt?: Date;
  lastAgentMessageAt?: Date | null;
  requesterSeenAt?: Date | null;
  closedAt: Date | null;
  outcome: Outcome | null;
  withdrawnAt: Date | null;
  reopenedAt?: Date | null;
  satisfaction?: { score: number; at: Date } | null;
  loggedBy?: string;
  createdBy: string;
}

/** A stored thread message (`helplineMessages`). */
export interface MessageDoc {
  _id: string;
  requestId: string;
  from: 'requester' | 'agent' | 'system';
  /** Agent's person id (agent messages). */
  agentId?: string;
  kind?: 'message' | 'callback';
  text: string;
  at: Date;
}

/** A stored referral (`helplineReferrals`). */
export interface ReferralDoc {
  _id: string;
  requestId: string;
  requestNo: string;
  teamId: string;
  department: string;
  regionCode?: string;
  schoolId?: string;
  /** Department `site` (issue 18): the entry, its name, who the order reached, and its escalation. */
  siteId?: string;
  siteName?: string;
  route?: 'siteStaff' | 'countyAdmins' | 'nobody';
  /** `false` until an overdue site referral is escalated to the county admins (only site referrals carry it). */
  escalated?: boolean;
  escalatedAt?: Date;
  summary: string;
  category: HelplineCategory;
  urgent: boolean;
  createdBy: string;
  createdAt: Date;
  deadline: Date;
  status: 'sent' | 'answered';
  reply?: string | null;
  answeredAt?: Date | null;
  answeredBy?: string | null;
}

/** True when the request is in the queue at `now` (helpline's queue and metrics; supervision's `helpline.waiting`): open, or claimed with an expired lease. */
export function isWaiting(r: Pick<RequestDoc, 'status' | 'leaseUntil'>, now: Date): boolean {
  return (r.status === 'open' || r.status === 'claimed') && new Date(r.leaseUntil).getTime() < now.getTime();
}
