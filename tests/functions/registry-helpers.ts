/**
 * Helpers for the registry's function tests: importing a roster through the real path (upload
 * to storage, `startImport`, polling `advanceImport`, paging `importRows`) and reading the
 * outcome as the CLI report does.
 */
import type { ImportProgress, ImportRowDoc } from '../../cloudfunctions/_shared/contracts/registry';
import type { TestStack } from '../helpers/stack';
import { uploadToSlot } from '../helpers/uploads';

export interface ImportRun {
  progress: ImportProgress;
  rows: (Omit<ImportRowDoc, '_id' | 'idHash'> & { id: string })[];
  fileID: string;
  polls: number;
}

/** Uploads bytes to the stand-in's storage as the import page would: into the slot `registry.rosterSlot` hands `openid`. */
export async function upload(t: TestStack, openid: string, name: string, bytes: Uint8Array): Promise<string> {
  return uploadToSlot(t, { fn: 'registry', action: 'rosterSlot', input: { fileName: name }, openid }, Buffer.from(bytes));
}

/**
 * Imports one roster as `openid`, polling until the job is done.
 * @param opts regionCode, censusDate, chunkRows passed to startImport
 */
export async function importRoster(
  t: TestStack,
  openid: string,
  file: { name: string; bytes: Uint8Array },
  opts: { regionCode?: string; censusDate?: string; chunkRows?: number } = {},
): Promise<ImportRun> {
  const fileID = await upload(t, openid, file.name, file.bytes);
  const started = await t.call<ImportProgress>('registry', 'startImport', { fileID, fileName: file.name, censusDate: opts.censusDate ?? '2026-09-30', ...opts }, { openid });
  if (!started.ok) throw new Error(`startImport failed: ${JSON.stringify(started.error)}`);
  let progress = started.data;
  let polls = 0;
  while (progress.status !== 'done') {
    const r = await t.call<ImportProgress>('registry', 'advanceImport', { jobId: progress.jobId }, { openid });
    if (!r.ok) throw new Error(`advanceImport failed: ${JSON.stringify(r.error)}`);
    progress = r.data;
    polls++;
    if (progress.busy) await new Promise((res) => setTimeout(res, 100));
    if (polls > 2000) throw new Error('import did not finish');
  }
  const rows = await allRows(t, openid, progress.jobId);
  return { progress, rows, fileID, polls };
}

/** Every row outcome of a job (paged). */
export async function allRows(t: TestStack, openid: string, jobId: string): Promise<ImportRun['rows']> {
  const out: ImportRun['rows'] = [];
  for (let skip = 0; ; skip += 1000) {
    const r = await t.call<{ rows: ImportRun['rows']; hasMore: boolean }>('registry', 'importRows', { jobId, skip, limit: 1000 }, { openid });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    out.push(...r.data.rows);
    if (!r.data.hasMore) break;
  }
  return out;
}
