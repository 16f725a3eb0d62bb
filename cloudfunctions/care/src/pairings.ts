/**
 * 1+1+1 care pairings (policy §二(二): "1个重点对象落实1个村（社区）干部、1个网格长或志愿者和1个远亲近邻")
 * and care activities by the policy's four kinds (§二(四): 生活上帮一帮，学习上补一补，心理上聊一聊，
 * 情感上连一连).
 *
 * A pairing is one document per child (`carePairings`, `_id` = child id) with three places:
 * cadre, helper (grid worker or volunteer) and neighbour, each filled by a person holding an active
 * `pairingMember` binding of the matching kind. Filling a place grants the member relationship
 * access by adding the child to that binding's `children` scope (docs/access.md "Granting
 * relationship access"); emptying it takes the child out again. Coverage = focus children (of the
 * region, by their current file) with all three places filled.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, childTarget, regionContains, regionLevel, stableId, type Binding } from '../../_shared/access';
import { CARE_KINDS, careContract, PAIRING_SLOTS, SLOT_KINDS, type CoverageRow, type PairingActivityDoc, type PairingDoc, type PairingMemberRef, type PairingMembersView, type PairingSlot } from '../../_shared/contracts/care';
import type { ChildDoc } from '../../_shared/contracts/registry';
import { shanghaiDay } from '../../_shared/time';
import { CC, COVERAGE_ROLES, PAIRING_MANAGERS, PAIRING_READERS, childNameFor, chunks, insertOnce, isActiveChild, personNames, regionCodesOf, regionNames, today, who, type Db } from './common';
import { riskLevelOf } from '../../_shared/visit-plan';
import { plansOf } from './visits';
import { dbOf, fetchAll } from '../../_shared/db';

const C = careContract.actions;

/** True when every place of the triad is filled. */
export function isComplete(members: PairingDoc['members']): boolean {
  return PAIRING_SLOTS.every((s) => !!members[s]);
}

async function loadPairing(db: Db, childId: string): Promise<PairingDoc | undefined> {
  const res = await db.collection(CC.carePairings).doc(childId).get();
  const data = (res as { data?: unknown }).data;
  return (Array.isArray(data) ? data[0] : data) as PairingDoc | undefined;
}

/** The pairing-member binding of `personId` that may fill `slot`, if any. */
async function memberBinding(db: Db, personId: string, slot: PairingSlot): Promise<Binding | undefined> {
  const _ = db.command;
  const res = await db
    .collection(CC.roleBindings)
    .where({ personId, role: 'pairingMember', status: 'active', pairingKind: _.in([...SLOT_KINDS[slot]]) })
    .limit(1)
    .get();
  return ((res.data ?? []) as Binding[])[0];
}

/** Writes the pairing's members and completeness. */
async function savePairing(db: Db, childId: string, members: PairingDoc['members'], now: Date): Promise<PairingDoc> {
  const doc: PairingDoc = { _id: childId, childId, members, complete: isComplete(members), updatedAt: now };
  const created = await insertOnce(db, CC.carePairings, doc);
  if (!created) await db.collection(CC.carePairings).doc(childId).set({ childId, members, complete: doc.complete, updatedAt: now });
  return doc;
}

/** Pairing members' names and places, for responses. */
async function presentPairing(db: Db, childId: string, p: PairingDoc | undefined): Promise<PairingMembersView> {
  const members = p?.members ?? {};
  const names = await personNames(
    db,
    Object.values(members).map((m) => m!.personId),
  );
  return {
    childId,
    complete: isComplete(members),
    members: PAIRING_SLOTS.map((slot) => {
      const m = members[slot];
      return { slot, filled: !!m, personId: m?.personId ?? null, name: m ? (names[m.personId] ?? '') : '', kind: m?.kind ?? null, since: m?.since ?? null };
    }),
  };
}

