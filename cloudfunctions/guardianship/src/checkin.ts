/**
 * Parents' check-in (亲情连线): a bound parent sees each of their own children (who cares for
 * them, latest visit notes, school notes, confirmation and order status), logs calls, video calls
 * and visits home, and sends a message to the entrusted guardian or the village officer (their
 * own work place and phone: the registry's `updateMyContact`, so the child file's history records it). A parent sees only the children their binding names; every read of
 * a child is audited.
 */
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import { audit, childTarget, presentPlain, presentSealed, resolveActor, stableId, type RoleName } from '../../_shared/access';
import { getCountyConfig } from '../../_shared/county-config';
import { addDays, shanghaiDay } from '../../_shared/time';
import { daysBetween } from '../../_shared/calendar';
import { LABELS, type ChildDoc } from '../../_shared/contracts/registry';
import { CHECKIN_KIND_LABELS, CONFIRMATION_STATUS_LABELS, guardianshipContract, type CheckInDoc, type ConfirmationDoc, type OrderDoc, type ParentMessageDoc } from '../../_shared/contracts/guardianship';
import { G, loadChild, personName, regionHolders, type Db } from './common';
import { latestConfirmation, signableParties } from './confirmations';
import { messageViews } from './messages';
import { dbOf, fetchAll, getDoc, insertOnce } from '../../_shared/db';

const A = guardianshipContract.actions;

/** Child ids a parent's active bindings name. */
export function parentChildIds(actor: { bindings: { role: string; scope: { kind: string; childIds?: string[] } }[] }): string[] {
  const ids = new Set<string>();
  for (const b of actor.bindings) if (b.role === 'parent' && b.scope.kind === 'children') for (const id of b.scope.childIds ?? []) ids.add(id);
  return [...ids];
}

/** Whole days between two calendar days (b − a; the calendar's one definition). */
export { daysBetween };

/** The latest check-in day of `personId` for a child, or undefined. */
export async function lastCheckInOn(db: Db, personId: string, childId: string): Promise<string | undefined> {
  const res = await db.collection(G.checkIns).where({ personId, childId }).orderBy('on', 'desc').limit(1).get();
  return ((res.data ?? []) as CheckInDoc[])[0]?.on;
}

/** Latest visits of a child from care work's `visits` (tolerates the collection not existing yet). */
async function latestVisits(db: Db, childId: string, limit = 3): Promise<{ date: string; kind: string; visitorRole?: string; notes: string[]; schooling?: string }[]> {
  try {
    const res = await db.collection(G.visits).where({ childId }).orderBy('date', 'desc').limit(limit).get();
    return ((res.data ?? []) as { date: string; kind: string; visitor?: { role?: string }; findings?: Record<string, string> }[]).map((v) => ({
      date: v.date,
      kind: v.kind,
      visitorRole: v.visitor?.role,
      notes: Object.values(v.findings ?? {}).filter(Boolean),
      schooling: v.findings?.schooling,
    }));
  } catch {
    return [];
  }
}

/** The short summary a parent sees of one child. */
async function childSummary(db: Db, child: ChildDoc, personId: string, role: RoleName, today: string, intervalDays: number) {
  const conf = await latestConfirmation(db, child._id);
  const last = await lastCheckInOn(db, personId, child._id);
  const openOrders = await db.collection(G.orders).where({ childId: child._id, status: 'open' }).limit(1).get();
  const order = ((openOrders.data ?? []) as OrderDoc[])[0];
  const since = last ? daysBetween(last, today) : undefined;
  return {
    childId: child._id,
    name: presentPlain('child.name', child.name, role),
    villageCode: child.villageCode,
    caregiver: child.entrusted?.name
      ? { name: presentPlain('guardian.name', child.entrusted.name, role), relation: child.entrusted.relationToChild }
      : undefined,
    confirmation: conf ? { id: conf._id, status: conf.status, statusLabel: CONFIRMATION_STATUS_LABELS[conf.status], expiresOn: conf.expiresOn } : undefined,
    order: order ? { id: order._id, dueOn: order.dueOn, overdue: today > order.dueOn } : undefined,
    lastCheckInOn: last,
    daysSinceCheckIn: since,
    checkInDue: since === undefined || since >= intervalDays,
  };
}

export const myChildren = action(A.myChildren, {
  access: { roles: ['parent'] },
  example: () => ({}),
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    const today = shanghaiDay(ctx.now());
    const out = [];
    for (const childId of parentChildIds(actor)) {
      const child = await loadChild(db, childId);
      if (!child) continue;
      const config = await getCountyConfig(db, child.countyCode ?? child.villageCode);
      out.push(await childSummary(db, child, actor.personId!, 'parent', today, config.checkInIntervalDays));
      await audit(ctx, { op: 'read', target: { kind: 'child', id: childId }, regionCode: child.villageCode });
    }
    return { children: out };
  },
});

