/**
 * Generic data helpers every domain uses (no access rules here: see access/ for who may read).
 */
import type { ActionContext, Db } from './context';
import { AppError } from './errors';

export type { Db };

/** The database of an invocation. */
export function dbOf(ctx: ActionContext): Db {
  return ctx.app.database();
}

/**
 * Reads every document a query matches, page by page (CloudBase caps one `get()` at 100 by
 * default and 1000 at most; DESIGN.md "Never trust one get()"). Ordered by `_id`.
 * @param query a collection or `where(...)` query
 * @param max stop after this many documents (guards memory); default 10,000
 */
export async function fetchAll<T = any>(query: any, max = 10_000): Promise<T[]> {
  const out: T[] = [];
  const page = 1000;
  for (let skip = 0; out.length < max; skip += page) {
    const res = await query.orderBy('_id', 'asc').skip(skip).limit(page).get();
    const list = (res.data ?? []) as T[];
    out.push(...list);
    if (list.length < page) break;
  }
  return out.slice(0, max);
}

/** Reads one document by id (node-sdk returns `data` as an array for `doc().get()`); undefined when absent. */
export async function getDoc<T = any>(db: Db, collection: string, id: string): Promise<T | undefined> {
  const res = await db.collection(collection).doc(id).get();
  const data = (res as { data?: unknown }).data;
  return (Array.isArray(data) ? data[0] : data) as T | undefined;
}

/**
 * Inserts a document with a deterministic `_id` unless one is already there: the one way a
 * retried or raced write (same client request id, same sweep slot, same version number) stays a
 * single document. A failed insert is a duplicate only when the document is there afterwards;
 * anything else is rethrown.
 * @returns true when this call inserted it, false when a document with that id was already there
 */
export async function insertOnce<T extends { _id: string }>(db: Db, collection: string, doc: T): Promise<boolean> {
  try {
    await db.collection(collection).add(doc);
    return true;
  } catch (err) {
    if (await getDoc(db, collection, doc._id)) return false;
    throw err;
  }
}

/**
 * Reads the bytes of a file in cloud storage (an upload the mini-program made: a roster, a
 * signature, a photo, an article image).
 * @param what the file in Chinese, as the user knows it (e.g. `花名册文件`), for the message
 * @param field the input field that named the file, for `details.field`
 * @throws AppError NOT_FOUND `未找到上传的<what>，请重新上传` (details `{ field }`) when the file is
 *   missing; other storage failures are rethrown (the router answers INTERNAL)
 */
export async function downloadStoredFile(ctx: ActionContext, fileID: string, what = '文件', field = 'fileID'): Promise<Buffer> {
  let content: Buffer | undefined;
  try {
    content = ((await ctx.app.downloadFile({ fileID })) as { fileContent?: Buffer }).fileContent;
  } catch (err) {
    const code = String((err as { code?: unknown }).code ?? '');
    if (!/NONEXIST|NOT_EXIST|NOT_FOUND|INVALID_PARAM/.test(code)) throw err;
  }
  if (!content) throw new AppError('NOT_FOUND', `未找到上传的${what}，请重新上传`, { field });
  return Buffer.from(content);
}
