/**
 * The store's fast read paths (local/standin/fastpath.ts) against mingo, the source of truth:
 * randomized documents (numbers incl. -0/NaN/±Infinity, strings beyond the BMP, dates incl.
 * equal times and invalid ones, booleans, null, missing fields, arrays, sub-documents, bson
 * values), random multi-key orders, offsets and limits, random queries. Wherever the fast path
 * answers, it must give exactly mingo's answer; the store as a whole (fast path or fallback) must
 * always give mingo's page. Each test also checks the fast path was really taken often enough,
 * so a fast path that silently declines everything fails too.
 */
import { rmSync } from 'node:fs';
import { Long, ObjectId } from 'bson';
import { find as mingoFind, Query } from 'mingo';
import { Store, type Doc } from '../../local/standin';
import { compileFastFilter, sortedPage, UNKNOWN, YES } from '../../local/standin/fastpath';
import { tempDir } from './support';

/** Deterministic PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

// Few distinct values, so ties are frequent; strings include a BMP character above the
// surrogate range and characters outside the BMP (UTF-16 vs code point order differ there).
const NUMBERS = [0, -0, 1, 2, 2.5, -3, 10, 1e9, Infinity, -Infinity];
const STRINGS = ['', 'a', 'B', 'b', 'ab', '张', '张三', '\uff21', '𠮷', '𠮷a', 'z'];
const TIMES = [0, 1000, 86_400_000, -5000, 1_700_000_000_000];
const BOOLS = [true, false];

type Kind = 'number' | 'string' | 'date' | 'boolean';
const KINDS: Kind[] = ['number', 'string', 'date', 'boolean'];

function scalarOf(r: Rand, kind: Kind): unknown {
  switch (kind) {
    case 'number':
      return pick(r, NUMBERS);
    case 'string':
      return pick(r, STRINGS);
    case 'date':
      return new Date(pick(r, TIMES)); // equal times in distinct Date objects
    default:
      return pick(r, BOOLS);
  }
}

/** Anything at all, including the values the fast paths must decline. */
function wildValue(r: Rand): unknown {
  const x = r();
  if (x < 0.4) return scalarOf(r, pick(r, KINDS));
  if (x < 0.5) return null;
  if (x < 0.55) return NaN;
  if (x < 0.58) return new Date(NaN);
  if (x < 0.7) return Array.from({ length: Math.floor(r() * 3) }, () => scalarOf(r, pick(r, KINDS)));
  if (x < 0.78) return { x: scalarOf(r, pick(r, KINDS)) };
  if (x < 0.82) return new ObjectId('64b7f0c2a1b2c3d4e5f60718');
  if (x < 0.85) return Long.fromNumber(7);
  return /ab/;
}

const FIELDS = ['a', 'b', 'c', 'n.x'] as const;

/**
 * A document. `kinds` fixes one scalar kind per field ("homogeneous" collections, where the fast
 * sort applies); a field is then null or missing some of the time. Without `kinds`, any value.
 */
function randomDoc(r: Rand, i: number, kinds?: Record<string, Kind>): Doc {
  const doc: Doc = { _id: `d${String(i).padStart(3, '0')}` };
  const value = (f: string): unknown => {
    if (!kinds) return wildValue(r);
    const y = r();
    if (y < 0.1) return null;
    return scalarOf(r, kinds[f]);
  };
  for (const f of ['a', 'b', 'c']) if (r() > 0.1) doc[f] = value(f);
  const y = r();
  if (y < 0.7) doc.n = { x: value('n.x') };
  else if (y < 0.8 && !kinds) doc.n = [{ x: 1 }, { x: 2 }];
  else if (y < 0.9) doc.n = kinds ? null : 5;
  return doc;
}

function randomDocs(r: Rand, homogeneous: boolean): Doc[] {
  const n = 1 + Math.floor(r() * 60);
  const kinds = homogeneous ? (Object.fromEntries(FIELDS.map((f) => [f, pick(r, KINDS)])) as Record<string, Kind>) : undefined;
  return Array.from({ length: n }, (_x, i) => randomDoc(r, i, kinds));
}

function randomOrder(r: Rand): Record<string, 1 | -1> {
  const fields = [...FIELDS].sort(() => r() - 0.5).slice(0, 1 + Math.floor(r() * 3));
  return Object.fromEntries(fields.map((f) => [f, r() < 0.5 ? 1 : -1]));
}

function randomPage(r: Rand, n: number): { offset: number; limit: number | undefined } {
  const offset = r() < 0.5 ? 0 : Math.floor(r() * (n + 2));
  const limit = r() < 0.2 ? undefined : Math.floor(r() * (n + 3));
  return { offset, limit };
}

/** mingo's full sort of the documents, then the page: what the store did before the fast path. */
function mingoPage(docs: Doc[], query: Record<string, unknown>, order: Record<string, 1 | -1>, offset: number, limit: number | undefined): Doc[] {
  const sorted = mingoFind(docs, query).sort(order).all() as Doc[];
  return sorted.slice(offset, limit === undefined ? undefined : offset + limit);
}

