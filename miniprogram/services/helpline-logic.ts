/**
 * Pure presentation and form rules of the helpline pages (求助, the agents' workbench, the
 * supervisor view). No `wx` here, so it is unit-tested in node (tests/unit/helpline-logic.test.ts).
 * Value sets, labels and limits are the contract's (generated `contracts/helpline.ts`).
 */
import {
  CATEGORY_LABELS,
  DEPARTMENTS,
  DEPARTMENT_LABELS,
  HELPLINE_CATEGORIES,
  HELPLINE_TEXT_LIMITS,
  OUTCOMES,
  OUTCOME_LABELS,
  REQUESTER_KINDS,
  REQUESTER_KIND_LABELS,
  type AgentRequestDetail,
  type AgentRequestView,
  type Department,
  type HandoffTargets,
  type HelplineCategory,
  type MetricsRow,
  type Outcome,
  type ReplyChannel,
  type ReferralView,
  type RequesterKind,
} from '../contracts/helpline';
import { formatTime } from '../utils/time';

/** What each kind of help covers, in the asker's words (the page's hint under the label). */
const CATEGORY_HINTS: Record<HelplineCategory, string> = {
  psychological: '情绪低落、压力大、想找人聊聊',
  legal: '权益受到侵害、遭遇欺凌',
  familyEducation: '亲子沟通、家庭矛盾',
  employment: '升学、就业与创业',
};

/** The four kinds of help (policy §二(二)). */
export const CATEGORY_OPTIONS: { value: HelplineCategory; label: string; hint: string }[] = HELPLINE_CATEGORIES.map((value) => ({
  value,
  label: CATEGORY_LABELS[value],
  hint: CATEGORY_HINTS[value],
}));

/** Who is asking, in the first person (the form's words, not the agents' labels). */
const REQUESTER_WORDS: Record<RequesterKind, string> = {
  child: '我是孩子',
  parent: '我是孩子的爸爸妈妈',
  guardian: '我是爷爷奶奶或其他监护人',
  teacher: '我是老师',
  public: '我是其他人（邻居、亲友等）',
};
export const REQUESTER_OPTIONS: { value: RequesterKind; label: string }[] = REQUESTER_KINDS.map((value) => ({ value, label: REQUESTER_WORDS[value] }));

/** Departments a request can be referred to. */
export const DEPARTMENT_OPTIONS: { value: Department; label: string }[] = DEPARTMENTS.map((value) => ({ value, label: DEPARTMENT_LABELS[value] }));

/** How a request can end. */
export const OUTCOME_OPTIONS: { value: Outcome; label: string }[] = OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value] }));

/** The submit form as the page holds it. */
export interface HelpForm {
  category: HelplineCategory | '';
  description: string;
  requesterKind: RequesterKind | '';
  anonymous: boolean;
  replyChannel: ReplyChannel;
  callbackPhone: string;
}

export const EMPTY_FORM: HelpForm = { category: '', description: '', requesterKind: '', anonymous: false, replyChannel: 'thread', callbackPhone: '' };

/** Longest description accepted (the contract's). */
export const MAX_DESCRIPTION = HELPLINE_TEXT_LIMITS.description;

/**
 * Checks the form before sending; the function validates again.
 * @returns the first problem in Chinese, or undefined when the form can be sent
 */
export function validateHelpForm(f: HelpForm): string | undefined {
  if (!f.category) return '请选择求助类别';
  if (!f.requesterKind) return '请选择您的身份';
  const text = f.description.trim();
  if (!text) return '请简单描述您遇到的情况';
  if (Array.from(text).length > MAX_DESCRIPTION) return `描述不超过${MAX_DESCRIPTION}字`;
  if (!f.anonymous && f.replyChannel === 'phone') {
    if (!/^[+\d][\d\s-]{6,19}$/.test(f.callbackPhone.trim())) return '请填写正确的回电号码';
  }
  return undefined;
}

/**
 * The `submitRequest` input for a valid form. Anonymous requests are answered in the app only,
 * so no phone is sent for them.
 */
export function submitPayload(f: HelpForm, requestId: string) {
  const anonymous = f.anonymous;
  const phone = !anonymous && f.replyChannel === 'phone';
  return {
    requestId,
    category: f.category as HelplineCategory,
    description: f.description.trim(),
    requesterKind: f.requesterKind as RequesterKind,
    anonymous,
    replyChannel: phone ? ('phone' as const) : ('thread' as const),
    ...(phone ? { callbackPhone: f.callbackPhone.trim() } : {}),
  };
}

