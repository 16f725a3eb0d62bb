/**
 * The registry calls the officer pages make, typed by the generated contracts
 * (`contracts/registry.ts`). Presentation rules: registry-logic.ts.
 */
import { callFunction, type Envelope } from '../../services/api';
import { uploadIntoSlots } from '../../services/uploads';
import type { ActionInput } from '../../contracts/index';
import type { ImportProgress } from '../../contracts/registry';

export type { ChildView, CoverageVillageView, HistoryEntryView, ImportProgress, SummaryView } from '../../contracts/registry';

export const searchChildren = (input: ActionInput<'registry', 'searchChildren'>) => callFunction('registry', 'searchChildren', input);
export const getChild = (childId: string) => callFunction('registry', 'getChild', { childId });
export const childHistory = (childId: string) => callFunction('registry', 'childHistory', { childId, limit: 50 });
export const updateChild = (input: ActionInput<'registry', 'updateChild'>) => callFunction('registry', 'updateChild', input);
export const advanceImport = (jobId: string) => callFunction('registry', 'advanceImport', { jobId });
export const importStatus = (jobId: string) => callFunction('registry', 'importStatus', { jobId });
export const importErrorReport = (jobId: string) => callFunction('registry', 'importErrorReport', { jobId });
/** The county summary (汇总表) of a region (default: the caller's own), with its cross-checks. */
export const countySummary = (regionCode?: string) => callFunction('registry', 'countySummary', regionCode ? { regionCode } : {});
/** The children one summary cell counts, paged. */
export const summaryCell = (input: ActionInput<'registry', 'summaryCell'>) => callFunction('registry', 'summaryCell', input);
/** The summary and its cross-check sheet as xlsx (base64). */
export const exportSummary = (regionCode: string, date: string) => callFunction('registry', 'exportSummary', { regionCode, date });
/** Census coverage of a region (default: the caller's own). */
export const loadCoverage = (regionCode?: string) => callFunction('registry', 'coverage', regionCode ? { regionCode } : {});
/** Marks a villager group or a household visited (or not) in the campaign. */
export const markCoverage = (input: ActionInput<'registry', 'markCoverage'>) => callFunction('registry', 'markCoverage', input);

/** Uploads a roster into the slot `rosterSlot` hands out and starts its import job. */
export async function startImport(filePath: string, fileName: string): Promise<Envelope<ImportProgress>> {
  const up = await uploadIntoSlots('censusRoster', await callFunction('registry', 'rosterSlot', { fileName }), [filePath]);
  if (!up.ok) return up;
  return callFunction('registry', 'startImport', { fileID: up.data.fileIDs[0], fileName });
}
