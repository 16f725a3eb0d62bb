/**
 * What the schools actions share: collection names, who may do what, the compulsory-school age
 * rule, names of places and people, and the school and case views.
 */
import { AppError } from '../../_shared/errors';
import { fetchAll, getDoc, type Db } from '../../_shared/db';
import { maskName, regionContains, visibility, type Binding, type RoleName, type TargetScope, type TargetSpec } from '../../_shared/access';
import { ageOn, parseIsoDay } from '../../_shared/calendar';
import type { ActionContext } from '../../_shared/context';
import type { ChildDoc } from '../../_shared/contracts/registry';
import { SCHOOLS_LIMITS, type CaseListItem, type CaseView, type DropoutCaseDoc, type SchoolDoc, type SchoolView } from '../../_shared/contracts/schools';

export const S = {
  schools: 'schools',
  cases: 'dropoutCases',
  children: 'children',
  regions: 'regions',
  persons: 'persons',
  roleBindings: 'roleBindings',
} as const;

/** Who sees the schools list: the county, the township, and a school's own people. */
export const LIST_ROLES: readonly RoleName[] = ['countyAdmin', 'townshipStaff', 'teacher', 'lifeTeacher', 'schoolStaff'];
/**
 * Who sees and works dropout cases (policy §二(三): the school, the township and the county
 * education bureau — here the county admin): teachers and school staff of the child's school,
 * township staff, the county admin. Life teachers care for boarders and are left out.
 */
export const CASE_ROLES: readonly RoleName[] = ['teacher', 'schoolStaff', 'townshipStaff', 'countyAdmin'];
/**
 * Who records legal measures on an escalated case (policy §二(三): "县教体局、乡镇 … 依法采取措施";
 * the county's education side acts through the county admin here). The school reads them.
 */
export const MEASURE_ROLES: readonly RoleName[] = ['townshipStaff', 'countyAdmin'];
/** Who links a child to a school (the region's officers keep the registry). */
export const LINK_ROLES: readonly RoleName[] = ['townshipStaff', 'countyAdmin'];

/** Where a dropout case sits for access: its village, its child and its school. */
export function caseScope(c: DropoutCaseDoc): TargetScope {
  return { regionCode: c.villageCode, childIds: [c.childId], schoolIds: c.schoolId ? [c.schoolId] : [] };
}

/** Target spec of actions on one case. */
export function caseTarget<I>(id: (input: I) => string): TargetSpec<I, DropoutCaseDoc> {
  return { kind: 'dropoutCase', collection: S.cases, id, scopeOf: caseScope };
}

/**
 * Compulsory-school age (policy §二(三) 适龄儿童; 义务教育法 §11: from six to the end of nine
 * years, here the day before the 16th birthday, the registry's own age limit): true when the child
 * is at least 6 and under 16 on `day` (Asia/Shanghai calendar days).
 */
export function ofCompulsoryAge(birthDate: string | undefined, day: string): boolean {
  const a = ageOnDayOf(birthDate, day);
  return a !== undefined && a >= SCHOOLS_LIMITS.ageFrom && a < SCHOOLS_LIMITS.ageBelow;
}

/** Whole years on `day`, or undefined without a valid birth date. */
export function ageOnDayOf(birthDate: string | undefined, day: string): number | undefined {
  const b = birthDate ? parseIsoDay(birthDate) : undefined;
  const d = parseIsoDay(day);
  return b && d ? ageOn(b, d) : undefined;
}

/** The region codes the caller's bindings of `roles` hold. */
export function regionCodesOf(bindings: Binding[], roles: readonly RoleName[]): string[] {
  return bindings.flatMap((b) => (roles.includes(b.role) && b.scope.kind === 'region' ? b.scope.codes : []));
}

/** The school ids the caller's school bindings of `roles` hold. */
export function schoolIdsOf(bindings: Binding[], roles: readonly RoleName[]): string[] {
  return bindings.flatMap((b) => (roles.includes(b.role) && b.scope.kind === 'school' ? [b.scope.schoolId] : []));
}

/** True when one of the caller's region bindings of `roles` contains `code`. */
export function holdsRegion(ctx: ActionContext, roles: readonly RoleName[], code: string): boolean {
  return regionCodesOf(ctx.actor?.bindings ?? [], roles).some((c) => regionContains(c, code));
}

