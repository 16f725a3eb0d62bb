/**
 * Dropout cases (控辍保学; docs/schools.md "Dropout cases"). Policy §二(三): "辍学学生登记、劝返
 * 复学、定期排查制度 … 及时联系并督促 … 父母或其他监护人依法送适龄留守儿童入学 … 对督促和劝返无效
 * 的，县教体局、乡镇和社管委等要依法采取措施".
 *
 * A case opens when a child of compulsory-school age ({@link ofCompulsoryAge}) is marked dropped
 * out or not in school — by a registry edit or a census import (event `childSchoolingChanged`),
 * the daily sweep (both in cases-sweep.ts) or a school's report;
 * the school, the township and the county see it; each 劝返 attempt is recorded; after the
 * county's number of failed attempts the township staff and the county admins are told in 消息
 * (or, when nobody is bound, the county's 工作台 lists it as unreached: never silent); a return to
 * school closes it and sets the child file's schooling, which the county summary counts. Legal
 * measures after escalation: cases-measures.ts.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, childTarget, regionContains, type RoleName } from '../../_shared/access';
import { dbOf, fetchAll, getDoc, type Db } from '../../_shared/db';
import { notify } from '../../_shared/notify';
import { deliverUrgent } from '../../_shared/urgent';
import { getCountyConfig } from '../../_shared/county-config';
import { shanghaiDay } from '../../_shared/time';
import type { ActionContext } from '../../_shared/context';
import type { ChildDoc } from '../../_shared/contracts/registry';
import { ROLE_INFO } from '../../_shared/access/roles';
import {
  SCHOOLS_LIMITS,
  schoolsContract,
  type AttemptDoc,
  type CaseView,
  type DropoutCaseDoc,
  type LegalMeasureDoc,
  type LegalMeasureView,
  type OutOfSchool,
  type SchoolDoc,
} from '../../_shared/contracts/schools';
import {
  CASE_ROLES,
  MEASURE_ROLES,
  S,
  ageOnDayOf,
  caseListItem,
  caseTarget,
  childrenById,
  ofCompulsoryAge,
  personName,
  placeCodes,
  regionCodesOf,
  regionHolders,
  regionNames,
  schoolIdsOf,
  schoolsById,
} from './common';
import { setOnRegistry } from './schools';
import { overdueCases } from './timers';

const A = schoolsContract.actions;

export type CaseChild = Pick<ChildDoc, '_id' | 'name' | 'birthDate' | 'villageCode' | 'townshipCode' | 'countyCode' | 'schoolId' | 'status' | 'schooling'>;

/**
 * Opens a case for `child` unless one is open (at most one open case per child).
 * @returns the open case (new or existing)
 */
export async function openCase(db: Db, child: CaseChild, kind: OutOfSchool, now: Date, openedBy: DropoutCaseDoc['openedBy'], reason?: string): Promise<DropoutCaseDoc> {
  const existing = await openCaseOf(db, child._id);
  if (existing) return existing;
  const { total } = await db.collection(S.cases).where({ childId: child._id }).count();
  const doc: DropoutCaseDoc = {
    _id: `dc-${child._id}-${(total ?? 0) + 1}`,
    childId: child._id,
    countyCode: child.countyCode ?? child.villageCode.slice(0, 6),
    townshipCode: child.townshipCode ?? child.villageCode.slice(0, 9),
    villageCode: child.villageCode,
    ...(child.schoolId ? { schoolId: child.schoolId } : {}),
    kind,
    status: 'open',
    openedAt: now,
    openedOn: shanghaiDay(now),
    openedBy,
    ...(reason ? { reason } : {}),
    attempts: [],
    failedAttempts: 0,
    version: 1,
  };
  try {
    await db.collection(S.cases).add(doc);
  } catch (err) {
    // Opened concurrently (same deterministic id): the one stored wins.
    const stored = await getDoc<DropoutCaseDoc>(db, S.cases, doc._id);
    if (stored) return stored;
    throw err;
  }
  return doc;
}

