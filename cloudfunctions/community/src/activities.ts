/**
 * Care activities at service sites (关爱活动; policy §二(四)–(五): 假期托管、课后辅导、心理辅导、亲情陪伴,
 * 讲座): township staff and the county plan one at a site of their area — a site's own staff
 * (服务机构工作人员, `siteStaff`) at their site — with kind, theme, day and times. On the day the
 * organiser shows its rotating attendance code (the check-in scheme, its own key: `SWA1.…`) and
 * each volunteer who scans it is recorded once; the organiser marks which children of the site's
 * village (or township) came. Planning one for a later day tells the township's volunteers in 消息.
 * The board counts activities held this year per township (`_shared/indicators/community.ts`).
 * docs/community.md "关爱活动".
 */
import { randomUUID } from 'node:crypto';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, presentPlain, regionContains, type RoleName } from '../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import { isActiveChild } from '../../_shared/child-status';
import { regionHolders } from '../../_shared/holders';
import { notify } from '../../_shared/notify';
import { addDays, shanghaiDay } from '../../_shared/time';
import type { ActionContext, Db } from '../../_shared/context';
import type { ChildDoc } from '../../_shared/contracts/registry';
import {
  ACTIVITY_DAY_LIMITS,
  ACTIVITY_ERRORS,
  ACTIVITY_KIND_LABELS,
  ACTIVITY_LIMITS,
  COMMUNITY_LIMITS,
  communityContract,
  type ActivitiesView,
  type ActivityAttendanceDoc,
  type ActivityDetailView,
  type ActivityDoc,
  type ActivityView,
  type SiteDoc,
} from '../../_shared/contracts/community';
import { CM, MANAGERS, areaFor, manages, personOf, regionName, regionNames } from './common';
import { codeFor, verifyCode, windowEnd, windowOf } from './checkin';

const A = communityContract.actions;
export const ACTIVITIES = 'careActivities';
export const ACTIVITY_ATTENDANCE = 'activityAttendance';
/** Who organises activities: township staff, the county, and a site's own staff at their site. */
const ORGANISERS = [...MANAGERS, 'siteStaff'] as const satisfies readonly RoleName[];

type ChildRow = Pick<ChildDoc, '_id' | 'name' | 'villageCode' | 'townshipCode' | 'status' | 'ageOutOn'> & { erased?: unknown };
const CHILD_FIELDS = { _id: true, name: true, villageCode: true, townshipCode: true, status: true, ageOutOn: true, erased: true } as const;

function refuse(code: keyof typeof ACTIVITY_ERRORS): never {
  // A site outside the caller's reach is an access refusal like any other (FORBIDDEN), worded for the organiser.
  throw new AppError(code === 'SITE_NOT_YOURS' ? 'FORBIDDEN' : code, ACTIVITY_ERRORS[code]);
}

/** Sites the caller is bound to as 服务机构工作人员. */
function staffSites(ctx: ActionContext): { siteId: string; regionCode: string }[] {
  return (ctx.actor?.bindings ?? []).flatMap((b) => (b.role === 'siteStaff' && b.status === 'active' && b.scope.kind === 'site' ? [{ siteId: b.scope.siteId, regionCode: b.scope.regionCode }] : []));
}

/** True when the caller may organise activities at the site: it lies in their area, or it is their own site. */
function organises(ctx: ActionContext, site: Pick<SiteDoc, '_id' | 'regionCode'>): boolean {
  return manages(ctx, site.regionCode) || staffSites(ctx).some((s) => s.siteId === site._id);
}

function whenOf(day: string, today: string): ActivityView['when'] {
  return day > today ? 'planned' : day === today ? 'today' : 'held';
}

function activityView(a: ActivityDoc, names: Map<string, string>, today: string): ActivityView {
  return {
    activityId: a._id,
    kind: a.kind,
    kindLabel: ACTIVITY_KIND_LABELS[a.kind],
    theme: a.theme,
    day: a.day,
    start: a.start,
    end: a.end,
    siteId: a.siteId,
    siteName: a.siteName,
    township: regionName(a.townshipCode, names),
    children: a.childIds.length,
    volunteers: a.volunteers,
    when: whenOf(a.day, today),
  };
}

