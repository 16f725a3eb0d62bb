/**
 * Pure presentation of the care pages for staff (packageCare): a child's visit history and plan,
 * the due/overdue list, the reports list, 1+1+1 coverage and slots, and the county's care
 * settings — every value shown by its Chinese label from the generated contracts, never a code.
 * No `wx` here (unit-tested in node: tests/unit/care-miniprogram-logic.test.ts).
 */
import { CARE_LABELS, PAIRING_SLOTS, REPORT_KINDS, SLOT_KINDS, type DueVisitItem, type PairingCandidate, type PairingMembersView, type PairingSlot, type ReportKind, type ReportRow, type VisitPlan, type VisitView } from '../../contracts/care';
import { PAIRING_KIND_LABELS, ROLE_LABELS } from '../../contracts/accounts';
import { LABELS as REGISTRY_LABELS } from '../../contracts/registry';
import { HEADING_OPTIONS, dueText, reportStateText } from '../../services/care-logic';
import { formatTime } from '../../utils/time';

/** A label from a table, or a neutral word when the value is not in it (never the code itself). */
export function labelIn(table: Record<string, string>, value: string | null | undefined, unknown = '未说明'): string {
  return (value && table[value]) || unknown;
}

/** `2026年2月20日` of a `YYYY-MM-DD` day. */
export function dayText(day: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : '';
}

/** `3月22日` of a `YYYY-MM-DD` day. */
export function shortDay(day: string | null | undefined): string {
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(day ?? '');
  return m ? `${Number(m[1])}月${Number(m[2])}日` : '';
}

/** `重点对象` / `关注对象` / `一般对象`. */
export function riskText(level: string | null | undefined): string {
  return `${labelIn(REGISTRY_LABELS.risk, level)}对象`;
}

/** Who visited, with their role: `王晓明（村留守儿童保护专干）`, `郑小红（结对帮扶人 · 志愿者）`. */
export function visitorText(v: VisitView['visitor']): string {
  const role = labelIn(ROLE_LABELS, v.role, '工作人员');
  const kind = v.pairingKind ? ` · ${labelIn(PAIRING_KIND_LABELS, v.pairingKind)}` : '';
  return `${v.name || '未留姓名'}（${role}${kind}）`;
}

/** The plan in one line: overdue, due today, or when next. */
export function planText(plan: VisitPlan | null): string {
  if (!plan) return '已退出在册，无需再走访';
  const every = `${riskText(plan.riskLevel)}每${plan.intervalDays}天走访一次`;
  if (plan.status === 'overdue') return `已逾期${plan.daysOverdue}天（应于${shortDay(plan.dueOn)}走访；${every}）`;
  if (plan.status === 'dueToday') return `今天应走访（${every}）`;
  return `下次走访：${shortDay(plan.dueOn)}（${every}）`;
}

/** `上次走访：2026年2月20日 · 入户走访` or `还没有走访记录`. */
export function lastVisitText(plan: VisitPlan | null, last?: Pick<VisitView, 'date' | 'kind'>): string {
  if (last) return `上次走访：${dayText(last.date)} · ${labelIn(CARE_LABELS.visitKind, last.kind)}`;
  if (plan?.lastVisitOn) return `上次走访：${dayText(plan.lastVisitOn)}`;
  return '还没有走访记录';
}

/** A visit as the history lists it. */
export interface VisitRow {
  id: string;
  title: string;
  visitor: string;
  findings: { label: string; text: string }[];
  /** Links to the visit's photos that can be shown (a gone file is left out). */
  photos: string[];
  extras: string;
}

export function visitRows(visits: VisitView[]): VisitRow[] {
  return visits.map((v) => ({
    id: v.visitId,
    title: `${dayText(v.date)} · ${labelIn(CARE_LABELS.visitKind, v.kind)}`,
    visitor: visitorText(v.visitor),
    findings: HEADING_OPTIONS.filter((h) => (v.findings[h.value] ?? '').trim()).map((h) => ({ label: h.label, text: v.findings[h.value]!.trim() })),
    photos: (v.photoUrls ?? []).filter(Boolean),
    extras: [v.photos.length ? `照片${v.photos.length}张` : '', v.location ? '已定位签到' : ''].filter(Boolean).join(' · '),
  }));
}

