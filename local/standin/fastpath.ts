/**
 * Fast paths for the store's reads, each exactly equivalent to mingo (which stays the source of
 * truth for MongoDB semantics) on the inputs it accepts, and declining everything else:
 *
 * - {@link compileFastFilter}: a three-valued matcher for the common query shapes (fields or
 *   dotted paths through sub-documents, compared with scalars: equality,
 *   `$eq $ne $in $nin $gt $gte $lt $lte`, also under `$and`/`$or`). For a document whose fields
 *   are plain scalars it answers yes or no without mingo; for anything subtle (arrays,
 *   sub-documents as values, NaN, bson values, other operators …) it answers "unknown" and the
 *   caller asks mingo.
 * - {@link sortedPage}: the `[offset, offset + limit)` slice of rows in sort order, by a bounded
 *   heap (top-K) instead of sorting every match. Only when every sort-key value is null/missing
 *   or of one scalar type per key (numbers, strings, booleans or dates); otherwise `undefined`
 *   and the caller falls back to mingo's full sort.
 *
 * Both are checked against mingo on randomized data in tests/standin/fastpath.test.ts.
 */
import type { Doc } from './codec';

/** Fast matcher verdicts. */
export const NO = 0;
export const YES = 1;
export const UNKNOWN = 2;
export type Verdict = typeof NO | typeof YES | typeof UNKNOWN;

/** A compiled fast matcher. */
export interface FastFilter {
  /** NO / YES when certain (same answer as mingo), UNKNOWN when mingo must decide. */
  test(doc: Doc): Verdict;
  /**
   * True when every condition of the query was understood. The query is then valid for mingo
   * too, so the caller may compile mingo's matcher lazily (only if some document is UNKNOWN).
   */
  complete: boolean;
}

type Cond = (doc: Doc) => Verdict;

/** Marks a value the fast paths do not handle (the caller falls back to mingo). */
const SUBTLE = Symbol('subtle');
/** A scalar as the fast paths compare it: Dates become their time (a number), tagged by kind. */
type Scalar = string | number | boolean | null;

const hasOwn = Object.prototype.hasOwnProperty;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Reads the value at a field path, or SUBTLE (see {@link compilePath}). */
type PathReader = (doc: Doc) => unknown;

/** Names inherited by plain objects: mingo reads them only as own fields. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Compiles a field path into a reader returning the value the way mingo resolves it, for the
 * cases without arrays: plain objects are walked, a missing field or a primitive/null on the
 * way gives `undefined`. Arrays (on the way or at the end; mingo spreads over their elements)
 * and other objects on the way (Date, RegExp, bson values) give SUBTLE. Documents are plain
 * objects (the store only keeps those).
 *
 * @returns the reader, or undefined when the path is not a plain field path
 */
function compilePath(path: string): PathReader | undefined {
  if (path === '' || path.startsWith('$')) return undefined;
  const segs = path.split('.');
  for (const s of segs) if (s === '' || s === '__proto__' || s.startsWith('$')) return undefined;
  const get = (o: Record<string, unknown>, k: string): unknown => (INHERITED.has(k) ? (hasOwn.call(o, k) ? o[k] : undefined) : o[k]);
  if (segs.length === 1) {
    const k = segs[0];
    if (INHERITED.has(k)) return (doc) => (hasOwn.call(doc, k) ? (Array.isArray(doc[k]) ? SUBTLE : doc[k]) : undefined);
    return (doc) => {
      const v = doc[k];
      return Array.isArray(v) ? SUBTLE : v;
    };
  }
  return (doc) => {
    let v: unknown = get(doc, segs[0]);
    for (let i = 1; i < segs.length; i += 1) {
      if (v === undefined || v === null || typeof v !== 'object') return undefined;
      if (!isPlainObject(v)) return SUBTLE;
      v = get(v, segs[i]);
    }
    return Array.isArray(v) ? SUBTLE : v;
  };
}