/** A client request id (retries of one tap reuse it, so a request is never made twice). */
export function newRequestId(now: number = Date.now(), random: () => number = Math.random): string {
  return `rq-${now.toString(36)}-${Math.floor(random() * 36 ** 8).toString(36).padStart(8, '0')}`;
}

/** TDesign theme of a status tag. */
export function statusTheme(status: string): 'primary' | 'warning' | 'success' | 'default' {
  switch (status) {
    case 'open':
      return 'warning';
    case 'claimed':
      return 'primary';
    case 'closed':
      return 'success';
    default:
      return 'default';
  }
}

/**
 * A duration for people: `不到1分钟`, `25分钟`, `2小时5分钟`, `3天4小时`.
 * @param ms milliseconds (null → `—`)
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return '不到1分钟';
  if (minutes < 60) return `${minutes}分钟`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}小时${minutes % 60}分钟` : `${hours}小时`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days}天${hours % 24}小时` : `${days}天`;
}

/** A share as `37.5%` (null → `—`). */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}

/** Beijing wall-clock `M月D日 HH:mm` of an instant (one definition for every page: utils/time.ts). */
export { formatTime };

/** One metrics row as the supervisor view lists it. */
export interface MetricsRowView {
  period: string;
  lines: { label: string; value: string }[];
}

/** Metric rows from `helpline.metrics` for display (labels in Chinese). */
export function metricsRowView(row: MetricsRow): MetricsRowView {
  return {
    period: row.period,
    lines: [
      { label: '求助数', value: String(row.submitted) },
      { label: '首次响应（中位 / 90%）', value: `${formatDuration(row.firstResponse.p50Ms)} / ${formatDuration(row.firstResponse.p90Ms)}` },
      { label: '处理时长（中位 / 90%）', value: `${formatDuration(row.handle.p50Ms)} / ${formatDuration(row.handle.p90Ms)}` },
      { label: '放弃', value: `${row.abandoned}（${formatRate(row.abandonedRate)}）` },
      { label: '转介按期答复', value: `${row.referrals.answeredInTime}/${row.referrals.due}（${formatRate(row.referrals.rate)}）` },
      {
        label: '满意度',
        value: row.satisfaction.count ? `${(Math.round((row.satisfaction.mean ?? 0) * 10) / 10).toFixed(1)}分，满意率${formatRate(row.satisfaction.satisfiedRate)}` : '暂无评价',
      },
    ],
  };
}

