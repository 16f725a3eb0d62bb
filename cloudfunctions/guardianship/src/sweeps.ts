/**
 * The guardianship sweeps the scheduler runs (daily; safe to run twice or concurrently):
 *
 * 1. orders: open the missing orders of children whose guardianship type is `none` /
 *    `parentIncapable`, and close those now answered (`syncGuardianshipOrder`);
 * 2. escalate open orders past their due day to the county (once per order);
 * 3. expire in-force confirmations on their `expiresOn` day (Asia/Shanghai), telling the village
 *    officers a new one is needed;
 * 4. remind guardians and the village officer `confirmationReminderLeadDays` before expiry
 *    (once per confirmation); 3 and 4 run on the first sweep of each Asia/Shanghai day;
 * 5. remind a parent who has not checked in for `checkInIntervalDays` (once per interval of
 *    silence: day 14, 28, … after the last check-in, or after the binding was granted); this part
 *    runs once per Asia/Shanghai day (a per-day completion marker), so a one-minute scheduler
 *    costs a few queries per run.
 *
 * 6. tell the parents of a child about a visit recorded in the last two days (care work's
 *    `visits`; once per visit): an in-app entry and the `visitRecorded` subscribe message.
 *
 * Each reminder is claimed by a sent-marker (`guardianshipReminders`, deterministic `_id`)
 * before it is sent, so a second run sends nothing twice. Days are Asia/Shanghai calendar days of
 * `now` (the stand-in clock locally), whatever the process time zone.
 *
 * ```ts
 * import { runGuardianshipSweeps } from '../../guardianship/src/sweeps';
 * const summary = await runGuardianshipSweeps(ctx.app.database(), ctx.now(), (n) => notify(ctx, n));
 * ```
 */
import { getCountyConfig, type CountyConfig } from '../../_shared/county-config';
import { addDays, shanghaiDay, startOfShanghaiDay } from '../../_shared/time';
import type { ChildDoc } from '../../_shared/contracts/registry';
import { ORDER_REASONS, type ConfirmationDoc, type GuardianshipSweepSummary, type OrderDoc } from '../../_shared/contracts/guardianship';
import { G, maskedChildName, regionHolders, relationshipHolders, type Db, type Notifier } from './common';
import { escalateOrder, needsOrder, syncGuardianshipOrder } from './orders';
import { daysBetween, lastCheckInOn, parentBindings } from './checkin';
import { fetchAll } from '../../_shared/db';

/** How a visitor's role reads on the parents' card (thing3). */
const VISITOR_LABELS: Record<string, string> = {
  villageOfficer: '村儿童主任',
  townshipStaff: '乡镇工作人员',
  pairingMember: '结对帮扶人',
  teacher: '老师',
  lifeTeacher: '生活老师',
  schoolStaff: '学校工作人员',
  police: '民警',
  countyAdmin: '县民政局',
};

/**
 * Claims a reminder: inserts its sent-marker.
 * @returns false when it was already claimed (sent before)
 */
export async function claimReminder(db: Db, id: string, now: Date, extra: Record<string, unknown> = {}): Promise<boolean> {
  try {
    await db.collection(G.reminders).add({ _id: id, at: now, ...extra });
    return true;
  } catch (err) {
    const got = await db.collection(G.reminders).doc(id).get();
    const data = (got as { data?: unknown[] }).data;
    if (Array.isArray(data) ? data.length : data) return false;
    throw err;
  }
}

async function releaseReminder(db: Db, id: string): Promise<void> {
  try {
    await db.collection(G.reminders).doc(id).remove();
  } catch {
    // best effort: the next run will not resend, the in-app entry may be missing (logged)
  }
}

/** Sends after claiming; releases the claim if the authoritative in-app entry could not be written. */
async function sendOnce(db: Db, id: string, now: Date, send: () => Promise<void>): Promise<boolean> {
  if (!(await claimReminder(db, id, now))) return false;
  try {
    await send();
    return true;
  } catch (err) {
    console.error('[guardianship sweeps] reminder failed', id, err);
    await releaseReminder(db, id);
    return false;
  }
}