/** The caller's county: from a county or township binding (county admins and township staff). */
export function callerCounty(ctx: ActionContext, roles: readonly RoleName[]): string {
  const code = regionCodesOf(ctx.actor?.bindings ?? [], roles)[0];
  if (!code) throw new AppError('FORBIDDEN');
  return code.slice(0, 6);
}

/** Names of divisions by code (unknown codes keep a neutral name). */
export async function regionNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  const _ = db.command;
  const uniq = [...new Set(codes.filter(Boolean))];
  const out = new Map<string, string>();
  if (uniq.length) {
    const rows = await fetchAll<{ _id: string; name: string }>(db.collection(S.regions).where({ _id: _.in(uniq) }).field({ _id: true, name: true }), 2000);
    for (const r of rows) out.set(r._id, r.name);
  }
  for (const c of uniq) if (!out.has(c)) out.set(c, c.length === 12 ? `村（社区）${c}` : c.length === 9 ? `乡镇${c}` : `县${c}`);
  return out;
}

/** `乡镇 · 村` of a township or village code. */
export function placeOf(code: string, names: Map<string, string>): string {
  const parts = [code.slice(0, 9), code.length === 12 ? code : ''].filter(Boolean);
  return parts.map((c) => names.get(c) ?? c).join(' · ');
}

/** The codes `placeOf` needs for these codes. */
export function placeCodes(codes: string[]): string[] {
  return codes.flatMap((c) => [c.slice(0, 9), ...(c.length === 12 ? [c] : [])]);
}

/** A child's name as `role` may see it (masking table `child.name`). */
export function childNameAs(name: string | undefined, role: RoleName): string {
  if (!name) return '（未填姓名）';
  const v = visibility('child.name', role);
  if (v === 'full') return name;
  if (v === 'hidden') return '儿童';
  return maskName(name);
}

/** A person's name (staff), or a neutral word. */
export async function personName(db: Db, personId: string | undefined): Promise<string> {
  if (!personId) return '工作人员';
  const p = await getDoc<{ name?: string }>(db, S.persons, personId);
  return p?.name || '工作人员';
}

export { regionHolders } from '../../_shared/holders';

/** Schools by id. */
export async function schoolsById(db: Db, ids: string[]): Promise<Map<string, SchoolDoc>> {
  const _ = db.command;
  const uniq = [...new Set(ids.filter(Boolean))];
  if (!uniq.length) return new Map();
  const rows = await fetchAll<SchoolDoc>(db.collection(S.schools).where({ _id: _.in(uniq) }), 2000);
  return new Map(rows.map((s) => [s._id, s]));
}

/** A school as pages show it. */
export function schoolView(s: SchoolDoc, names: Map<string, string>, openCases: number): SchoolView {
  return {
    id: s._id,
    name: s.name,
    regionCode: s.regionCode,
    place: placeOf(s.regionCode, names),
    boarding: !!s.boarding,
    ...(s.bureauCode ? { bureauCode: s.bureauCode } : {}),
    openCases,
  };
}

/** A case as a list row. */
export function caseListItem(c: DropoutCaseDoc, child: Pick<ChildDoc, 'name'> | undefined, role: RoleName, names: Map<string, string>, schools: Map<string, SchoolDoc>): CaseListItem {
  return {
    id: c._id,
    childId: c.childId,
    childName: childNameAs(child?.name, role),
    ...(c.schoolId && schools.get(c.schoolId) ? { schoolName: schools.get(c.schoolId)!.name } : {}),
    place: placeOf(c.villageCode, names),
    kind: c.kind,
    status: c.status,
    openedOn: c.openedOn,
    attempts: c.attempts.length,
    failedAttempts: c.failedAttempts,
    escalated: !!c.escalatedAt,
    ...(c.returnedOn ? { returnedOn: c.returnedOn } : {}),
  };
}

/** Loads the children of some cases (names and birth dates only). */
export async function childrenById(db: Db, ids: string[]): Promise<Map<string, ChildDoc>> {
  const _ = db.command;
  const uniq = [...new Set(ids)];
  if (!uniq.length) return new Map();
  const rows = await fetchAll<ChildDoc>(db.collection(S.children).where({ _id: _.in(uniq) }).field({ _id: true, name: true, birthDate: true }), 2000);
  return new Map(rows.map((c) => [c._id, c]));
}

export type { CaseView, Db };