/** The Shanghai calendar day of an instant, `YYYY-MM-DD`. */
export function shanghaiDayOf(at: number): string {
  const d = new Date(at + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The last `days` Shanghai days ending today: `{ from, to }`. */
export function lastDays(now: number, days: number): { from: string; to: string } {
  return { from: shanghaiDayOf(now - (days - 1) * 86_400_000), to: shanghaiDayOf(now) };
}

// ---------------------------------------------------------------------------------------------
// Agents: a logged phone call, transfers, referrals, the crisis word list

/** Who called, in the agents' words (the contract's labels: 儿童本人, 家长 …). */
export const CALLER_OPTIONS: { value: RequesterKind; label: string }[] = REQUESTER_KINDS.map((value) => ({ value, label: REQUESTER_KIND_LABELS[value] }));

/** The 登记来电 form as the page holds it. */
export interface CallForm {
  category: HelplineCategory | '';
  requesterKind: RequesterKind | '';
  description: string;
  anonymous: boolean;
  callbackPhone: string;
  urgent: boolean;
}

export const EMPTY_CALL: CallForm = { category: '', requesterKind: '', description: '', anonymous: false, callbackPhone: '', urgent: false };

/**
 * Checks a logged call before sending (the function checks again).
 * @returns the first problem in Chinese, or undefined
 */
export function validateCallForm(f: CallForm): string | undefined {
  if (!f.category) return '请选择求助类别';
  if (!f.requesterKind) return '请选择来电人';
  const text = f.description.trim();
  if (!text) return '请记录来电内容';
  if (Array.from(text).length > MAX_DESCRIPTION) return `来电内容不超过${MAX_DESCRIPTION}字`;
  const phone = f.callbackPhone.trim();
  if (!f.anonymous && phone && !/^[+\d][\d\s-]{6,19}$/.test(phone)) return '回电号码格式不对，请检查';
  return undefined;
}

/** The `logCall` input of a valid form (an anonymous caller's number is never sent). */
export function callPayload(f: CallForm, requestId: string) {
  const phone = f.anonymous ? '' : f.callbackPhone.trim();
  return {
    requestId,
    category: f.category as HelplineCategory,
    requesterKind: f.requesterKind as RequesterKind,
    description: f.description.trim(),
    anonymous: f.anonymous,
    urgent: f.urgent,
    ...(phone ? { callbackPhone: phone } : {}),
  };
}

/** What a referral to each department needs besides the summary and reason. */
export const DEPARTMENT_NEEDS: Record<Department, 'region' | 'regionOptional' | 'school' | 'site'> = {
  police: 'region',
  civilAffairs: 'region',
  school: 'school',
  hospital: 'regionOptional',
  legalAid: 'regionOptional',
  site: 'site',
};

/** The 转介 form as the request page holds it. */
export interface ReferForm {
  department: Department | '';
  regionCode: string;
  schoolId: string;
  siteId: string;
  summary: string;
  reason: string;
  deadlineDays: number;
}

export const EMPTY_REFER: ReferForm = { department: '', regionCode: '', schoolId: '', siteId: '', summary: '', reason: '', deadlineDays: 3 };

/** Reply deadlines offered (days). */
export const DEADLINE_OPTIONS: { value: number; label: string }[] = [1, 3, 7].map((d) => ({ value: d, label: `${d}天内答复` }));

/**
 * Checks a referral before sending.
 * @returns the first problem in Chinese, or undefined
 */
export function validateReferForm(f: ReferForm): string | undefined {
  if (!f.department) return '请选择转介部门';
  const need = DEPARTMENT_NEEDS[f.department];
  if (need === 'region' && !f.regionCode) return '请选择转介到哪个乡镇或村（社区）';
  if (need === 'school' && !f.schoolId) return '请选择转介的学校';
  if (need === 'site' && !f.siteId) return '请选择转介的服务机构';
  if (!f.summary.trim()) return '请填写转介说明（部门能看到的情况）';
  if (Array.from(f.summary.trim()).length > HELPLINE_TEXT_LIMITS.note) return `转介说明不超过${HELPLINE_TEXT_LIMITS.note}字`;
  if (Array.from(f.reason.trim()).length < 4) return '请说明转介理由（至少4个字）';
  return undefined;
}

/** The `refer` input of a valid form. */
export function referPayload(f: ReferForm, id: string) {
  const need = DEPARTMENT_NEEDS[f.department as Department];
  return {
    id,
    department: f.department as Department,
    summary: f.summary.trim(),
    reason: f.reason.trim(),
    deadlineDays: f.deadlineDays,
    ...(need === 'school' ? { schoolId: f.schoolId } : need === 'site' ? { siteId: f.siteId } : f.regionCode ? { regionCode: f.regionCode } : {}),
  };
}

/** A referral as the referrals list shows it. */
export interface ReferralRow {
  id: string;
  title: string;
  description: string;
  tag: string;
  tone: 'danger' | 'warning' | 'success' | 'neutral';
  summary: string;
  /** Said plainly when a directory entry had nobody bound, or the order was escalated. */
  routeNote: string;
  reply: string;
  answerable: boolean;
  urgent: boolean;
}

/** `请于M月D日 HH:mm前答复`, `答复期限M月D日 HH:mm，已过` or `于M月D日 HH:mm答复`. */
export function referralDeadlineText(r: Pick<ReferralView, 'status' | 'deadline' | 'answeredAt'>, now: Date): string {
  if (r.status === 'answered') return `于${formatTime(r.answeredAt)}答复`;
  if (new Date(r.deadline).getTime() < now.getTime()) return `答复期限${formatTime(r.deadline)}，已过`;
  return `请于${formatTime(r.deadline)}前答复`;
}

/** Rows of the referrals list: open ones overdue first, then by deadline; answered after, newest first. */
export function referralRows(list: ReferralView[], now: Date): ReferralRow[] {
  const open = list.filter((r) => r.status !== 'answered').sort((a, b) => new Date(a.deadline).getTime() - new Date(b.deadline).getTime());
  const done = list.filter((r) => r.status === 'answered').sort((a, b) => new Date(b.answeredAt ?? 0).getTime() - new Date(a.answeredAt ?? 0).getTime());
  return [...open, ...done].map((r) => {
    const overdue = r.status !== 'answered' && new Date(r.deadline).getTime() < now.getTime();
    return {
      id: r.id,
      title: `${r.urgent ? '【紧急】' : ''}${r.categoryLabel} · 转${r.siteName ?? r.departmentLabel}`,
      description: `${referralDeadlineText(r, now)} · 编号 ${r.requestNo}`,
      tag: r.statusLabel,
      tone: r.status === 'answered' ? 'success' : overdue ? 'danger' : 'warning',
      summary: r.summary,
      routeNote: [r.routeNote, r.escalated ? '已逾期，已告知县民政局管理员督办' : ''].filter(Boolean).join('；'),
      reply: r.reply ?? '',
      answerable: r.status !== 'answered',
      urgent: r.urgent,
    };
  });
}

/**
 * A crisis word list typed in a box: one word per line (commas, 、 and spaces also separate),
 * trimmed, duplicates dropped, each at most 20 characters (the contract's limit).
 * @returns the words, or the first problem in Chinese
 */
export function parseCrisisWords(text: string): { words: string[] } | { problem: string } {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const raw of text.split(/[\n,，、;；\s]+/)) {
    const w = raw.trim();
    if (!w || seen.has(w)) continue;
    if (Array.from(w).length > 20) return { problem: `“${w.slice(0, 10)}…”太长：每个词不超过20个字` };
    seen.add(w);
    words.push(w);
  }
  if (!words.length) return { problem: '词表不能为空，请至少保留一个词' };
  if (words.length > 500) return { problem: '词表最多500个词' };
  return { words };
}

/** What changed between two lists, for the confirmation line (`新增2个，删除1个`). */
export function crisisWordsChange(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[]; text: string } {
  const b = new Set(before);
  const a = new Set(after);
  const added = after.filter((w) => !b.has(w));
  const removed = before.filter((w) => !a.has(w));
  const parts = [added.length ? `新增${added.length}个` : '', removed.length ? `删除${removed.length}个` : ''].filter(Boolean);
  return { added, removed, text: parts.length ? parts.join('，') : '没有改动' };
}

/** A request as the workbench lists it. */
export interface RequestRow {
  id: string;
  title: string;
  description: string;
  statusLabel: string;
  tone: 'danger' | 'warning' | 'info' | 'success' | 'neutral';
}

/** Workbench rows: crisis and urgent requests say so in words, not by colour alone. */
export function requestRow(r: AgentRequestView): RequestRow {
  const mark = r.crisis ? '【危机】' : r.priority === 'urgent' ? '【紧急】' : '';
  const source = r.source === 'phone' ? '来电' : '小程序';
  return {
    id: r.id,
    title: `${mark}${r.categoryLabel}`,
    description: `${formatTime(r.submittedAt)} · ${source} · ${r.requesterLabel} · 编号 ${r.requestNo}`,
    statusLabel: r.statusLabel,
    tone: r.crisis || r.priority === 'urgent' ? 'danger' : r.status === 'open' ? 'warning' : r.status === 'closed' ? 'success' : 'info',
  };
}

/** A thread message as the request page shows it: who (in words), when, what. */
export function threadRows(d: AgentRequestDetail): { id: string; kind: string; who: string; text: string; timeText: string }[] {
  return d.messages.map((m) => ({
    id: m.id,
    kind: m.kind,
    who: m.from === 'requester' ? d.request.requesterLabel : m.kind === 'callback' ? '回电记录（求助人看不到）' : m.from === 'agent' ? '接线员' : '系统',
    text: m.text,
    timeText: formatTime(m.at),
  }));
}

/** Transfer choices: team mates (on duty first, saying so) then other teams. Values `p:<personId>` / `t:<teamId>`. */
export function transferOptions(t: HandoffTargets): { value: string; label: string; hint: string }[] {
  return [
    ...t.agents.map((a) => ({ value: `p:${a.personId}`, label: a.name, hint: a.onDuty ? '同事 · 值班中' : '同事 · 未值班（上线后才会看到）' })),
    ...t.teams.map((x) => ({ value: `t:${x.teamId}`, label: x.name, hint: '其他热线团队（进入对方队列）' })),
  ];
}

/** The `transfer` input for a chosen option value. */
export function transferPayload(id: string, to: string, note: string) {
  const clean = note.trim();
  const target = to.startsWith('p:') ? { toPersonId: to.slice(2) } : { toTeamId: to.slice(2) };
  return { id, ...target, ...(clean ? { note: clean } : {}) };
}
