/**
 * Referrals of a child's case to a directory entry (issue 18; policy §二(五); docs/community.md
 * "Referrals to a directory entry"): the child's village officer, township staff or the county
 * refer; the entry's staff (`siteStaff`, bound by invitation) are told in 消息 and answer on 转介单
 * before the deadline; nobody bound → the county admins are told and the order says so; past the
 * deadline unanswered → escalated once to the county admins (timer below).
 */
import { randomUUID } from 'node:crypto';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { childTarget, presentPlain, scopeFilter, type RoleName, type TargetSpec } from '../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import { notify } from '../../_shared/notify';
import { shanghaiDay } from '../../_shared/time';
import type { ActionContext, Db } from '../../_shared/context';
import { REFERRAL_SITE_KINDS, SITE_ROUTE_NOTES, deliverToSite, escalateToCounty, referralSite, siteStaffOf } from '../../_shared/site-referrals';
import {
  SITE_KIND_LABELS,
  SITE_REFERRERS,
  communityContract,
  type ReferralSiteOption,
  type SiteDoc,
  type SiteReferralDoc,
  type SiteReferralView,
} from '../../_shared/contracts/community';
import { CM, personOf, regionNames } from './common';

const A = communityContract.actions;

/** The child referrals' collection (declared in _shared/collections.ts and database.ts). */
export const SITE_REFERRALS = 'siteReferrals';

/** Who reads the list: the referrers of the child's area and the entry's staff. */
const READERS = [...SITE_REFERRERS, 'siteStaff'] as const satisfies readonly RoleName[];
/** Who answers: the entry's staff, and the county admins (for an entry nobody is bound to, or an overdue one). */
const ANSWERERS = ['siteStaff', 'countyAdmin'] as const satisfies readonly RoleName[];

/** Target: a child referral — the child's village (referrers, the county) and the entry it was sent to. */
const referralTarget = (id: (i: { referralId: string }) => string): TargetSpec<{ referralId: string }, SiteReferralDoc> => ({
  kind: 'siteReferral',
  collection: SITE_REFERRALS,
  id,
  scopeOf: (r) => ({ regionCode: r.villageCode, childIds: [r.childId], siteIds: [r.siteId] }),
});

interface ChildRow {
  _id: string;
  name?: string;
  villageCode: string;
  townshipCode?: string;
}

/** `乡镇 · 村` of a village code. */
function placeOf(code: string, names: Map<string, string>): string {
  return [...new Set([names.get(code.slice(0, 9)), names.get(code)])].filter(Boolean).join(' · ');
}

/** A child referral as `role` sees it. */
function view(r: SiteReferralDoc, ctx: ActionContext, role: RoleName, extra: { childName?: string; names: Map<string, string>; people: Map<string, string> }): SiteReferralView {
  const now = ctx.now();
  const deadline = new Date(r.deadline);
  const mine = (ctx.actor?.bindings ?? []).some((b) => (b.role === 'siteStaff' && b.scope.kind === 'site' && b.scope.siteId === r.siteId) || (b.role === 'countyAdmin' && b.scope.kind === 'region' && b.scope.codes.some((c) => r.villageCode.startsWith(c))));
  return {
    referralId: r._id,
    siteId: r.siteId,
    siteName: r.siteName,
    childName: presentPlain('child.name', extra.childName, role) ?? '儿童',
    place: placeOf(r.villageCode, extra.names),
    summary: r.summary,
    referredBy: presentPlain('person.name', extra.people.get(r.createdBy), role) ?? '工作人员',
    createdAt: r.createdAt,
    deadline,
    status: r.status,
    statusLabel: r.status === 'answered' ? '已答复' : now.getTime() > deadline.getTime() ? '已逾期' : '待答复',
    routeNote: SITE_ROUTE_NOTES[r.route],
    escalated: r.escalated,
    reply: r.reply,
    answeredAt: r.answeredAt,
    answeredInTime: r.answeredAt ? new Date(r.answeredAt).getTime() <= deadline.getTime() : undefined,
    answerable: r.status === 'sent' && mine,
  };
}

/** Names of children and people the views need. */
async function lookups(db: Db, rows: SiteReferralDoc[]) {
  const _ = db.command;
  const childIds = [...new Set(rows.map((r) => r.childId))];
  const personIds = [...new Set(rows.map((r) => r.createdBy))];
  const [children, people, names] = await Promise.all([
    childIds.length ? fetchAll<ChildRow>(db.collection(CM.children).where({ _id: _.in(childIds) }).field({ _id: true, name: true }), 1000) : [],
    personIds.length ? fetchAll<{ _id: string; name?: string }>(db.collection(CM.persons).where({ _id: _.in(personIds) }).field({ _id: true, name: true }), 1000) : [],
    rows[0] ? regionNames(db, rows[0].countyCode) : new Map<string, string>(),
  ]);
  return { children: new Map(children.map((c) => [c._id, c.name ?? ''])), people: new Map(people.map((p) => [p._id, p.name ?? ''])), names };
}

