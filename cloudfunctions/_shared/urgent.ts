/**
 * Urgent work that reached nobody. DESIGN rule "urgent work never fails silently": an immediate
 * report, a guardianship order, a helpline referral, a spot check's follow-up task or an escalation always reaches a person —
 * the people of its region, else the county admins — or is recorded here, so the caller's answer
 * can say plainly that nobody was told (and to call 110), and the county admin's 工作台 lists it
 * the moment someone is bound (policy §三(三): every township names staff, every village an officer).
 */
import type { Db } from './context';
import { fetchAll, insertOnce } from './db';

export const UNREACHED_URGENT = 'unreachedUrgent';

/** What kind of urgent item found no one; the page it opens is in {@link unreachedPage}. */
export type UrgentKind = 'report' | 'reportEscalation' | 'order' | 'orderEscalation' | 'referral' | 'followUp' | 'dropoutEscalation' | 'siteReferral' | 'siteReferralEscalation';

/** Chinese names of the kinds, as the county admin's list shows them. */
export const URGENT_KIND_LABELS: Record<UrgentKind, string> = {
  report: '强制报告',
  reportEscalation: '强制报告超时督办',
  order: '监护责令',
  orderEscalation: '监护责令逾期督办',
  referral: '热线转介',
  followUp: '督查整改任务',
  dropoutEscalation: '辍学劝返无效上报',
  siteReferral: '转介到服务机构',
  siteReferralEscalation: '服务机构转介逾期督办',
};

/** The mini-program page an unreached item opens (the report, the order, the referral list). */
export function unreachedPage(kind: UrgentKind, refId: string): string {
  if (kind === 'report' || kind === 'reportEscalation') return `/packageCare/pages/report/index?reportId=${refId}`;
  if (kind === 'order' || kind === 'orderEscalation') return `/packageGuardianship/pages/order/index?id=${refId}`;
  if (kind === 'followUp') return `/packageSupervision/pages/follow-up/index?id=${refId}`;
  if (kind === 'dropoutEscalation') return `/packageSchools/pages/case/index?caseId=${refId}`;
  if (kind === 'siteReferral' || kind === 'siteReferralEscalation') return '/packageCommunity/pages/referrals/index';
  return '/packageHelpline/pages/referrals/index';
}

/** One urgent item nobody could be told about; `_id` = `<kind>:<refId>` (recorded once). */
export interface UnreachedDoc {
  _id: string;
  kind: UrgentKind;
  refId: string;
  /** Division code of the item's place (village, township or county). */
  regionCode: string;
  countyCode: string;
  /** What it is about, in Chinese, without personal data (e.g. `儿童失踪：某某村`). */
  summary: string;
  recordedAt: Date;
}

/**
 * Tells the first tier of people that is not empty (e.g. [township staff + police], then
 * [county admins]); when every tier is empty, records the item in {@link UNREACHED_URGENT}.
 * @param tiers person ids per tier, in order of preference
 * @param send delivers to one person (in-app notification; the push is its echo)
 * @returns the people told (empty when nobody could be) and whether the item was recorded unreached
 */
export async function deliverUrgent(
  db: Db,
  tiers: readonly (readonly string[])[],
  send: (personId: string) => Promise<unknown>,
  item: Omit<UnreachedDoc, '_id' | 'countyCode' | 'recordedAt'> & { now: Date },
): Promise<{ told: string[]; unreached: boolean }> {
  for (const tier of tiers) {
    const people = [...new Set(tier)].sort();
    if (!people.length) continue;
    for (const personId of people) await send(personId);
    return { told: people, unreached: false };
  }
  const { now, ...rest } = item;
  const doc: UnreachedDoc = { _id: `${item.kind}:${item.refId}`, ...rest, countyCode: item.regionCode.slice(0, 6), recordedAt: now };
  // One entry per item (a retry finds it recorded); a write that stored nothing is thrown, never dropped.
  await insertOnce(db, UNREACHED_URGENT, doc);
  return { told: [], unreached: true };
}

/** Unreached items of a county, newest first (at most `limit`). */
export async function listUnreached(db: Db, countyCode: string, limit = 200): Promise<UnreachedDoc[]> {
  const rows = await fetchAll<UnreachedDoc>(db.collection(UNREACHED_URGENT).where({ countyCode }), limit);
  return rows.sort((a, b) => new Date(b.recordedAt).getTime() - new Date(a.recordedAt).getTime());
}
