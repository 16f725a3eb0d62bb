/**
 * The I/O side of access: resolving the caller, the router's authorisation hook, the audit log,
 * and helpers handlers use for data they check themselves.
 */
import { AppError } from '../errors';
import { DataKeyError, assertDataKeyConfigured, lookupHash } from '../crypto';
import type { ActionContext, Db } from '../context';
import { dbOf, fetchAll, getDoc } from '../db';
import { ACCESS_COLLECTIONS as C } from './collections';
import { breakGlassCandidates, pickGrant } from './decide';
import type { RoleName } from './roles';
import type { Binding, TargetScope } from './scope';
import type { AccessSpec, Actor, AuditEntry, AuditInput, Grant, RolesAccess, TargetSpec } from './spec';
import { childTarget, type ChildAccessFields } from './targets';

/**
 * The caller: person and active bindings for the openid in the invocation context. Loaded once
 * per invocation and cached on `ctx.actor`.
 * @throws AppError UNAUTHENTICATED when the invocation carries no openid
 */
export async function resolveActor(ctx: ActionContext): Promise<Actor> {
  if (ctx.actor) return ctx.actor;
  const openid = ctx.identity.openid;
  if (!openid) throw new AppError('UNAUTHENTICATED');
  const db = dbOf(ctx);
  const identity = await getDoc<{ personId?: string; activeRole?: RoleName }>(db, C.identities, openid);
  let bindings: Binding[] = [];
  if (identity?.personId) {
    bindings = await fetchAll<Binding>(db.collection(C.roleBindings).where({ personId: identity.personId, status: 'active' }), 1000);
  }
  ctx.actor = { openid, personId: identity?.personId, bindings, activeRole: identity?.activeRole };
  return ctx.actor;
}

/** The caller, who must be identified (for handlers of non-public actions the router already resolved it). */
export async function requireActor(ctx: ActionContext): Promise<Actor> {
  return resolveActor(ctx);
}

/** The caller's person id, or FORBIDDEN when the caller is not bound to a person. */
export async function requirePerson(ctx: ActionContext): Promise<string> {
  const actor = await resolveActor(ctx);
  if (!actor.personId) throw new AppError('FORBIDDEN');
  return actor.personId;
}

async function openBreakGlassGrant(ctx: ActionContext, actor: Actor, target: TargetScope): Promise<{ grantId: string; expiresAt: Date } | undefined> {
  if (!actor.personId || !target.childIds?.length) return undefined;
  const db = dbOf(ctx);
  const _ = db.command;
  const res = await db
    .collection(C.breakGlassGrants)
    .where({ personId: actor.personId, childId: _.in(target.childIds), expiresAt: _.gt(ctx.now()), revoked: _.neq(true) })
    .limit(1)
    .get();
  const g = (res.data ?? [])[0] as { _id: string; expiresAt: Date } | undefined;
  return g ? { grantId: g._id, expiresAt: new Date(g.expiresAt) } : undefined;
}

/**
 * Decides access to one loaded document. Used by the router for declared targets and by
 * handlers through `requireTargetAccess` / `requireChildAccess`.
 * @throws AppError FORBIDDEN (details.breakGlassAvailable when a break-glass grant could open it)
 */
export async function grantOnDoc(
  ctx: ActionContext,
  roles: readonly RoleName[],
  spec: Pick<TargetSpec, 'kind' | 'scopeOf'>,
  id: string,
  doc: any,
  allowBreakGlass: boolean,
): Promise<Grant> {
  const actor = await resolveActor(ctx);
  const scope = spec.scopeOf(doc);
  const target = { kind: spec.kind, id, doc, scope };
  const picked = pickGrant(actor, roles, scope);
  if (picked) return { ...picked, target };
  const candidates = allowBreakGlass ? breakGlassCandidates(actor, roles, scope) : [];
  if (candidates.length) {
    const open = await openBreakGlassGrant(ctx, actor, scope);
    const binding = candidates.find((b) => b.role === actor.activeRole) ?? candidates[0];
    if (open) return { role: binding.role, binding, target, breakGlass: open };
    throw new AppError('FORBIDDEN', '该档案不在您的管辖范围内；如确需查看，请说明理由后临时开启访问', { breakGlassAvailable: true });
  }
  throw new AppError('FORBIDDEN');
}

