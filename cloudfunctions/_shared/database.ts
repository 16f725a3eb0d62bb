/**
 * The database as production must have it: for every collection its indexes and its security
 * rule, next to the collection list (collections.ts). `npm run deploy` applies it to CloudBase and
 * every stand-in is set up from it (scripts/deploy/), so this is the only list.
 *
 * Indexes: one per query shape the functions issue (equality fields first, then sort, then range
 * fields, as CloudBase/MongoDB pick an index), read off the stand-in's query log
 * (SHOUWANG_QUERY_LOG, local/standin/query-shape.ts) over the function tests; an index whose keys
 * are a prefix of another's is left out, the longer one serves both. Lookups by `_id` need none.
 *
 * Unique: none declared. Where the domain forbids duplicates the `_id` is deterministic and
 * carries it (a helpline request's `_id` from the caller's client request id, a visit ledger per
 * child, import jobs by content hash); the same ID-number hash may appear twice on purpose (the
 * import reports such children as conflicts for a person to resolve), so it is not unique.
 *
 * Rules: every collection is closed to clients; only cloud functions (admin access) read and
 * write, because every read is scoped and audited in the functions (access/).
 */
import type { CollectionName } from './collections';

/** One index: ordered keys, unique when the domain forbids duplicates. */
export interface IndexDecl {
  name: string;
  keys: Array<{ field: string; direction: 1 | -1 }>;
  unique?: boolean;
}

/** A collection's security rule in CloudBase's custom-rule JSON. */
export type RuleDecl = { read: boolean | string; write: boolean | string };

/** Closed to the mini-program: no client read or write; cloud functions are not bound by rules. */
export const FUNCTIONS_ONLY: RuleDecl = { read: false, write: false };

/** A collection's declaration. */
export interface CollectionDecl {
  indexes: IndexDecl[];
  rule: RuleDecl;
}

/** An ascending index over `fields`, named after them (CloudBase index names are free text). */
function idx(...fields: string[]): IndexDecl {
  return { name: fields.join('_').replace(/\./g, '-'), keys: fields.map((field) => ({ field, direction: 1 })) };
}

