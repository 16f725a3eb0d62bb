/**
 * Youth League organisations (团组织; policy §二(四): 每个团组织至少联系1名留守儿童): the registry of
 * 乡镇团委、学校团委、村（社区）团支部 kept by township staff and the county, and their pairings
 * (结对子) with children of their area — which child, since when, and who in the organisation (an
 * approved volunteer of the township picked, or a name typed). docs/community.md "团组织结对".
 */
import { randomUUID } from 'node:crypto';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, presentPlain, presentSealed, regionContains, seal, type RoleName, type SealedValue } from '../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import { isActiveChild } from '../../_shared/child-status';
import { shanghaiDay } from '../../_shared/time';
import type { ActionContext, Db } from '../../_shared/context';
import type { ChildDoc } from '../../_shared/contracts/registry';
import type { SchoolDoc } from '../../_shared/contracts/schools';
import {
  LEAGUE_LEVEL_LABELS,
  ORG_ERRORS,
  communityContract,
  type LeagueOrgDetailView,
  type LeagueOrgDoc,
  type LeagueOrgView,
  type LeagueOrgsView,
  type LeaguePairingDoc,
  type VolunteerDoc,
} from '../../_shared/contracts/community';
import { CM, MANAGERS, areaFor, manages, personOf, regionName, regionNames } from './common';

const A = communityContract.actions;
export const LEAGUE_ORGS = 'leagueOrgs';
export const LEAGUE_PAIRINGS = 'leaguePairings';

type ChildRow = Pick<ChildDoc, '_id' | 'name' | 'villageCode' | 'townshipCode' | 'schoolId' | 'status' | 'ageOutOn'> & { erased?: unknown };
const CHILD_FIELDS = { _id: true, name: true, villageCode: true, townshipCode: true, schoolId: true, status: true, ageOutOn: true, erased: true } as const;

/** True when a child lies in the organisation's area: its village, its township, or (学校团委) its school or township. */
export function inLeagueArea(org: Pick<LeagueOrgDoc, 'level' | 'regionCode' | 'townshipCode' | 'schoolId'>, child: Pick<ChildDoc, 'villageCode' | 'schoolId'>): boolean {
  if (org.level === 'school' && org.schoolId && child.schoolId === org.schoolId) return true;
  return regionContains(org.regionCode, child.villageCode);
}

async function schoolNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await fetchAll<Pick<SchoolDoc, '_id' | 'name'>>(db.collection('schools').where({ _id: db.command.in(ids) }).field({ _id: true, name: true }), 1000);
  return new Map(rows.map((s) => [s._id, s.name]));
}

/** Organisations as pages show them (the contact's phone masked, `person.phone`). */
async function leagueViews(ctx: ActionContext, docs: LeagueOrgDoc[], names: Map<string, string>): Promise<LeagueOrgView[]> {
  const role: RoleName = ctx.grant?.role ?? 'townshipStaff';
  const schools = await schoolNames(dbOf(ctx), [...new Set(docs.flatMap((d) => (d.schoolId ? [d.schoolId] : [])))]);
  return docs.map((d) => ({
    leagueOrgId: d._id,
    name: d.name,
    level: d.level,
    levelLabel: LEAGUE_LEVEL_LABELS[d.level],
    region: regionName(d.regionCode, names),
    ...(d.schoolId ? { school: { schoolId: d.schoolId, name: schools.get(d.schoolId) ?? '（学校已删除）' } } : {}),
    contactName: d.contactName,
    contactPhone: presentSealed(d.contactPhone as SealedValue, role) ?? '',
    paired: d.paired,
  }));
}

/** Active pairings of an organisation. */
async function activePairings(db: Db, orgId: string): Promise<LeaguePairingDoc[]> {
  return fetchAll<LeaguePairingDoc>(db.collection(LEAGUE_PAIRINGS).where({ orgId, active: true }), 5000);
}

