/**
 * Aggregation through node-sdk's `aggregate()…end()`: each stage the project relies on,
 * `$lookup` across collections, and CloudBase's default of 20 results without `$limit`.
 */
import { startTestStandin, type TestStandin } from './support';

let t: TestStandin;

beforeAll(async () => {
  t = await startTestStandin();
  await t.db.createCollection('children');
  await t.db.createCollection('visits');
  await t.db.collection('children').add([
    { _id: 'c1', name: '甲', village: '东村', age: 6, tags: ['留守', '单亲'] },
    { _id: 'c2', name: '乙', village: '东村', age: 9, tags: ['留守'] },
    { _id: 'c3', name: '丙', village: '西村', age: 12, tags: [] },
    { _id: 'c4', name: '丁', village: '南村', age: 4, tags: ['困境'] },
  ]);
  await t.db.collection('visits').add([
    { _id: 'v1', childId: 'c1', at: new Date('2024-01-05T00:00:00Z'), score: 3 },
    { _id: 'v2', childId: 'c1', at: new Date('2024-02-05T00:00:00Z'), score: 5 },
    { _id: 'v3', childId: 'c3', at: new Date('2024-01-20T00:00:00Z'), score: 4 },
  ]);
});
afterAll(() => t.stop());

describe('aggregation stages', () => {
  test('$match, $group, $sort', async () => {
    const $ = t.db.command.aggregate;
    const res = await t.db
      .collection('children')
      .aggregate()
      .match({ age: t.db.command.gte(5) })
      .group({ _id: '$village', n: $.sum(1), avgAge: $.avg('$age') })
      .sort({ n: -1, _id: 1 })
      .end();
    expect(res.data).toEqual([
      { _id: '东村', n: 2, avgAge: 7.5 },
      { _id: '西村', n: 1, avgAge: 12 },
    ]);
  });

  test('$project, $skip, $limit', async () => {
    const res = await t.db.collection('children').aggregate().sort({ age: 1 }).skip(1).limit(2).project({ _id: 0, name: 1, age: 1 }).end();
    expect(res.data).toEqual([
      { name: '甲', age: 6 },
      { name: '乙', age: 9 },
    ]);
  });

  test('$count', async () => {
    const res = await t.db.collection('children').aggregate().match({ village: '东村' }).count('total').end();
    expect(res.data).toEqual([{ total: 2 }]);
  });

  test('$unwind', async () => {
    const res = await t.db.collection('children').aggregate().unwind('$tags').group({ _id: '$tags', n: t.db.command.aggregate.sum(1) }).sort({ _id: 1 }).end();
    expect(res.data).toEqual([
      { _id: '单亲', n: 1 },
      { _id: '困境', n: 1 },
      { _id: '留守', n: 2 },
    ]);
  });

  test('$lookup joins another collection', async () => {
    const res = await t.db
      .collection('children')
      .aggregate()
      .match({ village: t.db.command.in(['东村', '西村']) })
      .lookup({ from: 'visits', localField: '_id', foreignField: 'childId', as: 'visits' })
      .project({ _id: 1, visitCount: t.db.command.aggregate.size('$visits'), lastVisit: t.db.command.aggregate.max('$visits.at') })
      .sort({ _id: 1 })
      .end();
    expect(res.data).toEqual([
      { _id: 'c1', visitCount: 2, lastVisit: new Date('2024-02-05T00:00:00Z') },
      { _id: 'c2', visitCount: 0, lastVisit: null },
      { _id: 'c3', visitCount: 1, lastVisit: new Date('2024-01-20T00:00:00Z') },
    ]);
  });

  test('aggregation does not modify stored documents', async () => {
    // Compared through the store's documents (what queries match against), not cached encodings.
    const stored = () => ({ children: t.standin.store.find('children'), visits: t.standin.store.find('visits') });
    const before = stored();
    const $ = t.db.command.aggregate;
    await t.db.collection('children').aggregate().addFields({ village: 'changed' }).unwind('$tags').end();
    // Nested exclusions on documents reached through $$ROOT or $lookup (mingo edits those in place).
    await t.db.collection('children').aggregate().group({ _id: null, all: $.push('$$ROOT') }).unwind('$all').project({ 'all.village': 0, 'all.tags': 0 }).end();
    await t.db.collection('children').aggregate().lookup({ from: 'visits', localField: '_id', foreignField: 'childId', as: 'v' }).unwind('$v').project({ 'v.score': 0 }).end();
    await t.db.collection('children').aggregate().group({ _id: null, all: $.push('$$ROOT') }).project({ _id: 0, 'all._id': 0 }).end();
    expect(stored()).toEqual(before);
    expect((await t.db.collection('children').where({ village: '东村' }).count()).total).toBe(2);
  });

  test('without $limit at most 20 results come back (CloudBase default); $limit lifts it', async () => {
    await t.db.createCollection('bulk');
    await t.db.collection('bulk').add(Array.from({ length: 45 }, (_, i) => ({ i })));
    expect((await t.db.collection('bulk').aggregate().match({}).end()).data).toHaveLength(20);
    expect((await t.db.collection('bulk').aggregate().match({}).limit(1000).end()).data).toHaveLength(45);
  });
});
