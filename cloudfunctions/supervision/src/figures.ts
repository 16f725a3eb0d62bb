/**
 * From the items each indicator counts to the figures of every region (pure; unit-tested):
 * a village's number is the count (or statistic) of its items, a township's and the county's are
 * the counts (statistics) of the items of all their villages. The same items are kept for the
 * drill-down, so every number and its list are the same set.
 */
import { INDICATORS, INDICATOR_KEYS, type IndicatorInfo, type IndicatorKey } from '../../_shared/contracts/indicators';
import type { FiguresDoc, RankRow, RegionView } from '../../_shared/contracts/supervision';
import type { Item, RegionRef } from '../../_shared/indicators';

const LEVEL_LENGTH = { county: 6, township: 9, village: 12 } as const;

/** The meaning of an indicator (typed access to the catalogue). */
export function infoOf(key: IndicatorKey): IndicatorInfo {
  return INDICATORS[key] as IndicatorInfo;
}

/**
 * Nearest-rank median: the smallest value with at least half of the values at or below it (the
 * helpline's percentile rule, docs/helpline.md "Metrics"); null for no values.
 */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1];
}

/** An indicator's number over a set of its items. */
export function valueOf(key: IndicatorKey, items: readonly Item[] | readonly { v?: number }[]): number | null {
  const stat = infoOf(key).stat ?? 'count';
  if (stat === 'count') return items.length;
  const values = items.map((i) => i.v).filter((v): v is number => typeof v === 'number');
  if (stat === 'median') return median(values);
  // Tenths, so 2.5 + 1.2 hours reads 3.7 and not 3.7000000000000006.
  if (stat === 'sum') return Math.round(values.reduce((s, v) => s + v, 0) * 10) / 10;
  return values.length ? Math.max(...values) : null;
}

/** Whether region level `level` shows indicator `key` (its items sit at that level or below). */
export function shows(key: IndicatorKey, level: RegionView['level']): boolean {
  return LEVEL_LENGTH[infoOf(key).level] >= LEVEL_LENGTH[level];
}

/** value ÷ of × 100 with one decimal; null without a usable denominator. */
export function rateOf(value: number | null, of: number | null): number | null {
  if (value === null || of === null || of === 0) return null;
  return Math.round((value / of) * 1000) / 10;
}

/** The keys the ranking's score averages. */
export const SCORE_KEYS: IndicatorKey[] = INDICATOR_KEYS.filter((k) => infoOf(k).score);

/**
 * A region's score: the mean of its scored rates (a "lower is better" indicator counts as
 * 100 − its rate), over the rates it has (an indicator with a denominator of 0 is left out).
 */
export function scoreOf(values: Partial<Record<IndicatorKey, number | null>>): { score: number | null; rates: Partial<Record<IndicatorKey, number | null>> } {
  const rates: Partial<Record<IndicatorKey, number | null>> = {};
  const used: number[] = [];
  for (const k of SCORE_KEYS) {
    const info = infoOf(k);
    const r = rateOf(values[k] ?? null, info.of ? (values[info.of as IndicatorKey] ?? null) : null);
    rates[k] = r;
    if (r !== null) used.push(info.better === 'lower' ? 100 - r : r);
  }
  return { score: used.length ? Math.round((used.reduce((a, b) => a + b, 0) / used.length) * 10) / 10 : null, rates };
}

/**
 * Ranks regions by score (best first; no score last; ties by code). A region with no registered
 * child (a development zone, a new division) has nothing to be measured on: it is not ranked
 * (`rank` and `score` null, `noChildren`), listed after the ranked ones — never last with 0 points.
 */
