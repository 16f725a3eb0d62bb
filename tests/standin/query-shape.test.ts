/**
 * The index check's reading of a query (local/standin/query-shape.ts): what CloudBase (MongoDB)
 * can serve with the declared indexes, neither stricter (a false INDEX_MISSING in npm test) nor
 * looser (a scan in production).
 */
import { queryShape, servedBy } from '../../local/standin/query-shape';

const idx = (...keys: string[]) => ({ keys });

test("an $or is served when every branch has an index with the sort (CloudBase merges them), not when one branch lacks it", () => {
  const q = { $or: [{ townshipCode: { $in: ['341721100'] } }, { villageCode: { $in: ['341721100201'] } }], status: { $ne: 'closed' } };
  const shape = queryShape('careReports', q, { reportedAt: -1 });
  expect(servedBy(shape, [idx('townshipCode', 'reportedAt'), idx('villageCode', 'reportedAt')])).toBe(true);
  expect(servedBy(shape, [idx('townshipCode', 'reportedAt')])).toBe(false);
  expect(servedBy(shape, [idx('townshipCode'), idx('villageCode')])).toBe(false); // the sort needs the index too
});

test("an $or branch carries the rest of the query's equality fields", () => {
  const shape = queryShape('x', { countyCode: '341721', $or: [{ a: 1 }, { b: 2 }] });
  expect(shape.or?.map((b) => b.eq)).toEqual([['a', 'countyCode'], ['b', 'countyCode']]);
  expect(servedBy(shape, [idx('a', 'countyCode'), idx('b', 'countyCode')])).toBe(true);
  expect(servedBy(shape, [idx('a'), idx('b')])).toBe(false);
});

test('paging through a collection by an _id cursor walks the _id index; a cursor plus an equality field does not', () => {
  expect(servedBy(queryShape('children', { _id: { $gt: 'c-100' }, status: { $ne: 'left' } }, { _id: 1 }), [])).toBe(true);
  expect(servedBy(queryShape('children', { _id: { $gt: 'c-100' }, villageCode: '341721100201' }, { _id: 1 }), [])).toBe(false);
});

test("an $or inside an $and (how node-sdk's _.and/_.or arrive) is read, and an $or in a branch ends", () => {
  const q = { $and: [{ status: 'active' }, { $or: [{ villageCode: { $in: ['v1'] } }, { townshipCode: { $in: ['t1'] } }] }] };
  const shape = queryShape('roleBindings', q, { _id: 1 });
  expect(shape.or?.map((b) => b.eq)).toEqual([['status', 'villageCode'], ['status', 'townshipCode']]);
  const nested = queryShape('x', { $or: [{ a: 1, $or: [{ b: 1 }, { c: 1 }] }, { d: 1 }] });
  expect(nested.or?.[0].or?.map((b) => b.eq)).toEqual([['a', 'b'], ['a', 'c']]);
});
