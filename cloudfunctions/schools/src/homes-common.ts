/**
 * What the 留守儿童之家 actions share (docs/schools.md "留守儿童之家"): collections, who may do
 * what, the school as the access target, the county's checklist and thresholds, and the home page's
 * view (home, activities, inspections, photo links).
 */
import type { RoleName, TargetSpec } from '../../_shared/access';
import { ROLE_INFO, presentSealed } from '../../_shared/access';
import type { SealedValue } from '../../_shared/access/sealed-value';
import type { ActionContext } from '../../_shared/context';
import { fetchAll, getDoc, type Db } from '../../_shared/db';
import { getCountyConfig } from '../../_shared/county-config';
import type { SchoolDoc } from '../../_shared/contracts/schools';
import {
  DEFAULT_HOME_CHECKLIST,
  HOMES_LIMITS,
  type ChecklistItem,
  type HomeActivityDoc,
  type HomeDoc,
  type HomeInspectionDoc,
  type HomeInspectionView,
  type HomeView,
  type StarThresholds,
} from '../../_shared/contracts/schools-homes';
import { S, childNameAs, placeCodes, placeOf, regionNames, schoolIdsOf } from './common';

export const H = {
  homes: 'childrenHomes',
  activities: 'homeActivities',
  inspections: 'homeInspections',
} as const;

/** Who reads a school's home: its own people, and the township and county over it. */
export const HOME_VIEW_ROLES: readonly RoleName[] = ['teacher', 'lifeTeacher', 'schoolStaff', 'townshipStaff', 'countyAdmin'];
/** Who builds and edits a school's home: the school's staff. */
export const HOME_EDIT_ROLES: readonly RoleName[] = ['schoolStaff'];
/** Who records activities: the school's life teachers, teachers and staff. */
export const HOME_RECORD_ROLES: readonly RoleName[] = ['lifeTeacher', 'teacher', 'schoolStaff'];
/** Who inspects and rates homes, and sets the checklist and thresholds (教育局、民政局、妇联 at the county). */
export const HOME_INSPECT_ROLES: readonly RoleName[] = ['countyAdmin'];
/** Roles of a school's people who may run its home (and are offered on 修改之家). */
export const RUNNER_ROLES: readonly RoleName[] = ['lifeTeacher', 'schoolStaff', 'teacher'];

/** A school as the target of home actions: where it sits, and the school itself (school roles reach it). */
export function schoolTarget<I>(id: (input: I) => string): TargetSpec<I, SchoolDoc> {
  return { kind: 'school', collection: S.schools, id, scopeOf: (s) => ({ regionCode: s.regionCode, schoolIds: [s._id] }) };
}

/** True when the caller holds one of `roles` bound to `schoolId`. */
export function holdsSchool(ctx: ActionContext, roles: readonly RoleName[], schoolId: string): boolean {
  return schoolIdsOf(ctx.actor?.bindings ?? [], roles).includes(schoolId);
}

/** The county's checklist (its own, or the default) and star thresholds. */
export async function homeSettingsOf(db: Db, countyCode: string): Promise<{ checklist: ChecklistItem[]; thresholds: StarThresholds }> {
  const h = (await getCountyConfig(db, countyCode)).homes;
  const checklist = Array.isArray(h.checklist) && h.checklist.length ? h.checklist : DEFAULT_HOME_CHECKLIST;
  return { checklist, thresholds: { star2: h.star2, star3: h.star3, star4: h.star4, star5: h.star5 } };
}

/** People bound to a school in a runner role, with names and role words. */
export async function schoolStaff(db: Db, schoolId: string): Promise<{ personId: string; name: string; roleLabel: string }[]> {
  const rows = (
    await Promise.all(RUNNER_ROLES.map((role) => fetchAll<{ personId: string; role: RoleName }>(db.collection(S.roleBindings).where({ role, 'scope.schoolId': schoolId, status: 'active' }).field({ personId: true, role: true }), 200)))
  ).flat();
  const seen = new Map<string, RoleName>();
  for (const r of rows) if (!seen.has(r.personId)) seen.set(r.personId, r.role);
  const out: { personId: string; name: string; roleLabel: string }[] = [];
  for (const [personId, role] of seen) {
    const p = await getDoc<{ name?: string }>(db, S.persons, personId);
    out.push({ personId, name: p?.name || '工作人员', roleLabel: ROLE_INFO[role].label });
  }
  return out.sort((a, b) => a.roleLabel.localeCompare(b.roleLabel, 'zh') || a.name.localeCompare(b.name, 'zh'));
}

/** Temporary links to stored photos (the reader may see the home, so its photos), one storage call. */
async function photoUrls(ctx: ActionContext, fileIDs: string[]): Promise<Map<string, string>> {
  if (!fileIDs.length) return new Map();
  const res = (await ctx.app.getTempFileURL({ fileList: fileIDs.map((fileID) => ({ fileID, maxAge: 2 * 3600 })) })) as { fileList?: { fileID: string; tempFileURL?: string }[] };
  return new Map((res.fileList ?? []).map((f) => [f.fileID, f.tempFileURL ?? '']));
}

