/** Shared pieces of the supervision function: collections, roles, regions, the caller's area. */
import { AppError } from '../../_shared/errors';
import { fetchAll } from '../../_shared/db';
// Re-exported so the domain's modules keep one import line for their data helpers.
export { insertOnce } from '../../_shared/db';
import { maskName, regionCodesOf, regionContains, regionLevel, visibility, type Actor, type RoleName } from '../../_shared/access';
import type { ActionContext, Db } from '../../_shared/context';
import type { RegionView } from '../../_shared/contracts/supervision';
import { BUSINESS_TZ, dayjs, shanghaiDay } from '../../_shared/time';

/** Collections supervision owns (declared in _shared/collections.ts). */
export const SV = {
  runs: 'supervisionRuns',
  figures: 'supervisionFigures',
  circulars: 'circulars',
  spotChecks: 'spotChecks',
  spotCheckItems: 'spotCheckItems',
  followUps: 'followUps',
} as const;

/** Who sees boards: the county, township staff (their township), village officers (their village). */
export const BOARD_ROLES = ['villageOfficer', 'townshipStaff', 'countyAdmin'] as const satisfies readonly RoleName[];
/** Who reads circulars: the county and township staff of the county. */
export const CIRCULAR_ROLES = ['townshipStaff', 'countyAdmin'] as const satisfies readonly RoleName[];
/** Who draws spot checks, records results, makes circulars, closes follow-ups: the county's civil affairs bureau. */
export const MANAGER_ROLES = ['countyAdmin'] as const satisfies readonly RoleName[];
/** Who handles follow-up tasks: township staff (answer) and the county (review). */
export const FOLLOW_UP_ROLES = ['townshipStaff', 'countyAdmin'] as const satisfies readonly RoleName[];
/** Who sees staffing: the county and township staff. */
export const STAFFING_ROLES = ['townshipStaff', 'countyAdmin'] as const satisfies readonly RoleName[];

/** Today (Asia/Shanghai) on the invocation clock. */
export function today(ctx: ActionContext): string {
  return shanghaiDay(ctx.now());
}

/** The caller's person id (every supervision role is bound). */
export function personOf(ctx: ActionContext): string {
  const id = ctx.actor?.personId;
  if (!id) throw new AppError('FORBIDDEN');
  return id;
}

/** The caller's widest region among `roles`. */
export function widestRegion(actor: Actor, roles: readonly RoleName[]): string | undefined {
  return regionCodesOf(actor, roles).sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0];
}

/**
 * The region a call is about: the one asked for, which one of the caller's bindings of `roles`
 * must contain, or the caller's widest.
 * @throws AppError FORBIDDEN when the caller's area does not contain it
 */
export function regionFor(ctx: ActionContext, roles: readonly RoleName[], asked?: string): string {
  const codes = regionCodesOf(ctx.actor!, roles);
  const code = asked ?? widestRegion(ctx.actor!, roles);
  if (!code || !codes.some((c) => regionContains(c, code))) throw new AppError('FORBIDDEN', '该地区不在您的管辖范围内');
  return code;
}

/** The role the caller acts as for region `code` (the most official of its bindings that reach it). */
export function roleFor(ctx: ActionContext, roles: readonly RoleName[], code: string): RoleName {
  const order: RoleName[] = ['countyAdmin', 'townshipStaff', 'villageOfficer'];
  const held = ctx.actor!.bindings.filter((b) => roles.includes(b.role) && b.scope.kind === 'region' && b.scope.codes.some((c) => regionContains(c, code))).map((b): RoleName => b.role);
  return order.find((r) => held.includes(r)) ?? ctx.grant?.role ?? 'public';
}

/** The level of a valid region code. */
export function levelOfCode(code: string): RegionView['level'] {
  const l = regionLevel(code);
  if (!l) throw new AppError('VALIDATION_FAILED', '地区代码须为6、9或12位数字', { issues: [{ path: 'regionCode', message: '地区代码须为6、9或12位数字' }] });
  return l;
}

/** Names of divisions by code, from `regions` (unknown codes keep a neutral name). */
export async function regionNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  const _ = db.command;
  const uniq = [...new Set(codes)];
  const out = new Map<string, string>();
  for (let i = 0; i < uniq.length; i += 500) {
    const rows = await fetchAll<{ _id: string; name: string }>(db.collection('regions').where({ _id: _.in(uniq.slice(i, i + 500)) }).field({ _id: true, name: true }), 1000);
    for (const r of rows) out.set(r._id, r.name);
  }
  for (const c of uniq) if (!out.has(c)) out.set(c, neutralName(c));
  return out;
}

/** A division's name when `regions` does not know the code. */
export function neutralName(code: string): string {
  return code.length === 12 ? `村（社区）${code}` : code.length === 9 ? `乡镇${code}` : `县${code}`;
}

/** A region as pages show it. */
export function regionView(code: string, names: Map<string, string>): RegionView {
  return { code, name: names.get(code) ?? neutralName(code), level: levelOfCode(code) };
}

/** The regions above `code` (county, then township), for breadcrumbs. */
export function parentCodes(code: string): string[] {
  return [code.slice(0, 6), code.slice(0, 9)].filter((c) => c.length < code.length && !!regionLevel(c));
}

/** A child's name as `role` may see it (masking table `child.name`). */
export function childNameAs(name: string | undefined, role: RoleName): string {
  if (!name) return '';
  const v = visibility('child.name', role);
  if (v === 'full') return name;
  if (v === 'hidden') return '儿童';
  return maskName(name);
}

/** Names of persons by id (staff names; never children's). */
export async function personNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const _ = db.command;
  const uniq = [...new Set(ids)];
  const out = new Map<string, string>();
  for (let i = 0; i < uniq.length; i += 500) {
    const rows = await fetchAll<{ _id: string; name?: string }>(db.collection('persons').where({ _id: _.in(uniq.slice(i, i + 500)) }).field({ _id: true, name: true }), 1000);
    for (const r of rows) out.set(r._id, r.name ?? '');
  }
  return out;
}

/** `M月D日 HH:mm` of an instant, Asia/Shanghai. */
export function formatShanghai(at: Date | string): string {
  return dayjs(at).tz(BUSINESS_TZ).format('M月D日 HH:mm');
}
