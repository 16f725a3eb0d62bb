/**
 * The boards and their drill-down (policy §三(一) 定期督查): `board` shows a region's indicators
 * from the county's current run, with the change against the run about a month earlier and the
 * ranking of the regions one level down; `indicator` shows one number and what is behind it —
 * the regions one level down with their numbers, or, at the level its items sit, the items
 * themselves (the same set the number counted). `refreshBoard` recomputes now.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit } from '../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import type { Db } from '../../_shared/context';
import { INDICATOR_KEYS, INDICATOR_SECTIONS, type IndicatorKey, type IndicatorSection } from '../../_shared/contracts/indicators';
import { supervisionContract, type BoardView, type FigureView, type FiguresDoc, type RunDoc } from '../../_shared/contracts/supervision';
import { dayjs } from '../../_shared/time';
import { BOARD_ROLES, MANAGER_ROLES, SV, levelOfCode, parentCodes, regionFor, regionNames, regionView, roleFor, today } from './common';
import { SCORE_KEYS, infoOf, rank, rateOf, shows } from './figures';
import { currentBoardRun, refreshBoard as computeBoard } from './engine';
import { describeItems } from './items';

const A = supervisionContract.actions;

/** The trend compares with the latest run as of this many days before "a month ago" at the earliest. */
const COMPARE_SLACK_DAYS = 7;

/** A region's figures in a run. */
export async function figuresOf(db: Db, runId: string, code: string): Promise<FiguresDoc | undefined> {
  return getDoc<FiguresDoc>(db, SV.figures, `${runId}:${code}`);
}

