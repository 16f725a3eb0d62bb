/**
 * The monthly circular (通报; policy §三(一) "定期通报"): per county and month, an xlsx
 * (circular-book.ts) made from the month's run of the indicators, kept in storage and in
 * `circulars`, and announced in 消息 to the county admins and every township staff member of the
 * county (`supervision.circular`).
 *
 * Made by the scheduler on the 1st of the next month (the month's run from midnight, the circular
 * from 07:00 so people are told in the morning; catch-up until the 7th: due.ts) and on demand by
 * a county admin (`makeCircular`). One circular per county and finished month (`_id`
 * `<county>-<month>`, inserted once: running twice gives the first); a month not yet over gives a
 * circular 截至今日 (`<county>-<month>-<day>`, `final: false`), one per day.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, regionCodesOf, type RoleName } from '../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import { notify } from '../../_shared/notify';
import type { ActionContext, Db } from '../../_shared/context';
import type { ExampleWorld } from '../../_shared/access/spec';
import type { IndicatorKey } from '../../_shared/contracts/indicators';
import {
  ITEM_KIND_LABELS,
  supervisionContract,
  type CircularDoc,
  type CircularRow,
  type CircularSummary,
  type CircularView,
  type FiguresDoc,
  type RunDoc,
} from '../../_shared/contracts/supervision';
import { BUSINESS_TZ, dayjs } from '../../_shared/time';
import { CIRCULAR_ROLES, MANAGER_ROLES, SV, insertOnce, neutralName, regionFor, regionNames, regionView, today } from './common';
import { computeRun, monthSpec, saveRun } from './engine';
import { infoOf, rank } from './figures';
import { describeItems } from './items';
import { buildCircularBook, CIRCULAR_SHEETS, type ListedRow } from './circular-book';

const A = supervisionContract.actions;

/** Townships shown as best / worst in the summary. */
const SUMMARY_TOP = 3;
/** Minutes a download link works. */
const LINK_MINUTES = 30;

/** `_id` of the pointer to a county's final run of a month. */
export function monthPointerId(countyCode: string, month: string): string {
  return `month:${countyCode}:${month}`;
}

/** `_id` of a circular: the finished month's, or the month so far as of `asOf`. */
export function circularId(countyCode: string, month: string, final: boolean, asOf: string): string {
  return final ? `${countyCode}-${month}` : `${countyCode}-${month}-${asOf}`;
}

/** The month before `day`'s month (`YYYY-MM`). */
export function previousMonth(day: string): string {
  return dayjs.utc(day, 'YYYY-MM-DD').subtract(1, 'month').format('YYYY-MM');
}

/** The county's stored final run of a finished month, if counted. */
export async function storedMonthRun(db: Db, countyCode: string, month: string): Promise<RunDoc | undefined> {
  const p = await getDoc<{ runId: string }>(db, SV.runs, monthPointerId(countyCode, month));
  return p ? getDoc<RunDoc>(db, SV.runs, p.runId) : undefined;
}

/**
 * The month's run: a finished month's is counted once and kept (pointer `month:<county>:<month>`);
 * the month so far is counted afresh.
 * @throws NOT_APPLICABLE for a month that has not begun
 */
export async function monthRun(ctx: ActionContext, countyCode: string, month: string): Promise<{ run: RunDoc; final: boolean; counted: boolean }> {
  const out = await countMonth(ctx, countyCode, month);
  await out.saved;
  return out;
}

/**
 * {@link monthRun} without waiting for the storing: a just-counted run comes with its figures
 * and `saved`, which settles once the figures, the run and (finished month) its pointer are
 * stored — so the circular can be written while the run is being stored (makeCircularFor
 * awaits `saved` before it records the circular).
 */
