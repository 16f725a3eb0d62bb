/**
 * Scopes and the math that decides whether a binding reaches a piece of data. Pure functions,
 * no I/O (unit-tested in tests/unit/access-scope.test.ts).
 *
 * Region codes are GB/T 2260 administrative division codes: 6-digit county, 9-digit township
 * (county + 3), 12-digit village (township + 3). A region contains another when its code is a
 * prefix of the other's, so county ⊃ township ⊃ village.
 */
import { ROLE_INFO, type BoundRole, type PairingKind } from './roles';

/** Where a binding applies. */
export type Scope =
  | { kind: 'region'; codes: string[] }
  | { kind: 'children'; childIds: string[] }
  | { kind: 'school'; schoolId: string; regionCode: string }
  | { kind: 'team'; teamId: string }
  /** A community directory entry (its staff); `regionCode` is the division the entry serves. */
  | { kind: 'site'; siteId: string; regionCode: string };

/** A person's role, as stored in `roleBindings`. */
export interface Binding {
  _id: string;
  personId: string;
  role: BoundRole;
  scope: Scope;
  /** Pairing members only. */
  pairingKind?: PairingKind;
  /** Township staff only: may sign off closed reports. */
  supervisor?: boolean;
  status: 'active' | 'revoked';
  /** Region the scope sits in (for list filters): the region code, the school's region, or the children's village. */
  scopeRegion?: string;
  grantedAt?: Date;
  grantedBy?: string;
  invitationId?: string;
  revokedAt?: Date;
  revokedBy?: string;
}

/**
 * Where a piece of data sits, as far as access is concerned. A target kind (child, visit, report,
 * invitation…) says how to read this from its document; the caller never supplies it.
 */
export interface TargetScope {
  /** The most specific region code of the data (a child: its 12-digit village code). */
  regionCode?: string;
  /** Children the data is about (a child file: itself; a visit: its child). */
  childIds?: string[];
  /** Schools the data belongs to. */
  schoolIds?: string[];
  /** Helpline team the data belongs to. */
  teamId?: string;
  /** Community directory entries the data was sent to (a referral to the protection centre). */
  siteIds?: string[];
}

const REGION_LEVELS: Record<number, 'county' | 'township' | 'village'> = { 6: 'county', 9: 'township', 12: 'village' };

/** The level of a region code, or undefined when it is not 6, 9 or 12 digits. */
export function regionLevel(code: string): 'county' | 'township' | 'village' | undefined {
  return /^\d+$/.test(code) ? REGION_LEVELS[code.length] : undefined;
}

/**
 * True when region `outer` contains region `inner` (equal codes contain each other).
 * Both must be valid 6/9/12-digit codes; anything else is contained by nothing.
 */
export function regionContains(outer: string, inner: string): boolean {
  if (!regionLevel(outer) || !regionLevel(inner)) return false;
  return inner.length >= outer.length && inner.startsWith(outer);
}

/** County code (first 6 digits) of any valid region code. */
export function countyOf(code: string): string | undefined {
  return regionLevel(code) ? code.slice(0, 6) : undefined;
}

/** Township code (first 9 digits) of a township or village code. */
export function townshipOf(code: string): string | undefined {
  return regionLevel(code) && code.length >= 9 ? code.slice(0, 9) : undefined;
}

/**
 * True when `scope` reaches data at `target`.
 * - region: the target's region lies within one of the scope's codes;
 * - children: the target is about one of the scope's children;
 * - school: the target belongs to the scope's school;
 * - team: the target belongs to the scope's helpline team;
 * - site: the target was sent to the scope's directory entry.
 */
export function scopeReaches(scope: Scope, target: TargetScope): boolean {
  switch (scope.kind) {
    case 'region':
      return target.regionCode !== undefined && scope.codes.some((c) => regionContains(c, target.regionCode!));
    case 'children':
      return (target.childIds ?? []).some((id) => scope.childIds.includes(id));
    case 'school':
      return (target.schoolIds ?? []).includes(scope.schoolId);
    case 'team':
      return target.teamId !== undefined && target.teamId === scope.teamId;
    case 'site':
      return (target.siteIds ?? []).includes(scope.siteId);
  }
}

