/**
 * Referrals (转介): an agent hands a request to a department — police, civil affairs, a school, a
 * hospital, legal aid — as a work order with a deadline and a tracked reply. The department sees
 * only the referral (the summary the agent wrote, category, deadline), never the thread or who
 * asked. Referring is the only way a request reaches anyone outside the helpline; it needs a
 * written reason and is audited.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, scopeFilter, type RoleName } from '../../_shared/access';
import { CATEGORY_LABELS, DEPARTMENT_LABELS, helplineContract, type Department, type ReferralView } from '../../_shared/contracts/helpline';
import { DEFAULT_LEASE_MS, HELPLINE_ROLES, HL, callerPerson, referralTarget, requestTarget, type ReferralDoc, type RequestDoc } from './common';
import { renewLease } from './queue';
import { notifyRequester } from './services';
import { exampleHeldRequest, exampleReferral } from './examples';
import type { ActionContext } from '../../_shared/context';
import { notify } from '../../_shared/notify';
import { deliverUrgent } from '../../_shared/urgent';
import { fetchAll, getDoc } from '../../_shared/db';
import { shanghaiDay } from '../../_shared/time';
import { SITE_ROUTE_NOTES, deliverToSite, escalateToCounty, referralSite } from '../../_shared/site-referrals';
import { regionHolders } from '../../_shared/holders';
import type { Db } from '../../_shared/context';

const A = helplineContract.actions;

/** Roles of the departments a referral can reach, besides the helpline itself. */
export const DEPARTMENT_ROLES = ['police', 'townshipStaff', 'villageOfficer', 'schoolStaff', 'countyAdmin', 'siteStaff'] as const satisfies readonly RoleName[];
const REFERRAL_ROLES = [...HELPLINE_ROLES, ...DEPARTMENT_ROLES] as const;

/** A referral as shown to the helpline and to the department. */
export function referralView(r: ReferralDoc, now: Date): ReferralView {
  const deadline = new Date(r.deadline);
  return {
    id: r._id,
    requestNo: r.requestNo,
    department: r.department,
    departmentLabel: DEPARTMENT_LABELS[r.department as Department] ?? r.department,
    regionCode: r.regionCode,
    schoolId: r.schoolId,
    ...(r.siteId ? { siteId: r.siteId, siteName: r.siteName, routeNote: SITE_ROUTE_NOTES[r.route ?? 'siteStaff'], escalated: !!r.escalatedAt } : {}),
    summary: r.summary,
    categoryLabel: CATEGORY_LABELS[r.category],
    urgent: r.urgent,
    createdAt: r.createdAt,
    deadline,
    status: r.status,
    statusLabel: r.status === 'answered' ? '已答复' : now.getTime() > deadline.getTime() ? '已逾期' : '待答复',
    reply: r.reply ?? null,
    answeredAt: r.answeredAt ?? null,
    answeredInTime: r.answeredAt ? new Date(r.answeredAt).getTime() <= deadline.getTime() : null,
  };
}

