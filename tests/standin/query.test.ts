/**
 * Reads through the real node-sdk: query operators, ordering, paging, limits, projection, the
 * `doc(id).get()` shape, dates and serverDate, regular expressions beyond the BMP, and the
 * errors CloudBase throws.
 */
import { codeOf, startTestStandin, type TestStandin } from './support';

let t: TestStandin;

const kids = [
  { _id: 'k1', name: '张小明', age: 8, village: '东村', tags: ['留守', '单亲'], scores: [60, 90], guardian: { phone: '111', name: '张奶奶' } },
  { _id: 'k2', name: '李小红', age: 12, village: '西村', tags: ['留守'], scores: [80], guardian: { phone: '222', name: '李爷爷' } },
  { _id: 'k3', name: '王小刚', age: 8, village: '西村', tags: [], scores: [30, 40, 50], guardian: { phone: '333', name: '王奶奶' } },
  { _id: 'k4', name: '𠮷野家', age: 15, village: '东村', tags: ['困境'], scores: [99] },
  { _id: 'k5', name: '赵小芳', age: 3, village: '南村', note: null, tags: ['留守', '困境'], scores: [] },
];

beforeAll(async () => {
  t = await startTestStandin();
  await t.db.createCollection('kids');
  await t.db.collection('kids').add(kids);
});
afterAll(() => t.stop());

async function ids(query: object): Promise<string[]> {
  const res = await t.db.collection('kids').where(query).get();
  return res.data.map((d: any) => d._id);
}

describe('query operators', () => {
  test('comparison operators', async () => {
    const _ = t.db.command;
    expect(await ids({ age: _.eq(8) })).toEqual(['k1', 'k3']);
    expect(await ids({ age: _.neq(8) })).toEqual(['k2', 'k4', 'k5']);
    expect(await ids({ age: _.gt(8) })).toEqual(['k2', 'k4']);
    expect(await ids({ age: _.gte(12) })).toEqual(['k2', 'k4']);
    expect(await ids({ age: _.lt(8) })).toEqual(['k5']);
    expect(await ids({ age: _.lte(8) })).toEqual(['k1', 'k3', 'k5']);
    expect(await ids({ village: _.in(['东村', '南村']) })).toEqual(['k1', 'k4', 'k5']);
    expect(await ids({ village: _.nin(['东村', '南村']) })).toEqual(['k2', 'k3']);
  });

  test('element and array operators', async () => {
    const _ = t.db.command;
    expect(await ids({ guardian: _.exists(false) })).toEqual(['k4', 'k5']);
    expect(await ids({ note: _.exists(true) })).toEqual(['k5']);
    expect(await ids({ tags: _.size(2) })).toEqual(['k1', 'k5']);
    expect(await ids({ tags: _.all(['留守', '困境']) })).toEqual(['k5']);
    expect(await ids({ scores: _.elemMatch(_.gte(85)) })).toEqual(['k1', 'k4']);
    expect(await ids({ tags: '留守' })).toEqual(['k1', 'k2', 'k5']);
    expect(await ids({ age: (_ as any).mod([5, 3]) })).toEqual(['k1', 'k3', 'k5']);
  });

  test('logical operators', async () => {
    const _ = t.db.command;
    expect(await ids({ age: _.gt(5).and(_.lt(13)) })).toEqual(['k1', 'k2', 'k3']);
    expect(await ids({ age: _.lt(5).or(_.gt(13)) })).toEqual(['k4', 'k5']);
    expect(await ids(_.or([{ village: '南村' }, { age: 12 }]))).toEqual(['k2', 'k5']);
    expect(await ids(_.and([{ village: '西村' }, { age: 8 }]))).toEqual(['k3']);
    expect(await ids(_.nor([{ village: '西村' }, { age: 8 }]))).toEqual(['k4', 'k5']);
    expect(await ids({ age: _.not(_.gt(8)) })).toEqual(['k1', 'k3', 'k5']);
  });

  test('nested fields: object form and dotted path', async () => {
    expect(await ids({ guardian: { phone: '222' } })).toEqual(['k2']);
    expect(await ids({ 'guardian.name': '王奶奶' })).toEqual(['k3']);
  });

  test('regular expressions, including a character outside the BMP', async () => {
    expect(await ids({ name: /^𠮷/ })).toEqual(['k4']);
    expect(await ids({ name: /小/ })).toEqual(['k1', 'k2', 'k3', 'k5']);
    // `.` matches one code point (MongoDB's PCRE in UTF-8 mode), so 𠮷 counts as one character.
    expect(await ids({ name: t.db.RegExp({ regexp: '^.野家$', options: '' }) })).toEqual(['k4']);
    await t.db.collection('kids').doc('k6').set({ name: 'Xiao Ming', age: 1 });
    expect(await ids({ name: t.db.RegExp({ regexp: '^xiao', options: 'i' }) })).toEqual(['k6']);
    await t.db.collection('kids').doc('k6').remove();
  });
});