/** Every collection with its indexes and rule (a missing collection is a type error). */
export const DATABASE: Record<CollectionName, CollectionDecl> = {
  regions: { indexes: [idx('ancestors', 'level'), idx('level')], rule: FUNCTIONS_ONLY },
  persons: { indexes: [], rule: FUNCTIONS_ONLY },
  identities: { indexes: [idx('personId')], rule: FUNCTIONS_ONLY },
  roleBindings: { indexes: [idx('pairingKind', 'personId', 'role', 'status'), idx('personId', 'status'), idx('role', 'scope.childIds', 'status'), idx('role', 'scope.codes', 'status'), idx('role', 'scope.teamId', 'status'), idx('role', 'scopeRegion', 'status'), idx('role', 'status'), idx('scope.childIds', 'status'), idx('scope.kind', 'status'), idx('status'), idx('role', 'scope.schoolId', 'status'), idx('role', 'scope.siteId', 'status')], rule: FUNCTIONS_ONLY },
  invitations: { indexes: [idx('bootstrap', 'status', 'expiresAt'), idx('handle', 'status'), idx('issuedBy'), idx('scope.childIds', 'status')], rule: FUNCTIONS_ONLY },
  rateEvents: { indexes: [idx('key', 'at')], rule: FUNCTIONS_ONLY },
  auditLog: { indexes: [idx('action', 'at'), idx('action', 'op'), idx('action', 'target.id'), idx('actor.personId', 'op'), idx('at'), idx('op', 'target.id', 'target.kind', 'at'), idx('target.id', 'target.kind', 'at')], rule: FUNCTIONS_ONLY },
  breakGlassGrants: { indexes: [idx('acknowledged', 'villageCode'), idx('childId', 'personId', 'expiresAt'), idx('personId')], rule: FUNCTIONS_ONLY },
  consents: { indexes: [idx('childId', 'givenByParty')], rule: FUNCTIONS_ONLY },
  correctionRequests: { indexes: [idx('childId'), idx('status', 'villageCode'), idx('townshipCode'), idx('villageCode')], rule: FUNCTIONS_ONLY },
  children: { indexes: [idx('age'), idx('guardianshipType'), idx('householdId'), idx('idNumber.h', 'updatedAt'), idx('idNumber.h', 'villageCode', 'name'), idx('name', 'townshipCode', 'villageCode'), idx('risk.level', 'townshipCode', 'villageCode', 'name'), idx('risk.level', 'villageCode'), idx('schoolId', 'villageCode', 'name'), idx('status', 'ageOutOn'), idx('townshipCode', 'villageCode', 'name'), idx('village'), idx('villageCode', 'name'), idx('guardianshipType', 'status', 'villageCode'), idx('guardianshipType', 'status', 'townshipCode'), idx('schooling', 'status')], rule: FUNCTIONS_ONLY },
  childHistory: { indexes: [idx('childId', 'at')], rule: FUNCTIONS_ONLY },
  helplineRequests: { indexes: [idx('anonymous', 'ownerKey', 'teamId', 'submittedAt'), idx('claimedBy.personId', 'status', 'teamId', 'leaseUntil'), idx('closedBy', 'status', 'teamId', 'closedAt'), idx('ownerKey', 'submittedAt'), idx('status', 'leaseUntil'), idx('status', 'teamId', 'closedAt'), idx('status', 'teamId', 'leaseUntil'), idx('status', 'teamId', 'priorityRank', 'submittedAt', 'leaseUntil'), idx('submittedAt'), idx('teamId', 'submittedAt')], rule: FUNCTIONS_ONLY },
  helplineMessages: { indexes: [idx('from', 'kind', 'requestId'), idx('requestId', 'at')], rule: FUNCTIONS_ONLY },
  helplineReferrals: { indexes: [idx('deadline'), idx('siteId', 'createdAt'), idx('siteId', 'status', 'createdAt'), idx('status', 'escalated', 'deadline'), idx('regionCode', 'createdAt'), idx('requestId'), idx('schoolId', 'createdAt'), idx('teamId', 'createdAt'), idx('teamId', 'deadline')], rule: FUNCTIONS_ONLY },
  helplineDuty: { indexes: [idx('onDuty', 'teamId')], rule: FUNCTIONS_ONLY },
  helplineCrisisWords: { indexes: [idx('version')], rule: FUNCTIONS_ONLY },
  helplineTeams: { indexes: [idx('default')], rule: FUNCTIONS_ONLY },
  schools: { indexes: [idx('countyCode', 'name'), idx('townshipCode', 'name')], rule: FUNCTIONS_ONLY },
  lifeCareLogs: { indexes: [idx('childId', 'at')], rule: FUNCTIONS_ONLY },
  lifeCareLedger: { indexes: [idx('schoolId')], rule: FUNCTIONS_ONLY },
  childrenHomes: { indexes: [idx('countyCode'), idx('townshipCode')], rule: FUNCTIONS_ONLY },
  homeActivities: { indexes: [idx('schoolId', 'on')], rule: FUNCTIONS_ONLY },
  homeInspections: { indexes: [idx('schoolId', 'on'), idx('countyCode', 'on')], rule: FUNCTIONS_ONLY },
  dropoutCases: { indexes: [idx('childId', 'status'), idx('countyCode', 'status', 'openedOn'), idx('schoolId', 'status', 'openedOn'), idx('status', 'escalatedAt', 'openedOn'), idx('townshipCode', 'status', 'openedOn'), idx('villageCode', 'status')], rule: FUNCTIONS_ONLY },
  rollChecks: { indexes: [idx('countyCode', 'term', 'status'), idx('schoolId', 'createdAt')], rule: FUNCTIONS_ONLY },
  rollCheckRows: { indexes: [idx('jobId', 'idHash'), idx('jobId', 'outcome'), idx('idHash', 'term', 'outcome')], rule: FUNCTIONS_ONLY },
  notifications: { indexes: [idx('kind', 'ref.id'), idx('kind', 'to.personId'), idx('ref.id', 'to.personId'), idx('recipient', 'createdAt'), idx('recipient', 'readAt', 'createdAt')], rule: FUNCTIONS_ONLY },
  unreachedUrgent: { indexes: [idx('countyCode')], rule: FUNCTIONS_ONLY },
  subscriptions: { indexes: [], rule: FUNCTIONS_ONLY },
  households: { indexes: [idx('townshipCode'), idx('villageCode')], rule: FUNCTIONS_ONLY },
  censusCampaigns: { indexes: [idx('countyCode', 'censusDate')], rule: FUNCTIONS_ONLY },
  censusCoverage: { indexes: [idx('campaignId', 'kind'), idx('campaignId', 'townshipCode'), idx('campaignId', 'villageCode')], rule: FUNCTIONS_ONLY },
  censusImports: { indexes: [], rule: FUNCTIONS_ONLY },
  censusImportRows: { indexes: [idx('jobId', 'outcome', 'seq'), idx('jobId', 'seq')], rule: FUNCTIONS_ONLY },
  censusImportStage: { indexes: [idx('jobId')], rule: FUNCTIONS_ONLY },
  articles: { indexes: [idx('isLive', 'liveAt'), idx('isLive', 'liveSearch', 'liveAt'), idx('isLive', 'liveTags', 'liveAt'), idx('title'), idx('updatedAt')], rule: FUNCTIONS_ONLY },
  articleVersions: { indexes: [idx('articleId', 'version')], rule: FUNCTIONS_ONLY },
  publishJobs: { indexes: [idx('state', 'updatedAt'), idx('publishId')], rule: FUNCTIONS_ONLY },
  wechatTokens: { indexes: [], rule: FUNCTIONS_ONLY },
  visits: { indexes: [idx('at'), idx('childId', 'date', 'createdAt'), idx('countyCode', 'date'), idx('createdAt'), idx('kind', 'dueAt')], rule: FUNCTIONS_ONLY },
  visitLedger: { indexes: [], rule: FUNCTIONS_ONLY },
  carePairings: { indexes: [], rule: FUNCTIONS_ONLY },
  pairingActivities: { indexes: [idx('childId', 'personId')], rule: FUNCTIONS_ONLY },
  careReports: { indexes: [idx('reporter.personId', 'reportedAt'), idx('status', 'ackDueAt'), idx('status', 'villageCode'), idx('townshipCode', 'reportedAt'), idx('villageCode', 'reportedAt')], rule: FUNCTIONS_ONLY },
  countyConfig: { indexes: [], rule: FUNCTIONS_ONLY },
  schedulerRuns: { indexes: [], rule: FUNCTIONS_ONLY },
  confirmationTemplates: { indexes: [idx('countyCode', 'version')], rule: FUNCTIONS_ONLY },
  guardianshipConfirmations: { indexes: [idx('childId', 'preparedAt'), idx('childId', 'status'), idx('status', 'villageCode')], rule: FUNCTIONS_ONLY },
  guardianshipOrders: { indexes: [idx('childId', 'status'), idx('status', 'dueOn'), idx('status', 'villageCode', 'closedAt'), idx('status', 'townshipCode', 'dueOn'), idx('status', 'villageCode', 'dueOn')], rule: FUNCTIONS_ONLY },
  parentCheckIns: { indexes: [idx('childId', 'personId', 'on'), idx('villageCode', 'on')], rule: FUNCTIONS_ONLY },
  parentMessages: { indexes: [idx('childId', 'from', 'createdAt')], rule: FUNCTIONS_ONLY },
  guardianshipReminders: { indexes: [], rule: FUNCTIONS_ONLY },
  supervisionRuns: { indexes: [idx('countyCode', 'kind', 'asOf', 'computedAt'), idx('countyCode', 'kind', 'state')], rule: FUNCTIONS_ONLY },
  supervisionFigures: { indexes: [idx('countyCode', 'level'), idx('parent', 'runId'), idx('runId')], rule: FUNCTIONS_ONLY },
  circulars: { indexes: [idx('countyCode', 'month', 'generatedAt')], rule: FUNCTIONS_ONLY },
  spotChecks: { indexes: [idx('countyCode', 'createdAt')], rule: FUNCTIONS_ONLY },
  spotCheckItems: { indexes: [idx('checkId'), idx('countyCode', 'checkedAt')], rule: FUNCTIONS_ONLY },
  followUps: { indexes: [idx('countyCode', 'openedAt'), idx('countyCode', 'status'), idx('countyCode', 'status', 'deadline'), idx('townshipCode', 'openedAt')], rule: FUNCTIONS_ONLY },
  communitySites: { indexes: [idx('countyCode', 'status'), idx('status')], rule: FUNCTIONS_ONLY },
  volunteers: { indexes: [idx('countyCode', 'status')], rule: FUNCTIONS_ONLY },
  volunteerShifts: { indexes: [idx('open', 'checkOutAt'), idx('personId', 'open')], rule: FUNCTIONS_ONLY },
  trainings: { indexes: [idx('countyCode', 'day')], rule: FUNCTIONS_ONLY },
  siteReferrals: { indexes: [idx('siteId', 'status'), idx('townshipCode', 'status'), idx('villageCode', 'status'), idx('status', 'escalated', 'deadline'), idx('status', 'villageCode')], rule: FUNCTIONS_ONLY },
  trainingAttendance: { indexes: [idx('personId')], rule: FUNCTIONS_ONLY },
  careActivities: { indexes: [idx('countyCode', 'day'), idx('childIds')], rule: FUNCTIONS_ONLY },
  activityAttendance: { indexes: [idx('activityId'), idx('personId')], rule: FUNCTIONS_ONLY },
  socialOrgs: { indexes: [idx('countyCode'), idx('creditCode')], rule: FUNCTIONS_ONLY },
  leagueOrgs: { indexes: [idx('countyCode')], rule: FUNCTIONS_ONLY },
  leaguePairings: { indexes: [idx('orgId', 'active'), idx('countyCode', 'active'), idx('childId')], rule: FUNCTIONS_ONLY },
  uploadSlots: { indexes: [], rule: FUNCTIONS_ONLY },
};
