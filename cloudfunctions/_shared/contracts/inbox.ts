/**
 * The `inbox` function's action table (docs/inbox.md): 消息, the in-app inbox every person has
 * (DESIGN.md "Notifications": the inbox is authoritative, subscribe messages are the echo).
 *
 * `NOTIFICATION_KINDS` is the one catalogue of what notifies whom: every `notify()` call names
 * one of these kinds (the type checker refuses others), and the inbox opens the entry's page from
 * it. docs/inbox.md "What notifies whom" is generated from it (tests/structure/reach-docs.test.ts
 * keeps the two equal). A domain adding a notification adds its kind here.
 *
 * Instants are UTC `Date`s here (ISO strings on the wire).
 *
 * Longer than 500 lines: it is the one catalogue of notification kinds, one short entry per kind;
 * splitting it would make two catalogues.
 */
import { z } from 'zod';
import { defineContract, returns } from './define';
import { TEMPLATE_KEYS, type TemplateKey } from '../wechat/templates';
import type { RoleName } from '../access/roles';

export type { TemplateKey } from '../wechat/templates';

// ---------------------------------------------------------------------------------------------
// The catalogue

/**
 * Where a notification opens in the mini-program: `route` (a page of app.json, no leading
 * slash), with `?<param>=<ref.id>` when `param` is set and `fixed` (a constant query) appended.
 * `tab`: the route is a tab page, which WeChat opens without a query (`wx.switchTab`), so the
 * page reads the id the inbox left for it (miniprogram/services/inbox.ts `openTarget`).
 */
export interface NotificationTarget {
  route: string;
  param?: string;
  fixed?: string;
  tab?: boolean;
}

/** One kind of notification: who gets it, when, the push template it echoes in, the page it opens. */
export interface NotificationKindInfo {
  /** Chinese group label the inbox shows beside the entry. */
  category: string;
  /** Who receives it (Chinese, for docs and the settings page). */
  to: string;
  /** When it is sent (Chinese). */
  when: string;
  /** Subscribe-message template key (shared/domain/notifications.md), or null when in-app only. */
  template: string | null;
  /** The page it opens; null when there is none (the entry says everything). */
  target: NotificationTarget | null;
}

const REPORT_PAGE = 'packageCare/pages/report/index';
/** The reporter's list (我报告的): a reporter may not be one who can open the report itself. */
const MY_REPORTS_PAGE = 'packageCare/pages/reports/index';
const VISIT_PAGE = 'packageCare/pages/visit/index';
const CONFIRMATION_PAGE = 'packageGuardianship/pages/confirmation/index';
const SIGNING_TASKS_PAGE = 'packageGuardianship/pages/tasks/index';
const ORDER_PAGE = 'packageGuardianship/pages/order/index';
const CHILDREN_PAGE = 'packageGuardianship/pages/children/index';
const MESSAGES_PAGE = 'packageGuardianship/pages/messages/index';
const CHILD_FILE_PAGE = 'packageRegistry/pages/child/index';
const WORKBENCH_PAGE = 'packageHelpline/pages/workbench/index';
const HELP_PAGE = 'pages/help/index';
const ARTICLES_MANAGE_PAGE = 'packageArticles/pages/manage/index';
const REFERRALS_PAGE = 'packageHelpline/pages/referrals/index';
const STAFF_PAGE = 'packageAccount/pages/staff/index';
const CIRCULAR_PAGE = 'packageSupervision/pages/circular/index';
const FOLLOW_UP_PAGE = 'packageSupervision/pages/follow-up/index';
const DROPOUT_CASE_PAGE = 'packageSchools/pages/case/index';
const LIFE_CARE_PAGE = 'packageSchools/pages/life-care/index';
const HOME_PAGE = 'packageSchools/pages/home/index';
const VOLUNTEER_APPLICATIONS_PAGE = 'packageCommunity/pages/applications/index';
const VOLUNTEER_PAGE = 'packageCommunity/pages/volunteer/index';
const SITE_REFERRALS_PAGE = 'packageCommunity/pages/referrals/index';

/**
 * Every kind of notification, `<capability>.<event>` (NotifyInput.kind). Rule sources: policy
 * §二(一) (reports to the township and police at once; orders), §二(二) (visits), and the
 * capability docs (docs/care.md, docs/guardianship.md, docs/helpline.md, docs/access.md).
 */
