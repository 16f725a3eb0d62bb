/**
 * The lease every resumable import job runs under (census roster, school roll): one caller at a
 * time works on a job document; a caller that dies (timeout, kill) leaves a lease that simply
 * runs out, and the next poll takes over. Every write a holder makes is conditioned on its
 * `leaseId`, so a late holder whose lease was taken over changes nothing.
 *
 * The job document carries `status` ('running' while workable), `leaseUntilMs` (machine clock,
 * 0 = free), `leaseId` and `readAttempts` (cold reads of the file that died with their instance).
 */
import { randomBytes } from 'node:crypto';
import type { Db } from './db';

/** A job document as the lease sees it. */
export interface LeasedJob {
  _id: string;
  leaseUntilMs: number;
  readAttempts?: number;
}

/**
 * Takes the job's lease when it is free or has run out.
 * @returns the lease id to condition writes on, or `busy` with how long to wait (0.2 s to `leaseMs`)
 */
export async function claimLease(db: Db, collection: string, job: LeasedJob, leaseMs: number): Promise<{ leaseId: string } | { busy: true; retryAfterMs: number }> {
  const _ = db.command;
  const leaseId = randomBytes(8).toString('hex');
  const claim = await db
    .collection(collection)
    .where({ _id: job._id, status: 'running', leaseUntilMs: _.lt(Date.now()) })
    .update({ leaseUntilMs: Date.now() + leaseMs, leaseId });
  if ((claim as { updated?: number }).updated === 1) return { leaseId };
  return { busy: true, retryAfterMs: Math.max(200, Math.min(leaseMs, job.leaseUntilMs - Date.now())) };
}

/** Frees the lease (only if this holder still has it). */
export async function releaseLease(db: Db, collection: string, jobId: string, leaseId: string): Promise<void> {
  await db.collection(collection).where({ _id: jobId, leaseId }).update({ leaseUntilMs: 0 });
}

/**
 * Counts a cold read of the job's file before it starts: reading a workbook is the one step that
 * cannot be split, so a read that keeps dying with its instance must end the job with a clear
 * problem instead of being retried for ever.
 * @returns false when `maxAttempts` reads have already died (the caller ends the job)
 */
export async function countReadAttempt(db: Db, collection: string, job: LeasedJob, leaseId: string, maxAttempts: number): Promise<boolean> {
  if ((job.readAttempts ?? 0) >= maxAttempts) return false;
  await db.collection(collection).where({ _id: job._id, leaseId }).update({ readAttempts: db.command.inc(1) });
  return true;
}
