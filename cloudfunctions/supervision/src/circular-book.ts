/**
 * The monthly circular's workbook (通报, policy §三(一) 定期通报): one xlsx per county and month,
 * built from a month run's stored figures (no counting here). Sheets:
 * - 概况: the headline figures and how to read the rest;
 * - 乡镇排名: the townships ranked by the mean of their scored rates;
 * - 各乡镇指标: every count indicator per township with the county's total in the last row — the
 *   total is the county's own number from the run, so the sheet cross-checks (it equals the sum
 *   of the townships, each item sitting in exactly one township);
 * - 全县指标: every indicator at the county with its 口径 and policy clause (medians, the
 *   helpline and other numbers that do not add up by township);
 * - 逾期事项: the overdue visits, orders, late reports and follow-ups, one row each;
 * - 督查抽查: spot-check results and follow-ups per township, with the discrepancies found.
 * Children's names are masked (张*) for every reader and no ID number or phone is written:
 * township staff of every township read the circular (docs/masking.csv is per role and place;
 * a county-wide document takes the strictest reading).
 */
import { INDICATORS, INDICATOR_KEYS, INDICATOR_SECTIONS, type IndicatorInfo, type IndicatorKey } from '../../_shared/contracts/indicators';
import type { CircularSummary, FiguresDoc, RankRow } from '../../_shared/contracts/supervision';
import { infoOf, rateOf, shows } from './figures';

/** The sheets of a circular, in order. */
export const CIRCULAR_SHEETS = ['概况', '乡镇排名', '各乡镇指标', '全县指标', '逾期事项', '督查抽查'] as const;

/** One listed item (overdue, or a spot-check discrepancy), already in words and masked. */
export interface ListedRow {
  category: string;
  township: string;
  village: string;
  subject: string;
  note: string;
  detail: string;
}

export interface BookInput {
  title: string;
  countyName: string;
  asOf: string;
  period: { from: string; to: string };
  final: boolean;
  generatedAt: string;
  county: FiguresDoc;
  townships: FiguresDoc[];
  ranking: RankRow[];
  summary: CircularSummary;
  overdue: ListedRow[];
  discrepancies: ListedRow[];
}

/** Count indicators whose items sit in a township or a village: the ones that add up by township. */
export const TOWNSHIP_SHEET_KEYS: IndicatorKey[] = INDICATOR_KEYS.filter((k) => (infoOf(k).stat ?? 'count') === 'count' && infoOf(k).level !== 'county');

/** The spot-check columns of 督查抽查. */
const SPOT_KEYS: IndicatorKey[] = ['spotChecks.checked', 'spotChecks.discrepancies', 'followUps.open', 'followUps.overdue'];

const header = (label: string, key: IndicatorKey) => `${label}（${(INDICATORS[key] as IndicatorInfo).unit}）`;

/**
 * Builds the workbook.
 * @returns the xlsx bytes
 */
