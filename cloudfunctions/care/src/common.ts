/** Shared pieces of the care function: collections, role lists, targets, small loaders. */
import { AppError } from '../../_shared/errors';
import { maskName, regionCodesOf, visibility, type Binding, type RoleName, type TargetSpec } from '../../_shared/access';
import type { ReportDoc } from '../../_shared/contracts/care';
import { shanghaiDay } from '../../_shared/time';
import { isActiveChild } from '../../_shared/child-status';
import type { ActionContext, Db } from '../../_shared/context';
import { fetchAll, getDoc } from '../../_shared/db';
// Re-exported so the domain's modules keep one import line for their data helpers.
export { insertOnce } from '../../_shared/db';

/** Collections care reads and writes (also listed in _shared/collections.ts). */
export const CC = {
  children: 'children',
  regions: 'regions',
  roleBindings: 'roleBindings',
  persons: 'persons',
  visits: 'visits',
  visitLedger: 'visitLedger',
  carePairings: 'carePairings',
  pairingActivities: 'pairingActivities',
  careReports: 'careReports',
  schedulerRuns: 'schedulerRuns',
} as const;

/** Who records visits: the village officer, township staff, pairing members, the county. */
export const VISIT_WRITERS = ['villageOfficer', 'townshipStaff', 'pairingMember', 'countyAdmin'] as const satisfies readonly RoleName[];
/** Who reads a child's visits and plan. */
export const VISIT_READERS = ['parent', 'entrustedGuardian', 'villageOfficer', 'townshipStaff', 'police', 'pairingMember', 'countyAdmin'] as const satisfies readonly RoleName[];
/** Who has due/overdue visit lists (per officer, per pairing member). */
export const DUE_ROLES = ['villageOfficer', 'townshipStaff', 'pairingMember', 'countyAdmin'] as const satisfies readonly RoleName[];
/** Who sets 1+1+1 pairings (the same roles that invite pairing members). */
export const PAIRING_MANAGERS = ['villageOfficer', 'townshipStaff', 'countyAdmin'] as const satisfies readonly RoleName[];
/** Who reads a child's pairing. */
export const PAIRING_READERS = VISIT_READERS;
/** Who sees coverage figures. */
export const COVERAGE_ROLES = ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'] as const satisfies readonly RoleName[];
/** Who may make an immediate report (anyone bound to a child's care, policy §二(一) "第一时间报告"). */
export const REPORTER_ROLES = [
  'parent',
  'entrustedGuardian',
  'villageOfficer',
  'townshipStaff',
  'police',
  'teacher',
  'lifeTeacher',
  'schoolStaff',
  'pairingMember',
  'countyAdmin',
] as const satisfies readonly RoleName[];
/** Who receives and handles reports: township staff and police (at once), the county (escalation). */
export const REPORT_HANDLERS = ['townshipStaff', 'police', 'countyAdmin'] as const satisfies readonly RoleName[];
/** Who reads reports of their area (the village officer follows up on site). */
export const REPORT_READERS = ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'] as const satisfies readonly RoleName[];
/** Staff with a 工作台 (my tasks today). */
export const TASK_ROLES = ['villageOfficer', 'townshipStaff', 'police', 'pairingMember', 'countyAdmin'] as const satisfies readonly RoleName[];

/** Target spec of an immediate report: it sits in its village and is about its child (if any). */
export function reportTarget<I>(id: (input: I) => string): TargetSpec<I, ReportDoc> {
  return { kind: 'report', collection: CC.careReports, id, scopeOf: (r) => ({ regionCode: r.villageCode, childIds: r.childId ? [r.childId] : [] }) };
}

/** Today as an Asia/Shanghai calendar day, on the invocation clock. */
export function today(ctx: ActionContext): string {
  return shanghaiDay(ctx.now());
}

/** The caller's person id and the role the router chose. */
export function who(ctx: ActionContext): { personId: string; role: RoleName; binding?: Binding } {
  const personId = ctx.actor?.personId;
  if (!personId || !ctx.grant) throw new AppError('FORBIDDEN');
  return { personId, role: ctx.grant.role, binding: ctx.grant.binding };
}

/** The child's name as `role` may see it (masking table `child.name`). */
export function childNameFor(name: string | undefined, role: RoleName): string {
  if (!name) return '';
  const v = visibility('child.name', role);
  if (v === 'full') return name;
  if (v === 'hidden') return '';
  return maskName(name);
}

/** Region codes the caller's region bindings of `roles` cover (one definition, `_shared/access`). */
export { regionCodesOf };

/** The county of a binding (region scopes: the code's first 6 digits; others: the region it sits in). */
export function countyOfBinding(b: Binding): string | undefined {
  if (b.scope.kind === 'region') return b.scope.codes[0]?.slice(0, 6);
  if (b.scope.kind === 'school') return b.scope.regionCode.slice(0, 6);
  return b.scopeRegion?.slice(0, 6);
}

/** A child file is active on `day` (one definition, `_shared/child-status.ts`). */
export { isActiveChild };

/** The region's name from `regions`, or a neutral label when unknown. */
export async function regionName(db: Db, code: string): Promise<string> {
  const r = await getDoc<{ name?: string }>(db, CC.regions, code).catch(() => undefined);
  return r?.name ?? `村（社区）${code}`;
}

/** Names of regions by code (unknown codes get the neutral label `regionName` uses). */
export async function regionNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  const _ = db.command;
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(codes)], 500)) {
    const rows = await fetchAll<{ _id: string; name?: string }>(db.collection(CC.regions).where({ _id: _.in(part) }).field({ _id: true, name: true }), 1000).catch(() => []);
    for (const r of rows) if (r.name) out.set(r._id, r.name);
  }
  for (const c of codes) if (!out.has(c)) out.set(c, c.length === 12 ? `村（社区）${c}` : c.length === 9 ? `乡镇${c}` : `县${c}`);
  return out;
}

/** Splits ids into chunks (for `_.in` queries). */
export function chunks<T>(list: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Names of persons by id. */
export async function personNames(db: Db, ids: string[]): Promise<Record<string, string>> {
  const _ = db.command;
  const uniq = [...new Set(ids)];
  const out: Record<string, string> = {};
  for (const part of chunks(uniq, 500)) {
    const rows = await fetchAll<{ _id: string; name?: string }>(db.collection(CC.persons).where({ _id: _.in(part) }).field({ _id: true, name: true }), 1000);
    for (const r of rows) out[r._id] = r.name ?? '';
  }
  return out;
}

export type { Db };
