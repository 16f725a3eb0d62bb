/**
 * Pure logic of the care pages (packageCare): visit-form drafts that survive interruptions,
 * validation with Chinese messages, and the words lists and tasks show. No `wx` here (storage is
 * passed in), so it is unit-tested in node. Value sets and labels come from the generated
 * contracts (`contracts/care.ts`, from the `care` contract's `CARE_LABELS`).
 */
import {
  CARE_KINDS,
  CARE_LABELS,
  FINDING_HEADINGS,
  REPORT_KINDS,
  REPORT_OUTCOMES,
  VISIT_KINDS,
  type CareKind,
  type DueVisitItem,
  type FindingHeading,
  type PairingSlot,
  type RecordVisitInput,
  type ReportKind,
  type ReportOutcome,
  type ReportStatus,
  type VisitKind,
} from '../contracts/care';

/** `values` as picker options with the contract's labels. */
function options<T extends string>(values: readonly T[], labels: Record<T, string>): { value: T; label: string }[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

export const VISIT_KIND_OPTIONS: { value: VisitKind; label: string }[] = options(VISIT_KINDS, CARE_LABELS.visitKind);

/** What to write under each heading (the form's hint; the page's own words). */
const HEADING_PLACEHOLDERS: Record<FindingHeading, string> = {
  health: '身体、疾病、就医情况',
  schooling: '上学、学习、在校表现',
  family: '父母务工、联系、家庭变化',
  guardianship: '谁在照料、照料是否到位',
  income: '务工、种养殖、救助等',
  assistance: '低保、临时救助等',
  other: '其他需要记录的情况',
};

/** The national form's headings visit findings are written under. */
export const HEADING_OPTIONS: { value: FindingHeading; label: string; placeholder: string }[] = FINDING_HEADINGS.map((value) => ({
  value,
  label: CARE_LABELS.heading[value],
  placeholder: HEADING_PLACEHOLDERS[value],
}));

/** Report kinds as the report form offers them: a missing child first (the most urgent). */
const REPORT_KIND_ORDER: readonly ReportKind[] = ['missing', ...REPORT_KINDS.filter((k) => k !== 'missing')];
export const REPORT_KIND_OPTIONS: { value: ReportKind; label: string }[] = options(REPORT_KIND_ORDER, CARE_LABELS.reportKind);

export const OUTCOME_OPTIONS: { value: ReportOutcome; label: string }[] = options(REPORT_OUTCOMES, CARE_LABELS.outcome);

export const CARE_KIND_OPTIONS: { value: CareKind; label: string }[] = options(CARE_KINDS, CARE_LABELS.careKind);

export const SLOT_LABELS: Record<PairingSlot, string> = CARE_LABELS.slot;
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = CARE_LABELS.reportStatus;

/** Label of a value in an options list (`未说明` when unknown: a code is never shown). */
export function labelOf<T extends string>(options: { value: T; label: string }[], value: T): string {
  const o = options.find((x) => x.value === value);
  return o ? o.label : '未说明';
}

/** Today in Beijing (UTC+8, no daylight saving) as `YYYY-MM-DD`, whatever the phone's zone. */
export function beijingDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A fresh client request id (8–64 characters, ASCII). */
export function newRequestId(prefix: string, now: number = Date.now(), random: () => number = Math.random): string {
  return `${prefix}-${now.toString(36)}-${Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Visit drafts

/** What the visit form holds; saved on every change. */
export interface VisitDraft {
  childId: string;
  /** Kept with the draft, so a retried submit is the same visit. */
  requestId: string;
  date: string;
  kind: VisitKind;
  findings: Partial<Record<FindingHeading, string>>;
  photos: string[];
  location?: { latitude: number; longitude: number; accuracy?: number; consent: true };
  /** ms since epoch of the last change. */
  savedAt: number;
}

/** Key-value storage (wx.getStorageSync / setStorageSync / removeStorageSync). */
export interface DraftStorage {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export const VISIT_DRAFT_PREFIX = 'care.visitDraft.';

export function draftKey(childId: string): string {
  return `${VISIT_DRAFT_PREFIX}${childId}`;
}

export function emptyDraft(childId: string, today: string, requestId: string): VisitDraft {
  return { childId, requestId, date: today, kind: 'home', findings: {}, photos: [], savedAt: 0 };
}

function isDraft(x: unknown, childId: string): x is VisitDraft {
  const d = x as VisitDraft | null;
  return !!d && typeof d === 'object' && d.childId === childId && typeof d.requestId === 'string' && typeof d.date === 'string' && !!d.findings;
}

/** The saved draft of a child's visit, or undefined. */
export function loadDraft(storage: DraftStorage, childId: string): VisitDraft | undefined {
  try {
    const v = storage.get(draftKey(childId));
    return isDraft(v, childId) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Saves the draft (stamped with `now`); storage failures are ignored (the form still works). */
export function saveDraft(storage: DraftStorage, draft: VisitDraft, now: number = Date.now()): VisitDraft {
  const stamped = { ...draft, savedAt: now };
  try {
    storage.set(draftKey(draft.childId), stamped);
  } catch {
    // A full storage must not break typing.
  }
  return stamped;
}

export function clearDraft(storage: DraftStorage, childId: string): void {
  try {
    storage.remove(draftKey(childId));
  } catch {
    // ignore
  }
}

/** True when the user wrote anything worth keeping. */
export function draftHasContent(d: VisitDraft): boolean {
  return Object.values(d.findings).some((v) => !!v && v.trim().length > 0) || d.photos.length > 0 || !!d.location;
}

/**
 * Checks a draft before submitting.
 * @returns a Chinese message for the user, or undefined when it may be sent
 */
export function validateDraft(d: VisitDraft, today: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) return '请选择走访日期';
  if (d.date > today) return '走访日期不能晚于今天';
  if (!Object.values(d.findings).some((v) => !!v && v.trim().length > 0)) return '请至少填写一项走访情况';
  const long = HEADING_OPTIONS.find((h) => (d.findings[h.value] ?? '').trim().length > 500);
  if (long) return `${long.label}不能超过500字`;
  return undefined;
}

/** The `care.recordVisit` input of a draft (empty headings left out). */
export function draftToInput(d: VisitDraft): RecordVisitInput {
  const findings: Partial<Record<FindingHeading, string>> = {};
  for (const h of HEADING_OPTIONS) {
    const v = (d.findings[h.value] ?? '').trim();
    if (v) findings[h.value] = v;
  }
  const input: RecordVisitInput = { childId: d.childId, requestId: d.requestId, date: d.date, kind: d.kind, findings, photos: d.photos };
  if (d.location) input.location = d.location;
  return input;
}

// ---------------------------------------------------------------------------------------------
// Tasks

/** "已逾期3天" / "今日到期" / "4月1日到期". */
export function dueText(item: Pick<DueVisitItem, 'status' | 'daysOverdue' | 'dueOn'>): string {
  if (item.status === 'overdue') return `已逾期${item.daysOverdue}天`;
  if (item.status === 'dueToday') return '今日到期';
  const [, m, d] = item.dueOn.split('-').map(Number);
  return `${m}月${d}日到期`;
}

/** Where a report stands for the person handling it: time left to acknowledge, or its status. */
export function reportStateText(r: { status: ReportStatus; ackDueAt: string | Date; escalatedAt?: string | Date | null }, now: Date): string {
  if (r.status !== 'open') return REPORT_STATUS_LABELS[r.status];
  const left = new Date(r.ackDueAt).getTime() - now.getTime();
  if (left <= 0) return r.escalatedAt ? '超时未确认，已上报县民政局' : '超时未确认';
  const minutes = Math.ceil(left / 60_000);
  return minutes >= 60 ? `请在${Math.floor(minutes / 60)}小时${minutes % 60 ? `${minutes % 60}分钟` : ''}内确认` : `请在${minutes}分钟内确认`;
}

/**
 * Checks a report before sending.
 * @returns a Chinese message, or undefined
 */
export function validateReport(r: { childId?: string; villageCode?: string; childDescription?: string }): string | undefined {
  if (r.childId) return undefined;
  if (!r.villageCode || !/^\d{12}$/.test(r.villageCode)) return '请选择儿童所在村（社区）';
  if (!r.childDescription || !r.childDescription.trim()) return '请简要描述儿童情况，便于核实';
  return undefined;
}