export const NOTIFICATION_KINDS = {
  'care.report': {
    category: '强制报告',
    to: '儿童所在乡镇的工作人员和派出所民警（乡镇无人时：县民政局管理员）',
    when: '有人提交强制报告时',
    template: 'reportToHandle',
    target: { route: REPORT_PAGE, param: 'reportId' },
  },
  'care.reportEscalated': {
    category: '强制报告',
    to: '县民政局管理员',
    when: '强制报告超过确认时限仍无人确认（调度器）',
    template: 'reportToHandle',
    target: { route: REPORT_PAGE, param: 'reportId' },
  },


  'care.reportAcknowledged': {
    category: '我的报告',
    to: '报告人',
    when: '乡镇工作人员或民警确认收到其报告时',
    template: null,
    target: { route: MY_REPORTS_PAGE, param: 'reportId' },
  },
  'care.reportClosed': {
    category: '我的报告',
    to: '报告人',
    when: '乡镇负责人办结其报告时',
    template: null,
    target: { route: MY_REPORTS_PAGE, param: 'reportId' },
  },
  'care.visitDue': {
    category: '走访',
    to: '村儿童主任、结对帮扶人',
    when: '走访当天到期（每天7点起）',
    template: 'visitDue',
    target: { route: VISIT_PAGE, param: 'childId' },
  },
  'care.visitOverdue': {
    category: '走访',
    to: '村儿童主任、结对帮扶人',
    when: '走访逾期（每个到期日提醒一次）',
    template: 'visitDue',
    target: { route: VISIT_PAGE, param: 'childId' },
  },
  'guardianship.signatureRequested': {
    category: '待我签署',
    to: '确认书的签署方（父母、受委托监护人）',
    when: '村儿童主任制作好监护责任确认书时',
    template: 'signatureRequested',
    target: { route: SIGNING_TASKS_PAGE },
  },
  'guardianship.confirmationInForce': {
    category: '监护确认书',
    to: '制作确认书的村儿童主任',
    when: '各方签署完毕、确认书生效时',
    template: null,
    target: { route: CONFIRMATION_PAGE, param: 'id' },
  },
  'guardianship.confirmationExpiring': {
    category: '监护确认书',
    to: '父母、受委托监护人、村儿童主任',
    when: '确认书到期前（提前天数由县设置）',
    template: 'confirmationExpiring',
    target: { route: CONFIRMATION_PAGE, param: 'id' },
  },
  'guardianship.confirmationExpired': {
    category: '监护确认书',
    to: '村儿童主任',
    when: '确认书到期时',
    template: null,
    target: { route: CONFIRMATION_PAGE, param: 'id' },
  },
  'guardianship.renewalNeeded': {
    category: '监护确认书',
    to: '村儿童主任',
    when: '确认书被撤销、需要重新签订时',
    template: null,
    target: { route: CHILD_FILE_PAGE, param: 'id' },
  },
  'guardianship.orderOpened': {
    category: '监护责令',
    to: '父母、乡镇工作人员、派出所民警',
    when: '儿童无人有效监护、开出监护责令时',
    template: 'guardianshipOrder',
    target: { route: ORDER_PAGE, param: 'id' },
  },
  'guardianship.orderOverdue': {
    category: '监护责令',
    to: '县民政局管理员',
    when: '监护责令过期仍未落实（调度器）',
    template: 'guardianshipOrder',
    target: { route: ORDER_PAGE, param: 'id' },
  },
  'guardianship.checkInReminder': {
    category: '亲情连线',
    to: '父母',
    when: '超过县设置的天数没有记录与孩子的联系',
    template: 'checkInReminder',
    target: { route: CHILDREN_PAGE },
  },
  'guardianship.visitRecorded': {
    category: '亲情连线',
    to: '父母',
    when: '有人记录了一次对孩子的走访',
    template: 'visitRecorded',
    target: { route: CHILDREN_PAGE },
  },
  'guardianship.parentMessage': {
    category: '家人留言',
    to: '家长、照护人（受委托监护人）或村专干中被留言的一方',
    when: '家长、照护人或村专干就孩子留言时',
    template: null,
    target: { route: MESSAGES_PAGE, param: 'childId' },
  },


  'helpline.urgent': {
    category: '12355热线',
    to: '热线主管（值班的主管；无人值班时全体主管）',
    when: '紧急求助或含危机词的求助提交时',
    template: 'reportToHandle',
    target: { route: WORKBENCH_PAGE, param: 'id' },
  },
  'helpline.referral': {
    category: '热线转介',
    to: '转介的部门：所在乡镇（村）的公安或民政工作人员、学校工作人员，或服务机构（保护中心、社会组织）绑定的工作人员（无人时：县民政局管理员）',
    when: '热线接线员把求助转介给部门时',
    template: null,
    target: { route: REFERRALS_PAGE },
  },
  'helpline.referralOverdue': {
    category: '热线转介',
    to: '县民政局管理员',
    when: '转给服务机构的热线转介单过了答复期限仍未答复时（调度器）',
    template: null,
    target: { route: REFERRALS_PAGE },
  },
  'helpline.reply': {
    category: '我的求助',
    to: '求助人',
    when: '接线员回复、转介或办结其求助时',
    template: 'helplineReply',
    target: { route: HELP_PAGE, param: 'id', tab: true },
  },

  'articles.toReview': {
    category: '政策文章',
    to: '审核人（撰写或提交者本人除外；无审核人时：县民政局管理员）',
    when: '发布人提交文章审核时',
    template: null,
    target: { route: ARTICLES_MANAGE_PAGE, param: 'id' },
  },
  'articles.reviewed': {
    category: '政策文章',
    to: '提交审核的发布人',
    when: '审核人通过或退回文章时',
    template: null,
    target: { route: ARTICLES_MANAGE_PAGE, param: 'id' },
  },

  'supervision.circular': {
    category: '督导通报',
    to: '县民政局管理员、本县各乡镇工作人员',
    when: '每月1日生成上月督导通报时（调度器），或县民政局立即生成时',
    template: null,
    target: { route: CIRCULAR_PAGE, param: 'id' },
  },

  'supervision.followUp': {
    category: '督查整改',
    to: '被抽查乡镇的工作人员（乡镇无人时：县民政局管理员）',
    when: '随机抽查发现与记录不符、开出整改任务时',
    template: null,
    target: { route: FOLLOW_UP_PAGE, param: 'id' },
  },
  'supervision.followUpAnswered': {
    category: '督查整改',
    to: '开出整改任务的县民政局管理员',
    when: '乡镇回复整改情况时',
    template: null,
    target: { route: FOLLOW_UP_PAGE, param: 'id' },
  },
  'supervision.followUpReviewed': {
    category: '督查整改',
    to: '回复整改的乡镇工作人员',
    when: '县民政局确认办结或退回整改时',
    template: null,
    target: { route: FOLLOW_UP_PAGE, param: 'id' },
  },
  'community.signUp': {
    category: '志愿者',
    to: '报名乡镇的工作人员（乡镇无人时：县民政局管理员）',
    when: '有人报名志愿者（或未通过后重新报名）时',
    template: null,
    target: { route: VOLUNTEER_APPLICATIONS_PAGE },
  },
  'community.decided': {
    category: '志愿者',
    to: '报名的志愿者',
    when: '乡镇工作人员或县民政局审核其报名（通过或未通过）时',
    template: null,
    target: { route: VOLUNTEER_PAGE },
  },
  'community.activityPlanned': {
    category: '关爱活动',
    to: '活动站点所在乡镇的志愿者',
    when: '乡镇工作人员、县民政局或服务机构计划一次以后日期的关爱活动（或改了日期、开始时间）时',
    template: null,
    target: { route: VOLUNTEER_PAGE },
  },
  'community.referral': {
    category: '转介到服务机构',
    to: '服务机构（保护中心、社会组织）绑定的工作人员（无人绑定时：县民政局管理员）',
    when: '村、乡镇或县里把一名儿童的情况转介给该机构时',
    template: null,
    target: { route: SITE_REFERRALS_PAGE, param: 'id' },
  },
  'community.referralAnswered': {
    category: '转介到服务机构',
    to: '发出转介的工作人员',
    when: '服务机构答复转介单时',
    template: null,
    target: { route: SITE_REFERRALS_PAGE, param: 'id' },
  },
  'community.referralOverdue': {
    category: '转介到服务机构',
    to: '县民政局管理员',
    when: '转给服务机构的儿童转介单过了答复期限仍未答复时（调度器）',
    template: null,
    target: { route: SITE_REFERRALS_PAGE, param: 'id' },
  },
  'schools.dropoutEscalated': {
    category: '控辍保学',
    to: '儿童所在乡镇的工作人员和县民政局管理员（无人时记入县工作台“未送达”）',
    when: '辍学个案劝返无效次数达到县设定值（默认3次）时',
    template: null,
    target: { route: DROPOUT_CASE_PAGE, param: 'caseId' },
  },
  'schools.legalMeasure': {
    category: '控辍保学',
    to: '辍学儿童所在学校的教师和学校工作人员',
    when: '乡镇工作人员或县民政局管理员在已上报的辍学个案上记录一项法律措施时',
    template: null,
    target: { route: DROPOUT_CASE_PAGE, param: 'caseId' },
  },
  'schools.lifeCareDue': {
    category: '生活老师',
    to: '该校的生活老师',
    when: '本校有在册留守儿童超过县设定天数（默认14天）没有关爱记录时，每天8点后一次',
    template: null,
    target: { route: LIFE_CARE_PAGE, param: 'schoolId' },
  },
  'schools.homeInspected': {
    category: '留守儿童之家',
    to: '该校的学校工作人员',
    when: '县里检查了本校的留守儿童之家、给出得分和星级时',
    template: null,
    target: { route: HOME_PAGE, param: 'schoolId' },
  },

  'accounts.invitationAccepted': {
    category: '人员与邀请',
    to: '发放邀请码的人',
    when: '受邀人接受邀请、绑定角色时',
    template: null,
    target: { route: STAFF_PAGE },
  },
} as const satisfies Record<string, NotificationKindInfo>;

