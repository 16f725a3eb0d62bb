/**
 * Idempotent batch writes every import uses (census roster, school roll): documents with
 * deterministic ids are inserted only when missing, so a batch re-run after a crash neither
 * duplicates nor loses anything.
 */
import { fetchAll, type Db } from './db';

/**
 * Inserts the documents whose `_id` is not stored yet (idempotent batch insert), 500 at a time.
 * The common case (none stored) is one batch insert; only when the all-or-none insert fails
 * (some id exists: a re-run after a crash, a concurrent job) are the stored ids looked up and
 * the rest inserted.
 * @returns the ids inserted by this call
 */
export async function insertMissing<T extends { _id: string }>(db: Db, collection: string, docs: T[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  const _ = db.command;
  for (let i = 0; i < docs.length; i += 500) {
    const batch = docs.slice(i, i + 500);
    try {
      await db.collection(collection).add(batch as never);
      for (const d of batch) inserted.add(d._id);
      continue;
    } catch {
      // Some already exist (or a transient failure): fall back to inserting only the missing ones.
    }
    const existing = await fetchAll<{ _id: string }>(db.collection(collection).where({ _id: _.in(batch.map((d) => d._id)) }).field({ _id: true }), 1000);
    const have = new Set(existing.map((d) => d._id));
    const missing = batch.filter((d) => !have.has(d._id));
    if (missing.length) {
      await db.collection(collection).add(missing as never);
      for (const d of missing) inserted.add(d._id);
    }
  }
  return inserted;
}

/** Single-document writes of one batch in flight at once (the rest queue). */
export const PARALLEL_WRITES = 8;

/** Runs `fn` over `items`, at most PARALLEL_WRITES at a time; rejects with the first failure. */
export async function inParallel<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, items.length) }, lane));
}
