/**
 * Follow-up tasks (跟踪问效; policy §三(一)): a spot check that found a record not matching what
 * the checker found opens a task for the township with a deadline; its township staff are told
 * in 消息 (none bound: the county admins; nobody at all: recorded unreached for the county's
 * 工作台 — _shared/urgent.ts), answer with what they corrected (标记已整改), and the county admin
 * accepts (办结) or returns it (退回整改, open again, the township told).
 *
 * Statuses: `open` (the township must act) → `answered` (waiting for the county) → `closed`, or
 * back to `open` when returned. Overdue: still `open` after its deadline (Asia/Shanghai day).
 */
import { regionHolders } from '../../_shared/holders';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, regionCodesOf, regionContains, type RoleName } from '../../_shared/access';
import type { ExampleWorld } from '../../_shared/access/spec';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import { getCountyConfig } from '../../_shared/county-config';
import { notify } from '../../_shared/notify';
import { deliverUrgent } from '../../_shared/urgent';
import { claimSlots } from '../../_shared/upload-slots';
import { photoTask } from './photo-tasks';
import type { ActionContext, Db } from '../../_shared/context';
import type { ChildDoc } from '../../_shared/contracts/registry';
import { SPOT_CHECK_KIND_LABELS, supervisionContract, type FollowUpDoc, type FollowUpView, type SpotCheckItemDoc } from '../../_shared/contracts/supervision';
import { addDays } from '../../_shared/time';
import { overdueUntoldQuery } from './due';
import { FOLLOW_UP_ROLES, MANAGER_ROLES, SV, childNameAs, insertOnce, regionFor, regionNames, regionView, roleFor, today } from './common';

const A = supervisionContract.actions;

/** People holding `role` (active) whose region binding is exactly `code`. */

/** The view of a follow-up for the caller acting as `role`. */
export async function followUpView(db: Db, f: FollowUpDoc, role: RoleName, day: string): Promise<FollowUpView> {
  const names = await regionNames(db, [f.townshipCode, f.villageCode]);
  const child = f.childId ? await getDoc<Pick<ChildDoc, 'name'>>(db, 'children', f.childId) : undefined;
  const item = await getDoc<SpotCheckItemDoc>(db, SV.spotCheckItems, f.itemId);
  return {
    id: f._id,
    status: f.status,
    township: regionView(f.townshipCode, names),
    village: regionView(f.villageCode, names),
    kind: f.kind,
    subject: `${SPOT_CHECK_KIND_LABELS[f.kind]}${item?.record ? ` ${item.record}` : ''} · ${f.childId ? childNameAs(child?.name, role) || '（档案已删除）' : '未登记儿童'}`,
    childId: f.childId ?? null,
    problem: f.problem,
    problemPhotos: item?.photos ?? [],
    deadline: f.deadline,
    overdue: f.status === 'open' && f.deadline < day,
    openedAt: f.openedAt,
    answer: f.answer ? { note: f.answer.note, photos: f.answer.photos, at: f.answer.at } : null,
    reviews: (f.reviews ?? []).map((r) => ({ accepted: r.accepted, note: r.note ?? null, at: r.at })),
    closedAt: f.closedAt ?? null,
    canAnswer: role === 'townshipStaff' && f.status === 'open',
    canReview: role === 'countyAdmin' && f.status === 'answered',
  };
}

/**
 * Opens the follow-up of a discrepant item (once: `_id` `fu-<itemId>`) and tells the township:
 * its staff, none bound → the county admins; the checker who found it is never counted among
 * the people told (they know already) — with nobody else, the task is recorded unreached for the
 * county's 工作台 and the answer says so.
 * @returns its view (for the county admin), how many were told, whether nobody could be
 */