/** The activity's page: its attendance and the children who may still be marked. */
async function detail(ctx: ActionContext, a: ActivityDoc): Promise<ActivityDetailView> {
  const db = dbOf(ctx);
  const _ = db.command;
  const role: RoleName = ctx.grant?.role ?? 'townshipStaff';
  const today = shanghaiDay(ctx.now());
  const byArea = a.regionCode.length === 12 ? { villageCode: a.regionCode } : { townshipCode: a.regionCode.slice(0, 9) };
  const [names, area, marked, scans] = await Promise.all([
    regionNames(db, a.countyCode),
    fetchAll<ChildRow>(db.collection(CM.children).where(byArea).field(CHILD_FIELDS), 5000),
    a.childIds.length ? fetchAll<ChildRow>(db.collection(CM.children).where({ _id: _.in(a.childIds) }).field(CHILD_FIELDS), ACTIVITY_LIMITS.childrenMax) : Promise.resolve([]),
    fetchAll<ActivityAttendanceDoc>(db.collection(ACTIVITY_ATTENDANCE).where({ activityId: a._id }), 2000),
  ]);
  const people = scans.length ? await fetchAll<{ _id: string; name?: string }>(db.collection(CM.persons).where({ _id: _.in(scans.map((s) => s.personId)) }).field({ _id: true, name: true }), 2000) : [];
  const personName = new Map(people.map((p) => [p._id, p.name ?? '']));
  const attendedIds = new Set(a.childIds);
  const row = (c: ChildRow) => ({ childId: c._id, childName: c.erased ? '（档案已删除）' : (presentPlain('child.name', c.name, role) ?? '儿童'), village: names.get(c.villageCode) ?? '' });
  const byName = (x: { childName: string }, y: { childName: string }) => x.childName.localeCompare(y.childName, 'zh-Hans-CN');
  return {
    activity: activityView(a, names, today),
    attended: marked.map(row).sort(byName),
    candidates: area
      .filter((c) => !attendedIds.has(c._id) && isActiveChild(c, today))
      .map(row)
      .sort(byName)
      .slice(0, ACTIVITY_LIMITS.candidatesMax),
    volunteers: scans
      .sort((x, y) => new Date(x.at).getTime() - new Date(y.at).getTime())
      .map((s) => ({ name: personName.get(s.personId) || '（未填姓名）', at: s.at })),
    canMark: a.day <= today,
    canShowCode: a.day === today,
  };
}

/**
 * Tells the township's active volunteers that an activity is planned for a later day. Not urgent:
 * a failure is logged and the activity stands (the organiser's list shows it).
 */
async function tellVolunteers(ctx: ActionContext, a: ActivityDoc): Promise<void> {
  try {
    const db = dbOf(ctx);
    for (const personId of await regionHolders(db, 'volunteer', a.townshipCode)) {
      await notify(ctx, {
        to: { personId },
        kind: 'community.activityPlanned',
        title: `关爱活动：${a.theme}`,
        body: `${a.day} ${a.start}-${a.end}，${a.siteName}，${ACTIVITY_KIND_LABELS[a.kind]}。欢迎志愿者参加，到场后在“志愿服务”扫描组织者出示的签到码`,
        ref: { kind: 'activity', id: a._id },
        dedupeKey: `activityPlanned:${a._id}:${a.day}:${a.start}:${personId}`,
      });
    }
  } catch (err) {
    console.error('[community] could not tell the volunteers of an activity', (err as Error)?.message ?? err);
  }
}

const activityTarget = {
  kind: 'activity',
  collection: ACTIVITIES,
  id: (i: { activityId: string }) => i.activityId,
  // The township's staff reach it by region; the site's own staff by the site.
  scopeOf: (d: ActivityDoc) => ({ regionCode: d.regionCode, siteIds: [d.siteId] }),
};