async function countMonth(ctx: ActionContext, countyCode: string, month: string): Promise<{ run: RunDoc; final: boolean; counted: boolean; figures?: FiguresDoc[]; saved: Promise<void> }> {
  const db = dbOf(ctx);
  const spec = monthSpec(countyCode, month, today(ctx));
  if (!spec) throw new AppError('NOT_APPLICABLE', `${monthLabel(month)}还没有开始，不能生成通报`);
  if (spec.final) {
    const stored = await storedMonthRun(db, countyCode, month);
    if (stored) return { run: stored, final: true, counted: false, saved: Promise.resolve() };
  }
  const { run, figures } = await computeRun(db, spec, ctx.now());
  const saved = (async () => {
    await saveRun(db, run, figures);
    if (spec.final) {
      await db.collection(SV.runs).doc(monthPointerId(countyCode, month)).set({ countyCode, kind: 'pointer', runId: run._id, month, asOf: run.asOf, computedAt: run.computedAt });
    }
  })();
  saved.catch(() => undefined); // awaited by every caller; this only keeps an early failure from counting as unhandled
  return { run, final: spec.final, counted: true, figures, saved };
}

/** `2026年11月`. */
export function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** The figures of every region of a run, by level. */
async function runFigures(db: Db, runId: string, counted?: FiguresDoc[]): Promise<{ county?: FiguresDoc; townships: FiguresDoc[]; villages: FiguresDoc[] }> {
  // Just counted: the figures are in hand (the stored ones are the same documents).
  const all = counted ?? (await fetchAll<FiguresDoc>(db.collection(SV.figures).where({ runId }), 100_000));
  const byCode = (a: FiguresDoc, b: FiguresDoc) => (a.code < b.code ? -1 : 1);
  return {
    county: all.find((f) => f.level === 'county'),
    townships: all.filter((f) => f.level === 'township').sort(byCode),
    villages: all.filter((f) => f.level === 'village').sort(byCode),
  };
}

/**
 * The overdue items and discrepancies of a run, in words, names masked. One `describeItems` per
 * indicator over the whole county (its reads batched by 500 ids), not one per village.
 */
async function listedRows(db: Db, figures: { townships: FiguresDoc[]; villages: FiguresDoc[] }, keys: IndicatorKey[]): Promise<ListedRow[]> {
  const names = await regionNames(db, [...figures.townships, ...figures.villages].map((f) => f.code));
  const out: ListedRow[] = [];
  for (const key of keys) {
    const info = infoOf(key);
    const holders = info.level === 'township' ? figures.townships : figures.villages;
    const located = holders.flatMap((f) => (f.items?.[key] ?? []).map((item) => ({ item, code: f.code, level: f.level })));
    if (!located.length) continue;
    const described = await describeItems(db, info.item, located.map((l) => l.item), 'countyAdmin', { maskNames: true });
    described.forEach((d, i) => {
      const { code, level } = located[i];
      out.push({
        category: info.label,
        township: names.get(code.slice(0, 9)) ?? neutralName(code.slice(0, 9)),
        village: level === 'village' ? (names.get(code) ?? neutralName(code)) : '—',
        subject: d.title || ITEM_KIND_LABELS[info.item],
        note: d.note,
        detail: d.detail,
      });
    });
  }
  return out;
}

/** Headline figures for the list, the page and the inbox (no personal data). */
function summaryOf(county: FiguresDoc, ranking: ReturnType<typeof rank>): CircularSummary {
  const v = (k: IndicatorKey) => county.values[k] ?? 0;
  const scored = ranking.filter((r) => r.score !== null);
  return {
    registered: v('children.registered'),
    best: scored.slice(0, SUMMARY_TOP).map((r) => ({ name: r.region.name, score: r.score })),
    worst: scored.length > SUMMARY_TOP ? scored.slice(-SUMMARY_TOP).reverse().map((r) => ({ name: r.region.name, score: r.score })) : [],
    overdue: { visits: v('visits.overdue'), orders: v('orders.overdue'), reportsLate: v('reports.ackLate'), followUps: v('followUps.overdue') },
    spotChecks: { checked: v('spotChecks.checked'), discrepancies: v('spotChecks.discrepancies') },
  };
}

/** The people a county's circular is announced to: its county admins and the staff of its townships. */
export async function circularReaders(db: Db, countyCode: string): Promise<string[]> {
  const _ = db.command;
  const rows = await fetchAll<{ personId: string; scope: { kind: string; codes?: string[] } }>(
    db.collection('roleBindings').where({ role: _.in([...CIRCULAR_ROLES]), status: 'active' }).field({ personId: true, scope: true }),
    100_000,
  );
  const people = rows.filter((b) => b.scope.kind === 'region' && (b.scope.codes ?? []).some((c) => c.startsWith(countyCode))).map((b) => b.personId);
  return [...new Set(people)].sort();
}

