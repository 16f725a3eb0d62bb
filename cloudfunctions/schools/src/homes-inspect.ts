/**
 * The county's side of 留守儿童之家 (docs/schools.md "留守儿童之家"; policy §二(三) "县教体局、
 * 民政局、妇联要定期 … 进行检查，对运行良好的要评星定级"): inspections scored by the county's
 * checklist with stars by its thresholds (`inspectHome`; the school's staff are told in 消息),
 * the coverage list of boarding schools with or without a home (`homeCoverage`), and the
 * checklist and thresholds (`homeSettings`).
 */
import { randomBytes } from 'node:crypto';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, regionContains } from '../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import { updateCountyConfig } from '../../_shared/county-config';
import { notify } from '../../_shared/notify';
import { claimSlots } from '../../_shared/upload-slots';
import { schoolsContract, type SchoolDoc } from '../../_shared/contracts/schools';
import {
  DEFAULT_STAR_THRESHOLDS,
  STAR_LABELS,
  scoreOutOf100,
  starsFor,
  type ChecklistItem,
  type HomeCoverageRow,
  type HomeCoverageView,
  type HomeDoc,
  type HomeInspectionDoc,
} from '../../_shared/contracts/schools-homes';
import { S, callerCounty, personName, placeCodes, placeOf, regionCodesOf, regionNames } from './common';
import { H, HOME_INSPECT_ROLES, homeSettingsOf, homeView, schoolTarget } from './homes-common';
import { exampleHome, homePhotoTask } from './homes';

const A = schoolsContract.actions;
const COVERAGE_ROLES = ['countyAdmin', 'townshipStaff'] as const;

type Issue = { path: string; label: string; message: string };
function refuse(issue: Issue): never {
  throw new AppError('VALIDATION_FAILED', `${issue.label}：${issue.message}`, { issues: [issue] });
}

/**
 * The scored checklist: every item of the county's checklist once, no unknown item, no score
 * above an item's maximum.
 * @throws VALIDATION_FAILED naming 检查项目 (unknown or repeated item) or 得分 (above the maximum, items left unscored)
 */
export function scoredItems(checklist: ChecklistItem[], scores: { item: string; score: number }[]): { key: string; label: string; max: number; score: number }[] {
  const byKey = new Map(checklist.map((c) => [c.key, c]));
  const seen = new Map<string, number>();
  scores.forEach((s, i) => {
    const item = byKey.get(s.item);
    if (!item) refuse({ path: `scores.${i}.item`, label: '检查项目', message: '检查表中没有这一项，请刷新检查表后重新打分' });
    if (seen.has(s.item)) refuse({ path: `scores.${i}.item`, label: '检查项目', message: `“${item.label}”打了两次分` });
    if (s.score > item.max) refuse({ path: `scores.${i}.score`, label: '得分', message: `“${item.label}”最高${item.max}分` });
    seen.set(s.item, s.score);
  });
  const missing = checklist.filter((c) => !seen.has(c.key));
  if (missing.length) refuse({ path: 'scores', label: '得分', message: `还有项目没有打分：${missing.map((m) => m.label).join('、')}` });
  return checklist.map((c) => ({ key: c.key, label: c.label, max: c.max, score: seen.get(c.key)! }));
}

