/**
 * Census coverage (policy §二(一) "村不漏组、组不漏户、户不漏人"): per campaign, each villager group
 * and each registered household of a village is visited or not. Imports mark the groups and
 * households their rows come from; officers mark the rest (including groups with no left-behind
 * child). Township and county staff see the gaps down to the household.
 */
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import { audit, presentPlain, resolveActor, type RoleName } from '../../_shared/access';
import { DEFAULT_CENSUS_DATE, registryContract, type CampaignDoc, type CoverageDoc, type HouseholdDoc } from '../../_shared/contracts/registry';
import { defaultRegion, loadRegions, OFFICER_ROLES, R, requireRegion, STATS_ROLES, type Db } from './common';
import { groupCoverageId } from './import-coverage';
import { campaignIdOf } from './import-store';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';

const A = registryContract.actions;

function regionWhere(db: Db, regionCode: string): Record<string, unknown> {
  if (regionCode.length === 12) return { villageCode: regionCode };
  if (regionCode.length === 9) return { townshipCode: regionCode };
  return { villageCode: db.RegExp({ regexp: `^${regionCode}`, options: '' }) };
}

/** The campaign asked for, or the county's latest. */
async function campaignOf(db: Db, countyCode: string, campaignId?: string): Promise<CampaignDoc | undefined> {
  if (campaignId) return getDoc<CampaignDoc>(db, R.censusCampaigns, campaignId);
  const res = await db.collection(R.censusCampaigns).where({ countyCode }).orderBy('censusDate', 'desc').limit(1).get();
  return ((res.data ?? []) as CampaignDoc[])[0];
}

export const coverage = action(A.coverage, {
  access: { roles: STATS_ROLES, dataScope: 'handler' },
  example: (w) => ({ regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.role === 'villageOfficer' ? w.side.villageCode : w.side.townshipCode }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    const regionCode = input.regionCode ?? defaultRegion(actor, STATS_ROLES);
    if (!regionCode) throw new AppError('FORBIDDEN');
    requireRegion(actor, STATS_ROLES, regionCode);
    const campaign = await campaignOf(db, regionCode.slice(0, 6), input.campaignId);
    const { names } = await loadRegions(db, regionCode.slice(0, 6));
    const households = await fetchAll<HouseholdDoc>(
      db.collection(R.households).where(regionWhere(db, regionCode)).field({ _id: true, villageCode: true, townshipCode: true, group: true, visits: true, childIds: true }),
      100_000,
    );
    const marks = campaign
      ? await fetchAll<CoverageDoc>(db.collection(R.censusCoverage).where({ campaignId: campaign._id, ...regionWhere(db, regionCode) }), 200_000)
      : [];
    const visitedHh = new Set(campaign ? households.filter((h) => h.visits?.[campaign._id]?.visited).map((h) => h._id) : []);
    const villages = new Map<string, { villageCode: string; villageName: string; groups: Map<string, boolean>; households: number; visited: number; unvisited: { householdId: string; group?: string }[] }>();
    const v = (code: string) => {
      let x = villages.get(code);
      if (!x) {
        x = { villageCode: code, villageName: names.get(code) ?? code, groups: new Map(), households: 0, visited: 0, unvisited: [] };
        villages.set(code, x);
      }
      return x;
    };
    for (const h of households) {
      const x = v(h.villageCode);
      x.households++;
      if (visitedHh.has(h._id)) x.visited++;
      else x.unvisited.push({ householdId: h._id, ...(h.group ? { group: h.group } : {}) });
      if (h.group && !x.groups.has(h.group)) x.groups.set(h.group, false);
    }
    for (const m of marks) if (m.kind === 'group' && m.group) v(m.villageCode).groups.set(m.group, m.visited || v(m.villageCode).groups.get(m.group) === true);
    // One village: name each unvisited household by its children, so the officer knows which door to knock on.
    const childNames = regionCode.length === 12 ? await householdChildNames(db, households.filter((h) => !visitedHh.has(h._id)), ctx.grant!.role) : undefined;
    if (childNames) for (const x of villages.values()) for (const u of x.unvisited) Object.assign(u, { childNames: childNames.get(u.householdId) ?? [] });
    const list = [...villages.values()].sort((a, b) => (a.villageCode < b.villageCode ? -1 : 1)).map((x) => ({
      villageCode: x.villageCode,
      villageName: x.villageName,
      households: x.households,
      visitedHouseholds: x.visited,
      unvisitedHouseholds: x.unvisited,
      groups: [...x.groups.entries()].map(([name, visited]) => ({ name, visited })).sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    }));
    await audit(ctx, { op: 'stats', count: list.length, regionCode });
    return {
      campaign: campaign ? { id: campaign._id, censusDate: campaign.censusDate, name: campaign.name } : undefined,
      regionCode,
      villages: list,
      totals: {
        households: list.reduce((s, x) => s + x.households, 0),
        visitedHouseholds: list.reduce((s, x) => s + x.visitedHouseholds, 0),
        groups: list.reduce((s, x) => s + x.groups.length, 0),
        visitedGroups: list.reduce((s, x) => s + x.groups.filter((g) => g.visited).length, 0),
      },
    };
  },
});