export const pairingCandidates = action(C.pairingCandidates, {
  access: { roles: PAIRING_MANAGERS, target: childTarget((i: { childId: string }) => i.childId), audit: 'read' },
  example: (w) => ({ childId: w.side.childId }),
  /** Active pairing-member bindings sitting in the child's township, with the place each may fill. @returns `{ candidates }` */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const child = ctx.grant!.target!.doc as ChildDoc;
    const township = child.villageCode.slice(0, 9);
    const rows = await fetchAll<Binding>(
      db.collection(CC.roleBindings).where({ role: 'pairingMember', status: 'active', scopeRegion: db.RegExp({ regexp: `^${township}`, options: '' }) }),
      2000,
    );
    const names = await personNames(
      db,
      rows.map((b) => b.personId),
    );
    const slotOf = (kind?: string) => PAIRING_SLOTS.find((s) => kind && SLOT_KINDS[s].includes(kind));
    return {
      candidates: rows
        .filter((b) => slotOf(b.pairingKind))
        .map((b) => ({ personId: b.personId, name: names[b.personId] ?? '', kind: b.pairingKind, slot: slotOf(b.pairingKind), villageCode: b.scopeRegion ?? null })),
    };
  },
});

export const setPairingMember = action(C.setPairingMember, {
  access: { roles: PAIRING_MANAGERS, target: childTarget((i: { childId: string }) => i.childId), audit: 'write' },
  example: async (w) => {
    const personId = await w.insert(CC.persons, { name: '何志明', regionCode: w.side.villageCode });
    await w.insert(CC.roleBindings, {
      personId,
      role: 'pairingMember',
      pairingKind: 'neighbour',
      scope: { kind: 'children', childIds: [w.side.childId] },
      scopeRegion: w.side.villageCode,
      childRegions: [w.side.villageCode],
      status: 'active',
    });
    return { childId: w.side.childId, slot: 'neighbour', personId };
  },
  /**
   * Puts a pairing member in a place of the child's triad (cadre → kind cadre; helper → grid
   * worker or volunteer; neighbour → neighbour) and grants them access to the child through their
   * binding. Whoever held the place before loses access to this child.
   * @returns the pairing
   * @throws PAIRING_MEMBER_NOT_FOUND when the person holds no active pairing-member binding of a fitting kind
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const child = ctx.grant!.target!.doc as ChildDoc;
    const slot = input.slot as PairingSlot;
    const binding = await memberBinding(db, input.personId, slot);
    if (!binding) throw new AppError('PAIRING_MEMBER_NOT_FOUND', '该人员不是相应类型的结对帮扶人，请先邀请其绑定为结对帮扶人');
    const now = ctx.now();
    await db
      .collection(CC.roleBindings)
      .doc(binding._id)
      .update({ 'scope.childIds': _.addToSet(child._id), childRegions: _.addToSet(child.villageCode) });
    const current = await loadPairing(db, child._id);
    const members: PairingDoc['members'] = { ...(current?.members ?? {}) };
    const previous = members[slot];
    const ref: PairingMemberRef = { personId: input.personId, bindingId: binding._id, kind: binding.pairingKind!, since: previous?.bindingId === binding._id ? previous.since : now };
    members[slot] = ref;
    const saved = await savePairing(db, child._id, members, now);
    if (previous && previous.bindingId !== binding._id) await db.collection(CC.roleBindings).doc(previous.bindingId).update({ 'scope.childIds': _.pull(child._id) });
    ctx.auditExtra = { refs: { personId: input.personId, slot } };
    return presentPairing(db, child._id, saved);
  },
});

export const removePairingMember = action(C.removePairingMember, {
  access: { roles: PAIRING_MANAGERS, target: childTarget((i: { childId: string }) => i.childId), audit: 'write' },
  example: (w) => ({ childId: w.side.childId, slot: 'neighbour' }),
  /** Empties the place; its member loses access to this child. Emptying an empty place changes nothing. @returns the pairing */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const child = ctx.grant!.target!.doc as ChildDoc;
    const current = await loadPairing(db, child._id);
    const members: PairingDoc['members'] = { ...(current?.members ?? {}) };
    const previous = members[input.slot as PairingSlot];
    if (!previous) return presentPairing(db, child._id, current);
    delete members[input.slot as PairingSlot];
    const saved = await savePairing(db, child._id, members, ctx.now());
    await db.collection(CC.roleBindings).doc(previous.bindingId).update({ 'scope.childIds': _.pull(child._id) });
    return presentPairing(db, child._id, saved);
  },
});

