/** Shared pieces of the registry function: collections, input fragments, loaders, targets. */
import { AppError } from '../../_shared/errors';
import { CHILD_FILE_READERS, regionCodesOf, regionContains, regionLevel, type Actor, type RoleName, type TargetSpec } from '../../_shared/access';
import { shanghaiDay } from '../../_shared/time';
import { createRegionIndex, type RegionIndex } from './census';
import type { ActionContext, Db } from '../../_shared/context';
import { fetchAll } from '../../_shared/db';

/** Collections the registry reads and writes (also listed in _shared/collections.ts). */
export const R = {
  children: 'children',
  childHistory: 'childHistory',
  households: 'households',
  censusCampaigns: 'censusCampaigns',
  censusCoverage: 'censusCoverage',
  censusImports: 'censusImports',
  censusImportRows: 'censusImportRows',
  censusImportStage: 'censusImportStage',
  regions: 'regions',
} as const;

/** Staff roles that manage child files (village ⊂ township ⊂ county). */
export const OFFICER_ROLES = ['villageOfficer', 'townshipStaff', 'countyAdmin'] as const satisfies readonly RoleName[];
/** Roles that may read child files in their scope (the shared list, `_shared/access`). */
export const READER_ROLES = CHILD_FILE_READERS;
/** Roles that see statistics (summary, coverage): region-scoped staff. */
export const STATS_ROLES = ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'] as const satisfies readonly RoleName[];

/** Today as an Asia/Shanghai calendar day, on the invocation clock. */
export function today(ctx: ActionContext): string {
  return shanghaiDay(ctx.now());
}

/** Region codes the caller's region bindings of `roles` cover (one definition, `_shared/access`). */
export { regionCodesOf };

/**
 * Checks that the caller's region bindings of `roles` cover `regionCode`.
 * @throws AppError FORBIDDEN when none does
 */
export function requireRegion(actor: Actor, roles: readonly RoleName[], regionCode: string): void {
  if (!regionCodesOf(actor, roles).some((c) => regionContains(c, regionCode))) throw new AppError('FORBIDDEN');
}

/**
 * True when one of the caller's bindings of `roles` sits inside or over `regionCode`: a region
 * scope containing it, or a school whose region contains it (list filters by region).
 */
export function regionReachable(actor: Actor, roles: readonly RoleName[], regionCode: string): boolean {
  return actor.bindings.some((b) => {
    if (!roles.includes(b.role)) return false;
    if (b.scope.kind === 'region') return b.scope.codes.some((c) => regionContains(c, regionCode));
    if (b.scope.kind === 'school') return regionContains(b.scope.regionCode, regionCode) || regionContains(regionCode, b.scope.regionCode);
    return false;
  });
}

/** The caller's widest region among `roles` (the default region of a query). */
export function defaultRegion(actor: Actor, roles: readonly RoleName[]): string | undefined {
  return regionCodesOf(actor, roles).sort((a, b) => a.length - b.length)[0];
}

const regionCache = new Map<string, { at: number; index: RegionIndex; names: Map<string, string> }>();

/**
 * The county's towns and villages from the `regions` collection (cached per instance for 10
 * minutes), as the census reader's index plus a code → name map.
 */
export async function loadRegions(db: Db, countyCode: string): Promise<{ index: RegionIndex; names: Map<string, string> }> {
  const hit = regionCache.get(countyCode);
  if (hit && Date.now() - hit.at < 600_000) return hit;
  const rows = await fetchAll<{ _id: string; name: string; level: string; parentCode: string }>(db.collection(R.regions).where({ ancestors: countyCode }), 5000);
  const county = await db.collection(R.regions).doc(countyCode).get();
  const countyDoc = ((county as { data?: unknown[] }).data ?? [])[0] as { name?: string } | undefined;
  const towns = rows.filter((r) => r.level === 'township');
  const villages = rows.filter((r) => r.level === 'village');
  const index = createRegionIndex({
    code: countyCode,
    name: countyDoc?.name ?? countyCode,
    towns: towns.map((t) => ({ code: t._id, name: t.name, villages: villages.filter((v) => v.parentCode === t._id).map((v) => ({ code: v._id, name: v.name })) })),
  });
  const names = new Map<string, string>(rows.map((r) => [r._id, r.name]));
  if (countyDoc?.name) names.set(countyCode, countyDoc.name);
  const entry = { at: Date.now(), index, names };
  regionCache.set(countyCode, entry);
  return entry;
}

/** Target spec of an import job: it sits in the region it was started for. */
export function importTarget<I>(id: (input: I) => string): TargetSpec<I, { regionCode: string }> {
  return { kind: 'censusImport', collection: R.censusImports, id, scopeOf: (j) => ({ regionCode: j.regionCode }) };
}

/** The region level a code names, or a VALIDATION_FAILED error naming the field. */
export function levelOf(code: string, field = 'regionCode'): 'county' | 'township' | 'village' {
  const l = regionLevel(code);
  if (!l) throw new AppError('VALIDATION_FAILED', `${field}：区划代码须为6、9或12位数字`);
  return l;
}

/** Escapes a string for use inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type { Db };
