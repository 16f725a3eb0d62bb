/**
 * 留守儿童之家 of a school (docs/schools.md "留守儿童之家"; policy §二(三) "加强农村寄宿制学校
 * ‘留守儿童之家’创建"): the home page (`getHome`), building and editing it (`saveHome`, the school's
 * staff), photo slots (`homePhotoSlots`) and activity records (`recordHomeActivity`, the school's
 * life teachers, teachers and staff). Every action targets the school: its own people reach it by
 * their school binding, the township and county by region; a teacher of school A reaches nothing
 * of school B. Inspections, coverage and settings: homes-inspect.ts.
 */
import { randomBytes } from 'node:crypto';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { seal } from '../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import { shanghaiDay } from '../../_shared/time';
import { isActiveChild } from '../../_shared/child-status';
import { issueSlots, claimSlots } from '../../_shared/upload-slots';
import { schoolsContract, type SchoolDoc } from '../../_shared/contracts/schools';
import type { HomeActivityDoc, HomeDoc } from '../../_shared/contracts/schools-homes';
import { S, personName } from './common';
import { H, HOME_EDIT_ROLES, HOME_INSPECT_ROLES, HOME_RECORD_ROLES, HOME_VIEW_ROLES, holdsSchool, homeView, schoolStaff, schoolTarget } from './homes-common';

const A = schoolsContract.actions;
const bySchool = schoolTarget((i: { schoolId: string }) => i.schoolId);

/** The photo task of a school's activity or inspection photos (upload slots). */
export const homePhotoTask = (schoolId: string, purpose: 'activity' | 'inspection') => `home:${schoolId}:${purpose}`;

/** Matrix examples: a home at the side's school (built once). */
export async function exampleHome(w: { side: { schoolId: string; countyCode: string; townshipCode: string }; insert: (c: string, d: Record<string, unknown>) => Promise<string> }): Promise<string> {
  try {
    await w.insert(H.homes, {
      _id: w.side.schoolId,
      schoolId: w.side.schoolId,
      countyCode: w.side.countyCode,
      townshipCode: w.side.townshipCode,
      regionCode: w.side.townshipCode,
      name: '留守儿童之家',
      openedOn: '2025-09-01',
      facilities: ['activityRoom'],
      runnerIds: [],
      hours: '周一至周五 16:30-18:00',
      createdAt: new Date(),
      updatedAt: new Date(),
    });
  } catch {
    // Already there from an earlier row.
  }
  return w.side.schoolId;
}

export const getHome = action(A.getHome, {
  access: { roles: HOME_VIEW_ROLES, target: bySchool, audit: 'read', breakGlass: false },
  example: (w) => ({ schoolId: w.side.schoolId }),
  /**
   * A school's 留守儿童之家: facilities, who runs it, hours, the latest 30 activities (children
   * named as the caller's role may see them, photo links for two hours), the latest inspection
   * (scores per item, total out of 100, stars) and earlier ones; `home` absent when the school has
   * none (未建). `canEdit` for the school's staff, `canRecord` for its people once built,
   * `canInspect` for the county admin.
   */
  handler: async (_input, ctx) => homeView(ctx, dbOf(ctx), ctx.grant!.target!.doc as SchoolDoc),
});

