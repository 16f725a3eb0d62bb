/**
 * Who holds a role at a place: the people every notification, escalation and fallback is sent to
 * (township staff of a township, county admins of a county, …). One query shape, served by the
 * roleBindings index on (role, status, scope.codes) in database.ts.
 */
import type { RoleName } from './access/roles';
import { fetchAll, type Db } from './db';

/**
 * Person ids holding an active region binding of `role` whose codes include `code` exactly
 * (a county admin of 341721 is not a holder at 341721100), each once, sorted.
 */
export async function regionHolders(db: Db, role: RoleName, code: string): Promise<string[]> {
  const rows = await fetchAll<{ personId: string }>(db.collection('roleBindings').where({ role, status: 'active', 'scope.codes': code }).field({ personId: true }), 500);
  return [...new Set(rows.map((r) => r.personId))].sort();
}