describe('top-K sort equals mingo', () => {
  test.each([true, false])('homogeneous collections: %s', (homogeneous) => {
    const r = rng(homogeneous ? 1 : 2);
    let fast = 0;
    let total = 0;
    for (let round = 0; round < 800; round += 1) {
      const docs = randomDocs(r, homogeneous);
      const order = randomOrder(r);
      const { offset, limit } = randomPage(r, docs.length);
      total += 1;
      const got = sortedPage(docs, (d) => d, order, offset, limit);
      if (got === undefined) continue;
      fast += 1;
      const want = mingoPage(docs, {}, order, offset, limit);
      // Same objects in the same order (identity, not just equal values).
      expect({ order, offset, limit, ids: got.map((d) => d._id) }).toEqual({ order, offset, limit, ids: want.map((d) => d._id) });
      got.forEach((d, i) => expect(d).toBe(want[i]));
    }
    // The fast path must really be exercised (homogeneous data) and must decline mixed data.
    if (homogeneous) expect(fast).toBeGreaterThan(total * 0.9);
    else expect(fast).toBeLessThan(total * 0.5);
  });

  test('large collections with small limits (the bounded heap)', () => {
    const r = rng(3);
    for (let round = 0; round < 40; round += 1) {
      const kinds = Object.fromEntries(FIELDS.map((f) => [f, pick(r, KINDS)])) as Record<string, Kind>;
      const docs = Array.from({ length: 500 + Math.floor(r() * 1500) }, (_x, i) => randomDoc(r, i, kinds));
      const order = randomOrder(r);
      const offset = Math.floor(r() * 20);
      const limit = 1 + Math.floor(r() * 30);
      const got = sortedPage(docs, (d) => d, order, offset, limit);
      expect(got).toBeDefined();
      expect(got?.map((d) => d._id)).toEqual(mingoPage(docs, {}, order, offset, limit).map((d) => d._id));
    }
  });

  test('declines what mingo orders by its type rules', () => {
    const order = { a: 1 as const };
    expect(sortedPage([{ a: 1 }, { a: 'x' }], (d) => d, order, 0, 1)).toBeUndefined();
    expect(sortedPage([{ a: 1 }, { a: [0] }], (d) => d, order, 0, 1)).toBeUndefined();
    expect(sortedPage([{ a: 1 }, { a: NaN }], (d) => d, order, 0, 1)).toBeUndefined();
    expect(sortedPage([{ a: { b: 1 } }], (d) => d, order, 0, 1)).toBeUndefined();
    expect(sortedPage([{ a: 1 }], (d) => d, JSON.parse('{"__proto__": 1}'), 0, 1)).toBeUndefined();
    // null and missing sort first ascending, last descending, and tie with each other.
    const docs: Doc[] = [{ _id: 1, a: 2 }, { _id: 2 }, { _id: 3, a: null }, { _id: 4, a: 1 }];
    expect(sortedPage(docs, (d) => d, { a: 1 }, 0, undefined)?.map((d) => d._id)).toEqual([2, 3, 4, 1]);
    expect(sortedPage(docs, (d) => d, { a: -1 }, 0, undefined)?.map((d) => d._id)).toEqual([1, 4, 2, 3]);
  });
});

// ------------------------------------------------------------------ matching

function operandOf(r: Rand): unknown {
  const x = r();
  if (x < 0.85) return scalarOf(r, pick(r, KINDS));
  if (x < 0.95) return null;
  return NaN; // declined by the fast matcher
}

function randomCondition(r: Rand): unknown {
  const x = r();
  if (x < 0.25) return operandOf(r);
  if (x < 0.3) return /a/;
  if (x < 0.35) return { $exists: r() < 0.5 };
  const ops = ['$eq', '$ne', '$in', '$nin', '$gt', '$gte', '$lt', '$lte'];
  const cond: Record<string, unknown> = {};
  for (let i = 0, n = 1 + Math.floor(r() * 2); i < n; i += 1) {
    const op = pick(r, ops);
    cond[op] = op === '$in' || op === '$nin' ? Array.from({ length: Math.floor(r() * 4) }, () => operandOf(r)) : operandOf(r);
  }
  return cond;
}

function randomQuery(r: Rand, depth = 0): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  for (let i = 0, n = Math.floor(r() * 3); i < n; i += 1) q[pick(r, FIELDS)] = randomCondition(r);
  if (depth < 2 && r() < 0.25) q[r() < 0.5 ? '$and' : '$or'] = Array.from({ length: 1 + Math.floor(r() * 3) }, () => randomQuery(r, depth + 1));
  return q;
}