export const saveHome = action(A.saveHome, {
  access: { roles: HOME_EDIT_ROLES, target: bySchool, audit: 'write', breakGlass: false },
  example: (w) => ({ schoolId: w.side.schoolId, name: '阳光留守儿童之家', openedOn: '2025-09-01', facilities: ['activityRoom', 'familyPhone'], hours: '周一至周五 16:30-18:00' }),
  /**
   * Builds (first save) or replaces the school's home: name, opened on (not in the future),
   * facilities (checklist plus free text), who runs it (people bound to the school as life
   * teacher, staff or teacher), opening hours, where in the school and a published number (both
   * shown in the community directory, which lists every home). A built home keeps its rating.
   * @throws VALIDATION_FAILED (负责人) for a person not bound to the school
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const school = ctx.grant!.target!.doc as SchoolDoc;
    const staff = new Set((await schoolStaff(db, school._id)).map((s) => s.personId));
    const stranger = input.runnerIds.findIndex((id) => !staff.has(id));
    if (stranger >= 0) {
      throw new AppError('VALIDATION_FAILED', '负责人：只能选本校的生活老师、教师或工作人员', { issues: [{ path: `runnerIds.${stranger}`, label: '负责人', message: '只能选本校的生活老师、教师或工作人员' }] });
    }
    const now = ctx.now();
    const old = await getDoc<HomeDoc>(db, H.homes, school._id);
    const body: Omit<HomeDoc, '_id' | 'createdAt' | 'rating'> = {
      schoolId: school._id,
      schoolName: school.name,
      countyCode: school.countyCode,
      townshipCode: school.townshipCode,
      regionCode: school.regionCode,
      name: input.name,
      openedOn: input.openedOn,
      facilities: [...new Set(input.facilities)],
      ...(input.facilitiesNote ? { facilitiesNote: input.facilitiesNote } : {}),
      runnerIds: [...new Set(input.runnerIds)],
      hours: input.hours,
      ...(input.address ? { address: input.address } : {}),
      ...(input.phone ? { phone: seal('site.phone', input.phone) } : {}),
      updatedAt: now,
      ...(ctx.actor?.personId ? { updatedBy: ctx.actor.personId } : {}),
    };
    const doc: HomeDoc = { _id: school._id, ...body, createdAt: old?.createdAt ?? now, ...(old?.rating ? { rating: old.rating } : {}) };
    await db.collection(H.homes).doc(school._id).set(Object.fromEntries(Object.entries(doc).filter(([k]) => k !== '_id')));
    return homeView(ctx, db, school);
  },
});

export const homePhotoSlots = action(A.homePhotoSlots, {
  access: { roles: [...new Set([...HOME_RECORD_ROLES, ...HOME_INSPECT_ROLES])], target: bySchool, audit: false, breakGlass: false },
  example: async (w) => ({ schoolId: await exampleHome(w), purpose: w.role === 'countyAdmin' ? 'inspection' : 'activity', count: 1 }),
  /**
   * Hands the caller `count` one-time slots (`schools/homes/<caller's folder>/<slot id>.jpg`, a
   * day) for photos of an activity at the school's home (its life teachers, teachers, staff) or of
   * an inspection (the county admin). `recordHomeActivity` / `inspectHome` take photos only from them.
   * @throws FORBIDDEN for the other purpose's role; CONFLICT when the school has no home yet
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const school = ctx.grant!.target!.doc as SchoolDoc;
    const own = input.purpose === 'activity' ? holdsSchool(ctx, HOME_RECORD_ROLES, school._id) : ctx.grant!.role === 'countyAdmin';
    if (!own) throw new AppError('FORBIDDEN', input.purpose === 'activity' ? '活动由本校教职工记录' : '检查由县里记录');
    if (!(await getDoc<HomeDoc>(db, H.homes, school._id))) throw new AppError('CONFLICT', '这所学校还没有建立留守儿童之家');
    return { slots: await issueSlots(ctx, 'homePhoto', homePhotoTask(school._id, input.purpose), '.jpg', input.count) };
  },
});

export const recordHomeActivity = action(A.recordHomeActivity, {
  access: { roles: HOME_RECORD_ROLES, target: bySchool, audit: 'write', breakGlass: false },
  example: async (w) => ({ schoolId: await exampleHome(w), on: '2025-10-10', kind: 'familyCall', participants: 12, note: '周五晚上和在外务工的爸爸妈妈视频' }),
  /**
   * Records an activity held at the school's home: day (not in the future), kind, how many
   * children took part, optionally which registered children of the school (on the school's
   * list today), a note and photos from `homePhotoSlots`.
   * @throws CONFLICT when the school has no home; VALIDATION_FAILED (参加的儿童) for a child not
   *   registered at the school, (参加人数) when fewer than the children named; UPLOAD_* for a
   *   photo not from the caller's slot
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const school = ctx.grant!.target!.doc as SchoolDoc;
    if (!(await getDoc<HomeDoc>(db, H.homes, school._id))) throw new AppError('CONFLICT', '本校还没有建立留守儿童之家，请学校工作人员先建立');
    const ids = [...new Set(input.childIds)];
    if (ids.length) {
      const _ = db.command;
      const today = shanghaiDay(ctx.now());
      const rows = await fetchAll<{ _id: string; schoolId?: string; status?: string; ageOutOn?: string; erased?: unknown }>(
        db.collection(S.children).where({ _id: _.in(ids) }).field({ _id: true, schoolId: true, status: true, ageOutOn: true, erased: true }),
        ids.length,
      );
      const ok = new Set(rows.filter((c) => c.schoolId === school._id && isActiveChild(c as never, today)).map((c) => c._id));
      const bad = input.childIds.findIndex((id) => !ok.has(id));
      if (bad >= 0) throw new AppError('VALIDATION_FAILED', '参加的儿童：只能选本校在册的留守儿童', { issues: [{ path: `childIds.${bad}`, label: '参加的儿童', message: '只能选本校在册的留守儿童' }] });
    }
    if (input.participants < ids.length) {
      throw new AppError('VALIDATION_FAILED', `参加人数：不能少于选中的${ids.length}名儿童`, { issues: [{ path: 'participants', label: '参加人数', message: `不能少于选中的${ids.length}名儿童` }] });
    }
    const now = ctx.now();
    const id = `ha-${input.on}-${randomBytes(6).toString('hex')}`;
    await claimSlots(ctx, input.photos, 'homePhoto', homePhotoTask(school._id, 'activity'), `homeActivity:${id}`, { field: 'photos', label: '活动照片', redo: '请在本机重新拍摄上传' });
    const doc: HomeActivityDoc = {
      _id: id,
      schoolId: school._id,
      countyCode: school.countyCode,
      on: input.on,
      kind: input.kind,
      participants: input.participants,
      childIds: ids,
      ...(input.note ? { note: input.note } : {}),
      photos: input.photos,
      by: { ...(ctx.actor?.personId ? { personId: ctx.actor.personId } : {}), name: await personName(db, ctx.actor?.personId), role: ctx.grant!.role },
      at: now,
    };
    await db.collection(H.activities).add(doc);
    ctx.auditExtra = { refs: { activityId: id } };
    return homeView(ctx, db, school);
  },
});