async function activityExample(w: { side: { countyCode: string; townshipCode: string; siteId: string }; insert: (c: string, d: Record<string, unknown>) => Promise<string>; now: Date }): Promise<string> {
  const day = shanghaiDay(w.now);
  return w.insert(ACTIVITIES, {
    countyCode: w.side.countyCode,
    townshipCode: w.side.townshipCode,
    regionCode: w.side.townshipCode,
    siteId: w.side.siteId,
    siteName: '示例站点',
    kind: 'tutoring',
    theme: '暑期课业辅导',
    day,
    start: '00:00',
    end: '23:59',
    childIds: [],
    volunteers: 0,
    createdBy: 'x',
    createdAt: w.now,
    updatedBy: 'x',
    updatedAt: w.now,
  });
}

export const activities = action(A.activities, {
  access: { roles: ORGANISERS, dataScope: 'handler' },
  example: (w) => ({ regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.side.townshipCode }),
  /**
   * This calendar year's activities (Asia/Shanghai year of today), and those planned beyond it, of the caller's area — township
   * staff: their township; the county: all, or one township asked for; a site's staff: their
   * site's, where `regionCode` must contain their site — today's and planned ones first, then
   * those held, newest first; the open sites the caller may plan at (those serving a village or
   * township); how many were held to today and the distinct children they reached. No child's
   * name. Audited as a search.
   * @throws FORBIDDEN for an area outside the caller's
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const mine = staffSites(ctx);
    const isManager = ctx.grant?.role !== 'siteStaff';
    let area: string;
    if (isManager) area = areaFor(ctx, input.regionCode);
    else {
      area = input.regionCode ?? mine[0]?.regionCode ?? '';
      if (!mine.some((s) => regionContains(area, s.regionCode))) throw new AppError('FORBIDDEN', '该地区不在您的管辖范围内');
    }
    const countyCode = area.slice(0, 6);
    const today = shanghaiDay(ctx.now());
    const year = today.slice(0, 4);
    const [names, docs, sites] = await Promise.all([
      regionNames(db, countyCode),
      // From 1 January on, so activities planned into next year (a winter holiday's day care
      // planned in December) are on the list to edit; the year's figures count this year's only.
      fetchAll<ActivityDoc>(db.collection(ACTIVITIES).where({ countyCode, day: _.gte(`${year}-01-01`) }), 5000),
      fetchAll<SiteDoc>(db.collection(CM.sites).where({ countyCode, status: 'open' }), 2000),
    ]);
    const shown = docs.filter((d) => (isManager ? regionContains(area, d.townshipCode) : mine.some((s) => s.siteId === d.siteId)));
    const rank = (d: ActivityDoc) => (d.day >= today ? 0 : 1);
    shown.sort((a, b) => rank(a) - rank(b) || (rank(a) === 0 ? a.day.localeCompare(b.day) || a.start.localeCompare(b.start) : b.day.localeCompare(a.day) || b.start.localeCompare(a.start)));
    const held = shown.filter((d) => d.day <= today);
    const view: ActivitiesView = {
      region: regionName(area, names),
      year,
      activities: shown.map((d) => activityView(d, names, today)),
      sites: sites
        .filter((s) => s.regionCode.length >= 9 && regionContains(area.length === 6 ? countyCode : area.slice(0, 9), s.regionCode) && organises(ctx, s))
        .sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.name.localeCompare(b.name, 'zh-Hans-CN'))
        .map((s) => ({ siteId: s._id, name: s.name, region: regionName(s.regionCode, names).name })),
      held: held.length,
      childrenReached: new Set(held.flatMap((d) => d.childIds)).size,
    };
    await audit(ctx, { op: 'search', count: shown.length, regionCode: area });
    return view;
  },
});

export const activity = action(A.activity, {
  access: { roles: ORGANISERS, target: activityTarget, audit: 'read' },
  example: async (w) => ({ activityId: await activityExample(w) }),
  /**
   * One activity: the children marked as attending and the active children of the site's village
   * (or township) not yet marked (names as the caller's role sees them: full for township staff
   * and the county, masked for a site's staff; at most 300, by name), the volunteers who scanned
   * its code, and whether the code may be shown (its day) and children marked (its day or later).
   */
  handler: async (_input, ctx) => detail(ctx, ctx.grant!.target!.doc as ActivityDoc),
});

