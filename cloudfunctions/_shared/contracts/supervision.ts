/**
 * `supervision`: the county's and townships' oversight of the work (policy §三(一) 定期通报、定期
 * 督查、随机抽查、跟踪问效; §三(三) 队伍建设; docs/supervision.md) — the boards of indicators with
 * their drill-down to the child, the monthly circular (通报), spot checks (随机抽查) with follow-up
 * tasks (跟踪问效), and staffing coverage. The indicator catalogue is `indicators.ts` (re-exported
 * here for the mini-program).
 *
 * Days are Asia/Shanghai calendar days `YYYY-MM-DD`; months `YYYY-MM`; instants are UTC `Date`s
 * (ISO strings on the wire).
 *
 * Longer than 500 lines: the domain's whole action table (inputs, outputs, view types) is the
 * seam the mini-program is generated from, kept in one file per domain.
 */
import { z } from 'zod';
import { defineContract, returns } from './define';
import { fields } from './fields';
import { INDICATOR_KEYS, type IndicatorKey, type IndicatorSection, type ItemKind } from './indicators';

export * from './indicators';

// ---------------------------------------------------------------------------------------------
// Value sets and labels

/** What a spot check re-verifies: a visit record, a responsibility confirmation, an immediate report. */
export const SPOT_CHECK_KINDS = ['visit', 'confirmation', 'report'] as const;
export type SpotCheckKind = (typeof SPOT_CHECK_KINDS)[number];
export const SPOT_CHECK_KIND_LABELS: Record<SpotCheckKind, string> = { visit: '走访记录', confirmation: '监护责任确认书', report: '强制报告' };

/** A spot-check item's result: still to check, the record matches what the checker found, or it does not. */
export const SPOT_CHECK_RESULTS = ['pending', 'confirmed', 'discrepancy'] as const;
export type SpotCheckResult = (typeof SPOT_CHECK_RESULTS)[number];
export const SPOT_CHECK_RESULT_LABELS: Record<SpotCheckResult, string> = { pending: '待核实', confirmed: '核实无误', discrepancy: '与记录不符' };

