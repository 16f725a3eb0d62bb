/**
 * The helpline's indicators (county level: requests carry no village). Reads `helplineRequests`
 * and `helplineReferrals` through the helpline contract's types, with its waiting predicate and
 * the same referral rule as the helpline's own metrics (docs/helpline.md "Metrics").
 */
import { fetchAll } from '../db';
import { CATEGORY_LABELS, DEPARTMENT_LABELS, isWaiting, type Department, type ReferralDoc, type RequestDoc } from '../contracts/helpline';
import { addDays, startOfShanghaiDay } from '../time';
import { defineSource, type Item } from './define';

export const helplineSource = defineSource({
  domain: 'helpline',
  keys: ['helpline.requests', 'helpline.answeredInTarget', 'helpline.waiting', 'helpline.referralsDue', 'helpline.referralsInTime'],
  /**
   * The county's helpline is one service (policy §二(二) "全县统一"), so every team's requests
   * count for the county. Requests submitted within the period; answered in target when the
   * first reply or logged call back came within the county's `supervision.helplineResponseHours`
   * of submission. Waiting at the time of counting (`isWaiting`). Referrals whose deadline falls
   * within the period and has passed (or that were answered): due; in time when answered by the
   * deadline.
   */
  async compute({ db, countyCode, period, now, config }) {
    const _ = db.command;
    const out = {
      'helpline.requests': [] as Item[],
      'helpline.answeredInTarget': [] as Item[],
      'helpline.waiting': [] as Item[],
      'helpline.referralsDue': [] as Item[],
      'helpline.referralsInTime': [] as Item[],
    };
    const fromAt = startOfShanghaiDay(period.from);
    const toAt = startOfShanghaiDay(addDays(period.to, 1));
    const targetMs = config.supervision.helplineResponseHours * 3_600_000;
    type Q = Pick<RequestDoc, '_id' | 'requestNo' | 'category' | 'submittedAt' | 'firstResponseAt' | 'status' | 'leaseUntil'>;
    const fields = { _id: true, requestNo: true, category: true, submittedAt: true, firstResponseAt: true, status: true, leaseUntil: true };
    for (const r of await fetchAll<Q>(db.collection('helplineRequests').where({ submittedAt: _.gte(fromAt).and(_.lt(toAt)) }).field(fields), 200_000)) {
      const item = { id: r._id, region: countyCode, note: `${r.requestNo} ${CATEGORY_LABELS[r.category] ?? ''}`.trim() };
      out['helpline.requests'].push(item);
      if (r.firstResponseAt && new Date(r.firstResponseAt).getTime() - new Date(r.submittedAt).getTime() <= targetMs) out['helpline.answeredInTarget'].push(item);
    }
    for (const r of await fetchAll<Q>(db.collection('helplineRequests').where({ status: _.in(['open', 'claimed']), leaseUntil: _.lt(now) }).field(fields), 200_000)) {
      if (isWaiting(r, now)) out['helpline.waiting'].push({ id: r._id, region: countyCode, note: `${r.requestNo} ${CATEGORY_LABELS[r.category] ?? ''}`.trim() });
    }
    type F = Pick<ReferralDoc, '_id' | 'requestNo' | 'department' | 'deadline' | 'answeredAt'>;
    const referrals = await fetchAll<F>(
      db.collection('helplineReferrals').where({ deadline: _.gte(fromAt).and(_.lt(toAt)) }).field({ _id: true, requestNo: true, department: true, deadline: true, answeredAt: true }),
      100_000,
    );
    for (const f of referrals) {
      const deadline = new Date(f.deadline).getTime();
      const answered = f.answeredAt ? new Date(f.answeredAt).getTime() : undefined;
      if (answered === undefined && deadline > now.getTime()) continue; // not due yet
      const item = { id: f._id, region: countyCode, note: `${f.requestNo} 转${DEPARTMENT_LABELS[f.department as Department] ?? f.department}` };
      out['helpline.referralsDue'].push(item);
      if (answered !== undefined && answered <= deadline) out['helpline.referralsInTime'].push(item);
    }
    return out;
  },
});
