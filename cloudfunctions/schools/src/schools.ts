/**
 * The schools registry (docs/schools.md "Schools"): the county keeps its schools — name, where,
 * boarding or not, the education bureau's code — and links children to them; everyone with a
 * role in the work sees the schools of their area with their open dropout cases. Staff are
 * bound to a school by invitation (accounts; the school scope lists these schools).
 */
import { randomBytes } from 'node:crypto';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, childTarget, regionContains, type ChildAccessFields } from '../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import { emit } from '../../_shared/events';
import { getCountyConfig, updateCountyConfig } from '../../_shared/county-config';
import { schoolsContract, type SchoolDoc, type SchoolsView } from '../../_shared/contracts/schools';
import { LINK_ROLES, LIST_ROLES, S, callerCounty, holdsRegion, placeCodes, regionCodesOf, regionNames, schoolIdsOf, schoolView, schoolsById } from './common';

const A = schoolsContract.actions;
const COUNTY: readonly ['countyAdmin'] = ['countyAdmin'];

export const listSchools = action(A.listSchools, {
  access: { roles: LIST_ROLES, dataScope: 'handler' },
  example: (w) => (['teacher', 'lifeTeacher', 'schoolStaff'].includes(w.role) ? { regionCode: w.side.townshipCode } : { regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.side.townshipCode }),
  /**
   * The schools of a county or township with each one's open dropout cases. County admins and
   * township staff see their area (default: their widest); teachers, life teachers and school
   * staff see their own school (a `regionCode` must contain it).
   * @returns `{ schools (by township, then name), canEdit (county admin), escalateAfter }`
   * @throws FORBIDDEN when `regionCode` is outside the caller's area
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const bindings = ctx.actor!.bindings;
    const regions = regionCodesOf(bindings, ['countyAdmin', 'townshipStaff']);
    const own = schoolIdsOf(bindings, ['teacher', 'lifeTeacher', 'schoolStaff']);
    const asked = input.regionCode;
    let rows: SchoolDoc[];
    if (asked && regions.some((c) => regionContains(c, asked))) {
      rows = await fetchAll<SchoolDoc>(db.collection(S.schools).where(asked.length === 6 ? { countyCode: asked } : { townshipCode: asked }), 2000);
    } else if (!asked && regions.length) {
      const widest = [...regions].sort((a, b) => a.length - b.length)[0];
      rows = await fetchAll<SchoolDoc>(db.collection(S.schools).where(widest.length === 6 ? { countyCode: widest } : { townshipCode: widest }), 2000);
    } else {
      rows = [...(await schoolsById(db, own)).values()];
      if (asked) {
        rows = rows.filter((s) => regionContains(asked, s.regionCode));
        if (!rows.length) throw new AppError('FORBIDDEN');
      }
    }
    rows.sort((a, b) => a.regionCode.slice(0, 9).localeCompare(b.regionCode.slice(0, 9)) || a.name.localeCompare(b.name, 'zh'));
    const _ = db.command;
    const open = rows.length
      ? await fetchAll<{ schoolId: string }>(db.collection(S.cases).where({ schoolId: _.in(rows.map((s) => s._id)), status: 'open' }).field({ schoolId: true }), 20_000)
      : [];
    const counts = new Map<string, number>();
    for (const c of open) counts.set(c.schoolId, (counts.get(c.schoolId) ?? 0) + 1);
    const names = await regionNames(db, placeCodes(rows.map((s) => s.regionCode)));
    const county = (regions[0] ?? rows[0]?.countyCode ?? '').slice(0, 6);
    const config = county ? await getCountyConfig(db, county) : undefined;
    await audit(ctx, { op: 'stats', regionCode: asked ?? regions[0], count: rows.length });
    const view: SchoolsView = {
      schools: rows.map((s) => schoolView(s, names, counts.get(s._id) ?? 0)),
      canEdit: bindings.some((b) => b.role === 'countyAdmin'),
      escalateAfter: config?.schools.escalateAfter ?? 3,
      escalateAfterDays: config?.schools.escalateAfterDays ?? 30,
    };
    return view;
  },
});

export const saveSchool = action(A.saveSchool, {
  access: { roles: COUNTY, dataScope: 'handler' },
  example: (w) => ({ name: `第${w.unique()}小学`, regionCode: w.side.townshipCode, boarding: true, bureauCode: '2134001234' }),
  /**
   * Adds a school, or edits one (`schoolId`), in the caller's county. Policy §二(三) (the
   * schools dropout control works through) and the 留守儿童之家 rule (boarding schools) need
   * `boarding`. A name already used in the same township is refused.
   * @throws FORBIDDEN outside the caller's county; NOT_FOUND for an unknown `schoolId`;
   *   VALIDATION_FAILED (学校名称) for a duplicate name in the township
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    if (!holdsRegion(ctx, COUNTY, input.regionCode)) throw new AppError('FORBIDDEN');
    const now = ctx.now();
    const townshipCode = input.regionCode.slice(0, 9);
    let before: SchoolDoc | undefined;
    if (input.schoolId) {
      before = await getDoc<SchoolDoc>(db, S.schools, input.schoolId);
      if (!before) throw new AppError('NOT_FOUND');
      if (!holdsRegion(ctx, COUNTY, before.regionCode)) throw new AppError('FORBIDDEN');
    }
    const same = await fetchAll<SchoolDoc>(db.collection(S.schools).where({ townshipCode, name: input.name }), 5);
    if (same.some((s) => s._id !== input.schoolId)) {
      throw new AppError('VALIDATION_FAILED', '学校名称：本乡镇已有同名学校', { issues: [{ path: 'name', label: '学校名称', message: '本乡镇已有同名学校' }] });
    }
    const fieldsOf = { name: input.name, countyCode: input.regionCode.slice(0, 6), townshipCode, regionCode: input.regionCode, boarding: input.boarding };
    let doc: SchoolDoc;
    if (before) {
      const _ = db.command;
      await db.collection(S.schools).doc(before._id).update({ ...fieldsOf, bureauCode: input.bureauCode ?? _.remove(), updatedAt: now, updatedBy: ctx.actor?.personId ?? null });
      doc = { ...before, ...fieldsOf, updatedAt: now };
      if (input.bureauCode) doc.bureauCode = input.bureauCode;
      else delete doc.bureauCode;
    } else {
      doc = { _id: `school-${randomBytes(8).toString('hex')}`, ...fieldsOf, ...(input.bureauCode ? { bureauCode: input.bureauCode } : {}), createdAt: now, ...(ctx.actor?.personId ? { createdBy: ctx.actor.personId } : {}) };
      await db.collection(S.schools).add(doc);
    }
    await audit(ctx, { op: 'write', target: { kind: 'school', id: doc._id }, regionCode: doc.regionCode });
    return schoolView(doc, await regionNames(db, placeCodes([doc.regionCode])), 0);
  },
});

export const updateSettings = action(A.updateSettings, {
  access: { roles: COUNTY },
  example: () => ({ escalateAfter: 3, escalateAfterDays: 30 }),
  /**
   * Sets the county's escalation rule (policy §二(三) "对督促和劝返无效的 … 依法采取措施"): after
   * `escalateAfter` failed 劝返 attempts (default 3), or `escalateAfterDays` calendar days open
   * without a return (default 30; kept when not sent), a case goes to the township and county.
   */
  handler: async (input, ctx) => {
    const county = callerCounty(ctx, COUNTY);
    const db = dbOf(ctx);
    await updateCountyConfig(
      db,
      county,
      { 'schools.escalateAfter': input.escalateAfter, ...(input.escalateAfterDays ? { 'schools.escalateAfterDays': input.escalateAfterDays } : {}) },
      { by: ctx.actor?.personId, at: ctx.now() },
    );
    await audit(ctx, { op: 'write', target: { kind: 'countyConfig', id: county }, regionCode: county });
    const config = await getCountyConfig(db, county);
    return { escalateAfter: config.schools.escalateAfter, escalateAfterDays: config.schools.escalateAfterDays };
  },
});

