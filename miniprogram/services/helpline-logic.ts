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
  type Department,
  type HelplineCategory,
  type MetricsRow,
  type Outcome,
  type ReplyChannel,
  type RequesterKind,
} from '../contracts/helpline';

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
export { formatTime } from '../utils/time';

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
