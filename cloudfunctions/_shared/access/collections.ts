/** Collections the accounts-and-access capability reads and writes (also listed in ../collections.ts). */
export const ACCESS_COLLECTIONS = {
  /** People (users and the guardians/parents a child file links to). */
  persons: 'persons',
  /** One per WeChat openid (`_id` = openid): `{ personId, activeRole }`. */
  identities: 'identities',
  /** A person's roles with scope. */
  roleBindings: 'roleBindings',
  invitations: 'invitations',
  /** Rate-limit events (invitation guesses). */
  rateEvents: 'rateEvents',
  /** Append-only audit log: code inserts, never updates or removes. */
  auditLog: 'auditLog',
  breakGlassGrants: 'breakGlassGrants',
  consents: 'consents',
  correctionRequests: 'correctionRequests',
  /** Child files (owned by the registry capability; access reads `villageCode`, `townshipCode`, `schoolId`). */
  children: 'children',
  /** Versions of child files (owned by the registry; erasure unsets their `data`). */
  childHistory: 'childHistory',
} as const;
