/**
 * The care calls the mini-program makes (工作台 tasks, visit form, reports, pairings), typed by the
 * generated contracts (`contracts/care.ts`). Pure presentation and draft rules are in `care-logic.ts`.
 */
import { callFunction } from '../../services/api';
import { uploadIntoSlots } from '../../services/uploads';
import type { ActionInput } from '../../contracts/index';
import type { PairingSlot, RecordVisitInput, ReportOutcome } from '../../contracts/care';

export type { CareSettingsView, DueVisitItem, MyPairing, PairingCandidate, PairingView, ReportRow, ReportView, TasksView, VisitPlan, VisitView } from '../../contracts/care';

export const loadTasks = () => callFunction('care', 'myTasks');
export const recordVisit = (input: RecordVisitInput) => callFunction('care', 'recordVisit', input);

/** Most photos one visit keeps (care contract: recordVisit photos). */
export const MAX_VISIT_PHOTOS = 9;

/**
 * Lets the visitor take or pick up to `max` photos and uploads them into slots
 * `care.visitPhotoSlots` hands out for this child (recordVisit takes photos only from those).
 * @returns the fileIDs with the local paths (to show at once; none when cancelled), or an error in Chinese
 */
export function addVisitPhotos(childId: string, max: number): Promise<{ fileIDs: string[]; previews: string[]; error?: string }> {
  return new Promise((resolve) => {
    if (max <= 0) return resolve({ fileIDs: [], previews: [], error: `照片最多${MAX_VISIT_PHOTOS}张` });
    wx.chooseMedia({
      count: max,
      mediaType: ['image'],
      sourceType: ['camera', 'album'],
      sizeType: ['compressed'],
      success: async (res) => {
        const files = res.tempFiles.map((f) => f.tempFilePath);
        const up = await uploadIntoSlots('visitPhoto', await callFunction('care', 'visitPhotoSlots', { childId, count: files.length }), files);
        resolve(up.ok ? { fileIDs: up.data.fileIDs, previews: files } : { fileIDs: [], previews: [], error: `照片上传失败：${up.error.message}` });
      },
      fail: () => resolve({ fileIDs: [], previews: [] }),
    });
  });
}
export const submitReport = (input: ActionInput<'care', 'submitReport'>) => callFunction('care', 'submitReport', input);
/** `care.myReports`: the caller's own reports and where each stands. */
export const myReports = () => callFunction('care', 'myReports');
export const getReport = (reportId: string) => callFunction('care', 'getReport', { reportId });
export const acknowledgeReport = (reportId: string) => callFunction('care', 'acknowledgeReport', { reportId });
export const addReportAction = (reportId: string, requestId: string, text: string) => callFunction('care', 'addReportAction', { reportId, requestId, text });
export const closeReport = (reportId: string, outcome: ReportOutcome, note: string) => callFunction('care', 'closeReport', { reportId, outcome, note });
export const getPairing = (childId: string) => callFunction('care', 'getPairing', { childId });
export const logCareActivity = (input: ActionInput<'care', 'logCareActivity'>) => callFunction('care', 'logCareActivity', input);
export const myPairings = () => callFunction('care', 'myPairings');
export const listVisits = (childId: string, limit = 20) => callFunction('care', 'listVisits', { childId, limit });
export const dueVisits = (horizonDays: number) => callFunction('care', 'dueVisits', { horizonDays });
export const listReports = (status: 'active' | 'closed' | 'all') => callFunction('care', 'listReports', { status });
export const pairingCandidates = (childId: string) => callFunction('care', 'pairingCandidates', { childId });
export const setPairingMember = (childId: string, slot: PairingSlot, personId: string) => callFunction('care', 'setPairingMember', { childId, slot, personId });
export const removePairingMember = (childId: string, slot: PairingSlot) => callFunction('care', 'removePairingMember', { childId, slot });
export const pairingCoverage = (regionCode?: string) => callFunction('care', 'pairingCoverage', regionCode ? { regionCode } : {});
export const careSettings = () => callFunction('care', 'careSettings');
export const updateCareSettings = (input: ActionInput<'care', 'updateCareSettings'>) => callFunction('care', 'updateCareSettings', input);
