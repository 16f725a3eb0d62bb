/**
 * Spot checks (随机抽查; policy §三(一) "定期督查、随机抽查、跟踪问效"): the county's civil affairs
 * bureau draws, per township, a random sample of the visit records, responsibility confirmations
 * or immediate reports dated within a period, re-verifies each (a call, a home visit) and records
 * whether the record matches what it found; a discrepancy opens a follow-up task for the township
 * (follow-ups.ts).
 *
 * **The draw is reproducible.** Each record of a township's population is ranked by
 * SHA-256(`<seed>:<township>:<record id>`) and the `perTownship` lowest are drawn, so the same
 * seed over the same records draws the same items whatever order the database returns them in;
 * the seed (given, or generated) and a SHA-256 of the population are recorded with the draw.
 *
 * **Who.** County admins draw and record (the checker is the county admin who records a result;
 * assigning another checker would need a role this product does not have — docs/supervision.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, regionCodesOf } from '../../_shared/access';
import type { ExampleWorld } from '../../_shared/access/spec';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import { inCounty } from '../../_shared/indicators';
import { claimSlots } from '../../_shared/upload-slots';
import { photoTask } from './photo-tasks';
import type { ActionContext, Db } from '../../_shared/context';
import { CARE_LABELS, type ReportDoc, type VisitDoc } from '../../_shared/contracts/care';
import type { ConfirmationDoc } from '../../_shared/contracts/guardianship';
import type { ChildDoc } from '../../_shared/contracts/registry';
import {
  SPOT_CHECK_KIND_LABELS,
  SUPERVISION_LIMITS,
  supervisionContract,
  type FollowUpDoc,
  type SpotCheckDoc,
  type SpotCheckItemDoc,
  type SpotCheckItemView,
  type SpotCheckKind,
  type SpotCheckRow,
  type SpotCheckView,
} from '../../_shared/contracts/supervision';
import { addDays, dayjs, shanghaiDay, startOfShanghaiDay } from '../../_shared/time';
import { MANAGER_ROLES, SV, childNameAs, formatShanghai, regionFor, regionNames, regionView, today } from './common';
import { countyRegions } from './engine';
import { openFollowUp } from './follow-ups';

const A = supervisionContract.actions;

/** Days back a draw samples by default (the 30 days ending today). */
const DEFAULT_PERIOD_DAYS = 30;

/** A record that may be drawn. */
export interface Candidate {
  id: string;
  villageCode: string;
  childId?: string;
  /** What it is, in words without personal data (date and kind). */
  record: string;
}

/** The rank of a record in a draw: SHA-256 of seed, township and id (hex). */
export function drawRank(seed: string, townshipCode: string, id: string): string {
  return createHash('sha256').update(`${seed}:${townshipCode}:${id}`).digest('hex');
}

/**
 * Draws `n` records of one township (pure): the `n` with the lowest rank, in rank order.
 * The same seed, township and set of ids give the same items in the same order.
 */
export function drawSample<T extends { id: string }>(seed: string, townshipCode: string, population: readonly T[], n: number): T[] {
  return population
    .map((c) => ({ c, r: drawRank(seed, townshipCode, c.id) }))
    .sort((a, b) => (a.r < b.r ? -1 : a.r > b.r ? 1 : a.c.id < b.c.id ? -1 : 1))
    .slice(0, n)
    .map((x) => x.c);
}