/** A kind of notification (`notify()` accepts only these). */
export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/** The page an entry opens: `route?param=id&fixed`, or null when the kind has no page. */
export function notificationPage(kind: string, refId: string | undefined): { url: string; tab: boolean } | null {
  const info = (NOTIFICATION_KINDS as Record<string, NotificationKindInfo>)[kind];
  const t = info?.target;
  if (!t) return null;
  const query = [t.param && refId ? `${t.param}=${encodeURIComponent(refId)}` : '', t.fixed ?? ''].filter(Boolean).join('&');
  return { url: `/${t.route}${query ? `?${query}` : ''}`, tab: !!t.tab };
}

/** Paging of the inbox. */
export const INBOX_LIMITS = {
  /** Entries per page by default. */
  pageSize: 20,
  /** Largest page a caller may ask for. */
  maxPageSize: 50,
  /** Most ids one markRead call takes. */
  maxMarkIds: 50,
} as const;

// ---------------------------------------------------------------------------------------------
// Subscriptions (wx.requestSubscribeMessage; docs/inbox.md "WeChat reminders")

/**
 * The subscribe templates each role can receive (shared/domain/notifications.md "to" column, and
 * the kinds above that echo in them). Everyone (public) may ask the helpline for help and so may
 * receive its reply.
 */
