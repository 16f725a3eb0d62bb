/**
 * Child files: read (masked per role), officer edits with a reason (every change versioned:
 * who, when, old → new, why), leaving and re-joining the registry, a parent's own work place and
 * phone, the history, and search (always paged).
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import { audit, childTarget, lookupKeyFor, resolveActor, scopeFilter, type RoleName } from '../../_shared/access';
import { registryContract, type ChildDoc, type ChildHistoryDoc, type ChildListItem, type FieldChange, type HistoryOp } from '../../_shared/contracts/registry';
import { escapeRegExp, OFFICER_ROLES, R, READER_ROLES, regionReachable, today, type Db } from './common';
import { cloneDoc, diffChild, presentChange, presentChild, recompute, setPath } from './model';
import { assertIdConsistent } from './id-consistency';
import type { ActionContext } from '../../_shared/context';
import { dbOf } from '../../_shared/db';
import { emit } from '../../_shared/events';

const A = registryContract.actions;

/** Fields whose change can open or close a guardianship order (the guardianship function's business). */
const GUARDIANSHIP_PATHS = ['guardianshipType', 'hasEntrustedGuardian', 'entrusted', 'status', 'parentsBothAway', 'oneAwayOtherIncapable'];

/**
 * Applies `mutate` to a child file in one transaction with its history entry: reads the file,
 * mutates a copy, recomputes derived fields, stores the new version and `childHistory`
 * `{ who, when, op, reason, changes: [{ path, before, after }] }`. No change → nothing written.
 * @param expectVersion when given, CONFLICT if the stored version differs (someone else edited)
 * @returns the new file and the changes
 * @throws AppError NOT_FOUND, CONFLICT
 */
export async function changeChild(
  db: Db,
  childId: string,
  mutate: (draft: ChildDoc) => void,
  meta: { op: HistoryOp; reason: string; by: ChildHistoryDoc['by']; now: Date; historyId?: string; expectVersion?: number },
): Promise<{ child: ChildDoc; changes: FieldChange[] }> {
  const _ = db.command;
  return db.runTransaction(async (tx: any) => {
    const got = await tx.collection(R.children).doc(childId).get();
    const before = got.data as ChildDoc | null;
    if (!before || (before as { erased?: unknown }).erased) throw new AppError('NOT_FOUND');
    if (meta.expectVersion !== undefined && (before.version ?? 0) !== meta.expectVersion) {
      throw new AppError('CONFLICT', '档案已被他人修改，请刷新后重试');
    }
    const after = cloneDoc(before);
    mutate(after);
    recompute(after);
    const changes = diffChild(before, after);
    if (!changes.length) return { child: before, changes };
    after.version = (before.version ?? 0) + 1;
    after.updatedAt = meta.now;
    const data: Record<string, unknown> = {};
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (k === '_id') continue;
      const a = (before as unknown as Record<string, unknown>)[k];
      const b = (after as unknown as Record<string, unknown>)[k];
      if (JSON.stringify(a) === JSON.stringify(b)) continue;
      data[k] = b === undefined ? _.remove() : b !== null && typeof b === 'object' && !(b instanceof Date) ? _.set(b) : b;
    }
    await tx.collection(R.children).doc(childId).update(data);
    const entry: ChildHistoryDoc = {
      _id: meta.historyId ?? `h_${randomBytes(12).toString('hex')}`,
      childId,
      villageCode: after.villageCode,
      at: meta.now,
      op: meta.op,
      by: meta.by,
      reason: meta.reason,
      changes,
    };
    await tx.collection(R.childHistory).add(entry);
    return { child: after, changes };
  });
}

function byOf(ctx: ActionContext, kind: ChildHistoryDoc['by']['kind']): ChildHistoryDoc['by'] {
  return { ...(ctx.actor?.personId ? { personId: ctx.actor.personId } : {}), role: ctx.grant?.role ?? 'system', kind };
}

export const getChild = action(A.getChild, {
  access: { roles: READER_ROLES, target: childTarget((i: { childId: string }) => i.childId), audit: 'read' },
  example: (w) => ({ childId: w.side.childId }),
  handler: async (_input, ctx) => {
    const doc = ctx.grant!.target!.doc as ChildDoc;
    if ((doc as { erased?: unknown }).erased) throw new AppError('NOT_FOUND', '该档案已按申请删除');
    const role = ctx.grant!.role;
    const db = dbOf(ctx);
    let siblings: { id: string; name?: string }[] = [];
    if (doc.householdId) {
      const res = await db.collection(R.children).where({ householdId: doc.householdId }).field({ _id: true, name: true }).limit(20).get();
      siblings = ((res.data ?? []) as ChildDoc[])
        .filter((s) => s._id !== doc._id)
        .map((s) => ({ id: s._id, name: (presentChild({ ...s, _id: s._id } as ChildDoc, role, today(ctx)).name as string | undefined) }));
    }
    return { child: presentChild(doc, role, today(ctx)), siblings };
  },
});