export const inspectHome = action(A.inspectHome, {
  access: { roles: HOME_INSPECT_ROLES, target: schoolTarget((i: { schoolId: string }) => i.schoolId), audit: 'write', breakGlass: false },
  example: async (w) => ({
    schoolId: await exampleHome(w),
    on: '2025-10-10',
    departments: ['education', 'civilAffairs', 'womensFederation'],
    scores: [
      { item: 'i1', score: 18 },
      { item: 'i2', score: 18 },
      { item: 'i3', score: 13 },
      { item: 'i4', score: 17 },
      { item: 'i5', score: 12 },
      { item: 'i6', score: 8 },
    ],
    findings: '心理辅导室未按时开放',
    rectification: '一个月内排出心理辅导室开放时间表',
  }),
  /**
   * Records an inspection of the school's home by the county (教育局、民政局、妇联 together or
   * some of them): day (not in the future), departments, a score for every item of the county's
   * checklist (`homeSettings`), photos from `homePhotoSlots`, findings and 整改. The total is put
   * on a 100 scale and the stars follow from the county's thresholds (county settings, not
   * policy). The inspection with the latest day is the home's rating. The school's staff are
   * told in 消息 (`schools.homeInspected`, opening the home page).
   * @throws CONFLICT when the school has no home (未建); VALIDATION_FAILED (检查项目, 得分) for an
   *   unknown or repeated item, a score above the item's maximum or items left unscored
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const school = ctx.grant!.target!.doc as SchoolDoc;
    const home = await getDoc<HomeDoc>(db, H.homes, school._id);
    if (!home) throw new AppError('CONFLICT', '这所学校还没有建立留守儿童之家（未建），不能检查评星');
    const { checklist, thresholds } = await homeSettingsOf(db, school.countyCode);
    const items = scoredItems(checklist, input.scores);
    const total = items.reduce((a, i) => a + i.score, 0);
    const maxTotal = items.reduce((a, i) => a + i.max, 0);
    const score = scoreOutOf100(total, maxTotal);
    const stars = starsFor(score, thresholds);
    const now = ctx.now();
    const id = `hi-${input.on}-${randomBytes(6).toString('hex')}`;
    await claimSlots(ctx, input.photos, 'homePhoto', homePhotoTask(school._id, 'inspection'), `homeInspection:${id}`, { field: 'photos', label: '检查照片', redo: '请在本机重新拍摄上传' });
    const staff = await fetchAll<{ personId: string }>(db.collection(S.roleBindings).where({ role: 'schoolStaff', 'scope.schoolId': school._id, status: 'active' }).field({ personId: true }), 200);
    const people = [...new Set(staff.map((s) => s.personId))];
    const doc: HomeInspectionDoc = {
      _id: id,
      schoolId: school._id,
      countyCode: school.countyCode,
      townshipCode: school.townshipCode,
      on: input.on,
      departments: [...new Set(input.departments)],
      items,
      total,
      maxTotal,
      score,
      stars,
      thresholds,
      ...(input.findings ? { findings: input.findings } : {}),
      ...(input.rectification ? { rectification: input.rectification } : {}),
      photos: input.photos,
      by: { ...(ctx.actor?.personId ? { personId: ctx.actor.personId } : {}), name: await personName(db, ctx.actor?.personId) },
      at: now,
      told: people.length,
    };
    await db.collection(H.inspections).add(doc);
    if (!home.rating || home.rating.on <= input.on) {
      await db.collection(H.homes).doc(school._id).update({ rating: { inspectionId: id, on: input.on, score, stars } });
    }
    for (const personId of people) {
      await notify(ctx, {
        to: { personId },
        kind: 'schools.homeInspected',
        title: `留守儿童之家检查结果：${STAR_LABELS[stars]}（${score}分）`,
        body: `${school.name}的${home.name}于${input.on}接受检查，得分${score}（满分100），评为${STAR_LABELS[stars]}。${input.rectification ? '有整改要求，请打开查看。' : ''}`,
        ref: { kind: 'homeInspection', id },
        dedupeKey: `homeInspected:${id}:${personId}`,
      });
    }
    ctx.auditExtra = { refs: { inspectionId: id } };
    return homeView(ctx, db, school);
  },
});

export const homeCoverage = action(A.homeCoverage, {
  access: { roles: [...COVERAGE_ROLES], dataScope: 'handler' },
  example: (w) => ({ regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.side.townshipCode }),
  /**
   * The boarding schools of a county or township (default: the caller's widest area) with their
   * home or 未建, the latest inspection day, score and stars; day schools appear only when they
   * have a home. Boarding schools without a home first. Audited as statistics.
   * @returns counts too: boarding schools, those with a home, homes by stars (index 0: not inspected)
   * @throws FORBIDDEN when `regionCode` is outside the caller's area
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const regions = regionCodesOf(ctx.actor!.bindings, COVERAGE_ROLES);
    const area = input.regionCode ?? [...regions].sort((a, b) => a.length - b.length)[0];
    if (!area || !regions.some((c) => regionContains(c, area))) throw new AppError('FORBIDDEN', '该地区不在您的管辖范围内');
    const where = area.length === 6 ? { countyCode: area } : { townshipCode: area };
    const [schools, homes] = await Promise.all([fetchAll<SchoolDoc>(db.collection(S.schools).where(where), 5000), fetchAll<HomeDoc>(db.collection(H.homes).where(where), 5000)]);
    const homeOf = new Map(homes.map((h) => [h._id, h]));
    const names = await regionNames(db, [area, ...placeCodes(schools.map((s) => s.regionCode))]);
    const rows: HomeCoverageRow[] = schools
      .filter((s) => s.boarding || homeOf.has(s._id))
      .map((s) => {
        const h = homeOf.get(s._id);
        return {
          schoolId: s._id,
          schoolName: s.name,
          place: placeOf(s.regionCode, names),
          townshipCode: s.townshipCode,
          boarding: !!s.boarding,
          built: !!h,
          ...(h ? { homeName: h.name } : {}),
          ...(h?.rating ? { lastInspectedOn: h.rating.on, stars: h.rating.stars, score: h.rating.score } : {}),
        };
      })
      .sort((a, b) => Number(b.boarding) - Number(a.boarding) || Number(a.built) - Number(b.built) || a.townshipCode.localeCompare(b.townshipCode) || a.schoolName.localeCompare(b.schoolName, 'zh'));
    const byStars = [0, 0, 0, 0, 0, 0];
    for (const r of rows) if (r.built) byStars[r.stars ?? 0]++;
    const boarding = rows.filter((r) => r.boarding);
    const townships = [...new Set(schools.map((s) => s.townshipCode))].sort().map((code) => ({ code, name: names.get(code) ?? code }));
    await audit(ctx, { op: 'stats', regionCode: area, count: rows.length });
    const view: HomeCoverageView = {
      region: { code: area, name: names.get(area) ?? area },
      rows,
      boardingSchools: boarding.length,
      boardingWithHome: boarding.filter((r) => r.built).length,
      byStars,
      townships,
      canInspect: (ctx.actor?.bindings ?? []).some((b) => b.role === 'countyAdmin'),
    };
    return view;
  },
});

export const homeSettings = action(A.homeSettings, {
  access: { roles: HOME_INSPECT_ROLES },
  example: () => ({ thresholds: DEFAULT_STAR_THRESHOLDS }),
  /**
   * The county's inspection checklist (items with their maxima; the default until set) and star
   * thresholds (score out of 100 for two to five stars, below two stars one star; defaults ≥90 /
   * ≥80 / ≥70 / ≥60). County settings, not policy. Without input it only answers them; a new
   * checklist keeps the keys of items it names and gives new items new keys, so past
   * inspections (which keep the checklist they were scored by) are unchanged.
   * @throws VALIDATION_FAILED (检查项目) for two items of one key
   */
  handler: async (input, ctx) => {
    const county = callerCounty(ctx, ['countyAdmin']);
    const db = dbOf(ctx);
    const changes: Record<string, unknown> = {};
    if (input.checklist) {
      const used = new Set<string>();
      let next = Math.max(0, ...input.checklist.map((c) => Number(c.key?.slice(1) ?? 0))) + 1;
      const list = input.checklist.map((c, i) => {
        const key = c.key ?? `i${next++}`;
        if (used.has(key)) refuse({ path: `checklist.${i}.key`, label: '检查项目', message: '同一项出现了两次' });
        used.add(key);
        return { key, label: c.label, max: c.max };
      });
      changes['homes.checklist'] = list;
    }
    if (input.thresholds) for (const [k, v] of Object.entries(input.thresholds)) changes[`homes.${k}`] = v;
    if (Object.keys(changes).length) await updateCountyConfig(db, county, changes, { ...(ctx.actor?.personId ? { by: ctx.actor.personId } : {}), at: ctx.now() });
    return homeSettingsOf(db, county);
  },
});
