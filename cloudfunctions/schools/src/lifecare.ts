/**
 * Life teachers' care (生活老师; docs/schools.md "Life teachers"). Policy §二(三): "寄宿制学校要
 * 配备1至2名生活老师 … 通过家校联系、心理抚慰、生活关心、学习辅导、结对帮扶、定期家访、亲情电话等
 * 方式，加强对农村留守儿童的关爱".
 *
 * A life teacher or teacher bound to a school (invited by the school's staff or the county) sees
 * the school's registered children — boarders first, the longest without care first — and logs
 * care with one tap on a kind; a parent's number is handed out only to dial it (audited as a
 * reveal); parents read the school's notes on 亲情连线. A teacher of school A reaches nothing of
 * school B: the list reads the caller's own school binding, every child action checks the child's
 * `schoolId` against it (childTarget).
 */
import { randomBytes } from 'node:crypto';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, childTarget, presentPlain, seal, unseal, type RoleName } from '../../_shared/access';
import { dbOf, fetchAll, getDoc, type Db } from '../../_shared/db';
import { getCountyConfig, updateCountyConfig } from '../../_shared/county-config';
import { shanghaiDay } from '../../_shared/time';
import type { ActionContext } from '../../_shared/context';
import { schoolsContract, type SchoolDoc } from '../../_shared/contracts/schools';
import {
  CALL_PARENTS,
  CALL_PARENT_LABELS,
  LIFE_CARE_LIMITS,
  type CallableParent,
  type CareLedgerDoc,
  type CareLogDoc,
  type ChildCareView,
  type LifeCareChild,
  type LifeCareListView,
  type ParentCareNotes,
} from '../../_shared/contracts/schools-lifecare';
import { S, ageOnDayOf, callerCounty, childNameAs, personName, placeCodes, placeOf, regionNames, schoolIdsOf } from './common';
import { L, isCareDue, schoolChildren, type CareChild } from './lifecare-common';
import { daysBetween } from '../../_shared/calendar';
import { isActiveChild } from '../../_shared/child-status';

const A = schoolsContract.actions;

/** Who sees a school's care list and a child's care record (the school's own people). */
export const CARE_VIEW_ROLES: readonly RoleName[] = ['lifeTeacher', 'teacher', 'schoolStaff'];
/** Who logs care and dials a parent: life teachers, and teachers (班主任 keep 家校联系 too). */
export const CARE_LOG_ROLES: readonly RoleName[] = ['lifeTeacher', 'teacher'];
/** Who reads the school's care notes of their own child (亲情连线). */
const FAMILY_ROLES: readonly RoleName[] = ['parent', 'entrustedGuardian'];

/** The parents of a child the page may offer to call: those with a phone on the file. */
function callableParents(child: CareChild, role: RoleName): CallableParent[] {
  return CALL_PARENTS.filter((p) => !!child[p]?.phone).map((p) => {
    const name = presentPlain('guardian.name', child[p]?.name, role);
    return { parent: p, label: CALL_PARENT_LABELS[p], ...(name ? { name } : {}) };
  });
}

function careChild(child: CareChild, entry: CareLedgerDoc | undefined, today: string, noCareDays: number, role: RoleName, names: Map<string, string>): LifeCareChild {
  const age = ageOnDayOf(child.birthDate, today);
  return {
    childId: child._id,
    name: childNameAs(child.name, role),
    boarding: !!child.boarding,
    ...(age !== undefined ? { age } : {}),
    place: placeOf(child.villageCode, names),
    ...(entry ? { lastCareOn: entry.lastOn, lastKind: entry.lastKind, daysSince: Math.max(0, daysBetween(entry.lastOn, today)) } : {}),
    due: isCareDue(entry?.lastOn, today, noCareDays),
    parents: callableParents(child, role),
  };
}

/** True when the caller holds a logging role (life teacher, teacher) at `schoolId`. */
function canLogAt(ctx: ActionContext, schoolId: string | undefined): boolean {
  return !!schoolId && schoolIdsOf(ctx.actor?.bindings ?? [], CARE_LOG_ROLES).includes(schoolId);
}

