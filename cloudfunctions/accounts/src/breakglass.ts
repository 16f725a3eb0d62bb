/**
 * Break-glass: township or county staff open a child file outside their scope by giving a
 * reason. The grant lasts 3 hours (on the invocation clock), every use is flagged in the audit
 * log (`breakGlass: <grantId>`), and the county admin sees unacknowledged grants (我的 → pending,
 * `listBreakGlass`) until they acknowledge them.
 */
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import {
  ACCESS_COLLECTIONS as C,
  BREAK_GLASS_ROLES,
  BREAK_GLASS_TTL_MS,
  audit,
  breakGlassCandidates,
  childScope,
  dbOf,
  fetchAll,
  getDoc,
  pickGrant,
  presentPlain,
  requirePerson,
  resolveActor,
  scopeFilter,
  type ChildAccessFields,
} from './deps';
import { childNames, personNames } from './common';
import { accountsContract } from '../../_shared/contracts/accounts';

const A = accountsContract.actions;

export interface BreakGlassGrantDoc {
  _id: string;
  personId: string;
  role: string;
  childId: string;
  villageCode: string;
  reason: string;
  openedAt: Date;
  expiresAt: Date;
  acknowledged: boolean;
  acknowledgedBy?: string;
  acknowledgedAt?: Date;
  revoked?: boolean;
}

export const openBreakGlass = action(A.openBreakGlass, {
  access: { roles: BREAK_GLASS_ROLES, dataScope: 'handler' },
  example: (w) => ({ childId: w.side.childId, reason: '接到群众电话反映该儿童独自在家' }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const actor = await resolveActor(ctx);
    const personId = await requirePerson(ctx);
    const child = await getDoc<ChildAccessFields>(db, C.children, input.childId);
    if (!child) throw new AppError('NOT_FOUND');
    const scope = childScope(child);
    const normal = pickGrant(actor, BREAK_GLASS_ROLES, scope);
    if (normal) return { needed: false as const };
    const candidates = breakGlassCandidates(actor, BREAK_GLASS_ROLES, scope);
    if (!candidates.length) throw new AppError('FORBIDDEN', '该档案不在您可申请破窗访问的范围内');
    const binding = candidates.find((b) => b.role === actor.activeRole) ?? candidates[0];
    const now = ctx.now();
    const open = await db
      .collection(C.breakGlassGrants)
      .where({ personId, childId: child._id, expiresAt: _.gt(now), revoked: _.neq(true) })
      .limit(1)
      .get();
    const existing = (open.data ?? [])[0] as BreakGlassGrantDoc | undefined;
    if (existing) return { needed: true as const, grantId: existing._id, expiresAt: existing.expiresAt };
    const grant: Omit<BreakGlassGrantDoc, '_id'> = {
      personId,
      role: binding.role,
      childId: child._id,
      villageCode: child.villageCode,
      reason: input.reason,
      openedAt: now,
      expiresAt: new Date(now.getTime() + BREAK_GLASS_TTL_MS),
      acknowledged: false,
    };
    const added = (await db.collection(C.breakGlassGrants).add(grant)) as { id?: string; ids?: string[] };
    const grantId = added.id ?? added.ids?.[0] ?? '';
    ctx.grant = { role: binding.role, binding, breakGlass: { grantId, expiresAt: grant.expiresAt } };
    await audit(ctx, { op: 'breakGlass', target: { kind: 'child', id: child._id }, regionCode: child.villageCode, reason: input.reason });
    return { needed: true as const, grantId, expiresAt: grant.expiresAt };
  },
});

export const listBreakGlass = action(A.listBreakGlass, {
  access: { roles: BREAK_GLASS_ROLES },
  example: () => ({}),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const actor = await resolveActor(ctx);
    const me = await requirePerson(ctx);
    const county = scopeFilter(db, actor, ['countyAdmin'], { village: 'villageCode' });
    const conds: unknown[] = [county ? _.or([{ personId: me }, county]) : { personId: me }];
    if (input.onlyUnacknowledged) conds.push({ acknowledged: false });
    const rows = await fetchAll<BreakGlassGrantDoc>(db.collection(C.breakGlassGrants).where(_.and(conds as never[])), 5000);
    const names = await personNames(db, rows.map((r) => r.personId));
    const children = await childNames(db, rows.map((r) => r.childId));
    const role = ctx.grant!.role;
    const now = ctx.now().getTime();
    return {
      grants: rows
        .map((g) => ({
          grantId: g._id,
          personId: g.personId,
          personName: names[g.personId],
          role: g.role,
          childId: g.childId,
          childName: presentPlain('child.name', children[g.childId], role),
          villageCode: g.villageCode,
          reason: g.reason,
          openedAt: g.openedAt,
          expiresAt: g.expiresAt,
          active: new Date(g.expiresAt).getTime() > now && !g.revoked,
          acknowledged: g.acknowledged,
        }))
        .sort((a, b) => new Date(b.openedAt).getTime() - new Date(a.openedAt).getTime()),
    };
  },
});

export const acknowledgeBreakGlass = action(A.acknowledgeBreakGlass, {
  access: {
    roles: ['countyAdmin'],
    target: { kind: 'breakGlassGrant', collection: C.breakGlassGrants, id: (i: { grantId: string }) => i.grantId, scopeOf: (g: BreakGlassGrantDoc) => ({ regionCode: g.villageCode }) },
    audit: 'breakGlass',
  },
  example: async (w) => {
    const grantId = await w.insert(C.breakGlassGrants, {
      personId: `person-${w.unique()}`,
      role: 'townshipStaff',
      childId: w.side.childId,
      villageCode: w.side.villageCode,
      reason: '接到群众电话反映该儿童独自在家',
      openedAt: w.now,
      expiresAt: new Date(w.now.getTime() + BREAK_GLASS_TTL_MS),
      acknowledged: false,
    });
    return { grantId };
  },
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const g = ctx.grant!.target!.doc as BreakGlassGrantDoc;
    const update: Record<string, unknown> = { acknowledged: true, acknowledgedBy: ctx.actor?.personId, acknowledgedAt: ctx.now() };
    if (input.endNow) update.revoked = true;
    await db.collection(C.breakGlassGrants).doc(g._id).update(update);
    return { grantId: g._id, acknowledged: true, ended: input.endNow };
  },
});
