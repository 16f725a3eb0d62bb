/**
 * Referrals to a directory entry (issue 18; policy §二(五): the county's minors' protection centre,
 * shelters and social organisations take children referred to them). Both the helpline (a request
 * referred to department `site`) and community (a child's case) send work orders to an entry of
 * the community directory; this module holds what the two share: which entries may receive one,
 * who is told (the entry's staff, bound to it by invitation; nobody bound → the county admins,
 * and the order says so plainly; nobody at all → recorded unreached, DESIGN "urgent work never
 * fails silently"), and the escalation of an overdue order to the county admins.
 */
import type { Db } from './context';
import { fetchAll, getDoc } from './db';
import { AppError } from './errors';
import { deliverUrgent, type UrgentKind } from './urgent';
import { regionHolders } from './holders';

/** The community directory's collection (owned by `community`; read here for name and area). */
export const SITES_COLLECTION = 'communitySites';

/** Kinds of directory entry a referral may go to: the protection centre, a shelter, a social organisation. */
export const REFERRAL_SITE_KINDS = ['centre', 'shelter', 'organisation'] as const;

/** Who a referral to an entry reached: its staff, the county admins in their stead, or nobody. */
export type SiteRoute = 'siteStaff' | 'countyAdmins' | 'nobody';

/** What a referral says about where it went when it is not the entry's own staff (Chinese, shown on both sides). */
export const SITE_ROUTE_NOTES: Record<SiteRoute, string | undefined> = {
  siteStaff: undefined,
  countyAdmins: '该机构还没有绑定工作人员，转介单已转县民政局管理员处理',
  nobody: '该机构还没有绑定工作人员，县里也没有管理员，转介单未能送达任何人，请直接电话联系该机构',
};

/** What a referral needs of its entry. */
export interface ReferralSite {
  _id: string;
  name: string;
  kind: string;
  regionCode: string;
  countyCode: string;
  status: string;
}

/**
 * The open entry a referral may go to.
 * @throws NOT_FOUND for an unknown entry; VALIDATION_FAILED for a closed one or a kind that takes no referrals
 */
export async function referralSite(db: Db, siteId: string): Promise<ReferralSite> {
  const site = await getDoc<ReferralSite>(db, SITES_COLLECTION, siteId);
  if (!site) throw new AppError('NOT_FOUND', '没有找到这个服务机构，请刷新后重新选择');
  if (site.status !== 'open') throw new AppError('VALIDATION_FAILED', '该服务机构已停用，请选择其他机构');
  if (!(REFERRAL_SITE_KINDS as readonly string[]).includes(site.kind)) throw new AppError('VALIDATION_FAILED', '只能转介到未成年人保护中心、救助保护机构或社会组织');
  return site;
}

/** People bound to the entry (active `siteStaff` bindings). */
export async function siteStaffOf(db: Db, siteId: string): Promise<string[]> {
  const rows = await fetchAll<{ personId: string }>(db.collection('roleBindings').where({ role: 'siteStaff', status: 'active', 'scope.siteId': siteId }), 200);
  return [...new Set(rows.map((b) => b.personId))];
}


/**
 * Tells the entry's staff about a new referral; with nobody bound, the county admins; with nobody
 * at all, records it unreached (the county's 工作台 lists it).
 * @returns the people told and the route the referral took
 */
export async function deliverToSite(
  db: Db,
  site: ReferralSite,
  send: (personId: string) => Promise<unknown>,
  item: { kind: UrgentKind; refId: string; summary: string; now: Date },
): Promise<{ told: string[]; route: SiteRoute }> {
  const staff = await siteStaffOf(db, site._id);
  const admins = staff.length ? [] : await regionHolders(db, 'countyAdmin', site.countyCode);
  const { told } = await deliverUrgent(db, [staff, admins], send, { ...item, regionCode: site.regionCode });
  return { told, route: staff.length ? 'siteStaff' : admins.length ? 'countyAdmins' : 'nobody' };
}

/**
 * Tells the county admins of an order past its deadline (once: the caller marks it escalated).
 * @returns the people told (empty: recorded unreached)
 */
export async function escalateToCounty(
  db: Db,
  countyCode: string,
  send: (personId: string) => Promise<unknown>,
  item: { kind: UrgentKind; refId: string; regionCode: string; summary: string; now: Date },
): Promise<string[]> {
  const { told } = await deliverUrgent(db, [await regionHolders(db, 'countyAdmin', countyCode)], send, item);
  return told;
}