export const linkChild = action(A.linkChild, {
  access: { roles: LINK_ROLES, target: childTarget((i: { childId: string }) => i.childId), audit: 'write', breakGlass: false },
  example: (w) => ({ childId: w.side.childId, schoolId: w.side.schoolId }),
  /**
   * Links a child to the school it attends (the child file's `schoolId`, which the school's staff
   * reach); the registry records the change with its history; the child's open dropout case, if
   * any, moves to that school.
   * @throws NOT_FOUND for an unknown school; FORBIDDEN for a school outside the caller's area or
   *   the child's county; REGISTRY_UNAVAILABLE when the child file could not be updated (nothing changed)
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const child = ctx.grant!.target!.doc as ChildAccessFields;
    const school = await getDoc<SchoolDoc>(db, S.schools, input.schoolId);
    if (!school) throw new AppError('NOT_FOUND', '没有找到这所学校');
    if (!holdsRegion(ctx, LINK_ROLES, school.regionCode) || school.countyCode !== child.villageCode.slice(0, 6)) throw new AppError('FORBIDDEN');
    await setOnRegistry(ctx, { childId: child._id, schoolId: school._id, reason: `关联就读学校：${school.name}` });
    // An open dropout case goes with the child (a case opened from a census import before the
    // child was linked reaches the school from now on).
    await db.collection(S.cases).where({ childId: child._id, status: 'open' }).update({ schoolId: school._id });
    return { childId: child._id, schoolId: school._id };
  },
});

/**
 * Changes a child file's schooling / school through the registry (event `childSchoolingSet`).
 * @throws REGISTRY_UNAVAILABLE when the registry did not apply it (the caller's action then fails whole)
 */
export async function setOnRegistry(
  ctx: Parameters<typeof emit>[0],
  change: { childId: string; schooling?: 'primary' | 'juniorMiddle' | 'droppedOut' | 'notInSchool'; schoolId?: string; reason: string },
): Promise<void> {
  const by = { ...(ctx.actor?.personId ? { personId: ctx.actor.personId } : {}), role: ctx.grant?.role ?? 'system' };
  const [delivery] = await emit(ctx, 'childSchoolingSet', { ...change, by });
  if (!delivery?.ok) throw new AppError('REGISTRY_UNAVAILABLE', '儿童档案暂时无法更新，本次操作未保存，请稍后重试');
}
