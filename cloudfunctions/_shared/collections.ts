/**
 * Every database collection the cloud functions use. CloudBase does not create collections on
 * first write (a write to a missing one fails with DATABASE_COLLECTION_NOT_EXIST), so each
 * environment creates them up front: `npm run deploy` (scripts/deploy/) creates any that are
 * missing, with the indexes and security rules declared in database.ts, in production and on
 * every stand-in start alike. Domains append their collections here, with a one-line comment each,
 * and declare them in database.ts (a type error until they do).
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
  /** Schools, `_id` = school id (the id school-scoped roles carry): name and township; the helpline lists them for referrals (the schools capability owns them). */
  'schools',
  /** Dropout cases (控辍保学): a child of school age out of school, its 劝返 attempts, escalation and return, `_id` = `dc-<childId>-<n>` (schools). */
  'dropoutCases',
  /** Termly roll checks (定期排查): a school's uploaded roll as a job, `_id` from the file's SHA-256 (schools). */
  'rollChecks',
  /** One row of a roll check: outcome, reasons, the ID number's keyed hash, the registry match (schools). */
  'rollCheckRows',
  /** Life teachers' care records (家校联系、心理抚慰、亲情电话…) of a school's children (schools; docs/schools.md "Life teachers"). */
  'lifeCareLogs',
  /** The last school care day per child, `_id` = child id: the no-care list and reminder read it (schools). */
  'lifeCareLedger',
  /** 留守儿童之家 of boarding schools, `_id` = school id: facilities, star rating (schools; docs/schools.md "留守儿童之家"). */
  'childrenHomes',
  /** Activities held at a 留守儿童之家 (schools). */
  'homeActivities',
  /** County inspections of a 留守儿童之家: checklist scores, photos, findings, the stars they gave (schools). */
  'homeInspections',
  /** In-app notifications (authoritative) with the recorded subscribe-message result (_shared/notify.ts). */
  'notifications',
  /** Urgent items (reports, orders, referrals, escalations) that reached nobody, `_id` = `<kind>:<refId>`, for the county's 工作台 (_shared/urgent.ts). */
  'unreachedUrgent',
  /** Recorded subscribe-message answers and credits per WeChat user and template, `_id` from a keyed hash of the openid (_shared/subscriptions.ts). */
  'subscriptions',
  /** Households: siblings share one (registry). */
  'households',
  /** Census campaigns (摸底排查), one per county and reference date (registry). */
  'censusCampaigns',
  /** Coverage marks of a campaign: villager groups and households visited or not (registry). */
  'censusCoverage',
  /** Census import jobs, `_id` from the SHA-256 of the roster content (registry). */
  'censusImports',
  /** Per-row outcomes of import jobs, `_id` = `<jobId>-<seq>` (registry). */
  'censusImportRows',
  /** Sealed copy of a running import job's read roster, `_id` = `<jobId>-stage-<part>`; removed when the job ends (registry). */
  'censusImportStage',
  /** Policy articles: current version, editorial status, publish state, published snapshot (articles). */
  'articles',
  /** Every saved version of an article, `_id` = `<articleId>-v<n>` (articles). */
  'articleVersions',
  /** One publishing job per article version, `_id` = `<articleId>-v<n>`: uploads, draft, publish_id, result (articles). */
  'publishJobs',
  /** The Official Account's shared access token, `_id` = appid (articles; server-side only). */
  'wechatTokens',
  /** Home visit records: date, visitor, kind, findings by heading, photos, consented location (care). */
  'visits',
  /** Last visit day per child, `_id` = child id; visit plans are derived from it (care). */
  'visitLedger',
  /** 1+1+1 care pairings, `_id` = child id: cadre, grid worker or volunteer, neighbour (care). */
  'carePairings',
  /** Care activities logged by pairing members, by the policy's four kinds of care (care). */
  'pairingActivities',
  /** Immediate (mandatory) reports of children alone, missing, without capable guardian… (care). */
  'careReports',
  /** County settings, `_id` = county code: visit intervals, report limits, guardianship terms (_shared/county-config.ts). */
  'countyConfig',
  /** Scheduler progress markers, e.g. `visitReminders:<day>` with a cursor (scheduler). */
  'schedulerRuns',
  /** Versions of each county's confirmation text, `_id` = `<county>-v<n>` (guardianship). */
  'confirmationTemplates',
  /** Guardianship responsibility confirmations: text, parties, signatures, seal (guardianship). */
  'guardianshipConfirmations',
  /** Guardianship orders (责令返回或确定受委托监护人) with contacts and escalation (guardianship). */
  'guardianshipOrders',
  /** Parents' check-ins: calls, video calls, visits home (guardianship). */
  'parentCheckIns',
  /** Parents' messages to the entrusted guardian or the village officer (guardianship). */
  'parentMessages',
  /** Sent-markers of guardianship reminders, deterministic `_id` (guardianship). */
  'guardianshipReminders',
  /** Supervision runs (one counting of a county's indicators) and each county's pointer `board:<county>` to its current board run (supervision). */
  'supervisionRuns',
  /** Figures of one region in one run, `_id` = `<runId>:<regionCode>`: numbers and the items behind them (supervision). */
  'supervisionFigures',
  /** Monthly circulars (通报), `_id` = `<county>-<month>`: the files in storage and the headline figures (supervision). */
  'circulars',
  /** Spot checks (随机抽查): the draw, its seed and population (supervision). */
  'spotChecks',
  /** Drawn records to re-verify and their results, `_id` = `<checkId>-<n>` (supervision). */
  'spotCheckItems',
  /** Follow-up tasks (跟踪问效) opened by spot-check discrepancies, `_id` = `fu-<itemId>` (supervision). */
  'followUps',
  /** Service sites: 温馨家园, 留守儿童之家, protection centre, shelters, social organisations' premises (community). */
  'communitySites',
  /** Volunteers' sign-ups and their review, `_id` = the person's id (community). */
  'volunteers',
  /** Volunteers' stretches of service at a site, from QR check-in to check-out (community). */
  'volunteerShifts',
  /** Volunteer trainings held by townships (community). */
  'trainings',
  /** Volunteers' attendance at trainings, `_id` = `<trainingId>:<personId>` (community). */
  'trainingAttendance',
  /** Upload slots handed out by functions: purpose, task, uploader's folder, path, used for (_shared/upload-slots.ts). */
  'uploadSlots',
  /** Children's cases referred to a directory entry (protection centre, social organisation) and the entry's answers (community). */
  'siteReferrals',
  /** Social organisations: credit code, townships served, staff, services, premises, projects and awards (community). */
  'socialOrgs',
  /** Youth League organisations (乡镇团委、学校团委、村团支部) (community). */
  'leagueOrgs',
  /** Pairings of Youth League organisations with children, `_id` = `<orgId>:<childId>` (community). */
  'leaguePairings',
  /** Care activities at service sites (讲座、课业辅导、假期托管…) and the children marked as attending (community). */
  'careActivities',
  /** Volunteers' attendance at care activities, `_id` = `<activityId>:<personId>` (community). */
  'activityAttendance',
] as const;

export type CollectionName = (typeof COLLECTIONS)[number];