/**
 * Loads a target document and decides access to it (for handlers that touch data the action
 * spec could not declare, e.g. several children).
 * @throws AppError NOT_FOUND when the document does not exist; FORBIDDEN when out of scope
 */
export async function requireTargetAccess(
  ctx: ActionContext,
  roles: readonly RoleName[],
  spec: Pick<TargetSpec, 'kind' | 'collection' | 'scopeOf'>,
  id: string,
  allowBreakGlass = true,
): Promise<Grant> {
  const doc = await getDoc(dbOf(ctx), spec.collection, id);
  if (!doc) throw new AppError('NOT_FOUND');
  return grantOnDoc(ctx, roles, spec, id, doc, allowBreakGlass);
}

/**
 * Checks the caller may act on a child file as one of `roles` (region, relationship, school, or
 * an open break-glass grant). Does not audit: call `audit(ctx, …)` for what you then read/write.
 * @param child the child id (loaded here) or the already loaded document
 * @returns the grant (`role` to mask with, `target.doc` the child)
 * @throws AppError NOT_FOUND / FORBIDDEN
 */
export async function requireChildAccess(ctx: ActionContext, child: string | ChildAccessFields, roles: readonly RoleName[], allowBreakGlass = true): Promise<Grant> {
  const t = childTarget<string>((s) => s);
  if (typeof child === 'string') return requireTargetAccess(ctx, roles, t, child, allowBreakGlass);
  return grantOnDoc(ctx, roles, t, child._id, child, allowBreakGlass);
}

function isRolesAccess(spec: AccessSpec): spec is RolesAccess {
  return 'roles' in spec;
}

/**
 * The router's first hook, run BEFORE input validation (issue 13: who may call is checked before
 * what they sent, so an unbound caller learns nothing about a staff action's input): refuses to
 * run without a data key; refuses an internal action to any client; for non-public actions
 * resolves the caller and checks that they hold one of the roles. Sets `ctx.actor`, and
 * `ctx.grant` for actions without a target.
 * @throws AppError CONFIG_MISSING (no data key), UNAUTHENTICATED, FORBIDDEN
 */
export async function authorizeCaller(spec: AccessSpec, ctx: ActionContext): Promise<void> {
  try {
    assertDataKeyConfigured();
  } catch (err) {
    if (err instanceof DataKeyError) {
      console.error(`[${ctx.fn}.${ctx.action}] ${err.message}`);
      throw new AppError('CONFIG_MISSING', '服务配置不完整，请联系管理员');
    }
    throw err;
  }
  if ('internal' in spec) {
    if (ctx.identity.openid || ctx.identity.source === 'wx_client') throw new AppError('FORBIDDEN');
    return;
  }
  if (!isRolesAccess(spec)) return;
  if (!ctx.identity.openid) throw new AppError('UNAUTHENTICATED');
  const actor = await resolveActor(ctx);
  if (!spec.target) {
    const picked = pickGrant(actor, spec.roles);
    if (!picked) throw new AppError('FORBIDDEN');
    ctx.grant = picked;
    return;
  }
  // Roles first: a caller with none of the roles learns nothing about the target.
  const hasRole = spec.roles.includes('public') || actor.bindings.some((b) => spec.roles.includes(b.role));
  if (!hasRole) throw new AppError('FORBIDDEN');
}

/**
 * The router's second hook, run after input validation and before the handler: when the action
 * declares a target, loads it and checks the caller's scope on it (sets `ctx.grant`).
 * @throws AppError NOT_FOUND / FORBIDDEN
 */
export async function authorizeTarget(spec: AccessSpec, ctx: ActionContext, input: unknown): Promise<void> {
  if (!isRolesAccess(spec) || !spec.target) return;
  const id = spec.target.id(input);
  if (typeof id !== 'string' || !id) throw new AppError('VALIDATION_FAILED');
  const doc = await getDoc(dbOf(ctx), spec.target.collection, id);
  if (!doc) throw new AppError('NOT_FOUND');
  const allowBreakGlass = spec.breakGlass ?? (spec.audit ?? 'read') === 'read';
  ctx.grant = await grantOnDoc(ctx, spec.roles, spec.target, id, doc, allowBreakGlass);
}

/**
 * Appends one audit entry: who (person id; for unbound users a keyed hash of the openid, never
 * the openid; or `entry.pseudonym` when given — helpline requesters), role, when (the invocation clock), action,
 * target, reason. The only write path to `auditLog` — nothing updates or removes audit entries.
 */