/** A follow-up task: open (the township must act), answered (waiting for the county), closed (the county accepted). */
export const FOLLOW_UP_STATUSES = ['open', 'answered', 'closed'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export const FOLLOW_UP_STATUS_LABELS: Record<FollowUpStatus, string> = { open: '待整改', answered: '已回复待确认', closed: '已办结' };

/** Limits of the supervision forms. */
export const SUPERVISION_LIMITS = {
  /** Items drawn per township in one spot check. */
  perTownshipMax: 20,
  /** Characters of a checker's or a township's note. */
  note: 500,
  /** Photos per result or answer. */
  photos: 9,
  /** Days a follow-up may be given (1–60). */
  followUpDaysMax: 60,
  /** Days back a spot check may sample from. */
  periodDaysMax: 366,
} as const;

/** The notification kinds supervision sends, and the page each opens (the inbox follows `ref`). */
export const SUPERVISION_PAGES = {
  circular: '/packageSupervision/pages/circular/index',
  followUp: '/packageSupervision/pages/follow-up/index',
  board: '/packageSupervision/pages/board/index',
  indicator: '/packageSupervision/pages/indicator/index',
  spotChecks: '/packageSupervision/pages/spot-checks/index',
  spotCheck: '/packageSupervision/pages/spot-check/index',
  checkItem: '/packageSupervision/pages/check-item/index',
  circulars: '/packageSupervision/pages/circulars/index',
  followUps: '/packageSupervision/pages/follow-ups/index',
  staffing: '/packageSupervision/pages/staffing/index',
} as const;

// ---------------------------------------------------------------------------------------------
// Stored documents

/**
 * One computation of the indicators for a county (collection `supervisionRuns`): the board's
 * (every hour, `kind: 'board'`, as of today over the 30 days before) or a month's
 * (`kind: 'month'`, as of the month's last day over the month, for its circular). The county's
 * current board run is named by the pointer document `_id` = `board:<county>`.
 */
export interface RunDoc {
  _id: string;
  countyCode: string;
  kind: 'board' | 'month';
  asOf: string;
  period: { from: string; to: string };
  /** The month (`YYYY-MM`) of a month run. */
  month?: string;
  computedAt: Date;
  /** Milliseconds the computation took. */
  tookMs: number;
  /** Region documents written (county + townships + villages). */
  regions: number;
  /** The items were dropped (a past board run kept for trends). */
  itemsDropped?: boolean;
}

/** The figures of one region in one run (collection `supervisionFigures`, `_id` = `<runId>:<regionCode>`). */
export interface FiguresDoc {
  _id: string;
  runId: string;
  countyCode: string;
  code: string;
  level: 'county' | 'township' | 'village';
  /** The township of a village, the county of a township. */
  parent?: string;
  name: string;
  values: Partial<Record<IndicatorKey, number | null>>;
  /** The items of the indicators whose items sit at this level (`{ id, v?, note? }`). */
  items?: Partial<Record<IndicatorKey, { id: string; v?: number; note?: string }[]>>;
}

/** A monthly circular (collection `circulars`, `_id` = `<county>-<month>`, or `<county>-<month>-<asOf>` before the month ends). */
export interface CircularDoc {
  _id: string;
  countyCode: string;
  month: string;
  /** The month run it was made from. */
  runId: string;
  asOf: string;
  period: { from: string; to: string };
  /** False for a circular made before the month ended (截至某日). */
  final: boolean;
  title: string;
  xlsxFileID: string;
  pdfFileID?: string;
  generatedAt: Date;
  generatedBy: { kind: 'scheduler' } | { kind: 'person'; personId: string };
  /** The headline figures, for the list and the page (no personal data). */
  summary: CircularSummary;
  /** People told in the inbox. */
  announcedTo: number;
  version: number;
}

/** A spot check (collection `spotChecks`): the draw, reproducible from its seed and population. */
export interface SpotCheckDoc {
  _id: string;
  countyCode: string;
  kind: SpotCheckKind;
  /** Records dated within this period were the population. */
  period: { from: string; to: string };
  perTownship: number;
  /** The seed of the draw (given or generated); with the same population the same items come out. */
  seed: string;
  /** Per township: how many records there were and how many were drawn. */
  townships: { code: string; population: number; drawn: number }[];
  /** SHA-256 of the sorted population ids per township (proves which population the draw saw). */
  populationSha256: string;
  createdBy: string;
  createdAt: Date;
  counts: { items: number; checked: number; discrepancies: number };
}

/** One drawn record to re-verify (collection `spotCheckItems`, `_id` = `<checkId>-<township>-<n>`). */
export interface SpotCheckItemDoc {
  _id: string;
  checkId: string;
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  kind: SpotCheckKind;
  /** The visit, confirmation or report drawn. */
  targetId: string;
  childId?: string;
  /** What the record is, in words without personal data (its date and kind), fixed at the draw. */
  record?: string;
  /** Position within its township's draw (1-based). */
  n: number;
  status: SpotCheckResult;
  note?: string;
  photos?: string[];
  checkedBy?: string;
  checkedAt?: Date;
  followUpId?: string;
}

/** A follow-up task opened by a discrepancy (collection `followUps`, `_id` = `fu-<itemId>`). */
export interface FollowUpDoc {
  _id: string;
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  checkId: string;
  itemId: string;
  kind: SpotCheckKind;
  targetId: string;
  childId?: string;
  /** What the checker found (the discrepancy note). */
  problem: string;
  /** Last day to answer (Asia/Shanghai). */
  deadline: string;
  status: FollowUpStatus;
  openedBy: string;
  openedAt: Date;
  answer?: { note: string; photos: string[]; by: string; at: Date };
  /** The county's decisions on answers: returned for more work, or accepted. */
  reviews: { accepted: boolean; note?: string; by: string; at: Date }[];
  closedAt?: Date;
  /** When the township and the county were told it became overdue (once per deadline; the scheduler). */
  overdueToldAt?: Date;
}

// ---------------------------------------------------------------------------------------------
// Views

/** A division as the pages show it. */
export interface RegionView {
  code: string;
  name: string;
  level: 'county' | 'township' | 'village';
}

/** One number on a board. */
export interface FigureView {
  key: IndicatorKey;
  value: number | null;
  /** The denominator's number (`INDICATORS[key].of`). */
  of: number | null;
  /** value ÷ of × 100, one decimal; null without a denominator or when it is 0. */
  rate: number | null;
  /** The same number in the comparison run (about a month earlier), when there is one. */
  previous: number | null;
  /** Whether the change since then is good, bad or neither (null without a comparison or for plain counts). */
  change: 'better' | 'worse' | 'same' | null;
}

/** One section of a board. */
export interface BoardSectionView {
  section: IndicatorSection;
  label: string;
  figures: FigureView[];
}

/** A township (or a village, on a township's board) in the ranking. */
export interface RankRow {
  /** 1 = best; null for a region with no registered child (not ranked: 无登记儿童). */
  rank: number | null;
  region: RegionView;
  /** The mean of the scored rates (0–100, one decimal); null when none applies or the region has no registered child. */
  score: number | null;
  /** The region has no registered child: shown as 无登记儿童 after the ranked ones, never ranked last with 0 points. */
  noChildren: boolean;
  /** The scored rates, by indicator key. */
  rates: Partial<Record<IndicatorKey, number | null>>;
}

/** A board: the region's indicators, the trend, and the ranking of the regions below it. */
export interface BoardView {
  region: RegionView;
  /** The regions above it (county, township), for the breadcrumb. */
  parents: RegionView[];
  /** False until the first computation for the county has run. */
  ready: boolean;
  asOf: string | null;
  period: { from: string; to: string } | null;
  computedAt: Date | null;
  /** The run the trend compares with. */
  comparedWith: { asOf: string; computedAt: Date } | null;
  sections: BoardSectionView[];
  ranking: RankRow[];
  /** The keys the ranking's score averages. */
  scoreKeys: IndicatorKey[];
  /** The caller may recompute now (county admin). */
  canRefresh: boolean;
  /** The caller may draw spot checks and make circulars (county admin). */
  canManage: boolean;
}

/** A region's number in a drill-down. */
export interface BreakdownRow {
  region: RegionView;
  value: number | null;
  of: number | null;
  rate: number | null;
}

/** An item behind a number, as the caller may see it. */
export interface ItemView {
  id: string;
  kind: ItemKind;
  /** What it is: a child's name as the caller's role may see it, a report's kind, a village's name … */
  title: string;
  /** Where and when, in words. */
  detail: string;
  /** The note the computation gave it (e.g. 逾期12天). */
  note: string;
  /** The item's value (median / max indicators). */
  value: number | null;
  /** A page that opens it, when the caller has one. */
  page: string | null;
}

/** One indicator in one region: its number and, below it, the regions or the items behind it. */
export interface IndicatorView {
  key: IndicatorKey;
  region: RegionView;
  parents: RegionView[];
  asOf: string;
  period: { from: string; to: string };
  computedAt: Date;
  value: number | null;
  of: number | null;
  rate: number | null;
  /** The regions one level down with their numbers (when the indicator sits lower than this region). */
  rows: BreakdownRow[];
  /** The items (when the indicator's items sit at this region's level), a page of them. */
  items: ItemView[];
  /** Items in all (the number, for a count indicator). */
  total: number;
  hasMore: boolean;
}

/** The headline figures of a circular. */
export interface CircularSummary {
  registered: number;
  /** The top and bottom townships of the ranking. */
  best: { name: string; score: number | null }[];
  worst: { name: string; score: number | null }[];
  /** Counts of the overdue items listed. */
  overdue: { visits: number; orders: number; reportsLate: number; followUps: number };
  spotChecks: { checked: number; discrepancies: number };
}

/** A circular in the list. */
export interface CircularRow {
  id: string;
  month: string;
  title: string;
  asOf: string;
  final: boolean;
  generatedAt: Date;
  hasPdf: boolean;
}

/** A circular's page. */
export interface CircularView extends CircularRow {
  period: { from: string; to: string };
  summary: CircularSummary;
  ranking: RankRow[];
  /** The sheets of the workbook, by name. */
  sheets: string[];
  announcedTo: number;
}

/** A file to download (temporary URL). */
export interface FileLink {
  fileName: string;
  url: string;
  /** The URL stops working after this instant. */
  expiresAt: Date;
}

/** A spot-check item as the checker sees it. */
export interface SpotCheckItemView {
  id: string;
  n: number;
  kind: SpotCheckKind;
  township: RegionView;
  village: RegionView;
  /** What to verify: the child's name as the role may see it, and the record's date and summary. */
  childName: string;
  record: string;
  targetId: string;
  childId: string | null;
  status: SpotCheckResult;
  note: string | null;
  photos: string[];
  checkedAt: Date | null;
  followUp: { id: string; deadline: string; status: FollowUpStatus } | null;
}

/** A spot check in the list. */
export interface SpotCheckRow {
  id: string;
  kind: SpotCheckKind;
  period: { from: string; to: string };
  perTownship: number;
  createdAt: Date;
  counts: SpotCheckDoc['counts'];
}

/** A spot check with its items, by township. */
export interface SpotCheckView extends SpotCheckRow {
  seed: string;
  populationSha256: string;
  townships: { region: RegionView; population: number; drawn: number }[];
  items: SpotCheckItemView[];
}

/** A follow-up task as the township and the county see it. */
export interface FollowUpView {
  id: string;
  status: FollowUpStatus;
  township: RegionView;
  village: RegionView;
  kind: SpotCheckKind;
  /** What was checked, in words (the child's name as the role may see it). */
  subject: string;
  childId: string | null;
  problem: string;
  problemPhotos: string[];
  deadline: string;
  /** Unanswered after the deadline. */
  overdue: boolean;
  openedAt: Date;
  answer: { note: string; photos: string[]; at: Date } | null;
  reviews: { accepted: boolean; note: string | null; at: Date }[];
  closedAt: Date | null;
  /** What the caller may do now. */
  canAnswer: boolean;
  canReview: boolean;
}

/** A person bound to a role, as the staffing table lists them (names of staff, not of children). */
export interface StaffMember {
  personId: string;
  name: string;
}

/** Staffing of one village. */
export interface StaffingVillage {
  region: RegionView;
  children: number;
  officers: StaffMember[];
}

/** Staffing of one township and its villages. */
export interface StaffingTownship {
  region: RegionView;
  children: number;
  /** Township staff it should have (policy §三(三): 1, or 2 with many children). */
  needed: number;
  staff: StaffMember[];
  villages: StaffingVillage[];
  villagesWithoutOfficer: number;
}

/** The staffing table of a county or a township. */
export interface StaffingView {
  region: RegionView;
  /** The county's threshold of "many children". */
  manyChildren: number;
  townships: StaffingTownship[];
  totals: { villages: number; villagesWithoutOfficer: number; townships: number; townshipsUnderstaffed: number };
  /** The caller may invite village officers (county admin, township staff). */
  canInvite: boolean;
}

/** The circulars of a county, newest month first. */
export interface CircularListView {
  county: RegionView;
  rows: CircularRow[];
  /** The caller may make one now (county admin). */
  canMake: boolean;
  /** The month whose circular the scheduler makes next (on the 1st of the month after it). */
  nextMonth: string;
}

/** What the timer work did. */
export interface SupervisionTimerResult {
  boards: { countyCode: string; runId?: string; skipped?: string; tookMs?: number }[];
  circulars: { countyCode: string; month: string; id?: string; skipped?: string }[];
  /** Follow-ups found overdue and told about (township staff + county admins, or recorded unreached). */
  overdue: { followUpId: string; told: number; skipped?: string }[];
  pruned: number;
}

// ---------------------------------------------------------------------------------------------
// Inputs

const id = z.string().min(1).max(120);
const regionCode = fields.regionCode('地区');
const indicatorKey = z.enum(INDICATOR_KEYS as [IndicatorKey, ...IndicatorKey[]], { error: '未知的指标' });
const note = (label: string) => fields.freeText(label, { max: SUPERVISION_LIMITS.note, min: 2, multiline: true });
const photos = z.array(fields.fileId('照片')).max(SUPERVISION_LIMITS.photos, `照片最多${SUPERVISION_LIMITS.photos}张`).default([]);

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为“年-月”，如 2026-11');

export const makeCircularInput = z
  .object({
    /** The month (default: last month). The month not yet over gives a circular 截至今日 (not final). */
    month: month.optional(),
  })
  .strict();

export const drawSpotCheckInput = z
  .object({
    kind: z.enum(SPOT_CHECK_KINDS),
    /** Records drawn per township (at most all of its population). */
    perTownship: z.number().int().min(1).max(SUPERVISION_LIMITS.perTownshipMax),
    /** Records dated within these days (default: the 30 days before today). */
    from: fields.calendarDate('开始日期', { notFuture: true }).optional(),
    to: fields.calendarDate('结束日期', { notFuture: true }).optional(),
    /** Seed of the draw (default: generated and recorded). The same seed over the same records draws the same items. */
    seed: z.string().trim().min(1).max(64).optional(),
    /** Client request id: a retried draw returns the first. */
    requestId: z.string().min(8).max(64).meta({ title: '提交编号' }),
  })
  .strict()
  .refine((i) => !i.from || !i.to || i.from <= i.to, { message: '开始日期不能晚于结束日期', path: ['from'] });

export const recordSpotCheckInput = z
  .object({
    itemId: id,
    result: z.enum(['confirmed', 'discrepancy']),
    note: note('核实情况'),
    photos,
    /** Days the township gets to answer a discrepancy (default the county's `supervision.followUpDays`). */
    followUpDays: z.number().int().min(1).max(SUPERVISION_LIMITS.followUpDaysMax).optional(),
  })
  .strict();

export const answerFollowUpInput = z.object({ id, note: note('整改情况'), photos }).strict();
/** Where to upload photos: for one spot-check item (核实) or one follow-up (整改回复), one slot per photo. */
export const photoSlotsInput = z
  .object({
    itemId: id.optional(),
    followUpId: id.optional(),
    count: z.number().int().min(1).max(SUPERVISION_LIMITS.photos).meta({ title: '照片张数' }),
  })
  .strict()
  .refine((i) => !!i.itemId !== !!i.followUpId, '请指明是哪一项抽查或哪项整改任务');
export const reviewFollowUpInput = z
  .object({ id, accept: z.boolean(), note: fields.freeText('意见', { max: SUPERVISION_LIMITS.note, multiline: true }).optional() })
  .strict()
  .refine((i) => i.accept || !!i.note, { message: '退回整改时请写明原因', path: ['note'] });

// ---------------------------------------------------------------------------------------------
// The action table

export const supervisionContract = defineContract('supervision', () => ({
  board: {
    summary: '督导看板：本县、乡镇或村的各项工作指标，与上月比较，下级排名（县民政局、乡镇工作人员、村专干看本村）',
    input: () => z.object({ regionCode: regionCode.optional() }).strict(),
    output: returns<BoardView>(),
  },
  indicator: {
    summary: '指标下钻：某项指标在下级各地的数字，或本级对应的儿童和事项清单（与数字一致）',
    input: () => z
      .object({
        key: indicatorKey,
        regionCode,
        skip: z.number().int().min(0).max(100_000).default(0),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    output: returns<IndicatorView>(),
  },
  refreshBoard: {
    summary: '立即重新统计本县的督导指标（县民政局管理员）',
    input: () => z.object({}).strict(),
    output: returns<{ runId: string; computedAt: Date; tookMs: number }>(),
  },
  staffing: {
    summary: '队伍建设：各乡镇工作人员、各村儿童保护专干的配备情况，未配备的村可一键邀请（县民政局、乡镇工作人员）',
    input: () => z.object({ regionCode: regionCode.optional() }).strict(),
    output: returns<StaffingView>(),
  },
  circulars: {
    summary: '督导通报：本县各月通报列表（县民政局、乡镇工作人员）',
    input: () => z.object({}).strict(),
    output: returns<CircularListView>(),
  },
  circular: {
    summary: '一期督导通报：乡镇排名、主要数字和各工作表（县民政局、乡镇工作人员）',
    input: () => z.object({ id }).strict(),
    output: returns<CircularView>(),
  },
  circularFile: {
    summary: '下载一期督导通报的 Excel 或 PDF 文件（临时链接）',
    input: () => z.object({ id, format: z.enum(['xlsx', 'pdf']).default('xlsx') }).strict(),
    output: returns<FileLink>(),
  },
  makeCircular: {
    summary: '立即生成某月督导通报并通知县民政局和乡镇工作人员（县民政局管理员）',
    input: () => makeCircularInput,
    output: returns<CircularRow & { existing: boolean }>(),
  },
  drawSpotCheck: {
    summary: '随机抽查：按乡镇随机抽取走访记录、监护责任确认书或强制报告待核实（种子可复现，县民政局管理员）',
    input: () => drawSpotCheckInput,
    output: returns<SpotCheckView & { duplicate: boolean }>(),
  },
  spotChecks: {
    summary: '随机抽查列表：本县历次抽查及核实进度（县民政局管理员）',
    input: () => z.object({}).strict(),
    output: returns<{ rows: SpotCheckRow[] }>(),
  },
  spotCheck: {
    summary: '一次随机抽查：种子、各乡镇抽取数量和待核实的事项（县民政局管理员）',
    input: () => z.object({ id }).strict(),
    output: returns<SpotCheckView>(),
  },
  recordSpotCheck: {
    summary: '记录一项抽查的核实结果（核实无误或与记录不符，附说明和照片）；不符时向乡镇开出整改任务（县民政局管理员）',
    input: () => recordSpotCheckInput,
    output: returns<{ item: SpotCheckItemView; followUp: FollowUpView | null; told: number; nobodyReached: boolean }>(),
  },
  followUps: {
    summary: '督查整改任务：本乡镇（县民政局：全县）的整改任务和期限',
    input: () => z.object({ status: z.enum(FOLLOW_UP_STATUSES).optional() }).strict(),
    output: returns<{ rows: FollowUpView[]; region: RegionView }>(),
  },
  followUp: {
    summary: '一项督查整改任务：发现的问题、期限、乡镇的回复和县里的意见',
    input: () => z.object({ id }).strict(),
    output: returns<FollowUpView>(),
  },
  photoSlots: {
    summary: '为核实或整改回复的照片分配一次性上传位置（本人、该项，每张一个；核实、回复只收这些位置里的照片）',
    input: () => photoSlotsInput,
    output: returns<{ slots: Array<{ cloudPath: string; expiresAt: Date }> }>(),
  },
  answerFollowUp: {
    summary: '乡镇回复整改情况、标记已整改（乡镇工作人员）',
    input: () => answerFollowUpInput,
    output: returns<FollowUpView>(),
  },
  reviewFollowUp: {
    summary: '县民政局确认整改办结，或退回继续整改（县民政局管理员）',
    input: () => reviewFollowUpInput,
    output: returns<FollowUpView>(),
  },
  runTimers: {
    summary: '定时任务：每小时重新统计督导指标；每月1日生成上月通报并通知',
    input: () => z.object({}).passthrough(),
    output: returns<SupervisionTimerResult>(),
    internal: true,
  },
}));
