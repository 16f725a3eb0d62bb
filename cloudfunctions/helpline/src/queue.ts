/**
 * The helpline queue: claiming, leases and their release (docs/helpline.md "Queue and claim").
 *
 * CloudBase's atomic find-and-update (`where(q).updateAndReturn(u)`, reference §4.5) carries no
 * sort order, so a claim works the way contact centres claim work on such stores:
 *
 * 1. read the first `window` (default 5) candidates in queue order —
 *    `where({ teamId, status ∈ {open, claimed}, leaseUntil < now })
 *       .orderBy(priorityRank desc).orderBy(submittedAt asc).limit(window)`;
 * 2. conditionally take one with `where({ _id, teamId, status ∈ {open, claimed}, leaseUntil < now })
 *    .updateAndReturn({ status: 'claimed', claimedBy, leaseUntil: now + lease, … })` — the store
 *    applies it atomically, so exactly one claimer wins a request, whatever the timing;
 * 3. the head is tried first, so claims made one after another follow the queue order exactly;
 *    on a miss (another agent won it) one other candidate of the same read is tried at random;
 *    when that misses too there is contention, and the next read takes the first `maxWindow`
 *    (100) waiting requests and tries 3 of them at random (misses are cheaper than reads), so
 *    under contention a claim takes one of the first few.
 *
 * An open request has `leaseUntil` = the epoch (`NO_LEASE`), so "open, or claimed with an expired
 * lease" is the single condition `status ∈ {open, claimed} ∧ leaseUntil < now`: an expired lease
 * is released by the next claim that looks, and by `releaseExpiredLeases` (the scheduler's
 * backstop). Every function here takes the node-sdk database and the invocation's clock, so the
 * action handlers and the concurrency test run the same code path.
 */
import type { Db, RequestDoc } from './common';
import { DEFAULT_LEASE_MS, HL, NO_LEASE } from './common';

/** Candidates read per claim attempt when nothing is contended. */
export const DEFAULT_WINDOW = 5;
/** The widest read under contention. */
export const MAX_WINDOW = 100;
/** Conditional updates on the first read: the head, then one other at random. */
export const TRIES_PER_READ = 2;
/** Conditional updates (at random) on each wider read under contention. */
export const CONTENDED_TRIES = 3;
/** Reads before a claim gives up with "busy" (the queue changed too fast). */
export const MAX_ROUNDS = 8;

/** Who claims. */
export interface Claimer {
  personId: string;
  name?: string;
}

export interface ClaimOptions {
  teamId: string;
  agent: Claimer;
  /** The invocation's clock. */
  now: Date;
  /** Lease length in ms (default 10 minutes). */
  leaseMs?: number;
  /** First read's size (default 5). */
  window?: number;
  maxWindow?: number;
  maxRounds?: number;
  /** Conditional updates on the first read (default 2: the head, then one other at random). */
  triesPerRead?: number;
  /** Conditional updates per wider read (default 3, at random). */
  contendedTries?: number;
  /** Random source for the contention fallback (tests may fix it). */
  random?: () => number;
}

/** What a claim did. */
export interface ClaimOutcome {
  /** The claimed request, or null when the queue is empty (or, with `busy`, kept changing). */
  doc: RequestDoc | null;
  /** Conditional updates sent. */
  attempts: number;
  /** Queue reads sent. */
  reads: number;
  /** True when candidates existed but every attempt lost, `maxRounds` times. */
  busy: boolean;
}

/** The queue condition: waiting requests of a team at `now`. */
export function waitingWhere(db: Db, teamId: string, now: Date): Record<string, unknown> {
  const _ = db.command;
  return { teamId, status: _.in(['open', 'claimed']), leaseUntil: _.lt(now) };
}

/**
 * Ids of the first `limit` waiting requests in queue order (urgent > high > normal, then oldest
 * first). Requests submitted in the same millisecond with the same priority come in the store's
 * order (a third sort key on `_id` would make every read markedly slower on the stand-in, which
 * sorts without an index; docs/helpline.md "Benchmark").
 */
export async function readQueueHead(db: Db, teamId: string, now: Date, limit: number): Promise<string[]> {
  const res = await db
    .collection(HL.requests)
    .where(waitingWhere(db, teamId, now))
    .orderBy('priorityRank', 'desc')
    .orderBy('submittedAt', 'asc')
    .limit(limit)
    .field({ _id: true })
    .get();
  return ((res.data ?? []) as { _id: string }[]).map((d) => d._id);
}