/** SHA-256 over each township's sorted population ids (what the draw saw). */
export function populationHash(byTownship: Map<string, { id: string }[]>): string {
  const canonical = [...byTownship.keys()].sort().map((code) => [code, byTownship.get(code)!.map((c) => c.id).sort()]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * The records of a kind dated within the period in a county: visits by their date, confirmations
 * by the day they came into force, reports by the day they were made (Asia/Shanghai).
 */
export async function population(db: Db, countyCode: string, kind: SpotCheckKind, period: { from: string; to: string }): Promise<Candidate[]> {
  const _ = db.command;
  const fromAt = startOfShanghaiDay(period.from);
  const toAt = startOfShanghaiDay(addDays(period.to, 1));
  if (kind === 'visit') {
    const rows = await fetchAll<Pick<VisitDoc, '_id' | 'villageCode' | 'childId' | 'date' | 'kind'>>(
      db.collection('visits').where({ countyCode, date: _.gte(period.from).and(_.lte(period.to)) }).field({ _id: true, villageCode: true, childId: true, date: true, kind: true }),
      500_000,
    );
    return rows.map((v) => ({ id: v._id, villageCode: v.villageCode, childId: v.childId, record: `${v.date} ${CARE_LABELS.visitKind[v.kind] ?? '走访'}` }));
  }
  if (kind === 'confirmation') {
    // The indicators' query shape (status + county prefix); the period is applied here.
    const rows = await fetchAll<Pick<ConfirmationDoc, '_id' | 'villageCode' | 'childId' | 'inForceAt' | 'expiresOn'>>(
      db
        .collection('guardianshipConfirmations')
        .where({ status: _.in(['inForce', 'expired', 'revoked']), villageCode: inCounty(db, countyCode) })
        .field({ _id: true, villageCode: true, childId: true, inForceAt: true, expiresOn: true }),
      500_000,
    );
    return rows
      .filter((c) => c.inForceAt && new Date(c.inForceAt) >= fromAt && new Date(c.inForceAt) < toAt)
      .map((c) => ({ id: c._id, villageCode: c.villageCode, childId: c.childId, record: `${shanghaiDay(new Date(c.inForceAt!))} 生效${c.expiresOn ? `，至 ${c.expiresOn}` : ''}` }));
  }
  const rows = await fetchAll<Pick<ReportDoc, '_id' | 'villageCode' | 'childId' | 'kind' | 'reportedAt'>>(
    db.collection('careReports').where({ villageCode: inCounty(db, countyCode), reportedAt: _.gte(fromAt).and(_.lt(toAt)) }).field({ _id: true, villageCode: true, childId: true, kind: true, reportedAt: true }),
    500_000,
  );
  return rows.map((r) => ({ id: r._id, villageCode: r.villageCode, ...(r.childId ? { childId: r.childId } : {}), record: `${formatShanghai(r.reportedAt)} ${CARE_LABELS.reportKind[r.kind] ?? '强制报告'}` }));
}

/** A spot check the caller may manage (a county admin of its county). */
export async function managed(ctx: ActionContext, id: string): Promise<SpotCheckDoc> {
  const doc = await getDoc<SpotCheckDoc>(dbOf(ctx), SV.spotChecks, id);
  if (!doc) throw new AppError('NOT_FOUND', '没有这次抽查');
  if (!regionCodesOf(ctx.actor!, MANAGER_ROLES).some((c) => c === doc.countyCode)) throw new AppError('FORBIDDEN', '这次抽查不是本县的');
  return doc;
}

function rowOf(d: SpotCheckDoc): SpotCheckRow {
  return { id: d._id, kind: d.kind, period: d.period, perTownship: d.perTownship, createdAt: d.createdAt, counts: d.counts };
}

/** Items in words for the county admin (children's names as the county admin sees them: in full). */
export async function itemViews(db: Db, items: SpotCheckItemDoc[]): Promise<SpotCheckItemView[]> {
  const _ = db.command;
  const childIds = [...new Set(items.map((i) => i.childId).filter((x): x is string => !!x))];
  const children = new Map<string, Pick<ChildDoc, '_id' | 'name'>>();
  for (let i = 0; i < childIds.length; i += 500) {
    for (const c of await fetchAll<Pick<ChildDoc, '_id' | 'name'>>(db.collection('children').where({ _id: _.in(childIds.slice(i, i + 500)) }).field({ _id: true, name: true }), 1000)) children.set(c._id, c);
  }
  const fuIds = items.map((i) => i.followUpId).filter((x): x is string => !!x);
  const followUps = new Map<string, FollowUpDoc>();
  for (let i = 0; i < fuIds.length; i += 500) {
    for (const f of await fetchAll<FollowUpDoc>(db.collection(SV.followUps).where({ _id: _.in(fuIds.slice(i, i + 500)) }), 1000)) followUps.set(f._id, f);
  }
  const names = await regionNames(db, items.flatMap((i) => [i.townshipCode, i.villageCode]));
  return items.map((i) => {
    const f = i.followUpId ? followUps.get(i.followUpId) : undefined;
    return {
      id: i._id,
      n: i.n,
      kind: i.kind,
      township: regionView(i.townshipCode, names),
      village: regionView(i.villageCode, names),
      childName: i.childId ? childNameAs(children.get(i.childId)?.name, 'countyAdmin') || '（档案已删除）' : '未登记儿童',
      record: `${SPOT_CHECK_KIND_LABELS[i.kind]} ${i.record ?? ''}`.trim(),
      targetId: i.targetId,
      childId: i.childId ?? null,
      status: i.status,
      note: i.note ?? null,
      photos: i.photos ?? [],
      checkedAt: i.checkedAt ?? null,
      followUp: f ? { id: f._id, deadline: f.deadline, status: f.status } : null,
    };
  });
}

/** A spot check with its items. */
export async function spotCheckView(db: Db, doc: SpotCheckDoc): Promise<SpotCheckView> {
  const items = await fetchAll<SpotCheckItemDoc>(db.collection(SV.spotCheckItems).where({ checkId: doc._id }), 10_000);
  items.sort((a, b) => (a.townshipCode < b.townshipCode ? -1 : a.townshipCode > b.townshipCode ? 1 : a.n - b.n));
  const names = await regionNames(db, doc.townships.map((t) => t.code));
  return {
    ...rowOf(doc),
    seed: doc.seed,
    populationSha256: doc.populationSha256,
    townships: doc.townships.map((t) => ({ region: regionView(t.code, names), population: t.population, drawn: t.drawn })),
    items: await itemViews(db, items),
  };
}

export async function exampleCheck(w: ExampleWorld): Promise<string> {
  const id = `sc-example-${w.unique()}`;
  await w.insert(SV.spotChecks, {
    _id: id,
    countyCode: w.side.countyCode,
    kind: 'visit',
    period: { from: '2026-01-01', to: '2026-01-31' },
    perTownship: 1,
    seed: 'example',
    townships: [{ code: w.side.townshipCode, population: 1, drawn: 1 }],
    populationSha256: '0'.repeat(64),
    createdBy: 'example',
    createdAt: w.now,
    counts: { items: 1, checked: 0, discrepancies: 0 },
  });
  await w.insert(SV.spotCheckItems, { _id: `${id}-${w.side.townshipCode}-1`, checkId: id, countyCode: w.side.countyCode, townshipCode: w.side.townshipCode, villageCode: w.side.villageCode, kind: 'visit', targetId: 'example-visit', childId: w.side.childId, n: 1, status: 'pending', record: '2026-01-15 入户走访' });
  return id;
}

export const drawSpotCheck = action(A.drawSpotCheck, {
  access: { roles: MANAGER_ROLES },
  example: (w) => ({ kind: 'visit', perTownship: 2, seed: 'example', requestId: `draw-${w.unique()}` }),
  /**
   * Draws `perTownship` records of `kind` per township of the caller's county, dated within
   * `from`–`to` (default the 30 days ending today; at most 366 days), ranked by `seed` (default: a
   * generated one, recorded). A township with fewer records gives all it has; one with none is
   * listed with 0. Idempotent on (caller, `requestId`): a retry returns the first draw
   * (`duplicate: true`). Audited as a search with the number of items drawn.
   * @throws VALIDATION_FAILED (period longer than 366 days), NOT_FOUND (no records in the period)
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const countyCode = regionFor(ctx, MANAGER_ROLES).slice(0, 6);
    const personId = ctx.actor!.personId!;
    const id = `sc-${createHash('sha256').update(`${personId}:${input.requestId}`).digest('hex').slice(0, 20)}`;
    const before = await getDoc<SpotCheckDoc>(db, SV.spotChecks, id);
    if (before) return { ...(await spotCheckView(db, before)), duplicate: true };
    const to = input.to ?? today(ctx);
    const from = input.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
    if (dayjs.utc(to).diff(dayjs.utc(from), 'day') + 1 > SUPERVISION_LIMITS.periodDaysMax) {
      throw new AppError('VALIDATION_FAILED', `抽查的时间段最长${SUPERVISION_LIMITS.periodDaysMax}天`, { issues: [{ path: 'from', message: `抽查的时间段最长${SUPERVISION_LIMITS.periodDaysMax}天` }] });
    }
    const seed = input.seed ?? randomBytes(6).toString('hex');
    const { townships } = await countyRegions(db, countyCode);
    const byTownship = new Map<string, Candidate[]>(townships.map((t) => [t.code, []]));
    for (const c of await population(db, countyCode, input.kind, { from, to })) {
      const code = c.villageCode.slice(0, 9);
      if (!byTownship.has(code)) byTownship.set(code, []);
      byTownship.get(code)!.push(c);
    }
    const total = [...byTownship.values()].reduce((a, l) => a + l.length, 0);
    if (!total) throw new AppError('NOT_FOUND', `${from}至${to}本县没有${SPOT_CHECK_KIND_LABELS[input.kind]}可抽查，请换一个时间段`);
    const now = ctx.now();
    const items: SpotCheckItemDoc[] = [];
    const summary: SpotCheckDoc['townships'] = [];
    for (const code of [...byTownship.keys()].sort()) {
      const drawn = drawSample(seed, code, byTownship.get(code)!, input.perTownship);
      summary.push({ code, population: byTownship.get(code)!.length, drawn: drawn.length });
      drawn.forEach((c, i) =>
        items.push({ _id: `${id}-${code}-${i + 1}`, checkId: id, countyCode, townshipCode: code, villageCode: c.villageCode, kind: input.kind, targetId: c.id, ...(c.childId ? { childId: c.childId } : {}), n: i + 1, status: 'pending', record: c.record }),
      );
    }
    // Items first, the draw last: a draw that exists is complete (a retry after a crash rewrites the same items).
    for (const { _id, ...item } of items) await db.collection(SV.spotCheckItems).doc(_id).set(item);
    const doc: SpotCheckDoc = {
      _id: id,
      countyCode,
      kind: input.kind,
      period: { from, to },
      perTownship: input.perTownship,
      seed,
      townships: summary,
      populationSha256: populationHash(byTownship),
      createdBy: personId,
      createdAt: now,
      counts: { items: items.length, checked: 0, discrepancies: 0 },
    };
    const { _id: _omit, ...body } = doc;
    await db.collection(SV.spotChecks).doc(id).set(body);
    await audit(ctx, { op: 'search', regionCode: countyCode, count: items.length, refs: { spotCheck: id } });
    return { ...(await spotCheckView(db, doc)), duplicate: false };
  },
});

export const spotChecks = action(A.spotChecks, {
  access: { roles: MANAGER_ROLES },
  example: () => ({}),
  /** The county's spot checks, newest first, with their progress (at most 200). */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const countyCode = regionFor(ctx, MANAGER_ROLES).slice(0, 6);
    const rows = await fetchAll<SpotCheckDoc>(db.collection(SV.spotChecks).where({ countyCode }).orderBy('createdAt', 'desc'), 200);
    await audit(ctx, { op: 'stats', regionCode: countyCode, count: rows.length });
    return { rows: rows.map(rowOf) };
  },
});

export const spotCheck = action(A.spotCheck, {
  access: { roles: MANAGER_ROLES, dataScope: 'handler' },
  example: async (w) => ({ id: await exampleCheck(w) }),
  /**
   * One spot check: its seed, population hash, per township how many records there were and how
   * many were drawn, and the items (children's names in full for the county admin), each with its
   * result and follow-up. Audited as a search.
   * @throws NOT_FOUND; FORBIDDEN for another county's
   */
  handler: async (input, ctx) => {
    const doc = await managed(ctx, input.id);
    const view = await spotCheckView(dbOf(ctx), doc);
    await audit(ctx, { op: 'search', regionCode: doc.countyCode, count: view.items.length, refs: { spotCheck: doc._id } });
    return view;
  },
});

export const recordSpotCheck = action(A.recordSpotCheck, {
  access: { roles: MANAGER_ROLES, dataScope: 'handler' },
  example: async (w) => ({ itemId: `${await exampleCheck(w)}-${w.side.townshipCode}-1`, result: 'confirmed', note: '电话回访家长，走访属实', photos: [] }),
  /**
   * Records what re-verifying one item found: `confirmed` (the record matches) or `discrepancy`
   * (it does not), with a note (核实情况) and up to 9 photos (fileIDs). A discrepancy opens a
   * follow-up task for the item's township with a deadline of today + `followUpDays` (default
   * the county's `supervision.followUpDays`) and tells its township staff in 消息 — or, with
   * none bound, the county admins; `told` says how many, `nobodyReached` when nobody could be
   * (recorded for the county's 工作台). An item is recorded once.
   * @throws NOT_FOUND; FORBIDDEN for another county's; CONFLICT when already recorded;
   *   UPLOAD_NOT_OWN / UPLOAD_WRONG_SLOT / UPLOAD_SLOT_USED for a photo not from a slot `photoSlots`
   *   handed the caller for this item
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const item = await getDoc<SpotCheckItemDoc>(db, SV.spotCheckItems, input.itemId);
    if (!item) throw new AppError('NOT_FOUND', '没有这一项抽查');
    const check = await managed(ctx, item.checkId);
    if (item.status !== 'pending') throw new AppError('CONFLICT', '这一项已经核实过了');
    await claimSlots(ctx, input.photos, 'supervisionPhoto', photoTask.item(item._id), photoTask.item(item._id), { field: 'photos', redo: '请在本机重新拍照上传' });
    const now = ctx.now();
    const personId = ctx.actor!.personId!;
    const res = (await db
      .collection(SV.spotCheckItems)
      .where({ _id: item._id, status: 'pending' })
      .update({ status: input.result, note: input.note, photos: input.photos, checkedBy: personId, checkedAt: now })) as { updated?: number };
    if (res.updated === 0) throw new AppError('CONFLICT', '这一项已经核实过了');
    const _ = db.command;
    await db
      .collection(SV.spotChecks)
      .doc(check._id)
      .update({ 'counts.checked': _.inc(1), ...(input.result === 'discrepancy' ? { 'counts.discrepancies': _.inc(1) } : {}) });
    let followUp = null;
    let told = 0;
    let nobodyReached = false;
    const updated: SpotCheckItemDoc = { ...item, status: input.result, note: input.note, photos: input.photos, checkedBy: personId, checkedAt: now };
    if (input.result === 'discrepancy') {
      const opened = await openFollowUp(ctx, updated, input.followUpDays);
      followUp = opened.view;
      told = opened.told;
      nobodyReached = opened.nobodyReached;
      updated.followUpId = opened.view.id;
    }
    await audit(ctx, { op: 'write', regionCode: item.villageCode, target: { kind: 'spotCheckItem', id: item._id }, refs: { result: input.result } });
    const [view] = await itemViews(db, [updated]);
    return { item: view, followUp, told, nobodyReached };
  },
});
