/**
 * 留守儿童之家 calls (docs/schools.md "留守儿童之家"), typed by the generated contracts, and how
 * their rows read: the home page, editing it, recording an activity, the county's inspection with
 * its live total and stars, settings and coverage.
 */
import { callFunction } from '../../services/api';
import { uploadIntoSlots } from '../../services/uploads';
import {
  HOME_ACTIVITY_LABELS,
  HOME_FACILITY_LABELS,
  INSPECTION_DEPARTMENT_LABELS,
  STAR_LABELS,
  type HomeActivityKind,
  type HomeFacility,
  type HomeView,
  type InspectionDepartment,
  type StarThresholds,
} from '../../contracts/schools';

export type { HomeView, HomeCoverageView, HomeSettingsView, HomeCoverageRow, ChecklistItem, StarThresholds } from '../../contracts/schools';

export const loadHome = (schoolId: string) => callFunction('schools', 'getHome', { schoolId });
/** The caller's own school (school staff, teachers, life teachers open 之家 from 工作台 without one). */
export const ownSchools = () => callFunction('schools', 'listSchools', {});
export const saveHome = (input: { schoolId: string; name: string; openedOn: string; facilities: HomeFacility[]; facilitiesNote?: string; runnerIds: string[]; hours: string; address?: string; phone?: string }) =>
  callFunction('schools', 'saveHome', input);
export const recordActivity = (input: { schoolId: string; on: string; kind: HomeActivityKind; participants: number; childIds: string[]; note?: string; photos: string[] }) =>
  callFunction('schools', 'recordHomeActivity', input);
export const inspectHome = (input: { schoolId: string; on: string; departments: InspectionDepartment[]; scores: { item: string; score: number }[]; findings?: string; rectification?: string; photos: string[] }) =>
  callFunction('schools', 'inspectHome', input);
export const loadCoverage = (regionCode?: string) => callFunction('schools', 'homeCoverage', regionCode ? { regionCode } : {});
export const homeSettings = (input: { checklist?: { key?: string; label: string; max: number }[]; thresholds?: StarThresholds } = {}) => callFunction('schools', 'homeSettings', input);
/** The school's registered children to name on an activity (the life teachers' list). */
export const loadSchoolChildren = (schoolId: string) => callFunction('schools', 'listLifeCare', { schoolId });

export const FACILITY_OPTIONS = (Object.keys(HOME_FACILITY_LABELS) as HomeFacility[]).map((key) => ({ key, label: HOME_FACILITY_LABELS[key] }));
export const ACTIVITY_OPTIONS = (Object.keys(HOME_ACTIVITY_LABELS) as HomeActivityKind[]).map((key) => ({ key, label: HOME_ACTIVITY_LABELS[key] }));
export const DEPARTMENT_OPTIONS = (Object.keys(INSPECTION_DEPARTMENT_LABELS) as InspectionDepartment[]).map((key) => ({ key, label: INSPECTION_DEPARTMENT_LABELS[key] }));

/** ★★★★☆ 四星 */
export function starText(stars: number | undefined): string {
  if (!stars) return '未评星';
  return `${'★'.repeat(stars)}${'☆'.repeat(5 - stars)} ${(STAR_LABELS as Record<number, string>)[stars] ?? ''}`;
}

/** The stars a live total earns (the same rule as the function: contracts' starsFor on a 100 scale). */
export function liveStars(total: number, maxTotal: number, t: StarThresholds): { score: number; stars: number } {
  const score = maxTotal > 0 ? Math.round((total * 1000) / maxTotal) / 10 : 0;
  const stars = score >= t.star5 ? 5 : score >= t.star4 ? 4 : score >= t.star3 ? 3 : score >= t.star2 ? 2 : 1;
  return { score, stars };
}

/** The home page's rows. */
export function homeRows(v: HomeView) {
  return {
    facilities: v.home ? [...v.home.facilities.map((f) => HOME_FACILITY_LABELS[f as HomeFacility]), ...(v.home.facilitiesNote ? [v.home.facilitiesNote] : [])].join('、') || '未登记' : '',
    runners: v.home ? v.home.runners.map((r) => `${r.name}（${r.roleLabel}）`).join('、') || '未指定' : '',
    activities: v.activities.map((a) => ({
      id: a.id,
      title: `${a.on} ${HOME_ACTIVITY_LABELS[a.kind as HomeActivityKind] ?? ''} · ${a.participants}人参加`,
      line: [a.childNames.length ? `参加的孩子：${a.childNames.join('、')}` : '', a.note ?? '', `记录：${a.byName}`].filter(Boolean).join('；'),
      photos: a.photoUrls.filter(Boolean),
    })),
    latest: v.latest
      ? {
          title: `${v.latest.on} 检查 · ${v.latest.score}分 · ${starText(v.latest.stars)}`,
          departments: v.latest.departments.map((d) => INSPECTION_DEPARTMENT_LABELS[d as InspectionDepartment]).join('、'),
          items: v.latest.items.map((i) => ({ key: i.key, label: i.label, text: `${i.score} / ${i.max}` })),
          photos: v.latest.photoUrls.filter(Boolean),
        }
      : null,
    earlier: v.earlier.map((e) => ({ id: e.id, title: `${e.on} 检查`, line: `${e.score}分 · ${starText(e.stars)}` })),
  };
}

/**
 * Lets the person take or pick photos and uploads them into slots `homePhotoSlots` hands out for
 * this school's activity or inspection.
 * @returns the fileIDs (none when cancelled), or an error message in Chinese
 */
export function addHomePhotos(max: number, schoolId: string, purpose: 'activity' | 'inspection'): Promise<{ fileIDs: string[]; error?: string }> {
  return new Promise((resolve) => {
    if (max <= 0) return resolve({ fileIDs: [], error: '照片最多9张' });
    wx.chooseMedia({
      count: max,
      mediaType: ['image'],
      sizeType: ['compressed'],
      success: async (res) => {
        const files = res.tempFiles.map((f) => f.tempFilePath);
        const up = await uploadIntoSlots('homePhoto', await callFunction('schools', 'homePhotoSlots', { schoolId, purpose, count: files.length }), files);
        resolve(up.ok ? { fileIDs: up.data.fileIDs } : { fileIDs: [], error: `照片上传失败：${up.error.message}` });
      },
      fail: () => resolve({ fileIDs: [] }),
    });
  });
}