export function rank(rows: { region: RegionView; values: Partial<Record<IndicatorKey, number | null>> }[]): RankRow[] {
  const scored = rows.map((r) => {
    const noChildren = !(r.values['children.registered'] ?? 0);
    const s = scoreOf(r.values);
    return { region: r.region, rates: s.rates, score: noChildren ? null : s.score, noChildren };
  });
  scored.sort((a, b) => Number(a.noChildren) - Number(b.noChildren) || (b.score ?? -1) - (a.score ?? -1) || (a.region.code < b.region.code ? -1 : 1));
  let last: number | null | undefined;
  let lastRank = 0;
  return scored.map((r, i) => {
    const rankNo = r.score !== null && r.score === last ? lastRank : i + 1;
    last = r.score;
    lastRank = rankNo;
    return { rank: r.noChildren ? null : rankNo, region: r.region, score: r.score, rates: r.noChildren ? {} : r.rates, noChildren: r.noChildren };
  });
}

/** Items by indicator, as the sources computed them. */
export type ItemsByKey = Partial<Record<IndicatorKey, Item[]>>;

/**
 * Figures of the county, each township and each village (without run ids).
 * @param townships, villages the divisions; a region that items name but the divisions lack is
 *   added with its code as name (data must never vanish from the totals)
 */
export function buildFigures(county: RegionRef, townships: RegionRef[], villages: RegionRef[], byKey: ItemsByKey): Omit<FiguresDoc, '_id' | 'runId'>[] {
  const towns = new Map(townships.map((t) => [t.code, t.name]));
  const vills = new Map(villages.map((v) => [v.code, v.name]));
  // Items located at each level: region code cut to the indicator's level.
  const located = new Map<IndicatorKey, Map<string, Item[]>>();
  for (const key of INDICATOR_KEYS) {
    const len = LEVEL_LENGTH[infoOf(key).level];
    const m = new Map<string, Item[]>();
    for (const it of byKey[key] ?? []) {
      const code = it.region.slice(0, len);
      if (!code.startsWith(county.code)) continue;
      if (len === 12 && !vills.has(code)) vills.set(code, code);
      if (len >= 9 && !towns.has(code.slice(0, 9))) towns.set(code.slice(0, 9), code.slice(0, 9));
      if (!m.has(code)) m.set(code, []);
      m.get(code)!.push(it);
    }
    for (const list of m.values()) sortItems(list);
    located.set(key, m);
  }
  for (const v of vills.keys()) if (!towns.has(v.slice(0, 9))) towns.set(v.slice(0, 9), v.slice(0, 9));

  const docFor = (code: string, name: string, level: RegionView['level']): Omit<FiguresDoc, '_id' | 'runId'> => {
    const values: FiguresDoc['values'] = {};
    const items: NonNullable<FiguresDoc['items']> = {};
    for (const key of INDICATOR_KEYS) {
      if (!shows(key, level)) continue;
      const m = located.get(key)!;
      const own: Item[] = [];
      for (const [c, list] of m) if (c.startsWith(code)) own.push(...list);
      values[key] = valueOf(key, own);
      if (own.length && LEVEL_LENGTH[infoOf(key).level] === LEVEL_LENGTH[level]) items[key] = sortItems(own).map(({ id, v, note }) => ({ id, ...(v !== undefined ? { v } : {}), ...(note ? { note } : {}) }));
    }
    const parent = level === 'village' ? code.slice(0, 9) : level === 'township' ? code.slice(0, 6) : undefined;
    return { countyCode: county.code, code, level, ...(parent ? { parent } : {}), name, values, items };
  };
  const out = [docFor(county.code, county.name, 'county')];
  for (const [code, name] of [...towns].sort()) out.push(docFor(code, name, 'township'));
  for (const [code, name] of [...vills].sort()) out.push(docFor(code, name, 'village'));
  return out;
}

/** Items with values first, largest value first; then by note and id (stable, readable lists). */
function sortItems(list: Item[]): Item[] {
  return list.sort((a, b) => (b.v ?? -Infinity) - (a.v ?? -Infinity) || (a.note ?? '').localeCompare(b.note ?? '', 'zh') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
