/**
 * The store used directly (in-process access for seeding and benchmarks) and its persistence:
 * natural order across restarts, copies in and out, transactions at the store level.
 */
import { rmSync } from 'node:fs';
import { Store } from '../../local/standin';
import { toJsRegExp } from '../../local/standin/codec';
import { tempDir } from './support';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = tempDir('standin-store-');
  store = Store.open(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function reopen(): void {
  store.close();
  store = Store.open(dir);
}

test('insert, find, count, createCollection', () => {
  store.createCollection('kids');
  const ids = store.insert('kids', [{ name: '甲', age: 5 }, { _id: 'k2', name: '乙', age: 9 }]);
  expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
  expect(ids[1]).toBe('k2');
  expect(store.count('kids')).toBe(2);
  expect(store.count('kids', { age: { $gt: 6 } })).toBe(1);
  expect(store.find('kids', { name: /乙/ })).toEqual([{ _id: 'k2', name: '乙', age: 9 }]);
  expect(store.find('kids', {}, { order: { age: -1 }, projection: { name: 1, _id: 0 } })).toEqual([{ name: '乙' }, { name: '甲' }]);
  expect(() => store.find('nope')).toThrow(expect.objectContaining({ code: 'DATABASE_COLLECTION_NOT_EXIST' }));
});

test('documents are copied in and out', () => {
  store.createCollection('c');
  const doc = { _id: 'a', list: [1], d: new Date(0) };
  store.insert('c', [doc]);
  doc.list.push(2);
  const out = store.find('c')[0] as any;
  expect(out.list).toEqual([1]);
  out.list.push(3);
  out.d.setTime(5);
  expect(store.find('c')[0]).toEqual({ _id: 'a', list: [1], d: new Date(0) });
});

test('natural order survives restarts: updates keep their place, re-inserts go last', () => {
  store.createCollection('o');
  store.insert('o', [{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }, { _id: 'd' }]);
  store.update('o', { _id: 'b' }, { $set: { v: 1 } });
  store.remove('o', { _id: 'a' });
  store.insert('o', [{ _id: 'a', again: true }]);
  store.update('o', { _id: 'c' }, { w: 1 }, { merge: false });
  const order = store.find('o').map((d) => d._id);
  expect(order).toEqual(['b', 'c', 'd', 'a']);
  reopen();
  expect(store.find('o').map((d) => d._id)).toEqual(order);
  expect(store.find('o', { _id: 'c' })).toEqual([{ _id: 'c', w: 1 }]);
  expect(store.integrityCheck()).toBe('ok');
});

test('string and numeric ids stay distinct across a restart', () => {
  store.createCollection('ids');
  store.insert('ids', [{ _id: 1, t: 'n' }, { _id: '1', t: 's' }]);
  reopen();
  expect(store.find('ids', { _id: 1 })).toEqual([{ _id: 1, t: 'n' }]);
  expect(store.find('ids', { _id: '1' })).toEqual([{ _id: '1', t: 's' }]);
});

test('a transaction at the store level: private until commit, nothing after abort', () => {
  store.createCollection('t');
  store.insert('t', [{ _id: 'x', v: 1 }]);
  const tx = store.beginTransaction();
  store.update('t', { _id: 'x' }, { $inc: { v: 1 } }, { txId: tx });
  store.insert('t', [{ _id: 'y' }], { txId: tx });
  expect(store.find('t', {}, { txId: tx }).map((d) => d.v ?? '-')).toEqual([2, '-']);
  expect(store.find('t')).toEqual([{ _id: 'x', v: 1 }]);
  store.abortTransaction(tx);
  reopen();
  expect(store.find('t')).toEqual([{ _id: 'x', v: 1 }]);

  const tx2 = store.beginTransaction();
  store.remove('t', { _id: 'x' }, { txId: tx2 });
  store.insert('t', [{ _id: 'z' }], { txId: tx2 });
  store.commitTransaction(tx2);
  reopen();
  expect(store.find('t')).toEqual([{ _id: 'z' }]);
});

test('regular expressions: code-point semantics and the x option', () => {
  expect(toJsRegExp('^.野', '').test('𠮷野家')).toBe(true);
  expect(toJsRegExp('^ a b # comment\n c', 'x').test('abc')).toBe(true);
  expect(toJsRegExp('\\-', '').test('-')).toBe(true); // invalid under `u`, falls back
});
