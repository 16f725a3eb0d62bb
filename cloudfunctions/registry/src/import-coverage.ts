/**
 * Census import: the campaign and the villager-group coverage marks an import leaves behind
 * (docs/registry.md "Import jobs", docs/census.md coverage).
 */
import { stableId } from '../../_shared/access';
import { type CampaignDoc, type CoverageDoc, type ImportJobDoc } from '../../_shared/contracts/registry';
import { R, type Db } from './common';
import { getDoc } from '../../_shared/db';
import { campaignIdOf, insertMissing } from './import-store';

export async function ensureCampaign(db: Db, countyCode: string, censusDate: string, now: Date): Promise<string> {
  const id = campaignIdOf(countyCode, censusDate);
  const have = await getDoc<CampaignDoc>(db, R.censusCampaigns, id);
  if (!have) {
    await insertMissing(db, R.censusCampaigns, [{ _id: id, countyCode, censusDate, name: `${censusDate} 摸底排查`, createdAt: now } satisfies CampaignDoc]);
  }
  return id;
}

/** Coverage mark id of a villager group (households carry their own `visits`). */
export function groupCoverageId(campaignId: string, villageCode: string, group: string): string {
  return stableId('cg', campaignId, villageCode, group);
}

/**
 * Marks the villager groups of `touched` visited in the job's campaign: marks not known to exist
 * are inserted (one batch), the others set visited unless they already are (one update).
 * @param known ids of marks known to exist (this instance wrote them for the job); updated
 */
export async function markVisited(
  db: Db,
  job: ImportJobDoc,
  known: Set<string>,
  touched: { villageCode: string; townshipCode: string; group?: string; householdId: string }[],
  now: Date,
  personId?: string,
): Promise<void> {
  const _ = db.command;
  const docs = new Map<string, CoverageDoc>();
  for (const t of touched) {
    if (!t.group) continue;
    const gid = groupCoverageId(job.campaignId, t.villageCode, t.group);
    docs.set(gid, {
      _id: gid,
      campaignId: job.campaignId,
      countyCode: job.countyCode,
      townshipCode: t.townshipCode,
      villageCode: t.villageCode,
      kind: 'group',
      group: t.group,
      visited: true,
      visitedAt: now,
      source: 'import',
      ...(personId ? { by: personId } : {}),
    });
  }
  const list = [...docs.values()];
  const inserted = await insertMissing(
    db,
    R.censusCoverage,
    list.filter((d) => !known.has(d._id)),
  );
  const others = list.filter((d) => !inserted.has(d._id)).map((d) => d._id);
  if (others.length) await db.collection(R.censusCoverage).where({ visited: false, _id: _.in(others) }).update({ visited: true, visitedAt: now, source: 'import' });
  for (const d of list) known.add(d._id);
}