export async function openFollowUp(ctx: ActionContext, item: SpotCheckItemDoc, days?: number): Promise<{ view: FollowUpView; told: number; nobodyReached: boolean }> {
  const db = dbOf(ctx);
  const cfg = await getCountyConfig(db, item.countyCode);
  const deadline = addDays(today(ctx), days ?? cfg.supervision.followUpDays);
  const doc: FollowUpDoc = {
    _id: `fu-${item._id}`,
    countyCode: item.countyCode,
    townshipCode: item.townshipCode,
    villageCode: item.villageCode,
    checkId: item.checkId,
    itemId: item._id,
    kind: item.kind,
    targetId: item.targetId,
    ...(item.childId ? { childId: item.childId } : {}),
    problem: item.note ?? '',
    deadline,
    status: 'open',
    openedBy: ctx.actor!.personId!,
    openedAt: ctx.now(),
    reviews: [],
  };
  await insertOnce(db, SV.followUps, doc);
  await db.collection(SV.spotCheckItems).doc(item._id).update({ followUpId: doc._id });
  const names = await regionNames(db, [item.villageCode, item.townshipCode]);
  const place = `${names.get(item.townshipCode)}${names.get(item.villageCode)}`;
  const checker = ctx.actor!.personId!;
  const others = (ids: string[]) => ids.filter((p) => p !== checker);
  const { told } = await deliverUrgent(
    db,
    [others(await regionHolders(db, 'townshipStaff', item.townshipCode)), others(await regionHolders(db, 'countyAdmin', item.countyCode))],
    (personId) =>
      notify(ctx, {
        to: { personId },
        kind: 'supervision.followUp',
        title: `督查整改：${SPOT_CHECK_KIND_LABELS[item.kind]}与记录不符`,
        body: `随机抽查发现${place}的一份${SPOT_CHECK_KIND_LABELS[item.kind]}与实际情况不符，请于${deadline}前整改并在“督查整改”中回复。`,
        ref: { kind: 'followUp', id: doc._id },
        dedupeKey: `followUp:${doc._id}:${personId}`,
      }),
    { kind: 'followUp', refId: doc._id, regionCode: item.villageCode, summary: `督查整改任务：${place}`, now: ctx.now() },
  );
  return { view: await followUpView(db, doc, 'countyAdmin', today(ctx)), told: told.length, nobodyReached: told.length === 0 };
}

/**
 * A follow-up the caller may see, and the role they act as for it: a county admin of its county,
 * or township staff of its township.
 * @throws NOT_FOUND, FORBIDDEN
 */
export async function reachable(ctx: ActionContext, id: string): Promise<{ doc: FollowUpDoc; role: RoleName }> {
  const doc = await getDoc<FollowUpDoc>(dbOf(ctx), SV.followUps, id);
  if (!doc) throw new AppError('NOT_FOUND', '没有这项整改任务');
  const codes = regionCodesOf(ctx.actor!, FOLLOW_UP_ROLES);
  if (!codes.some((c) => regionContains(c, doc.townshipCode))) throw new AppError('FORBIDDEN', '这项整改任务不在您的管辖范围内');
  return { doc, role: roleFor(ctx, FOLLOW_UP_ROLES, doc.townshipCode) };
}

async function exampleFollowUp(w: ExampleWorld, status: FollowUpDoc['status']): Promise<string> {
  const id = `fu-example-${w.unique()}`;
  return w.insert(SV.followUps, {
    _id: id,
    countyCode: w.side.countyCode,
    townshipCode: w.side.townshipCode,
    villageCode: w.side.villageCode,
    checkId: 'sc-example',
    itemId: 'sc-example-1',
    kind: 'visit',
    targetId: 'example-visit',
    childId: w.side.childId,
    problem: '走访记录写的是入户，家长说没有人来过',
    deadline: '2026-12-31',
    status,
    openedBy: 'example',
    openedAt: w.now,
    reviews: [],
    ...(status === 'answered' ? { answer: { note: '已补做入户走访', photos: [], by: 'example', at: w.now } } : {}),
  });
}