export async function openCaseOf(db: Db, childId: string): Promise<DropoutCaseDoc | undefined> {
  const rows = await fetchAll<DropoutCaseDoc>(db.collection(S.cases).where({ childId, status: 'open' }), 5);
  return rows[0];
}


/**
 * The full view of a case as `role` may see it; with `ctx`, its legal measures' document photos
 * get two-hour links (whoever may read the case may see them).
 */
export async function caseView(db: Db, c: DropoutCaseDoc, role: RoleName, ctx?: ActionContext): Promise<CaseView> {
  const [children, config, countySchools] = await Promise.all([
    childrenById(db, [c.childId]),
    getCountyConfig(db, c.countyCode),
    fetchAll<SchoolDoc>(db.collection(S.schools).where({ countyCode: c.countyCode }), 2000),
  ]);
  const child = children.get(c.childId);
  const schools = await schoolsById(db, [c.schoolId ?? '', c.returnSchoolId ?? '']);
  const names = await regionNames(db, placeCodes([c.villageCode]));
  const ranked = [...countySchools].sort((a, b) => Number(b.townshipCode === c.townshipCode) - Number(a.townshipCode === c.townshipCode) || a.name.localeCompare(b.name, 'zh'));
  return {
    ...caseListItem(c, child, role, names, schools),
    ...(ageOnDayOf(child?.birthDate, c.openedOn) !== undefined ? { age: ageOnDayOf(child?.birthDate, c.openedOn) } : {}),
    ...(c.schoolId ? { schoolId: c.schoolId } : {}),
    ...(c.reason ? { reason: c.reason } : {}),
    attemptList: c.attempts.map((a) => ({
      n: a.n,
      on: a.on,
      byName: a.by.name,
      withWhom: a.withWhom,
      outcome: a.outcome,
      ...(a.companions ? { companions: a.companions } : {}),
      ...(a.note ? { note: a.note } : {}),
      ...(a.nextStep ? { nextStep: a.nextStep } : {}),
    })),
    measureList: await measureViews(c.measures ?? [], ctx),
    canRecordMeasure: MEASURE_ROLES.includes(role) && c.status === 'open' && !!c.escalatedAt,
    measureRole: MEASURE_ROLES.includes(role),
    escalateAfter: config.schools.escalateAfter,
    escalateAfterDays: config.schools.escalateAfterDays,
    ...(c.escalatedOn ? { escalatedOn: c.escalatedOn } : {}),
    ...(c.escalation ? { escalation: c.escalation } : {}),
    ...(c.returnSchoolId && schools.get(c.returnSchoolId) ? { returnSchoolName: schools.get(c.returnSchoolId)!.name } : {}),
    ...(c.returnStage ? { returnStage: c.returnStage } : {}),
    schools: ranked.map((s) => ({ id: s._id, name: s.name })),
    canAct: c.status === 'open',
  };
}

/** Legal measures as the case page lists them, with links to their photos (one storage call). */
async function measureViews(measures: LegalMeasureDoc[], ctx?: ActionContext): Promise<LegalMeasureView[]> {
  const photos = measures.flatMap((m) => (m.photo ? [m.photo] : []));
  let urls = new Map<string, string>();
  if (photos.length && ctx) {
    const res = (await ctx.app.getTempFileURL({ fileList: photos.map((fileID) => ({ fileID, maxAge: 2 * 3600 })) })) as { fileList?: { fileID: string; tempFileURL?: string }[] };
    urls = new Map((res.fileList ?? []).map((f) => [f.fileID, f.tempFileURL ?? '']));
  }
  return measures.map((m) => ({
    n: m.n,
    kind: m.kind,
    on: m.on,
    byName: m.by.name,
    byRole: ROLE_INFO[m.by.role as RoleName]?.label ?? m.by.role,
    ...(m.note ? { note: m.note } : {}),
    ...(m.photo && urls.get(m.photo) ? { photoUrl: urls.get(m.photo) } : {}),
  }));
}