/** Household id → its active children's names as `role` may see them (the masking table), in a stable order. */
async function householdChildNames(db: Db, households: HouseholdDoc[], role: RoleName): Promise<Map<string, string[]>> {
  const ids = [...new Set(households.flatMap((h) => h.childIds ?? []))];
  const byId = new Map<string, { _id: string; name?: string; status?: string; erased?: unknown }>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = await fetchAll<{ _id: string; name?: string; status?: string; erased?: unknown }>(
      db.collection(R.children).where({ _id: db.command.in(ids.slice(i, i + 500)) }).field({ _id: true, name: true, status: true, erased: true }),
      500,
    );
    for (const c of part) byId.set(c._id, c);
  }
  const out = new Map<string, string[]>();
  for (const h of households) {
    const names = (h.childIds ?? [])
      .map((id) => byId.get(id))
      .filter((c): c is { _id: string; name?: string } => !!c && !c.erased && c.status !== 'left')
      .map((c) => presentPlain('child.name', c.name, role))
      .filter((n): n is string => !!n);
    out.set(h._id, names);
  }
  return out;
}

export const markCoverage = action(A.markCoverage, {
  access: { roles: OFFICER_ROLES, dataScope: 'handler' },
  example: (w) => ({ villageCode: w.side.villageCode, campaignId: campaignIdOf(w.side.countyCode, DEFAULT_CENSUS_DATE), group: '3组' }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    requireRegion(actor, OFFICER_ROLES, input.villageCode);
    const countyCode = input.villageCode.slice(0, 6);
    let campaign = await campaignOf(db, countyCode, input.campaignId);
    if (!campaign && input.campaignId === campaignIdOf(countyCode, DEFAULT_CENSUS_DATE)) {
      campaign = { _id: input.campaignId, countyCode, censusDate: DEFAULT_CENSUS_DATE, name: `${DEFAULT_CENSUS_DATE} 摸底排查`, createdAt: ctx.now() };
      await db.collection(R.censusCampaigns).add(campaign).catch(() => undefined);
    }
    if (!campaign) throw new AppError('NOT_FOUND', '未找到该次摸底排查');
    if (input.householdId) {
      const h = await getDoc<HouseholdDoc>(db, R.households, input.householdId);
      if (!h || h.villageCode !== input.villageCode) throw new AppError('NOT_FOUND', '未找到该户');
    }
    const by = actor.personId ? { by: actor.personId } : {};
    let id: string;
    if (input.householdId) {
      id = input.householdId;
      await db.collection(R.households).doc(input.householdId).update({ [`visits.${campaign._id}`]: db.command.set({ visited: input.visited, at: ctx.now(), source: 'officer', ...by } as never) });
    } else {
      id = groupCoverageId(campaign._id, input.villageCode, input.group!);
      const doc: Omit<CoverageDoc, '_id'> = {
        campaignId: campaign._id,
        countyCode,
        townshipCode: input.villageCode.slice(0, 9),
        villageCode: input.villageCode,
        kind: 'group',
        group: input.group,
        visited: input.visited,
        visitedAt: ctx.now(),
        ...by,
        source: 'officer',
      };
      await db.collection(R.censusCoverage).doc(id).set(doc);
    }
    await audit(ctx, { op: 'write', target: { kind: 'coverage', id }, regionCode: input.villageCode });
    return { id, visited: input.visited };
  },
});
