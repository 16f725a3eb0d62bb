/**
 * The roll check's job (docs/schools.md "Termly roll check"), run like the census import's:
 * - the roll goes to storage; `startRollCheck` hashes its content (SHA-256): the same content
 *   returns the first check and changes nothing (the second upload is deleted);
 * - processing is polling-driven: each `advanceRollCheck` checks a batch of rows inside a time
 *   budget (well inside the 3 s timeout) under a lease (machine clock, 5 s), so two pollers never
 *   check the same rows; the loser gets `busy`;
 * - crash safety: row documents have deterministic ids (`<jobId>-<seq>`) and are inserted only
 *   when missing; the cursor and counts move in one conditional update (`done == batch start`)
 *   after the batch's writes, so a batch re-run neither duplicates nor loses rows. A roll is read
 *   again by a cold instance (a school's roll reads in well under a second; no stage needed);
 *   a read that keeps dying ends the check with a problem instead of retrying for ever;
 * - nothing half-written: the registry is never written, and the comparison (result.ts) is made
 *   only from a finished check whose roll had no error;
 * - when the check ends the roll (plaintext ID numbers) is deleted from storage; rows keep only
 *   the keyed hash of each ID number.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../../_shared/errors';
import { audit, lookupKeyFor } from '../../../_shared/access';
import { insertMissing } from '../../../_shared/batch-writes';
import { claimLease, countReadAttempt, releaseLease } from '../../../_shared/job-lease';
import { dbOf, downloadStoredFile, fetchAll, getDoc } from '../../../_shared/db';
import { shanghaiDay } from '../../../_shared/time';
import type { ActionContext } from '../../../_shared/context';
import { ROLL_LIMITS, termLabel, termOf, type RollCheckDoc, type RollProgress, type RollRowDoc, type SchoolDoc } from '../../../_shared/contracts/schools';
import { S } from '../common';
import { checkRollRow, readRoll, usable, type RollRead } from './read';

export const ROLL = { checks: 'rollChecks', rows: 'rollCheckRows' } as const;

/** Lease on a check while a batch runs (machine clock). */
export const LEASE_MS = 5000;
/** Work budget of one `advanceRollCheck` call. */
export const BUDGET_MS = 1500;
/** Rows checked and written per database round. */
export const BATCH_ROWS = 400;
/** Cold reads of a roll that may die with their instance before the check gives up. */
export const MAX_READ_ATTEMPTS = 3;

/** Rolls read on this warm instance, by check id (at most two kept). */
const rollCache = new Map<string, RollRead>();

export function checkIdOf(sha256: string): string {
  return `roll_${sha256.slice(0, 32)}`;
}

export function rowIdOf(jobId: string, seq: number): string {
  return `${jobId}-${String(seq).padStart(6, '0')}`;
}

export function progressOf(job: RollCheckDoc, extra: Partial<RollProgress> = {}): RollProgress {
  return {
    jobId: job._id,
    status: job.status,
    fileName: job.fileName,
    term: job.term,
    termLabel: termLabel(job.term),
    ...(job.total !== undefined ? { total: job.total } : {}),
    done: job.done,
    counts: job.counts,
    problems: job.problems,
    refused: !!job.refused,
    ...extra,
  };
}

async function rollOf(ctx: ActionContext, job: RollCheckDoc, bytes?: Buffer): Promise<RollRead> {
  const hit = rollCache.get(job._id);
  if (hit) return hit;
  if (!job.fileID) throw new AppError('CONFLICT', '学籍名单文件已删除，无法继续：请重新上传');
  const data = bytes ?? (await downloadStoredFile(ctx, job.fileID, '学籍名单文件'));
  const read = await readRoll({ name: job.fileName, bytes: new Uint8Array(data) });
  if (rollCache.size >= 2) rollCache.delete(rollCache.keys().next().value as string);
  rollCache.set(job._id, read);
  return read;
}

/**
 * Starts (or returns) the check of an uploaded roll for `school`.
 * @throws VALIDATION_FAILED (学籍名单文件) for a file over the size limit; CONFLICT when another
 *   school uploaded the same file
 */