/**
 * Makes the circular of `month` for a county (or returns the one already made).
 * @param by who asked: the scheduler or a person
 * @returns the circular and whether it existed already
 * @throws NOT_APPLICABLE for a month not yet begun; NOT_READY when the county has no divisions
 */
export async function makeCircularFor(ctx: ActionContext, countyCode: string, month: string, by: CircularDoc['generatedBy']): Promise<{ doc: CircularDoc; existing: boolean }> {
  const db = dbOf(ctx);
  const spec = monthSpec(countyCode, month, today(ctx));
  if (!spec) throw new AppError('NOT_APPLICABLE', `${monthLabel(month)}还没有开始，不能生成通报`);
  const id = circularId(countyCode, month, spec.final, spec.asOf);
  const before = await getDoc<CircularDoc>(db, SV.circulars, id);
  if (before) return { doc: before, existing: true };

  const phase = profiler();
  const { run, final, figures: counted, saved } = await countMonth(ctx, countyCode, month);
  phase('month counted');
  const figures = await runFigures(db, run._id, counted);
  phase('figures read');
  if (!figures.county) throw new AppError('NOT_READY', '本县还没有行政区划，无法生成通报');
  const names = await regionNames(db, [countyCode]);
  const countyName = names.get(countyCode) ?? neutralName(countyCode);
  const ranking = rank(figures.townships.map((f) => ({ region: regionView(f.code, new Map([[f.code, f.name]])), values: f.values })));
  const summary = summaryOf(figures.county, ranking);
  const title = `${countyName}${monthLabel(month)}农村留守儿童关爱保护工作督导通报${final ? '' : `（截至${Number(spec.asOf.slice(5, 7))}月${Number(spec.asOf.slice(8, 10))}日）`}`;
  const generatedAt = ctx.now();
  const book = buildCircularBook({
    title,
    countyName,
    asOf: run.asOf,
    period: run.period,
    final,
    generatedAt: dayjs(generatedAt).tz(BUSINESS_TZ).format('YYYY-MM-DD HH:mm'),
    county: figures.county,
    townships: figures.townships,
    ranking,
    summary,
    overdue: await (async () => {
      const rows = await listedRows(db, figures, ['visits.overdue', 'orders.overdue', 'reports.ackLate', 'followUps.overdue']);
      phase(`overdue described (${rows.length})`);
      return rows;
    })(),
    discrepancies: await listedRows(db, figures, ['spotChecks.discrepancies']),
  });
  // The run is stored while the workbook is written; the circular points at it, so both first.
  const [bytes] = await Promise.all([book, saved]);
  phase('workbook (and the run stored)');
  const up = (await ctx.app.uploadFile({ cloudPath: `supervision/circulars/${countyCode}/${id}.xlsx`, fileContent: bytes })) as { fileID: string };
  const doc: CircularDoc = {
    _id: id,
    countyCode,
    month,
    runId: run._id,
    asOf: run.asOf,
    period: run.period,
    final,
    title,
    xlsxFileID: up.fileID,
    generatedAt,
    generatedBy: by,
    summary,
    announcedTo: 0,
    version: 1,
  };
  // Inserted once: a second maker (the scheduler and a person at the same minute) gets the first.
  if (!(await insertOnce(db, SV.circulars, doc))) {
    return { doc: (await getDoc<CircularDoc>(db, SV.circulars, id))!, existing: true };
  }
  phase('stored');
  doc.announcedTo = await announce(ctx, doc);
  await db.collection(SV.circulars).doc(id).update({ announcedTo: doc.announcedTo });
  phase(`announced (${doc.announcedTo})`);
  return { doc, existing: false };
}

/** Phase timings on stderr when SHOUWANG_PROFILE is set (benchmarks); otherwise nothing. */
function profiler(): (label: string) => void {
  let last = Date.now();
  return (label) => {
    if (!process.env.SHOUWANG_PROFILE) return;
    const now = Date.now();
    console.error(`[circular] ${label}: ${now - last} ms`);
    last = now;
  };
}