export const getPairing = action(C.getPairing, {
  access: { roles: PAIRING_READERS, target: childTarget((i: { childId: string }) => i.childId), audit: 'read' },
  example: (w) => ({ childId: w.side.childId }),
  /**
   * The triad (who fills each place) and the latest 30 care activities with counts by the four
   * kinds of care.
   * @returns `{ childId, riskLevel, complete, members, activities, counts }`
   */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const child = ctx.grant!.target!.doc as ChildDoc;
    const pairing = await presentPairing(db, child._id, await loadPairing(db, child._id));
    const acts = await fetchAll<PairingActivityDoc>(db.collection(CC.pairingActivities).where({ childId: child._id }), 5000);
    acts.sort((a, b) => (a.date === b.date ? new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime() : a.date < b.date ? 1 : -1));
    const names = await personNames(
      db,
      acts.slice(0, 30).map((a) => a.personId),
    );
    const counts = Object.fromEntries(CARE_KINDS.map((k) => [k, acts.filter((a) => a.kind === k).length]));
    return {
      ...pairing,
      childName: childNameFor(child.name, ctx.grant!.role),
      riskLevel: riskLevelOf(child),
      activities: acts.slice(0, 30).map((a) => ({ activityId: a._id, kind: a.kind, date: a.date, note: a.note, by: { personId: a.personId, name: names[a.personId] ?? '' } })),
      counts,
    };
  },
});