/** Kind of a scalar, as mingo's type order distinguishes them; undefined when not a handled scalar. */
function kindOf(v: unknown): 'number' | 'string' | 'boolean' | 'date' | 'null' | undefined {
  switch (typeof v) {
    case 'number':
      return Number.isNaN(v) ? undefined : 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'undefined':
      return 'null';
    case 'object':
      if (v === null) return 'null';
      if (v instanceof Date && !Number.isNaN(v.getTime())) return 'date';
      return undefined;
    default:
      return undefined;
  }
}

// ------------------------------------------------------------------ matching

/** A query operand the fast matcher handles: a non-NaN number, string, boolean, valid Date, null. */
interface Operand {
  kind: 'number' | 'string' | 'boolean' | 'date' | 'null';
  /** The value compared (a Date's time). */
  value: Scalar;
}

function operandOf(v: unknown): Operand | undefined {
  if (v === undefined) return undefined;
  const kind = kindOf(v);
  if (!kind) return undefined;
  return { kind, value: kind === 'date' ? (v as Date).getTime() : (v as Scalar) };
}

/**
 * Equality of a resolved scalar document value with an operand, as mingo's `$eq` (and MongoDB)
 * decides it: null matches null and missing; otherwise same kind and same value (-0 equals 0).
 * Only called with values of a known kind.
 */
function scalarEquals(kind: string, value: unknown, op: Operand): boolean {
  if (op.kind === 'null') return kind === 'null';
  if (kind !== op.kind) return false;
  return (kind === 'date' ? (value as Date).getTime() : value) === op.value;
}

/** One field condition: equality with a scalar, or an object of supported operators. */
function compileField(path: string, spec: unknown): Cond | undefined {
  const read = compilePath(path);
  if (!read) return undefined;
  const checks: Array<(kind: string, value: unknown) => boolean> = [];
  if (isPlainObject(spec)) {
    const ops = Object.keys(spec);
    if (ops.length === 0) return undefined; // `{ a: {} }` is equality with an empty object
    for (const op of ops) {
      const arg = spec[op];
      switch (op) {
        case '$eq':
        case '$ne': {
          const o = operandOf(arg);
          if (!o) return undefined;
          checks.push(op === '$eq' ? (k, v) => scalarEquals(k, v, o) : (k, v) => !scalarEquals(k, v, o));
          break;
        }
        case '$in':
        case '$nin': {
          if (!Array.isArray(arg)) return undefined;
          const list: Operand[] = [];
          for (const x of arg) {
            const o = operandOf(x);
            if (!o) return undefined; // RegExp, arrays, sub-documents, NaN … stay with mingo
            list.push(o);
          }
          // A list of strings only (ids, codes: the common `_.in(ids)`) is looked up in a Set — same
          // answer as comparing one by one, without a 500-id scan per document.
          const strings = list.every((o) => o.kind === 'string') ? new Set(list.map((o) => o.value)) : undefined;
          const isIn = strings ? (k: string, v: unknown): boolean => k === 'string' && strings.has(v as string) : (k: string, v: unknown): boolean => list.some((o) => scalarEquals(k, v, o));
          checks.push(op === '$in' ? isIn : (k, v) => !isIn(k, v));
          break;
        }
        case '$gt':
        case '$gte':
        case '$lt':
        case '$lte': {
          // mingo (like MongoDB) compares only values of the same type; anything else is false.
          const o = operandOf(arg);
          if (!o || o.kind === 'null' || o.kind === 'boolean') return undefined;
          const ref = o.value as number | string;
          const cmp =
            op === '$gt' ? (x: number | string) => x > ref : op === '$gte' ? (x: number | string) => x >= ref : op === '$lt' ? (x: number | string) => x < ref : (x: number | string) => x <= ref;
          checks.push((k, v) => k === o.kind && cmp(k === 'date' ? (v as Date).getTime() : (v as number | string)));
          break;
        }
        default:
          return undefined;
      }
    }
  } else if (spec instanceof RegExp && !spec.global && !spec.sticky) {
    // `{ field: /^341799/ }` (the county prefix of every region-scoped read): a string value is
    // tested here, anything else (arrays, numbers, missing …) is left to mingo.
    return (doc) => {
      const v = read(doc);
      return typeof v === 'string' ? (spec.test(v) ? YES : NO) : UNKNOWN;
    };
  } else {
    const o = operandOf(spec);
    if (!o) return undefined; // arrays, sub-documents, undefined …
    checks.push((k, v) => scalarEquals(k, v, o));
  }
  return (doc) => {
    const v = read(doc);
    if (v === SUBTLE) return UNKNOWN;
    const kind = kindOf(v);
    if (!kind) return UNKNOWN; // NaN, invalid Date, sub-document, bson value …
    for (const c of checks) if (!c(kind, v)) return NO;
    return YES;
  };
}

