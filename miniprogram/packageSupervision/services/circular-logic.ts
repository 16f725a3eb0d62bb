/**
 * Pure presentation of the circular pages (督导通报; docs/supervision.md "The monthly circular"):
 * the list's rows, a circular's headline lines and its ranking, in words.
 */
import type { CircularRow, CircularSummary, RankRow } from '../../contracts/supervision';
import { formatTime } from '../../utils/time';

/** `2026年11月`. */
export function monthText(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** `11月30日` of a day. */
function dayText(day: string): string {
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

/** A circular in the list. */
export interface CircularLine {
  id: string;
  title: string;
  description: string;
  tag: string;
}

/** The list's rows: 2026年11月督导通报 · 统计至11月30日 · 12月1日 07:00 生成. */
export function circularLines(rows: CircularRow[]): CircularLine[] {
  return rows.map((r) => ({
    id: r.id,
    title: `${monthText(r.month)}督导通报`,
    description: `统计至${dayText(r.asOf)} · ${formatTime(r.generatedAt)} 生成`,
    tag: r.final ? '' : '截至当日',
  }));
}

/** The headline figures of a circular, one line each. */
export function summaryLines(s: CircularSummary): string[] {
  const lines = [`在册留守儿童 ${s.registered} 人`];
  lines.push(`走访逾期 ${s.overdue.visits} 人，责令逾期 ${s.overdue.orders} 件，报告超时确认 ${s.overdue.reportsLate} 件，整改逾期 ${s.overdue.followUps} 件`);
  lines.push(s.spotChecks.checked ? `随机抽查核实 ${s.spotChecks.checked} 件，发现与记录不符 ${s.spotChecks.discrepancies} 件` : '本期没有核实完毕的随机抽查');
  if (s.best.length) lines.push(`排名靠前：${s.best.map((b) => b.name).join('、')}`);
  if (s.worst.length) lines.push(`排名靠后：${s.worst.map((b) => b.name).join('、')}`);
  return lines;
}

/** The ranking's rows: 第1名 尧渡镇 · 综合得分 86.5. */
export function rankingLines(rows: RankRow[]): { code: string; title: string; description: string }[] {
  return rows.map((r) =>
    r.noChildren
      ? { code: r.region.code, title: `不排名 ${r.region.name}`, description: '无登记儿童，不参加排名' }
      : { code: r.region.code, title: `第${r.rank}名 ${r.region.name}`, description: r.score === null ? '暂无可比的完成率' : `综合得分 ${r.score}` },
  );
}