/** A due/overdue list row. */
export interface DueRow {
  childId: string;
  title: string;
  description: string;
  tag: string;
  tone: 'danger' | 'warning' | 'info';
}

/** The due list by status: overdue, due today, upcoming (each in the function's order). */
export function dueGroups(items: DueVisitItem[]): { key: 'overdue' | 'dueToday' | 'upcoming'; title: string; rows: DueRow[] }[] {
  const row = (i: DueVisitItem): DueRow => ({
    childId: i.childId,
    title: i.childName || '（姓名已隐藏）',
    description: `${i.villageName} · ${riskText(i.riskLevel)} · ${i.lastVisitOn ? `上次${shortDay(i.lastVisitOn)}` : '从未走访'}`,
    tag: dueText(i),
    tone: i.status === 'overdue' ? 'danger' : i.status === 'dueToday' ? 'warning' : 'info',
  });
  return (['overdue', 'dueToday', 'upcoming'] as const)
    .map((key) => ({ key, title: CARE_LABELS.visitStatus[key], rows: items.filter((i) => i.status === key).map(row) }))
    .filter((g) => g.rows.length > 0);
}

/** A report as the handlers' list shows it. */
export interface ReportListRow {
  reportId: string;
  title: string;
  description: string;
  tag: string;
  tone: 'danger' | 'warning' | 'info' | 'success';
}

export function reportListRows(reports: ReportRow[], now: Date): ReportListRow[] {
  return reports.map((r) => ({
    reportId: r.reportId,
    title: labelIn(CARE_LABELS.reportKind, r.kind, '其他情况'),
    description: `${r.villageName} · ${formatTime(r.reportedAt)}报告${r.status === 'closed' && r.outcome ? ` · ${labelIn(CARE_LABELS.outcome, r.outcome)}` : ''}`,
    tag: reportStateText(r, now),
    tone: r.status === 'closed' ? 'success' : r.ackOverdue ? 'danger' : r.status === 'open' ? 'warning' : 'info',
  }));
}

/** `85%` of a 0–1 ratio. */
export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** The empty places of a triad in words: `缺 邻居、网格员或志愿者`. */
export function missingText(missing: PairingSlot[]): string {
  return missing.length ? `缺 ${missing.map((s) => labelIn(CARE_LABELS.slot, s)).join('、')}` : '三方已落实';
}

/** A place of the triad as the pairing page shows it. */
export interface SlotRow {
  slot: PairingSlot;
  label: string;
  filled: boolean;
  who: string;
  since: string;
}

export function slotRows(p: Pick<PairingMembersView, 'members'>): SlotRow[] {
  return PAIRING_SLOTS.map((slot) => {
    const m = p.members.find((x) => x.slot === slot);
    const filled = !!m && m.filled;
    return {
      slot,
      label: labelIn(CARE_LABELS.slot, slot),
      filled,
      who: filled ? `${m!.name || '未留姓名'}${m!.kind ? `（${labelIn(PAIRING_KIND_LABELS, m!.kind)}）` : ''}` : '未落实',
      since: filled && m!.since ? `${formatTime(m!.since).split(' ')[0]}起` : '',
    };
  });
}

/** Who may fill `slot`, by name with their kind: `何志明（邻居）`. */
export function candidateOptions(candidates: PairingCandidate[], slot: PairingSlot): { value: string; label: string; hint: string }[] {
  return candidates
    .filter((c) => c.slot === slot || (!!c.kind && (SLOT_KINDS[slot] as readonly string[]).includes(c.kind)))
    .map((c) => ({ value: c.personId, label: c.name || '未留姓名', hint: labelIn(PAIRING_KIND_LABELS, c.kind, '结对帮扶人') }));
}

// ---------------------------------------------------------------------------------------------
// Care settings (county)

/** Limits the function enforces (contracts/care.ts `updateCareSettings`). */
export const SETTING_LIMITS = { days: { min: 1, max: 365 }, minutes: { min: 5, max: 7 * 24 * 60 } } as const;