export const referTargets = action(A.referTargets, {
  access: { roles: SITE_REFERRERS, target: childTarget((i: { childId: string }) => i.childId), audit: 'read' },
  example: (w) => ({ childId: w.side.childId }),
  /**
   * The open protection centre, shelters and social organisations a child may be referred to:
   * county-wide ones and those serving the child's township or village, county-wide first;
   * `staffed` false when nobody is bound to the entry (the county admins would take the order).
   */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const child = ctx.grant!.target!.doc as ChildRow;
    const county = child.villageCode.slice(0, 6);
    const [docs, names] = await Promise.all([fetchAll<SiteDoc>(db.collection(CM.sites).where({ countyCode: county, status: 'open' }), 5000), regionNames(db, county)]);
    const fit = docs.filter((d) => (REFERRAL_SITE_KINDS as readonly string[]).includes(d.kind) && child.villageCode.startsWith(d.regionCode));
    fit.sort((a, b) => a.regionCode.length - b.regionCode.length || a.name.localeCompare(b.name, 'zh-Hans-CN'));
    const sites: ReferralSiteOption[] = [];
    for (const d of fit) {
      sites.push({ siteId: d._id, name: d.name, kindLabel: SITE_KIND_LABELS[d.kind], place: d.regionCode.length === 6 ? '全县' : placeOf(d.regionCode, names) || (names.get(d.regionCode) ?? ''), staffed: (await siteStaffOf(db, d._id)).length > 0 });
    }
    return { childName: presentPlain('child.name', child.name, ctx.grant!.role) ?? '儿童', sites };
  },
});