export const TEMPLATES_BY_ROLE: Record<RoleName, readonly TemplateKey[]> = {
  public: ['helplineReply'],
  parent: ['signatureRequested', 'visitRecorded', 'checkInReminder', 'guardianshipOrder', 'confirmationExpiring'],
  entrustedGuardian: ['signatureRequested', 'confirmationExpiring'],
  villageOfficer: ['visitDue', 'confirmationExpiring'],
  townshipStaff: ['reportToHandle', 'guardianshipOrder'],
  police: ['reportToHandle', 'guardianshipOrder'],
  teacher: [],
  lifeTeacher: [],
  schoolStaff: [],
  pairingMember: ['visitDue'],
  helplineAgent: [],
  helplineSupervisor: ['reportToHandle'],
  publisher: [],
  reviewer: [],
  countyAdmin: ['reportToHandle', 'guardianshipOrder'],
  volunteer: [],
  siteStaff: [],
};

/**
 * The moments a page asks for reminders, when a person would agree (issue 11), and the
 * templates it offers first (only those the person can receive are asked; WeChat takes at most
 * three at once). `settings` is the settings row (every template the person can receive).
 */
export const SUBSCRIBE_MOMENTS = {
  report: { label: '提交报告后', templates: ['reportToHandle', 'visitDue'] },
  checkIn: { label: '打开亲情连线时', templates: ['visitRecorded', 'checkInReminder', 'guardianshipOrder'] },
  signing: { label: '打开待我签署时', templates: ['signatureRequested', 'confirmationExpiring'] },
  staffRole: { label: '接受邀请、成为工作人员时', templates: ['reportToHandle', 'visitDue', 'guardianshipOrder'] },
  help: { label: '提交求助后', templates: ['helplineReply'] },
  settings: { label: '在“微信提醒”中', templates: [] },
} as const satisfies Record<string, { label: string; templates: readonly TemplateKey[] }>;
export type SubscribeMoment = keyof typeof SUBSCRIBE_MOMENTS;

/** How many templates one wx.requestSubscribeMessage call may ask for (reference §6.2). */
export const SUBSCRIBE_MAX_PER_ASK = 3;