function inspectionView(i: HomeInspectionDoc, urls: Map<string, string>): HomeInspectionView {
  return {
    id: i._id,
    on: i.on,
    departments: i.departments,
    items: i.items,
    total: i.total,
    maxTotal: i.maxTotal,
    score: i.score,
    stars: i.stars,
    ...(i.findings ? { findings: i.findings } : {}),
    ...(i.rectification ? { rectification: i.rectification } : {}),
    byName: i.by.name,
    photoUrls: i.photos.map((p) => urls.get(p) ?? ''),
  };
}

/** A school's inspections, newest first (by day, then by when recorded). */
export async function inspectionsOf(db: Db, schoolId: string): Promise<HomeInspectionDoc[]> {
  const rows = await fetchAll<HomeInspectionDoc>(db.collection(H.inspections).where({ schoolId }).orderBy('on', 'desc'), 500);
  return rows.sort((a, b) => (a.on === b.on ? new Date(b.at).getTime() - new Date(a.at).getTime() : a.on < b.on ? 1 : -1));
}

/** The home page's view of `school` for the caller. */
export async function homeView(ctx: ActionContext, db: Db, school: SchoolDoc): Promise<HomeView> {
  const role = ctx.grant!.role;
  const [home, activities, inspections, staff, names] = await Promise.all([
    getDoc<HomeDoc>(db, H.homes, school._id),
    fetchAll<HomeActivityDoc>(db.collection(H.activities).where({ schoolId: school._id }).orderBy('on', 'desc').limit(HOMES_LIMITS.activitiesShown), HOMES_LIMITS.activitiesShown),
    inspectionsOf(db, school._id),
    schoolStaff(db, school._id),
    regionNames(db, placeCodes([school.regionCode])),
  ]);
  activities.sort((a, b) => (a.on === b.on ? new Date(b.at).getTime() - new Date(a.at).getTime() : a.on < b.on ? 1 : -1));
  const latest = inspections[0];
  const urls = await photoUrls(ctx, [...activities.flatMap((a) => a.photos), ...(latest?.photos ?? [])]);
  const childIds = [...new Set(activities.flatMap((a) => a.childIds))];
  const _ = db.command;
  const kids = childIds.length ? await fetchAll<{ _id: string; name?: string }>(db.collection(S.children).where({ _id: _.in(childIds) }).field({ _id: true, name: true }), 2000) : [];
  const kidName = new Map(kids.map((k) => [k._id, childNameAs(k.name, role)]));
  const staffById = new Map(staff.map((s) => [s.personId, s]));
  const runners = home ? await Promise.all(home.runnerIds.map(async (id) => staffById.get(id) ?? { personId: id, name: (await getDoc<{ name?: string }>(db, S.persons, id))?.name || '工作人员', roleLabel: '已不在本校' })) : [];
  const phone = home?.phone ? presentSealed(home.phone as SealedValue, 'public') : undefined;
  const view: HomeView = {
    schoolId: school._id,
    schoolName: school.name,
    boarding: !!school.boarding,
    place: placeOf(school.regionCode, names),
    ...(home
      ? {
          home: {
            name: home.name,
            openedOn: home.openedOn,
            facilities: home.facilities,
            ...(home.facilitiesNote ? { facilitiesNote: home.facilitiesNote } : {}),
            runners,
            hours: home.hours,
            ...(home.address ? { address: home.address } : {}),
            ...(phone ? { phone } : {}),
          },
        }
      : {}),
    activities: activities.map((a) => ({
      id: a._id,
      on: a.on,
      kind: a.kind,
      participants: a.participants,
      childNames: a.childIds.map((id) => kidName.get(id) ?? '（已不在册）'),
      ...(a.note ? { note: a.note } : {}),
      byName: a.by.name,
      photoUrls: a.photos.map((p) => urls.get(p) ?? ''),
    })),
    ...(latest ? { latest: inspectionView(latest, urls) } : {}),
    earlier: inspections.slice(1, 1 + HOMES_LIMITS.inspectionsShown).map((i) => ({ id: i._id, on: i.on, score: i.score, stars: i.stars })),
    staff,
    canEdit: holdsSchool(ctx, HOME_EDIT_ROLES, school._id),
    canRecord: !!home && holdsSchool(ctx, HOME_RECORD_ROLES, school._id),
    canInspect: !!home && (ctx.actor?.bindings ?? []).some((b) => HOME_INSPECT_ROLES.includes(b.role) && b.scope.kind === 'region' && b.scope.codes.some((c) => school.regionCode.startsWith(c))),
  };
  return view;
}
