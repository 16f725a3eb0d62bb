/**
 * What an index must hold to serve a query, the way CloudBase (MongoDB) chooses one: the equality
 * fields form a prefix of the index's keys (in any order), then the range and sort fields follow.
 * The stand-in uses it to log (and in tests refuse) queries no declared index serves.
 */
import { appendFileSync } from 'node:fs';

/** A query reduced to the fields an index has to cover. */
export interface QueryShape {
  collection: string;
  /** Fields compared for equality (a plain value, `$eq`, `$in`). */
  eq: string[];
  /** Fields compared by range (`$gt`, `$gte`, `$lt`, `$lte`). */
  range: string[];
  /** Sort fields in order. */
  sort: string[];
  /**
   * For a top-level `$or`: each branch's shape with the rest of the query (MongoDB/CloudBase can
   * serve an `$or` by one index per branch, merging them in sort order).
   */
  or?: QueryShape[];
}

/** One declared index: its key fields in order. */
export interface IndexKeys {
  keys: readonly string[];
}

const EQ_OPS = new Set(['$eq', '$in']);
const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Reduces a decoded query and sort to the fields an index would need. Fields under `$or`/`$nor`,
 * `$ne`, `$nin`, `$exists` and similar do not narrow an index scan and are left out; `$and`
 * branches are merged.
 */
export function queryShape(collection: string, query: Record<string, unknown> | undefined, sort?: Record<string, unknown>): QueryShape {
  const eq = new Set<string>();
  const range = new Set<string>();
  const branches: Record<string, unknown>[] = [];
  const walk = (q: Record<string, unknown>, prefix: string): void => {
    for (const [k, v] of Object.entries(q)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const b of v) if (isPlain(b)) walk(b, prefix);
        continue;
      }
      if (k === '$or' && prefix === '' && Array.isArray(v) && v.every(isPlain)) {
        branches.push(...(v as Record<string, unknown>[]));
        continue;
      }
      if (k.startsWith('$')) continue;
      const field = prefix + k;
      if (isPlain(v)) {
        const ops = Object.keys(v);
        if (ops.length > 0 && ops.every((o) => o.startsWith('$'))) {
          if (ops.some((o) => EQ_OPS.has(o))) eq.add(field);
          else if (ops.some((o) => RANGE_OPS.has(o))) range.add(field);
          continue;
        }
        // A nested object of plain values: node-sdk flattens these to dotted paths; do the same.
        walk(v, `${field}.`);
        continue;
      }
      eq.add(field);
    }
  };
  if (query) walk(query, '');
  for (const f of range) eq.delete(f);
  const shape: QueryShape = { collection, eq: [...eq].sort(), range: [...range].sort(), sort: Object.keys(sort ?? {}) };
  if (branches.length) {
    // Each branch with the rest of the query: the branch's own fields (it is strictly smaller than
    // the query, so this ends) merged with the fields outside the `$or`.
    shape.or = branches.map((b) => {
      const own = queryShape(collection, b, sort);
      const bRange = new Set([...shape.range, ...own.range]);
      const bEq = [...new Set([...shape.eq, ...own.eq])].filter((f) => !bRange.has(f)).sort();
      return { collection, eq: bEq, range: [...bRange].sort(), sort: shape.sort, ...(own.or ? { or: own.or } : {}) };
    });
  }
  return shape;
}

/**
 * Whether an index serves the query: every equality field in the index's leading keys, then the
 * sort fields in order, then the range fields. A query on `_id` alone (or with nothing at all —
 * a full listing of a small collection is the caller's choice) needs no declared index.
 */
export function servedBy(shape: QueryShape, indexes: readonly IndexKeys[]): boolean {
  if (shape.eq.includes('_id')) return true;
  // An `$or` is served when the query without it is, or when every branch is (one index each).
  if (shape.or?.length) {
    const { or, ...plain } = shape;
    return servedBy(plain, indexes) || or.every((b) => servedBy(b, indexes));
  }
  // Paging through a whole collection by `_id` (a cursor) walks the `_id` index.
  if (shape.eq.length === 0 && shape.range.every((f) => f === '_id') && shape.sort.every((f) => f === '_id')) return true;
  // `_id` last in a sort is a tie-break among the (already narrowed) matches, not an index key.
  if (shape.sort.length > 0 && shape.sort[shape.sort.length - 1] === '_id') shape = { ...shape, sort: shape.sort.slice(0, -1) };
  if (shape.eq.length === 0 && shape.range.length === 0 && shape.sort.length === 0) return true;
  if (shape.eq.length === 0 && shape.range.length === 0 && shape.sort.length === 1 && shape.sort[0] === '_id') return true;
  return indexes.some((idx) => {
    const keys = idx.keys;
    const n = shape.eq.length;
    if (keys.length < n) return false;
    const head = new Set(keys.slice(0, n));
    if (!shape.eq.every((f) => head.has(f))) return false;
    let i = n;
    for (const s of shape.sort) {
      if (shape.eq.includes(s)) continue;
      if (keys[i] !== s) return false;
      i++;
    }
    const rest = new Set(keys.slice(i));
    return shape.range.every((f) => rest.has(f) || shape.sort.includes(f));
  });
}

/** Appends the shape to the file named by SHOUWANG_QUERY_LOG (used to derive declared indexes). */
export function recordShape(shape: QueryShape): void {
  const file = process.env.SHOUWANG_QUERY_LOG;
  if (file) appendFileSync(file, `${JSON.stringify(shape)}\n`);
}