export const childOverview = action(A.childOverview, {
  access: { roles: ['parent'], target: childTarget((i: { childId: string }) => i.childId), audit: 'read' },
  example: (w) => ({ childId: w.side.childId }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const child = ctx.grant!.target!.doc as ChildDoc & { erased?: unknown };
    if (child.erased) throw new AppError('NOT_FOUND');
    const actor = await resolveActor(ctx);
    const role = ctx.grant!.role;
    const today = shanghaiDay(ctx.now());
    const config = await getCountyConfig(db, child.countyCode ?? child.villageCode);
    const summary = await childSummary(db, child, actor.personId!, role, today, config.checkInIntervalDays);
    const officers = await regionHolders(db, 'villageOfficer', child.villageCode);
    const officerName = officers.length ? await personName(db, officers[0]) : undefined;
    const conf = summary.confirmation ? await getDoc<ConfirmationDoc>(db, G.confirmations, summary.confirmation.id) : undefined;
    const checkIns = await db.collection(G.checkIns).where({ childId: input.childId, personId: actor.personId }).orderBy('on', 'desc').limit(10).get();
    const messages = await db.collection(G.messages).where({ childId: input.childId, from: actor.personId }).orderBy('createdAt', 'desc').limit(10).get();
    return {
      ...summary,
      caregiver: child.entrusted?.name
        ? {
            name: presentPlain('guardian.name', child.entrusted.name, role),
            relation: child.entrusted.relationToChild,
            phone: presentSealed(child.entrusted.phone, role),
          }
        : undefined,
      villageOfficer: officerName ? { name: presentPlain('person.name', officerName, role) } : undefined,
      school: {
        school: child.school,
        schooling: child.schooling ? LABELS.schooling[child.schooling] : undefined,
        boarding: child.boarding,
      },
      visits: await latestVisits(db, input.childId),
      confirmationToSign: conf ? signableParties(conf, actor, await personName(db, actor.personId)) : [],
      checkIns: ((checkIns.data ?? []) as CheckInDoc[]).map((c) => ({ id: c._id, kind: c.kind, kindLabel: CHECKIN_KIND_LABELS[c.kind], on: c.on, minutes: c.minutes })),
      messages: await messageViews(db, (messages.data ?? []) as ParentMessageDoc[], actor.personId!, role),
      checkInIntervalDays: config.checkInIntervalDays,
      myContact: await myContactOn(db, child, actor.personId),
    };
  },
});

/** Which parent the caller is on the file (the name recorded there is theirs), with the work place it holds. */
async function myContactOn(db: Db, child: ChildDoc, personId: string | undefined): Promise<{ parent: 'father' | 'mother'; workPlace?: string } | undefined> {
  const mine = await personName(db, personId);
  if (!mine) return undefined;
  for (const parent of ['father', 'mother'] as const) {
    if (child[parent]?.name === mine) return { parent, workPlace: child[parent]?.workPlace };
  }
  return undefined;
}

export const logCheckIn = action(A.logCheckIn, {
  access: { roles: ['parent'], target: childTarget((i: { childId: string }) => i.childId), audit: 'write', breakGlass: false },
  example: (w) => ({ childId: w.side.childId, requestId: `req-${w.unique()}`, kind: 'video', minutes: 15 }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    const child = ctx.grant!.target!.doc as ChildDoc;
    const today = shanghaiDay(ctx.now());
    const on = input.on ?? today;
    if (on > today) throw new AppError('VALIDATION_FAILED', '日期：不能记录将来的日期', { issues: [{ path: 'on', label: '日期', code: 'DATE_FUTURE', message: '不能记录将来的日期' }] });
    if (on < addDays(today, -60)) throw new AppError('VALIDATION_FAILED', '日期：只能补记60天内的联系', { issues: [{ path: 'on', label: '日期', code: 'DATE_TOO_OLD', message: '只能补记60天内的联系' }] });
    const doc: CheckInDoc = {
      _id: stableId('ci', actor.personId!, input.requestId),
      childId: input.childId,
      villageCode: child.villageCode,
      personId: actor.personId!,
      kind: input.kind,
      on,
      ...(input.minutes ? { minutes: input.minutes } : {}),
      ...(input.note ? { note: input.note } : {}),
      createdAt: ctx.now(),
    };
    const reused = !(await insertOnce(db, G.checkIns, doc)); // same request retried
    ctx.auditExtra = { refs: { checkInId: doc._id } };
    return { id: doc._id, on: doc.on, kind: doc.kind, reused };
  },
});

/** Used by sweeps: the parent bindings and the children they name. */
export async function parentBindings(db: Db): Promise<{ personId: string; childIds: string[]; grantedAt?: Date }[]> {
  const rows = await fetchAll<{ personId: string; scope: { kind: string; childIds?: string[] }; grantedAt?: Date }>(db.collection(G.roleBindings).where({ role: 'parent', status: 'active' }), 10_000);
  return rows.filter((r) => r.scope.kind === 'children').map((r) => ({ personId: r.personId, childIds: r.scope.childIds ?? [], grantedAt: r.grantedAt }));
}