/** A child of the side with a birth date of school age (matrix examples). */
async function exampleChild(w: Parameters<NonNullable<Parameters<typeof action>[1]['example']>>[0]): Promise<string> {
  const y = Number(shanghaiDay(w.now).slice(0, 4)) - 10;
  return w.insert(S.children, {
    _id: `w-dc-child-${w.unique()}`,
    name: '林小川',
    birthDate: `${y}-03-01`,
    countyCode: w.side.countyCode,
    townshipCode: w.side.townshipCode,
    villageCode: w.side.villageCode,
    schoolId: w.side.schoolId,
    schooling: 'primary',
    status: 'active',
    version: 1,
  });
}

/**
 * An open case of the side (matrix examples); `escalated` makes it one that already went to the
 * township and county after three failed attempts (legal measures need that).
 */
export async function exampleCase(w: Parameters<typeof exampleChild>[0], escalated = false): Promise<string> {
  const day = shanghaiDay(w.now);
  return w.insert(S.cases, {
    _id: `dc-example-${w.unique()}`,
    childId: w.side.childId,
    countyCode: w.side.countyCode,
    townshipCode: w.side.townshipCode,
    villageCode: w.side.villageCode,
    schoolId: w.side.schoolId,
    kind: 'droppedOut',
    status: 'open',
    openedAt: w.now,
    openedOn: day,
    openedBy: { kind: 'registry' },
    attempts: [],
    failedAttempts: escalated ? 3 : 0,
    ...(escalated ? { escalatedAt: w.now, escalatedOn: day, escalation: { told: 1, unreached: false } } : {}),
    version: 1,
  });
}

