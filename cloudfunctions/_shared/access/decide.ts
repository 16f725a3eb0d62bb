/**
 * The pure part of authorisation: given the caller's bindings, the roles an action allows and
 * where the target sits, which binding (if any) lets the call through. No I/O; the router and
 * `requireChildAccess` call it after loading the data.
 */
import { BREAK_GLASS_ROLES, ROLE_PRECEDENCE, type BoundRole, type RoleName } from './roles';
import { countyOf, scopeReaches, type Binding, type TargetScope } from './scope';
import type { Actor } from './spec';

/** Bindings of `actor` whose role is in `roles`. */
export function bindingsWithRoles(actor: Actor, roles: readonly RoleName[]): Binding[] {
  return actor.bindings.filter((b) => roles.includes(b.role));
}

/**
 * Chooses the binding a call acts through.
 * @param roles roles the action allows
 * @param target where the data sits; omitted for actions with no single target
 * @returns `{ role, binding }` (binding undefined when only `public` allows it), or undefined (deny)
 */
export function pickGrant(actor: Actor, roles: readonly RoleName[], target?: TargetScope): { role: RoleName; binding?: Binding } | undefined {
  const matching = bindingsWithRoles(actor, roles).filter((b) => !target || scopeReaches(b.scope, target));
  if (matching.length) {
    const active = matching.find((b) => b.role === actor.activeRole);
    const chosen = active ?? [...matching].sort((a, b) => ROLE_PRECEDENCE.indexOf(a.role) - ROLE_PRECEDENCE.indexOf(b.role))[0];
    return { role: chosen.role, binding: chosen };
  }
  if (roles.includes('public')) return { role: 'public' };
  return undefined;
}

/**
 * Bindings that could use a break-glass grant to reach `target`: township or county staff among
 * the allowed roles; township staff only within their own county.
 */
export function breakGlassCandidates(actor: Actor, roles: readonly RoleName[], target: TargetScope): Binding[] {
  if (!target.childIds?.length) return [];
  return bindingsWithRoles(actor, roles).filter((b) => {
    if (!(BREAK_GLASS_ROLES as readonly BoundRole[]).includes(b.role)) return false;
    if (b.role !== 'townshipStaff') return true;
    const own = b.scope.kind === 'region' ? countyOf(b.scope.codes[0]) : undefined;
    return !!own && !!target.regionCode && countyOf(target.regionCode) === own;
  });
}

/** Region codes the caller's region bindings of `roles` cover (region scopes only). */
export function regionCodesOf(actor: Actor, roles: readonly RoleName[]): string[] {
  const out: string[] = [];
  for (const b of actor.bindings) if (roles.includes(b.role) && b.scope.kind === 'region') out.push(...b.scope.codes);
  return out;
}