function and(conds: Cond[]): Cond {
  if (conds.length === 1) return conds[0];
  return (doc) => {
    let out: Verdict = YES;
    for (const c of conds) {
      const v = c(doc);
      if (v === NO) return NO;
      if (v === UNKNOWN) out = UNKNOWN;
    }
    return out;
  };
}

function or(conds: Cond[]): Cond {
  return (doc) => {
    let out: Verdict = NO;
    for (const c of conds) {
      const v = c(doc);
      if (v === YES) return YES;
      if (v === UNKNOWN) out = UNKNOWN;
    }
    return out;
  };
}

const alwaysUnknown: Cond = () => UNKNOWN;

interface Compiled {
  cond: Cond;
  /** Every condition understood (the query is then also valid for mingo). */
  complete: boolean;
  /** Some condition understood (the matcher can answer NO or YES at all). */
  useful: boolean;
}

/**
 * Compiles a query object. Three-valued logic keeps partial understanding sound: a condition
 * that is not understood is UNKNOWN for every document, and `$and` / `$or` combine verdicts
 * (NO and anything is NO; YES or anything is YES; otherwise UNKNOWN).
 */
function compileQuery(query: Record<string, unknown>): Compiled {
  const conds: Cond[] = [];
  let complete = true;
  let useful = false;
  for (const [key, spec] of Object.entries(query)) {
    let cond: Cond | undefined;
    if ((key === '$and' || key === '$or') && Array.isArray(spec) && spec.length > 0 && spec.every(isPlainObject)) {
      const parts = spec.map((q) => compileQuery(q as Record<string, unknown>));
      if (parts.some((p) => !p.complete)) complete = false;
      if (parts.some((p) => p.useful)) useful = true;
      cond = key === '$and' ? and(parts.map((p) => p.cond)) : or(parts.map((p) => p.cond));
    } else if (!key.startsWith('$')) {
      cond = compileField(key, spec);
      if (cond) useful = true;
    }
    if (!cond) {
      complete = false;
      cond = alwaysUnknown;
    }
    conds.push(cond);
  }
  if (conds.length === 0) return { cond: () => YES, complete, useful: true };
  return { cond: and(conds), complete, useful };
}

/**
 * Compiles the fast matcher of a MongoDB query.
 *
 * @param query filter over internal values (as the store receives it)
 * @returns the matcher, or undefined when no condition is understood (asking it would only
 *   cost time)
 */
export function compileFastFilter(query: Record<string, unknown>): FastFilter | undefined {
  const { cond, complete, useful } = compileQuery(query);
  return useful ? { test: cond, complete } : undefined;
}

/**
 * A boolean matcher: the fast matcher where it is certain, `slow` (mingo) where it is not.
 * @param fast from {@link compileFastFilter}
 * @param slow mingo's test of the same query
 */
export function withFallback(fast: FastFilter, slow: (doc: Doc) => boolean): (doc: Doc) => boolean {
  const test = fast.test;
  return (doc) => {
    const v = test(doc);
    return v === UNKNOWN ? slow(doc) : v === YES;
  };
}

// ------------------------------------------------------------------ sorting

/** Sort specification: field path → 1 (ascending) or -1 (descending); as store.ts. */
export type SortOrder = Record<string, number>;