/** Tells the county admins and township staff in 消息 (once per person and circular). */
async function announce(ctx: ActionContext, doc: CircularDoc): Promise<number> {
  const people = await circularReaders(dbOf(ctx), doc.countyCode);
  const s = doc.summary;
  const body =
    `在册留守儿童${s.registered}人；走访逾期${s.overdue.visits}人，责令逾期${s.overdue.orders}件，报告超时${s.overdue.reportsLate}件` +
    `${s.best[0] ? `；排名第一：${s.best[0].name}` : ''}。点开查看乡镇排名、逾期事项，可下载Excel。`;
  for (const personId of people) {
    await notify(ctx, {
      to: { personId },
      kind: 'supervision.circular',
      title: `${monthLabel(doc.month)}督导通报${doc.final ? '' : '（截至当日）'}`,
      body,
      ref: { kind: 'circular', id: doc._id },
      dedupeKey: `circular:${doc._id}:${personId}`,
    });
  }
  return people.length;
}

/** A circular in the list. */
function rowOf(d: CircularDoc): CircularRow {
  return { id: d._id, month: d.month, title: d.title, asOf: d.asOf, final: d.final, generatedAt: d.generatedAt, hasPdf: !!d.pdfFileID };
}

/** The county whose circulars the caller reads (their widest binding's county). */
function countyOf(ctx: ActionContext): string {
  return regionFor(ctx, CIRCULAR_ROLES).slice(0, 6);
}

/**
 * A circular the caller may read: one of a county their bindings reach (county admins their
 * county, township staff the county of their township).
 * @throws NOT_FOUND, FORBIDDEN
 */
async function readable(ctx: ActionContext, id: string): Promise<CircularDoc> {
  const doc = await getDoc<CircularDoc>(dbOf(ctx), SV.circulars, id);
  if (!doc) throw new AppError('NOT_FOUND', '没有这期通报');
  const codes = regionCodesOf(ctx.actor!, CIRCULAR_ROLES as readonly RoleName[]);
  if (!codes.some((c) => c.slice(0, 6) === doc.countyCode)) throw new AppError('FORBIDDEN', '这期通报不是本县的');
  return doc;
}

/** An example circular document for the access matrix (no file behind it). */
async function exampleCircular(w: ExampleWorld): Promise<{ id: string }> {
  const month = previousMonth(dayjs(w.now).tz(BUSINESS_TZ).format('YYYY-MM-DD'));
  const id = `${w.side.countyCode}-${month}-${w.unique()}`;
  const summary: CircularSummary = { registered: 0, best: [], worst: [], overdue: { visits: 0, orders: 0, reportsLate: 0, followUps: 0 }, spotChecks: { checked: 0, discrepancies: 0 } };
  const _id = await w.insert(SV.circulars, { _id: id, countyCode: w.side.countyCode, month, runId: 'none', asOf: `${month}-28`, period: { from: `${month}-01`, to: `${month}-28` }, final: true, title: '示例通报', xlsxFileID: 'cloud://none/none.xlsx', generatedAt: w.now, generatedBy: { kind: 'scheduler' }, summary, announcedTo: 0, version: 1 });
  return { id: _id };
}

export const circulars = action(A.circulars, {
  access: { roles: CIRCULAR_ROLES },
  example: () => ({}),
  /**
   * The circulars of the caller's county, newest month first (finished months' and those made
   * before a month ended). `canMake` for county admins. Audited as statistics.
   */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const countyCode = countyOf(ctx);
    const rows = await fetchAll<CircularDoc>(
      db.collection(SV.circulars).where({ countyCode }).orderBy('month', 'desc').orderBy('generatedAt', 'desc').field({ summary: false }),
      240,
    );
    const names = await regionNames(db, [countyCode]);
    const canMake = regionCodesOf(ctx.actor!, MANAGER_ROLES).some((c) => c === countyCode);
    await audit(ctx, { op: 'stats', regionCode: countyCode, count: rows.length });
    return { county: regionView(countyCode, names), rows: rows.map(rowOf), canMake, nextMonth: today(ctx).slice(0, 7) };
  },
});