export const referChild = action(A.referChild, {
  access: { roles: SITE_REFERRERS, target: childTarget((i: { childId: string }) => i.childId), audit: 'write' },
  example: (w) => ({ childId: w.side.childId, siteId: w.side.siteId, summary: '孩子长期独自在家，情绪低落，请安排心理疏导', reason: '需要专业机构介入' }),
  /**
   * Sends the order (deadline = now + `deadlineDays` days, an instant) to an open entry of the
   * child's area or the county's; its staff are told in 消息; nobody bound → the county admins,
   * and `routeNote` says so plainly; nobody at all → recorded unreached for the county's 工作台.
   * Audited as a write on the child with the reason.
   * @throws NOT_FOUND unknown entry; VALIDATION_FAILED closed entry, a kind that takes no
   *   referrals, or an entry serving another township
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const by = personOf(ctx);
    const child = ctx.grant!.target!.doc as ChildRow;
    const site = await referralSite(db, input.siteId);
    if (!child.villageCode.startsWith(site.regionCode)) throw new AppError('VALIDATION_FAILED', '该服务机构不服务这名儿童所在的乡镇，请选择全县的或本乡镇的机构');
    const now = ctx.now();
    const doc: SiteReferralDoc = {
      _id: `sr${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      countyCode: child.villageCode.slice(0, 6),
      siteId: site._id,
      siteName: site.name,
      childId: child._id,
      villageCode: child.villageCode,
      townshipCode: child.villageCode.slice(0, 9),
      summary: input.summary,
      createdBy: by,
      createdAt: now,
      deadline: new Date(now.getTime() + input.deadlineDays * 86_400_000),
      status: 'sent',
      route: 'siteStaff',
      escalated: false,
    };
    await db.collection(SITE_REFERRALS).add(doc);
    ctx.auditExtra = { reason: input.reason, refs: { referralId: doc._id, siteId: site._id } };
    const sent = await deliverToSite(
      db,
      site,
      (personId) =>
        notify(ctx, {
          to: { personId },
          kind: 'community.referral',
          title: `儿童转介单（${site.name}）`,
          body: `${placeOf(child.villageCode, new Map())}有一名儿童转介给${site.name}，请于${shanghaiDay(doc.deadline)}前在“转介单”中答复`,
          ref: { kind: 'siteReferral', id: doc._id },
          dedupeKey: `siteReferral:${doc._id}:${personId}`,
        }),
      { kind: 'siteReferral', refId: doc._id, summary: `儿童转介（${site.name}）`, now },
    );
    if (sent.route !== 'siteStaff') await db.collection(SITE_REFERRALS).doc(doc._id).update({ route: sent.route });
    doc.route = sent.route;
    const l = await lookups(db, [doc]);
    const referral = view(doc, ctx, ctx.grant!.role, { childName: child.name, names: l.names, people: l.people });
    return { referral, notified: sent.told.length, ...(referral.routeNote ? { routeNote: referral.routeNote } : {}) };
  },
});

export const siteReferrals = action(A.siteReferrals, {
  access: { roles: READERS },
  example: () => ({}),
  /**
   * Child referrals the caller's bindings reach — sent to the caller's entry (its staff), or about
   * children of the caller's area (referrers, the county) — open ones by deadline first, then
   * answered ones newest first (at most 200). The entry's staff see the child's name masked.
   * Audited as one search.
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const roles = READERS.filter((r) => ctx.actor!.bindings.some((b) => b.role === r));
    const filter = scopeFilter(db, ctx.actor!, roles, { village: 'villageCode', township: 'townshipCode', site: 'siteId' });
    if (!filter) return { referrals: [] };
    const where = input.status ? db.command.and([filter, { status: input.status }]) : filter;
    const rows = await fetchAll<SiteReferralDoc>(db.collection(SITE_REFERRALS).where(where), 200);
    rows.sort((a, b) =>
      a.status !== b.status
        ? a.status === 'sent'
          ? -1
          : 1
        : a.status === 'sent'
          ? new Date(a.deadline).getTime() - new Date(b.deadline).getTime()
          : new Date(b.answeredAt ?? 0).getTime() - new Date(a.answeredAt ?? 0).getTime(),
    );
    const l = await lookups(db, rows);
    const role = ctx.grant!.role;
    return { referrals: rows.map((r) => view(r, ctx, role, { childName: l.children.get(r.childId), names: l.names, people: l.people })) };
  },
});

export const answerSiteReferral = action(A.answerSiteReferral, {
  access: { roles: ANSWERERS, target: referralTarget((i) => i.referralId), audit: 'write' },
  example: async (w) => {
    const now = w.now;
    const referralId = await w.insert(SITE_REFERRALS, {
      _id: `sr${w.unique()}`,
      countyCode: w.side.countyCode,
      siteId: w.side.siteId,
      siteName: '未成年人保护工作站',
      childId: w.side.childId,
      villageCode: w.side.villageCode,
      townshipCode: w.side.townshipCode,
      summary: '孩子长期独自在家，请安排心理疏导',
      createdBy: 'example',
      createdAt: now,
      deadline: new Date(now.getTime() + 3 * 86_400_000),
      status: 'sent',
      route: 'siteStaff',
      escalated: false,
    });
    return { referralId, reply: '已上门了解，安排每周一次心理疏导' };
  },
  /**
   * Records the answer once (first answer wins) and tells the referrer in 消息.
   * @throws CONFLICT already answered
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const now = ctx.now();
    const by = personOf(ctx);
    const res = (await db.collection(SITE_REFERRALS).where({ _id: input.referralId, status: 'sent' }).update({ status: 'answered', reply: input.reply, answeredAt: now, answeredBy: by })) as { updated?: number };
    if (!res.updated) throw new AppError('CONFLICT', '该转介单已答复');
    const doc = (await getDoc<SiteReferralDoc>(db, SITE_REFERRALS, input.referralId))!;
    if (doc.createdBy !== by) {
      try {
        await notify(ctx, {
          to: { personId: doc.createdBy },
          kind: 'community.referralAnswered',
          title: `${doc.siteName}已答复转介单`,
          body: `您转介给${doc.siteName}的儿童情况已有答复，请在“转介单”中查看`,
          ref: { kind: 'siteReferral', id: doc._id },
          dedupeKey: `siteReferralAnswered:${doc._id}`,
        });
      } catch (err) {
        // Not urgent: the answer is recorded and shows on the referrer's 转介单.
        console.error('community.answerSiteReferral: telling the referrer failed', err);
      }
    }
    const l = await lookups(db, [doc]);
    return { referral: view(doc, ctx, ctx.grant!.role, { childName: l.children.get(doc.childId), names: l.names, people: l.people }) };
  },
});

/**
 * Timer: child referrals past their deadline unanswered are escalated once to the county admins
 * (nobody in the county → recorded unreached). Safe to run twice: each order is claimed by a
 * conditional update before anyone is told.
 * @returns how many were escalated
 */
export async function escalateOverdueChildReferrals(ctx: ActionContext): Promise<number> {
  const db = dbOf(ctx);
  const now = ctx.now();
  const due = await fetchAll<SiteReferralDoc>(db.collection(SITE_REFERRALS).where({ status: 'sent', escalated: false, deadline: db.command.lt(now) }), 500);
  let n = 0;
  for (const r of due) {
    const claimed = (await db.collection(SITE_REFERRALS).where({ _id: r._id, escalated: false }).update({ escalated: true, escalatedAt: now })) as { updated?: number };
    if (!claimed.updated) continue;
    n++;
    await escalateToCounty(
      db,
      r.countyCode,
      (personId) =>
        notify(ctx, {
          to: { personId },
          kind: 'community.referralOverdue',
          title: `儿童转介单逾期未答复（${r.siteName}）`,
          body: `转给${r.siteName}的儿童转介单已过${shanghaiDay(r.deadline)}的答复期限，请督促或代为答复`,
          ref: { kind: 'siteReferral', id: r._id },
          dedupeKey: `siteReferralOverdue:${r._id}:${personId}`,
        }),
      { kind: 'siteReferralEscalation', refId: r._id, regionCode: r.villageCode, summary: `儿童转介逾期（${r.siteName}）`, now },
    );
  }
  return n;
}
