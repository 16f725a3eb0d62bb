import { createFunction } from '../../_shared/router';
import { registryContract } from '../../_shared/contracts/registry';
import { childHistory, getChild, searchChildren, updateChild, updateMyContact } from './children';
import { advanceImport, importErrorReport, importRows, importStatus, rosterSlot, startImport } from './imports';
import { countySummary, exportSummary, summaryCell } from './summary';
import { coverage, markCoverage } from './coverage';
import { ageOut } from './ageout';
import { regions } from './regions';
import { onChildSchoolingSet } from './schooling';

/**
 * `registry`: the county registry of left-behind children (docs/registry.md).
 * - child files: `getChild`, `updateChild`, `updateMyContact` (a parent), `childHistory`, `searchChildren`
 * - census import (polling-driven jobs): `rosterSlot` (where to upload), `startImport`, `advanceImport`, `importStatus`,
 *   `importRows`, `importErrorReport`
 * - county summary: `countySummary`, `summaryCell`, `exportSummary`
 * - coverage: `coverage`, `markCoverage`
 * - places by name for pickers: `regions`
 * - timer: `ageOut` (daily 00:05 Beijing time)
 * - events: `childSchoolingSet` from the schools function (dropout report, 复学, school link)
 */
export const registry = createFunction(registryContract, {
  getChild,
  updateChild,
  updateMyContact,
  childHistory,
  searchChildren,
  rosterSlot,
  startImport,
  advanceImport,
  importStatus,
  importRows,
  importErrorReport,
  countySummary,
  summaryCell,
  exportSummary,
  coverage,
  markCoverage,
  regions,
  ageOut,
}, { on: { childSchoolingSet: onChildSchoolingSet } });

export const main = registry.main;