async function childCareView(ctx: ActionContext, child: CareChild): Promise<ChildCareView> {
  const db = dbOf(ctx);
  const role = ctx.grant!.role;
  const today = shanghaiDay(ctx.now());
  const schoolId = child.schoolId ?? '';
  const [school, entry, logs, config, names] = await Promise.all([
    schoolId ? getDoc<SchoolDoc>(db, S.schools, schoolId) : Promise.resolve(undefined),
    getDoc<CareLedgerDoc>(db, L.ledger, child._id),
    fetchAll<CareLogDoc>(db.collection(L.logs).where({ childId: child._id }).orderBy('at', 'desc').limit(LIFE_CARE_LIMITS.childLogs), LIFE_CARE_LIMITS.childLogs),
    getCountyConfig(db, child.countyCode ?? child.villageCode.slice(0, 6)),
    regionNames(db, placeCodes([child.villageCode])),
  ]);
  return {
    ...careChild(child, entry, today, config.lifeCare.noCareDays, role, names),
    schoolName: school?.name ?? '',
    logs: logs.map((l) => ({ id: l._id, kind: l.kind, on: l.on, byName: l.by.name, ...(l.parent ? { parent: l.parent } : {}), ...(l.note ? { note: l.note } : {}) })),
    noCareDays: config.lifeCare.noCareDays,
    canLog: canLogAt(ctx, child.schoolId),
  };
}

/** A child of the caller's school (matrix examples): the side's child, with a father's phone on file. */
function exampleChildId(w: { side: { childId: string } }): string {
  return w.side.childId;
}

export const listLifeCare = action(A.listLifeCare, {
  access: { roles: CARE_VIEW_ROLES, dataScope: 'handler' },
  example: (w) => ({ schoolId: w.side.schoolId }),
  /**
   * The registered children of the caller's school (`schoolId`, default the caller's first school
   * binding): boarders first, then the longest without care (never cared for first), then by
   * name; each with its last care day and kind, days since, `due` (none within the county's
   * `lifeCare.noCareDays`, default 14 calendar days, Asia/Shanghai) and the parents who have a
   * phone on file (to offer 亲情电话). Audited as a search.
   * @throws FORBIDDEN for a school the caller holds no binding at; NOT_FOUND for a school not in the registry
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const own = schoolIdsOf(ctx.actor!.bindings, CARE_VIEW_ROLES);
    const schoolId = input.schoolId ?? own[0];
    if (!schoolId || !own.includes(schoolId)) throw new AppError('FORBIDDEN');
    const school = await getDoc<SchoolDoc>(db, S.schools, schoolId);
    if (!school) throw new AppError('NOT_FOUND', '学校名录中没有这所学校，请联系县民政局核实');
    const today = shanghaiDay(ctx.now());
    const [{ children, ledger }, config] = await Promise.all([schoolChildren(db, schoolId, today), getCountyConfig(db, school.countyCode)]);
    const names = await regionNames(db, placeCodes(children.map((c) => c.villageCode)));
    const role = ctx.grant!.role;
    const noCareDays = config.lifeCare.noCareDays;
    const rows = children.map((c) => careChild(c, ledger.get(c._id), today, noCareDays, role, names));
    const since = (r: LifeCareChild) => (r.daysSince === undefined ? Number.MAX_SAFE_INTEGER : r.daysSince);
    rows.sort((a, b) => Number(b.boarding) - Number(a.boarding) || since(b) - since(a) || a.name.localeCompare(b.name, 'zh'));
    await audit(ctx, { op: 'search', count: rows.length, refs: { schoolId } });
    const view: LifeCareListView = {
      schoolId,
      schoolName: school.name,
      children: rows,
      noCareDays,
      dueCount: rows.filter((r) => r.due).length,
      canLog: canLogAt(ctx, schoolId),
    };
    return view;
  },
});

export const getChildCare = action(A.getChildCare, {
  access: { roles: CARE_VIEW_ROLES, target: childTarget((i: { childId: string }) => i.childId), audit: 'read', breakGlass: false },
  example: (w) => ({ childId: exampleChildId(w) }),
  /** One child's school care: the list row plus the latest 50 care records, newest first. */
  handler: async (_input, ctx) => childCareView(ctx, ctx.grant!.target!.doc as CareChild),
});