export const followUps = action(A.followUps, {
  access: { roles: FOLLOW_UP_ROLES },
  example: () => ({}),
  /**
   * The follow-up tasks of the caller's area (township staff: their township's; county admins:
   * the county's), open ones first by deadline, then the rest newest first; `status` narrows.
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const code = regionFor(ctx, FOLLOW_UP_ROLES);
    const role = roleFor(ctx, FOLLOW_UP_ROLES, code);
    const where = code.length === 6 ? { countyCode: code } : { townshipCode: code };
    let rows = await fetchAll<FollowUpDoc>(db.collection(SV.followUps).where(where).orderBy('openedAt', 'desc'), 2000);
    if (input.status) rows = rows.filter((r) => r.status === input.status);
    const rank = (s: FollowUpDoc['status']) => (s === 'open' ? 0 : s === 'answered' ? 1 : 2);
    rows.sort((a, b) => rank(a.status) - rank(b.status) || (a.status === 'open' ? (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0) : 0));
    const day = today(ctx);
    const views = [];
    for (const r of rows) views.push(await followUpView(db, r, role, day));
    const names = await regionNames(db, [code]);
    await audit(ctx, { op: 'search', regionCode: code, count: views.length });
    return { rows: views, region: regionView(code, names) };
  },
});

export const followUp = action(A.followUp, {
  access: { roles: FOLLOW_UP_ROLES, dataScope: 'handler' },
  example: async (w) => ({ id: await exampleFollowUp(w, 'open') }),
  /**
   * One follow-up: what was found (with the checker's photos), the deadline, the township's
   * answer, the county's decisions, and what the caller may do now.
   * @throws NOT_FOUND; FORBIDDEN outside the caller's area
   */
  handler: async (input, ctx) => {
    const { doc, role } = await reachable(ctx, input.id);
    await audit(ctx, { op: 'read', regionCode: doc.villageCode, target: { kind: 'followUp', id: doc._id } });
    return followUpView(dbOf(ctx), doc, role, today(ctx));
  },
});