/** `1小时`, `24小时`, `1天`, `90分钟`, `1小时30分钟`. */
export function minutesText(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return '';
  if (minutes % (24 * 60) === 0 && minutes >= 48 * 60) return `${minutes / (24 * 60)}天`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h}小时${m ? `${m}分钟` : ''}` : `${m}分钟`;
}

/** The settings form: one row per value, as text the person edits. */
export interface SettingRow {
  key: string;
  group: 'visit' | 'ack';
  label: string;
  value: string;
  unit: string;
  hint: string;
}

/** Rows of the form from the county's settings (risk levels in order; report kinds with a missing child first). */
export function settingRows(v: { visitIntervalDays: Record<string, number>; reportAckMinutes: Record<string, number> }): SettingRow[] {
  const visit = (['focus', 'attention', 'regular'] as const).map((k) => ({
    key: k,
    group: 'visit' as const,
    label: riskText(k),
    value: String(v.visitIntervalDays[k] ?? ''),
    unit: '天',
    hint: '两次走访最多相隔的天数',
  }));
  const kinds: readonly ReportKind[] = ['missing', ...REPORT_KINDS.filter((k) => k !== 'missing')];
  const ack = kinds.map((k) => ({
    key: k,
    group: 'ack' as const,
    label: labelIn(CARE_LABELS.reportKind, k),
    value: String(v.reportAckMinutes[k] ?? ''),
    unit: '分钟',
    hint: minutesText(v.reportAckMinutes[k] ?? 0),
  }));
  return [...visit, ...ack];
}

/**
 * The `updateCareSettings` input for what changed, or the first problem (naming the row).
 * @returns `{ input }` (undefined when nothing changed) or `{ problem }`
 */
export function settingsChange(
  rows: SettingRow[],
  before: { visitIntervalDays: Record<string, number>; reportAckMinutes: Record<string, number> },
): { input?: { visitIntervalDays?: Record<string, number>; reportAckMinutes?: Record<string, number> } } | { problem: string } {
  const visitIntervalDays: Record<string, number> = {};
  const reportAckMinutes: Record<string, number> = {};
  for (const r of rows) {
    const text = r.value.trim();
    const n = Number(text);
    const lim = r.group === 'visit' ? SETTING_LIMITS.days : SETTING_LIMITS.minutes;
    const what = r.group === 'visit' ? `${r.label}的走访间隔` : `“${r.label}”的确认时限`;
    if (!/^\d+$/.test(text) || n < lim.min || n > lim.max) {
      return { problem: r.group === 'visit' ? `${what}应为${lim.min}–${lim.max}天` : `${what}应为${lim.min}分钟到7天（${lim.max}分钟）之间` };
    }
    if (r.group === 'visit' && n !== before.visitIntervalDays[r.key]) visitIntervalDays[r.key] = n;
    if (r.group === 'ack' && n !== before.reportAckMinutes[r.key]) reportAckMinutes[r.key] = n;
  }
  const input: { visitIntervalDays?: Record<string, number>; reportAckMinutes?: Record<string, number> } = {};
  if (Object.keys(visitIntervalDays).length) input.visitIntervalDays = visitIntervalDays;
  if (Object.keys(reportAckMinutes).length) input.reportAckMinutes = reportAckMinutes;
  return { input: Object.keys(input).length ? input : undefined };
}

/**
 * What the reporter reads after an immediate report: exactly who was told, by role, and when the
 * county stood in for a township or police station with nobody in the system. Never claims the
 * police were told when no police officer was.
 */
export function reportSentText(told: { townshipStaff: number; police: number; countyAdmin: number }): string {
  const parts: string[] = [];
  if (told.townshipStaff) parts.push(`乡镇工作人员${told.townshipStaff}人`);
  if (told.police) parts.push(`派出所民警${told.police}人`);
  if (told.countyAdmin) {
    const missing = [told.townshipStaff ? '' : '乡镇', told.police ? '' : '派出所'].filter(Boolean).join('和');
    parts.push(`县民政局${told.countyAdmin}人（当地${missing}暂无人使用本系统，已转县里安排）`);
  }
  const policeMissing = !told.police ? '；派出所未收到，情况紧急请直接拨打 110' : '';
  return `已报告：${parts.join('、')}${policeMissing}。请保持电话畅通`;
}
