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
