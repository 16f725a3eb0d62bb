/**
 * Guardianship's indicators: responsibility confirmations in force, due for renewal, expired and
 * missing; orders open, overdue and closed in time; parents' check-ins. Reads
 * `guardianshipConfirmations`, `guardianshipOrders` and `parentCheckIns` through the
 * guardianship contract's types.
 */
import { fetchAll } from '../db';
import type { CheckInDoc, ConfirmationDoc, OrderDoc } from '../contracts/guardianship';
import { addDays, shanghaiDay, startOfShanghaiDay } from '../time';
import { defineSource, inCounty, readAll, type Item } from './define';

export const guardianshipSource = defineSource({
  domain: 'guardianship',
  keys: [
    'confirmations.inForce',
    'confirmations.dueSoon',
    'confirmations.expired',
    'confirmations.missing',
    'orders.open',
    'orders.overdue',
    'orders.closed',
    'orders.closedInTime',
    'checkins.children',
    'checkins.childrenWithout',
  ],
  /**
   * - confirmations, per active child on the as-of day: in force when one of its confirmations
   *   has status `inForce` and `expiresOn` after the as-of day (the sweep may not have expired it
   *   yet); due soon when that `expiresOn` is within the county's reminder lead
   *   (`confirmationReminderLeadDays`); expired when none is in force but one was once (it has
   *   `inForceAt`: expired, or revoked after signing); missing otherwise (never in force:
   *   nothing prepared, or still being signed). In force + expired + missing = registered.
   * - orders: open at the time of counting; overdue when its last day (`dueOn`) is before the
   *   as-of day; closed in the period by the Shanghai day of `closedAt`, in time when that day is
   *   not after `dueOn`.
   * - check-ins: active children with at least one parent's check-in dated within the period.
   */
  async compute({ db, countyCode, asOf, period, config, children }) {
    const _ = db.command;
    const out = {
      'confirmations.inForce': [] as Item[],
      'confirmations.dueSoon': [] as Item[],
      'confirmations.expired': [] as Item[],
      'confirmations.missing': [] as Item[],
      'orders.open': [] as Item[],
      'orders.overdue': [] as Item[],
      'orders.closed': [] as Item[],
      'orders.closedInTime': [] as Item[],
      'checkins.children': [] as Item[],
      'checkins.childrenWithout': [] as Item[],
    };

    type C = Pick<ConfirmationDoc, '_id' | 'childId' | 'status' | 'expiresOn' | 'inForceAt'>;
    const confirmations = await readAll<C>(
      db,
      'guardianshipConfirmations',
      { status: _.in(['inForce', 'expired', 'revoked']), villageCode: inCounty(db, countyCode) },
      { _id: true, childId: true, status: true, expiresOn: true, inForceAt: true },
    );
    const valid = new Map<string, string>(); // child → latest expiresOn of a confirmation in force on asOf
    const signedOnce = new Set<string>();
    for (const c of confirmations) {
      if (c.inForceAt) signedOnce.add(c.childId);
      if (c.status === 'inForce' && (!c.expiresOn || c.expiresOn > asOf)) {
        const until = c.expiresOn ?? '9999-12-31';
        if (!valid.has(c.childId) || valid.get(c.childId)! < until) valid.set(c.childId, until);
      }
    }
    const soon = addDays(asOf, config.confirmationReminderLeadDays);
    for (const child of children) {
      const until = valid.get(child._id);
      if (until) {
        const item = { id: child._id, region: child.villageCode, ...(until < '9999' ? { note: `${until}到期` } : {}) };
        out['confirmations.inForce'].push(item);
        if (until <= soon) out['confirmations.dueSoon'].push(item);
      } else if (signedOnce.has(child._id)) out['confirmations.expired'].push({ id: child._id, region: child.villageCode });
      else out['confirmations.missing'].push({ id: child._id, region: child.villageCode });
    }

    type O = Pick<OrderDoc, '_id' | 'villageCode' | 'status' | 'dueOn' | 'closedAt'>;
    const orderFields = { _id: true, villageCode: true, status: true, dueOn: true, closedAt: true };
    for (const o of await fetchAll<O>(db.collection('guardianshipOrders').where({ status: 'open', villageCode: inCounty(db, countyCode) }).field(orderFields), 100_000)) {
      const item = { id: o._id, region: o.villageCode, note: `期限${o.dueOn}` };
      out['orders.open'].push(item);
      if (o.dueOn < asOf) out['orders.overdue'].push(item);
    }
    const fromAt = startOfShanghaiDay(period.from);
    const toAt = startOfShanghaiDay(addDays(period.to, 1));
    const closed = await fetchAll<O>(
      db.collection('guardianshipOrders').where({ status: 'closed', villageCode: inCounty(db, countyCode), closedAt: _.gte(fromAt).and(_.lt(toAt)) }).field(orderFields),
      100_000,
    );
    for (const o of closed) {
      const closedOn = shanghaiDay(new Date(o.closedAt!));
      const item = { id: o._id, region: o.villageCode, note: `${closedOn.slice(5)}办结（期限${o.dueOn.slice(5)}）` };
      out['orders.closed'].push(item);
      if (closedOn <= o.dueOn) out['orders.closedInTime'].push(item);
    }

    const checkedIn = new Set<string>();
    const checkIns = await readAll<Pick<CheckInDoc, '_id' | 'childId'>>(db, 'parentCheckIns', { on: _.gte(period.from).and(_.lte(period.to)), villageCode: inCounty(db, countyCode) }, { _id: true, childId: true });
    for (const c of checkIns) checkedIn.add(c.childId);
    for (const child of children) out[checkedIn.has(child._id) ? 'checkins.children' : 'checkins.childrenWithout'].push({ id: child._id, region: child.villageCode });
    return out;
  },
});
