/**
 * Home visits (policy §二(一) "定期走访、及时掌握农村留守儿童生活情况"): record a visit, a child's
 * visits and plan, due/overdue lists per officer and per pairing member, and 工作台's tasks today.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { CHILD_SCOPE_FIELDS, audit, childTarget, scopeFilter, stableId, visibility, type Actor, type RoleName } from '../../_shared/access';
import { getCountyConfig, type CountyConfig } from '../../_shared/county-config';
import { careContract, type DueVisitItem, type VisitDoc, type VisitLedgerDoc, type VisitPlan, type VisitView } from '../../_shared/contracts/care';
import type { ChildDoc } from '../../_shared/contracts/registry';
import { addDays, shanghaiDay } from '../../_shared/time';
import { CC, DUE_ROLES, TASK_ROLES, VISIT_READERS, VISIT_WRITERS, childNameFor, chunks, insertOnce, isActiveChild, personNames, regionNames, today, who, type Db } from './common';
import { compareDue, planFor } from '../../_shared/visit-plan';
import { reportsToHandle } from './reports';
import { dbOf, fetchAll } from '../../_shared/db';
import { claimSlots, issueSlots } from '../../_shared/upload-slots';
import type { ActionContext } from '../../_shared/context';

const C = careContract.actions;

/** Most visits listed on 工作台 (counts cover all). */
const MAX_TASK_ITEMS = 200;
/** Oldest visit date accepted (days before today). */
const MAX_BACKDATE_DAYS = 366;

type PlanChild = Pick<ChildDoc, '_id' | 'name' | 'villageCode' | 'townshipCode' | 'countyCode' | 'risk' | 'status' | 'ageOutOn' | 'createdAt'>;

/** Configs by county, loaded once per call. */
export function configLoader(db: Db): (countyCode: string) => Promise<CountyConfig> {
  const cache = new Map<string, Promise<CountyConfig>>();
  return (code) => {
    const k = code.slice(0, 6);
    if (!cache.has(k)) cache.set(k, getCountyConfig(db, k));
    return cache.get(k)!;
  };
}

/** Last visit days of children, by child id. */
export async function lastVisits(db: Db, ids: string[]): Promise<Map<string, string>> {
  const _ = db.command;
  const out = new Map<string, string>();
  for (const part of chunks(ids, 500)) {
    const rows = await fetchAll<VisitLedgerDoc>(db.collection(CC.visitLedger).where({ _id: _.in(part) }), 1000);
    for (const r of rows) out.set(r._id, r.lastVisitOn);
  }
  return out;
}

/** Plans of the given (active) children on `day`. */
export async function plansOf(db: Db, children: PlanChild[], day: string): Promise<VisitPlan[]> {
  const last = await lastVisits(
    db,
    children.map((c) => c._id),
  );
  const config = configLoader(db);
  const out: VisitPlan[] = [];
  for (const c of children) {
    const cfg = await config(c.countyCode ?? c.villageCode);
    out.push(planFor(c, last.get(c._id), cfg.visitIntervalDays, day, c.createdAt ? shanghaiDay(new Date(c.createdAt)) : day));
  }
  return out;
}

const PLAN_FIELDS = { _id: true, name: true, villageCode: true, townshipCode: true, countyCode: true, risk: true, status: true, ageOutOn: true, createdAt: true, erased: true };

/**
 * Due and overdue visits of the children the caller's bindings of `DUE_ROLES` reach (their
 * village, township or county; a pairing member's paired children), on `day`.
 * @param horizonDays also list visits due within this many days after `day`
 */
export async function dueListFor(db: Db, actor: Actor, role: RoleName, day: string, horizonDays: number): Promise<DueVisitItem[]> {
  const filter = scopeFilter(db, actor, DUE_ROLES, CHILD_SCOPE_FIELDS);
  if (!filter) return [];
  const children = (await fetchAll<PlanChild & { erased?: unknown }>(db.collection(CC.children).where(filter).field(PLAN_FIELDS), 50_000)).filter((c) => isActiveChild(c, day));
  const plans = await plansOf(db, children, day);
  const byId = new Map(children.map((c) => [c._id, c]));
  const until = addDays(day, horizonDays);
  const due = plans.filter((p) => p.dueOn <= until).sort(compareDue);
  const names = await regionNames(db, due.map((p) => byId.get(p.childId)!.villageCode));
  return due.map((p) => {
    const c = byId.get(p.childId)!;
    return { ...p, childName: childNameFor(c.name, role), villageCode: c.villageCode, villageName: names.get(c.villageCode)! };
  });
}

/** The task a visit photo slot is handed out for: a visit to this child. */
const visitTask = (childId: string): string => `visit:${childId}`;