export const updateChild = action(A.updateChild, {
  access: { roles: OFFICER_ROLES, target: childTarget((i: { childId: string }) => i.childId), audit: 'write', breakGlass: false },
  example: (w) => ({ childId: w.side.childId, changes: { remarks: `走访核实 ${w.unique()}` }, reason: '入户走访核实' }),
  handler: async (input, ctx) => {
    if (input.leave && input.reactivate) throw new AppError('VALIDATION_FAILED', '在册状态：不能同时退出和恢复在册', { issues: [{ path: 'leave', label: '在册状态', code: 'INVALID', message: '不能同时退出和恢复在册' }] });
    assertIdConsistent(ctx.grant!.target!.doc as ChildDoc, input.changes);
    const now = ctx.now();
    const day = today(ctx);
    let op: HistoryOp = 'update';
    if (input.leave) op = 'leave';
    if (input.reactivate) op = 'reactivate';
    const { child, changes } = await changeChild(
      dbOf(ctx),
      input.childId,
      (d) => {
        for (const [path, value] of Object.entries(input.changes)) setPath(d, path, value);
        if (input.riskOverride === null) {
          if (d.risk) delete d.risk.override;
        } else if (input.riskOverride) {
          d.risk = { ...(d.risk ?? { level: 'regular', reason: '', derivedLevel: 'regular', derivedReason: '' }), override: { ...input.riskOverride, by: ctx.actor?.personId, at: now } };
        }
        if (input.leave) {
          d.status = 'left';
          d.leftReason = input.leave.reason;
          d.leftOn = input.leave.on ?? day;
        }
        if (input.reactivate) {
          d.status = 'active';
          delete d.leftReason;
          delete d.leftOn;
        }
      },
      { op, reason: input.reason, by: byOf(ctx, 'officer'), now, expectVersion: input.expectVersion },
    );
    // Policy §二(一): no guardian / parent at home incapable → an order opens at once (the
    // scheduler's sweep is the backstop); an appointed guardian or a departure may close it.
    // The guardianship function decides, told by an event after the transaction.
    if (changes.some((c) => GUARDIANSHIP_PATHS.some((p) => c.path === p || c.path.startsWith(`${p}.`)))) {
      await emit(ctx, 'childGuardianshipChanged', { childId: child._id });
    }
    // Policy §二(三) 控辍保学: a child of school age marked dropped out / not in school opens a
    // dropout case (and back in school closes it); the schools function decides.
    if (changes.some((c) => c.path === 'schooling' || c.path === 'status' || c.path === 'birthDate')) {
      await emit(ctx, 'childSchoolingChanged', { childId: child._id });
    }
    ctx.auditExtra = { reason: input.reason, fields: changes.map((c) => c.path) };
    const role = ctx.grant!.role;
    return { child: presentChild(child, role, day), changes: changes.map((c) => presentChange(c, role)) };
  },
});

export const updateMyContact = action(A.updateMyContact, {
  access: { roles: ['parent'], target: childTarget((i: { childId: string }) => i.childId), audit: 'write', breakGlass: false },
  example: (w) => ({ childId: w.side.childId, parent: 'father', workPlace: '浙江省宁波市' }),
  handler: async (input, ctx) => {
    const doc = ctx.grant!.target!.doc as ChildDoc;
    const actor = await resolveActor(ctx);
    const db = dbOf(ctx);
    // The caller must be that parent: the name on the file must be the caller's person name.
    const person = actor.personId ? ((await db.collection('persons').doc(actor.personId).get()).data as { name?: string }[])[0] : undefined;
    const recorded = doc[input.parent]?.name;
    if (recorded && person?.name && recorded !== person.name) {
      throw new AppError('PARENT_MISMATCH', '档案中登记的父/母姓名与您的身份不一致，请联系村专干核实');
    }
    const { child, changes } = await changeChild(
      db,
      input.childId,
      (d) => {
        if (input.workPlace !== undefined) setPath(d, `${input.parent}.workPlace`, input.workPlace);
        if (input.phone !== undefined) setPath(d, `${input.parent}.phone`, input.phone);
      },
      { op: 'update', reason: '家长更新本人务工地点和联系电话', by: byOf(ctx, 'parent'), now: ctx.now() },
    );
    ctx.auditExtra = { fields: changes.map((c) => c.path) };
    return { child: presentChild(child, ctx.grant!.role, today(ctx)), changes: changes.map((c) => presentChange(c, ctx.grant!.role)) };
  },
});

