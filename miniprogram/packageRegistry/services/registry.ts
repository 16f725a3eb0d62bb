/**
 * The registry calls the officer pages make, typed through `services/functions.ts`
 * (module augmentation, like services/accounts.ts). Presentation rules: registry-logic.ts.
 */
import { callFunction, uploadFile, type Envelope } from '../../services/api';
import type { ChildListItem } from './registry-logic';

/** Import progress as the function returns it. */
export interface ImportProgressView {
  jobId: string;
  status: 'running' | 'done';
  fileName: string;
  total?: number;
  done: number;
  counts: { accepted: number; updated: number; rejected: number; warnings: number; skipped: number };
  problems: { code: string; message: string; sheet?: string }[];
  reused?: boolean;
  busy?: boolean;
  retryAfterMs?: number;
}

/** A child file as presented (masked per role). */
export type ChildView = Record<string, any> & { id: string; effectiveStatus: string; version?: number };

export interface HistoryEntryView {
  id: string;
  at: string;
  op: string;
  role: string;
  reason: string;
  changes: { path: string; before?: unknown; after?: unknown }[];
}

export interface CoverageVillageView {
  villageCode: string;
  villageName: string;
  households: number;
  visitedHouseholds: number;
  unvisitedHouseholds: { householdId: string; group?: string }[];
  groups: { name: string; visited: boolean }[];
}

declare module '../../services/functions' {
  interface Functions {
    registry: {
      searchChildren: { input: Record<string, unknown>; output: { children: ChildListItem[]; hasMore: boolean } };
      getChild: { input: { childId: string }; output: { child: ChildView; siblings: { id: string; name?: string }[] } };
      childHistory: { input: { childId: string; skip?: number; limit?: number }; output: { entries: HistoryEntryView[]; hasMore: boolean } };
      updateChild: { input: Record<string, unknown>; output: { child: ChildView; changes: HistoryEntryView['changes'] } };
      startImport: { input: { fileID: string; fileName: string }; output: ImportProgressView };
      advanceImport: { input: { jobId: string }; output: ImportProgressView };
      importErrorReport: { input: { jobId: string }; output: { fileName: string; rows: number; base64: string } };
      coverage: { input: { regionCode?: string }; output: { villages: CoverageVillageView[]; totals: { households: number; visitedHouseholds: number } } };
    };
  }
}

export const searchChildren = (input: Record<string, unknown>) => callFunction('registry', 'searchChildren', input);
export const getChild = (childId: string) => callFunction('registry', 'getChild', { childId });
export const childHistory = (childId: string) => callFunction('registry', 'childHistory', { childId, limit: 50 });
export const updateChild = (input: Record<string, unknown>) => callFunction('registry', 'updateChild', input);
export const advanceImport = (jobId: string) => callFunction('registry', 'advanceImport', { jobId });
export const importErrorReport = (jobId: string) => callFunction('registry', 'importErrorReport', { jobId });
export const loadCoverage = () => callFunction('registry', 'coverage', {});

/** Uploads a roster and starts its import job. */
export async function startImport(filePath: string, fileName: string): Promise<Envelope<ImportProgressView>> {
  const up = await uploadFile(`census/uploads/${Date.now()}-${Math.floor(Math.random() * 1e6)}/${fileName}`, filePath);
  if (!up.ok) return up;
  return callFunction('registry', 'startImport', { fileID: up.data.fileID, fileName });
}
