/**
 * `insertOnce` (cloudfunctions/_shared/db.ts): the one way a retried or raced write stays one
 * document. What a user would notice: a retried tap answers "already done" only when the first
 * tap's document really is stored; a write that failed with nothing stored is an error, never a
 * silent "duplicate" (an immediate-report order that nobody was told of, a lost check-in).
 */
import { insertOnce } from '../../cloudfunctions/_shared/db';
import type { Db } from '../../cloudfunctions/_shared/context';

/** A one-collection store whose `add` fails like CloudBase's: duplicate `_id`, or a given fault. */
function fakeDb(fault?: Error): { db: Db; docs: Map<string, unknown> } {
  const docs = new Map<string, unknown>();
  const db = {
    collection: () => ({
      add: async (doc: { _id: string }) => {
        if (fault) throw fault;
        if (docs.has(doc._id)) throw Object.assign(new Error('[DuplicateWrite] 写入失败，_id 重复'), { code: 'DATABASE_DUPLICATE_WRITE' });
        docs.set(doc._id, doc);
        return { id: doc._id };
      },
      doc: (id: string) => ({ get: async () => ({ data: docs.has(id) ? [docs.get(id)] : [] }) }),
    }),
  } as unknown as Db;
  return { db, docs };
}

test('the first write stores the document and says so; the same id again is a duplicate and changes nothing', async () => {
  const { db, docs } = fakeDb();
  expect(await insertOnce(db, 'checkIns', { _id: 'ci-1', kind: 'video' })).toBe(true);
  expect(await insertOnce(db, 'checkIns', { _id: 'ci-1', kind: 'phone' })).toBe(false);
  expect(docs.get('ci-1')).toEqual({ _id: 'ci-1', kind: 'video' });
});

test('a write that failed with nothing stored is thrown, not answered as a duplicate', async () => {
  const timeout = Object.assign(new Error('ESOCKETTIMEDOUT'), { code: 'ESOCKETTIMEDOUT' });
  const { db, docs } = fakeDb(timeout);
  await expect(insertOnce(db, 'guardianshipOrders', { _id: 'order-1' })).rejects.toBe(timeout);
  expect(docs.size).toBe(0);
});
