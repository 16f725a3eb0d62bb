/** Shared pieces of the accounts function: target kinds, small loaders. */
import { ACCESS_COLLECTIONS as C, type Binding, type BoundRole, type ExampleSide, type Scope, type TargetScope, type TargetSpec } from '../../_shared/access';
import { fetchAll } from '../../_shared/db';
import type { Db } from '../../_shared/context';
import { type BindingView } from '../../_shared/contracts/accounts';

/** Where an invitation or binding sits, from its stored scope. */
export function grantScopeOf(doc: { scope: Scope; scopeRegion?: string; childRegions?: string[] }): TargetScope {
  const s = doc.scope;
  return {
    regionCode: doc.scopeRegion,
    childIds: s.kind === 'children' ? s.childIds : [],
    schoolIds: s.kind === 'school' ? [s.schoolId] : [],
    teamId: s.kind === 'team' ? s.teamId : undefined,
    siteIds: s.kind === 'site' ? [s.siteId] : [],
  };
}

export const invitationTarget = (id: (i: any) => string): TargetSpec => ({ kind: 'invitation', collection: C.invitations, id, scopeOf: grantScopeOf });
export const bindingTarget = (id: (i: any) => string): TargetSpec => ({ kind: 'binding', collection: C.roleBindings, id, scopeOf: grantScopeOf });
export const personTarget = (id: (i: any) => string): TargetSpec => ({
  kind: 'person',
  collection: C.persons,
  id,
  scopeOf: (p: { regionCode?: string }) => ({ regionCode: p.regionCode }),
});

/** Child files' access fields for ids (missing ids are absent from the result). */
export async function loadChildren(db: Db, ids: string[]): Promise<{ _id: string; villageCode: string; townshipCode?: string; erased?: unknown }[]> {
  if (!ids.length) return [];
  const _ = db.command;
  return fetchAll(db.collection(C.children).where({ _id: _.in(ids) }).field({ _id: true, villageCode: true, townshipCode: true, erased: true }), 1000);
}

/** Region names by code from the `regions` collection (missing codes are left out). */
export async function regionNames(db: Db, codes: string[]): Promise<Record<string, string>> {
  const unique = Array.from(new Set(codes)).filter(Boolean);
  if (!unique.length) return {};
  const _ = db.command;
  try {
    const rows = await fetchAll<{ _id: string; name: string }>(db.collection('regions').where({ _id: _.in(unique) }), 1000);
    return Object.fromEntries(rows.map((r) => [r._id, r.name]));
  } catch {
    return {};
  }
}

/** Person names by id (plain; present them with `presentPlain('person.name', …)`). */
export async function personNames(db: Db, ids: string[]): Promise<Record<string, string>> {
  const unique = Array.from(new Set(ids)).filter(Boolean);
  if (!unique.length) return {};
  const _ = db.command;
  const rows = await fetchAll<{ _id: string; name?: string }>(db.collection(C.persons).where({ _id: _.in(unique) }).field({ _id: true, name: true }), 1000);
  return Object.fromEntries(rows.map((r) => [r._id, r.name ?? '']));
}

/** Child names by id (plain; present them with `presentPlain('child.name', …)`; erased files have none). */
export async function childNames(db: Db, ids: string[]): Promise<Record<string, string>> {
  const unique = Array.from(new Set(ids)).filter(Boolean);
  if (!unique.length) return {};
  const _ = db.command;
  const rows = await fetchAll<{ _id: string; name?: string }>(db.collection(C.children).where({ _id: _.in(unique) }).field({ _id: true, name: true }), 1000);
  return Object.fromEntries(rows.filter((r) => r.name).map((r) => [r._id, r.name!]));
}

/** A stored binding as the API shows it. */
export function bindingView(b: Binding): BindingView {
  return {
    bindingId: b._id,
    role: b.role,
    scope: b.scope,
    pairingKind: b.pairingKind,
    supervisor: b.supervisor,
    grantedAt: b.grantedAt,
  };
}

/**
 * An invitation the example caller may issue (used by the matrix examples of createInvitation,
 * revokeInvitation and revokeBinding): a role the caller's role can grant, in `side`.
 */
export function exampleGrantFor(role: string, side: ExampleSide): { role: BoundRole; scope: Scope; pairingKind?: 'volunteer' } {
  switch (role) {
    case 'countyAdmin':
      return { role: 'townshipStaff', scope: { kind: 'region', codes: [side.townshipCode] } };
    case 'townshipStaff':
      return { role: 'villageOfficer', scope: { kind: 'region', codes: [side.villageCode] } };
    case 'schoolStaff':
      return { role: 'teacher', scope: { kind: 'school', schoolId: side.schoolId, regionCode: side.townshipCode } };
    case 'helplineSupervisor':
      return { role: 'helplineAgent', scope: { kind: 'team', teamId: side.teamId } };
    default:
      return { role: 'entrustedGuardian', scope: { kind: 'children', childIds: [side.childId] } };
  }
}
