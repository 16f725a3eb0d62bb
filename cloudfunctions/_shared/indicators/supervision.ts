/**
 * Supervision's own indicators: spot-check results (随机抽查) and follow-up tasks (跟踪问效).
 * Reads `spotCheckItems` and `followUps` (contracts/supervision.ts).
 */
import { fetchAll } from '../db';
import type { FollowUpDoc, SpotCheckItemDoc } from '../contracts/supervision';
import { SPOT_CHECK_KIND_LABELS } from '../contracts/supervision';
import { addDays, startOfShanghaiDay } from '../time';
import { defineSource, type Item } from './define';

export const supervisionSource = defineSource({
  domain: 'supervision',
  keys: ['spotChecks.checked', 'spotChecks.discrepancies', 'followUps.open', 'followUps.overdue'],
  /**
   * Spot-check items whose result was recorded within the period (by `checkedAt`), and those of
   * them found not to match the record; follow-up tasks not yet closed by the county at the time
   * of counting (they sit in their township), overdue when still unanswered after their deadline
   * (before the as-of day).
   */
  async compute({ db, countyCode, asOf, period }) {
    const _ = db.command;
    const out = {
      'spotChecks.checked': [] as Item[],
      'spotChecks.discrepancies': [] as Item[],
      'followUps.open': [] as Item[],
      'followUps.overdue': [] as Item[],
    };
    const fromAt = startOfShanghaiDay(period.from);
    const toAt = startOfShanghaiDay(addDays(period.to, 1));
    const checked = await fetchAll<Pick<SpotCheckItemDoc, '_id' | 'villageCode' | 'kind' | 'status'>>(
      db.collection('spotCheckItems').where({ countyCode, checkedAt: _.gte(fromAt).and(_.lt(toAt)) }).field({ _id: true, villageCode: true, kind: true, status: true }),
      100_000,
    );
    for (const c of checked) {
      const item = { id: c._id, region: c.villageCode, note: SPOT_CHECK_KIND_LABELS[c.kind] };
      out['spotChecks.checked'].push(item);
      if (c.status === 'discrepancy') out['spotChecks.discrepancies'].push(item);
    }
    const open = await fetchAll<Pick<FollowUpDoc, '_id' | 'townshipCode' | 'status' | 'deadline'>>(
      db.collection('followUps').where({ countyCode, status: _.in(['open', 'answered']) }).field({ _id: true, townshipCode: true, status: true, deadline: true }),
      100_000,
    );
    for (const f of open) {
      const item = { id: f._id, region: f.townshipCode, note: f.status === 'answered' ? '已回复，待县级确认' : `期限${f.deadline}` };
      out['followUps.open'].push(item);
      if (f.status === 'open' && f.deadline < asOf) out['followUps.overdue'].push(item);
    }
    return out;
  },
});
