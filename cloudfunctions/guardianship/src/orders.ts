/**
 * Guardianship orders (责令返回或确定受委托监护人, policy §二(一): for a child found without a
 * guardian, or with one parent away and the other without guardianship capacity, the township and
 * police, with the village, contact the parents and order them to return at once or appoint an
 * entrusted guardian).
 *
 * - Opens automatically (`syncGuardianshipOrder`) when the child's guardianship type is `none`
 *   or `parentIncapable`; one open order per child; due `orderDeadlineDays` (county config,
 *   default 7) calendar days after the day it opened; overdue from the day after `dueOn`, when
 *   the sweep escalates it to the county.
 * - Township staff and police (and the village officer, the county) see and work it; contacts
 *   with the parents are logged on it.
 * - Closes when the child has a guardian again and a confirmation signed since the order opened
 *   is in force (or the child left the registry).
 */
import { deliverUrgent } from '../../_shared/urgent';
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import { audit, childTarget, presentPlain, resolveActor, scopeFilter, stableId, type ExampleWorld, type RoleName } from '../../_shared/access';
import { notify } from '../../_shared/notify';
import { getCountyConfig } from '../../_shared/county-config';
import { addDays, shanghaiDay, startOfShanghaiDay } from '../../_shared/time';
import type { ChildDoc } from '../../_shared/contracts/registry';
import { CONTACT_METHOD_LABELS, guardianshipContract, ORDER_REASON_LABELS, ORDER_REASONS, ORDER_RESOLUTION_LABELS, type ConfirmationDoc, type OrderContact, type OrderDoc, type OrderResolution, type OrderSync, type OrderView } from '../../_shared/contracts/guardianship';
import { G, ORDER_STAFF, loadChild, maskedChildName, orderTarget, regionHolders, relationshipHolders, villageName, type Db, type Notifier } from './common';
import type { ActionContext } from '../../_shared/context';
import { dbOf, fetchAll, insertOnce } from '../../_shared/db';

const A = guardianshipContract.actions;


/** Mini-program page of an order. */
export const ORDER_PAGE = 'packageGuardianship/pages/order/index';

function dbFrom(dbOrCtx: Db | ActionContext): Db {
  return 'app' in (dbOrCtx as ActionContext) && typeof (dbOrCtx as ActionContext).now === 'function' ? (dbOrCtx as ActionContext).app.database() : (dbOrCtx as Db);
}

/** True when the child's file says it lacks a guardian (an order is needed). */
export function needsOrder(child: Pick<ChildDoc, 'guardianshipType' | 'status'> & { erased?: unknown }): boolean {
  return !child.erased && child.status !== 'left' && (ORDER_REASONS as readonly string[]).includes(child.guardianshipType ?? '');
}

/** In-force confirmations of a child that came into force at or after `since`. */
async function inForceSince(db: Db, childId: string, since?: Date): Promise<ConfirmationDoc[]> {
  const rows = await fetchAll<ConfirmationDoc>(db.collection(G.confirmations).where({ childId, status: 'inForce' }), 100);
  return rows.filter((r) => !since || (r.inForceAt && new Date(r.inForceAt).getTime() >= since.getTime()));
}

/** The last minute of a due day, for messages. */
function endOfDay(day: string): Date {
  return new Date(startOfShanghaiDay(addDays(day, 1)).getTime() - 60_000);
}

/**
 * Makes a child's order state agree with its file (idempotent; safe to run twice or concurrently):
 * - opens one order when the guardianship type is `none`/`parentIncapable`, none is open, and no
 *   in-force confirmation with a signed entrusted guardian answers it already;
 * - closes the open order when the child left the registry, or when a confirmation in force since
 *   the order opened exists and either the file no longer says "no guardian" or that confirmation
 *   names an entrusted guardian who signed.
 * Notifies parents and township staff/police when it opens (in-app + subscribe message).
 * @param dbOrCtx the database, or an action context
 * @param child the child file as stored
 * @param now the invocation clock's instant
 * @param notifier sends notifications (omit to send none)
 * @returns what it did
 */