export const childHistory = action(A.childHistory, {
  access: { roles: ['parent', 'entrustedGuardian', 'villageOfficer', 'townshipStaff', 'countyAdmin'], target: childTarget((i: { childId: string }) => i.childId), audit: 'read' },
  example: (w) => ({ childId: w.side.childId }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const res = await db.collection(R.childHistory).where({ childId: input.childId }).orderBy('at', 'desc').skip(input.skip).limit(input.limit).get();
    const role = ctx.grant!.role;
    const rows = (res.data ?? []) as ChildHistoryDoc[];
    return {
      entries: rows.map((h) => ({
        id: h._id,
        at: h.at,
        op: h.op,
        role: h.by.role,
        kind: h.by.kind,
        reason: h.reason,
        changes: (h.changes ?? []).map((c) => presentChange(c, role)),
      })),
      hasMore: rows.length === input.limit,
    };
  },
});

/** Roles that may search child files (each within its own scope). */
export const SEARCH_ROLES = ['villageOfficer', 'townshipStaff', 'police', 'teacher', 'lifeTeacher', 'schoolStaff', 'countyAdmin'] as const satisfies readonly RoleName[];

/**
 * The `where` condition of a children query in the caller's scope, or null (nothing visible).
 * @param filter region (prefix), name (contains), ID number (keyed hash), flags, risk, status
 */
export function childQuery(
  db: Db,
  actor: Parameters<typeof scopeFilter>[1],
  roles: readonly RoleName[],
  filter: { regionCode?: string; name?: string; idNumber?: string; flags?: string[]; riskLevel?: string; incomplete?: boolean; status?: 'active' | 'left' | 'all'; today: string },
): any | null {
  const _ = db.command;
  const scope = scopeFilter(db, actor, roles);
  if (!scope) return null;
  const conds: unknown[] = [scope, { erased: _.exists(false) }];
  if (filter.regionCode) {
    if (filter.regionCode.length === 12) conds.push({ villageCode: filter.regionCode });
    else if (filter.regionCode.length === 9) conds.push({ townshipCode: filter.regionCode });
    else conds.push({ villageCode: db.RegExp({ regexp: `^${filter.regionCode}`, options: '' }) });
  }
  if (filter.name) conds.push({ name: db.RegExp({ regexp: escapeRegExp(filter.name.trim()), options: '' }) });
  if (filter.idNumber) conds.push({ 'idNumber.h': lookupKeyFor('child.idNumber', filter.idNumber) });
  for (const f of filter.flags ?? []) conds.push({ effectiveFlags: f });
  if (filter.riskLevel) conds.push({ 'risk.level': filter.riskLevel });
  if (filter.incomplete !== undefined) conds.push({ incomplete: filter.incomplete });
  const status = filter.status ?? 'active';
  if (status === 'active') conds.push({ status: _.neq('left') }, _.or([{ ageOutOn: _.gt(filter.today) }, { ageOutOn: _.exists(false) }]));
  if (status === 'left') conds.push(_.or([{ status: 'left' }, { ageOutOn: _.lte(filter.today) }]));
  return _.and(conds as never[]);
}

export const searchChildren = action(A.searchChildren, {
  access: { roles: SEARCH_ROLES, dataScope: 'handler' },
  example: (w) => ({ regionCode: w.side.villageCode }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    if (input.regionCode && !regionReachable(actor, SEARCH_ROLES, input.regionCode)) throw new AppError('FORBIDDEN');
    const day = today(ctx);
    const where = childQuery(db, actor, SEARCH_ROLES, { ...input, today: day });
    let rows: ChildDoc[] = [];
    if (where) {
      const res = await db.collection(R.children).where(where).orderBy('villageCode', 'asc').orderBy('name', 'asc').skip(input.skip).limit(input.limit).get();
      rows = (res.data ?? []) as ChildDoc[];
    }
    await audit(ctx, { op: 'search', count: rows.length, regionCode: input.regionCode });
    const role = ctx.grant!.role;
    return {
      children: rows.map((c) => listItem(c, role, day)),
      hasMore: rows.length === input.limit,
    };
  },
});

/** The short form of a file in lists (masked per role). */
export function listItem(c: ChildDoc, role: RoleName, day: string): ChildListItem {
  const p = presentChild(c, role, day);
  return {
    id: c._id,
    name: p.name,
    gender: c.gender,
    age: p.age,
    villageCode: c.villageCode,
    townshipCode: c.townshipCode,
    group: c.group,
    riskLevel: c.risk?.level,
    flags: c.effectiveFlags ?? [],
    incomplete: !!c.incomplete,
    status: p.effectiveStatus,
  };
}
