/**
 * The registry's indicators: children registered and by category, and census coverage
 * ("村不漏组、组不漏户、户不漏人", policy §二(一)). Reads `children` (loaded by the engine),
 * `households`, `censusCampaigns` and `censusCoverage` through the registry contract's types.
 */
import { fetchAll } from '../db';
import type { CampaignDoc, CoverageDoc, FocusFlag, HouseholdDoc } from '../contracts/registry';
import { riskLevelOf } from '../visit-plan';
import { defineSource, inCounty, readAll, type Item } from './define';

const FLAG_KEYS = {
  dropout: 'children.flag.dropout',
  familyDifficulty: 'children.flag.familyDifficulty',
  guardianMissing: 'children.flag.guardianMissing',
  defactoUnsupported: 'children.flag.defactoUnsupported',
  disabled: 'children.flag.disabled',
} as const satisfies Record<FocusFlag, string>;

export const registrySource = defineSource({
  domain: 'registry',
  keys: [
    'children.registered',
    'children.focus',
    'children.attention',
    'children.regular',
    'children.flag.dropout',
    'children.flag.familyDifficulty',
    'children.flag.guardianMissing',
    'children.flag.defactoUnsupported',
    'children.flag.disabled',
    'census.groups',
    'census.groupsUnvisited',
    'census.households',
    'census.householdsUnvisited',
    'census.childrenUnvisited',
  ],
  /**
   * - children: the active files on the as-of day, by the risk level visits are planned by
   *   (a file without one counts as 一般) and by each effective focus flag (a child may carry
   *   several, so the flags do not add up to the total);
   * - census, for the county's latest campaign (by census date): a villager group is one
   *   (village, group name) that a household of the registry lists or an officer marked; it is
   *   visited when a mark of that campaign says so. A household is visited when its
   *   `visits[campaign].visited` is true. A child is unvisited when its household is not (or it
   *   belongs to none). Without any campaign nothing is visited. Same rule as `registry.coverage`.
   */
  async compute({ db, countyCode, children }) {
    const out = {
      'children.registered': [] as Item[],
      'children.focus': [] as Item[],
      'children.attention': [] as Item[],
      'children.regular': [] as Item[],
      'children.flag.dropout': [] as Item[],
      'children.flag.familyDifficulty': [] as Item[],
      'children.flag.guardianMissing': [] as Item[],
      'children.flag.defactoUnsupported': [] as Item[],
      'children.flag.disabled': [] as Item[],
      'census.groups': [] as Item[],
      'census.groupsUnvisited': [] as Item[],
      'census.households': [] as Item[],
      'census.householdsUnvisited': [] as Item[],
      'census.childrenUnvisited': [] as Item[],
    };
    for (const c of children) {
      const item = { id: c._id, region: c.villageCode };
      out['children.registered'].push(item);
      out[`children.${riskLevelOf(c)}`].push(item);
      for (const f of c.effectiveFlags ?? []) if (FLAG_KEYS[f]) out[FLAG_KEYS[f]].push(item);
    }

    const latest = await db.collection('censusCampaigns').where({ countyCode }).orderBy('censusDate', 'desc').limit(1).get();
    const campaign = ((latest.data ?? []) as CampaignDoc[])[0];
    const households = await readAll<Pick<HouseholdDoc, '_id' | 'villageCode' | 'group' | 'visits'>>(db, 'households', { villageCode: inCounty(db, countyCode) }, { _id: true, villageCode: true, group: true, visits: true });
    const marks = campaign
      ? await fetchAll<CoverageDoc>(db.collection('censusCoverage').where({ campaignId: campaign._id, kind: 'group' }).field({ _id: true, villageCode: true, group: true, visited: true, kind: true }), 200_000)
      : [];
    const visitedHouseholds = new Set<string>();
    const groups = new Map<string, { village: string; name: string; visited: boolean }>();
    const group = (village: string, name: string) => {
      const k = `${village}:${name}`;
      if (!groups.has(k)) groups.set(k, { village, name, visited: false });
      return groups.get(k)!;
    };
    for (const h of households) {
      const visited = !!campaign && h.visits?.[campaign._id]?.visited === true;
      if (visited) visitedHouseholds.add(h._id);
      const item = { id: h._id, region: h.villageCode, ...(h.group ? { note: h.group } : {}) };
      out['census.households'].push(item);
      if (!visited) out['census.householdsUnvisited'].push(item);
      if (h.group) group(h.villageCode, h.group);
    }
    for (const m of marks) if (m.group && m.villageCode.startsWith(countyCode)) group(m.villageCode, m.group).visited ||= m.visited;
    for (const [id, g] of groups) {
      const item = { id, region: g.village, note: g.name };
      out['census.groups'].push(item);
      if (!g.visited) out['census.groupsUnvisited'].push(item);
    }
    for (const c of children) if (!c.householdId || !visitedHouseholds.has(c.householdId)) out['census.childrenUnvisited'].push({ id: c._id, region: c.villageCode });
    return out;
  },
});