/**
 * The rows `[offset, offset + limit)` of `items` in sort order, exactly as mingo's
 * `find(docs).sort(order)` would order them, or undefined when a sort key holds a value whose
 * ordering is subtle (an array, a sub-document, NaN, an invalid Date, a bson value, or values of
 * two different types in one key besides null/missing) — then the caller sorts with mingo.
 *
 * Why this equals mingo: mingo sorts key by key from the last (group by value, order the groups,
 * reverse them for -1, keep each group in its previous order), i.e. lexicographically by the keys
 * with ties kept in input order. Missing and null form one group that orders before every other
 * type (mingo's type order null < number < string < … boolean < date); within one type values
 * compare with `<` (strings by UTF-16 code units, dates by time).
 *
 * @param items rows in natural order
 * @param docOf the document (a plain object) of a row
 * @param order sort specification (non-empty)
 * @param offset rows to skip (≥ 0)
 * @param limit rows to return (≥ 0), or undefined for all
 */
export function sortedPage<T>(items: T[], docOf: (item: T) => Doc, order: SortOrder, offset: number, limit: number | undefined): T[] | undefined {
  const paths = Object.keys(order);
  const m = paths.length;
  const readers: PathReader[] = [];
  for (const p of paths) {
    const r = compilePath(p);
    if (!r) return undefined;
    readers.push(r);
  }
  const dirs = paths.map((p) => (order[p] === -1 ? -1 : 1));
  const kinds: Array<string | undefined> = paths.map(() => undefined);
  // Keys of row i at keys[i * m + j]; rows are then handled by index only.
  const keys: Scalar[] = new Array(items.length * m);
  for (let i = 0; i < items.length; i += 1) {
    const doc = docOf(items[i]);
    for (let j = 0; j < m; j += 1) {
      const v = readers[j](doc);
      if (v === SUBTLE) return undefined;
      const kind = kindOf(v);
      if (!kind) return undefined;
      if (kind === 'null') {
        keys[i * m + j] = null;
        continue;
      }
      if (kinds[j] === undefined) kinds[j] = kind;
      else if (kinds[j] !== kind) return undefined; // mixed types: mingo's type order decides
      keys[i * m + j] = kind === 'date' ? (v as Date).getTime() : (v as Scalar);
    }
  }
  const cmp = (a: number, b: number): number => {
    for (let j = 0; j < m; j += 1) {
      const x = keys[a * m + j];
      const y = keys[b * m + j];
      if (x === y) continue;
      if (x === null) return -dirs[j];
      if (y === null) return dirs[j];
      return x < y ? -dirs[j] : dirs[j];
    }
    return a - b; // ties keep the natural order
  };
  const n = items.length;
  const end = limit === undefined ? n : Math.min(n, offset + limit);
  if (end <= offset) return [];
  let top: number[];
  if (end * 4 >= n) {
    top = Array.from({ length: n }, (_x, i) => i).sort(cmp);
  } else {
    top = smallest(n, end, cmp).sort(cmp);
  }
  const out: T[] = [];
  for (let i = offset; i < end; i += 1) out.push(items[top[i]]);
  return out;
}

/**
 * The `k` smallest of the indexes `0 … n-1` by `cmp` (unordered), with a bounded max-heap:
 * O(n log k). `cmp` must be a total order (ties broken by index), so the result is exactly the
 * first `k` of a full sort.
 */
function smallest(n: number, k: number, cmp: (a: number, b: number) => number): number[] {
  const heap: number[] = [];
  const swap = (i: number, j: number): void => {
    const t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
  };
  for (let item = 0; item < n; item += 1) {
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (cmp(heap[i], heap[parent]) <= 0) break;
        swap(i, parent);
        i = parent;
      }
    } else if (cmp(item, heap[0]) < 0) {
      heap[0] = item;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let largest = i;
        if (l < k && cmp(heap[l], heap[largest]) > 0) largest = l;
        if (r < k && cmp(heap[r], heap[largest]) > 0) largest = r;
        if (largest === i) break;
        swap(i, largest);
        i = largest;
      }
    }
  }
  return heap;
}