/**
 * Runs every guardianship sweep for the instant `now`.
 * @param db node-sdk database
 * @param now the invocation clock's instant (`ctx.now()`)
 * @param notifier sends a notification (e.g. `(n) => notify(ctx, n)`); without it the sweep
 *   changes state and claims nothing (no reminders are sent or marked)
 * @returns counts of what changed
 */
export async function runGuardianshipSweeps(db: Db, now: Date, notifier?: Notifier): Promise<GuardianshipSweepSummary> {
  const day = shanghaiDay(now);
  const summary: GuardianshipSweepSummary = { day, ordersOpened: 0, ordersClosed: 0, ordersEscalated: 0, confirmationsExpired: 0, expiryReminders: 0, checkInReminders: 0, visitNotices: 0 };
  const configs = new Map<string, CountyConfig>();
  const configOf = async (code: string) => {
    const county = code.slice(0, 6);
    if (!configs.has(county)) configs.set(county, await getCountyConfig(db, county));
    return configs.get(county)!;
  };
  const _ = db.command;

  // 1. Orders: open missing ones, close answered ones. Cheap enough for a one-minute scheduler:
  // three paged queries, then per-child work only where something may change.
  const fields = { _id: true, name: true, countyCode: true, townshipCode: true, villageCode: true, guardianshipType: true, hasEntrustedGuardian: true, status: true, leftReason: true, erased: true };
  const needing = await fetchAll<ChildDoc>(db.collection(G.children).where({ guardianshipType: _.in([...ORDER_REASONS]) }).field(fields), 50_000);
  const openOrders = await fetchAll<OrderDoc>(db.collection(G.orders).where({ status: 'open' }), 50_000);
  const inForce = await inForceOf(db, [...new Set([...needing.map((c) => c._id), ...openOrders.map((o) => o.childId)])]);
  const withOpenOrder = new Set(openOrders.map((o) => o.childId));
  const answered = new Set(inForce.filter((c) => c.signatures?.entrusted).map((c) => c.childId));
  for (const child of needing) {
    if (withOpenOrder.has(child._id) || answered.has(child._id) || !needsOrder(child)) continue;
    const r = await syncGuardianshipOrder(db, child, now, notifier);
    if (r.action === 'opened') summary.ordersOpened++;
  }
  const stillNeeding = new Set(needing.filter((c) => needsOrder(c)).map((c) => c._id));
  for (const o of openOrders) {
    const signedSince = inForce.some((c) => c.childId === o.childId && c.inForceAt && new Date(c.inForceAt).getTime() >= new Date(o.openedAt).getTime());
    if (stillNeeding.has(o.childId) && !signedSince) continue; // nothing can close it yet
    const got = await db.collection(G.children).doc(o.childId).get();
    const child = ((got.data ?? []) as ChildDoc[])[0] ?? ({ _id: o.childId, villageCode: o.villageCode, erased: true } as unknown as ChildDoc);
    const r = await syncGuardianshipOrder(db, child, now, notifier);
    if (r.action === 'closed') summary.ordersClosed++;
  }

  // 2. Escalate overdue orders (due day passed).
  const overdue = await fetchAll<OrderDoc>(db.collection(G.orders).where({ status: 'open', dueOn: _.lt(day), escalatedAt: _.exists(false) }), 50_000);
  for (const o of overdue) if (await escalateOrder(db, o, now, notifier)) summary.ordersEscalated++;

  // 3 + 4. Confirmations in force: expire, or remind before expiry; once per Asia/Shanghai day
  // (reminders already sent are filtered with one query per 100 candidates before any is claimed).
  const confirmationsDone = `confirmationSweep:${day}`;
  const runConfirmations = !(await existingMarkers(db, [confirmationsDone])).size;
  const allInForce = runConfirmations ? await fetchAll<ConfirmationDoc>(db.collection(G.confirmations).where({ status: 'inForce' }), 50_000) : [];
  const candidates: ConfirmationDoc[] = [];
  for (const c of allInForce) {
    if (!c.expiresOn) continue;
    if (day >= c.expiresOn) {
      const res = await db.collection(G.confirmations).where({ _id: c._id, status: 'inForce' }).update({ status: 'expired', expiredAt: now });
      if (!(res as { updated?: number }).updated) continue;
      summary.confirmationsExpired++;
      if (notifier) {
        for (const personId of await regionHolders(db, 'villageOfficer', c.villageCode)) {
          await notifier({
            to: { personId },
            kind: 'guardianship.confirmationExpired',
            title: '监护责任确认书已到期',
            body: `一份确认书已于 ${c.expiresOn} 到期，请重新签订`,
            ref: { kind: 'confirmation', id: c._id },
          });
        }
      }
      continue;
    }
    const lead = (await configOf(c.countyCode ?? c.villageCode)).confirmationReminderLeadDays;
    if (notifier && day >= addDays(c.expiresOn, -lead)) candidates.push(c);
  }
  const expiryKey = (c: ConfirmationDoc) => `expiry:${c._id}:${c.expiresOn}`;
  const alreadySent = await existingMarkers(db, candidates.map(expiryKey));
  for (const c of candidates) {
    if (alreadySent.has(expiryKey(c)) || !notifier) continue;
    const sent = await sendOnce(db, expiryKey(c), now, async () => {
      const child = (await db.collection(G.children).doc(c.childId).get()).data?.[0] as ChildDoc | undefined;
      const recipients = new Set<string>([
        ...(await relationshipHolders(db, c.childId, 'parent')),
        ...(await relationshipHolders(db, c.childId, 'entrustedGuardian')),
        ...(await regionHolders(db, 'villageOfficer', c.villageCode)),
      ]);
      for (const personId of recipients) {
        await notifier({
          to: { personId },
          kind: 'guardianship.confirmationExpiring',
          title: '监护责任确认书即将到期',
          body: `确认书将于 ${c.expiresOn} 到期，请联系村儿童主任续签`,
          ref: { kind: 'confirmation', id: c._id },
          push: {
            template: 'confirmationExpiring',
            values: { thing1: maskedChildName(child), time2: startOfShanghaiDay(c.expiresOn!), thing3: '请联系村儿童主任续签' },
            page: `packageGuardianship/pages/confirmation/index?id=${c._id}`,
          },
        });
      }
    });
    if (sent) summary.expiryReminders++;
  }
  if (runConfirmations) await claimReminder(db, confirmationsDone, now);

  // 5. Check-in reminders: once a day (a completion marker per day; each reminder also has its own).
  const checkInDone = `checkinSweep:${day}`;
  if (notifier && !(await existingMarkers(db, [checkInDone])).size) {
    for (const b of await parentBindings(db)) {
      for (const childId of b.childIds) {
        const got = await db.collection(G.children).doc(childId).get();
        const child = ((got.data ?? []) as (ChildDoc & { erased?: unknown })[])[0];
        if (!child || child.erased || child.status === 'left') continue;
        const interval = (await configOf(child.countyCode ?? child.villageCode)).checkInIntervalDays;
        const since = (await lastCheckInOn(db, b.personId, childId)) ?? (b.grantedAt ? shanghaiDay(new Date(b.grantedAt)) : undefined);
        if (!since) continue;
        const silent = daysBetween(since, day);
        if (silent < interval) continue;
        const period = Math.floor(silent / interval);
        const sent = await sendOnce(db, `checkin:${b.personId}:${childId}:${since}:${period}`, now, async () => {
          await notifier({
            to: { personId: b.personId },
            kind: 'guardianship.checkInReminder',
            title: '亲情连线提醒',
            body: `您已有${silent}天没有记录和孩子的联系，打个电话或视频吧`,
            ref: { kind: 'child', id: childId },
            push: {
              template: 'checkInReminder',
              values: { thing1: maskedChildName(child), thing2: `已有${silent}天未联系孩子` },
              page: `packageGuardianship/pages/children/index`,
            },
          });
        });
        if (sent) summary.checkInReminders++;
      }
    }
    await claimReminder(db, checkInDone, now);
  }

  // 6. New visit notes → the child's parents.
  if (notifier) summary.visitNotices = await notifyNewVisits(db, now, notifier);
  return summary;
}

