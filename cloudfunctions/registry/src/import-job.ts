/**
 * Census import: the job loop — one chunk per `advanceImport` call under a lease and a time budget,
 * batches sized to the measured cost of a row, and the job's end (docs/registry.md "Import jobs").
 */
import { AppError } from '../../_shared/errors';
import { audit } from '../../_shared/access';
import { type ImportJobDoc, type ImportProgress } from '../../_shared/contracts/registry';
import { R } from './common';
import type { ActionContext } from '../../_shared/context';
import { dbOf, getDoc } from '../../_shared/db';
import { emit } from '../../_shared/events';
import { claimLease, countReadAttempt, releaseLease } from '../../_shared/job-lease';
import { prepareBatch } from './import-batch';
import { phaseClock, profileLine } from './import-profile';
import { rosterCache, rosterOf, STAGE_RESERVE_MS, stageDocsOf, STAGE_PARTS_PER_WRITE } from './import-roster';
import { insertMissing, rowIdOf } from './import-store';

/** Lease on a job while a chunk runs (machine clock: it bounds real execution time). */
export const LEASE_MS = 5000;
/** Work budget of one `advanceImport` call, well inside the 3 s function timeout. */
export const CHUNK_BUDGET_MS = 1800;
/** Rows validated and written per database round of a chunk. */
export const SUB_BATCH_ROWS = 500;
/** Cold reads of a roster that may die with their instance before the job gives up. */
export const MAX_READ_ATTEMPTS = 5;
/** `startImport` also reads the roster when it got this far within this many ms. */
export const START_READ_WITHIN_MS = 1000;
/** …and the roster is small enough (bytes) to be read well inside the timeout. */
export const START_READ_MAX_BYTES = 512 * 1024;
/** Smallest batch worth a database round. */
export const MIN_BATCH_ROWS = 50;
/** Measured cost of one row on this instance (ms), to size batches to the budget. */
let msPerRow = 1.5;
/** Largest roster accepted (bytes). */
export const MAX_ROSTER_BYTES = 3 * 1024 * 1024;

