/** The caller's own account (我的), the role switcher, and managing others' bindings. */
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import { ACCESS_COLLECTIONS as C, ISSUING_ROLES, PAIRING_KIND_LABELS, ROLE_INFO, dbOf, fetchAll, getDoc, isSealed, issuingBinding, presentPlain, requirePerson, resolveActor, scopeFilter, scopeRegionOf, unseal, type Binding, type RoleName } from './deps';
import { bindingTarget, bindingView, exampleGrantFor, personNames, regionNames } from './common';
import { describeScopes } from './invite-options';
import { accountsContract } from '../../_shared/contracts/accounts';
import { shanghaiMinute } from '../../_shared/time';
import { URGENT_KIND_LABELS, listUnreached, unreachedPage } from '../../_shared/urgent';
import { uploadFolderOf } from '../../_shared/uploads';

const A = accountsContract.actions;

export const me = action(A.me, {
  access: { roles: ['public'] },
  example: () => ({}),
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    const person = actor.personId ? await getDoc<{ _id: string; name?: string; phone?: unknown }>(db, C.persons, actor.personId) : undefined;
    const codes = actor.bindings.flatMap((b) => (b.scope.kind === 'region' ? b.scope.codes : b.scope.kind === 'school' || b.scope.kind === 'site' ? [b.scope.regionCode] : []));
    const names = await regionNames(db, codes);
    let pendingBreakGlass = 0;
    const adminFilter = scopeFilter(db, actor, ['countyAdmin'], { village: 'villageCode' });
    if (adminFilter) {
      const _ = db.command;
      const { total } = await db.collection(C.breakGlassGrants).where(_.and([adminFilter, { acknowledged: false }])).count();
      pendingBreakGlass = total ?? 0;
    }
    return {
      personId: actor.personId,
      // A person always sees their own record in full.
      name: person?.name,
      phone: person && isSealed(person.phone) ? unseal(person.phone) : undefined,
      activeRole: actor.activeRole && actor.bindings.some((b) => b.role === actor.activeRole) ? actor.activeRole : (actor.bindings[0]?.role ?? 'public'),
      roles: actor.bindings.map((b) => ({
        ...bindingView(b),
        roleLabel: ROLE_INFO[b.role].label,
        pairingKindLabel: b.pairingKind ? PAIRING_KIND_LABELS[b.pairingKind] : undefined,
        scopeNames:
          b.scope.kind === 'region'
            ? b.scope.codes.map((c) => names[c] ?? c)
            : b.scope.kind === 'school' || b.scope.kind === 'site'
              ? [names[b.scope.regionCode] ?? b.scope.regionCode]
              : [],
      })),
      pending: { breakGlassToAcknowledge: pendingBreakGlass },
      uploadFolder: uploadFolderOf(ctx.identity.openid),
    };
  },
});

export const switchRole = action(A.switchRole, {
  access: { roles: ['public'] },
  example: () => ({ role: 'public' }),
  handler: async (input, ctx) => {
    const actor = await resolveActor(ctx);
    if (input.role !== 'public' && !actor.bindings.some((b) => b.role === input.role)) throw new AppError('FORBIDDEN', '您没有该角色');
    if (!actor.personId) return { activeRole: 'public' as RoleName };
    await dbOf(ctx).collection(C.identities).doc(actor.openid).update({ activeRole: input.role });
    return { activeRole: input.role };
  },
});