export const refer = action(A.refer, {
  access: { roles: HELPLINE_ROLES, target: requestTarget((i: { id: string }) => i.id), audit: 'write' },
  example: async (w) => ({ id: await exampleHeldRequest(w), department: 'police', regionCode: w.side.townshipCode, summary: '孩子反映在校外受到威胁，请核实', reason: '涉及人身安全需公安介入' }),
  /**
   * Creates the work order (deadline = now + `deadlineDays` days), audited with the reason.
   * Police and civil affairs need a `regionCode`, a school needs a `schoolId`, a directory entry
   * (department `site`, issue 18) a `siteId`: its staff are told; with nobody bound the county
   * admins are, and the answer's `routeNote` says so plainly.
   * @throws CONFLICT when the caller does not hold the request; VALIDATION_FAILED for a missing
   *   destination or a closed entry; NOT_FOUND for an unknown entry
   */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    if ((input.department === 'police' || input.department === 'civilAffairs') && !input.regionCode) throw new AppError('VALIDATION_FAILED', '请选择转介的乡镇或区县');
    if (input.department === 'school' && !input.schoolId) throw new AppError('VALIDATION_FAILED', '请选择转介的学校');
    if (input.department === 'site' && !input.siteId) throw new AppError('VALIDATION_FAILED', '请选择转介的服务机构');
    const site = input.department === 'site' ? await referralSite(db, input.siteId!) : undefined;
    const now = ctx.now();
    const r = await renewLease(db, input.id, callerPerson(ctx), now, DEFAULT_LEASE_MS);
    if (!r) throw new AppError('CONFLICT', '该求助不在您名下或领取已过期，请先领取');
    const doc: Omit<ReferralDoc, '_id'> = {
      requestId: r._id,
      requestNo: r.requestNo,
      teamId: r.teamId,
      department: input.department,
      summary: input.summary,
      category: r.category,
      urgent: r.priority === 'urgent',
      createdBy: callerPerson(ctx),
      createdAt: now,
      deadline: new Date(now.getTime() + input.deadlineDays * 86_400_000),
      status: 'sent',
      reply: null,
      answeredAt: null,
      answeredBy: null,
    };
    if (site) {
      // The entry's area: its staff and the county admins (region scope) both reach the order.
      Object.assign(doc, { siteId: site._id, siteName: site.name, regionCode: site.regionCode, escalated: false });
    } else {
      if (input.regionCode) doc.regionCode = input.regionCode;
      if (input.schoolId) doc.schoolId = input.schoolId;
    }
    const added = (await db.collection(HL.referrals).add(doc)) as { id?: string };
    const referralId = String(added.id);
    ctx.auditExtra = { reason: input.reason, refs: { referralId, department: input.department }, ...(doc.regionCode ? { regionCode: doc.regionCode } : {}) };
    let told: string[];
    if (site) {
      const sent = await deliverToSite(db, site, (personId) => tellOne(ctx, { _id: referralId, ...doc }, personId, site.name), {
        kind: 'siteReferral',
        refId: referralId,
        summary: `热线转介（${site.name}）`,
        now,
      });
      told = sent.told;
      doc.route = sent.route;
      await db.collection(HL.referrals).doc(referralId).update({ route: sent.route });
    } else {
      told = await tellDepartment(ctx, { _id: referralId, ...doc });
    }
    await notifyRequester(ctx, r, '已转介', `您的求助（${r.requestNo}）已转介${site ? site.name : DEPARTMENT_LABELS[input.department]}协助处理`);
    const view = referralView({ _id: referralId, ...doc }, now);
    return { referral: view, notified: told.length, nobodyReached: told.length === 0, ...(view.routeNote ? { routeNote: view.routeNote } : {}) };
  },
});

/** Roles that receive a referral to a department in a region (hospital and legal aid have none in the product). */
const RECEIVING_ROLES: Partial<Record<Department, RoleName[]>> = { police: ['police'], civilAffairs: ['townshipStaff', 'villageOfficer'], school: ['schoolStaff'] };

/**
 * Tells the department a referral was sent to (in-app): its people in the region or school, else
 * the county admins; with nobody there, the referral is recorded as unreached for the county's
 * 工作台 (DESIGN: urgent work never fails silently). Hospital and legal aid are reached outside
 * the product (no one to tell here).
 * @returns the people told
 */
async function tellDepartment(ctx: ActionContext, r: ReferralDoc): Promise<string[]> {
  const roles = RECEIVING_ROLES[r.department as Department];
  if (!roles) return [];
  const db = ctx.app.database();
  const _ = db.command;
  let regionCode = r.regionCode;
  let holders: string[] = [];
  if (r.schoolId) {
    const rows = await fetchAll<{ personId: string }>(db.collection('roleBindings').where({ role: 'schoolStaff', status: 'active', 'scope.schoolId': r.schoolId }), 200);
    holders = rows.map((b) => b.personId);
    regionCode = regionCode ?? (await getDoc<{ townshipCode?: string }>(db, 'schools', r.schoolId))?.townshipCode;
  } else if (regionCode) {
    const code = regionCode;
    const codes = [...new Set([code.slice(0, 6), code.slice(0, 9), code])];
    const rows = await fetchAll<{ personId: string }>(db.collection('roleBindings').where({ role: _.in(roles), status: 'active', 'scope.codes': _.in(codes) }), 200);
    holders = rows.map((b) => b.personId);
  }
  if (!regionCode) return [];
  const admins = holders.length ? [] : await regionHolders(db, 'countyAdmin', regionCode.slice(0, 6));
  const label = DEPARTMENT_LABELS[r.department as Department];
  const { told } = await deliverUrgent(
    db,
    [holders, admins],
    (personId) => tellOne(ctx, r, personId, label),
    { kind: 'referral', refId: r._id, regionCode, summary: `热线转介（${label}）`, now: r.createdAt },
  );
  return told;
}

