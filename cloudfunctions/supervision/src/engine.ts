/**
 * Computing the indicators (docs/supervision.md "How the numbers are kept").
 *
 * **Rollups kept by the scheduler.** Boards do not count on every view: most indicators depend
 * on the clock (a visit falls overdue, a confirmation expires, a report's acknowledgement time
 * runs out) with no write to hang a counter on, and counting 20,000 children, their visits,
 * confirmations and reports takes seconds. So a *run* counts everything for a county once — the
 * board's every hour (as of today, over the 30 days before) and each month's for its circular
 * (as of the month's last day, over the month) — and stores one `supervisionFigures` document
 * per region: its numbers and, where the items sit, the items themselves. A board then reads a
 * handful of small documents, and the drill-down lists the very items its number counted.
 *
 * A board run becomes current by the pointer `supervisionRuns/board:<county>` only after all its
 * figures are written, so a reader never mixes two runs. Older board runs of the same day are
 * deleted; the last run of each past day stays without its items (for the trend), up to 400
 * days. Month runs are kept whole (their circular lists their items).
 */
import { randomUUID } from 'node:crypto';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import { getCountyConfig } from '../../_shared/county-config';
import { isActiveChild } from '../../_shared/child-status';
import type { ChildDoc } from '../../_shared/contracts/registry';
import type { FiguresDoc, RunDoc } from '../../_shared/contracts/supervision';
import { SOURCES, inCounty, readAll, type ChildRow, type Item, type RegionRef } from '../../_shared/indicators';
import type { IndicatorKey } from '../../_shared/contracts/indicators';
import type { ActionContext, Db } from '../../_shared/context';
import { addDays, dayjs, shanghaiDay } from '../../_shared/time';
import { SV, neutralName } from './common';
import { buildFigures, type ItemsByKey } from './figures';

/** Days of the board's period (the as-of day and the 29 before). */
export const BOARD_PERIOD_DAYS = 30;
/** Past days' board runs are kept (without items) this long, for trends. */
export const KEEP_DAYS = 400;

/** What a run counts. */
export interface RunSpec {
  countyCode: string;
  kind: RunDoc['kind'];
  asOf: string;
  period: { from: string; to: string };
  month?: string;
}

/** The board's run for `today`: as of today, over the 30 days ending today. */
export function boardSpec(countyCode: string, today: string): RunSpec {
  return { countyCode, kind: 'board', asOf: today, period: { from: addDays(today, -(BOARD_PERIOD_DAYS - 1)), to: today } };
}

/**
 * A month's run: as of its last day over the whole month; for the month not yet over, as of
 * today over the days so far.
 * @returns undefined for a month that has not begun
 */
export function monthSpec(countyCode: string, month: string, today: string): (RunSpec & { final: boolean }) | undefined {
  const first = `${month}-01`;
  if (first > today) return undefined;
  const last = dayjs.utc(first, 'YYYY-MM-DD').endOf('month').format('YYYY-MM-DD');
  const final = last < today;
  const asOf = final ? last : today;
  return { countyCode, kind: 'month', month, asOf, period: { from: first, to: asOf }, final };
}

/** The county's divisions from `regions`. */
export async function countyRegions(db: Db, countyCode: string): Promise<{ county: RegionRef; townships: RegionRef[]; villages: RegionRef[] }> {
  const rows = await fetchAll<{ _id: string; name: string; level: string }>(db.collection('regions').where({ ancestors: countyCode }).field({ _id: true, name: true, level: true }), 10_000);
  const self = await getDoc<{ name?: string }>(db, 'regions', countyCode);
  const pick = (level: string, len: number) =>
    rows
      .filter((r) => r.level === level && r._id.length === len)
      .map((r) => ({ code: r._id, name: r.name }))
      .sort((a, b) => (a.code < b.code ? -1 : 1));
  return { county: { code: countyCode, name: self?.name ?? neutralName(countyCode) }, townships: pick('township', 9), villages: pick('village', 12) };
}

const CHILD_FIELDS = { _id: true, villageCode: true, townshipCode: true, countyCode: true, risk: true, effectiveFlags: true, householdId: true, createdAt: true, status: true, ageOutOn: true, erased: true };

/**
 * Counts every indicator of a county (reads only).
 * @param now the instant of counting (states "at the time of counting")
 * @returns the run and the figures of every region, ready to store
 */