export async function syncGuardianshipOrder(
  dbOrCtx: Db | ActionContext,
  child: ChildDoc & { erased?: unknown },
  now: Date,
  notifier?: Notifier,
): Promise<OrderSync> {
  const db = dbFrom(dbOrCtx);
  const res = await db.collection(G.orders).where({ childId: child._id, status: 'open' }).limit(10).get();
  const open = ((res.data ?? []) as OrderDoc[])[0];

  if (open) {
    let resolution: OrderResolution | undefined;
    let confirmationId: string | undefined;
    if (child.erased || child.status === 'left') {
      resolution = child.leftReason === 'parentReturned' ? 'parentReturned' : 'childLeft';
    } else {
      const confs = await inForceSince(db, child._id, new Date(open.openedAt));
      const withEntrusted = confs.find((c) => c.signatures?.entrusted);
      if (withEntrusted) {
        resolution = 'guardianAppointed';
        confirmationId = withEntrusted._id;
      } else if (!needsOrder(child) && confs.length) {
        resolution = child.hasEntrustedGuardian ? 'guardianAppointed' : 'parentReturned';
        confirmationId = confs[0]._id;
      }
    }
    if (!resolution) return { action: 'none', orderId: open._id };
    const _ = db.command;
    await db
      .collection(G.orders)
      .where({ _id: open._id, status: 'open' })
      .update({ status: 'closed', closedAt: now, resolution, ...(confirmationId ? { confirmationId } : { confirmationId: _.remove() }) });
    return { action: 'closed', orderId: open._id, resolution };
  }

  if (!needsOrder(child)) return { action: 'none' };
  const answered = (await inForceSince(db, child._id)).some((c) => c.signatures?.entrusted);
  if (answered) return { action: 'none' };

  const county = child.countyCode ?? child.villageCode.slice(0, 6);
  const config = await getCountyConfig(db, county);
  const openedOn = shanghaiDay(now);
  const { total } = await db.collection(G.orders).where({ childId: child._id }).count();
  const order: OrderDoc = {
    _id: stableId('order', child._id, String(total ?? 0)),
    childId: child._id,
    countyCode: county,
    townshipCode: child.townshipCode ?? child.villageCode.slice(0, 9),
    villageCode: child.villageCode,
    reason: child.guardianshipType as OrderDoc['reason'],
    status: 'open',
    openedAt: now,
    openedOn,
    dueOn: addDays(openedOn, config.orderDeadlineDays),
    contacts: [],
  };
  // Opened concurrently: the other call tells. A write that failed with nothing stored is thrown, never taken for that.
  if (!(await insertOnce(db, G.orders, order))) return { action: 'none', orderId: order._id };
  if (notifier) {
    // The parents are always told; of the staff, the township and police, else the county admins,
    // else it is recorded as unreached for the county's 工作台 (urgent work never fails silently).
    const staff = [...(await regionHolders(db, 'townshipStaff', order.townshipCode)), ...(await regionHolders(db, 'police', order.townshipCode))];
    const admins = staff.length ? [] : await regionHolders(db, 'countyAdmin', order.countyCode);
    const recipients = new Set<string>([...(await relationshipHolders(db, child._id, 'parent')), ...staff, ...admins]);
    if (!staff.length && !admins.length) {
      await deliverUrgent(db, [], async () => undefined, { kind: 'order', refId: order._id, regionCode: order.villageCode, summary: `监护责令：${ORDER_REASON_LABELS[order.reason] ?? '无人有效监护'}`, now });
    }
    // Say which child and where: township staff get one of these per child of their township.
    const place = await villageName(db, order.villageCode);
    for (const personId of recipients) {
      await notifier({
        to: { personId },
        kind: 'guardianship.orderOpened',
        title: '监护责令：请返回或确定受委托监护人',
        body: `${place}${maskedChildName(child)}目前无人有效监护，请于 ${order.dueOn} 前返回或确定受委托监护人`,
        ref: { kind: 'guardianshipOrder', id: order._id },
        push: {
          template: 'guardianshipOrder',
          values: { thing1: maskedChildName(child), time2: endOfDay(order.dueOn), thing3: '返回或确定受委托监护人' },
          page: `${ORDER_PAGE}?id=${order._id}`,
        },
      });
    }
  }
  return { action: 'opened', orderId: order._id };
}

/**
 * Escalates one overdue order to the county (once: a conditional update claims it).
 * @returns true when this call escalated it
 */
export async function escalateOrder(db: Db, order: OrderDoc, now: Date, notifier?: Notifier): Promise<boolean> {
  const _ = db.command;
  const res = await db
    .collection(G.orders)
    .where({ _id: order._id, status: 'open', escalatedAt: _.exists(false) })
    .update({ escalatedAt: now, escalatedOn: shanghaiDay(now) });
  if (!(res as { updated?: number }).updated) return false;
  if (notifier) {
    const child = await loadChild(db, order.childId);
    const admins = await regionHolders(db, 'countyAdmin', order.countyCode);
    await deliverUrgent(db, [admins], async () => undefined, { kind: 'orderEscalation', refId: order._id, regionCode: order.villageCode, summary: `监护责令逾期（${order.dueOn}）`, now });
    for (const personId of admins) {
      await notifier({
        to: { personId },
        kind: 'guardianship.orderOverdue',
        title: '监护责令已逾期',
        body: `一项监护责令已超过期限（${order.dueOn}）仍未落实，请县民政局督办`,
        ref: { kind: 'guardianshipOrder', id: order._id },
        push: {
          template: 'guardianshipOrder',
          values: { thing1: maskedChildName(child), time2: endOfDay(order.dueOn), thing3: '已逾期，请督办' },
          page: `${ORDER_PAGE}?id=${order._id}`,
        },
      });
    }
  }
  return true;
}

