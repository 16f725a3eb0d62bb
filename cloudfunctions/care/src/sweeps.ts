/**
 * Timer work of care (run by the `scheduler` function; docs/care.md "Scheduler"). Both sweeps are
 * safe to run twice, even at the same time: every reminder is a notification whose `_id` is a
 * deterministic dedupe key, so the second insert fails and nothing is sent twice.
 *
 * - `runVisitReminders`: once a day, from 07:00 Beijing time (no pushes at night), tells the
 *   village officer(s) of each child's *current* village and the child's pairing members about
 *   visits due today (`visit:due:<child>:<dueOn>:<person>`) or overdue
 *   (`visit:overdue:<child>:<dueOn>:<person>`: once per due day, not every day). Progress is kept in
 *   `schedulerRuns` (`visitReminders:<day>`, a cursor over child ids) so a large county spreads
 *   over several runs within the function timeout.
 * - `runReportEscalations`: every run, reports still unacknowledged after the county's limit
 *   for their kind (default: missing 1 hour, others 24 hours) are escalated to the county admins.
 */
import { maskName, type Binding } from '../../_shared/access';
import { notify } from '../../_shared/notify';
import { BUSINESS_TZ, dayjs, shanghaiDay, startOfShanghaiDay } from '../../_shared/time';
import { LABELS, type ChildDoc } from '../../_shared/contracts/registry';
import type { PairingDoc, ReportDoc, VisitPlan } from '../../_shared/contracts/care';
import { CC, chunks, insertOnce, isActiveChild, type Db } from './common';
import { plansOf } from './visits';
import { escalateReport } from './reports';
import type { ActionContext } from '../../_shared/context';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';

/** Visit reminders are sent from this hour (Beijing time) on. */
export const REMINDER_FROM_HOUR = 7;
/** Mini-program page a visit reminder opens. */
export const VISIT_PAGE = 'packageCare/pages/visit/index';
const PAGE_SIZE = 200;

interface RunMarker {
  _id: string;
  day: string;
  cursor: string;
  done: boolean;
  sent?: number;
}

async function villageOfficers(db: Db, cache: Map<string, string[]>, villageCode: string): Promise<string[]> {
  if (!cache.has(villageCode)) {
    const rows = await fetchAll<Binding>(db.collection(CC.roleBindings).where({ role: 'villageOfficer', status: 'active', 'scope.codes': villageCode }), 200);
    cache.set(villageCode, [...new Set(rows.map((b) => b.personId))]);
  }
  return cache.get(villageCode)!;
}

/**
 * Sends the day's visit reminders (see the file header).
 * @param budgetMs stop after this much work; the next run continues from the cursor
 * @returns `{ day, sent, done, skipped? }`
 */
export async function runVisitReminders(ctx: ActionContext, budgetMs = 20_000): Promise<{ day: string; sent: number; done: boolean; skipped?: string }> {
  const started = Date.now();
  const db = dbOf(ctx);
  const _ = db.command;
  const now = ctx.now();
  const day = shanghaiDay(now);
  if (dayjs(now).tz(BUSINESS_TZ).hour() < REMINDER_FROM_HOUR) return { day, sent: 0, done: false, skipped: 'quietHours' };
  const markerId = `visitReminders:${day}`;
  await insertOnce(db, CC.schedulerRuns, { _id: markerId, day, cursor: '', done: false, startedAt: now });
  const marker = (await getDoc<RunMarker>(db, CC.schedulerRuns, markerId))!;
  if (marker.done) return { day, sent: 0, done: true };
  let cursor = marker.cursor;
  let sent = 0;
  let done = false;
  const officers = new Map<string, string[]>();
  while (Date.now() - started < budgetMs) {
    const where = cursor ? { _id: _.gt(cursor), status: _.neq('left') } : { status: _.neq('left') };
    const res = await db
      .collection(CC.children)
      .where(where)
      .orderBy('_id', 'asc')
      .limit(PAGE_SIZE)
      .field({ _id: true, name: true, villageCode: true, townshipCode: true, countyCode: true, risk: true, status: true, ageOutOn: true, createdAt: true, erased: true })
      .get();
    const page = (res.data ?? []) as (ChildDoc & { erased?: unknown })[];
    if (!page.length) {
      done = true;
      break;
    }
    const active = page.filter((c) => isActiveChild(c, day));
    const due = (await plansOf(db, active, day)).filter((p) => p.status !== 'upcoming');
    const pairings = new Map<string, PairingDoc>();
    for (const part of chunks(
      due.map((p) => p.childId),
      500,
    )) {
      if (!part.length) continue;
      for (const p of await fetchAll<PairingDoc>(db.collection(CC.carePairings).where({ _id: _.in(part) }), 1000)) pairings.set(p._id, p);
    }
    const byId = new Map(active.map((c) => [c._id, c]));
    let pageSent = 0;
    for (const plan of due) {
      const child = byId.get(plan.childId)!;
      const members = Object.values(pairings.get(plan.childId)?.members ?? {}).map((m) => m!.personId);
      const people = [...new Set([...(await villageOfficers(db, officers, child.villageCode)), ...members])];
      for (const personId of people) if (await remindVisit(ctx, child, plan, personId)) pageSent++;
    }
    cursor = page[page.length - 1]._id;
    await db
      .collection(CC.schedulerRuns)
      .doc(markerId)
      .update({ cursor, sent: _.inc(pageSent) });
    sent += pageSent;
    if (page.length < PAGE_SIZE) {
      done = true;
      break;
    }
  }
  if (done) await db.collection(CC.schedulerRuns).doc(markerId).update({ done: true, finishedAt: ctx.now() });
  return { day, sent, done };
}

/** One visit reminder (in-app + `visitDue` push), at most once per child, due day, stage and person. */
async function remindVisit(ctx: ActionContext, child: ChildDoc, plan: VisitPlan, personId: string): Promise<boolean> {
  const overdue = plan.status === 'overdue';
  const level = LABELS.risk[plan.riskLevel];
  const res = await notify(ctx, {
    to: { personId },
    kind: overdue ? 'care.visitOverdue' : 'care.visitDue',
    title: overdue ? '走访已逾期' : '走访今日到期',
    body: overdue ? `一名${level}关爱儿童的走访已逾期${plan.daysOverdue}天，请尽快走访` : `一名${level}关爱儿童的走访今日到期`,
    ref: { kind: 'child', id: child._id },
    push: {
      template: 'visitDue',
      values: { thing1: maskName(child.name ?? '儿童'), time2: startOfShanghaiDay(plan.dueOn), phrase3: level },
      page: `${VISIT_PAGE}?childId=${child._id}`,
    },
    dedupeKey: `visit:${overdue ? 'overdue' : 'due'}:${child._id}:${plan.dueOn}:${personId}`,
  });
  return !res.duplicate;
}

/**
 * Escalates reports whose acknowledgement time ran out (status still `open`) to the county.
 * @returns `{ escalated }` — reports whose county admins were newly told
 */
export async function runReportEscalations(ctx: ActionContext): Promise<{ escalated: number }> {
  const db = dbOf(ctx);
  const _ = db.command;
  const rows = await fetchAll<ReportDoc>(db.collection(CC.careReports).where({ status: 'open', ackDueAt: _.lte(ctx.now()), escalationNotified: _.neq(true) }), 1000);
  let escalated = 0;
  for (const r of rows) if ((await escalateReport(ctx, r)) > 0) escalated++;
  return { escalated };
}
