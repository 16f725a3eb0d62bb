/**
 * Volunteers (policy §二(四): 志愿者与留守儿童结对, 临时妈妈、爱心爷爷…): a public sign-up, approval
 * by the township's staff or the county (which binds the `volunteer` role on the township), and
 * the volunteer's own record of service hours.
 */
import { regionHolders } from '../../_shared/holders';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, presentSealed, regionContains, type Binding, type SealedValue, seal } from '../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import { notify } from '../../_shared/notify';
import type { ActionContext, Db } from '../../_shared/context';
import {
  VOLUNTEER_STATUS_LABELS,
  communityContract,
  type ApplicationView,
  type MyVolunteerView,
  type ShiftDoc,
  type SiteHours,
  type VolunteerDoc,
} from '../../_shared/contracts/community';
import { CM, MANAGERS, areaFor, manages, personOf, regionName, regionNames } from './common';

const A = communityContract.actions;

/** A volunteer's own record: sign-up, open check-in, hours in total and per site, the last 20 shifts. */
export async function myRecord(db: Db, personId: string | undefined, bindings: Binding[]): Promise<MyVolunteerView> {
  const empty: MyVolunteerView = { active: false, totalMinutes: 0, shifts: 0, sites: [], recent: [] };
  if (!personId) return empty;
  const [app, shifts] = await Promise.all([getDoc<VolunteerDoc>(db, CM.volunteers, personId), fetchAll<ShiftDoc>(db.collection(CM.shifts).where({ personId }), 10_000)]);
  const view: MyVolunteerView = { ...empty, active: bindings.some((b) => b.role === 'volunteer' && b.status === 'active') };
  if (app) {
    const names = await regionNames(db, app.countyCode);
    view.application = { status: app.status, statusLabel: VOLUNTEER_STATUS_LABELS[app.status], region: regionName(app.regionCode, names), appliedAt: app.appliedAt, decidedAt: app.decidedAt, decisionNote: app.decisionNote || undefined };
  }
  const perSite = new Map<string, SiteHours>();
  for (const s of shifts) {
    if (s.open) {
      view.openShift = { shiftId: s._id, siteId: s.siteId, siteName: s.siteName, checkInAt: s.checkInAt };
      continue;
    }
    const row = perSite.get(s.siteId) ?? { siteId: s.siteId, siteName: s.siteName, minutes: 0, shifts: 0 };
    row.minutes += s.minutes ?? 0;
    if (!s.lapsed) row.shifts += 1;
    perSite.set(s.siteId, row);
  }
  view.sites = [...perSite.values()].sort((a, b) => b.minutes - a.minutes);
  view.totalMinutes = view.sites.reduce((n, s) => n + s.minutes, 0);
  view.shifts = view.sites.reduce((n, s) => n + s.shifts, 0);
  view.recent = [...shifts]
    .sort((a, b) => new Date(b.checkInAt).getTime() - new Date(a.checkInAt).getTime())
    .slice(0, 20)
    .map((s) => ({ shiftId: s._id, siteName: s.siteName, checkInAt: s.checkInAt, checkOutAt: s.checkOutAt, minutes: s.minutes, lapsed: s.lapsed }));
  return view;
}


/**
 * Tells the township's staff (none bound: the county admins) that a sign-up waits in 志愿者报名审核.
 * Not urgent: a failure is logged and the sign-up still waits on that page.
 */
async function tellApprovers(ctx: ActionContext, doc: Omit<VolunteerDoc, '_id'>, regionName: string): Promise<void> {
  const db = dbOf(ctx);
  try {
    let people = await regionHolders(db, 'townshipStaff', doc.townshipCode);
    if (!people.length) people = await regionHolders(db, 'countyAdmin', doc.countyCode);
    for (const personId of people.filter((p) => p !== doc.personId)) {
      await notify(ctx, {
        to: { personId },
        kind: 'community.signUp',
        title: '有新的志愿者报名',
        body: `有人报名成为${regionName}的志愿者，请在“志愿者报名审核”中审核`,
        ref: { kind: 'volunteer', id: doc.personId },
        dedupeKey: `volunteerSignUp:${doc.personId}:${new Date(doc.appliedAt).getTime()}:${personId}`,
      });
    }
  } catch (err) {
    console.error('[community] could not tell the approvers', (err as Error)?.message ?? err);
  }
}

