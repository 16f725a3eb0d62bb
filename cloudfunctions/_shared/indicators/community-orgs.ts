/**
 * Social and Youth League organisation indicators (policy §二(四)–(五); docs/community.md):
 * townships served by at least one active social organisation, and Youth League organisations
 * with the active children paired with each. Reads the documents through the community
 * contract's types; no domain code.
 */
import { fetchAll } from '../db';
import type { LeagueOrgDoc, LeaguePairingDoc, OrgDoc } from '../contracts/community';
import { defineSource } from './define';

export const communityOrgsSource = defineSource({
  domain: 'community-orgs',
  keys: ['community.townshipsWithOrg', 'community.leagueOrgs', 'community.leagueOrgsUnpaired'],
  /**
   * Townships of the county with at least one `active` social organisation listing them (note
   * `2家社会组织`); every Youth League organisation at its township with the number of its active
   * pairings whose child is in the active registry on the as-of day (note `结对3名儿童`), and those
   * with none.
   */
  async compute({ db, countyCode, townships, children }) {
    const orgs = await fetchAll<Pick<OrgDoc, '_id' | 'townships' | 'status'>>(db.collection('socialOrgs').where({ countyCode }).field({ _id: true, townships: true, status: true }), 100_000);
    const serving = new Map<string, number>();
    for (const o of orgs) if (o.status === 'active') for (const t of new Set(o.townships)) serving.set(t, (serving.get(t) ?? 0) + 1);
    const league = await fetchAll<Pick<LeagueOrgDoc, '_id' | 'townshipCode'>>(db.collection('leagueOrgs').where({ countyCode }).field({ _id: true, townshipCode: true }), 100_000);
    const pairings = await fetchAll<Pick<LeaguePairingDoc, 'orgId' | 'childId'>>(db.collection('leaguePairings').where({ countyCode, active: true }).field({ orgId: true, childId: true }), 100_000);
    const active = new Set(children.map((c) => c._id));
    const paired = new Map<string, Set<string>>();
    for (const p of pairings) if (active.has(p.childId)) paired.set(p.orgId, (paired.get(p.orgId) ?? new Set()).add(p.childId));
    const leagueItems = league.map((o) => ({ id: o._id, region: o.townshipCode, note: paired.get(o._id)?.size ? `结对${paired.get(o._id)!.size}名儿童` : '尚未结对' }));
    return {
      'community.townshipsWithOrg': townships.filter((t) => serving.has(t.code)).map((t) => ({ id: t.code, region: t.code, note: `${serving.get(t.code)}家社会组织` })),
      'community.leagueOrgs': leagueItems,
      'community.leagueOrgsUnpaired': leagueItems.filter((i) => !paired.get(i.id)?.size),
    };
  },
});