/** The organisation's page: its pairings, the children of its area not paired with it, the township's volunteers. */
async function detail(ctx: ActionContext, org: LeagueOrgDoc): Promise<LeagueOrgDetailView> {
  const db = dbOf(ctx);
  const role: RoleName = ctx.grant?.role ?? 'townshipStaff';
  const today = shanghaiDay(ctx.now());
  const [names, pairings, children, volunteers] = await Promise.all([
    regionNames(db, org.countyCode),
    activePairings(db, org._id),
    fetchAll<ChildRow>(db.collection(CM.children).where({ townshipCode: org.townshipCode }).field(CHILD_FIELDS), 5000),
    fetchAll<VolunteerDoc>(db.collection(CM.volunteers).where({ countyCode: org.countyCode, status: 'approved' }), 2000),
  ]);
  const paired = new Set(pairings.map((p) => p.childId));
  const schoolKids = org.level === 'school' && org.schoolId ? await fetchAll<ChildRow>(db.collection(CM.children).where({ schoolId: org.schoolId }).field(CHILD_FIELDS), 5000) : [];
  const all = new Map([...children, ...schoolKids].map((c) => [c._id, c]));
  const pairedKids = pairings.length ? await fetchAll<ChildRow>(db.collection(CM.children).where({ _id: db.command.in([...paired]) }).field(CHILD_FIELDS), 5000) : [];
  for (const c of pairedKids) all.set(c._id, c);
  const nameOf = (c: ChildRow | undefined) => (c && !c.erased ? (presentPlain('child.name', c.name, role) ?? '儿童') : '（档案已删除）');
  const byName = (a: { childName: string }, b: { childName: string }) => a.childName.localeCompare(b.childName, 'zh-Hans-CN');
  const township = volunteers.filter((v) => v.townshipCode === org.townshipCode);
  const people = township.length ? await fetchAll<{ _id: string; name?: string }>(db.collection(CM.persons).where({ _id: db.command.in(township.map((v) => v.personId)) }).field({ _id: true, name: true }), 2000) : [];
  const [view] = await leagueViews(ctx, [{ ...org, paired: pairings.length }], names);
  return {
    org: view,
    pairings: pairings
      .map((p) => ({ pairingId: p._id, childId: p.childId, childName: nameOf(all.get(p.childId)), village: names.get(p.villageCode) ?? '', since: p.since, memberName: p.memberName }))
      .sort(byName),
    candidates: [...all.values()]
      .filter((c) => !paired.has(c._id) && isActiveChild(c, today) && inLeagueArea(org, c) && manages(ctx, c.villageCode))
      .map((c) => ({ childId: c._id, childName: nameOf(c), village: names.get(c.villageCode) ?? '' }))
      .sort(byName)
      .slice(0, 300),
    volunteers: people.map((p) => ({ personId: p._id, name: p.name ?? '' })).filter((p) => p.name).sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN')),
  };
}

/** Keeps `paired` in step with the active pairings (the list's count; the board counts pairings). */
async function recount(db: Db, orgId: string): Promise<void> {
  await db.collection(LEAGUE_ORGS).doc(orgId).update({ paired: (await activePairings(db, orgId)).length });
}

const leagueTarget = { kind: 'leagueOrg', collection: LEAGUE_ORGS, id: (i: { leagueOrgId: string }) => i.leagueOrgId, scopeOf: (d: LeagueOrgDoc) => ({ regionCode: d.regionCode }) };

async function leagueExample(w: { side: { countyCode: string; townshipCode: string }; insert: (c: string, d: Record<string, unknown>) => Promise<string>; now: Date }): Promise<string> {
  return w.insert(LEAGUE_ORGS, { countyCode: w.side.countyCode, townshipCode: w.side.townshipCode, regionCode: w.side.townshipCode, level: 'township', name: '示例镇团委', contactName: '王强', contactPhone: seal('person.phone', '13955660002'), paired: 0, createdAt: w.now, createdBy: 'x', updatedAt: w.now, updatedBy: 'x' });
}

export const leagueOrgs = action(A.leagueOrgs, {
  access: { roles: MANAGERS, dataScope: 'handler' },
  example: (w) => ({ regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.side.townshipCode }),
  /**
   * The Youth League organisations of the caller's township (or the county, or one township of it),
   * each with its number of paired children, those with none first; the townships and schools the
   * caller may register one for. Audited as a search.
   * @throws FORBIDDEN for an area outside the caller's
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const area = areaFor(ctx, input.regionCode);
    const countyCode = area.slice(0, 6);
    const [names, docs, schools] = await Promise.all([
      regionNames(db, countyCode),
      fetchAll<LeagueOrgDoc>(db.collection(LEAGUE_ORGS).where({ countyCode }), 5000),
      fetchAll<Pick<SchoolDoc, '_id' | 'name' | 'townshipCode'>>(db.collection('schools').where({ countyCode }).field({ _id: true, name: true, townshipCode: true }), 2000),
    ]);
    const mine = docs.filter((d) => regionContains(area, d.regionCode)).sort((a, b) => Number(a.paired > 0) - Number(b.paired > 0) || a.name.localeCompare(b.name, 'zh-Hans-CN'));
    const places = [...names.keys()].filter((c) => c.length >= 9 && regionContains(area, c) && manages(ctx, c)).sort();
    const view: LeagueOrgsView = {
      region: regionName(area, names),
      orgs: await leagueViews(ctx, mine, names),
      unpaired: mine.filter((d) => d.paired === 0).length,
      places: places.map((c) => regionName(c, names)),
      schools: schools.filter((s) => manages(ctx, s.townshipCode) && regionContains(area, s.townshipCode)).map((s) => ({ schoolId: s._id, name: s.name, townshipCode: s.townshipCode })),
    };
    await audit(ctx, { op: 'search', count: mine.length, regionCode: area });
    return view;
  },
});

export const leagueOrg = action(A.leagueOrg, {
  access: { roles: MANAGERS, target: leagueTarget, audit: 'read' },
  example: async (w) => ({ leagueOrgId: await leagueExample(w) }),
  /**
   * One organisation with its pairings (the child's name as the caller's role sees it), the active
   * children of its area it may still pair (at most 300, by name) and the approved volunteers of
   * its township to pick a 结对人 from.
   */
  handler: async (_input, ctx) => detail(ctx, ctx.grant!.target!.doc as LeagueOrgDoc),
});

