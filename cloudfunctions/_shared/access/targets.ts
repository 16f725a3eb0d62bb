/**
 * Target kinds shared by several capabilities. A capability with its own kind of data writes its
 * own `TargetSpec` next to its actions (e.g. `visitTarget = (id) => ({ kind: 'visit', collection:
 * 'visits', id, scopeOf: (v) => ({ regionCode: v.villageCode, childIds: [v.childId] }) })`).
 */
import { ACCESS_COLLECTIONS as C } from './collections';
import type { TargetScope } from './scope';
import type { TargetSpec } from './spec';
import type { RoleName } from './roles';

/**
 * Roles that read a child's file in their scope (registry.getChild, and what other domains show
 * on the file, e.g. community.childCare): one list, so the file and its sections open to the same
 * people.
 */
export const CHILD_FILE_READERS = [
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

/**
 * The fields of a child file access depends on (the registry owns the full shape):
 * `villageCode` (12 digits), `townshipCode` (9), optional `schoolId`.
 * Relationships (parents, entrusted guardians, pairing members) are granted by role bindings
 * with a `children` scope, so access never trusts links a client could write into the file.
 */
export interface ChildAccessFields {
  _id: string;
  villageCode: string;
  townshipCode?: string;
  schoolId?: string;
}

/** Where a child file sits. */
export function childScope(child: ChildAccessFields): TargetScope {
  return { regionCode: child.villageCode, childIds: [child._id], schoolIds: child.schoolId ? [child.schoolId] : [] };
}

/**
 * Target spec for actions on one child file.
 * @param id picks the child id out of the validated input
 */
export function childTarget<I>(id: (input: I) => string): TargetSpec<I, ChildAccessFields> {
  return { kind: 'child', collection: C.children, id, scopeOf: childScope };
}