export const logCareActivity = action(C.logCareActivity, {
  access: { roles: ['pairingMember', 'villageOfficer'], target: childTarget((i: { childId: string }) => i.childId), audit: 'write' },
  example: (w) => ({ childId: w.side.childId, requestId: `care-${w.unique()}`, kind: 'study', date: shanghaiDay(w.now), note: '辅导数学作业一小时' }),
  /**
   * Logs care given to the child (an Asia/Shanghai day, not after today). Idempotent on
   * (member, `requestId`).
   * @returns `{ activityId, duplicate }`
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const me = who(ctx);
    const child = ctx.grant!.target!.doc as ChildDoc;
    const day = today(ctx);
    if (input.date > day) throw new AppError('VALIDATION_FAILED', '活动日期：不能晚于今天', { issues: [{ path: 'date', label: '活动日期', code: 'DATE_FUTURE', message: '不能晚于今天' }] });
    const id = stableId('care', me.personId, input.requestId);
    const doc: PairingActivityDoc = { _id: id, childId: child._id, personId: me.personId, kind: input.kind, date: input.date, note: input.note, createdAt: ctx.now() };
    const inserted = await insertOnce(db, CC.pairingActivities, doc);
    ctx.auditExtra = { refs: { activityId: id } };
    return { activityId: id, duplicate: !inserted };
  },
});

/**
 * Coverage rows of a region: the region itself first, then its next level down (townships of a
 * county, villages of a township), from the children's *current* files and their pairings.
 */
export function coverageRows(
  regionCode: string,
  focus: { childId: string; villageCode: string }[],
  completeIds: Set<string>,
  names: ReadonlyMap<string, string> = new Map(),
): { total: CoverageRow; rows: CoverageRow[] } {
  const row = (code: string, list: typeof focus): CoverageRow => {
    const complete = list.filter((c) => completeIds.has(c.childId)).length;
    return { regionCode: code, regionName: names.get(code) ?? code, level: regionLevel(code)!, focusChildren: list.length, complete, ratio: list.length ? complete / list.length : 1 };
  };
  const total = row(regionCode, focus);
  const len = regionCode.length === 6 ? 9 : 12;
  if (regionCode.length === 12) return { total, rows: [] };
  const groups = new Map<string, typeof focus>();
  for (const c of focus) {
    const k = c.villageCode.slice(0, len);
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  return { total, rows: [...groups.keys()].sort().map((k) => row(k, groups.get(k)!)) };
}

export const pairingCoverage = action(C.pairingCoverage, {
  access: { roles: COVERAGE_ROLES, dataScope: 'handler' },
  example: (w) => ({ regionCode: w.side.villageCode }),
  /**
   * Focus children (risk level `focus`, active on today's Asia/Shanghai day) of the region and how
   * many have a complete triad; by township or village; plus the incomplete ones (at most 200)
   * with the empty places. Default region: the caller's widest. Audited as statistics.
   * @throws FORBIDDEN when the region is outside the caller's scope
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const codes = regionCodesOf(ctx.actor!, COVERAGE_ROLES);
    const regionCode = input.regionCode ?? codes.sort((a, b) => a.length - b.length)[0];
    if (!regionCode || !codes.some((c) => regionContains(c, regionCode))) throw new AppError('FORBIDDEN');
    const day = today(ctx);
    const where = regionCode.length === 12 ? { villageCode: regionCode } : { villageCode: db.RegExp({ regexp: `^${regionCode}`, options: '' }) };
    const children = (
      await fetchAll<ChildDoc & { erased?: unknown }>(
        db.collection(CC.children).where({ ...where, 'risk.level': 'focus' }).field({ _id: true, name: true, villageCode: true, status: true, ageOutOn: true, erased: true, risk: true }),
        50_000,
      )
    ).filter((c) => isActiveChild(c, day));
    const pairings: PairingDoc[] = [];
    for (const part of chunks(
      children.map((c) => c._id),
      500,
    ))
      pairings.push(...(await fetchAll<PairingDoc>(db.collection(CC.carePairings).where({ _id: _.in(part) }), 1000)));
    const byChild = new Map(pairings.map((p) => [p._id, p]));
    const completeIds = new Set(pairings.filter((p) => isComplete(p.members)).map((p) => p._id));
    const open = children.filter((c) => !completeIds.has(c._id)).slice(0, 200);
    const level = regionCode.length === 6 ? 9 : 12;
    const names = await regionNames(db, [regionCode, ...children.map((c) => c.villageCode.slice(0, level)), ...open.map((c) => c.villageCode)]);
    const { total, rows } = coverageRows(
      regionCode,
      children.map((c) => ({ childId: c._id, villageCode: c.villageCode })),
      completeIds,
      names,
    );
    const role = ctx.grant!.role;
    const incomplete = open.map((c) => ({
      childId: c._id,
      childName: childNameFor(c.name, role),
      villageCode: c.villageCode,
      villageName: names.get(c.villageCode)!,
      missing: PAIRING_SLOTS.filter((s) => !byChild.get(c._id)?.members[s]),
    }));
    await audit(ctx, { op: 'stats', count: total.focusChildren, regionCode });
    return { regionCode, total, rows, incomplete };
  },
});

export const myPairings = action(C.myPairings, {
  access: { roles: ['pairingMember'] },
  example: () => ({}),
  /** Children whose triad includes the caller, with the place, the last care day and the visit plan. @returns `{ children }` */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const me = who(ctx);
    const pairings = await fetchAll<PairingDoc>(
      db.collection(CC.carePairings).where(_.or(PAIRING_SLOTS.map((s) => ({ [`members.${s}.personId`]: me.personId })))),
      1000,
    );
    if (!pairings.length) return { children: [] };
    const ids = pairings.map((p) => p._id);
    const children = await fetchAll<ChildDoc & { erased?: unknown }>(db.collection(CC.children).where({ _id: _.in(ids) }), 1000);
    const day = today(ctx);
    const active = children.filter((c) => isActiveChild(c, day));
    const plans = new Map((await plansOf(db, active, day)).map((p) => [p.childId, p]));
    const acts = await fetchAll<PairingActivityDoc>(db.collection(CC.pairingActivities).where({ childId: _.in(ids), personId: me.personId }).field({ childId: true, date: true }), 5000);
    const lastCare = new Map<string, string>();
    for (const a of acts) if ((lastCare.get(a.childId) ?? '') < a.date) lastCare.set(a.childId, a.date);
    return {
      children: active.map((c) => {
        const p = pairings.find((x) => x._id === c._id)!;
        return {
          childId: c._id,
          childName: childNameFor(c.name, me.role),
          slot: PAIRING_SLOTS.find((s) => p.members[s]?.personId === me.personId),
          complete: isComplete(p.members),
          lastCareOn: lastCare.get(c._id) ?? null,
          plan: plans.get(c._id) ?? null,
        };
      }),
    };
  },
});
