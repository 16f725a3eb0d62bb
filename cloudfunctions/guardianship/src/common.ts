/** Shared pieces of the guardianship function: collections, roles, targets, loaders, recipients. */
import { maskName, type RoleName, type TargetSpec } from '../../_shared/access';
import type { NotifyInput } from '../../_shared/notify';
import type { ChildDoc } from '../../_shared/contracts/registry';
import type { ConfirmationDoc, OrderDoc } from '../../_shared/contracts/guardianship';
import type { Db } from '../../_shared/context';
import { fetchAll, getDoc } from '../../_shared/db';

/** Collections guardianship reads and writes (also listed in _shared/collections.ts). */
export const G = {
  templates: 'confirmationTemplates',
  confirmations: 'guardianshipConfirmations',
  orders: 'guardianshipOrders',
  checkIns: 'parentCheckIns',
  messages: 'parentMessages',
  /** Sent-markers of reminders, `_id` = `<kind>:<ref>:<period>`: each reminder is sent once. */
  reminders: 'guardianshipReminders',
  children: 'children',
  roleBindings: 'roleBindings',
  persons: 'persons',
  /** Care work's visits (read only; may not exist yet). */
  visits: 'visits',
} as const;

/** Staff who prepare and revoke confirmations. */
export const OFFICER_ROLES = ['villageOfficer', 'townshipStaff', 'countyAdmin'] as const satisfies readonly RoleName[];
/** Who may read a confirmation: its parties and the officials over the child. */
export const CONFIRMATION_READERS = ['parent', 'entrustedGuardian', 'villageOfficer', 'townshipStaff', 'police', 'countyAdmin'] as const satisfies readonly RoleName[];
/** Who may sign a party's line (each for the party its role signs). */
export const SIGNER_ROLES = ['parent', 'entrustedGuardian', 'villageOfficer'] as const satisfies readonly RoleName[];
/** Who sees and works guardianship orders (policy §二(一): township, police, with the village). */
export const ORDER_STAFF = ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'] as const satisfies readonly RoleName[];

/** A confirmation sits in its child's village and is about its child. */
export function confirmationTarget<I>(id: (input: I) => string): TargetSpec<I, ConfirmationDoc> {
  return { kind: 'confirmation', collection: G.confirmations, id, scopeOf: (c) => ({ regionCode: c.villageCode, childIds: [c.childId] }) };
}

/** An order sits in its child's village and is about its child. */
export function orderTarget<I>(id: (input: I) => string): TargetSpec<I, OrderDoc> {
  return { kind: 'guardianshipOrder', collection: G.orders, id, scopeOf: (o) => ({ regionCode: o.villageCode, childIds: [o.childId] }) };
}

/** Reads a child file (undefined when missing or erased). */
export async function loadChild(db: Db, childId: string): Promise<ChildDoc | undefined> {
  const c = await getDoc<ChildDoc & { erased?: unknown }>(db, G.children, childId);
  return c && !c.erased ? c : undefined;
}

/** Sends one notification (in-app entry + best-effort push); `notify(ctx, …)` bound to a context. */
export type Notifier = (input: NotifyInput) => Promise<unknown>;

/** Person ids holding an active relationship binding of `role` to the child. */
export async function relationshipHolders(db: Db, childId: string, role: 'parent' | 'entrustedGuardian'): Promise<string[]> {
  const rows = await fetchAll<{ personId: string }>(db.collection(G.roleBindings).where({ role, status: 'active', 'scope.childIds': childId }), 200);
  return Array.from(new Set(rows.map((r) => r.personId)));
}

export { regionHolders } from '../../_shared/holders';

/** The child's name as a subscribe message may carry it: masked (`王*明`), as notifications.md requires. */
export function maskedChildName(child: Pick<ChildDoc, 'name'> | undefined): string {
  return child?.name ? maskName(child.name) : '儿童';
}

/** The person's name (plain), or undefined. */
export async function personName(db: Db, personId: string | undefined): Promise<string | undefined> {
  if (!personId) return undefined;
  const p = await getDoc<{ name?: string }>(db, G.persons, personId);
  return p?.name;
}

/** Today's Asia/Shanghai calendar day on the invocation clock. */
export { shanghaiDay } from '../../_shared/time';

export type { Db };

/** The village's name for a village code (the code itself when the region is unknown). */
export async function villageName(db: Db, villageCode: string): Promise<string> {
  const r = await getDoc<{ name?: string }>(db, 'regions', villageCode);
  return r?.name ?? villageCode;
}