/** One person told of a referral (department or directory entry) in 消息. */
function tellOne(ctx: ActionContext, r: ReferralDoc, personId: string, to: string) {
  return notify(ctx, {
    to: { personId },
    kind: 'helpline.referral',
    title: `12355热线转介单（${to}）`,
    body: `${CATEGORY_LABELS[r.category as keyof typeof CATEGORY_LABELS] ?? ''}：${r.summary}。请于${shanghaiDay(r.deadline)}前答复`,
    ref: { kind: 'referral', id: r._id },
    dedupeKey: `referral:${r._id}:${personId}`,
  });
}

/**
 * Timer: referrals to a directory entry past their deadline unanswered are escalated once to the
 * county admins (issue 18: overdue referrals escalate; nobody in the county → recorded unreached).
 * Safe to run twice: each order is claimed by a conditional update before anyone is told.
 * @returns how many orders were escalated
 */
export async function escalateOverdueSiteReferrals(ctx: ActionContext, db: Db, now: Date): Promise<number> {
  const _ = db.command;
  const due = await fetchAll<ReferralDoc>(db.collection(HL.referrals).where({ status: 'sent', escalated: false, deadline: _.lt(now) }), 500);
  let n = 0;
  for (const r of due) {
    const claimed = (await db.collection(HL.referrals).where({ _id: r._id, escalated: false }).update({ escalated: true, escalatedAt: now })) as { updated?: number };
    if (!claimed.updated || !r.regionCode) continue;
    n++;
    await escalateToCounty(
      db,
      r.regionCode.slice(0, 6),
      (personId) =>
        notify(ctx, {
          to: { personId },
          kind: 'helpline.referralOverdue',
          title: `热线转介单逾期未答复（${r.siteName ?? '服务机构'}）`,
          body: `转给${r.siteName ?? '服务机构'}的转介单（${r.requestNo}）已过${shanghaiDay(r.deadline)}的答复期限，请督促或代为处理`,
          ref: { kind: 'referral', id: r._id },
          dedupeKey: `referralOverdue:${r._id}:${personId}`,
        }),
      { kind: 'siteReferralEscalation', refId: r._id, regionCode: r.regionCode, summary: `热线转介逾期（${r.siteName ?? '服务机构'}）`, now },
    );
  }
  return n;
}

/** Roles the caller holds among the referral roles, for the list filter. */
function heldRoles(ctx: ActionContext): RoleName[] {
  return Array.from(new Set((ctx.actor?.bindings ?? []).map((b) => b.role).filter((r) => (REFERRAL_ROLES as readonly string[]).includes(r))));
}

export const listReferrals = action(A.listReferrals, {
  access: { roles: REFERRAL_ROLES },
  example: () => ({}),
  /** Referrals the caller's bindings reach (team; region prefix; school), newest first. Audited as one search. */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const filter = scopeFilter(db, ctx.actor!, heldRoles(ctx), { region: 'regionCode', school: 'schoolId', team: 'teamId', site: 'siteId' });
    if (!filter) return { referrals: [] };
    const where = input.status ? db.command.and([filter, { status: input.status }]) : filter;
    const res = await db.collection(HL.referrals).where(where).orderBy('createdAt', 'desc').limit(input.limit).get();
    const rows = (res.data ?? []) as ReferralDoc[];
    await audit(ctx, { op: 'search', count: rows.length });
    return { referrals: rows.map((r) => referralView(r, ctx.now())) };
  },
});

export const answerReferral = action(A.answerReferral, {
  access: { roles: REFERRAL_ROLES, target: referralTarget((i: { referralId: string }) => i.referralId), audit: 'write' },
  example: async (w) => ({ referralId: await exampleReferral(w), reply: '已核实并处理，孩子安全' }),
  /** Records the reply once (first answer wins). @throws CONFLICT when already answered */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const now = ctx.now();
    const res = (await db
      .collection(HL.referrals)
      .where({ _id: input.referralId, status: 'sent' })
      .updateAndReturn({ status: 'answered', reply: input.reply, answeredAt: now, answeredBy: ctx.actor?.personId ?? null })) as { updated?: number; doc?: ReferralDoc };
    if (!res.updated || !res.doc) throw new AppError('CONFLICT', '该转介单已答复');
    const req = (await db.collection(HL.requests).doc(res.doc.requestId).get()) as { data?: RequestDoc[] };
    if (req.data?.[0]) {
      await db.collection(HL.messages).add({ requestId: res.doc.requestId, from: 'system', kind: 'referralReply', text: `${res.doc.siteName ?? DEPARTMENT_LABELS[res.doc.department as Department] ?? ''}已答复转介单`, at: now });
    }
    return { referral: referralView(res.doc, now) };
  },
});