/** The update a claim applies. `firstClaimedAt` uses `$min`, so only the first claim sets it. */
function claimUpdate(db: Db, agent: Claimer, now: Date, leaseMs: number): Record<string, unknown> {
  const _ = db.command;
  return {
    status: 'claimed',
    claimedBy: agent.name ? { personId: agent.personId, name: agent.name } : { personId: agent.personId },
    leaseUntil: new Date(now.getTime() + leaseMs),
    claimedAt: now,
    firstClaimedAt: _.min(now),
  };
}

/**
 * Takes one request if it is still waiting (atomic conditional update).
 * @returns the request after the claim, or null when someone else holds it (or it left the queue)
 */
export async function tryClaim(db: Db, id: string, teamId: string, agent: Claimer, now: Date, leaseMs = DEFAULT_LEASE_MS): Promise<RequestDoc | null> {
  const res = (await db
    .collection(HL.requests)
    .where({ _id: id, ...waitingWhere(db, teamId, now) })
    .updateAndReturn(claimUpdate(db, agent, now, leaseMs))) as { updated?: number; doc?: RequestDoc | null };
  return res.updated ? (res.doc ?? null) : null;
}

function shuffled<T>(xs: T[], random: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * Claims the next request of a team's queue (see the module comment for the algorithm).
 * @returns the outcome; `doc` null and `busy` false means the queue is empty
 */
export async function claimNext(db: Db, opts: ClaimOptions): Promise<ClaimOutcome> {
  const random = opts.random ?? Math.random;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const maxWindow = opts.maxWindow ?? MAX_WINDOW;
  const maxRounds = opts.maxRounds ?? MAX_ROUNDS;
  let window = Math.max(1, Math.min(opts.window ?? DEFAULT_WINDOW, maxWindow));
  const tries = Math.max(1, opts.triesPerRead ?? TRIES_PER_READ);
  const contendedTries = Math.max(1, opts.contendedTries ?? CONTENDED_TRIES);
  let attempts = 0;
  let reads = 0;
  for (let round = 0; round < maxRounds; round++) {
    const ids = await readQueueHead(db, opts.teamId, opts.now, window);
    reads++;
    if (!ids.length) return { doc: null, attempts, reads, busy: false };
    // Uncontended: the head. Contended: a few others of this read, at random, then a wider read.
    const order = (round === 0 ? [ids[0], ...shuffled(ids.slice(1), random)] : shuffled(ids, random)).slice(0, round === 0 ? tries : contendedTries);
    for (const id of order) {
      attempts++;
      const doc = await tryClaim(db, id, opts.teamId, opts.agent, opts.now, leaseMs);
      if (doc) return { doc, attempts, reads, busy: false };
    }
    window = maxWindow;
  }
  return { doc: null, attempts, reads, busy: true };
}

/**
 * Renews the caller's lease on a request they hold (any agent action, or a heartbeat).
 * @returns the request after renewal, or null when the caller does not hold a live lease
 */
export async function renewLease(db: Db, id: string, personId: string, now: Date, leaseMs = DEFAULT_LEASE_MS): Promise<RequestDoc | null> {
  const _ = db.command;
  const res = (await db
    .collection(HL.requests)
    .where({ _id: id, status: 'claimed', 'claimedBy.personId': personId, leaseUntil: _.gte(now) })
    .updateAndReturn({ leaseUntil: new Date(now.getTime() + leaseMs) })) as { updated?: number; doc?: RequestDoc | null };
  return res.updated ? (res.doc ?? null) : null;
}

/**
 * Returns requests whose lease ran out to the queue (`status: 'open'`, no holder, `queuedAt` =
 * when the lease ended). Each is a conditional update on the lease it saw, so it is safe to run
 * twice, and a claim that takes the request first simply wins.
 * @returns how many requests were released
 */
export async function releaseExpiredLeases(db: Db, now: Date, max = 1000): Promise<number> {
  const _ = db.command;
  const res = await db
    .collection(HL.requests)
    .where({ status: 'claimed', leaseUntil: _.lt(now) })
    .limit(Math.min(max, 1000))
    .field({ _id: true, leaseUntil: true })
    .get();
  let released = 0;
  for (const r of (res.data ?? []) as { _id: string; leaseUntil: Date }[]) {
    const lease = new Date(r.leaseUntil);
    const u = (await db
      .collection(HL.requests)
      .where({ _id: r._id, status: 'claimed', leaseUntil: lease })
      .update({ status: 'open', claimedBy: null, leaseUntil: NO_LEASE, queuedAt: lease })) as { updated?: number };
    released += u.updated ?? 0;
  }
  return released;
}
