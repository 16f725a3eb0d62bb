/**
 * The schools calls the 控辍保学 pages make, typed by the generated contracts
 * (`contracts/schools.ts`). Presentation and form rules: schools-logic.ts.
 */
import { callFunction } from '../../services/api';
import { uploadIntoSlots } from '../../services/uploads';
import type { ReturnStage, AttemptOutcome, OutOfSchool, CaseStatus, LegalMeasureKind } from '../../contracts/schools';

export type { SchoolsView, SchoolView, CaseView, CaseListItem, AttemptResult, AttemptView } from '../../contracts/schools';

/** The schools of the caller's area (or `regionCode`) with their open dropout cases. */
export const loadSchools = (regionCode?: string) => callFunction('schools', 'listSchools', regionCode ? { regionCode } : {});
/** Adds (no `schoolId`) or edits a school (county admin). */
export const saveSchool = (input: { schoolId?: string; name: string; regionCode: string; boarding: boolean; bureauCode?: string }) => callFunction('schools', 'saveSchool', input);
/** The county's escalation rule: after N failed attempts, or D days open (county admin). */
export const saveEscalation = (escalateAfter: number, escalateAfterDays: number) => callFunction('schools', 'updateSettings', { escalateAfter, escalateAfterDays });
/** Links a child to a school (township staff, county admin). */
export const linkChild = (childId: string, schoolId: string) => callFunction('schools', 'linkChild', { childId, schoolId });
/** A school registers a child as dropped out or not in school. */
export const reportDropout = (childId: string, kind: OutOfSchool, reason?: string) => callFunction('schools', 'reportDropout', { childId, kind, ...(reason ? { reason } : {}) });
/** Dropout cases of a school, a region, or the caller's own. */
export const loadCases = (filter: { schoolId?: string; regionCode?: string; status?: CaseStatus; skip?: number; limit?: number }) => callFunction('schools', 'listCases', filter);
export const loadCase = (caseId: string) => callFunction('schools', 'getCase', { caseId });
export const recordAttempt = (input: { caseId: string; on: string; withWhom: string; companions?: string; outcome: AttemptOutcome; note?: string; nextStep?: string }) =>
  callFunction('schools', 'recordAttempt', input);
export const closeCase = (input: { caseId: string; returnedOn: string; schoolId: string; stage: ReturnStage }) => callFunction('schools', 'closeCase', input);
/** Records a legal measure on an escalated case (township staff, county admin). */
export const recordMeasure = (input: { caseId: string; kind: LegalMeasureKind; on: string; note?: string; photo?: string }) => callFunction('schools', 'recordMeasure', input);

/**
 * Lets the caller take or pick one photo of a measure's document and uploads it into the slot
 * `schools.measureSlot` hands out for this case (recordMeasure takes a photo only from it).
 * @returns the fileID with the local path (to show at once; empty when cancelled), or an error in Chinese
 */
export function addMeasurePhoto(caseId: string): Promise<{ fileID: string; preview: string; error?: string }> {
  return new Promise((resolve) => {
    wx.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sourceType: ['camera', 'album'],
      sizeType: ['compressed'],
      success: async (res) => {
        const file = res.tempFiles[0]?.tempFilePath;
        if (!file) return resolve({ fileID: '', preview: '' });
        const ext = /\.png$/i.test(file) ? 'png' : 'jpg';
        const up = await uploadIntoSlots('dropoutDocument', await callFunction('schools', 'measureSlot', { caseId, ext }), [file]);
        resolve(up.ok ? { fileID: up.data.fileIDs[0], preview: file } : { fileID: '', preview: '', error: `照片上传失败：${up.error.message}` });
      },
      fail: () => resolve({ fileID: '', preview: '' }),
    });
  });
}
