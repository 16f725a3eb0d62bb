/**
 * Census import jobs (docs/registry.md "Import jobs").
 *
 * - The roster goes to storage (`wx.cloud.uploadFile` / the gateway); `startImport` hashes the
 *   content (SHA-256): the same content returns the first job, whatever its state, and changes
 *   nothing (the second upload is deleted).
 * - Processing is **polling-driven**: the client (mini-program page or the CLI) calls
 *   `advanceImport` repeatedly; each call processes one chunk inside a time budget (~1.8 s of
 *   the 3 s timeout, the file read included) and returns progress. A lease on the job (machine
 *   clock, 5 s — longer than any invocation can live) keeps two pollers from processing the same
 *   chunk; the loser gets `busy` and polls again.
 * - The first call that reads the roster stages its rows, sealed (`censusImportStage`): a cold
 *   instance resumes from the stage instead of reading the workbook again.
 * - A chunk runs in batches, each a handful of database calls whatever its size (one read of
 *   registry matches, one batch insert per collection, one update for known households' visits,
 *   a few parallel single-document updates for re-listed children); the next batch is validated
 *   and built while the current one is written.
 * - Crash safety: every write of a batch is idempotent — row outcomes, new child files, their
 *   history and households have deterministic ids (`<jobId>-<seq>`, or ids derived from them)
 *   and are inserted only when missing; a re-listed child's file is updated only while it still
 *   differs; the job's cursor and counts move in one conditional update (`done == batch start`)
 *   after the batch's writes, so a batch re-run after a crash neither duplicates nor loses rows,
 *   and counts are added exactly once.
 * - When the job ends the roster is deleted from storage (`fileDeleted`), and its stage too.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import { audit, regionContains, resolveActor, visibility } from '../../_shared/access';
import { registryContract, type ImportJobDoc, type ImportProgress, type ImportRowDoc } from '../../_shared/contracts/registry';
import { defaultRegion, importTarget, levelOf, OFFICER_ROLES, R, requireRegion } from './common';
import { dbOf, downloadStoredFile, fetchAll, getDoc } from '../../_shared/db';
import { ensureCampaign } from './import-coverage';
import { MAX_ROSTER_BYTES, progressOf, START_READ_WITHIN_MS, START_READ_MAX_BYTES, runChunk } from './import-job';
import { exampleJob, exampleRegionFor } from './import-examples';
import { rosterOf } from './import-roster';
import { insertMissing, jobIdOf } from './import-store';
import { errorReportXlsx as sheetReportXlsx } from '../../_shared/sheets/report';
import { claimSlot, issueSlots } from '../../_shared/upload-slots';

const A = registryContract.actions;

// ---------------------------------------------------------------------------------------------
// Actions

/** The task a roster slot is handed out for (one roster per slot; the job is keyed by content). */
const ROSTER_TASK = 'censusImport';

export const rosterSlot = action(A.rosterSlot, {
  access: { roles: OFFICER_ROLES },
  example: () => ({ fileName: '341721-尧渡镇-留守儿童花名册.xlsx' }),
  /**
   * Hands the caller a one-time slot to upload a census roster (policy §二(一) 摸底排查):
   * `census/uploads/<caller's folder>/<slot id>/<file name>` (a `/` or `\` in the name becomes
   * `_`), valid for a day. `startImport` takes a roster only from a slot handed to the caller.
   * @returns `{ slots: [{ cloudPath, expiresAt }] }`
   */
  handler: async (input, ctx) => ({ slots: await issueSlots(ctx, 'censusRoster', ROSTER_TASK, `/${input.fileName.replace(/[\\/]/g, '_')}`) }),
});

