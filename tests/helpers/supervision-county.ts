// Longer than 500 lines: the generated county with the truth of every board indicator made next to the data it counts (volunteers and homes already live in their own files).
/**
 * A generated county with known answers, for the supervision tests and bench/supervision.ts.
 *
 * Every record is made *to be* what an indicator should find: the generator first decides a
 * child's state (visit overdue, confirmation expired, no check-in this month …), then writes the
 * documents that put it in that state, and records the decision in `truth` under the indicator's
 * key. The expectations are therefore made by construction, independently of the counting code,
 * and a test comparing the two can fail. Edge cases are generated on purpose: a visit due exactly
 * on the as-of day (on schedule), a confirmation still `inForce` but past its `expiresOn` (the
 * sweep has not run: expired), a report whose acknowledgement time has not run out yet (neither
 * in time nor late), a claimed helpline request whose lease ran out (waiting), left, aged-out and
 * erased files (never counted), a revoked officer binding (no officer), data of another county.
 *
 * All people are invented; the division codes are invented (county 341799, not a real one: the stand-in loads the real 东至县 divisions).
 */
import type { IndicatorKey } from '../../cloudfunctions/_shared/contracts/indicators';
import { addVolunteers } from './supervision-county-volunteers';
import { addHomes } from './supervision-county-homes';

/** mulberry32: a small seeded PRNG (reproducible data for a seed). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CountyOptions {
  seed?: number;
  countyCode?: string;
  townships?: number;
  villagesPerTownship?: number;
  /** Active children per village (min, max). */
  childrenPerVillage?: [number, number];
  /** Visit records per child on average (most before the period). */
  visitsPerChild?: number;
  /** Immediate reports in the county over the year before the as-of day. */
  reports?: number;
  /** Helpline requests over the year before the as-of day. */
  helplineRequests?: number;
  /** The as-of day (Asia/Shanghai); the counting instant is 10:00 of it. */
  asOf?: string;
  /** The county's `supervision.manyChildren` (stored in countyConfig). */
  manyChildren?: number;
}

/** One expected item: its id, the region it sits in (village, township or county code), its value. */
export interface TruthItem {
  id: string;
  region: string;
  v?: number;
}

export interface GeneratedCounty {
  countyCode: string;
  asOf: string;
  /** The counting instant (10:00 Asia/Shanghai on the as-of day). */
  now: Date;
  period: { from: string; to: string };
  townships: { code: string; name: string }[];
  villages: { code: string; name: string }[];
  /** Documents by collection (Dates as Date). */
  docs: Record<string, Record<string, unknown>[]>;
  /** What each indicator must find, by construction. */
  truth: Record<IndicatorKey, TruthItem[]>;
  /** Persons of interest: the county admin, a township's staff, a village's officer (ids; bindings in docs). */
  people: { countyAdmin: string; townshipStaff: Record<string, string[]>; villageOfficers: Record<string, string[]> };
}

const DAY = 86_400_000;
const MIN = 60_000;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];
const GIVEN = ['小雨', '子涵', '欣怡', '浩然', '宇轩', '梓萱', '一诺', '思远', '佳怡', '俊杰', '雨桐', '明轩', '诗涵', '天佑'];
const INTERVAL = { focus: 30, attention: 60, regular: 90 } as const;
const LEAD_DAYS = 30;

/** The openid the generator links to a person (call actions as them with `{ openid: openidOf(id) }`). */
export function openidOf(personId: string): string {
  return `o-${personId}`;
}

/** `YYYY-MM-DD` plus days (UTC arithmetic on calendar days). */
export function addDay(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}
/** The instant of `HH:mm` Asia/Shanghai on a day. */
export function at(day: string, hhmm = '10:00'): Date {
  return new Date(`${day}T${hhmm}:00+08:00`);
}

