/**
 * The life teachers' calls (生活老师; docs/schools.md "Life teachers"), typed by the generated
 * contracts, and how their rows read. The parent's number from `dialParent` goes straight to the
 * dialer: it is never put in page data.
 */
import { callFunction } from '../../services/api';
import { CARE_KIND_LABELS, type CallParent, type CareKind, type ChildCareView, type LifeCareChild } from '../../contracts/schools';

export type { LifeCareListView, LifeCareChild, ChildCareView, CareLogView, CareKind, CallParent } from '../../contracts/schools';

export const loadLifeCare = (schoolId?: string) => callFunction('schools', 'listLifeCare', schoolId ? { schoolId } : {});
export const loadChildCare = (childId: string) => callFunction('schools', 'getChildCare', { childId });
export const logCare = (input: { childId: string; kind: CareKind; parent?: CallParent; note?: string }) => callFunction('schools', 'logCare', input);
export const dialParent = (childId: string, parent: CallParent) => callFunction('schools', 'dialParent', { childId, parent });
/** The county's "no care for N days" (county admin); without a value it only reads it. */
export const noCareDaysSetting = (noCareDays?: number) => callFunction('schools', 'updateLifeCareSettings', noCareDays === undefined ? {} : { noCareDays });

/** The kinds logged with one tap (亲情电话 is logged by dialling). */
export const TAP_KINDS: { key: CareKind; label: string }[] = (['homeSchool', 'comfort', 'dailyCare', 'tutoring', 'homeVisit'] as CareKind[]).map((key) => ({ key, label: CARE_KIND_LABELS[key] }));

export interface CareRow {
  id: string;
  title: string;
  line: string;
  tag: string;
  tone: string;
}

/** One child of the list: name (寄宿), last care and how long ago, 该关爱了 when due. */
export function careRow(c: LifeCareChild): CareRow {
  const last = c.lastCareOn
    ? `最近关爱：${c.lastCareOn} ${CARE_KIND_LABELS[c.lastKind as CareKind] ?? ''}（${c.daysSince ? `${c.daysSince}天前` : '今天'}）`
    : '暂无关爱记录';
  return {
    id: c.childId,
    title: `${c.name}${c.boarding ? '（寄宿）' : ''}${c.age !== undefined ? ` ${c.age}岁` : ''}`,
    line: `${c.place} · ${last}`,
    tag: c.due ? '该关爱了' : '',
    tone: c.due ? 'warning' : 'success',
  };
}

/** The child's care records as rows. */
export function logRows(v: ChildCareView): { id: string; title: string; line: string }[] {
  return v.logs.map((l) => ({
    id: l.id,
    title: `${l.on} ${CARE_KIND_LABELS[l.kind as CareKind] ?? ''}${l.parent ? `（${l.parent === 'father' ? '父亲' : '母亲'}）` : ''}`,
    line: [l.byName, l.note].filter(Boolean).join('：'),
  }));
}
