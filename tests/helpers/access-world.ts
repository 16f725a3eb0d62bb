/**
 * A small world for access tests: three "sides" (the caller's own area; a neighbouring township
 * of the same county; another county), each with a village, a child file holding sealed ID
 * numbers and phones, a school and a helpline team — and fresh personas of any role bound to a
 * side, created directly in the database (no invitation).
 *
 * "out of scope" for a role means the next area out: another township of the same county for
 * village/township/school/team/relationship roles, another county for county-level roles.
 */
import { randomUUID } from 'node:crypto';
import type { CloudApp } from '../../cloudfunctions/_shared/cloud';
import { ACCESS_COLLECTIONS as C } from '../../cloudfunctions/_shared/access/collections';
import type { BoundRole, RoleName } from '../../cloudfunctions/_shared/access/roles';
import type { Scope } from '../../cloudfunctions/_shared/access/scope';
import type { ExampleSide } from '../../cloudfunctions/_shared/access/spec';
import { seal } from '../../cloudfunctions/_shared/access/sealed';
import { DATA_KEY_ENV } from '../../cloudfunctions/_shared/crypto';
import { ensureDevDataKey } from '../../local/stack';
import type { TestStack } from './stack';

export const SIDES: Record<'in' | 'near' | 'far', ExampleSide> = {
  in: { countyCode: '341721', townshipCode: '341721100', villageCode: '341721100001', childId: 'w-child-in', schoolId: 'w-school-in', teamId: 'w-team-in', siteId: 'w-site-in' },
  near: { countyCode: '341721', townshipCode: '341721101', villageCode: '341721101001', childId: 'w-child-near', schoolId: 'w-school-near', teamId: 'w-team-near', siteId: 'w-site-near' },
  far: { countyCode: '341722', townshipCode: '341722100', villageCode: '341722100001', childId: 'w-child-far', schoolId: 'w-school-far', teamId: 'w-team-far', siteId: 'w-site-far' },
};

/** Plaintext of the sealed fields of each side's child (fixtures; invented numbers). */
export const CHILD_SECRETS = {
  idNumber: (i: number) => `34172120150${i}01123X`,
  guardianPhone: (i: number) => `1380000${String(5670 + i).padStart(4, '0')}`,
  guardianIdNumber: (i: number) => `34172119800${i}011234`,
};

const COUNTY_ROLES: RoleName[] = ['countyAdmin', 'publisher', 'reviewer'];

/** The side that is just outside `role`'s scope. */
export function outSideFor(role: RoleName): ExampleSide {
  return COUNTY_ROLES.includes(role) ? SIDES.far : SIDES.near;
}

/** The scope a persona of `role` gets on `side`. */
export function scopeFor(role: BoundRole, side: ExampleSide): Scope {
  switch (role) {
    case 'parent':
    case 'entrustedGuardian':
    case 'pairingMember':
      return { kind: 'children', childIds: [side.childId] };
    case 'villageOfficer':
      return { kind: 'region', codes: [side.villageCode] };
    case 'townshipStaff':
    case 'police':
    case 'volunteer':
      return { kind: 'region', codes: [side.townshipCode] };
    case 'teacher':
    case 'lifeTeacher':
    case 'schoolStaff':
      return { kind: 'school', schoolId: side.schoolId, regionCode: side.townshipCode };
    case 'helplineAgent':
    case 'helplineSupervisor':
      return { kind: 'team', teamId: side.teamId };
    case 'siteStaff':
      return { kind: 'site', siteId: side.siteId, regionCode: side.townshipCode };
    default:
      return { kind: 'region', codes: [side.countyCode] };
  }
}

/** Makes this process use the stack's data key (so tests can seal and unseal like the functions). */
export function useStackKey(t: TestStack): string {
  const key = ensureDevDataKey(t.stack.dataDir);
  process.env[DATA_KEY_ENV] = key;
  return key;
}

/** Inserts a document and returns its id. */
export async function insert(app: CloudApp, collection: string, doc: Record<string, unknown>): Promise<string> {
  const res = (await app.database().collection(collection).add(doc)) as { id?: string; ids?: string[] };
  return (doc._id as string | undefined) ?? res.id ?? res.ids![0];
}

/** A child file in `side` with sealed ID numbers and phones (`i` varies the numbers). */
export function childDoc(side: ExampleSide, i: number, id = side.childId): Record<string, unknown> {
  return {
    _id: id,
    name: '林小雨',
    villageCode: side.villageCode,
    townshipCode: side.townshipCode,
    schoolId: side.schoolId,
    idNumber: seal('child.idNumber', CHILD_SECRETS.idNumber(i)),
    address: '团结社区3组',
    guardians: [{ name: '林大山', relation: 'father', phone: seal('guardian.phone', CHILD_SECRETS.guardianPhone(i)), idNumber: seal('guardian.idNumber', CHILD_SECRETS.guardianIdNumber(i)) }],
  };
}

/** Creates the three sides' child files, and each side's protection centre (where `siteStaff` is bound). */
export async function seedWorld(app: CloudApp): Promise<void> {
  let i = 1;
  for (const side of Object.values(SIDES)) await insert(app, C.children, childDoc(side, i++));
  for (const side of Object.values(SIDES)) {
    await insert(app, 'communitySites', {
      _id: side.siteId,
      countyCode: side.countyCode,
      regionCode: side.townshipCode,
      kind: 'centre',
      name: `未成年人保护工作站${side.townshipCode}`,
      address: '镇政府院内',
      hours: '工作日 8:30-17:30',
      phone: seal('site.phone', '0566-5012345'),
      services: ['referral'],
      status: 'open',
      createdAt: new Date(),
      createdBy: 'test',
      updatedAt: new Date(),
      updatedBy: 'test',
    });
  }
}

/** Registers each side's school (the schools registry), where school-scoped roles are bound. */
export async function seedSchools(app: CloudApp): Promise<void> {
  for (const side of Object.values(SIDES)) {
    await insert(app, 'schools', { _id: side.schoolId, name: `学校${side.townshipCode}`, countyCode: side.countyCode, townshipCode: side.townshipCode, regionCode: side.townshipCode, boarding: true, createdAt: new Date() });
  }
}

export interface Persona {
  openid: string;
  personId?: string;
  role: RoleName;
}

/**
 * A fresh persona holding exactly one binding of `role` on `side` (`public`: an openid with no
 * person at all).
 */
export async function makePersona(app: CloudApp, role: RoleName, side: ExampleSide = SIDES.in, extra: Record<string, unknown> = {}): Promise<Persona> {
  const openid = `o-${role}-${randomUUID().slice(0, 8)}`;
  if (role === 'public') return { openid, role };
  const personId = await insert(app, C.persons, { name: '测试人员', regionCode: side.villageCode });
  await insert(app, C.identities, { _id: openid, personId });
  const scope = scopeFor(role, side);
  await insert(app, C.roleBindings, {
    personId,
    role,
    scope,
    scopeRegion: scope.kind === 'region' ? scope.codes[0] : scope.kind === 'school' || scope.kind === 'site' ? scope.regionCode : scope.kind === 'children' ? side.villageCode : undefined,
    childRegions: scope.kind === 'children' ? [side.villageCode] : undefined,
    pairingKind: role === 'pairingMember' ? 'volunteer' : undefined,
    status: 'active',
    grantedAt: new Date(),
    grantedBy: 'test',
    ...extra,
  });
  return { openid, personId, role };
}
