/**
 * Pure presentation of the spot-check and follow-up pages (随机抽查, 督查整改;
 * docs/supervision.md "Spot checks"): rows in words, grouped by township, statuses as tags.
 */
import { FOLLOW_UP_STATUS_LABELS, SPOT_CHECK_KIND_LABELS, SPOT_CHECK_RESULT_LABELS, type FollowUpView, type SpotCheckItemView, type SpotCheckRow, type SpotCheckView } from '../../contracts/supervision';
import { formatTime } from '../../utils/time';

/** The kinds a draw may take, for the picker. */
export const KIND_OPTIONS = (Object.keys(SPOT_CHECK_KIND_LABELS) as (keyof typeof SPOT_CHECK_KIND_LABELS)[]).map((value) => ({ value, label: SPOT_CHECK_KIND_LABELS[value] }));

/** A spot check in the list: 走访记录 · 每乡镇3项 · 11月1日至11月30日 · 已核实 4/12. */
export function spotCheckLines(rows: SpotCheckRow[]): { id: string; title: string; description: string; tag: string; tone: string }[] {
  return rows.map((r) => ({
    id: r.id,
    title: `${SPOT_CHECK_KIND_LABELS[r.kind]}抽查 · ${formatTime(r.createdAt)}`,
    description: `${r.period.from} 至 ${r.period.to} · 每个乡镇抽 ${r.perTownship} 项 · 已核实 ${r.counts.checked}/${r.counts.items}`,
    tag: r.counts.discrepancies ? `不符 ${r.counts.discrepancies}` : r.counts.checked === r.counts.items ? '已核实完' : '',
    tone: r.counts.discrepancies ? 'danger' : 'success',
  }));
}

/** An item's tag: its result, and its follow-up's status. */
export function itemTag(i: SpotCheckItemView): { tag: string; tone: string } {
  if (i.status === 'pending') return { tag: SPOT_CHECK_RESULT_LABELS.pending, tone: 'warning' };
  if (i.status === 'confirmed') return { tag: SPOT_CHECK_RESULT_LABELS.confirmed, tone: 'success' };
  return { tag: i.followUp ? `不符 · ${FOLLOW_UP_STATUS_LABELS[i.followUp.status]}` : SPOT_CHECK_RESULT_LABELS.discrepancy, tone: 'danger' };
}

/** A township's items, as the spot check's page groups them. */
export interface TownshipGroup {
  code: string;
  title: string;
  items: { id: string; title: string; description: string; tag: string; tone: string }[];
}

/** The items by township (every township of the draw, one with nothing drawn says so). */
export function townshipGroups(view: SpotCheckView): TownshipGroup[] {
  return view.townships.map((t) => ({
    code: t.region.code,
    title: `${t.region.name} · 共 ${t.population} 项，抽 ${t.drawn} 项`,
    items: view.items
      .filter((i) => i.township.code === t.region.code)
      .map((i) => ({ id: i.id, title: `${i.n}. ${i.childName}（${i.village.name}）`, description: i.record, ...itemTag(i) })),
  }));
}

/** The draw's line: 种子 abc123 · 抽取 12 项，已核实 4 项，不符 1 项. */
export function drawLine(view: SpotCheckView): string {
  return `${view.period.from} 至 ${view.period.to} · 种子 ${view.seed} · 抽取 ${view.counts.items} 项，已核实 ${view.counts.checked} 项，与记录不符 ${view.counts.discrepancies} 项`;
}

/** A follow-up in the list: the subject, place and deadline; overdue ones say so. */
export function followUpLines(rows: FollowUpView[]): { id: string; title: string; description: string; tag: string; tone: string }[] {
  return rows.map((f) => ({
    id: f.id,
    title: f.subject,
    description: `${f.township.name}${f.village.name} · 期限 ${f.deadline}${f.overdue ? '（已逾期）' : ''}`,
    tag: f.overdue ? '已逾期' : FOLLOW_UP_STATUS_LABELS[f.status],
    tone: f.overdue ? 'danger' : f.status === 'closed' ? 'success' : f.status === 'answered' ? 'info' : 'warning',
  }));
}