/** The figures of the regions one level below `code` in a run (townships of a county, villages of a township). */
export async function childFigures(db: Db, runId: string, code: string): Promise<FiguresDoc[]> {
  const rows = await fetchAll<FiguresDoc>(db.collection(SV.figures).where({ runId, parent: code }).field({ items: false }), 5000);
  return rows.sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** The run to compare a run with: the latest as of about a month before its as-of day (within a week of it). */
export async function comparisonRun(db: Db, run: Pick<RunDoc, 'countyCode' | 'asOf'>): Promise<RunDoc | undefined> {
  const _ = db.command;
  const target = dayjs.utc(run.asOf, 'YYYY-MM-DD').subtract(1, 'month').format('YYYY-MM-DD');
  const earliest = dayjs.utc(target, 'YYYY-MM-DD').subtract(COMPARE_SLACK_DAYS, 'day').format('YYYY-MM-DD');
  const res = await db
    .collection(SV.runs)
    .where({ countyCode: run.countyCode, kind: _.in(['board', 'month']), asOf: _.gte(earliest).and(_.lte(target)) })
    .orderBy('asOf', 'desc')
    .orderBy('computedAt', 'desc')
    .limit(1)
    .get();
  return ((res.data ?? []) as RunDoc[])[0];
}

/** One figure of a board. */
export function figureOf(key: IndicatorKey, values: FiguresDoc['values'], previous?: FiguresDoc['values']): FigureView {
  const info = infoOf(key);
  const value = values[key] ?? null;
  const of = info.of ? (values[info.of as IndicatorKey] ?? null) : null;
  const rate = rateOf(value, of);
  const prevValue = previous ? (previous[key] ?? null) : null;
  let change: FigureView['change'] = null;
  if (previous && info.better !== 'none') {
    // A rate moves the board, not a raw count: 12 overdue of 400 is better than 10 of 100.
    const prevRate = info.of ? rateOf(prevValue, previous[info.of as IndicatorKey] ?? null) : prevValue;
    const now = info.of ? rate : value;
    if (now !== null && prevRate !== null) change = now === prevRate ? 'same' : (now > prevRate) === (info.better === 'higher') ? 'better' : 'worse';
  }
  return { key, value, of, rate, previous: prevValue, change };
}

/** The board of `code` in the county's current run (numbers only; no items). */
export async function boardOf(db: Db, code: string, canManage: boolean): Promise<BoardView> {
  const level = levelOfCode(code);
  const countyCode = code.slice(0, 6);
  const names = await regionNames(db, [code, ...parentCodes(code)]);
  const empty: BoardView = {
    region: regionView(code, names),
    parents: parentCodes(code).map((c) => regionView(c, names)),
    ready: false,
    asOf: null,
    period: null,
    computedAt: null,
    comparedWith: null,
    sections: [],
    ranking: [],
    scoreKeys: SCORE_KEYS,
    canRefresh: canManage,
    canManage,
  };
  const run = await currentBoardRun(db, countyCode);
  if (!run) return empty;
  const mine = await figuresOf(db, run._id, code);
  const below = level === 'village' ? [] : await childFigures(db, run._id, code);
  const base = await comparisonRun(db, run);
  const prev = base ? await figuresOf(db, base._id, code) : undefined;
  const values = mine?.values ?? {};
  const sections = (Object.keys(INDICATOR_SECTIONS) as IndicatorSection[])
    .map((section) => ({
      section,
      label: INDICATOR_SECTIONS[section],
      figures: INDICATOR_KEYS.filter((k) => infoOf(k).section === section && shows(k, level)).map((k) => figureOf(k, values, prev?.values)),
    }))
    .filter((s) => s.figures.length > 0);
  const belowNames = new Map(below.map((f) => [f.code, f.name]));
  return {
    ...empty,
    ready: true,
    asOf: run.asOf,
    period: run.period,
    computedAt: run.computedAt,
    comparedWith: base ? { asOf: base.asOf, computedAt: base.computedAt } : null,
    sections,
    ranking: rank(below.map((f) => ({ region: regionView(f.code, belowNames), values: f.values }))),
  };
}

export const board = action(A.board, {
  access: { roles: BOARD_ROLES, dataScope: 'handler' },
  example: (w) => ({ regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.role === 'villageOfficer' ? w.side.villageCode : w.side.townshipCode }),
  /**
   * A region's board (default: the caller's widest area). County admins see the county and any
   * township or village of it, township staff their township and its villages, village officers
   * their village. Numbers are the county's current run (`ready: false` before the first one);
   * `previous`/`change` compare with the run about a month earlier. Audited as statistics.
   * @throws FORBIDDEN for a region outside the caller's area
   */
  handler: async (input, ctx) => {
    const code = regionFor(ctx, BOARD_ROLES, input.regionCode);
    const role = roleFor(ctx, BOARD_ROLES, code);
    const view = await boardOf(dbOf(ctx), code, (MANAGER_ROLES as readonly string[]).includes(role));
    await audit(ctx, { op: 'stats', regionCode: code, count: view.sections.length });
    return view;
  },
});

export const indicator = action(A.indicator, {
  access: { roles: BOARD_ROLES, dataScope: 'handler' },
  example: (w) => ({ key: 'visits.overdue', regionCode: w.side.villageCode }),
  /**
   * One indicator in one region of the current run. Above the level its items sit at: the
   * regions one level down with their numbers (`rows`). At that level: the items (`items`, a
   * page of `limit` from `skip`), which are exactly what the number counted — children's names
   * as the caller's role may see them. Audited as a search with the number of items.
   * @throws FORBIDDEN outside the caller's area; NOT_APPLICABLE when the indicator is not counted
   *   at this level (e.g. the helpline below the county); NOT_READY before the first run
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const code = regionFor(ctx, BOARD_ROLES, input.regionCode);
    const level = levelOfCode(code);
    const info = infoOf(input.key);
    if (!shows(input.key, level)) throw new AppError('NOT_APPLICABLE', `“${info.label}”只统计到${info.level === 'county' ? '全县' : '乡镇'}`);
    const run = await currentBoardRun(db, code.slice(0, 6));
    if (!run) throw new AppError('NOT_READY', '指标正在首次统计，请稍后再看');
    const mine = await figuresOf(db, run._id, code);
    const names = await regionNames(db, [code, ...parentCodes(code)]);
    const values = mine?.values ?? {};
    const value = values[input.key] ?? (info.stat === 'median' || info.stat === 'max' ? null : 0);
    const of = info.of ? (values[info.of as IndicatorKey] ?? 0) : null;
    const view = {
      key: input.key,
      region: regionView(code, names),
      parents: parentCodes(code).map((c) => regionView(c, names)),
      asOf: run.asOf,
      period: run.period,
      computedAt: run.computedAt,
      value,
      of,
      rate: rateOf(value, of),
      rows: [] as ReturnType<typeof breakdown>,
      items: [] as Awaited<ReturnType<typeof describeItems>>,
      total: 0,
      hasMore: false,
    };
    const itemLevel = info.level;
    if (itemLevel === level) {
      const stored = mine?.items?.[input.key] ?? [];
      const page = stored.slice(input.skip, input.skip + input.limit);
      view.items = await describeItems(db, info.item, page, roleFor(ctx, BOARD_ROLES, code));
      view.total = stored.length;
      view.hasMore = input.skip + page.length < stored.length;
    } else {
      view.rows = breakdown(input.key, await childFigures(db, run._id, code));
      view.total = view.rows.length;
    }
    await audit(ctx, { op: 'search', regionCode: code, count: view.items.length || view.rows.length, refs: { indicator: input.key } });
    return view;
  },
});

/** The regions' numbers of one indicator. */
function breakdown(key: IndicatorKey, rows: FiguresDoc[]) {
  const info = infoOf(key);
  const names = new Map(rows.map((r) => [r.code, r.name]));
  return rows.map((r) => {
    const value = r.values[key] ?? null;
    const of = info.of ? (r.values[info.of as IndicatorKey] ?? null) : null;
    return { region: regionView(r.code, names), value, of, rate: rateOf(value, of) };
  });
}

export const refreshBoard = action(A.refreshBoard, {
  access: { roles: MANAGER_ROLES },
  example: () => ({}),
  /**
   * Recomputes the caller's county's board now (the scheduler does so every hour). Takes a few
   * seconds on a county of 20,000 children (docs/benchmarks.md).
   * @returns the new run's id, instant and duration
   */
  handler: async (_input, ctx) => {
    const code = regionFor(ctx, MANAGER_ROLES);
    const run = await computeBoard(ctx, code.slice(0, 6), today(ctx));
    await audit(ctx, { op: 'stats', regionCode: code.slice(0, 6), refs: { run: run._id } });
    return { runId: run._id, computedAt: run.computedAt, tookMs: run.tookMs };
  },
});