/** The caller's person: their own, or a new one (with their WeChat identity) for an unbound caller. */
async function ensurePerson(ctx: ActionContext, name: string, phone: string, regionCode: string): Promise<string> {
  const actor = ctx.actor!;
  if (actor.personId) return actor.personId;
  const db = dbOf(ctx);
  const now = ctx.now();
  const added = (await db.collection(CM.persons).add({ name, phone: seal('person.phone', phone), regionCode, createdAt: now, createdBy: 'volunteerSignUp' })) as { id?: string; ids?: string[] };
  let personId = added.id ?? added.ids?.[0];
  if (!personId) throw new AppError('INTERNAL');
  try {
    await db.collection(CM.identities).add({ _id: actor.openid, personId, createdAt: now });
  } catch {
    // Two sign-ups raced: the identity written first wins; the spare person stays unreferenced.
    const existing = await getDoc<{ personId: string }>(db, CM.identities, actor.openid);
    if (!existing) throw new AppError('INTERNAL');
    personId = existing.personId;
  }
  ctx.actor = { ...actor, personId };
  return personId;
}

export const signUp = action(A.signUp, {
  access: { roles: ['public'] },
  example: async (w) => {
    // The matrix world has no divisions loaded: the example puts its village in (once).
    const v = w.side.villageCode;
    await w.insert('regions', { _id: v, code: v, name: '示例村', level: 'village', parentCode: w.side.townshipCode, ancestors: [w.side.countyCode, w.side.townshipCode] }).catch(() => undefined);
    return { name: '陈志远', phone: '13900001111', regionCode: v, note: '周末可以辅导作业' };
  },
  /**
   * A WeChat user signs up as a volunteer for a township (or one of its villages): their name and
   * mobile (sealed, `person.phone`), what they can do. An unbound user gets a person record tied to
   * their WeChat; a bound one (a parent, a teacher) signs up as themselves. One sign-up per
   * person: sending it again while waiting updates it; after a refusal it starts again; once
   * approved it changes nothing. The township's staff (none: the county admins) are told in 消息
   * (`community.signUp`) and find it under 志愿者报名审核.
   * @returns the caller's volunteer record (status 待审核)
   * @throws VALIDATION_FAILED naming 服务的乡镇或村（社区） when the division is not one of the county's
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const region = await getDoc<{ _id: string }>(db, CM.regions, input.regionCode);
    if (!region) {
      throw new AppError('VALIDATION_FAILED', '服务的乡镇或村（社区）：不是本县的乡镇或村，请从列表中选择', {
        issues: [{ path: 'regionCode', label: '服务的乡镇或村（社区）', code: 'REGION_NOT_IN_COUNTY', message: '不是本县的乡镇或村，请从列表中选择' }],
      });
    }
    const personId = await ensurePerson(ctx, input.name, input.phone, input.regionCode);
    const now = ctx.now();
    const old = await getDoc<VolunteerDoc>(db, CM.volunteers, personId);
    if (!old || old.status !== 'approved') {
      const doc: Omit<VolunteerDoc, '_id'> = {
        personId,
        countyCode: input.regionCode.slice(0, 6),
        regionCode: input.regionCode,
        townshipCode: input.regionCode.slice(0, 9),
        status: 'pending',
        note: input.note,
        appliedAt: now,
      };
      await db.collection(CM.volunteers).doc(personId).set(doc);
      await audit(ctx, { op: 'write', target: { kind: 'volunteer', id: personId }, regionCode: input.regionCode });
      // Resending a waiting sign-up changes it without telling anyone again.
      if (old?.status !== 'pending') await tellApprovers(ctx, doc, regionName(input.regionCode, await regionNames(db, doc.countyCode)).name);
    }
    return myRecord(db, personId, ctx.actor!.bindings);
  },
});

export const myVolunteer = action(A.myVolunteer, {
  access: { roles: ['public'] },
  example: () => ({}),
  /**
   * The caller's own volunteer record: their sign-up and its review, whether they may check in
   * (approved), an open check-in, and service hours in total and per site (whole minutes; a
   * check-in left open past 12 hours counts none). An unbound caller gets an empty record.
   */
  handler: async (_input, ctx) => myRecord(dbOf(ctx), ctx.actor?.personId, ctx.actor?.bindings ?? []),
});

/** A sign-up as the approving officer sees it (name in full, phone masked per person.phone). */
async function applicationViews(ctx: ActionContext, docs: VolunteerDoc[]): Promise<ApplicationView[]> {
  const db = dbOf(ctx);
  const _ = db.command;
  const role = ctx.grant?.role ?? 'townshipStaff';
  const people = docs.length ? await fetchAll<{ _id: string; name?: string; phone?: SealedValue }>(db.collection(CM.persons).where({ _id: _.in(docs.map((d) => d.personId)) }), 1000) : [];
  const byId = new Map(people.map((p) => [p._id, p]));
  const names = new Map<string, string>();
  for (const county of new Set(docs.map((d) => d.countyCode))) for (const [k, v] of await regionNames(db, county)) names.set(k, v);
  return docs.map((d) => ({
    volunteerId: d._id,
    name: byId.get(d.personId)?.name ?? '（未填姓名）',
    phone: presentSealed(byId.get(d.personId)?.phone, role) ?? '',
    region: regionName(d.regionCode, names),
    note: d.note,
    status: d.status,
    statusLabel: VOLUNTEER_STATUS_LABELS[d.status],
    appliedAt: d.appliedAt,
    decidedAt: d.decidedAt,
    decisionNote: d.decisionNote || undefined,
  }));
}