export async function startCheck(ctx: ActionContext, school: SchoolDoc, fileID: string, fileName: string): Promise<RollProgress> {
  const started = Date.now();
  const db = dbOf(ctx);
  const bytes = await downloadStoredFile(ctx, fileID, '学籍名单文件');
  if (bytes.length > ROLL_LIMITS.maxBytes) {
    await ctx.app.deleteFile({ fileList: [fileID] }).catch(() => undefined);
    const message = `文件过大（超过 ${ROLL_LIMITS.maxBytes / 1024 / 1024} MB），请按年级拆分后分别上传`;
    throw new AppError('VALIDATION_FAILED', `学籍名单文件：${message}`, { issues: [{ path: 'fileID', label: '学籍名单文件', code: 'TOO_LARGE', message }] });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const jobId = checkIdOf(sha256);
  const existing = await getDoc<RollCheckDoc>(db, ROLL.checks, jobId);
  if (existing) {
    if (existing.fileID !== fileID) await ctx.app.deleteFile({ fileList: [fileID] }).catch(() => undefined);
    if (existing.schoolId !== school._id) throw new AppError('CONFLICT', '该文件已由其他学校上传，请确认选择的是本校名单');
    return progressOf(existing, { reused: true });
  }
  const now = ctx.now();
  const today = shanghaiDay(now);
  const job: RollCheckDoc = {
    _id: jobId,
    sha256,
    fileID,
    fileName: fileName.split(/[\\/]/).pop()!,
    schoolId: school._id,
    regionCode: school.regionCode,
    countyCode: school.countyCode,
    townshipCode: school.townshipCode,
    term: termOf(today),
    checkedOn: today,
    status: 'running',
    done: 0,
    counts: { accepted: 0, rejected: 0, skipped: 0, leftBehind: 0, registered: 0 },
    problems: [],
    leaseUntilMs: 0,
    createdAt: now,
    ...(ctx.actor?.personId ? { createdBy: ctx.actor.personId } : {}),
  };
  const inserted = await insertMissing(db, ROLL.checks, [job]).catch(() => new Set<string>());
  if (!inserted.size) {
    const raced = await getDoc<RollCheckDoc>(db, ROLL.checks, jobId);
    if (raced) return progressOf(raced, { reused: true });
  }
  await audit(ctx, { op: 'write', target: { kind: 'rollCheck', id: jobId }, regionCode: school.regionCode });
  // Read the roll now while its bytes are at hand (the first poll, usually on this warm
  // instance, starts with the rows); a read that dies here is redone by advanceRollCheck.
  if (Date.now() - started < 1000) await rollOf(ctx, job, bytes).catch(() => undefined);
  return progressOf(job);
}

async function finish(ctx: ActionContext, job: RollCheckDoc, leaseId: string): Promise<void> {
  const db = dbOf(ctx);
  const _ = db.command;
  const res = await db.collection(ROLL.checks).where({ _id: job._id, status: 'running', leaseId }).update({ status: 'done', finishedAt: ctx.now() });
  rollCache.delete(job._id);
  if ((res as { updated?: number }).updated === 1) {
    await audit(ctx, { op: 'write', target: { kind: 'rollCheck', id: job._id }, regionCode: job.regionCode, count: job.counts.accepted });
  }
  await deleteRoll(ctx, { ...job, status: 'done' }, _);
}

/** The roll holds plaintext ID numbers: it leaves storage when the check ends. */
async function deleteRoll(ctx: ActionContext, job: RollCheckDoc, _: ReturnType<typeof dbOf>['command']): Promise<void> {
  if (job.fileDeleted || !job.fileID) return;
  await ctx.app.deleteFile({ fileList: [job.fileID] }).catch(() => undefined);
  await dbOf(ctx).collection(ROLL.checks).doc(job._id).update({ fileDeleted: true, fileID: _.remove() });
}

/**
 * Checks the next rows of a check, under its lease and time budget.
 * @returns progress; `busy` when another caller holds the lease
 */
export async function advanceCheck(ctx: ActionContext, jobId: string, budgetMs = BUDGET_MS): Promise<RollProgress> {
  const started = Date.now();
  const db = dbOf(ctx);
  const _ = db.command;
  let job = await getDoc<RollCheckDoc>(db, ROLL.checks, jobId);
  if (!job) throw new AppError('NOT_FOUND');
  if (job.status === 'done') {
    await deleteRoll(ctx, job, _);
    return progressOf(job);
  }
  const lease = await claimLease(db, ROLL.checks, job, LEASE_MS);
  if (!('leaseId' in lease)) return progressOf(job, lease);
  const { leaseId } = lease;
  try {
    if (!rollCache.has(jobId) && !(await countReadAttempt(db, ROLL.checks, job, leaseId, MAX_READ_ATTEMPTS))) {
      const problem = { code: 'FILE_TOO_LARGE', severity: 'error' as const, message: '学籍名单过大或服务繁忙，多次未能读取：请按年级拆分后分别上传' };
      await db.collection(ROLL.checks).where({ _id: jobId, leaseId }).update({ total: job.done, refused: true, problems: _.push([problem] as never) });
      job = { ...job, total: job.done, refused: true, problems: [...job.problems, problem] };
      await finish(ctx, job, leaseId);
      return progressOf({ ...job, status: 'done' });
    }
    const roll = await rollOf(ctx, job);
    if (job.total === undefined) {
      const refused = !usable(roll.problems);
      // A roll with an error anywhere is not used at all: its rows are not checked.
      const total = refused ? 0 : roll.entries.length;
      await db.collection(ROLL.checks).where({ _id: jobId, leaseId }).update({ total, refused, problems: roll.problems, readAttempts: 0, 'counts.skipped': roll.skipped });
      job = { ...job, total, refused, problems: roll.problems, counts: { ...job.counts, skipped: roll.skipped } };
    }
    const total = job.total!;
    const today = shanghaiDay(ctx.now());
    while (job.done < total && Date.now() - started < budgetMs) {
      const from = job.done;
      const end = Math.min(total, from + BATCH_ROWS);
      const rows = await checkBatch(ctx, job, roll, from, end, today);
      await insertMissing(db, ROLL.rows, rows);
      const inc = {
        accepted: rows.filter((r) => r.outcome === 'accepted').length,
        rejected: rows.filter((r) => r.outcome === 'rejected').length,
        leftBehind: rows.filter((r) => r.outcome === 'accepted' && r.leftBehind).length,
        registered: rows.filter((r) => r.outcome === 'accepted' && r.childId).length,
      };
      const moved = await db
        .collection(ROLL.checks)
        .where({ _id: jobId, done: from, leaseId })
        .update({
          done: end,
          'counts.accepted': _.inc(inc.accepted),
          'counts.rejected': _.inc(inc.rejected),
          'counts.leftBehind': _.inc(inc.leftBehind),
          'counts.registered': _.inc(inc.registered),
        });
      if ((moved as { updated?: number }).updated !== 1) break;
      job = {
        ...job,
        done: end,
        counts: {
          ...job.counts,
          accepted: job.counts.accepted + inc.accepted,
          rejected: job.counts.rejected + inc.rejected,
          leftBehind: job.counts.leftBehind + inc.leftBehind,
          registered: job.counts.registered + inc.registered,
        },
      };
    }
    if (job.done >= total) {
      await finish(ctx, job, leaseId);
      job = { ...job, status: 'done' };
    }
  } finally {
    await releaseLease(db, ROLL.checks, jobId, leaseId);
  }
  return progressOf((await getDoc<RollCheckDoc>(db, ROLL.checks, jobId)) ?? job);
}

/**
 * Checks rows [from, end) of a roll: each row by checkRollRow; a second row with an ID number
 * already on this roll (in an earlier batch or this one) is refused naming the first; accepted
 * rows are matched to registry children of the county by the ID number's keyed hash.
 */
async function checkBatch(ctx: ActionContext, job: RollCheckDoc, roll: RollRead, from: number, end: number, today: string): Promise<RollRowDoc[]> {
  const db = dbOf(ctx);
  const _ = db.command;
  const checked = roll.entries.slice(from, end).map((e, i) => ({ e, seq: from + i, c: checkRollRow(e, today) }));
  const hashOf = new Map<number, string>();
  for (const x of checked) if (x.c.idNumber) hashOf.set(x.seq, lookupKeyFor('child.idNumber', x.c.idNumber));
  const hashes = [...new Set(hashOf.values())];
  const [earlier, children] = hashes.length
    ? await Promise.all([
        fetchAll<Pick<RollRowDoc, 'idHash' | 'sheet' | 'row' | 'seq'>>(db.collection(ROLL.rows).where({ jobId: job._id, idHash: _.in(hashes) }).field({ idHash: true, sheet: true, row: true, seq: true }), 5000),
        fetchAll<{ _id: string; villageCode: string; schoolId?: string; idNumber?: { h?: string } }>(
          db.collection(S.children).where({ 'idNumber.h': _.in(hashes) }).field({ _id: true, villageCode: true, schoolId: true, 'idNumber.h': true }),
          5000,
        ),
      ])
    : [[], []];
  const first = new Map<string, { sheet: string; row: number }>();
  for (const r of earlier.filter((x) => x.seq < from).sort((a, b) => a.seq - b.seq)) if (r.idHash && !first.has(r.idHash)) first.set(r.idHash, r);
  const childByHash = new Map<string, { _id: string; schoolId?: string }>();
  for (const c of children) if (c.idNumber?.h && c.villageCode.startsWith(job.countyCode) && !childByHash.has(c.idNumber.h)) childByHash.set(c.idNumber.h, c);
  return checked.map(({ e, seq, c }) => {
    const h = hashOf.get(seq);
    const messages = [...c.messages];
    let outcome = c.outcome;
    const dup = h ? first.get(h) : undefined;
    if (h && dup) {
      outcome = 'rejected';
      messages.push(`身份证号：与${dup.sheet === e.sheet ? '' : `工作表“${dup.sheet}”`}第${dup.row}行重复`);
    } else if (h && outcome === 'accepted') first.set(h, { sheet: e.sheet, row: e.row.row });
    const child = h && outcome === 'accepted' ? childByHash.get(h) : undefined;
    const doc: RollRowDoc = {
      _id: rowIdOf(job._id, seq),
      jobId: job._id,
      seq,
      term: job.term,
      countyCode: job.countyCode,
      schoolId: job.schoolId,
      sheet: e.sheet,
      row: e.row.row,
      outcome,
      messages,
      ...(c.name ? { name: c.name } : {}),
      ...(h && outcome === 'accepted' ? { idHash: h } : {}),
      ...(c.grade ? { grade: c.grade } : {}),
      ...(c.className ? { className: c.className } : {}),
      ...(c.studentNumber ? { studentNumber: c.studentNumber } : {}),
      ...(c.leftBehind !== undefined ? { leftBehind: c.leftBehind } : {}),
      ...(child ? { childId: child._id, ...(child.schoolId ? { childSchoolId: child.schoolId } : {}) } : {}),
    };
    return doc;
  });
}