/**
 * True when `outer` covers everything `inner` covers, for issuing invitations and revoking
 * bindings: an issuer may only hand out scope it holds.
 * @param innerChildRegions for a children scope, the village code of each child (the issuer's
 *   region must contain all of them); children scopes are also covered by the same children
 */
export function scopeCovers(outer: Scope, inner: Scope, innerChildRegions: string[] = []): boolean {
  if (outer.kind === 'region') {
    if (inner.kind === 'region') return inner.codes.every((c) => outer.codes.some((o) => regionContains(o, c)));
    if (inner.kind === 'school' || inner.kind === 'site') return outer.codes.some((o) => regionContains(o, inner.regionCode));
    if (inner.kind === 'children') {
      return innerChildRegions.length === inner.childIds.length && innerChildRegions.every((r) => outer.codes.some((o) => regionContains(o, r)));
    }
    return false;
  }
  if (outer.kind === 'school') return inner.kind === 'school' && inner.schoolId === outer.schoolId;
  if (outer.kind === 'team') return inner.kind === 'team' && inner.teamId === outer.teamId;
  if (outer.kind === 'site') return inner.kind === 'site' && inner.siteId === outer.siteId;
  return inner.kind === 'children' && inner.childIds.every((id) => outer.childIds.includes(id));
}

/**
 * Checks that a scope has the shape its role requires (see `ROLE_INFO`).
 * @returns a Chinese error message, or undefined when valid
 */
export function validateScopeForRole(role: BoundRole, scope: Scope): string | undefined {
  const shape = ROLE_INFO[role].scope;
  const level = (n: 'county' | 'township' | 'village') => scope.kind === 'region' && scope.codes.length > 0 && scope.codes.every((c) => regionLevel(c) === n);
  switch (shape) {
    case 'village':
      return level('village') && scope.kind === 'region' && scope.codes.length === 1 ? undefined : '该角色的范围须为一个村（12位区划代码）';
    case 'township':
      return level('township') && scope.kind === 'region' && scope.codes.length === 1 ? undefined : '该角色的范围须为一个乡镇（9位区划代码）';
    case 'townships':
      return level('township') && scope.kind === 'region' && new Set(scope.codes).size === scope.codes.length
        ? undefined
        : '公安的范围须为一个或多个乡镇（9位区划代码）';
    case 'county':
      return level('county') && scope.kind === 'region' && scope.codes.length === 1 ? undefined : '该角色的范围须为一个县（6位区划代码）';
    case 'children':
      return scope.kind === 'children' && scope.childIds.length > 0 ? undefined : '该角色的范围须为指定的儿童';
    case 'school':
      return scope.kind === 'school' && scope.schoolId.length > 0 && !!regionLevel(scope.regionCode) ? undefined : '该角色的范围须为一所学校';
    case 'team':
      return scope.kind === 'team' && scope.teamId.length > 0 ? undefined : '该角色的范围须为一个热线团队';
    case 'site':
      return scope.kind === 'site' && scope.siteId.length > 0 && !!regionLevel(scope.regionCode) ? undefined : '该角色的范围须为一个服务机构（站点）';
    case 'none':
      return '该角色无需绑定';
  }
}

/** The region a scope sits in (for list filters), or undefined for children/team scopes. */
export function scopeRegionOf(scope: Scope): string | undefined {
  if (scope.kind === 'region') {
    // Several townships (police): their common county.
    return scope.codes.length === 1 ? scope.codes[0] : countyOf(scope.codes[0]);
  }
  if (scope.kind === 'school' || scope.kind === 'site') return scope.regionCode;
  return undefined;
}