describe('ordering, paging and limits', () => {
  test('orderBy on two fields', async () => {
    const res = await t.db.collection('kids').orderBy('age', 'asc').orderBy('village', 'desc').get();
    expect(res.data.map((d: any) => d._id)).toEqual(['k5', 'k3', 'k1', 'k2', 'k4']);
    const res2 = await t.db.collection('kids').orderBy('village', 'asc').orderBy('age', 'desc').get();
    expect(res2.data.map((d: any) => `${d.village}${d.age}`)).toEqual(['东村15', '东村8', '南村3', '西村12', '西村8']);
  });

  test('skip/limit paging over 2,500 documents returns each exactly once', async () => {
    await t.db.createCollection('many');
    const docs = Array.from({ length: 2500 }, (_, i) => ({ n: i, bucket: i % 7 }));
    for (let i = 0; i < docs.length; i += 500) await t.db.collection('many').add(docs.slice(i, i + 500));
    expect((await t.db.collection('many').count()).total).toBe(2500);

    // Without orderBy: natural (insertion) order, stable from one call to the next.
    const seen: number[] = [];
    for (let skip = 0; skip < 2500; skip += 1000) {
      const page = await t.db.collection('many').skip(skip).limit(1000).get();
      seen.push(...page.data.map((d: any) => d.n));
    }
    expect(seen).toEqual(docs.map((d) => d.n));

    // Ordered on a field with many ties: still each document exactly once.
    const ordered = new Set<number>();
    for (let skip = 0; skip < 2500; skip += 300) {
      const page = await t.db.collection('many').orderBy('bucket', 'desc').skip(skip).limit(300).get();
      for (const d of page.data) ordered.add(d.n);
    }
    expect(ordered.size).toBe(2500);
  });

  test('default limit is 100 and limit is capped at 1000', async () => {
    expect((await t.db.collection('many').get()).data).toHaveLength(100);
    expect((await t.db.collection('many').limit(5000).get()).data).toHaveLength(1000);
    expect((await t.db.collection('many').where({ bucket: 0 }).count()).total).toBe(358);
  });

  test('projection with field()', async () => {
    const res = await t.db.collection('kids').where({ _id: 'k2' }).field({ name: true, 'guardian.phone': true }).get();
    expect(res.data).toEqual([{ _id: 'k2', name: '李小红', guardian: { phone: '222' } }]);
    const res2 = await t.db.collection('kids').doc('k2').field({ scores: false, tags: false, guardian: false }).get();
    expect(res2.data).toEqual([{ _id: 'k2', name: '李小红', age: 12, village: '西村' }]);
    const res3 = await t.db.collection('kids').where({ _id: 'k1' }).field({ 'guardian.phone': false }).get();
    expect(res3.data).toEqual([{ _id: 'k1', name: '张小明', age: 8, village: '东村', tags: ['留守', '单亲'], scores: [60, 90], guardian: { name: '张奶奶' } }]);
    const res4 = await t.db.collection('kids').where({ _id: 'k1' }).field({ name: true, scores: t.db.command.project.slice(1) }).get();
    expect(res4.data).toEqual([{ _id: 'k1', name: '张小明', scores: [60] }]);
  });

  test('a projection leaves the stored documents intact', async () => {
    await t.db.collection('kids').where({}).field({ 'guardian.phone': false, name: false }).get();
    await t.db.collection('kids').where({}).field({ 'guardian.name': true, tags: t.db.command.project.slice(1) }).get();
    expect(await ids({ 'guardian.phone': '111' })).toEqual(['k1']);
    expect(await ids({ tags: t.db.command.size(2) })).toEqual(['k1', 'k5']);
    expect(t.standin.store.find('kids', { _id: 'k1' })[0]).toMatchObject({ name: '张小明', guardian: { phone: '111', name: '张奶奶' } });
  });
});

