/**
 * Writes through the real node-sdk: every update operator the SDK emits, nested updates vs
 * `_.set`, `doc().set()` replace and upsert, multi-document updates, removal, and the atomic
 * `updateAndReturn` / `_.inc` under concurrency.
 */
import { codeOf, startTestStandin, type TestStandin } from './support';

let t: TestStandin;

beforeAll(async () => {
  t = await startTestStandin();
  await t.db.createCollection('c');
});
afterAll(() => t.stop());

async function fresh(id: string, doc: Record<string, unknown>): Promise<void> {
  await t.db.collection('c').doc(id).set(doc);
}
async function read(id: string): Promise<any> {
  return (await t.db.collection('c').doc(id).get()).data[0];
}

describe('update operators', () => {
  test('field operators: set, remove, inc, mul, min, max, rename', async () => {
    await fresh('f', { a: 1, b: 2, n: 10, m: 3, lo: 5, hi: 5, old: 'x', d: new Date(5000) });
    const _ = t.db.command;
    const res = await t.db.collection('c').doc('f').update({
      a: _.set(7),
      b: _.remove(),
      n: _.inc(-4),
      m: _.mul(1.5),
      lo: _.min(2),
      hi: _.max(9),
      old: _.rename('renamed'),
      d: _.min(new Date(1000)),
      fresh: _.inc(3),
    });
    expect(res.updated).toBe(1);
    const doc = await read('f');
    expect(doc).toEqual({ _id: 'f', a: 7, n: 6, m: 4.5, lo: 2, hi: 9, renamed: 'x', d: new Date(1000), fresh: 3 });
  });

  test('array operators: push (each, position), pull, pullAll, addToSet, pop, shift, unshift', async () => {
    await fresh('arr', { p: [1, 2], q: [9], pl: [1, 5, 2, 8], pa: [1, 2, 1, 3], s: ['a'], po: [1, 2, 3], sh: [1, 2, 3], un: [3] });
    const _ = t.db.command;
    await t.db.collection('c').doc('arr').update({
      p: _.push([3, 4]),
      q: _.push({ each: [7, 8], position: 0 }),
      pl: _.pull(_.gt(4)),
      pa: _.pullAll([1]),
      s: _.addToSet('a'),
      po: _.pop(),
      sh: _.shift(),
      un: _.unshift([1, 2]),
    });
    expect(await read('arr')).toEqual({ _id: 'arr', p: [1, 2, 3, 4], q: [7, 8, 9], pl: [1, 2], pa: [2, 3], s: ['a'], po: [1, 2], sh: [2, 3], un: [1, 2, 3] });
    await t.db.collection('c').doc('arr').update({ s: _.addToSet({ $each: ['b', 'a', 'c'] }), fresh: _.addToSet({ $each: ['x', 'x'] }) });
    const doc = await read('arr');
    expect(doc.s).toEqual(['a', 'b', 'c']);
    expect(doc.fresh).toEqual(['x']);
    await t.db.collection('c').doc('arr').update({ p: _.push({ each: [0, 9], sort: -1, slice: 3 }) });
    expect((await read('arr')).p).toEqual([9, 4, 3]);
  });

  test('a nested update leaves sibling fields intact; _.set replaces the object', async () => {
    await fresh('g', { name: '小明', guardian: { phone: '111', name: '张奶奶', address: { village: '东村', no: 3 } } });
    await t.db.collection('c').doc('g').update({ guardian: { phone: '222', address: { no: 4 } } });
    expect(await read('g')).toEqual({ _id: 'g', name: '小明', guardian: { phone: '222', name: '张奶奶', address: { village: '东村', no: 4 } } });

    await t.db.collection('c').doc('g').update({ guardian: t.db.command.set({ phone: '333' }) });
    expect(await read('g')).toEqual({ _id: 'g', name: '小明', guardian: { phone: '333' } });

    await t.db.collection('c').doc('g').update({ 'guardian.name': '李爷爷' });
    expect((await read('g')).guardian).toEqual({ phone: '333', name: '李爷爷' });
  });

  test('doc(id).set() replaces the whole document, and creates it when missing', async () => {
    await fresh('s', { a: 1, b: { c: 2 } });
    const replaced = await t.db.collection('c').doc('s').set({ z: 9 });
    expect(replaced.updated).toBe(1);
    expect(await read('s')).toEqual({ _id: 's', z: 9 });

    const created = await t.db.collection('c').doc('brand-new').set({ k: 'v' });
    expect(created.updated).toBe(0);
    expect(created.upsertedId).toBe('brand-new');
    expect(await read('brand-new')).toEqual({ _id: 'brand-new', k: 'v' });
  });

  test('updating a missing document changes nothing', async () => {
    const res = await t.db.collection('c').doc('ghost').update({ a: 1 });
    expect(res.updated).toBe(0);
    expect((await t.db.collection('c').doc('ghost').get()).data).toEqual([]);
  });

  test('an update that changes no value reports updated: 0', async () => {
    await fresh('same', { a: 1 });
    expect((await t.db.collection('c').doc('same').update({ a: 1 })).updated).toBe(0);
    expect((await t.db.collection('c').doc('same').update({ a: 2 })).updated).toBe(1);
  });
});