export const startImport = action(A.startImport, {
  access: { roles: OFFICER_ROLES, dataScope: 'handler' },
  example: (w) => ({ fileID: `cloud://${w.envId}.example/census/${w.unique()}.xlsx`, fileName: '341721-尧渡镇-留守儿童花名册.xlsx', regionCode: exampleRegionFor(w.role, w.side) }),
  handler: async (input, ctx): Promise<ImportProgress> => {
    const started = Date.now();
    const actor = await resolveActor(ctx);
    const regionCode = input.regionCode ?? defaultRegion(actor, OFFICER_ROLES);
    if (!regionCode) throw new AppError('FORBIDDEN');
    levelOf(regionCode);
    requireRegion(actor, OFFICER_ROLES, regionCode);
    await claimSlot(ctx, input.fileID, 'censusRoster', ROSTER_TASK, ROSTER_TASK, { field: 'fileID', redo: '请在本机重新选择花名册上传' });
    const db = dbOf(ctx);
    const bytes = await downloadStoredFile(ctx, input.fileID);
    if (bytes.length > MAX_ROSTER_BYTES) {
      await ctx.app.deleteFile({ fileList: [input.fileID] }).catch(() => undefined);
      throw new AppError('VALIDATION_FAILED', `花名册文件：文件过大（超过 ${MAX_ROSTER_BYTES / 1024 / 1024} MB），请按乡镇拆分后导入`, { issues: [{ path: 'fileID', label: '花名册文件', code: 'TOO_LARGE', message: `文件过大（超过 ${MAX_ROSTER_BYTES / 1024 / 1024} MB），请按乡镇拆分后导入` }] });
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const jobId = jobIdOf(sha256);
    const existing = await getDoc<ImportJobDoc>(db, R.censusImports, jobId);
    if (existing) {
      if (existing.fileID !== input.fileID) await ctx.app.deleteFile({ fileList: [input.fileID] }).catch(() => undefined);
      if (!regionCodesReach(actor, existing.regionCode)) throw new AppError('CONFLICT', '该文件已由其他单位导入');
      return progressOf(existing, { reused: true });
    }
    const countyCode = regionCode.slice(0, 6);
    const now = ctx.now();
    const campaignId = await ensureCampaign(db, countyCode, input.censusDate, now);
    const job: ImportJobDoc = {
      _id: jobId,
      sha256,
      fileID: input.fileID,
      fileName: input.fileName.split(/[\\/]/).pop()!,
      regionCode,
      countyCode,
      censusDate: input.censusDate,
      campaignId,
      status: 'running',
      done: 0,
      chunkRows: input.chunkRows,
      counts: { accepted: 0, updated: 0, rejected: 0, warnings: 0, skipped: 0 },
      problems: [],
      leaseUntilMs: 0,
      chunks: 0,
      createdBy: actor.personId,
      role: ctx.grant?.role,
      createdAt: now,
    };
    const inserted = await insertMissing(db, R.censusImports, [job]).catch(() => new Set<string>());
    if (!inserted.size) {
      const raced = await getDoc<ImportJobDoc>(db, R.censusImports, jobId);
      if (raced) return progressOf(raced, { reused: true });
    }
    await audit(ctx, { op: 'write', target: { kind: 'censusImport', id: jobId }, regionCode, refs: { importId: jobId } });
    // Read the roster now, on this instance, while its bytes are at hand: the first
    // advanceImport (usually served by this warm instance) then starts with the rows. If this
    // read dies with the instance, the job is stored already and advanceImport reads it.
    if (Date.now() - started < START_READ_WITHIN_MS && bytes.length <= START_READ_MAX_BYTES) await rosterOf(ctx, job, bytes).catch(() => undefined);
    return progressOf(job);
  },
});

function regionCodesReach(actor: { bindings: { role: string; scope: { kind: string; codes?: string[] } }[] }, regionCode: string): boolean {
  return actor.bindings.some(
    (b) => (OFFICER_ROLES as readonly string[]).includes(b.role) && b.scope.kind === 'region' && (b.scope.codes ?? []).some((c) => regionContains(c, regionCode)),
  );
}

export const advanceImport = action(A.advanceImport, {
  access: { roles: OFFICER_ROLES, target: importTarget((i: { jobId: string }) => i.jobId), audit: false, breakGlass: false },
  example: exampleJob,
  handler: async (input, ctx) => runChunk(ctx, input.jobId),
});

export const importStatus = action(A.importStatus, {
  access: { roles: OFFICER_ROLES, target: importTarget((i: { jobId: string }) => i.jobId), audit: false, breakGlass: false },
  example: exampleJob,
  handler: async (_input, ctx) => progressOf(ctx.grant!.target!.doc as ImportJobDoc),
});

export const importRows = action(A.importRows, {
  access: { roles: OFFICER_ROLES, target: importTarget((i: { jobId: string }) => i.jobId), audit: 'read', breakGlass: false },
  example: exampleJob,
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const where: Record<string, unknown> = { jobId: input.jobId };
    if (input.outcome) where.outcome = input.outcome;
    const res = await db.collection(R.censusImportRows).where(where).orderBy('seq', 'asc').skip(input.skip).limit(input.limit).get();
    const role = ctx.grant!.role;
    const showName = visibility('child.name', role) === 'full';
    const rows = ((res.data ?? []) as ImportRowDoc[]).map((r) => {
      const { idHash: _h, _id, ...rest } = r;
      void _h;
      return { ...rest, id: _id, name: showName ? r.name : undefined };
    });
    return { rows, hasMore: rows.length === input.limit };
  },
});

export const importErrorReport = action(A.importErrorReport, {
  access: { roles: OFFICER_ROLES, target: importTarget((i: { jobId: string }) => i.jobId), audit: 'export', breakGlass: false },
  example: exampleJob,
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const job = ctx.grant!.target!.doc as ImportJobDoc;
    const rows = await fetchAll<ImportRowDoc>(db.collection(R.censusImportRows).where({ jobId: input.jobId, outcome: 'rejected' }), 100_000);
    rows.sort((a, b) => a.seq - b.seq);
    const bytes = await errorReportXlsx(job, rows);
    ctx.auditExtra = { count: rows.length };
    return { fileName: `导入错误报告-${job.fileName.replace(/\.[^.]+$/, '')}.xlsx`, rows: rows.length, base64: bytes.toString('base64') };
  },
});

/** The error report workbook: one line per rejected row, reasons in Chinese; sheet problems below. */
export async function errorReportXlsx(job: ImportJobDoc, rows: ImportRowDoc[]): Promise<Buffer> {
  return sheetReportXlsx(rows, job.problems);
}