export const answerFollowUp = action(A.answerFollowUp, {
  access: { roles: ['townshipStaff'], dataScope: 'handler' },
  example: async (w) => ({ id: await exampleFollowUp(w, 'open'), note: '已补做入户走访并更正记录', photos: [] }),
  /**
   * The township's answer (整改情况, photos): the task becomes `answered` and the county admin who
   * opened it is told in 消息. Township staff of its township only.
   * @throws NOT_FOUND; FORBIDDEN; CONFLICT when it is not open (already answered or closed);
   *   UPLOAD_NOT_OWN / UPLOAD_WRONG_SLOT / UPLOAD_SLOT_USED for a photo not from a slot `photoSlots`
   *   handed the caller for this follow-up
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const { doc } = await reachable(ctx, input.id);
    if (doc.status !== 'open') throw new AppError('CONFLICT', doc.status === 'answered' ? '已经回复过，等待县民政局确认' : '这项整改已经办结');
    await claimSlots(ctx, input.photos, 'supervisionPhoto', photoTask.followUp(doc._id), photoTask.followUp(doc._id), { field: 'photos', redo: '请在本机重新拍照上传' });
    const answer = { note: input.note, photos: input.photos, by: ctx.actor!.personId!, at: ctx.now() };
    const res = (await db.collection(SV.followUps).where({ _id: doc._id, status: 'open' }).update({ status: 'answered', answer })) as { updated?: number };
    if (res.updated === 0) throw new AppError('CONFLICT', '已经回复过，等待县民政局确认');
    const next: FollowUpDoc = { ...doc, status: 'answered', answer };
    await notify(ctx, {
      to: { personId: doc.openedBy },
      kind: 'supervision.followUpAnswered',
      title: '督查整改已回复',
      body: `${(await regionNames(db, [doc.townshipCode])).get(doc.townshipCode)}已回复一项${SPOT_CHECK_KIND_LABELS[doc.kind]}整改，请确认是否办结。`,
      ref: { kind: 'followUp', id: doc._id },
      dedupeKey: `followUpAnswered:${doc._id}:${(doc.reviews ?? []).length}`,
    });
    await audit(ctx, { op: 'write', regionCode: doc.villageCode, target: { kind: 'followUp', id: doc._id } });
    return followUpView(db, next, 'townshipStaff', today(ctx));
  },
});

export const reviewFollowUp = action(A.reviewFollowUp, {
  access: { roles: MANAGER_ROLES, dataScope: 'handler' },
  example: async (w) => ({ id: await exampleFollowUp(w, 'answered'), accept: true }),
  /**
   * The county's decision on an answer: accept (办结, `closed`) or return it with a reason
   * (退回整改: `open` again, the deadline unchanged); the township staff who answered are told.
   * @throws NOT_FOUND; FORBIDDEN; CONFLICT when it is not waiting for a decision
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const { doc } = await reachable(ctx, input.id);
    if (doc.status !== 'answered') throw new AppError('CONFLICT', doc.status === 'open' ? '乡镇还没有回复' : '这项整改已经办结');
    const now = ctx.now();
    const review = { accepted: input.accept, ...(input.note ? { note: input.note } : {}), by: ctx.actor!.personId!, at: now };
    const reviews = [...(doc.reviews ?? []), review];
    const patch = input.accept ? { status: 'closed' as const, reviews, closedAt: now } : { status: 'open' as const, reviews };
    const res = (await db.collection(SV.followUps).where({ _id: doc._id, status: 'answered' }).update(patch)) as { updated?: number };
    if (res.updated === 0) throw new AppError('CONFLICT', '这项整改刚刚被处理过，请刷新');
    if (doc.answer?.by) {
      await notify(ctx, {
        to: { personId: doc.answer.by },
        kind: 'supervision.followUpReviewed',
        title: input.accept ? '督查整改已办结' : '督查整改被退回',
        body: input.accept ? `县民政局确认一项${SPOT_CHECK_KIND_LABELS[doc.kind]}整改已办结。` : `县民政局退回了一项${SPOT_CHECK_KIND_LABELS[doc.kind]}整改，请于${doc.deadline}前继续整改后再回复。`,
        ref: { kind: 'followUp', id: doc._id },
        dedupeKey: `followUpReviewed:${doc._id}:${reviews.length}`,
      });
    }
    await audit(ctx, { op: 'write', regionCode: doc.villageCode, target: { kind: 'followUp', id: doc._id }, refs: { accepted: String(input.accept) } });
    return followUpView(db, { ...doc, ...patch }, 'countyAdmin', today(ctx));
  },
});

/**
 * Tells of every follow-up of a county that became overdue (still `open` after its deadline) and
 * was not told about yet (跟踪问效, policy §三(一)): its township's staff and the county admins,
 * in 消息 (`supervision.followUp`, the entry opens the task); with nobody bound at either, it is
 * recorded unreached for the county's 工作台. Marked `overdueToldAt` after telling (entries are
 * deduplicated per person, so a retry never tells twice). Run by the scheduler (runTimers).
 * @returns the follow-ups told about, with how many people each
 */
export async function tellOverdueFollowUps(ctx: ActionContext, countyCode: string): Promise<{ followUpId: string; told: number }[]> {
  const db = dbOf(ctx);
  const day = today(ctx);
  const rows = await fetchAll<FollowUpDoc>(overdueUntoldQuery(db, countyCode, day), 2000);
  const admins = await regionHolders(db, 'countyAdmin', countyCode);
  const out: { followUpId: string; told: number }[] = [];
  for (const f of rows) {
    const names = await regionNames(db, [f.townshipCode, f.villageCode]);
    const place = `${names.get(f.townshipCode)}${names.get(f.villageCode)}`;
    const staff = await regionHolders(db, 'townshipStaff', f.townshipCode);
    const { told } = await deliverUrgent(
      db,
      [[...staff, ...admins]],
      (personId) =>
        notify(ctx, {
          to: { personId },
          kind: 'supervision.followUp',
          title: `督查整改逾期：${SPOT_CHECK_KIND_LABELS[f.kind]}`,
          body: `${place}的一项${SPOT_CHECK_KIND_LABELS[f.kind]}整改已超过期限${f.deadline}仍未回复，请尽快整改并在“督查整改”中回复。`,
          ref: { kind: 'followUp', id: f._id },
          dedupeKey: `followUpOverdue:${f._id}:${f.deadline}:${personId}`,
        }),
      { kind: 'followUp', refId: f._id, regionCode: f.villageCode, summary: `督查整改逾期：${place}`, now: ctx.now() },
    );
    await db.collection(SV.followUps).where({ _id: f._id, status: 'open' }).update({ overdueToldAt: ctx.now() });
    out.push({ followUpId: f._id, told: told.length });
  }
  return out;
}