export const saveActivity = action(A.saveActivity, {
  access: { roles: ORGANISERS, dataScope: 'handler' },
  example: (w) => ({ kind: 'talk', theme: '防溺水安全讲座', day: '2026-08-01', start: '09:00', end: '10:30', siteId: w.side.siteId }),
  /**
   * Plans (no `activityId`) or changes an activity at an open site serving a village or township
   * of the caller's area (a site's staff: their own site). Planned for a later day, the township's
   * active volunteers are told in 消息 (`community.activityPlanned`); a change tells them again only
   * when the day or start time changed. Attendance already recorded is kept. Audited as a write.
   * @throws FORBIDDEN (a site outside the caller's reach); NOT_FOUND (site or activity); SITE_COUNTY_WIDE; SITE_CLOSED;
   *   DAY_TOO_EARLY (more than 30 days back) / DAY_TOO_LATE (more than a year ahead);
   *   ATTENDANCE_RECORDED (moving the day or site of an activity with attendance recorded)
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const by = personOf(ctx);
    const now = ctx.now();
    const old = input.activityId ? await getDoc<ActivityDoc>(db, ACTIVITIES, input.activityId) : undefined;
    if (input.activityId && !old) throw new AppError('NOT_FOUND', '没有找到这次活动，请刷新后重试');
    if (old && !organises(ctx, { _id: old.siteId, regionCode: old.regionCode })) refuse('SITE_NOT_YOURS');
    const site = await getDoc<SiteDoc>(db, CM.sites, input.siteId);
    if (!site) throw new AppError('NOT_FOUND', '没有找到这个站点，请刷新后重试');
    if (!organises(ctx, site)) refuse('SITE_NOT_YOURS');
    if (site.regionCode.length < 9) refuse('SITE_COUNTY_WIDE');
    if (site.status !== 'open' && site._id !== old?.siteId) refuse('SITE_CLOSED');
    const today = shanghaiDay(now);
    // Entered after the fact only within a month (nobody can check an older one: no code was
    // scanned); planned at most a year ahead. An unchanged day of an existing activity is kept.
    if (input.day !== old?.day) {
      if (input.day < addDays(today, -ACTIVITY_DAY_LIMITS.pastDays)) refuse('DAY_TOO_EARLY');
      if (input.day > addDays(today, ACTIVITY_DAY_LIMITS.aheadDays)) refuse('DAY_TOO_LATE');
    }
    // Attendance belongs to the day and place it was recorded at.
    if (old && (old.childIds.length > 0 || old.volunteers > 0) && (old.day !== input.day || old.siteId !== input.siteId)) refuse('ATTENDANCE_RECORDED');
    const body = {
      countyCode: site.countyCode,
      townshipCode: site.regionCode.slice(0, 9),
      regionCode: site.regionCode,
      siteId: site._id,
      siteName: site.name,
      kind: input.kind,
      theme: input.theme,
      day: input.day,
      start: input.start,
      end: input.end,
      updatedBy: by,
      updatedAt: now,
    };
    let doc: ActivityDoc;
    if (old) {
      await db.collection(ACTIVITIES).doc(old._id).update(body);
      doc = { ...old, ...body };
    } else {
      doc = { _id: `ac-${randomUUID().replace(/-/g, '').slice(0, 16)}`, ...body, childIds: [], volunteers: 0, createdBy: by, createdAt: now };
      await db.collection(ACTIVITIES).add(doc);
    }
    await audit(ctx, { op: 'write', target: { kind: 'activity', id: doc._id }, regionCode: doc.regionCode });
    const moved = !old || old.day !== doc.day || old.start !== doc.start;
    if (doc.day > today && moved) await tellVolunteers(ctx, doc);
    return activityView(doc, await regionNames(db, doc.countyCode), today);
  },
});

export const activityCode = action(A.activityCode, {
  access: { roles: ORGANISERS, target: activityTarget, audit: false },
  example: async (w) => ({ activityId: await activityExample(w) }),
  /**
   * The activity's attendance code for this minute (the 签到码 page asks again every 20 s), on
   * the activity's day only. Not audited (no personal data).
   * @throws NOT_ACTIVITY_DAY on another day
   */
  handler: async (_input, ctx) => {
    const a = ctx.grant!.target!.doc as ActivityDoc;
    const now = ctx.now();
    if (a.day !== shanghaiDay(now)) refuse('NOT_ACTIVITY_DAY');
    return { activityId: a._id, title: a.theme, code: codeFor(a._id, windowOf(now), 'activity'), refreshAt: windowEnd(now), windowSeconds: COMMUNITY_LIMITS.codeWindowSeconds };
  },
});

