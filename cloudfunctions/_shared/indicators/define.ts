/**
 * How a domain counts its supervision indicators (the catalogue of what they mean is
 * `contracts/indicators.ts`; docs/supervision.md "Adding an indicator").
 *
 * A domain's **source** computes, for one county, the items behind each of its indicators: every
 * child, report, order … the indicator counts, with the region it sits in. The supervision engine
 * then counts the items per village, township and county, so the number at every level and the
 * drill-down list are the same set, selected by the same predicate. Sources read other domains'
 * collections through the document types their contracts declare; they never import a domain's
 * code.
 */
import type { Db } from '../context';
import type { CountyConfig } from '../county-config';
import type { ChildDoc } from '../contracts/registry';
import type { IndicatorKey } from '../contracts/indicators';
import type { CalendarDay } from '../time';

/**
 * One thing an indicator counts.
 * - `id`: the item's document id (a child id, a report id …; a village's code for staffing);
 * - `region`: where it sits — a 12-digit village code for village-level indicators, a 9-digit
 *   township code for township-level ones, the county code for county-level ones;
 * - `v`: its value for `median` / `max` indicators (e.g. minutes to acknowledge);
 * - `note`: a few words shown with it in the drill-down and the circular (no personal data:
 *   never a name, number or address — e.g. `逾期12天`, `3组`).
 */
export interface Item {
  id: string;
  region: string;
  v?: number;
  note?: string;
}

/** A division of the county (from `regions`). */
export interface RegionRef {
  code: string;
  name: string;
}

/** The fields of an active child file every source may use (loaded once per computation). */
export type ChildRow = Pick<ChildDoc, '_id' | 'villageCode' | 'townshipCode' | 'countyCode' | 'risk' | 'effectiveFlags' | 'householdId' | 'createdAt'>;

/** What a source gets. */
export interface SourceInput {
  db: Db;
  /** 6 digits. */
  countyCode: string;
  /** The as-of day (Asia/Shanghai): `asOf` indicators count the state on this day. */
  asOf: CalendarDay;
  /** The period (inclusive days): `period` indicators count events within it. */
  period: { from: CalendarDay; to: CalendarDay };
  /** The instant of the computation (states "at the time of counting": open reports, waiting requests). */
  now: Date;
  /** The county's settings (defaults where unset). */
  config: CountyConfig;
  townships: RegionRef[];
  villages: RegionRef[];
  /** The county's child files active on `asOf` (`_shared/child-status.ts`). */
  children: ChildRow[];
}

/** A domain's indicators: their keys and how to compute their items for one county. */
export interface IndicatorSource<K extends IndicatorKey = IndicatorKey> {
  /** The domain (capability) that owns the data, e.g. `care`. */
  domain: string;
  keys: readonly K[];
  /** The items of each of `keys` (an indicator with nothing to count has an empty list). */
  compute(input: SourceInput): Promise<Record<K, Item[]>>;
}

/** Declares a source (keeps its key list and its result type in step). */
export function defineSource<const K extends IndicatorKey>(source: IndicatorSource<K>): IndicatorSource<K> {
  return source;
}

/** Splits ids into chunks (for `_.in` queries, at most 500 values each). */
export function chunks<T>(list: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** A `where` condition on a village-code field selecting the county's documents (prefix; served by an index on the field). */
export function inCounty(db: Db, countyCode: string): unknown {
  return db.RegExp({ regexp: `^${countyCode}`, options: '' });
}

/** Milliseconds → whole minutes, rounded up (a report acknowledged after 61 s took 2 minutes, not 1). */
export function minutesOf(ms: number): number {
  return Math.max(0, Math.ceil(ms / 60_000));
}

/** Documents one aggregation page asks for (CloudBase answers up to 10,000 records per aggregation call). */
export const READ_PAGE = 10_000;

/**
 * Reads every document `match` selects, with only `fields`, in pages of {@link READ_PAGE}
 * through the aggregation pipeline (`$match` → `$sort _id` → `$skip` → `$limit` → `$project`),
 * instead of `fetchAll`'s pages of 1,000: a county's 20,000 children are 2 round trips, not 21,
 * and the database walks the matches twice, not 21 times. Served by the same indexes as the
 * `where` query (the `_id` sort is the tie-break). A page shorter than asked ends the read
 * unless it is a whole number of thousands (a lower platform cap than assumed), in which case
 * one more page is asked for, so a cap never truncates silently.
 * @param max stop after this many documents (guards memory)
 */
export async function readAll<T>(db: Db, collection: string, match: Record<string, unknown>, fields: Record<string, boolean>, max = 1_000_000): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const res = (await db.collection(collection).aggregate().match(match).sort({ _id: 1 }).skip(out.length).limit(READ_PAGE).project(fields).end()) as { data?: T[] };
    const page = res.data ?? [];
    out.push(...page);
    if (out.length >= max) return out.slice(0, max);
    if (page.length === READ_PAGE) continue;
    if (page.length === 0 || page.length % 1000 !== 0) return out;
  }
}