export async function computeRun(db: Db, spec: RunSpec, now: Date): Promise<{ run: RunDoc; figures: FiguresDoc[] }> {
  const started = Date.now();
  const { county, townships, villages } = await countyRegions(db, spec.countyCode);
  const config = await getCountyConfig(db, spec.countyCode);
  const all = await readAll<ChildRow & Pick<ChildDoc, 'status' | 'ageOutOn'> & { erased?: unknown }>(db, 'children', { villageCode: inCounty(db, spec.countyCode) }, CHILD_FIELDS, 500_000);
  // Active on the as-of day (the one rule, child-status.ts) and already registered by then: a
  // past month's circular must not count a file created after the month (child-status does not
  // look at createdAt; for the board, as of today, this changes nothing).
  const children: ChildRow[] = all.filter((c) => isActiveChild(c, spec.asOf) && (!c.createdAt || shanghaiDay(new Date(c.createdAt)) <= spec.asOf));
  const input = { db, countyCode: spec.countyCode, asOf: spec.asOf, period: spec.period, now, config, townships, villages, children };
  const byKey: ItemsByKey = {};
  const results = await Promise.all(
    SOURCES.map(async (s) => {
      const t = Date.now();
      const r = await s.compute(input);
      if (process.env.SHOUWANG_PROFILE) console.error(`[run] source ${s.domain}: ${Date.now() - t} ms`);
      return r;
    }),
  );
  if (process.env.SHOUWANG_PROFILE) console.error(`[run] children ${all.length} loaded + sources: ${Date.now() - started} ms`);
  SOURCES.forEach((s, i) => {
    for (const key of s.keys) byKey[key as IndicatorKey] = (results[i][key as IndicatorKey] ?? []) as Item[];
  });
  const runId = `${spec.kind}-${spec.countyCode}-${spec.asOf}-${now.getTime().toString(36)}-${randomUUID().slice(0, 6)}`;
  const figures = buildFigures(county, townships, villages, byKey).map((f) => ({ ...f, _id: `${runId}:${f.code}`, runId }));
  const run: RunDoc = {
    _id: runId,
    countyCode: spec.countyCode,
    kind: spec.kind,
    asOf: spec.asOf,
    period: spec.period,
    ...(spec.month ? { month: spec.month } : {}),
    computedAt: now,
    tookMs: Date.now() - started,
    regions: figures.length,
  };
  return { run, figures };
}

/** Stores a run's figures, then the run; a board run then becomes the county's current one and older runs are pruned. */
export async function saveRun(db: Db, run: RunDoc, figures: FiguresDoc[]): Promise<void> {
  for (let i = 0; i < figures.length; i += 20) await db.collection(SV.figures).add(figures.slice(i, i + 20));
  await db.collection(SV.runs).add({ ...run, state: 'live' });
  if (run.kind !== 'board') return;
  await db
    .collection(SV.runs)
    .doc(pointerId(run.countyCode))
    .set({ countyCode: run.countyCode, kind: 'pointer', runId: run._id, asOf: run.asOf, computedAt: run.computedAt });
  await pruneBoardRuns(db, run);
}

/** `_id` of a county's pointer to its current board run. */
export function pointerId(countyCode: string): string {
  return `board:${countyCode}`;
}

/** The county's current board run, if any. */
export async function currentBoardRun(db: Db, countyCode: string): Promise<RunDoc | undefined> {
  const p = await getDoc<{ runId: string }>(db, SV.runs, pointerId(countyCode));
  return p ? getDoc<RunDoc>(db, SV.runs, p.runId) : undefined;
}

/**
 * Board runs other than `current` that still carry items: those of the same day go, the last of
 * each earlier day stays without items (its numbers feed the trend). Closed runs past
 * `KEEP_DAYS` go too.
 * @returns runs removed or closed
 */
export async function pruneBoardRuns(db: Db, current: RunDoc): Promise<number> {
  const _ = db.command;
  const live = await fetchAll<RunDoc & { state?: string }>(db.collection(SV.runs).where({ countyCode: current.countyCode, kind: 'board', state: 'live' }), 1000);
  const closeOf = new Map<string, RunDoc>();
  for (const r of live) {
    if (r._id === current._id || r.asOf >= current.asOf) continue;
    const kept = closeOf.get(r.asOf);
    if (!kept || new Date(r.computedAt).getTime() > new Date(kept.computedAt).getTime()) closeOf.set(r.asOf, r);
  }
  let n = 0;
  for (const r of live) {
    if (r._id === current._id) continue;
    if (closeOf.get(r.asOf)?._id === r._id) {
      await db.collection(SV.figures).where({ runId: r._id }).update({ items: _.remove() });
      await db.collection(SV.runs).doc(r._id).update({ state: 'closed', itemsDropped: true });
    } else if (r.asOf <= current.asOf) {
      await removeRun(db, r._id);
    } else continue;
    n++;
  }
  const old = await fetchAll<RunDoc>(
    db.collection(SV.runs).where({ countyCode: current.countyCode, kind: 'board', asOf: _.lt(addDays(current.asOf, -KEEP_DAYS)) }).field({ _id: true }),
    1000,
  );
  for (const r of old) {
    await removeRun(db, r._id);
    n++;
  }
  return n;
}

async function removeRun(db: Db, runId: string): Promise<void> {
  await db.collection(SV.figures).where({ runId }).remove();
  await db.collection(SV.runs).doc(runId).remove();
}

/**
 * Computes and stores the county's board run now.
 * @returns the run
 */
export async function refreshBoard(ctx: ActionContext, countyCode: string, today: string): Promise<RunDoc> {
  const db = dbOf(ctx);
  const { run, figures } = await computeRun(db, boardSpec(countyCode, today), ctx.now());
  await saveRun(db, run, figures);
  return run;
}
