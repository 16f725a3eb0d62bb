/**
 * Care's indicators: visits on schedule and overdue by risk level, visits recorded, immediate
 * reports (acknowledged within the limit, median and worst acknowledgement time, open) and
 * 1+1+1 coverage of focus children. Reads `visitLedger`, `visits`, `careReports` and
 * `carePairings` through the care contract's types; the visit plan is the one care uses
 * (`_shared/visit-plan.ts`).
 */
import { fetchAll } from '../db';
import { type PairingDoc, type ReportDoc, type VisitDoc, type VisitLedgerDoc } from '../contracts/care';
import { addDays, shanghaiDay, startOfShanghaiDay } from '../time';
import { planFor } from '../visit-plan';
import { chunks, defineSource, inCounty, minutesOf, readAll, type Item } from './define';

export const careSource = defineSource({
  domain: 'care',
  keys: [
    'visits.onSchedule',
    'visits.overdue',
    'visits.onSchedule.focus',
    'visits.overdue.focus',
    'visits.onSchedule.attention',
    'visits.overdue.attention',
    'visits.onSchedule.regular',
    'visits.overdue.regular',
    'visits.recorded',
    'reports.received',
    'reports.ackInTime',
    'reports.ackLate',
    'reports.ackMedian',
    'reports.ackWorst',
    'reports.open',
    'pairings.focusComplete',
    'pairings.focusIncomplete',
  ],
  /**
   * - visits: each active child's plan on the as-of day (last visit + the county's interval for
   *   its current risk level; never visited: from the file's creation day). Overdue = due before
   *   the as-of day (due on it is on schedule). Note: `逾期N天` / `M-D到期`.
   * - visits recorded: visit records of the county dated within the period.
   * - reports received in the period (by `reportedAt`): in time when acknowledged at or before
   *   `ackDueAt`; late when acknowledged after it or still unacknowledged past it at the time of
   *   counting. Median over the acknowledged ones; worst also counts an unacknowledged report
   *   as the minutes from submission to the time of counting. Open = not closed at the time of
   *   counting, whenever submitted. Reports sit in the village they were made for.
   * - pairings: focus children whose triad has every place filled (`PAIRING_SLOTS`; the pairing's
   *   `complete`, which care sets on every write from the same rule).
   */
  async compute({ db, countyCode, asOf, period, now, config, children }) {
    const _ = db.command;
    const out = {
      'visits.onSchedule': [] as Item[],
      'visits.overdue': [] as Item[],
      'visits.onSchedule.focus': [] as Item[],
      'visits.overdue.focus': [] as Item[],
      'visits.onSchedule.attention': [] as Item[],
      'visits.overdue.attention': [] as Item[],
      'visits.onSchedule.regular': [] as Item[],
      'visits.overdue.regular': [] as Item[],
      'visits.recorded': [] as Item[],
      'reports.received': [] as Item[],
      'reports.ackInTime': [] as Item[],
      'reports.ackLate': [] as Item[],
      'reports.ackMedian': [] as Item[],
      'reports.ackWorst': [] as Item[],
      'reports.open': [] as Item[],
      'pairings.focusComplete': [] as Item[],
      'pairings.focusIncomplete': [] as Item[],
    };

    const last = new Map<string, string>();
    for (const part of chunks(children.map((c) => c._id))) {
      for (const l of await fetchAll<VisitLedgerDoc>(db.collection('visitLedger').where({ _id: _.in(part) }).field({ _id: true, lastVisitOn: true }), 1000)) last.set(l._id, l.lastVisitOn);
    }
    for (const c of children) {
      const createdOn = c.createdAt ? shanghaiDay(new Date(c.createdAt)) : asOf;
      const plan = planFor(c, last.get(c._id), config.visitIntervalDays, asOf, createdOn);
      const overdue = plan.status === 'overdue';
      const item = { id: c._id, region: c.villageCode, note: overdue ? `逾期${plan.daysOverdue}天` : `${plan.dueOn.slice(5)}到期` };
      out[overdue ? 'visits.overdue' : 'visits.onSchedule'].push(item);
      out[`visits.${overdue ? 'overdue' : 'onSchedule'}.${plan.riskLevel}`].push(item);
    }

    const visits = await readAll<Pick<VisitDoc, '_id' | 'villageCode' | 'date' | 'kind'>>(db, 'visits', { countyCode, date: _.gte(period.from).and(_.lte(period.to)) }, { _id: true, villageCode: true, date: true });
    for (const v of visits) out['visits.recorded'].push({ id: v._id, region: v.villageCode, note: v.date.slice(5) });

    const fromAt = startOfShanghaiDay(period.from);
    const toAt = startOfShanghaiDay(addDays(period.to, 1));
    const fields = { _id: true, villageCode: true, status: true, reportedAt: true, ackDueAt: true, acknowledgedAt: true };
    type R = Pick<ReportDoc, '_id' | 'villageCode' | 'status' | 'reportedAt' | 'ackDueAt' | 'acknowledgedAt'>;
    const received = await fetchAll<R>(db.collection('careReports').where({ villageCode: inCounty(db, countyCode), reportedAt: _.gte(fromAt).and(_.lt(toAt)) }).field(fields), 200_000);
    const nowMs = now.getTime();
    for (const r of received) {
      const reported = new Date(r.reportedAt).getTime();
      const acked = r.acknowledgedAt ? new Date(r.acknowledgedAt).getTime() : undefined;
      const due = new Date(r.ackDueAt).getTime();
      const item = { id: r._id, region: r.villageCode };
      out['reports.received'].push(item);
      if (acked !== undefined && acked <= due) out['reports.ackInTime'].push(item);
      else if (acked !== undefined || nowMs > due) out['reports.ackLate'].push(item);
      const minutes = minutesOf((acked ?? nowMs) - reported);
      const timed = { ...item, v: minutes, note: acked !== undefined ? `${minutes}分钟确认` : `已${minutes}分钟未确认` };
      if (acked !== undefined) out['reports.ackMedian'].push(timed);
      out['reports.ackWorst'].push(timed);
    }
    const open = await fetchAll<R>(db.collection('careReports').where({ villageCode: inCounty(db, countyCode), status: _.in(['open', 'acknowledged']) }).field(fields), 200_000);
    for (const r of open) out['reports.open'].push({ id: r._id, region: r.villageCode, note: r.status === 'open' ? '待确认' : '处置中' });

    const focus = children.filter((c) => c.risk?.level === 'focus');
    const complete = new Set<string>();
    for (const part of chunks(focus.map((c) => c._id))) {
      // `complete` is kept by care's only writer (every place of PAIRING_SLOTS filled); reading it
      // instead of the members (names, phones) moves a few bytes per child, not a few hundred.
      for (const p of await fetchAll<Pick<PairingDoc, '_id' | 'complete'>>(db.collection('carePairings').where({ _id: _.in(part) }).field({ _id: true, complete: true }), 1000)) {
        if (p.complete === true) complete.add(p._id);
      }
    }
    for (const c of focus) out[complete.has(c._id) ? 'pairings.focusComplete' : 'pairings.focusIncomplete'].push({ id: c._id, region: c.villageCode });
    return out;
  },
});