export const saveLeagueOrg = action(A.saveLeagueOrg, {
  access: { roles: MANAGERS, dataScope: 'handler' },
  example: (w) => ({ name: `${w.unique().slice(0, 4)}村团支部`, level: 'village', regionCode: w.side.villageCode, contactName: '李娜', contactPhone: '13955660003' }),
  /**
   * Registers (no `leagueOrgId`) or changes a Youth League organisation in the caller's area: a
   * 乡镇团委 (a township), a 村（社区）团支部 (a village) or a 学校团委 (a school of the area; its
   * township becomes the organisation's). The contact's phone is sealed (`person.phone`); left out
   * on a change, the stored one stays. Pairings are kept. Audited as a write.
   * @throws FORBIDDEN outside the caller's area; SCHOOL_REQUIRED; NOT_FOUND for an unknown id or school
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const by = personOf(ctx);
    const now = ctx.now();
    const old = input.leagueOrgId ? await getDoc<LeagueOrgDoc>(db, LEAGUE_ORGS, input.leagueOrgId) : undefined;
    if (input.leagueOrgId && !old) throw new AppError('NOT_FOUND', '没有找到这个团组织，请刷新后重试');
    if (old && !manages(ctx, old.regionCode)) throw new AppError('FORBIDDEN', '该团组织不在您的管辖范围内');
    let regionCode = input.level === 'township' ? input.regionCode.slice(0, 9) : input.regionCode;
    let schoolId: string | undefined;
    if (input.level === 'school') {
      if (!input.schoolId) throw new AppError('SCHOOL_REQUIRED', ORG_ERRORS.SCHOOL_REQUIRED);
      const school = await getDoc<SchoolDoc>(db, 'schools', input.schoolId);
      if (!school) throw new AppError('NOT_FOUND', '没有找到这所学校，请刷新后重试');
      regionCode = school.townshipCode;
      schoolId = school._id;
    } else if (input.level === 'village' && regionCode.length !== 12) {
      const message = '所在乡镇或村（社区）：村团支部请选择所在的村（社区）';
      throw new AppError('VALIDATION_FAILED', message, { issues: [{ path: 'regionCode', message }] });
    }
    if (!manages(ctx, regionCode)) throw new AppError('FORBIDDEN', '该地区不在您的管辖范围内');
    if (!input.contactPhone && !old) {
      const message = '联系人电话：必填';
      throw new AppError('VALIDATION_FAILED', message, { issues: [{ path: 'contactPhone', message }] });
    }
    const body = {
      countyCode: regionCode.slice(0, 6),
      townshipCode: regionCode.slice(0, 9),
      regionCode,
      level: input.level,
      name: input.name,
      contactName: input.contactName,
      contactPhone: input.contactPhone ? seal('person.phone', input.contactPhone) : old!.contactPhone,
      updatedAt: now,
      updatedBy: by,
    };
    let doc: LeagueOrgDoc;
    if (old) {
      await db.collection(LEAGUE_ORGS).doc(old._id).update(schoolId ? { ...body, schoolId } : body);
      if (!schoolId && old.schoolId) await db.collection(LEAGUE_ORGS).doc(old._id).update({ schoolId: db.command.remove() });
      doc = { ...old, ...body, schoolId };
    } else {
      doc = { _id: `lg-${randomUUID().replace(/-/g, '').slice(0, 16)}`, ...body, ...(schoolId ? { schoolId } : {}), paired: 0, createdAt: now, createdBy: by };
      await db.collection(LEAGUE_ORGS).add(doc);
    }
    await audit(ctx, { op: 'write', target: { kind: 'leagueOrg', id: doc._id }, regionCode: doc.regionCode });
    return (await leagueViews(ctx, [doc], await regionNames(db, doc.countyCode)))[0];
  },
});

export const pairLeagueChild = action(A.pairLeagueChild, {
  access: { roles: MANAGERS, target: leagueTarget, audit: 'write' },
  example: async (w) => ({ leagueOrgId: await leagueExample(w), childId: w.side.childId, since: '2026-03-01', memberName: '王强' }),
  /**
   * Pairs the organisation with an active child of its area (结对子): since a day (not after
   * today), kept by a member — an approved volunteer of its township (`memberPersonId`) or a name
   * typed. A child outside the organisation's area, or outside the caller's, is refused; a child
   * already paired with it is refused; a pairing ended before starts again. Audited as a write of
   * the organisation (the router) and of the child.
   * @throws NOT_FOUND (child); CHILD_OUTSIDE_ORG; ALREADY_PAIRED; MEMBER_NOT_VOLUNTEER
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const org = ctx.grant!.target!.doc as LeagueOrgDoc;
    const child = await getDoc<ChildRow>(db, CM.children, input.childId);
    if (!child || !isActiveChild(child, shanghaiDay(ctx.now()))) throw new AppError('NOT_FOUND', '没有找到这名在册儿童');
    if (!inLeagueArea(org, child) || !manages(ctx, child.villageCode)) throw new AppError('CHILD_OUTSIDE_ORG', ORG_ERRORS.CHILD_OUTSIDE_ORG);
    if (input.memberPersonId) {
      const v = await getDoc<VolunteerDoc>(db, CM.volunteers, input.memberPersonId);
      if (!v || v.status !== 'approved' || v.townshipCode !== org.townshipCode) throw new AppError('MEMBER_NOT_VOLUNTEER', ORG_ERRORS.MEMBER_NOT_VOLUNTEER);
    }
    const _id = `${org._id}:${child._id}`;
    const old = await getDoc<LeaguePairingDoc>(db, LEAGUE_PAIRINGS, _id);
    if (old?.active) throw new AppError('ALREADY_PAIRED', ORG_ERRORS.ALREADY_PAIRED);
    const doc: Omit<LeaguePairingDoc, '_id'> = {
      orgId: org._id,
      childId: child._id,
      countyCode: org.countyCode,
      townshipCode: child.townshipCode,
      villageCode: child.villageCode,
      since: input.since,
      memberName: input.memberName,
      ...(input.memberPersonId ? { memberPersonId: input.memberPersonId } : {}),
      active: true,
      createdAt: ctx.now(),
      createdBy: personOf(ctx),
    };
    await db.collection(LEAGUE_PAIRINGS).doc(_id).set(doc);
    await recount(db, org._id);
    await audit(ctx, { op: 'write', target: { kind: 'child', id: child._id }, regionCode: child.villageCode });
    return detail(ctx, org);
  },
});

export const endLeaguePairing = action(A.endLeaguePairing, {
  access: {
    roles: MANAGERS,
    target: { kind: 'leaguePairing', collection: LEAGUE_PAIRINGS, id: (i: { pairingId: string }) => i.pairingId, scopeOf: (d: LeaguePairingDoc) => ({ regionCode: d.villageCode }) },
    audit: 'write',
  },
  example: async (w) => {
    const orgId = await leagueExample(w);
    return { pairingId: await w.insert(LEAGUE_PAIRINGS, { _id: `${orgId}:${w.side.childId}`, orgId, childId: w.side.childId, countyCode: w.side.countyCode, townshipCode: w.side.townshipCode, villageCode: w.side.villageCode, since: '2026-03-01', memberName: '王强', active: true, createdAt: w.now, createdBy: 'x' }) };
  },
  /**
   * Ends an active pairing (today, Asia/Shanghai); the organisation's count drops. Ending one
   * already ended changes nothing.
   * @throws NOT_FOUND when the organisation is gone
   */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const p = ctx.grant!.target!.doc as LeaguePairingDoc;
    if (p.active) {
      await db.collection(LEAGUE_PAIRINGS).doc(p._id).update({ active: false, endedOn: shanghaiDay(ctx.now()) });
      await recount(db, p.orgId);
    }
    const org = await getDoc<LeagueOrgDoc>(db, LEAGUE_ORGS, p.orgId);
    if (!org) throw new AppError('NOT_FOUND', '没有找到这个团组织');
    return detail(ctx, org);
  },
});