/** A recorded answer's state, as the settings page says it. */
export const SUBSCRIPTION_STATUS_LABELS = {
  never: '未开启',
  accepted: '已开启',
  rejected: '您选择了不接收',
  banned: '微信已停用此提醒',
  notSubscribed: '提醒次数已用完，请重新开启',
} as const;
export type SubscriptionState = keyof typeof SUBSCRIPTION_STATUS_LABELS;

/** What the person answered for one template in wx.requestSubscribeMessage. */
export const SUBSCRIBE_ANSWERS = ['accept', 'reject', 'ban', 'filter', 'acceptWithAudio'] as const;

/** One template as the settings page shows it. */
export interface SubscriptionSetting {
  template: TemplateKey;
  /** The template's title (签名请求, 报告待处理 …). */
  title: string;
  /** What it tells the person, in words (from the notification catalogue). */
  purpose: string;
  /** The id to pass to wx.requestSubscribeMessage (this deployment's, or the placeholder locally). */
  templateId: string;
  state: SubscriptionState;
  stateLabel: string;
  /** One-time reminders still allowed (null for a long-term one). */
  credits: number | null;
  answeredAt: Date | null;
}

/** `inbox.subscriptionSettings` / `recordSubscriptions`: the person's reminders, and what to ask now. */
export interface SubscriptionSettings {
  templates: SubscriptionSetting[];
  /** Templates to ask at the moment asked about (at most three; [] when nothing is worth asking). */
  ask: TemplateKey[];
}

// ---------------------------------------------------------------------------------------------
// Views

/** One inbox entry as its recipient sees it. */
export interface InboxItem {
  id: string;
  kind: string;
  /** Chinese group label, e.g. 强制报告. */
  category: string;
  title: string;
  body: string;
  createdAt: Date;
  /** When the recipient read it; null while unread. */
  readAt: Date | null;
  /** The page it opens (`/package…/index?…`), or null. */
  page: string | null;
  /** The page is a tab page (opened with `wx.switchTab`; the id travels separately). */
  tab: boolean;
  /** What it is about (ids only), for pages that open with it. */
  ref: { kind: string; id: string } | null;
}

/** A page of the inbox. */
export interface InboxPage {
  items: InboxItem[];
  /** Pass as `before` to get the next (older) page; null when there is none. */
  next: string | null;
  /** Unread entries in the whole inbox. */
  unread: number;
}

// ---------------------------------------------------------------------------------------------
// The action table

const cursorSchema = z.string().regex(/^\d{1,15}_[A-Za-z0-9_:.-]{1,200}$/, '翻页标记无效，请重新打开消息');

export const inboxContract = defineContract('inbox', () => ({
  list: {
    summary: '消息：我的通知，最新在前，分页；含未读数',
    input: () => z
      .object({
        before: cursorSchema.optional(),
        limit: z.number().int().min(1).max(INBOX_LIMITS.maxPageSize).default(INBOX_LIMITS.pageSize),
        unreadOnly: z.boolean().default(false),
      })
      .strict(),
    output: returns<InboxPage>(),
  },
  unreadCount: { summary: '未读消息数（“我的”上的角标）', input: () => z.object({}).strict(), output: returns<{ unread: number }>() },
  markRead: {
    summary: '把几条消息标为已读（只能是自己的消息）',
    input: () => z
      .object({ ids: z.array(z.string().min(1).max(200)).min(1).max(INBOX_LIMITS.maxMarkIds) })
      .strict(),
    output: returns<{ updated: number; unread: number }>(),
  },
  markAllRead: { summary: '全部标为已读', input: () => z.object({}).strict(), output: returns<{ updated: number; unread: 0 }>() },
  subscriptionSettings: {
    summary: '微信提醒：我能收到的提醒及是否已开启；某个时机应请求开启哪些',
    input: () => z.object({ moment: z.enum(Object.keys(SUBSCRIBE_MOMENTS) as [SubscribeMoment, ...SubscribeMoment[]]).default('settings') }).strict(),
    output: returns<SubscriptionSettings>(),
  },
  recordSubscriptions: {
    summary: '记录我在微信订阅弹窗中的选择（接受、拒绝、被停用），接受一次可收一条提醒',
    input: () => z
      .object({
        moment: z.enum(Object.keys(SUBSCRIBE_MOMENTS) as [SubscribeMoment, ...SubscribeMoment[]]),
        results: z
          .array(z.object({ template: z.enum(TEMPLATE_KEYS as [TemplateKey, ...TemplateKey[]]), answer: z.enum(SUBSCRIBE_ANSWERS) }).strict())
          .min(1)
          .max(SUBSCRIBE_MAX_PER_ASK),
      })
      .strict(),
    output: returns<SubscriptionSettings>(),
  },
}));