describe('document reads, dates and serverDate', () => {
  test('doc(id).get() returns an array', async () => {
    const res = await t.db.collection('kids').doc('k1').get();
    expect(Array.isArray(res.data)).toBe(true);
    expect(res.data).toHaveLength(1);
    expect(res.data[0]).toMatchObject({ _id: 'k1', name: '张小明', guardian: { phone: '111' } });
    expect((await t.db.collection('kids').doc('nope').get()).data).toEqual([]);
  });

  test('numeric and string ids are distinct', async () => {
    await t.db.createCollection('ids');
    await t.db.collection('ids').add([{ _id: 1 as any, v: 'number' }, { _id: '1', v: 'string' }]);
    expect((await t.db.collection('ids').doc(1).get()).data[0].v).toBe('number');
    expect((await t.db.collection('ids').doc('1').get()).data[0].v).toBe('string');
  });

  test('dates round-trip as Date and compare in queries', async () => {
    await t.db.createCollection('visits');
    const at = new Date('2024-03-01T02:30:00.123Z');
    const { id } = await t.db.collection('visits').add({ at, kid: 'k1' });
    const doc = (await t.db.collection('visits').doc(id as string).get()).data[0];
    expect(doc.at).toBeInstanceOf(Date);
    expect(doc.at.getTime()).toBe(at.getTime());
    const _ = t.db.command;
    expect((await t.db.collection('visits').where({ at: _.gte(new Date('2024-03-01T00:00:00Z')) }).count()).total).toBe(1);
    expect((await t.db.collection('visits').where({ at: _.lt(new Date('2024-03-01T00:00:00Z')) }).count()).total).toBe(0);
  });

  test('serverDate follows the stand-in clock (insert, update, set, query)', async () => {
    const fixed = new Date('2030-01-02T03:04:05.000Z');
    t.standin.clock.set(fixed);
    try {
      const coll = t.db.collection('visits');
      const { id } = await coll.add({ kind: 'sd', createdAt: t.db.serverDate(), dueAt: t.db.serverDate({ offset: 86_400_000 }) });
      let doc = (await coll.doc(id as string).get()).data[0];
      expect(doc.createdAt.getTime()).toBe(fixed.getTime());
      expect(doc.dueAt.getTime()).toBe(fixed.getTime() + 86_400_000);

      t.standin.clock.set(new Date(fixed.getTime() + 60_000));
      await coll.doc(id as string).update({ updatedAt: t.db.serverDate() });
      doc = (await coll.doc(id as string).get()).data[0];
      expect(doc.updatedAt.getTime()).toBe(fixed.getTime() + 60_000);

      const _ = t.db.command;
      expect((await coll.where({ kind: 'sd', dueAt: _.gt(t.db.serverDate()) }).count()).total).toBe(1);
      t.standin.clock.set(new Date(fixed.getTime() + 2 * 86_400_000));
      expect((await coll.where({ kind: 'sd', dueAt: _.gt(t.db.serverDate()) }).count()).total).toBe(0);
    } finally {
      t.standin.clock.reset();
    }
  });
});

describe('errors as node-sdk throws them against CloudBase', () => {
  test('a missing collection', async () => {
    const missing = t.db.collection('no_such_collection');
    expect(await codeOf(missing.get())).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(await codeOf(missing.add({ a: 1 }))).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(await codeOf(missing.doc('x').get())).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(await codeOf(missing.doc('x').update({ a: 1 }))).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(await codeOf(missing.where({ a: 1 }).remove())).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(await codeOf(missing.count())).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(await codeOf(missing.aggregate().match({ a: 1 }).end())).toBe('DATABASE_COLLECTION_NOT_EXIST');
  });

  test('the thrown error is a TcbError with code, message and requestId', async () => {
    const err: any = await t.db.collection('no_such_collection').get().catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(typeof err.message).toBe('string');
    expect(err.requestId).toMatch(/\S/);
  });

  test('creating an existing collection, duplicate _id', async () => {
    expect(await codeOf(t.db.createCollection('kids'))).toBe('DATABASE_COLLECTION_ALREADY_EXIST');
    expect(await codeOf(t.db.collection('kids').add({ _id: 'k1', name: 'dup' }))).toBe('DATABASE_DUPLICATE_WRITE');
    // A batch with a duplicate is rejected as a whole.
    expect(await codeOf(t.db.collection('kids').add([{ _id: 'new1' }, { _id: 'k2' }]))).toBe('DATABASE_DUPLICATE_WRITE');
    expect((await t.db.collection('kids').doc('new1').get()).data).toEqual([]);
  });

  test('an unknown query operator', async () => {
    const res = t.db.collection('kids').options({ raw: true }).where({ age: { $frobnicate: 1 } }).get();
    expect(await codeOf(res)).toBe('DATABASE_REQUEST_FAILED');
  });
});