export const visitPhotoSlots = action(C.visitPhotoSlots, {
  access: { roles: VISIT_WRITERS, target: childTarget((i: { childId: string }) => i.childId), audit: 'write' },
  example: (w) => ({ childId: w.side.childId, count: 2 }),
  /**
   * Hands the caller `count` one-time upload slots for photos of a visit to this child (who may
   * record the visit may take its photos; policy §二(一) 走访). Each slot is
   * `visits/<caller's folder>/<slot id>.<ext>`, valid for a day; `recordVisit` takes a photo only
   * from a slot handed to the same visitor for the same child and not used by another visit.
   * @returns `{ slots: [{ cloudPath, expiresAt }] }`
   * @throws UNAUTHENTICATED (no WeChat identity), CHILD_INACTIVE (the child has left the registry)
   */
  handler: async (input, ctx) => {
    const child = ctx.grant!.target!.doc as PlanChild & { erased?: unknown };
    if (!isActiveChild(child, today(ctx))) throw new AppError('CHILD_INACTIVE', '该儿童已退出在册，无需走访');
    return { slots: await issueSlots(ctx, 'visitPhoto', visitTask(child._id), `.${input.ext}`, input.count) };
  },
});

export const recordVisit = action(C.recordVisit, {
  access: { roles: VISIT_WRITERS, target: childTarget((i: { childId: string }) => i.childId), audit: 'write' },
  example: (w) => ({ childId: w.side.childId, requestId: `visit-${w.unique()}`, date: shanghaiDay(w.now), kind: 'home', findings: { health: '身体健康', guardianship: '奶奶照料，生活正常' } }),
  /**
   * Records a visit to the child (policy §二(一)). Idempotent on (visitor, `requestId`): a retry
   * returns the first record with `duplicate: true`. The visit date is an Asia/Shanghai day, not
   * after today and not more than a year back. The location is kept only with `consent: true`.
   * @returns `{ visitId, duplicate, plan }` — the child's plan after this visit
   * @throws VALIDATION_FAILED (date), CHILD_INACTIVE (the child has left the registry);
   *   UPLOAD_NOT_OWN / UPLOAD_WRONG_SLOT / UPLOAD_SLOT_USED / UPLOAD_SLOT_EXPIRED for a photo not
   *   from a slot `visitPhotoSlots` handed this visitor for this child (field `photos.<i>`)
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const me = who(ctx);
    const child = ctx.grant!.target!.doc as PlanChild & { erased?: unknown };
    const day = today(ctx);
    if (input.date > day) throw new AppError('VALIDATION_FAILED', '走访日期：不能晚于今天', { issues: [{ path: 'date', label: '走访日期', code: 'DATE_FUTURE', message: '不能晚于今天' }] });
    if (input.date < addDays(day, -MAX_BACKDATE_DAYS)) throw new AppError('VALIDATION_FAILED', '走访日期：不能早于一年前', { issues: [{ path: 'date', label: '走访日期', code: 'DATE_TOO_OLD', message: '不能早于一年前' }] });
    if (!isActiveChild(child, day)) throw new AppError('CHILD_INACTIVE', '该儿童已退出在册，无需走访');
    const id = stableId('visit', me.personId, input.requestId);
    // Each photo from a slot this visitor was handed for this child, not used by another visit.
    await claimSlots(ctx, input.photos ?? [], 'visitPhoto', visitTask(child._id), `visit:${id}`, { field: 'photos', redo: '请在本机重新拍摄上传' });
    const now = ctx.now();
    const doc: VisitDoc = {
      _id: id,
      childId: child._id,
      villageCode: child.villageCode,
      townshipCode: child.townshipCode ?? child.villageCode.slice(0, 9),
      countyCode: child.countyCode ?? child.villageCode.slice(0, 6),
      date: input.date,
      kind: input.kind,
      visitor: { personId: me.personId, role: me.role, ...(me.binding?.pairingKind ? { pairingKind: me.binding.pairingKind } : {}) },
      findings: Object.fromEntries(Object.entries(input.findings).filter(([, v]) => !!v)),
      photos: input.photos ?? [],
      riskLevel: (child.risk?.level ?? 'regular') as VisitDoc['riskLevel'],
      requestId: input.requestId,
      createdAt: now,
    };
    if (input.location) doc.location = { ...input.location, at: now };
    const inserted = await insertOnce(db, CC.visits, doc);
    if (inserted) await advanceLedger(db, child._id, input.date, id, now);
    ctx.auditExtra = { refs: { visitId: id } };
    const [plan] = await plansOf(db, [child], day);
    return { visitId: id, duplicate: !inserted, plan };
  },
});

/** Photo links of shown visits, one storage call (the reader may see the visits, so their photos). */
async function attachPhotoUrls(ctx: ActionContext, views: VisitView[]): Promise<void> {
  const fileList = views.flatMap((v) => v.photos);
  if (!fileList.length) return;
  const res = (await ctx.app.getTempFileURL({ fileList: fileList.map((fileID) => ({ fileID, maxAge: 2 * 3600 })) })) as { fileList?: { fileID: string; tempFileURL?: string }[] };
  const urls = new Map((res.fileList ?? []).map((f) => [f.fileID, f.tempFileURL ?? '']));
  for (const v of views) v.photoUrls = v.photos.map((p) => urls.get(p) ?? '');
}

/** Moves a child's last-visit day forward (never back: a late-entered older visit changes nothing). */
async function advanceLedger(db: Db, childId: string, date: string, visitId: string, now: Date): Promise<void> {
  const _ = db.command;
  const created = await insertOnce(db, CC.visitLedger, { _id: childId, lastVisitOn: date, lastVisitId: visitId, updatedAt: now });
  if (created) return;
  await db
    .collection(CC.visitLedger)
    .where({ _id: childId, lastVisitOn: _.lt(date) })
    .update({ lastVisitOn: date, lastVisitId: visitId, updatedAt: now });
}

/** A visit as `role` sees it (the location only for staff the masking table lets see it). */
export function presentVisit(v: VisitDoc, role: RoleName, names: Record<string, string>): VisitView {
  const out: VisitView = {
    visitId: v._id,
    childId: v.childId,
    date: v.date,
    kind: v.kind,
    visitor: { personId: v.visitor.personId, role: v.visitor.role, name: names[v.visitor.personId] ?? '', pairingKind: v.visitor.pairingKind },
    findings: v.findings,
    photos: v.photos ?? [],
    photoUrls: [],
    riskLevel: v.riskLevel,
    villageCode: v.villageCode,
    createdAt: v.createdAt,
  };
  if (v.location && visibility('visit.location', role) === 'full') out.location = { latitude: v.location.latitude, longitude: v.location.longitude, accuracy: v.location.accuracy };
  return out;
}

export const listVisits = action(C.listVisits, {
  access: { roles: VISIT_READERS, target: childTarget((i: { childId: string }) => i.childId), audit: 'read' },
  example: (w) => ({ childId: w.side.childId }),
  /**
   * The child's name (masked per role), plan (due day by the current risk level and the last
   * visit) and visits, newest first. Wherever the child lives now, all their visits are listed.
   * @returns `{ childName, plan, visits }`
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const child = ctx.grant!.target!.doc as PlanChild;
    const role = ctx.grant!.role;
    const res = await db.collection(CC.visits).where({ childId: child._id }).orderBy('date', 'desc').orderBy('createdAt', 'desc').limit(input.limit).get();
    const visits = (res.data ?? []) as VisitDoc[];
    const names = await personNames(
      db,
      visits.map((v) => v.visitor.personId),
    );
    const day = today(ctx);
    const plan = isActiveChild(child, day) ? (await plansOf(db, [child], day))[0] : null;
    const views = visits.map((v) => presentVisit(v, role, names));
    await attachPhotoUrls(ctx, views);
    return { childName: childNameFor(child.name, role), plan, visits: views };
  },
});

export const dueVisits = action(C.dueVisits, {
  access: { roles: DUE_ROLES },
  example: () => ({ horizonDays: 7 }),
  /**
   * Visits due on or before today + `horizonDays` for the children the caller covers: the
   * village officer's village, township staff's township, the county, or a pairing member's
   * paired children. Overdue means the due day is before today (Asia/Shanghai). Audited as a search.
   * @returns `{ today, items: DueVisitItem[], counts: { overdue, dueToday, upcoming } }`
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const day = today(ctx);
    const items = await dueListFor(db, ctx.actor!, ctx.grant!.role, day, input.horizonDays);
    await audit(ctx, { op: 'search', count: items.length });
    return { today: day, items, counts: countStatuses(items) };
  },
});

function countStatuses(items: VisitPlan[]): { overdue: number; dueToday: number; upcoming: number } {
  const c = { overdue: 0, dueToday: 0, upcoming: 0 };
  for (const i of items) c[i.status]++;
  return c;
}

export const myTasks = action(C.myTasks, {
  access: { roles: TASK_ROLES },
  example: () => ({}),
  /**
   * 工作台's "today": visits due today or overdue (Asia/Shanghai days) for the children the
   * caller covers, and the immediate reports the caller handles that are not closed
   * (unacknowledged first). Audited as a search.
   * @returns `{ today, visits, reports, counts }`
   */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const day = today(ctx);
    const actor = ctx.actor!;
    const role = ctx.grant!.role;
    const hasDueRole = actor.bindings.some((b) => (DUE_ROLES as readonly string[]).includes(b.role));
    const visits = hasDueRole ? await dueListFor(db, actor, role, day, 0) : [];
    const reports = await reportsToHandle(ctx);
    await audit(ctx, { op: 'search', count: visits.length + reports.length });
    return {
      today: day,
      visits: visits.slice(0, MAX_TASK_ITEMS),
      reports,
      counts: { ...countStatuses(visits), reportsOpen: reports.filter((r) => r.status === 'open').length, reports: reports.length },
    };
  },
});