export const reportDropout = action(A.reportDropout, {
  access: { roles: CASE_ROLES, target: childTarget((i: { childId: string }) => i.childId), audit: 'write', breakGlass: false },
  example: async (w) => ({ childId: await exampleChild(w), kind: 'droppedOut', reason: '开学两周未到校' }),
  /**
   * A school (or the township, the county) registers a child as dropped out or not in school:
   * the child file's schooling is set (history kept), then a case opens (or the open one is
   * returned). Compulsory-school age only (6 to under 16 on today, Asia/Shanghai).
   * @throws NOT_SCHOOL_AGE outside that age or without a birth date; CONFLICT for a child no
   *   longer in the registry; REGISTRY_UNAVAILABLE when the file could not be updated (no case opened)
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const child = ctx.grant!.target!.doc as CaseChild;
    const now = ctx.now();
    if (child.status === 'left') throw new AppError('CONFLICT', '该儿童已退出在册，不能登记辍学');
    if (!ofCompulsoryAge(child.birthDate, shanghaiDay(now))) {
      throw new AppError('NOT_SCHOOL_AGE', '该儿童不在义务教育年龄段（6周岁至未满16周岁），或档案缺出生日期，请先核实档案');
    }
    if (child.schooling !== input.kind) {
      await setOnRegistry(ctx, { childId: child._id, schooling: input.kind, reason: `学校或乡镇登记${input.kind === 'droppedOut' ? '辍学' : '未在校'}` });
    }
    const role = ctx.grant!.role;
    const c = await openCase(db, child, input.kind, now, { kind: 'person', ...(ctx.actor?.personId ? { personId: ctx.actor.personId } : {}), role }, input.reason);
    return caseView(db, c, role, ctx);
  },
});

export const listCases = action(A.listCases, {
  access: { roles: CASE_ROLES, dataScope: 'handler' },
  example: (w) =>
    ['teacher', 'schoolStaff'].includes(w.role) ? { schoolId: w.side.schoolId } : { regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.side.townshipCode },
  /**
   * Dropout cases of a school (`schoolId`), a township or the county (`regionCode`), or by
   * default the caller's: a teacher's or school staff's own school, a township's or county's
   * area. Open first, then by opening day, newest first; `limit` (default 30) from `skip`, with
   * `hasMore` and the whole list's counts (open, of them escalated, closed). One indexed page
   * read and three counts, whatever the county's size. Township and county callers see a
   * school's cases only for children of their area. Audited as a search.
   * @throws FORBIDDEN for a school or region outside the caller's
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const bindings = ctx.actor!.bindings;
    const regions = regionCodesOf(bindings, ['townshipStaff', 'countyAdmin']);
    const own = schoolIdsOf(bindings, ['teacher', 'schoolStaff']);
    const regionCond = (code: string) => (code.length === 6 ? { countyCode: code } : { townshipCode: code });
    const conds: unknown[] = [];
    let title: string;
    if (input.schoolId) {
      const school = (await schoolsById(db, [input.schoolId])).get(input.schoolId);
      if (!school) throw new AppError('NOT_FOUND', '没有找到这所学校');
      const area = regions.filter((c) => regionContains(c, school.regionCode) || regionContains(c, school.townshipCode));
      if (!own.includes(school._id) && !area.length) throw new AppError('FORBIDDEN');
      conds.push({ schoolId: school._id });
      // A township sees a school's cases only for children of its own area.
      if (!own.includes(school._id)) conds.push(_.or(area.map(regionCond)));
      title = school.name;
    } else if (input.regionCode) {
      if (!regions.some((c) => regionContains(c, input.regionCode!))) throw new AppError('FORBIDDEN');
      conds.push(regionCond(input.regionCode));
      title = (await regionNames(db, [input.regionCode])).get(input.regionCode)!;
    } else if (regions.length) {
      const widest = [...regions].sort((a, b) => a.length - b.length)[0];
      conds.push(regionCond(widest));
      title = (await regionNames(db, [widest])).get(widest)!;
    } else if (own.length) {
      conds.push({ schoolId: _.in(own) });
      title = [...(await schoolsById(db, own)).values()].map((s) => s.name).join('、') || '本校';
    } else {
      throw new AppError('FORBIDDEN');
    }
    const where = (extra: object[] = []) => {
      const all = [...conds, ...extra];
      return (all.length === 1 ? all[0] : _.and(all)) as object;
    };
    const statusCond = input.status ? [{ status: input.status }] : [];
    // 'open' sorts after 'closed': descending puts the open cases first.
    const [page, open, escalated, closed] = await Promise.all([
      db
        .collection(S.cases)
        .where(where(statusCond))
        .orderBy('status', 'desc')
        .orderBy('openedOn', 'desc')
        .orderBy('_id', 'desc')
        .skip(input.skip)
        .limit(input.limit + 1)
        .get(),
      db.collection(S.cases).where(where([{ status: 'open' }])).count(),
      db.collection(S.cases).where(where([{ status: 'open', escalatedAt: _.exists(true) }])).count(),
      db.collection(S.cases).where(where([{ status: 'closed' }])).count(),
    ]);
    const fetched = page.data as DropoutCaseDoc[];
    const rows = fetched.slice(0, input.limit);
    const [children, schools, names] = await Promise.all([
      childrenById(db, rows.map((r) => r.childId)),
      schoolsById(db, rows.map((r) => r.schoolId ?? '')),
      regionNames(db, placeCodes(rows.map((r) => r.villageCode))),
    ]);
    const role = ctx.grant!.role;
    await audit(ctx, { op: 'search', count: rows.length, ...(input.regionCode ? { regionCode: input.regionCode } : {}) });
    return {
      title: `${title}辍学劝返个案`,
      cases: rows.map((r) => caseListItem(r, children.get(r.childId), role, names, schools)),
      hasMore: fetched.length > input.limit,
      counts: { open: open.total ?? 0, escalated: escalated.total ?? 0, closed: closed.total ?? 0 },
    };
  },
});

export const getCase = action(A.getCase, {
  access: { roles: CASE_ROLES, target: caseTarget((i: { caseId: string }) => i.caseId), audit: 'read' },
  example: async (w) => ({ caseId: await exampleCase(w) }),
  /** One case: the child (name per the masking table), attempts, escalation, return; the county's schools for 复学. */
  handler: async (_input, ctx) => caseView(dbOf(ctx), ctx.grant!.target!.doc as DropoutCaseDoc, ctx.grant!.role, ctx),
});