/** An order as the API shows it (contact notes per the masking table). */
export function orderView(o: OrderDoc, role: RoleName, today: string): OrderView {
  return {
    id: o._id,
    childId: o.childId,
    villageCode: o.villageCode,
    townshipCode: o.townshipCode,
    reason: o.reason,
    status: o.status,
    openedOn: o.openedOn,
    dueOn: o.dueOn,
    overdue: o.status === 'open' && today > o.dueOn,
    escalated: !!o.escalatedAt,
    escalatedOn: o.escalatedOn,
    resolution: o.resolution,
    resolutionLabel: o.resolution ? ORDER_RESOLUTION_LABELS[o.resolution] : undefined,
    confirmationId: o.confirmationId,
    contacts: (o.contacts ?? []).map((c) => ({
      at: c.at,
      role: c.role,
      method: c.method,
      methodLabel: CONTACT_METHOD_LABELS[c.method],
      reached: c.reached,
      note: presentPlain('guardianshipOrder.contactNote', c.note, role),
      promisedOn: c.promisedOn,
    })),
  };
}

export const listOrders = action(A.listOrders, {
  access: { roles: ORDER_STAFF },
  example: () => ({}),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    const where = scopeFilter(db, actor, ORDER_STAFF, { village: 'villageCode', township: 'townshipCode' });
    const today = shanghaiDay(ctx.now());
    let rows: OrderDoc[] = [];
    if (where) {
      const _ = db.command;
      const conds: unknown[] = [where];
      if (input.status !== 'all') conds.push({ status: input.status });
      if (input.overdueOnly) conds.push({ status: 'open', dueOn: _.lt(today) });
      rows = await fetchAll<OrderDoc>(db.collection(G.orders).where(_.and(conds as never[])), 2000);
    }
    rows.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
    await audit(ctx, { op: 'search', count: rows.length });
    return { orders: rows.map((o) => orderView(o, ctx.grant!.role, today)) };
  },
});

export const getOrder = action(A.getOrder, {
  access: { roles: [...ORDER_STAFF, 'parent'], target: orderTarget((i: { orderId: string }) => i.orderId), audit: 'read' },
  example: async (w) => ({ orderId: await exampleOrder(w) }),
  handler: async (_input, ctx) => orderView(ctx.grant!.target!.doc as OrderDoc, ctx.grant!.role, shanghaiDay(ctx.now())),
});

export const logOrderContact = action(A.logOrderContact, {
  access: { roles: ['villageOfficer', 'townshipStaff', 'police'], target: orderTarget((i: { orderId: string }) => i.orderId), audit: 'write', breakGlass: false },
  example: async (w) => ({ orderId: await exampleOrder(w), method: 'phone', reached: true, note: '已电话联系父亲，承诺一周内返回' }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const order = ctx.grant!.target!.doc as OrderDoc;
    if (order.status !== 'open') throw new AppError('CONFLICT', '该责令已办结');
    const actor = await resolveActor(ctx);
    const contact: OrderContact = {
      at: ctx.now(),
      by: actor.personId!,
      role: ctx.grant!.role,
      method: input.method,
      reached: input.reached,
      note: input.note,
      ...(input.promisedOn ? { promisedOn: input.promisedOn } : {}),
    };
    await db.collection(G.orders).doc(order._id).update({ contacts: db.command.push([contact]) });
    ctx.auditExtra = { refs: { method: input.method } };
    const fresh = { ...order, contacts: [...(order.contacts ?? []), contact] };
    return orderView(fresh, ctx.grant!.role, shanghaiDay(ctx.now()));
  },
});

export const recheckOrder = action(A.recheckOrder, {
  access: { roles: ['villageOfficer', 'townshipStaff', 'countyAdmin'], target: childTarget((i: { childId: string }) => i.childId), audit: 'write', breakGlass: false },
  example: (w) => ({ childId: w.side.childId }),
  handler: async (input, ctx) => {
    const child = await loadChild(dbOf(ctx), input.childId);
    if (!child) throw new AppError('NOT_FOUND');
    return syncGuardianshipOrder(ctx, child, ctx.now(), (n) => notify(ctx, n));
  },
});

/**
 * The registry's `childGuardianshipChanged` event (contracts/events.ts): an officer changed what
 * the file says about the child's guardianship, so the order opens or closes now rather than at
 * the next sweep (policy §二(一) "立即").
 * @returns what the re-check did (`none` when the file is gone)
 */
export async function onChildGuardianshipChanged(data: { childId: string }, ctx: ActionContext): Promise<OrderSync> {
  const child = await loadChild(dbOf(ctx), data.childId);
  if (!child) return { action: 'none' };
  return syncGuardianshipOrder(ctx, child, ctx.now(), (n) => notify(ctx, n));
}

type World = ExampleWorld;

/** Inserts an open order for the side's child (matrix example) and returns its id. */
export async function exampleOrder(w: World): Promise<string> {
  const day = shanghaiDay(w.now);
  return w.insert(G.orders, {
    _id: `order-example-${w.unique()}`,
    childId: w.side.childId,
    countyCode: w.side.countyCode,
    townshipCode: w.side.townshipCode,
    villageCode: w.side.villageCode,
    reason: 'none',
    status: 'open',
    openedAt: w.now,
    openedOn: day,
    dueOn: addDays(day, 7),
    contacts: [],
  });
}
