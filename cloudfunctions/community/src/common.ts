/** Shared pieces of the community function: collections, who manages, region names, the caller's area, site views. */
import { AppError } from '../../_shared/errors';
import { fetchAll } from '../../_shared/db';
import { regionCodesOf, regionContains, presentSealed, type RoleName, type SealedValue } from '../../_shared/access';
import type { ActionContext, Db } from '../../_shared/context';
import { SITE_KIND_LABELS, SITE_SERVICE_LABELS, SITE_STATUS_LABELS, type RegionName, type SiteDoc, type SiteView } from '../../_shared/contracts/community';

/** Collections community owns (declared in _shared/collections.ts and _shared/database.ts). */
export const CM = {
  sites: 'communitySites',
  volunteers: 'volunteers',
  shifts: 'volunteerShifts',
  persons: 'persons',
  children: 'children',
  identities: 'identities',
  roleBindings: 'roleBindings',
  regions: 'regions',
} as const;

/** Who manages sites, shows check-in codes and approves volunteers: township staff (their township) and the county. */
export const MANAGERS = ['townshipStaff', 'countyAdmin'] as const satisfies readonly RoleName[];

/** The caller's person id (every managing role is bound). */
export function personOf(ctx: ActionContext): string {
  const id = ctx.actor?.personId;
  if (!id) throw new AppError('FORBIDDEN');
  return id;
}

/** Region codes of the caller's manager bindings (township or county codes). */
export function managedCodes(ctx: ActionContext): string[] {
  return regionCodesOf(ctx.actor!, MANAGERS);
}

/** True when one of the caller's manager bindings contains `code`. */
export function manages(ctx: ActionContext, code: string): boolean {
  return managedCodes(ctx).some((c) => regionContains(c, code));
}

/**
 * The area a management call is about: the one asked for (which the caller must manage) or the
 * caller's widest.
 * @throws AppError FORBIDDEN outside the caller's area
 */
export function areaFor(ctx: ActionContext, asked?: string): string {
  const codes = managedCodes(ctx).sort((a, b) => a.length - b.length);
  const code = asked ?? codes[0];
  if (!code || !codes.some((c) => regionContains(c, code))) throw new AppError('FORBIDDEN', '该地区不在您的管辖范围内');
  return code;
}

/** Names of divisions by code, from `regions` (the county's code itself included). */
export async function regionNames(db: Db, countyCode: string): Promise<Map<string, string>> {
  const rows = await fetchAll<{ _id: string; name: string }>(db.collection(CM.regions).where({ ancestors: countyCode }).field({ _id: true, name: true }), 10_000);
  const out = new Map(rows.map((r) => [r._id, r.name]));
  const county = await db.collection(CM.regions).doc(countyCode).get();
  const c = ((county as { data?: { name?: string }[] }).data ?? [])[0];
  if (c?.name) out.set(countyCode, c.name);
  return out;
}

/** `{ code, name }` of a division (the county's name + "全县" for the county itself). */
export function regionName(code: string, names: Map<string, string>): RegionName {
  const name = names.get(code);
  if (code.length === 6) return { code, name: name ? `${name}（全县）` : '全县' };
  return { code, name: name ?? '（未载入名称的地区）' };
}

/** A stored site as every page shows it (the phone in full: an institution's published number). */
export function siteView(doc: SiteDoc, names: Map<string, string>): SiteView {
  return {
    siteId: doc._id,
    kind: doc.kind,
    kindLabel: SITE_KIND_LABELS[doc.kind],
    name: doc.name,
    region: regionName(doc.regionCode, names),
    address: doc.address,
    hours: doc.hours,
    phone: presentSealed(doc.phone as SealedValue, 'public') ?? '',
    capacity: doc.capacity,
    services: doc.services,
    serviceLabels: doc.services.map((s) => SITE_SERVICE_LABELS[s]),
    status: doc.status,
    statusLabel: SITE_STATUS_LABELS[doc.status],
    ...(doc.location ? { location: { latitude: doc.location.latitude, longitude: doc.location.longitude } } : {}),
  };
}

/** Sites nearest a division first: the village's own, then its township's, then county-wide. */
export function byNearness(asked: string | undefined) {
  const rank = (code: string) => (asked && code === asked ? 0 : code.length === 9 ? 1 : code.length === 12 ? 1 : 2);
  return (a: SiteDoc, b: SiteDoc) => rank(a.regionCode) - rank(b.regionCode) || a.name.localeCompare(b.name, 'zh-Hans-CN');
}