export const applications = action(A.applications, {
  access: { roles: MANAGERS, dataScope: 'handler' },
  example: (w) => ({ status: 'pending', regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.side.townshipCode }),
  /**
   * Sign-ups of the caller's area (township staff: their township; the county: all, or one
   * township asked for) with the given status, oldest first for those waiting, newest first
   * otherwise. Audited as a search.
   * @throws FORBIDDEN for an area outside the caller's
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const area = areaFor(ctx, input.regionCode);
    const docs = (await fetchAll<VolunteerDoc>(db.collection(CM.volunteers).where({ countyCode: area.slice(0, 6), status: input.status }), 2000)).filter(
      (d) => regionContains(area, d.regionCode) && manages(ctx, d.regionCode),
    );
    const t = (d: VolunteerDoc) => new Date(d.decidedAt ?? d.appliedAt).getTime();
    docs.sort((a, b) => (input.status === 'pending' ? t(a) - t(b) : t(b) - t(a)));
    const items = await applicationViews(ctx, docs);
    await audit(ctx, { op: 'search', count: items.length, regionCode: area });
    return { items };
  },
});

export const decide = action(A.decide, {
  access: {
    roles: MANAGERS,
    target: { kind: 'volunteer', collection: CM.volunteers, id: (i: { volunteerId: string }) => i.volunteerId, scopeOf: (d: VolunteerDoc) => ({ regionCode: d.regionCode }) },
    audit: 'write',
  },
  example: async (w) => {
    const personId = await w.insert('persons', { name: '报名志愿者', regionCode: w.side.villageCode });
    await w.insert('volunteers', { _id: personId, personId, countyCode: w.side.countyCode, regionCode: w.side.villageCode, townshipCode: w.side.townshipCode, status: 'pending', note: '', appliedAt: w.now });
    return { volunteerId: personId, decision: 'approve' };
  },
  /**
   * Approves (binds the `volunteer` role on the sign-up's township: the person may now check in
   * at sites) or refuses (the note says why; they may sign up again) a waiting sign-up; the
   * person is told in 消息 (`community.decided`).
   * Audited as a write of the volunteer record.
   * @throws CONFLICT when the sign-up was already decided
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const by = personOf(ctx);
    const doc = ctx.grant!.target!.doc as VolunteerDoc;
    const now = ctx.now();
    const changes: Partial<VolunteerDoc> = { status: input.decision === 'approve' ? 'approved' : 'rejected', decidedAt: now, decidedBy: by, decisionNote: input.note };
    const claimed = await db.collection(CM.volunteers).where({ _id: doc._id, status: 'pending' }).update(changes);
    if (!claimed.updated) throw new AppError('CONFLICT', '这份报名已经审核过了，请刷新列表');
    if (input.decision === 'approve') {
      const held = await fetchAll<Binding>(db.collection(CM.roleBindings).where({ personId: doc.personId, status: 'active' }), 100);
      if (!held.some((b) => b.role === 'volunteer')) {
        const binding: Omit<Binding, '_id'> = { personId: doc.personId, role: 'volunteer', scope: { kind: 'region', codes: [doc.townshipCode] }, scopeRegion: doc.townshipCode, status: 'active', grantedAt: now, grantedBy: by };
        const added = (await db.collection(CM.roleBindings).add(binding)) as { id?: string; ids?: string[] };
        changes.bindingId = added.id ?? added.ids?.[0];
        await db.collection(CM.volunteers).doc(doc._id).update({ bindingId: changes.bindingId });
      }
    }
    const [view] = await applicationViews(ctx, [{ ...doc, ...changes } as VolunteerDoc]);
    try {
      await notify(ctx, {
        to: { personId: doc.personId },
        kind: 'community.decided',
        title: input.decision === 'approve' ? '志愿者报名已通过' : '志愿者报名未通过',
        body: input.decision === 'approve' ? `您已成为${view.region.name}的志愿者，到服务站点扫描组织者出示的签到码即可记录服务时长` : '审核意见请在“志愿者报名”中查看，可以修改后重新报名',
        ref: { kind: 'volunteer', id: doc._id },
        dedupeKey: `volunteerDecided:${doc._id}:${now.getTime()}`,
      });
    } catch (err) {
      console.error('[community] could not tell the volunteer', (err as Error)?.message ?? err);
    }
    return view;
  },
});