export async function audit(ctx: ActionContext, entry: AuditInput): Promise<void> {
  const actor = ctx.actor;
  const { pseudonym, ...rest } = entry;
  const doc: AuditEntry = {
    ...rest,
    at: ctx.now(),
    action: `${ctx.fn}.${ctx.action}`,
    actor: pseudonym ? { pseudonym } : actor?.personId ? { personId: actor.personId } : ctx.identity.openid ? { callerKey: lookupHash('auditCaller', ctx.identity.openid).slice(0, 24) } : {},
    // A pseudonymous entry names no role either: a bound person's role would narrow who asked.
    role: pseudonym ? 'public' : (ctx.grant?.role ?? (ctx.identity.openid ? 'public' : 'system')),
  };
  if (ctx.grant?.breakGlass) doc.breakGlass = ctx.grant.breakGlass.grantId;
  for (const k of Object.keys(doc) as (keyof AuditEntry)[]) if (doc[k] === undefined) delete doc[k];
  await dbOf(ctx).collection(C.auditLog).add(doc);
}

/**
 * The router's hook after a successful handler: for actions with a declared target, appends the
 * audit entry (op from the spec, default `read`), merged with what the handler put in
 * `ctx.auditExtra` (e.g. a reason).
 */
export async function auditAfterSuccess(spec: AccessSpec, ctx: ActionContext): Promise<void> {
  if (!isRolesAccess(spec) || !spec.target || spec.audit === false || !ctx.grant?.target) return;
  const t = ctx.grant.target;
  await audit(ctx, { op: spec.audit ?? 'read', target: { kind: t.kind, id: t.id }, regionCode: t.scope.regionCode, ...ctx.auditExtra });
}

/** Field names of a collection, for `scopeFilter`. */
export interface ScopeFields {
  /** Field holding the 12-digit village code. */
  village?: string;
  /** Field holding the 9-digit township code. */
  township?: string;
  /** Field holding a region code of any level (prefix-matched); used when `village` is absent. */
  region?: string;
  /** Field holding the child id (`_id` for child files, `childId` for visits…). */
  childId?: string;
  school?: string;
  team?: string;
  /** Field holding the community directory entry (site) id. */
  site?: string;
}

/** Scope fields of child files. */
export const CHILD_SCOPE_FIELDS: ScopeFields = { village: 'villageCode', township: 'townshipCode', childId: '_id', school: 'schoolId' };

/**
 * A `where` condition selecting the documents the caller's bindings of `roles` reach, for list,
 * search and statistics queries. Combine with your own conditions via `_.and([...])`.
 * @returns the condition, or `null` when the caller holds none of `roles` (return an empty list)
 * @throws Error if `roles` contains `public` (a public list needs no scope filter)
 */
export function scopeFilter(db: Db, actor: Actor, roles: readonly RoleName[], fields: ScopeFields = CHILD_SCOPE_FIELDS): any | null {
  if (roles.includes('public')) throw new Error('scopeFilter: public lists need no scope filter');
  const _ = db.command;
  const conds: Record<string, unknown>[] = [];
  const prefix = (field: string, code: string) => ({ [field]: db.RegExp({ regexp: `^${code}`, options: '' }) });
  for (const b of actor.bindings) {
    if (!roles.includes(b.role)) continue;
    const s = b.scope;
    if (s.kind === 'region') {
      for (const code of s.codes) {
        if (fields.village && code.length === 12) conds.push({ [fields.village]: code });
        else if (fields.township && code.length === 9) conds.push({ [fields.township]: code });
        else if (fields.village) conds.push(prefix(fields.village, code));
        else if (fields.region) conds.push(prefix(fields.region, code));
      }
    } else if (s.kind === 'children' && fields.childId) {
      conds.push({ [fields.childId]: _.in(s.childIds) });
    } else if (s.kind === 'school' && fields.school) {
      conds.push({ [fields.school]: s.schoolId });
    } else if (s.kind === 'team' && fields.team) {
      conds.push({ [fields.team]: s.teamId });
    } else if (s.kind === 'site' && fields.site) {
      conds.push({ [fields.site]: s.siteId });
    }
  }
  if (!conds.length) return null;
  return conds.length === 1 ? conds[0] : _.or(conds);
}
