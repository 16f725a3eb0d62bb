import { findHeader as findSheetHeader, type HeaderLayout as SheetLayout, type HeaderVocab, type SheetHeader } from '../../../_shared/sheets/header';
import type { Grid } from '../../../_shared/sheets/grid';
import { headerGroup, isHeaderWord, isPersonAttribute, isPersonGroup, mapHeader, headerKey, type CensusField, type HeaderGroup } from './vocab';

/**
 * The census roster's header: the shared header resolution (`_shared/sheets/header.ts`: one to
 * three rows, merged group cells, composite keys, ambiguous labels refused with their address)
 * bound to the census vocabulary (vocab.ts).
 */

export { columnLetters, cellAddress, textAt, rowWidth, type Grid } from '../../../_shared/sheets/grid';
export { headerTextsByColumn, ignoredColumnsText, type UnresolvedHeader } from '../../../_shared/sheets/header';

/** One column of a roster's header. */
export type RosterHeader = SheetHeader<CensusField>;
export type HeaderLayout = SheetLayout<CensusField>;

/** What census rosters call their columns. */
export const CENSUS_HEADER_VOCAB: HeaderVocab<CensusField, HeaderGroup> = {
  key: headerKey,
  field: mapHeader,
  group: headerGroup,
  isHeaderWord,
  isPersonAttribute,
  isPerson: isPersonGroup,
  anchor: ['name', 'idNumber'],
  whoseHint: '应写明儿童、父亲、母亲、受委托监护人或祖辈',
  documentName: '登记表',
};

/**
 * Finds and resolves the header of a roster sheet.
 * @returns undefined when no row looks like a roster header
 */
export function findHeader(grid: Grid): HeaderLayout | undefined {
  return findSheetHeader(grid, CENSUS_HEADER_VOCAB);
}