describe('fast matcher equals mingo', () => {
  test('random queries on random documents', () => {
    const r = rng(4);
    let decided = 0;
    let tested = 0;
    for (let round = 0; round < 600; round += 1) {
      const docs = randomDocs(r, r() < 0.5);
      const query = randomQuery(r);
      const fast = compileFastFilter(query);
      if (!fast) continue;
      const mingo = new Query(query); // a complete fast matcher implies a valid query
      for (const doc of docs) {
        tested += 1;
        const v = fast.test(doc);
        if (v === UNKNOWN) continue;
        decided += 1;
        if ((v === YES) !== mingo.test(doc)) {
          throw new Error(`fast ${v === YES} ≠ mingo for query ${String(JSON.stringify(query))} on ${JSON.stringify(doc)}`);
        }
      }
    }
    expect(decided).toBeGreaterThan(tested * 0.6);
  });

  test('the helpline queue condition is understood completely', () => {
    const now = new Date(1_700_000_000_000);
    const fast = compileFastFilter({ teamId: 't', status: { $in: ['open', 'claimed'] }, leaseUntil: { $lt: now } });
    expect(fast?.complete).toBe(true);
    expect(fast?.test({ teamId: 't', status: 'open', leaseUntil: new Date(0) })).toBe(YES);
    expect(fast?.test({ teamId: 't', status: 'open', leaseUntil: new Date(now.getTime() + 1) })).toBe(0);
    expect(fast?.test({ teamId: 't', status: ['open'], leaseUntil: new Date(0) })).toBe(UNKNOWN);
    expect(compileFastFilter({ a: 1, b: { $exists: true } })?.complete).toBe(false);
  });

  test('a region prefix and a list of ids are decided without mingo (strings only)', () => {
    const fast = compileFastFilter({ villageCode: /^341799/, _id: { $in: ['c1', 'c2'] } });
    expect(fast?.complete).toBe(true);
    expect(fast?.test({ _id: 'c1', villageCode: '341799001001' })).toBe(YES);
    expect(fast?.test({ _id: 'c3', villageCode: '341799001001' })).toBe(0);
    expect(fast?.test({ _id: 'c2', villageCode: '341700001001' })).toBe(0);
    // Not a string: mingo decides (an array is matched element by element there).
    expect(fast?.test({ _id: 'c1', villageCode: ['341799001001'] })).toBe(UNKNOWN);
    expect(compileFastFilter({ a: /x/g })).toBeUndefined();
  });
});

// ------------------------------------------------------------------ the store end to end

describe('store pages equal mingo (fast path or fallback)', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = tempDir('standin-fastpath-');
    store = Store.open(dir);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('random queries, orders, offsets and limits', () => {
    const r = rng(5);
    for (let round = 0; round < 150; round += 1) {
      const name = `c${round}`;
      store.createCollection(name);
      const docs = randomDocs(r, r() < 0.6);
      store.insert(name, docs);
      const stored = store.find(name); // as stored (copies: undefined fields dropped)
      for (let k = 0; k < 5; k += 1) {
        const query = r() < 0.3 ? {} : randomQuery(r);
        const order = randomOrder(r);
        const { offset, limit } = randomPage(r, docs.length);
        const want = mingoPage(stored, query, order, offset, limit).map((d) => d._id);
        const got = store.find(name, query, { order, offset, limit }).map((d) => d._id);
        expect({ query, order, offset, limit, got }).toEqual({ query, order, offset, limit, got: want });
        // Without an order: natural order, matching stops once the page is full.
        const plain = (mingoFind(stored, query).all() as Doc[]).slice(offset, limit === undefined ? undefined : offset + limit).map((d) => d._id);
        expect(store.find(name, query, { offset, limit }).map((d) => d._id)).toEqual(plain);
      }
    }
  });

  test('a bad query still fails, also when the fast matcher understands part of it', () => {
    store.createCollection('e');
    expect(() => store.find('e', { a: 1, b: { $bogus: 1 } })).toThrow(expect.objectContaining({ code: 'DATABASE_REQUEST_FAILED' }));
    expect(() => store.find('e', { a: 1, $or: [{ b: 1 }, { c: { $bogus: 1 } }] })).toThrow(expect.objectContaining({ code: 'DATABASE_REQUEST_FAILED' }));
  });

  test('transactions see their own writes in sorted, limited reads', () => {
    store.createCollection('q');
    store.insert('q', [
      { _id: 'a', rank: 1, at: new Date(3) },
      { _id: 'b', rank: 2, at: new Date(2) },
      { _id: 'c', rank: 2, at: new Date(1) },
    ]);
    const tx = store.beginTransaction();
    store.update('q', { _id: 'a' }, { $set: { rank: 3 } }, { txId: tx });
    store.insert('q', [{ _id: 'd', rank: 2, at: new Date(0) }], { txId: tx });
    const order = { rank: -1 as const, at: 1 as const };
    expect(store.find('q', { rank: { $gte: 2 } }, { order, limit: 3, txId: tx }).map((d) => d._id)).toEqual(['a', 'd', 'c']);
    expect(store.find('q', { rank: { $gte: 2 } }, { order, limit: 3 }).map((d) => d._id)).toEqual(['c', 'b']);
    store.abortTransaction(tx);
  });
});