export async function buildCircularBook(input: BookInput): Promise<Buffer> {
  const mod = (await import('exceljs')) as typeof import('exceljs') & { default?: typeof import('exceljs') };
  const ExcelJS = mod.default ?? mod;
  const wb = new ExcelJS.Workbook();
  wb.creator = '守望';
  wb.created = new Date(input.generatedAt);
  const bold = { bold: true } as const;
  const sheet = (name: (typeof CIRCULAR_SHEETS)[number]) => wb.addWorksheet(name);
  const headRow = (ws: import('exceljs').Worksheet, cells: (string | number | null)[]) => {
    const r = ws.addRow(cells);
    r.font = bold;
    return r;
  };

  // 概况
  const ov = sheet('概况');
  ov.columns = [{ width: 26 }, { width: 60 }];
  ov.addRow([input.title]).font = { bold: true, size: 14 };
  ov.addRow(['统计期', `${input.period.from} 至 ${input.period.to}${input.final ? '' : '（本月未结束，截至当日）'}`]);
  ov.addRow(['状态统计日', input.asOf]);
  ov.addRow(['生成时间', input.generatedAt]);
  ov.addRow(['在册留守儿童', `${input.summary.registered} 人`]);
  ov.addRow(['排名靠前的乡镇', input.summary.best.map((b) => `${b.name}（${b.score ?? '—'}分）`).join('、') || '—']);
  ov.addRow(['排名靠后的乡镇', input.summary.worst.map((b) => `${b.name}（${b.score ?? '—'}分）`).join('、') || '—']);
  const o = input.summary.overdue;
  ov.addRow(['逾期事项', `走访逾期 ${o.visits} 人，责令逾期 ${o.orders} 件，报告超时 ${o.reportsLate} 件，整改逾期 ${o.followUps} 件（明细见“逾期事项”）`]);
  ov.addRow(['督查抽查', `核实 ${input.summary.spotChecks.checked} 件，发现与记录不符 ${input.summary.spotChecks.discrepancies} 件（见“督查抽查”）`]);
  ov.addRow(['说明', '各项指标的口径和政策依据见“全县指标”；“各乡镇指标”最后一行为全县合计，等于各乡镇之和。本通报中儿童姓名已脱敏，不含身份证号和联系电话，请勿外传。']);

  // 乡镇排名
  const rk = sheet('乡镇排名');
  const scoreKeys = INDICATOR_KEYS.filter((k) => infoOf(k).score);
  headRow(rk, ['名次', '乡镇', '综合得分', ...scoreKeys.map((k) => `${infoOf(k).label}（%）`)]);
  for (const r of input.ranking) rk.addRow([r.rank, r.region.name, r.score, ...scoreKeys.map((k) => r.rates[k] ?? null)]);
  rk.columns.forEach((c, i) => (c.width = i === 1 ? 16 : 12));

  // 各乡镇指标
  const tw = sheet('各乡镇指标');
  headRow(tw, ['乡镇', ...TOWNSHIP_SHEET_KEYS.map((k) => header(infoOf(k).label, k))]);
  for (const t of input.townships) tw.addRow([t.name, ...TOWNSHIP_SHEET_KEYS.map((k) => t.values[k] ?? 0)]);
  headRow(tw, ['全县合计', ...TOWNSHIP_SHEET_KEYS.map((k) => input.county.values[k] ?? 0)]);
  tw.columns.forEach((c, i) => (c.width = i === 0 ? 16 : 12));
  tw.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];

  // 全县指标
  const cy = sheet('全县指标');
  headRow(cy, ['类别', '指标', '数值', '单位', '占比（%）', '口径', '政策依据']);
  for (const k of INDICATOR_KEYS) {
    if (!shows(k, 'county')) continue;
    const info = infoOf(k);
    const v = input.county.values[k] ?? null;
    const of = info.of ? (input.county.values[info.of as IndicatorKey] ?? null) : null;
    cy.addRow([INDICATOR_SECTIONS[info.section], info.label, v, info.unit, rateOf(v, of), info.numerator, info.policy]);
  }
  cy.columns = [{ width: 12 }, { width: 22 }, { width: 10 }, { width: 6 }, { width: 10 }, { width: 60 }, { width: 30 }];

  // 逾期事项
  const od = sheet('逾期事项');
  headRow(od, ['类别', '乡镇', '村（社区）', '对象', '情况', '详情']);
  for (const r of input.overdue) od.addRow([r.category, r.township, r.village, r.subject, r.note, r.detail]);
  if (!input.overdue.length) od.addRow(['本期没有逾期事项']);
  od.columns = [{ width: 14 }, { width: 14 }, { width: 16 }, { width: 14 }, { width: 16 }, { width: 40 }];

  // 督查抽查
  const sc = sheet('督查抽查');
  headRow(sc, ['乡镇', ...SPOT_KEYS.map((k) => header(infoOf(k).label, k))]);
  for (const t of input.townships) sc.addRow([t.name, ...SPOT_KEYS.map((k) => t.values[k] ?? 0)]);
  headRow(sc, ['全县合计', ...SPOT_KEYS.map((k) => input.county.values[k] ?? 0)]);
  sc.addRow([]);
  headRow(sc, ['与记录不符的抽查事项', '乡镇', '村（社区）', '对象', '抽查类别', '核实与整改']);
  for (const r of input.discrepancies) sc.addRow([r.category, r.township, r.village, r.subject, r.note, r.detail]);
  if (!input.discrepancies.length) sc.addRow(['本期抽查没有发现与记录不符']);
  sc.columns.forEach((c, i) => (c.width = i === 0 ? 22 : 14));

  return Buffer.from(await wb.xlsx.writeBuffer());
}