export const attendActivity = action(A.attendActivity, {
  access: { roles: ['volunteer'] },
  example: async (w) => ({ code: codeFor(await activityExample(w), windowOf(w.now), 'activity') }),
  /**
   * A volunteer scans an activity's current code and is recorded as attending (once: scanning
   * again says so); the activity's volunteer count goes up. Audited as a write.
   * @throws CODE_INVALID (also a site's or a training's code), CODE_EXPIRED
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const activityId = verifyCode(input.code, ctx.now(), 'activity');
    const a = await getDoc<ActivityDoc>(db, ACTIVITIES, activityId);
    if (!a) throw new AppError('CODE_INVALID', '这不是有效的活动签到码');
    const personId = ctx.actor!.personId!;
    const att: ActivityAttendanceDoc = { _id: `${activityId}:${personId}`, activityId, personId, townshipCode: a.townshipCode, at: ctx.now() };
    let alreadyRecorded = false;
    try {
      await db.collection(ACTIVITY_ATTENDANCE).add(att);
    } catch {
      if (!(await getDoc(db, ACTIVITY_ATTENDANCE, att._id))) throw new AppError('INTERNAL');
      alreadyRecorded = true;
    }
    if (!alreadyRecorded) {
      await db.collection(ACTIVITIES).doc(activityId).update({ volunteers: db.command.inc(1) });
      await audit(ctx, { op: 'write', target: { kind: 'activityAttendance', id: att._id }, regionCode: a.regionCode });
    }
    return { activityId, title: a.theme, day: a.day, alreadyRecorded };
  },
});

/** Children of `ids` that may be marked at the activity: on the list already, or active and of the site's area. */
async function markable(db: Db, a: ActivityDoc, ids: string[], today: string): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await fetchAll<ChildRow>(db.collection(CM.children).where({ _id: db.command.in(ids) }).field(CHILD_FIELDS), ACTIVITY_LIMITS.childrenMax);
  const found = new Map(rows.map((c) => [c._id, c]));
  for (const id of ids) {
    if (a.childIds.includes(id)) continue; // kept as marked, even if the child has since aged out
    const c = found.get(id);
    if (!c || !isActiveChild(c, today) || !regionContains(a.regionCode, c.villageCode)) refuse('CHILD_OUTSIDE_SITE');
  }
  return ids;
}

export const markActivityChildren = action(A.markActivityChildren, {
  access: { roles: ORGANISERS, target: activityTarget, audit: 'write' },
  example: async (w) => ({ activityId: await activityExample(w), childIds: [w.side.childId] }),
  /**
   * Sets the children who attended (the whole list: those left out are unmarked), from the day of
   * the activity on. Each child must be on the list already or an active child of the site's
   * village (or township). Audited as a write of the activity (the router) and of each child
   * added or removed.
   * @returns the activity's page
   * @throws NOT_HELD_YET before its day; CHILD_OUTSIDE_SITE
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const a = ctx.grant!.target!.doc as ActivityDoc;
    const today = shanghaiDay(ctx.now());
    if (a.day > today) refuse('NOT_HELD_YET');
    const ids = await markable(db, a, [...new Set(input.childIds)], today);
    await db.collection(ACTIVITIES).doc(a._id).update({ childIds: ids, updatedAt: ctx.now(), updatedBy: personOf(ctx) });
    const changed = [...ids.filter((id) => !a.childIds.includes(id)), ...a.childIds.filter((id) => !ids.includes(id))];
    for (const id of changed) await audit(ctx, { op: 'write', target: { kind: 'child', id }, regionCode: a.regionCode, refs: { activityId: a._id } });
    return detail(ctx, { ...a, childIds: ids });
  },
});
