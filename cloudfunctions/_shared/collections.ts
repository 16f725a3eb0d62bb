/**
 * Every database collection the cloud functions use. CloudBase does not create collections on
 * first write (a write to a missing one fails with DATABASE_COLLECTION_NOT_EXIST), so each
 * environment creates them up front: locally `local/seed/migrate.ts` creates any that are missing
 * on every start; in production an operator creates them once in the console (or with the CLI)
 * from this list. Domains append their collections here, with a one-line comment each.
 */
export const COLLECTIONS = [
  /** Administrative divisions: county, townships, villages (`_id` = division code). */
  'regions',
  /** People: users and the parents/guardians child files link to (accounts). */
  'persons',
  /** One per WeChat openid, `_id` = openid: which person it is, active role (accounts). */
  'identities',
  /** A person's roles, each with a scope (accounts). */
  'roleBindings',
  /** One-time invitations to a role and scope (accounts). */
  'invitations',
  /** Rate-limit events, e.g. invitation code guesses (accounts). */
  'rateEvents',
  /** Append-only audit log of reads, writes, searches, bindings, break-glass (accounts). */
  'auditLog',
  /** Time-limited out-of-scope access with a reason (accounts). */
  'breakGlassGrants',
  /** Guardian consents to process a child's data (accounts). */
  'consents',
  /** Correction and erasure requests about a child file (accounts). */
  'correctionRequests',
  /** Demo personas for the dev gateway's persona picker (local seed only). */
  'devPersonas',
  /** Child files (the registry's; listed here because access loads them to check scope). */
  'children',
  /** Versions of child files (the registry's; erasure clears their personal data). */
  'childHistory',
  /** Youth helpline requests: the queue, leases, outcome, first response and satisfaction (helpline). */
  'helplineRequests',
  /** Messages of a helpline request's thread between requester and agents (helpline). */
  'helplineMessages',
  /** Referral work orders of helpline requests to departments, with deadline and reply (helpline). */
  'helplineReferrals',
  /** Helpline agents' duty state, `_id` = person id (helpline). */
  'helplineDuty',
  /** Versions of the helpline crisis word list, `_id` = `v<version>` (helpline). */
  'helplineCrisisWords',
  /** Helpline teams; the one marked `default` receives requests from the mini-program (helpline). */
  'helplineTeams',
  /** In-app notifications (authoritative) with the recorded subscribe-message result (_shared/notify.ts). */
  'notifications',
] as const;

export type CollectionName = (typeof COLLECTIONS)[number];