export const listBindings = action(A.listBindings, {
  access: { roles: ISSUING_ROLES },
  example: () => ({}),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const actor = await resolveActor(ctx);
    const me = await requirePerson(ctx);
    // Candidates: bindings whose scope sits in a region the caller holds, of schools/teams the
    // caller holds, or granted by the caller; then only those the caller could have issued.
    const inRegion = scopeFilter(db, actor, ISSUING_ROLES, { region: 'scopeRegion', school: 'scope.schoolId', team: 'scope.teamId', site: 'scope.siteId' });
    const conds = [{ grantedBy: me }, ...(inRegion ? [inRegion] : [])];
    if (actor.bindings.some((b) => b.role === 'countyAdmin')) conds.push({ 'scope.kind': 'team' } as never);
    const where: Record<string, unknown>[] = [conds.length === 1 ? conds[0] : _.or(conds)];
    if (!input.includeRevoked) where.push({ status: 'active' });
    if (input.role) where.push({ role: input.role });
    const rows = await fetchAll<Binding & { childRegions?: string[] }>(db.collection(C.roleBindings).where(_.and(where)), 5000);
    const visible = rows.filter((b) => b.grantedBy === me || issuingBinding(actor.bindings, b.role, b.scope, b.childRegions ?? []));
    const names = await personNames(db, visible.map((b) => b.personId));
    const role = ctx.grant!.role;
    const places = await describeScopes(db, visible.map((b) => b.scope));
    return {
      bindings: visible.map((b, i) => ({
        ...bindingView(b),
        scopeText: places[i],
        status: b.status,
        personId: b.personId,
        personName: presentPlain('person.name', names[b.personId], role),
        roleLabel: ROLE_INFO[b.role].label,
      })),
    };
  },
});

export const revokeBinding = action(A.revokeBinding, {
  access: { roles: ISSUING_ROLES, target: bindingTarget((i) => i.bindingId), audit: 'binding' },
  example: async (w) => {
    const g = exampleGrantFor(w.role, w.side);
    const id = await w.insert(C.roleBindings, {
      ...g,
      personId: `person-${w.unique()}`,
      scopeRegion: g.scope.kind === 'children' ? w.side.villageCode : scopeRegionOf(g.scope),
      childRegions: g.scope.kind === 'children' ? [w.side.villageCode] : undefined,
      status: 'active',
      grantedAt: w.now,
      grantedBy: 'someone-else',
    });
    return { bindingId: id, reason: '人员调离岗位' };
  },
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const b = ctx.grant!.target!.doc as Binding & { childRegions?: string[] };
    const actor = await resolveActor(ctx);
    if (!issuingBinding(actor.bindings, b.role, b.scope, b.childRegions ?? [])) throw new AppError('FORBIDDEN');
    if (b.status !== 'active') return { bindingId: b._id, status: b.status };
    await db.collection(C.roleBindings).doc(b._id).update({ status: 'revoked', revokedAt: ctx.now(), revokedBy: actor.personId, revokeReason: input.reason });
    ctx.auditExtra = { reason: input.reason };
    return { bindingId: b._id, status: 'revoked' as const };
  },
});

/** Person names for a list of ids, masked for `role` (for other modules' lists). */
export async function namesFor(db: ReturnType<typeof dbOf>, ids: string[], role: RoleName): Promise<Record<string, string | undefined>> {
  const names = await personNames(db, ids);
  return Object.fromEntries(Object.entries(names).map(([id, n]) => [id, presentPlain('person.name', n, role)]));
}

export const unreachedUrgent = action(A.unreachedUrgent, {
  access: { roles: ['countyAdmin'] },
  example: () => ({}),
  /**
   * Urgent items of the caller's counties that reached nobody because no one was bound to
   * receive them (DESIGN: urgent work never fails silently; policy §三(三) staffing), newest
   * first, at most 200. Each opens its report, order or referral list; they stay listed for the
   * county to follow up and to bind the missing staff.
   * @returns `{ items }` with times as Asia/Shanghai `YYYY-MM-DD HH:mm`
   */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    const counties = [...new Set(actor.bindings.filter((b) => b.role === 'countyAdmin' && b.scope.kind === 'region').flatMap((b) => (b.scope as { codes: string[] }).codes.map((c) => c.slice(0, 6))))];
    const rows = (await Promise.all(counties.map((c) => listUnreached(db, c)))).flat();
    return {
      items: rows.map((r) => ({
        kind: r.kind,
        kindLabel: URGENT_KIND_LABELS[r.kind],
        summary: r.summary,
        recordedAt: shanghaiMinute(new Date(r.recordedAt)),
        page: unreachedPage(r.kind, r.refId),
      })),
    };
  },
});