export const logCare = action(A.logCare, {
  access: { roles: CARE_LOG_ROLES, target: childTarget((i: { childId: string }) => i.childId), audit: 'write', breakGlass: false },
  example: (w) => ({ childId: exampleChildId(w), kind: 'comfort', note: '想妈妈了，陪她聊了一会儿' }),
  /**
   * Records one act of care today (Asia/Shanghai) by the caller: the kind, for 亲情电话 the parent
   * called, an optional note. The child's last care day moves to today.
   * @throws CONFLICT for a child no longer registered or not linked to a school;
   *   VALIDATION_FAILED (通话对象) for a parent named on another kind
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const child = ctx.grant!.target!.doc as CareChild;
    const now = ctx.now();
    const today = shanghaiDay(now);
    if (!isActiveChild(child, today)) throw new AppError('CONFLICT', '该儿童已不在册，不能再记录关爱');
    if (!child.schoolId) throw new AppError('CONFLICT', '该儿童还没有关联到学校');
    if (input.parent && input.kind !== 'familyCall') {
      throw new AppError('VALIDATION_FAILED', '通话对象：只有亲情电话需要选择', { issues: [{ path: 'parent', label: '通话对象', message: '只有亲情电话需要选择' }] });
    }
    const log: CareLogDoc = {
      _id: `lc-${today}-${randomBytes(6).toString('hex')}`,
      childId: child._id,
      schoolId: child.schoolId,
      countyCode: child.countyCode ?? child.villageCode.slice(0, 6),
      townshipCode: child.townshipCode ?? child.villageCode.slice(0, 9),
      villageCode: child.villageCode,
      kind: input.kind,
      on: today,
      at: now,
      by: { ...(ctx.actor?.personId ? { personId: ctx.actor.personId } : {}), name: await personName(db, ctx.actor?.personId), role: ctx.grant!.role },
      ...(input.parent ? { parent: input.parent } : {}),
      ...(input.note ? { note: input.note } : {}),
    };
    await db.collection(L.logs).add(log);
    const entry: Omit<CareLedgerDoc, '_id'> = { schoolId: child.schoolId, lastOn: today, lastKind: input.kind, updatedAt: now };
    await db.collection(L.ledger).doc(child._id).set(entry);
    return childCareView(ctx, child);
  },
});

export const dialParent = action(A.dialParent, {
  access: { roles: CARE_LOG_ROLES, target: childTarget((i: { childId: string }) => i.childId), audit: false, breakGlass: false },
  example: async (w) => ({
    childId: await w.insert(S.children, {
      _id: `w-lc-child-${w.unique()}`,
      name: '林小雨',
      countyCode: w.side.countyCode,
      townshipCode: w.side.townshipCode,
      villageCode: w.side.villageCode,
      schoolId: w.side.schoolId,
      boarding: true,
      father: { name: '林大山', phone: seal('guardian.phone', '13900001234') },
      status: 'active',
      version: 1,
    }),
    parent: 'father',
  }),
  /**
   * 亲情电话: the parent's number in full, for the page to hand to the dialer at once (the pages
   * never show or keep it). The reveal is audited (`reveal`, field `<parent>.phone`, reason 亲情电话);
   * the call itself is logged by `logCare` once WeChat has handed it over.
   * @throws NOT_FOUND when the file has no phone for that parent
   */
  handler: async (input, ctx) => {
    const child = ctx.grant!.target!.doc as CareChild;
    const sealed = child[input.parent]?.phone;
    const label = CALL_PARENT_LABELS[input.parent];
    if (!sealed) throw new AppError('NOT_FOUND', `档案中没有登记${label}的电话，请联系村专干补充`);
    await audit(ctx, { op: 'reveal', target: { kind: 'child', id: child._id }, regionCode: child.villageCode, fields: [`${input.parent}.phone`], reason: '亲情电话' });
    return { phone: unseal(sealed), label };
  },
});

export const parentCareNotes = action(A.parentCareNotes, {
  access: { roles: FAMILY_ROLES, target: childTarget((i: { childId: string }) => i.childId), audit: 'read', breakGlass: false },
  example: (w) => ({ childId: exampleChildId(w) }),
  /** The school's latest 20 care notes of the caller's child (kind, day, who, note), newest first, and the school's name. */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const child = ctx.grant!.target!.doc as CareChild;
    const [logs, school] = await Promise.all([
      fetchAll<CareLogDoc>(db.collection(L.logs).where({ childId: child._id }).orderBy('at', 'desc').limit(LIFE_CARE_LIMITS.parentNotes), LIFE_CARE_LIMITS.parentNotes),
      child.schoolId ? getDoc<SchoolDoc>(db, S.schools, child.schoolId) : Promise.resolve(undefined),
    ]);
    const view: ParentCareNotes = {
      ...(school ? { schoolName: school.name } : {}),
      notes: logs.map((l) => ({ on: l.on, kind: l.kind, byName: l.by.name, ...(l.note ? { note: l.note } : {}) })),
    };
    return view;
  },
});

export const updateLifeCareSettings = action(A.updateLifeCareSettings, {
  access: { roles: ['countyAdmin'] },
  example: () => ({ noCareDays: 14 }),
  /**
   * The county's "no school care for N calendar days" (1–90, default 14): the list marks such
   * children and life teachers are told daily. Without `noCareDays` it only answers the current value.
   */
  handler: async (input, ctx) => {
    const county = callerCounty(ctx, ['countyAdmin']);
    const db = dbOf(ctx);
    if (input.noCareDays === undefined) return { noCareDays: (await getCountyConfig(db, county)).lifeCare.noCareDays };
    await updateCountyConfig(db, county, { 'lifeCare.noCareDays': input.noCareDays }, { ...(ctx.actor?.personId ? { by: ctx.actor.personId } : {}), at: ctx.now() });
    return { noCareDays: input.noCareDays };
  },
});

export type { Db };
