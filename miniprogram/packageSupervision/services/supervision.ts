/**
 * The supervision calls the 督导 pages make, typed by the generated contracts
 * (`contracts/supervision.ts`). Presentation rules: supervision-logic.ts.
 */
import { callFunction } from '../../services/api';
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
/** A temporary link to a circular's xlsx. */
export const circularFile = (id: string) => callFunction('supervision', 'circularFile', { id });
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
