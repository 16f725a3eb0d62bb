/**
 * Pure presentation of the county summary (汇总表, docs/registry.md "County summary"): the column
 * groups as tabs, one card per region with the selected group's counts (each tappable to the
 * children behind it), and the cross-check sheet (勾稽校验) in words. No `wx`, no I/O.
 */
import { SUMMARY_GROUP_LABELS, type SummaryView } from '../../contracts/registry';

export interface SummaryGroup {
  value: string;
  label: string;
}

/** The tabs: 总数 first, then each column group the summary has, in table order. */
export function summaryGroups(view: Pick<SummaryView, 'partitions' | 'columns'>): SummaryGroup[] {
  const present = (g: string) => (g === 'flag' ? view.columns.some((c) => c.key.startsWith('flag:')) : !!view.partitions[g]);
  return Object.entries(SUMMARY_GROUP_LABELS)
    .filter(([g]) => present(g))
    .map(([value, label]) => ({ value, label }));
}

/** The column keys of a group (`flag`: the focus flags; otherwise the partition). */
export function groupColumns(view: Pick<SummaryView, 'partitions' | 'columns'>, group: string): string[] {
  return group === 'flag' ? view.columns.filter((c) => c.key.startsWith('flag:')).map((c) => c.key) : view.partitions[group] ?? [];
}

/** A column's header without its group (`就学·小学` → `小学`: the tab already names the group). */
export function shortLabel(label: string): string {
  const i = label.indexOf('·');
  return i >= 0 ? label.slice(i + 1) : label;
}

const LEVELS: Record<string, string> = { county: '全县', township: '乡镇', village: '村（社区）' };

export interface SummaryCell {
  column: string;
  label: string;
  count: number;
}

export interface RegionCard {
  code: string;
  name: string;
  /** 全县 / 乡镇 / 村（社区）. */
  level: string;
  total: number;
  cells: SummaryCell[];
  /** The region's own row (the first card), as opposed to a lower level. */
  own: boolean;
  /** A township of a county view: it opens its villages. */
  opens: boolean;
}

/**
 * The region's own row, then the next level down (a county: its townships; a township: its
 * villages), each with the group's counts.
 */
export function regionCards(view: Pick<SummaryView, 'regionCode' | 'rows' | 'columns' | 'partitions'>, group: string): RegionCard[] {
  const labels = new Map(view.columns.map((c) => [c.key, c.label]));
  const cols = groupColumns(view, group);
  const own = view.rows.find((r) => r.regionCode === view.regionCode);
  const below = view.rows.filter((r) => r.regionCode.length === view.regionCode.length + 3 && r.regionCode.startsWith(view.regionCode));
  return [own, ...below]
    .filter((r): r is NonNullable<typeof r> => !!r)
    .map((r) => ({
      code: r.regionCode,
      name: r.regionName,
      level: LEVELS[r.level] ?? '',
      total: r.cells.total ?? 0,
      cells: cols.map((c) => ({ column: c, label: shortLabel(labels.get(c) ?? ''), count: r.cells[c] ?? 0 })),
      own: r === own,
      opens: r !== own && r.level === 'township',
    }));
}

export interface CheckRow {
  id: string;
  title: string;
  detail: string;
  ok: boolean;
}

/** The cross-check sheet: failing checks first, each naming its region and the numbers. */
export function checkRows(view: Pick<SummaryView, 'rows' | 'checks'>): CheckRow[] {
  const names = new Map(view.rows.map((r) => [r.regionCode, r.regionName]));
  return view.checks
    .map((c, i) => ({
      id: String(i),
      title: `${names.get(c.regionCode) ?? '本区域'}：${c.check}`,
      detail: c.ok ? `均为 ${c.expected}` : `应为 ${c.expected}，实际 ${c.got}`,
      ok: c.ok,
    }))
    .sort((a, b) => Number(a.ok) - Number(b.ok));
}

/** One line about the cross-checks. */
export function checksText(view: Pick<SummaryView, 'checks' | 'ok'>): string {
  const bad = view.checks.filter((c) => !c.ok).length;
  return view.ok ? `勾稽校验全部通过（共 ${view.checks.length} 项）` : `勾稽校验有 ${bad} 项不符，请核对档案`;
}
