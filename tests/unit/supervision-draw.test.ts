/**
 * The spot-check draw (supervision/src/spot-checks.ts): the same seed over the same records
 * draws the same items in the same order whatever order the records come in, a township with
 * fewer records gives all it has, and the population hash names the set, not its order.
 */
import { drawRank, drawSample, populationHash } from '../../cloudfunctions/supervision/src/spot-checks';

const ids = Array.from({ length: 40 }, (_x, i) => ({ id: `v${String(i).padStart(3, '0')}` }));
const shuffled = [...ids].reverse().sort((a, b) => (a.id.charCodeAt(3) % 3) - (b.id.charCodeAt(3) % 3));

test('same seed, same records in any order: the same items in the same order', () => {
  const a = drawSample('seed-1', '341721100', ids, 5).map((x) => x.id);
  const b = drawSample('seed-1', '341721100', shuffled, 5).map((x) => x.id);
  expect(b).toEqual(a);
  expect(new Set(a).size).toBe(5);
  // The order is the rank order, which anyone can recompute from the seed.
  const ranks = a.map((id) => drawRank('seed-1', '341721100', id));
  expect(ranks).toEqual([...ranks].sort());
});

test('another seed or another township draws another sample', () => {
  const a = drawSample('seed-1', '341721100', ids, 5).map((x) => x.id);
  expect(drawSample('seed-2', '341721100', ids, 5).map((x) => x.id)).not.toEqual(a);
  expect(drawSample('seed-1', '341721101', ids, 5).map((x) => x.id)).not.toEqual(a);
});

test('a township with fewer records than asked gives all of them; none gives none', () => {
  expect(drawSample('s', '341721100', ids.slice(0, 3), 5).map((x) => x.id).sort()).toEqual(['v000', 'v001', 'v002']);
  expect(drawSample('s', '341721100', [], 5)).toEqual([]);
});

test('the population hash depends on the set of records, not their order', () => {
  const h = populationHash(new Map([['341721100', ids], ['341721101', ids.slice(0, 2)]]));
  expect(populationHash(new Map([['341721101', [...ids.slice(0, 2)].reverse()], ['341721100', shuffled]]))).toBe(h);
  expect(populationHash(new Map([['341721100', ids.slice(1)], ['341721101', ids.slice(0, 2)]]))).not.toBe(h);
});