/**
 * Tells parents about visits recorded in the last 48 hours that they were not told about yet.
 * Tolerates care work's `visits` collection not existing yet.
 * @returns notices sent (one per visit)
 */
export async function notifyNewVisits(db: Db, now: Date, notifier: Notifier): Promise<number> {
  const _ = db.command;
  let visits: { _id: string; childId: string; date: string; visitor?: { role?: string }; findings?: Record<string, string> }[];
  try {
    visits = await fetchAll(db.collection(G.visits).where({ createdAt: _.gte(new Date(now.getTime() - 48 * 3600_000)) }).field({ _id: true, childId: true, date: true, visitor: true, findings: true }), 5000);
  } catch {
    return 0;
  }
  const key = (v: { _id: string }) => `visit:${v._id}`;
  const done = await existingMarkers(db, visits.map(key));
  let sent = 0;
  for (const v of visits) {
    if (done.has(key(v))) continue;
    const parents = await relationshipHolders(db, v.childId, 'parent');
    if (!parents.length) {
      await claimReminder(db, key(v), now);
      continue;
    }
    const ok = await sendOnce(db, key(v), now, async () => {
      const got = await db.collection(G.children).doc(v.childId).get();
      const child = ((got.data ?? []) as ChildDoc[])[0];
      const summary = Object.values(v.findings ?? {}).find((t) => !!t && t.trim()) ?? '已完成走访';
      for (const personId of parents) {
        await notifier({
          to: { personId },
          kind: 'guardianship.visitRecorded',
          title: '新的走访记录',
          body: `${v.date} 有一次对孩子的走访，请在“亲情连线”中查看`,
          ref: { kind: 'visit', id: v._id },
          push: {
            template: 'visitRecorded',
            values: { thing1: maskedChildName(child), time2: startOfShanghaiDay(v.date), thing3: VISITOR_LABELS[v.visitor?.role ?? ''] ?? '走访人员', thing4: summary },
            page: 'packageGuardianship/pages/children/index',
          },
        });
      }
    });
    if (ok) sent++;
  }
  return sent;
}

/** In-force confirmations of these children (one query per 100 children; only what the order checks read). */
async function inForceOf(db: Db, childIds: string[]): Promise<Pick<ConfirmationDoc, '_id' | 'childId' | 'inForceAt' | 'signatures'>[]> {
  const _ = db.command;
  const out: Pick<ConfirmationDoc, '_id' | 'childId' | 'inForceAt' | 'signatures'>[] = [];
  for (let i = 0; i < childIds.length; i += 100) {
    const chunk = childIds.slice(i, i + 100);
    out.push(...(await fetchAll(db.collection(G.confirmations).where({ status: 'inForce', childId: _.in(chunk) }).field({ _id: true, childId: true, inForceAt: true, 'signatures.entrusted.party': true }), 10_000)));
  }
  return out;
}

/** Which of these sent-marker ids exist (one query per 100 ids). */
async function existingMarkers(db: Db, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const _ = db.command;
  for (let i = 0; i < ids.length; i += 100) {
    const res = await db.collection(G.reminders).where({ _id: _.in(ids.slice(i, i + 100)) }).field({ _id: true }).limit(100).get();
    for (const r of (res.data ?? []) as { _id: string }[]) out.add(r._id);
  }
  return out;
}
