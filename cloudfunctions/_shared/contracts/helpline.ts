/**
 * Contracts of the youth helpline (`helpline` function; docs/helpline.md): input schemas the
 * function validates with, and the shapes it answers with. The mini-program imports these with
 * `import type` only.
 */
import { z } from 'zod';

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
export const DEPARTMENTS = ['police', 'civilAffairs', 'school', 'hospital', 'legalAid'] as const;
export type Department = (typeof DEPARTMENTS)[number];
export const DEPARTMENT_LABELS: Record<Department, string> = { police: '公安', civilAffairs: '民政', school: '学校', hospital: '医院', legalAid: '法律援助' };

/** How a request ended. */
export const OUTCOMES = ['resolved', 'referred', 'noContact', 'invalid'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = { resolved: '已解答', referred: '已转介处理', noContact: '无法联系', invalid: '无效求助' };

const id = z.string().min(1).max(64);
/** Client request id: the same id from the same user gives the same request (idempotent). */
const clientRequestId = z.string().min(8).max(64);
/** Control characters (but tab and newlines) and bidi overrides have no place in what people type. */
// eslint-disable-next-line no-control-regex
const HIDDEN_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, '请填写内容')
    .max(max, `不超过${max}字`)
    .refine((v) => !HIDDEN_CONTROLS.test(v), '内容包含不可见的控制字符，请删除后重试');
const phone = z.string().trim().regex(/^[+\d][\d\s-]{6,19}$/, '请填写正确的电话号码');
const reason = z.string().trim().min(4, '请说明理由（至少4个字）').max(200);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD');

export const submitRequestInput = z
  .object({
    requestId: clientRequestId,
    category: z.enum(HELPLINE_CATEGORIES),
    description: text(2000),
    requesterKind: z.enum(REQUESTER_KINDS),
    anonymous: z.boolean().default(false),
    replyChannel: z.enum(REPLY_CHANNELS).default('thread'),
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
export const postMessageInput = z.object({ id, text: text(1000), messageId: clientRequestId }).strict();
export const rateInput = z.object({ id, score: z.number().int().min(1).max(5) }).strict();

export const logCallInput = z
  .object({
    requestId: clientRequestId,
    category: z.enum(HELPLINE_CATEGORIES),
    description: text(2000),
    requesterKind: z.enum(REQUESTER_KINDS),
    anonymous: z.boolean().default(false),
    callbackPhone: phone.optional(),
    /** The agent judges the call urgent (crisis words make it urgent anyway). */
    urgent: z.boolean().default(false),
  })
  .strict()
  .refine((v) => !(v.anonymous && v.callbackPhone), { path: ['callbackPhone'], message: '匿名来电不记录电话号码' });

export const transferInput = z
  .object({ id, toPersonId: id.optional(), toTeamId: id.optional(), note: z.string().trim().max(200).optional() })
  .strict()
  .refine((v) => !!v.toPersonId !== !!v.toTeamId, { path: ['toPersonId'], message: '请选择转给一位接线员或一个团队' });

export const referInput = z
  .object({
    id,
    department: z.enum(DEPARTMENTS),
    /** Township (9 digits) or village (12) the department covers; police and civil affairs. */
    regionCode: z.string().regex(/^\d{6}(\d{3}){0,2}$/, '区划代码须为6、9或12位数字').optional(),
    /** School the referral goes to (department `school`). */
    schoolId: id.optional(),
    /** What the department is told (the agent decides; never the requester's identity). */
    summary: text(500),
    /** Why the request leaves the helpline (audited). */
    reason,
    /** Days until a reply is due (1–30). */
    deadlineDays: z.number().int().min(1).max(30).default(3),
  })
  .strict();

export const referralReplyInput = z.object({ referralId: id, reply: text(1000) }).strict();
export const closeInput = z.object({ id, outcome: z.enum(OUTCOMES), note: z.string().trim().max(500).optional() }).strict();
export const callbackInput = z.object({ id, note: text(500) }).strict();
export const dutyInput = z.object({ onDuty: z.boolean() }).strict();
export const metricsInput = z.object({ from: day, to: day, by: z.enum(['day', 'week']).default('day') }).strict();
export const crisisWordsInput = z.object({ words: z.array(z.string().trim().min(1).max(20)).min(1).max(500), baseVersion: z.number().int().min(0) }).strict();

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