export function progressOf(job: ImportJobDoc, extra: Partial<ImportProgress> = {}): ImportProgress {
  return {
    jobId: job._id,
    status: job.status,
    fileName: job.fileName,
    total: job.total,
    done: job.done,
    counts: job.counts,
    problems: job.problems,
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// The chunk runner

async function finishJob(ctx: ActionContext, job: ImportJobDoc): Promise<ImportJobDoc> {
  const db = dbOf(ctx);
  const _ = db.command;
  const res = await db.collection(R.censusImports).where({ _id: job._id, status: 'running' }).update({ status: 'done', finishedAt: ctx.now(), leaseUntilMs: 0 });
  rosterCache.delete(job._id);
  if ((res as { updated?: number }).updated === 1) {
    await audit(ctx, {
      op: 'write',
      target: { kind: 'censusImport', id: job._id },
      regionCode: job.regionCode,
      count: job.counts.accepted + job.counts.updated,
      refs: { importId: job._id },
    });
  }
  const fresh = (await getDoc<ImportJobDoc>(db, R.censusImports, job._id))!;
  if (!fresh.fileDeleted && fresh.fileID) {
    // The roster holds plaintext ID numbers and phones: it leaves storage when the job ends, and
    // so does its (sealed) stage.
    await db.collection(R.censusImportStage).where({ jobId: job._id }).remove();
    await ctx.app.deleteFile({ fileList: [fresh.fileID] }).catch(() => undefined);
    await db.collection(R.censusImports).doc(job._id).update({ fileDeleted: true, fileID: _.remove() });
    return { ...fresh, fileDeleted: true, fileID: undefined };
  }
  return fresh;
}

/**
 * Processes one chunk of a job, under its lease and time budget.
 * @returns progress after the chunk; `busy` when another caller holds the lease
 */
export async function runChunk(ctx: ActionContext, jobId: string, budgetMs = CHUNK_BUDGET_MS): Promise<ImportProgress> {
  const started = Date.now();
  const db = dbOf(ctx);
  const _ = db.command;
  let job = await getDoc<ImportJobDoc>(db, R.censusImports, jobId);
  if (!job) throw new AppError('NOT_FOUND');
  if (job.status === 'done') return progressOf(job.fileDeleted ? job : await finishJob(ctx, job));
  const lease = await claimLease(db, R.censusImports, job, LEASE_MS);
  if (!('leaseId' in lease)) return progressOf(job, lease);
  const { leaseId } = lease;
  try {
    const warm = rosterCache.has(jobId);
    if (!warm && !job.staged && !(await countReadAttempt(db, R.censusImports, job, leaseId, MAX_READ_ATTEMPTS))) {
      const problem = { code: 'FILE_TOO_LARGE', message: '花名册过大或服务繁忙，多次未能在时限内读取；请按村（社区）拆分后重新导入', severity: 'error' };
      await db.collection(R.censusImports).where({ _id: jobId, leaseId }).update({ total: job.done, problems: _.push([problem] as never) });
      job = await finishJob(ctx, { ...job, total: job.done, problems: [...job.problems, problem] });
      return progressOf(job);
    }
    const roster = await rosterOf(ctx, job);
    if (!job.staged) {
      // Stage the rows (sealed) so that no later call has to read the workbook again: now when
      // the roster was at hand already (warm) or the read left time for it; else in the next
      // call — on this warm instance, or a cold one that had to read the file again (which then
      // stages whatever the time, and a death there counts as a failed read).
      const reread = !warm && !!job.rosterRead;
      if (warm || reread || Date.now() - started < budgetMs - STAGE_RESERVE_MS) {
        const clock = phaseClock();
        const parts = stageDocsOf(jobId, roster);
        // A few parts (~200 KB each) per request, to stay well inside request size limits.
        for (let i = 0; i < parts.length; i += STAGE_PARTS_PER_WRITE) await insertMissing(db, R.censusImportStage, parts.slice(i, i + STAGE_PARTS_PER_WRITE));
        await db.collection(R.censusImports).where({ _id: jobId, leaseId }).update({ readAttempts: 0, rosterRead: true, staged: true });
        job = { ...job, staged: true, rosterRead: true };
        profileLine('stage', { rows: roster.entries.length, ms: clock.lap('stage') });
      } else {
        await db.collection(R.censusImports).where({ _id: jobId, leaseId }).update({ readAttempts: 0, rosterRead: true });
        job = { ...job, rosterRead: true };
      }
    }
    if (job.total === undefined) {
      const total = roster.entries.length;
      await insertMissing(
        db,
        R.censusImportRows,
        roster.skipped.map((s, i) => ({
          _id: rowIdOf(jobId, total + i),
          jobId,
          seq: total + i,
          file: job!.fileName,
          sheet: s.sheet,
          row: s.row,
          kind: s.kind,
          outcome: 'skipped',
          reasons: [],
          warnings: [],
          messages: [],
        })),
      );
      await db.collection(R.censusImports).where({ _id: jobId, leaseId }).update({ total, problems: roster.problems, 'counts.skipped': roster.skipped.length });
      job = { ...job, total, problems: roster.problems, counts: { ...job.counts, skipped: roster.skipped.length } };
    }
    const total = job.total!;
    let cursor = job.done;
    const firstCursor = cursor;
    const chunkEnd = Math.min(total, cursor + job.chunkRows);
    // The end of the batch starting at `from` that still fits the budget (per-row cost measured
    // on this instance; `ahead` rows are still being written), or undefined.
    const batchEnd = (from: number, ahead: number): number | undefined => {
      if (from >= chunkEnd) return undefined;
      const left = budgetMs - (Date.now() - started) - ahead * msPerRow;
      const fit = Math.floor(left / msPerRow);
      if (fit < MIN_BATCH_ROWS && !(from === firstCursor && warm)) return undefined;
      return Math.min(chunkEnd, from + Math.max(MIN_BATCH_ROWS, Math.min(SUB_BATCH_ROWS, fit)));
    };
    // Pipelined: while a batch is written, the next one is validated and built (reads only).
    // Writes stay in order, one batch at a time, each followed by its cursor move.
    const firstEnd = batchEnd(cursor, 0);
    let pending = firstEnd === undefined ? undefined : prepareBatch(ctx, job, roster, cursor, firstEnd);
    let lastMoveAt = Date.now();
    while (pending) {
      const b = await pending;
      pending = undefined;
      // This batch's first occurrences are final: the next batch is prepared against them.
      for (const r of b.outcome.firsts) if (!roster.seen.has(r.idHash)) roster.seen.set(r.idHash, r.at);
      roster.seenUpTo = b.end;
      const nextEnd = batchEnd(b.end, b.end - b.start);
      const next = nextEnd === undefined ? undefined : prepareBatch(ctx, job, roster, b.end, nextEnd);
      // (Awaited below when used; a failure of an unused preparation is of no consequence.)
      next?.catch(() => undefined);
      let moved = false;
      try {
        await b.write();
        const o = b.outcome;
        const res = await db
          .collection(R.censusImports)
          .where({ _id: jobId, done: cursor, leaseId })
          .update({
            done: b.end,
            chunks: _.inc(1),
            'counts.accepted': _.inc(o.accepted),
            'counts.updated': _.inc(o.updated),
            'counts.rejected': _.inc(o.rejected),
            'counts.warnings': _.inc(o.warnings),
          });
        moved = (res as { updated?: number }).updated === 1;
        // Policy §二(三) 控辍保学: the batch's children marked dropped out / not in school (or
        // whose schooling changed) go to the schools function as an officer's edit does; a
        // failed delivery is logged, and the schools function's daily sweep opens what it missed.
        if (moved && b.schoolingChildIds.length) await emit(ctx, 'childSchoolingChanged', { childIds: [...new Set(b.schoolingChildIds)] });
      } finally {
        // Not committed by this call: the duplicate cache holds rows it must not; rebuild it.
        if (!moved) roster.seenUpTo = -1;
      }
      if (!moved) break;
      msPerRow = 0.5 * msPerRow + 0.5 * Math.max(0.05, (Date.now() - lastMoveAt) / (b.end - b.start));
      lastMoveAt = Date.now();
      const o = b.outcome;
      job.counts = {
        ...job.counts,
        accepted: job.counts.accepted + o.accepted,
        updated: job.counts.updated + o.updated,
        rejected: job.counts.rejected + o.rejected,
        warnings: job.counts.warnings + o.warnings,
      };
      cursor = b.end;
      job.done = b.end;
      pending = next;
    }
    if (cursor >= total) job = await finishJob(ctx, job);
  } finally {
    await releaseLease(db, R.censusImports, jobId, leaseId);
  }
  const fresh = (await getDoc<ImportJobDoc>(db, R.censusImports, jobId))!;
  return progressOf(fresh);
}