export const recordAttempt = action(A.recordAttempt, {
  access: { roles: CASE_ROLES, target: caseTarget((i: { caseId: string }) => i.caseId), audit: 'write', breakGlass: false },
  example: async (w) => ({ caseId: await exampleCase(w), on: shanghaiDay(w.now), withWhom: '孩子的祖母', companions: '班主任', outcome: 'refused', nextStep: '下周再次家访' }),
  /**
   * Records one 劝返 attempt (who — the caller —, the day, with whom, outcome, note, next step).
   * Every outcome but 同意返校 counts as failed; when failed attempts reach the county's
   * `schools.escalateAfter` (default 3) the case escalates once: the township's staff and the
   * county admins get `schools.dropoutEscalated` in 消息, or, with nobody bound, it is recorded
   * as unreached for the county's 工作台 and the answer says so (`escalated.unreached`).
   * @throws CONFLICT on a closed case or a concurrent edit; VALIDATION_FAILED (劝返日期) for a day before the case opened
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const c = ctx.grant!.target!.doc as DropoutCaseDoc;
    if (c.status !== 'open') throw new AppError('CONFLICT', '该个案已办结（已复学），不能再记录劝返');
    if (c.attempts.length >= SCHOOLS_LIMITS.attempts) throw new AppError('CONFLICT', `劝返记录已达${SCHOOLS_LIMITS.attempts}次，请县教育部门依法处理`);
    if (input.on < c.openedOn) throw new AppError('VALIDATION_FAILED', '劝返日期：不能早于个案登记日期', { issues: [{ path: 'on', label: '劝返日期', message: `不能早于个案登记日期（${c.openedOn}）` }] });
    const now = ctx.now();
    const role = ctx.grant!.role;
    const attempt: AttemptDoc = {
      n: c.attempts.length + 1,
      on: input.on,
      by: { ...(ctx.actor?.personId ? { personId: ctx.actor.personId } : {}), name: await personName(db, ctx.actor?.personId), role },
      withWhom: input.withWhom,
      outcome: input.outcome,
      ...(input.companions ? { companions: input.companions } : {}),
      ...(input.note ? { note: input.note } : {}),
      ...(input.nextStep ? { nextStep: input.nextStep } : {}),
      at: now,
    };
    const failed = c.failedAttempts + (input.outcome === 'willReturn' ? 0 : 1);
    const _ = db.command;
    const res = await db
      .collection(S.cases)
      .where({ _id: c._id, version: c.version, status: 'open' })
      .update({ attempts: _.push([attempt]), failedAttempts: failed, version: c.version + 1, updatedAt: now });
    if (!(res as { updated?: number }).updated) throw new AppError('CONFLICT', '该个案刚被他人更新，请刷新后重试');
    let updated: DropoutCaseDoc = { ...c, attempts: [...c.attempts, attempt], failedAttempts: failed, version: c.version + 1 };
    let escalated: { told: number; unreached: boolean } | undefined;
    const config = await getCountyConfig(db, c.countyCode);
    if (failed >= config.schools.escalateAfter && !c.escalatedAt) {
      escalated = await escalate(ctx, updated, now, `已劝返${failed}次仍未返校`);
      if (escalated) updated = { ...updated, escalatedAt: now, escalatedOn: shanghaiDay(now), escalation: escalated };
    }
    return { caseView: await caseView(db, updated, role, ctx), ...(escalated ? { escalated } : {}) };
  },
});

/**
 * Escalates a case once (a conditional update claims it; `why` says what triggered it, in the
 * message, without personal data): tells the township's staff and the
 * county admins, or records it unreached (_shared/urgent.ts).
 * @returns who was told, or undefined when another call escalated it first
 */
export async function escalate(ctx: ActionContext, c: DropoutCaseDoc, now: Date, why: string): Promise<{ told: number; unreached: boolean } | undefined> {
  const db = dbOf(ctx);
  const _ = db.command;
  const claim = await db.collection(S.cases).where({ _id: c._id, escalatedAt: _.exists(false) }).update({ escalatedAt: now, escalatedOn: shanghaiDay(now) });
  if (!(claim as { updated?: number }).updated) return undefined;
  const people = [...(await regionHolders(db, 'townshipStaff', c.townshipCode)), ...(await regionHolders(db, 'countyAdmin', c.countyCode))];
  const { told, unreached } = await deliverUrgent(
    db,
    [people],
    (personId) =>
      notify(ctx, {
        to: { personId },
        kind: 'schools.dropoutEscalated',
        title: '辍学劝返无效，请依法采取措施',
        body: `一名义务教育阶段儿童${why}，请乡镇和县教育部门督促监护人并依法采取措施`,
        ref: { kind: 'dropoutCase', id: c._id },
        dedupeKey: `dropoutEscalated:${c._id}:${personId}`,
      }),
    { kind: 'dropoutEscalation', refId: c._id, regionCode: c.villageCode, summary: `辍学个案：${why}`, now },
  );
  const escalation = { told: told.length, unreached };
  await db.collection(S.cases).doc(c._id).update({ escalation });
  return escalation;
}

export const closeCase = action(A.closeCase, {
  access: { roles: CASE_ROLES, target: caseTarget((i: { caseId: string }) => i.caseId), audit: 'write', breakGlass: false },
  example: async (w) => ({ caseId: await exampleCase(w), returnedOn: shanghaiDay(w.now), schoolId: w.side.schoolId, stage: 'primary' }),
  /**
   * 复学: records the return (day, school, stage), sets the child file's schooling and school
   * through the registry (so the county summary counts the child in school), then closes the case.
   * @throws CONFLICT on a closed case; NOT_FOUND for an unknown school; FORBIDDEN for a school of
   *   another county; VALIDATION_FAILED (复学日期) before the case opened; REGISTRY_UNAVAILABLE
   *   when the child file could not be updated (the case stays open)
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const c = ctx.grant!.target!.doc as DropoutCaseDoc;
    if (c.status !== 'open') throw new AppError('CONFLICT', '该个案已办结');
    if (input.returnedOn < c.openedOn) throw new AppError('VALIDATION_FAILED', '复学日期：不能早于个案登记日期', { issues: [{ path: 'returnedOn', label: '复学日期', message: `不能早于个案登记日期（${c.openedOn}）` }] });
    const school = await getDoc<SchoolDoc>(db, S.schools, input.schoolId);
    if (!school) throw new AppError('NOT_FOUND', '没有找到这所学校');
    if (school.countyCode !== c.countyCode) throw new AppError('FORBIDDEN', '只能选择本县的学校');
    await setOnRegistry(ctx, { childId: c.childId, schooling: input.stage, schoolId: school._id, reason: `复学：${input.returnedOn} 返回${school.name}就读` });
    const now = ctx.now();
    const role = ctx.grant!.role;
    const closedBy = { kind: 'person' as const, ...(ctx.actor?.personId ? { personId: ctx.actor.personId } : {}), role };
    const res = await db
      .collection(S.cases)
      .where({ _id: c._id, status: 'open' })
      .update({ status: 'closed', closedAt: now, returnedOn: input.returnedOn, returnSchoolId: school._id, returnStage: input.stage, closedBy, version: c.version + 1 });
    if (!(res as { updated?: number }).updated) throw new AppError('CONFLICT', '该个案已办结');
    return caseView(db, { ...c, status: 'closed', closedAt: now, returnedOn: input.returnedOn, returnSchoolId: school._id, returnStage: input.stage, closedBy, version: c.version + 1 }, role, ctx);
  },
});

export const runTimers = action(A.runTimers, {
  access: { internal: true },
  example: () => ({}),
  /**
   * Escalates every open case past its county's `schools.escalateAfterDays` (timers.ts finds
   * them), each once, as `recordAttempt` does after too many failed attempts.
   * @returns how many were escalated, and how many of those reached nobody (recorded unreached)
   */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const now = ctx.now();
    let escalated = 0;
    let unreached = 0;
    for (const c of await overdueCases(db, now)) {
      const days = (await getCountyConfig(db, c.countyCode)).schools.escalateAfterDays;
      const r = await escalate(ctx, c, now, `登记辍学超过${days}天仍未复学`);
      if (r) {
        escalated++;
        if (r.unreached) unreached++;
      }
    }
    return { escalated, unreached };
  },
});
