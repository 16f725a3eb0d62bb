/**
 * The supervision calls the 督导 pages make, typed by the generated contracts
 * (`contracts/supervision.ts`). Presentation rules: supervision-logic.ts.
 */
import { callFunction } from '../../services/api';
import { uploadIntoSlots } from '../../services/uploads';
import type { IndicatorKey } from '../../contracts/supervision';

export type { BoardView, FigureView, IndicatorView, ItemView, RankRow, BreakdownRow, StaffingView } from '../../contracts/supervision';

/** A region's board (default: the caller's widest area). */
export const loadBoard = (regionCode?: string) => callFunction('supervision', 'board', regionCode ? { regionCode } : {});
/** One indicator in one region: the regions below with their numbers, or the items behind it (paged). */
export const loadIndicator = (key: IndicatorKey, regionCode: string, skip: number, limit: number) =>
  callFunction('supervision', 'indicator', { key, regionCode, skip, limit });
/** Recomputes the county's board now (county admin). */
export const refreshBoard = () => callFunction('supervision', 'refreshBoard', {});
/** The staffing table of the caller's county or township (or `regionCode`). */
export const loadStaffing = (regionCode?: string) => callFunction('supervision', 'staffing', regionCode ? { regionCode } : {});

export type { CircularListView, CircularRow, CircularView, FileLink } from '../../contracts/supervision';
/** The circulars of the caller's county. */
export const loadCirculars = () => callFunction('supervision', 'circulars', {});
/** One circular. */
export const loadCircular = (id: string) => callFunction('supervision', 'circular', { id });
/** A temporary link to a circular's xlsx or PDF. */
export const circularFile = (id: string, format: 'xlsx' | 'pdf') => callFunction('supervision', 'circularFile', { id, format });
/** Makes the circular of `month` now (county admin; default last month). */
export const makeCircular = (month?: string) => callFunction('supervision', 'makeCircular', month ? { month } : {});

/**
 * Downloads a file by its temporary link and opens it in the system viewer (which offers sharing
 * and saving), as the confirmation PDF does.
 * @returns an error message in Chinese, or undefined when it opened
 */
export function openLinkedFile(url: string, fileType: 'xlsx' | 'pdf'): Promise<string | undefined> {
  return new Promise((resolve) => {
    wx.downloadFile({
      url,
      success: (d) => {
        if (d.statusCode !== 200) return resolve('下载失败，请稍后重试');
        wx.openDocument({ filePath: d.tempFilePath, fileType, showMenu: true, success: () => resolve(undefined), fail: () => resolve('无法打开文件，请稍后重试') });
      },
      fail: () => resolve('下载失败，请检查网络后重试'),
    });
  });
}

export type { FollowUpView, SpotCheckItemView, SpotCheckKind, SpotCheckRow, SpotCheckView } from '../../contracts/supervision';
/** Draws a spot check (county admin). */
export const drawSpotCheck = (input: { kind: 'visit' | 'confirmation' | 'report'; perTownship: number; seed?: string; requestId: string }) => callFunction('supervision', 'drawSpotCheck', input);
/** The county's spot checks. */
export const loadSpotChecks = () => callFunction('supervision', 'spotChecks', {});
/** One spot check with its items. */
export const loadSpotCheck = (id: string) => callFunction('supervision', 'spotCheck', { id });
/** Records an item's re-verification. */
export const recordSpotCheck = (input: { itemId: string; result: 'confirmed' | 'discrepancy'; note: string; photos: string[] }) => callFunction('supervision', 'recordSpotCheck', input);
/** Follow-up tasks of the caller's area. */
export const loadFollowUps = () => callFunction('supervision', 'followUps', {});
/** One follow-up task. */
export const loadFollowUp = (id: string) => callFunction('supervision', 'followUp', { id });
/** The township's answer. */
export const answerFollowUp = (input: { id: string; note: string; photos: string[] }) => callFunction('supervision', 'answerFollowUp', input);
/** The county's decision. */
export const reviewFollowUp = (input: { id: string; accept: boolean; note?: string }) => callFunction('supervision', 'reviewFollowUp', input);

/**
 * Lets the person take or pick photos and uploads them into slots `photoSlots` hands out for this
 * spot-check item or follow-up (the function takes photos only from those slots).
 * @param forTask `{ itemId }` (核实) or `{ followUpId }` (整改回复)
 * @returns the fileIDs (none when cancelled), or an error message in Chinese
 */
export function addPhotos(max: number, forTask: { itemId: string } | { followUpId: string }): Promise<{ fileIDs: string[]; error?: string }> {
  return new Promise((resolve) => {
    if (max <= 0) return resolve({ fileIDs: [], error: '照片最多9张' });
    wx.chooseMedia({
      count: max,
      mediaType: ['image'],
      sizeType: ['compressed'],
      success: async (res) => {
        const files = res.tempFiles.map((f) => f.tempFilePath);
        const up = await uploadIntoSlots('supervisionPhoto', await callFunction('supervision', 'photoSlots', { ...forTask, count: files.length }), files);
        resolve(up.ok ? { fileIDs: up.data.fileIDs } : { fileIDs: [], error: `照片上传失败：${up.error.message}` });
      },
      fail: () => resolve({ fileIDs: [] }),
    });
  });
}