/** Generates the county (see the file header). */
export function generateCounty(opts: CountyOptions = {}): GeneratedCounty {
  const rnd = prng(opts.seed ?? 20261130);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const chance = (p: number) => rnd() < p;
  const countyCode = opts.countyCode ?? '341799';
  const asOf = opts.asOf ?? '2026-11-20';
  const now = at(asOf);
  const from = addDay(asOf, -29);
  const period = { from, to: asOf };
  const inPeriodDay = () => addDay(asOf, -int(0, 29));
  const beforePeriodDay = () => addDay(from, -int(1, 300));
  const nT = opts.townships ?? 4;
  const nV = opts.villagesPerTownship ?? 4;
  const [cMin, cMax] = opts.childrenPerVillage ?? [6, 14];
  const visitsPerChild = opts.visitsPerChild ?? 2;

  const docs: Record<string, Record<string, unknown>[]> = {};
  const add = (coll: string, d: Record<string, unknown>) => (docs[coll] ??= []).push(d);
  const truth = {} as Record<IndicatorKey, TruthItem[]>;
  const expect = (key: IndicatorKey, item: TruthItem) => (truth[key] ??= []).push(item);
  const KEYS_WITH_NOTHING: IndicatorKey[] = ['spotChecks.checked', 'spotChecks.discrepancies', 'followUps.open', 'followUps.overdue'];
  for (const k of KEYS_WITH_NOTHING) truth[k] = [];

  // ---------------------------------------------------------------- divisions
  add('regions', { _id: '340000', code: '340000', name: '安徽省', level: 'province', parentCode: '', ancestors: [] });
  add('regions', { _id: countyCode, code: countyCode, name: '测试县', level: 'county', parentCode: '340000', ancestors: ['340000'] });
  const townships: { code: string; name: string }[] = [];
  const villages: { code: string; name: string }[] = [];
  for (let t = 0; t < nT; t++) {
    const tc = `${countyCode}${201 + t}`;
    townships.push({ code: tc, name: `测试${t + 1}镇` });
    add('regions', { _id: tc, code: tc, name: `测试${t + 1}镇`, level: 'township', parentCode: countyCode, ancestors: ['340000', countyCode] });
    // One village more in the first township with nobody registered (still counted for staffing).
    for (let v = 0; v < nV + (t === 0 ? 1 : 0); v++) {
      const vc = `${tc}${String(v + 1).padStart(3, '0')}`;
      villages.push({ code: vc, name: `${t + 1}镇${v + 1}村` });
      add('regions', { _id: vc, code: vc, name: `${t + 1}镇${v + 1}村`, level: 'village', parentCode: tc, ancestors: ['340000', countyCode, tc] });
    }
  }
  const emptyVillage = villages.find((v) => v.code.endsWith(String(nV + 1).padStart(3, '0')) && v.code.startsWith(townships[0].code))!.code;
  add('countyConfig', { _id: countyCode, countyCode, supervision: { manyChildren: opts.manyChildren ?? 40 }, createdAt: now });

  // ---------------------------------------------------------------- staff
  const people = { countyAdmin: 'p-county-admin', townshipStaff: {} as Record<string, string[]>, villageOfficers: {} as Record<string, string[]> };
  const bind = (personId: string, role: string, codes: string[], status = 'active') => {
    add('persons', { _id: personId, name: `${pick(SURNAMES)}工作人员`, regionCode: codes[0] });
    add('identities', { _id: openidOf(personId), personId });
    add('roleBindings', { _id: `b-${personId}-${role}`, personId, role, scope: { kind: 'region', codes }, scopeRegion: codes[0], status, grantedAt: now, grantedBy: 'seed' });
  };
  bind(people.countyAdmin, 'countyAdmin', [countyCode]);
  const childrenPerTownship = new Map<string, number>();

  // ---------------------------------------------------------------- census campaign
  const campaignId = `census-${countyCode}-2026-09-30`;
  add('censusCampaigns', { _id: campaignId, countyCode, censusDate: '2026-09-30', name: '2026-09-30 摸底排查', createdAt: now });

  let childNo = 0;
  let visitNo = 0;
  const reportVillages: string[] = [];
  for (const village of villages) {
    const vc = village.code;
    const tc = vc.slice(0, 9);
    const n = vc === emptyVillage ? 0 : int(cMin, cMax);
    // Groups: households in groups 1–3; an officer-marked group 9 with no household (visited or not).
    const groupVisited = new Map<string, boolean>();
    const householdsOf: string[] = [];
    let household = '';
    let householdVisited = false;
    let householdKids: string[] = [];
    const flushHousehold = () => {
      if (!household) return;
      const group = `${(householdsOf.length % 3) + 1}组`;
      add('households', {
        _id: household,
        countyCode,
        townshipCode: tc,
        villageCode: vc,
        group,
        childIds: householdKids,
        createdAt: now,
        visits: { [campaignId]: { visited: householdVisited, at: now, source: 'import' } },
      });
      householdsOf.push(household);
      expect('census.households', { id: household, region: vc });
      if (!householdVisited) expect('census.householdsUnvisited', { id: household, region: vc });
      for (const kid of householdKids) if (!householdVisited && activeIds.has(kid)) expect('census.childrenUnvisited', { id: kid, region: vc });
      if (!groupVisited.has(group)) groupVisited.set(group, false);
      household = '';
    };
    const activeIds = new Set<string>();
    for (let i = 0; i < n; i++) {
      const id = `c${String(++childNo).padStart(6, '0')}`;
      // Siblings: a new household two times in three.
      if (!household || chance(0.66)) {
        flushHousehold();
        household = `h-${id}`;
        householdVisited = chance(0.8);
        householdKids = [];
      }
      householdKids.push(id);
      const inactive = chance(0.06) ? pick(['left', 'agedOut', 'erased'] as const) : undefined;
      const level = pick(['focus', 'focus', 'attention', 'attention', 'attention', 'regular', 'regular', 'regular', 'regular', 'none'] as const);
      const flags = (['dropout', 'familyDifficulty', 'guardianMissing', 'defactoUnsupported', 'disabled'] as const).filter(() => chance(0.12)).sort();
      const createdAt = new Date(now.getTime() - 400 * DAY);
      const doc: Record<string, unknown> = {
        _id: id,
        countyCode,
        townshipCode: tc,
        villageCode: vc,
        householdId: household,
        name: `${pick(SURNAMES)}${pick(GIVEN)}`,
        status: inactive === 'left' ? 'left' : 'active',
        ...(level === 'none' ? {} : { risk: { level, reason: '测试', derivedLevel: level, derivedReason: '测试' } }),
        effectiveFlags: flags,
        ageOutOn: inactive === 'agedOut' ? addDay(asOf, -int(0, 20)) : addDay(asOf, int(100, 3000)),
        createdAt,
        ...(inactive === 'erased' ? { erased: { at: now } } : {}),
      };
      if (inactive === 'erased') for (const k of ['name', 'risk', 'effectiveFlags', 'householdId']) delete doc[k];
      add('children', doc);
      const risk = level === 'none' ? 'regular' : level;
      // Every file gets a plan state, but only active files count.
      const active = !inactive;
      const region = vc;
      if (active) {
        activeIds.add(id);
        childrenPerTownship.set(tc, (childrenPerTownship.get(tc) ?? 0) + 1);
        expect('children.registered', { id, region });
        expect(`children.${risk}` as IndicatorKey, { id, region });
        for (const f of flags) expect(`children.flag.${f}` as IndicatorKey, { id, region });
      }

      // Visits: on schedule (incl. due exactly today) or overdue (incl. never visited).
      const state = pick(['onSchedule', 'onSchedule', 'dueToday', 'overdue', 'never'] as const);
      let lastVisitOn: string | undefined;
      if (state === 'onSchedule') lastVisitOn = addDay(asOf, -int(0, INTERVAL[risk] - 1));
      if (state === 'dueToday') lastVisitOn = addDay(asOf, -INTERVAL[risk]);
      if (state === 'overdue') lastVisitOn = addDay(asOf, -INTERVAL[risk] - int(1, 60));
      if (lastVisitOn) add('visitLedger', { _id: id, lastVisitOn, lastVisitId: `v-${id}-last`, updatedAt: now });
      if (active) {
        const overdue = state === 'overdue' || state === 'never';
        expect(overdue ? 'visits.overdue' : 'visits.onSchedule', { id, region });
        expect(`visits.${overdue ? 'overdue' : 'onSchedule'}.${risk}` as IndicatorKey, { id, region });
      }
      // Visit records agree with the ledger: the last one on its day, the others before it.
      const visitDays = new Set<string>();
      if (lastVisitOn) {
        visitDays.add(lastVisitOn);
        const extra = Math.max(0, Math.round(visitsPerChild - 1 + (rnd() - 0.5) * 2));
        for (let k = 0; k < extra; k++) visitDays.add(addDay(lastVisitOn, -int(1, 360)));
      }
      for (const date of visitDays) {
        const vid = `v${String(++visitNo).padStart(7, '0')}`;
        add('visits', { _id: vid, childId: id, villageCode: vc, townshipCode: tc, countyCode, date, kind: pick(['home', 'phone', 'school']), visitor: { personId: 'p-visitor', role: 'villageOfficer' }, findings: { health: '身体健康' }, photos: [], riskLevel: risk, requestId: vid, createdAt: at(date) });
        if (date >= from && date <= asOf) expect('visits.recorded', { id: vid, region: vc });
      }

      // Confirmations.
      const conf = pick(['inForce', 'inForce', 'dueSoon', 'expired', 'pastExpiry', 'revokedSigned', 'pending', 'none'] as const);
      const cBase = { childId: id, countyCode, townshipCode: tc, villageCode: vc, templateId: 't', templateVersion: 1, title: '监护责任确认书', text: '……', parties: [], signatures: {}, preparedBy: 'p', preparedAt: now, requestId: `r-${id}` };
      if (conf === 'inForce') add('guardianshipConfirmations', { ...cBase, _id: `cf-${id}`, status: 'inForce', inForceAt: now, expiresOn: addDay(asOf, int(LEAD_DAYS + 1, 300)) });
      if (conf === 'dueSoon') add('guardianshipConfirmations', { ...cBase, _id: `cf-${id}`, status: 'inForce', inForceAt: now, expiresOn: addDay(asOf, int(1, LEAD_DAYS)) });
      if (conf === 'expired') add('guardianshipConfirmations', { ...cBase, _id: `cf-${id}`, status: 'expired', inForceAt: at(addDay(asOf, -400)), expiresOn: addDay(asOf, -int(1, 30)) });
      if (conf === 'pastExpiry') add('guardianshipConfirmations', { ...cBase, _id: `cf-${id}`, status: 'inForce', inForceAt: at(addDay(asOf, -365)), expiresOn: addDay(asOf, -int(0, 2)) });
      if (conf === 'revokedSigned') add('guardianshipConfirmations', { ...cBase, _id: `cf-${id}`, status: 'revoked', inForceAt: at(addDay(asOf, -100)), revokedAt: now });
      if (conf === 'pending') add('guardianshipConfirmations', { ...cBase, _id: `cf-${id}`, status: 'pending' });
      if (active) {
        if (conf === 'inForce' || conf === 'dueSoon') expect('confirmations.inForce', { id, region });
        if (conf === 'dueSoon') expect('confirmations.dueSoon', { id, region });
        if (conf === 'expired' || conf === 'pastExpiry' || conf === 'revokedSigned') expect('confirmations.expired', { id, region });
        if (conf === 'pending' || conf === 'none') expect('confirmations.missing', { id, region });
      }

      // Parents' check-ins: within the period, only before it, or never.
      const checkin = pick(['period', 'period', 'before', 'never'] as const);
      const ciDays = checkin === 'period' ? [inPeriodDay(), inPeriodDay()] : checkin === 'before' ? [beforePeriodDay()] : [];
      ciDays.forEach((on, k) => add('parentCheckIns', { _id: `ci-${id}-${k}`, childId: id, villageCode: vc, personId: 'p-parent', kind: 'call', on, createdAt: at(on) }));
      if (active) expect(checkin === 'period' ? 'checkins.children' : 'checkins.childrenWithout', { id, region });

      // 1+1+1 pairings of focus children (others may have partial ones that never count).
      const slots = pick([3, 3, 2, 1, 0] as const);
      if (slots > 0) {
        const members: Record<string, unknown> = {};
        for (const s of ['cadre', 'helper', 'neighbour'].slice(0, slots)) members[s] = { personId: `p-${s}`, bindingId: 'b', kind: s === 'helper' ? 'volunteer' : s, since: now };
        add('carePairings', { _id: id, childId: id, members, complete: slots === 3, updatedAt: now });
      }
      if (active && level === 'focus') expect(slots === 3 ? 'pairings.focusComplete' : 'pairings.focusIncomplete', { id, region });

      // Orders now and then (for any file: orders count whatever the child's state).
      if (chance(0.08)) {
        const o = pick(['open', 'overdue', 'inTime', 'late', 'old'] as const);
        const oid = `o-${id}`;
        const openedOn = o === 'old' ? beforePeriodDay() : o === 'inTime' ? addDay(asOf, -int(7, 20)) : o === 'late' ? addDay(asOf, -int(9, 20)) : addDay(asOf, -int(0, 20));
        const dueOn = o === 'overdue' ? addDay(asOf, -int(1, 5)) : o === 'open' ? addDay(asOf, int(0, 7)) : addDay(openedOn, 7);
        const closedOn = o === 'inTime' ? dueOn : o === 'late' ? addDay(dueOn, 1) : o === 'old' ? addDay(openedOn, int(1, 12)) : undefined;
        const closedIn = closedOn !== undefined && closedOn >= from && closedOn <= asOf;
        add('guardianshipOrders', {
          _id: oid,
          childId: id,
          countyCode,
          townshipCode: tc,
          villageCode: vc,
          reason: 'none',
          status: closedOn ? 'closed' : 'open',
          openedAt: at(openedOn),
          openedOn,
          dueOn,
          contacts: [],
          ...(closedOn ? { closedAt: at(closedOn, '16:00'), resolution: 'parentReturned' } : {}),
        });
        if (!closedOn) expect('orders.open', { id: oid, region: vc });
        if (o === 'overdue') expect('orders.overdue', { id: oid, region: vc });
        if (closedIn) expect('orders.closed', { id: oid, region: vc });
        if (closedIn && closedOn! <= dueOn) expect('orders.closedInTime', { id: oid, region: vc });
      }
    }
    flushHousehold();
    // Group marks: each group seen in households gets a mark (visited 2 in 3); plus an officer-marked group with no household.
    for (const g of [...groupVisited.keys(), '9组']) {
      expect('census.groups', { id: `${vc}:${g}`, region: vc });
      // Now and then a group of the households has no mark at all: it counts, unvisited.
      if (g !== '9组' && chance(0.15)) {
        expect('census.groupsUnvisited', { id: `${vc}:${g}`, region: vc });
        continue;
      }
      const visited = chance(0.66);
      add('censusCoverage', { _id: `cov-${vc}-${g}`, campaignId, countyCode, townshipCode: tc, villageCode: vc, kind: 'group', group: g, visited, visitedAt: now, source: 'officer' });
      if (!visited) expect('census.groupsUnvisited', { id: `${vc}:${g}`, region: vc });
    }
    if (vc !== emptyVillage) reportVillages.push(vc);

    // Staffing: most villages have an officer; some none; one has two; one only a revoked binding.
    const officerCase = vc === emptyVillage ? 'none' : pick(['one', 'one', 'one', 'two', 'none', 'revoked'] as const);
    const officers: string[] = [];
    if (officerCase === 'one' || officerCase === 'two') officers.push(`p-vo-${vc}-1`);
    if (officerCase === 'two') officers.push(`p-vo-${vc}-2`);
    for (const p of officers) bind(p, 'villageOfficer', [vc]);
    if (officerCase === 'revoked') bind(`p-vo-${vc}-old`, 'villageOfficer', [vc], 'revoked');
    people.villageOfficers[vc] = officers;
    expect('staffing.villages', { id: vc, region: vc });
    if (!officers.length) expect('staffing.villagesWithoutOfficer', { id: vc, region: vc });
  }

  // Township staff: 0, 1 or 2 each; needed 2 with at least `manyChildren` registered children.
  const many = opts.manyChildren ?? 40;
  townships.forEach((t, i) => {
    const has = [0, 1, 2, 1][i % 4];
    const staff: string[] = [];
    for (let k = 0; k < has; k++) {
      staff.push(`p-ts-${t.code}-${k}`);
      bind(`p-ts-${t.code}-${k}`, 'townshipStaff', [t.code]);
    }
    people.townshipStaff[t.code] = staff;
    expect('staffing.townships', { id: t.code, region: t.code });
    if (has < ((childrenPerTownship.get(t.code) ?? 0) >= many ? 2 : 1)) expect('staffing.townshipsUnderstaffed', { id: t.code, region: t.code });
  });

  // ---------------------------------------------------------------- immediate reports
  const nReports = opts.reports ?? villages.length * 2;
  for (let i = 0; i < nReports; i++) {
    const vc = pick(reportVillages);
    const rid = `r${String(i + 1).padStart(6, '0')}`;
    const limitMin = pick([60, 24 * 60]);
    const inPeriod = chance(0.5);
    // Minutes before the counting instant (within the 30-day period, or up to a year before it).
    const ageMin = inPeriod ? pick([5, 30, int(120, 29 * 24 * 60)]) : int(31 * 24 * 60, 360 * 24 * 60);
    const reportedAt = new Date(now.getTime() - ageMin * MIN - int(0, 59) * 1000);
    const ackDueAt = new Date(reportedAt.getTime() + limitMin * MIN);
    const ack = pick(['inTime', 'inTime', 'late', 'none'] as const);
    const ackAfterMs = ack === 'inTime' ? int(1, Math.min(limitMin, ageMin) - 1) * MIN + int(0, 59) * 1000 : ack === 'late' ? (limitMin + int(1, 30)) * MIN + int(0, 59) * 1000 : 0;
    const canAckLate = reportedAt.getTime() + ackAfterMs <= now.getTime();
    const acknowledgedAt = ack === 'none' || (ack === 'late' && !canAckLate) ? null : new Date(reportedAt.getTime() + ackAfterMs);
    const status = !acknowledgedAt ? 'open' : chance(0.5) ? 'closed' : 'acknowledged';
    add('careReports', {
      _id: rid,
      kind: pick(['livingAlone', 'missing', 'guardianIncapable', 'abuseNeglect', 'other']),
      villageCode: vc,
      townshipCode: vc.slice(0, 9),
      countyCode,
      childDescription: '一名儿童',
      note: '测试报告',
      reporter: { personId: 'p-reporter', role: 'villageOfficer' },
      requestId: rid,
      status,
      reportedAt,
      ackDueAt,
      acknowledgedAt,
      escalatedAt: null,
      recipients: [],
      actions: [],
      closedAt: status === 'closed' ? now : null,
    });
    if (status !== 'closed') expect('reports.open', { id: rid, region: vc });
    const periodStart = at(from, '00:00').getTime();
    if (reportedAt.getTime() >= periodStart) {
      expect('reports.received', { id: rid, region: vc });
      if (acknowledgedAt && acknowledgedAt.getTime() <= ackDueAt.getTime()) expect('reports.ackInTime', { id: rid, region: vc });
      else if (acknowledgedAt || now.getTime() > ackDueAt.getTime()) expect('reports.ackLate', { id: rid, region: vc });
      const minutes = Math.ceil(((acknowledgedAt ?? now).getTime() - reportedAt.getTime()) / MIN);
      if (acknowledgedAt) expect('reports.ackMedian', { id: rid, region: vc, v: minutes });
      expect('reports.ackWorst', { id: rid, region: vc, v: minutes });
    }
  }

  // ---------------------------------------------------------------- helpline (county level)
  const nRequests = opts.helplineRequests ?? 40;
  const epoch = new Date(0);
  for (let i = 0; i < nRequests; i++) {
    const id = `hl${String(i + 1).padStart(6, '0')}`;
    const inPeriod = chance(0.5);
    const submittedAt = new Date(now.getTime() - (inPeriod ? int(10, 29 * 24 * 60) : int(31 * 24 * 60, 360 * 24 * 60)) * MIN);
    const response = pick(['fast', 'slow', 'none'] as const);
    const firstResponseAt = response === 'fast' ? new Date(submittedAt.getTime() + int(1, 23 * 60) * MIN) : response === 'slow' ? new Date(submittedAt.getTime() + int(25 * 60, 72 * 60) * MIN) : undefined;
    const queue = pick(['open', 'claimedLive', 'claimedLapsed', 'closed'] as const);
    const leaseUntil = queue === 'claimedLive' ? new Date(now.getTime() + 5 * MIN) : queue === 'claimedLapsed' ? new Date(now.getTime() - 5 * MIN) : epoch;
    const respondedBeforeNow = !firstResponseAt || firstResponseAt.getTime() <= now.getTime();
    add('helplineRequests', {
      _id: id,
      requestNo: `HL${i + 1}`,
      teamId: 'team-1',
      source: 'app',
      category: pick(['psychological', 'legal', 'familyEducation', 'employment']),
      description: '测试求助',
      requesterKind: 'child',
      anonymous: true,
      replyChannel: 'thread',
      pseudonym: '匿名-000000',
      priority: 'normal',
      priorityRank: 1,
      crisis: false,
      status: queue === 'closed' ? 'closed' : queue === 'open' ? 'open' : 'claimed',
      submittedAt,
      queuedAt: submittedAt,
      claimedBy: queue.startsWith('claimed') ? { personId: 'p-agent' } : null,
      leaseUntil,
      ...(firstResponseAt && respondedBeforeNow ? { firstResponseAt } : {}),
      closedAt: queue === 'closed' ? now : null,
      outcome: queue === 'closed' ? 'resolved' : null,
      withdrawnAt: null,
      createdBy: 'app',
    });
    if (inPeriod) {
      expect('helpline.requests', { id, region: countyCode });
      if (response === 'fast' && respondedBeforeNow) expect('helpline.answeredInTarget', { id, region: countyCode });
    }
    if (queue === 'open' || queue === 'claimedLapsed') expect('helpline.waiting', { id, region: countyCode });
  }
  const nReferrals = Math.max(4, Math.round(nRequests / 4));
  for (let i = 0; i < nReferrals; i++) {
    const id = `ref${String(i + 1).padStart(5, '0')}`;
    const when = pick(['pastInTime', 'pastLate', 'pastNone', 'future', 'futureAnswered', 'old'] as const);
    const deadline =
      when === 'future' || when === 'futureAnswered' ? new Date(now.getTime() + int(1, 48) * 3_600_000) : when === 'old' ? at(beforePeriodDay()) : new Date(now.getTime() - int(1, 28 * 24) * 3_600_000);
    const answeredAt = when === 'pastInTime' || when === 'futureAnswered' ? new Date(Math.min(deadline.getTime(), now.getTime()) - 3_600_000) : when === 'pastLate' ? new Date(deadline.getTime() + 3_600_000) : undefined;
    const answered = answeredAt && answeredAt.getTime() <= now.getTime() ? answeredAt : undefined;
    add('helplineReferrals', {
      _id: id,
      requestId: 'hl000001',
      requestNo: 'HL1',
      teamId: 'team-1',
      department: pick(['police', 'civilAffairs', 'school']),
      summary: '转介',
      category: 'legal',
      urgent: false,
      createdBy: 'p-agent',
      createdAt: new Date(deadline.getTime() - 3 * DAY),
      deadline,
      status: answered ? 'answered' : 'sent',
      ...(answered ? { answeredAt: answered, reply: '已处理' } : {}),
    });
    const inRange = deadline.getTime() >= at(from, '00:00').getTime() && deadline.getTime() < at(addDay(asOf, 1), '00:00').getTime();
    if (inRange && (deadline.getTime() <= now.getTime() || answered)) {
      expect('helpline.referralsDue', { id, region: countyCode });
      if (answered && answered.getTime() <= deadline.getTime()) expect('helpline.referralsInTime', { id, region: countyCode });
    }
  }
  addVolunteers({ seed: opts.seed ?? 20261130, countyCode, townships, from, asOf, children: docs.children ?? [], add, bind, expect }); // community: volunteers, shifts, organisations
  addHomes({ countyCode, townships, asOf, add, expect }); // schools: boarding schools and their homes
  // ---------------------------------------------------------------- another county (never counted)
  const far = '341798';
  add('children', { _id: 'far-child', countyCode: far, townshipCode: `${far}100`, villageCode: `${far}100001`, name: '外县儿童', status: 'active', createdAt: now, risk: { level: 'focus' } });
  add('visits', { _id: 'far-visit', childId: 'far-child', villageCode: `${far}100001`, townshipCode: `${far}100`, countyCode: far, date: asOf, kind: 'home', visitor: { personId: 'x', role: 'villageOfficer' }, findings: {}, photos: [], riskLevel: 'focus', requestId: 'far', createdAt: now });
  add('careReports', { _id: 'far-report', kind: 'other', villageCode: `${far}100001`, townshipCode: `${far}100`, countyCode: far, note: '外县', reporter: { personId: 'x', role: 'villageOfficer' }, requestId: 'far', status: 'open', reportedAt: now, ackDueAt: now, acknowledgedAt: null, escalatedAt: null, recipients: [], actions: [], closedAt: null });

  for (const k of Object.keys(truth) as IndicatorKey[]) truth[k] ??= [];
  return { countyCode, asOf, now, period, townships, villages, docs, truth, people };
}

/** JSON for the stand-in's `/__admin/import` (Dates as relaxed EJSON `{ $date }`). */
export function importBody(collections: Record<string, Record<string, unknown>[]>): string {
  return JSON.stringify({ collections }, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : value;
  });
}

/** Loads the county into a running stand-in through `/__admin/import`, in parts (the endpoint takes ≤ 64 MB). */
export async function loadCounty(standinUrl: string, county: GeneratedCounty, partSize = 10_000): Promise<void> {
  for (const [coll, list] of Object.entries(county.docs)) {
    for (let i = 0; i < list.length; i += partSize) {
      const res = await fetch(`${standinUrl}/__admin/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: importBody({ [coll]: list.slice(i, i + partSize) }) });
      if (res.status !== 200) throw new Error(`import of ${coll} failed: ${res.status} ${await res.text()}`);
    }
  }
}