export const circular = action(A.circular, {
  access: { roles: CIRCULAR_ROLES, dataScope: 'handler' },
  example: exampleCircular,
  /**
   * One circular: its headline figures, the township ranking of its run, the sheets of its
   * workbook. County admins and township staff of its county.
   * @throws NOT_FOUND; FORBIDDEN for another county's
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const doc = await readable(ctx, input.id);
    const towns = await fetchAll<FiguresDoc>(db.collection(SV.figures).where({ runId: doc.runId, parent: doc.countyCode }).field({ items: false }), 5000);
    const names = new Map(towns.map((f) => [f.code, f.name]));
    const view: CircularView = {
      ...rowOf(doc),
      period: doc.period,
      summary: doc.summary,
      ranking: rank(towns.map((f) => ({ region: regionView(f.code, names), values: f.values }))),
      sheets: [...CIRCULAR_SHEETS],
      announcedTo: doc.announcedTo,
    };
    await audit(ctx, { op: 'stats', regionCode: doc.countyCode, refs: { circular: doc._id } });
    return view;
  },
});

export const circularFile = action(A.circularFile, {
  access: { roles: CIRCULAR_ROLES, dataScope: 'handler' },
  example: exampleCircular,
  /**
   * A temporary link (30 minutes) to the circular's xlsx, or its PDF (`format: 'pdf'`: rendered
   * on the first request from the run's county and township figures, then kept), for
   * wx.downloadFile + wx.openDocument. Audited as an export.
   * @throws NOT_FOUND (no such circular, or its file is gone); FORBIDDEN for another county's;
   *   PDF_FONT_MISSING when the function has no CJK font
   */
  handler: async (input, ctx) => {
    const doc = await readable(ctx, input.id);
    let fileID = doc.xlsxFileID;
    if (input.format === 'pdf') {
      fileID = doc.pdfFileID ?? (await storePdf(ctx, doc));
    }
    const res = (await ctx.app.getTempFileURL({ fileList: [{ fileID, maxAge: LINK_MINUTES * 60 }] })) as { fileList?: { tempFileURL?: string; code?: string }[] };
    const url = res.fileList?.[0]?.tempFileURL;
    if (!url) throw new AppError('NOT_FOUND', '通报文件不见了，请县民政局重新生成');
    await audit(ctx, { op: 'export', regionCode: doc.countyCode, refs: { circular: doc._id, format: input.format } });
    return { fileName: `${doc.title}.${input.format}`, url, expiresAt: new Date(ctx.now().getTime() + LINK_MINUTES * 60_000) };
  },
});

/** Renders a circular's PDF from its run, stores it next to the xlsx and records it. @returns its fileID */
async function storePdf(ctx: ActionContext, doc: CircularDoc): Promise<string> {
  const db = dbOf(ctx);
  const county = await getDoc<FiguresDoc>(db, SV.figures, `${doc.runId}:${doc.countyCode}`);
  if (!county) throw new AppError('NOT_FOUND', '这期通报的统计数据不见了，请县民政局重新生成');
  const towns = await fetchAll<FiguresDoc>(db.collection(SV.figures).where({ runId: doc.runId, parent: doc.countyCode }).field({ items: false }), 5000);
  const names = new Map(towns.map((f) => [f.code, f.name]));
  const { renderCircularPdf } = await import('./circular-pdf');
  const bytes = await renderCircularPdf(doc, county, rank(towns.map((f) => ({ region: regionView(f.code, names), values: f.values }))));
  const up = (await ctx.app.uploadFile({ cloudPath: `supervision/circulars/${doc.countyCode}/${doc._id}.pdf`, fileContent: bytes })) as { fileID: string };
  await db.collection(SV.circulars).doc(doc._id).update({ pdfFileID: up.fileID });
  return up.fileID;
}

export const makeCircular = action(A.makeCircular, {
  access: { roles: MANAGER_ROLES },
  example: () => ({}),
  /**
   * Makes the circular of `month` (default last month) now and announces it; a finished month's
   * circular already made is returned as it is (`existing: true`), and so is today's circular of
   * the month so far. Counting a month takes seconds on a large county (docs/benchmarks.md).
   * @throws NOT_APPLICABLE for a month not yet begun
   */
  handler: async (input, ctx) => {
    const countyCode = regionFor(ctx, MANAGER_ROLES).slice(0, 6);
    const month = input.month ?? previousMonth(today(ctx));
    const { doc, existing } = await makeCircularFor(ctx, countyCode, month, { kind: 'person', personId: ctx.actor!.personId! });
    await audit(ctx, { op: 'export', regionCode: countyCode, refs: { circular: doc._id } });
    return { ...rowOf(doc), existing };
  },
});