describe('multi-document writes', () => {
  beforeAll(async () => {
    await t.db.createCollection('m');
    await t.db.collection('m').add([
      { _id: 'a', status: 'open', n: 1 },
      { _id: 'b', status: 'open', n: 2 },
      { _id: 'c', status: 'done', n: 3 },
    ]);
  });

  test('where().update() updates every match', async () => {
    const res = await t.db.collection('m').where({ status: 'open' }).update({ n: t.db.command.inc(10), touched: true });
    expect(res.updated).toBe(2);
    const docs = (await t.db.collection('m').get()).data;
    expect(docs.map((d: any) => [d._id, d.n, d.touched ?? false])).toEqual([
      ['a', 11, true],
      ['b', 12, true],
      ['c', 3, false],
    ]);
  });

  test('updating keeps the natural order', async () => {
    await t.db.collection('m').doc('a').update({ n: 100 });
    expect((await t.db.collection('m').get()).data.map((d: any) => d._id)).toEqual(['a', 'b', 'c']);
  });

  test('where().remove() and doc().remove()', async () => {
    expect((await t.db.collection('m').doc('c').remove()).deleted).toBe(1);
    expect((await t.db.collection('m').doc('c').remove()).deleted).toBe(0);
    expect((await t.db.collection('m').where({ status: 'open' }).remove()).deleted).toBe(2);
    expect((await t.db.collection('m').count()).total).toBe(0);
  });
});

describe('updateAndReturn and atomic increments', () => {
  test('returns the document after the update; {updated: 0, doc: null} when nothing matches', async () => {
    await t.db.createCollection('q');
    await t.db.collection('q').add([
      { _id: 'j1', state: 'queued', priority: 1 },
      { _id: 'j2', state: 'queued', priority: 2 },
    ]);
    const first = await t.db.collection('q').where({ state: 'queued' }).updateAndReturn({ state: 'taken', by: 'agent-1' });
    expect(first.updated).toBe(1);
    expect(first.doc).toEqual({ _id: 'j1', state: 'taken', priority: 1, by: 'agent-1' });
    const none = await t.db.collection('q').where({ state: 'nothing' }).updateAndReturn({ state: 'taken' });
    expect(none.updated).toBe(0);
    expect(none.doc).toBeNull();
  });

  test('50 concurrent updateAndReturn on one open document: exactly one wins', async () => {
    await t.db.createCollection('claims');
    await t.db.collection('claims').add({ _id: 'req-1', status: 'open' });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.db.collection('claims').where({ status: 'open' }).updateAndReturn({ status: 'taken', by: `agent-${i}` }),
      ),
    );
    const winners = results.filter((r) => r.doc !== null);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.updated === 0 && r.doc === null)).toHaveLength(49);
    const stored = (await t.db.collection('claims').doc('req-1').get()).data[0];
    expect(stored.by).toBe(winners[0].doc.by);
  });

  test('200 concurrent _.inc(1): the counter ends at exactly 200', async () => {
    await t.db.createCollection('counters');
    await t.db.collection('counters').add({ _id: 'hits', n: 0 });
    await Promise.all(Array.from({ length: 200 }, () => t.db.collection('counters').doc('hits').update({ n: t.db.command.inc(1) })));
    expect((await t.db.collection('counters').doc('hits').get()).data[0].n).toBe(200);
  });
});

describe('write errors', () => {
  test('an unknown update operator is rejected and changes nothing', async () => {
    await fresh('u', { a: 1 });
    const p = t.db.collection('c').options({ raw: true }).where({ _id: 'u' }).update({ $frob: { a: 2 } });
    expect(await codeOf(p)).toBe('DATABASE_REQUEST_FAILED');
    expect(await read('u')).toEqual({ _id: 'u', a: 1 });
  });
});
