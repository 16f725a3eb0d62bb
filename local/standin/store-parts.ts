/**
 * The stand-in database's parts that need no state: document ids and their map keys, the
 * in-memory shapes (entries, rows, transactions), query compilation and update modifiers.
 * Split from store.ts, which keeps the one class that owns collections and transactions.
 */
import { randomBytes } from 'node:crypto';
import { Query } from 'mingo';
import { cloneValue, encodeWire, type Doc } from './codec';
import { StandinError } from './errors';
import { compileFastFilter, withFallback } from './fastpath';

/** Map key of a document id: the id itself for strings and numbers, EJSON text otherwise. */
export type IdKey = string | number;

export interface Entry {
  key: IdKey;
  seq: number;
  doc: Doc;
  /** Cached canonical EJSON of `doc` (also the stored body). */
  enc: string | undefined;
}

export interface Collection {
  name: string;
  createdAt: number;
  entries: Map<IdKey, Entry>;
}

/** A document as seen through a view (committed state, or a transaction's view). */
export interface Row {
  key: IdKey;
  doc: Doc;
  entry: Entry | undefined;
}

export interface Transaction {
  id: string;
  startVer: number;
  lastActiveMs: number;
  lastActiveClockMs: number;
  /** Pending writes per collection; `null` marks a deletion. Map order = write order. */
  writes: Map<string, Map<IdKey, Doc | null>>;
  /** Version of each document when the transaction read it. */
  readVers: Map<string, number>;
  /** Lock keys this transaction holds. */
  locks: string[];
}

export interface Change {
  coll: Collection;
  key: IdKey;
  doc: Doc | null;
}

/** Sort specification: field path → 1 (ascending) or -1 (descending). */
export type SortSpec = Record<string, 1 | -1>;

/** Options of a find. */
export interface FindOptions {
  /** Sort order; without it, documents come in insertion order (stable across restarts). */
  order?: SortSpec;
  /** Documents to skip (after sorting). */
  offset?: number;
  /** Maximum documents returned; no limit when absent (the wire layer applies 100/1000). */
  limit?: number;
  /** MongoDB projection (`{ a: 1 }`, `{ b: 0 }`, `$slice`, `$elemMatch`). */
  projection?: Record<string, unknown>;
  /** Read through this transaction (sees its own writes). */
  txId?: string;
}

/** Options of an update. */
export interface UpdateOptions {
  /** Update every match (true) or the first in natural order (false, default). */
  multi?: boolean;
  /** true: `data` holds update operators (plain fields are `$set`); false: `data` replaces. */
  merge?: boolean;
  /** Insert when nothing matches. */
  upsert?: boolean;
  txId?: string;
}

/** Options of the store. */
export interface StoreOptions {
  /** Current time by the stand-in clock, ms since epoch (idle timeout on clock jumps). */
  now?: () => number;
  /** Abort a transaction idle this long (ms). Default 10 000. */
  transactionIdleMs?: number;
  /** SQLite `synchronous` level; `NORMAL` survives `kill -9`, `FULL` also power loss. */
  synchronous?: 'NORMAL' | 'FULL';
}

/** Aggregation stages that never modify their input documents (checked against mingo 7). */
export const READ_ONLY_STAGES = new Set(['$match', '$group', '$sort', '$limit', '$skip', '$count', '$unwind', '$sortByCount', '$bucket', '$bucketAuto', '$sample']);

/**
 * Whether a stage leaves its input documents untouched. mingo's `$project` removes excluded
 * nested fields in place (e.g. from a `$$ROOT` pushed by `$group`), so only inclusion
 * projections (with an optional `_id: 0`) count; `$lookup` with a sub-pipeline does not count.
 */
export function isReadOnlyStage(stage: Record<string, unknown>): boolean {
  const name = Object.keys(stage)[0];
  if (READ_ONLY_STAGES.has(name)) return true;
  const arg = stage[name];
  if (name === '$lookup') return isPlainObject(arg) && arg.pipeline === undefined;
  if (name === '$project' && isPlainObject(arg)) {
    const entries = Object.entries(arg);
    const excluded = entries.filter(([, v]) => v === 0 || v === false);
    if (excluded.length === 0) return true;
    return excluded.length === 1 && excluded[0][0] === '_id' && entries.length > 1;
  }
  return false;
}

/**
 * mingo's matcher for `{}`, built once, for sorting and projecting with mingo: `mingo.find()`
 * builds a new query, and with it copies mingo's operator tables, on every call (≈ 60 µs, more
 * than projecting a page). A query object holds no per-call state, so it can be reused.
 */
export const MATCH_ALL = new Query({});

/** Default number of results of an aggregation without a `$limit` stage (as CloudBase). */
export const AGGREGATE_DEFAULT_LIMIT = 20;

let idCounter = randomBytes(3).readUIntBE(0, 3);

/**
 * A new document id in CloudBase's style: 32 lowercase hex characters (seconds since epoch,
 * a counter and random bytes), unique within the process and practically unique overall.
 */
export function newDocId(): string {
  idCounter = (idCounter + 1) % 0x1000000;
  const time = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return `${time}${idCounter.toString(16).padStart(6, '0')}${randomBytes(9).toString('hex')}`;
}

/** The document with a new `_id` placed first. */
export function withNewId(doc: Doc): Doc {
  const { _id: _none, ...rest } = doc;
  return { _id: newDocId(), ...rest };
}

export function idKeyOf(id: unknown): IdKey {
  if (typeof id === 'string' || typeof id === 'number') return id;
  if (id === undefined || id === null) throw new StandinError('INVALID_PARAM', '_id 不能为空');
  return `\u0000${encodeWire(id)}`;
}

export function lockKeyOf(coll: string, key: IdKey): string {
  return `${coll}\u0000${typeof key === 'number' ? 'n' : 's'}${key}`;
}

export function dbFailure(err: unknown): StandinError {
  if (err instanceof StandinError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new StandinError('DATABASE_REQUEST_FAILED', msg);
}

/**
 * BSON equality as MongoDB decides "modified": same canonical EJSON (types, values and field
 * order).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  return encodeWire(a) === encodeWire(b);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The matcher of a query: the fast matcher (fastpath.ts) answers where it is certain, mingo
 * decides the rest. mingo's matcher is compiled up front, so a bad query fails even on an empty
 * collection — unless the fast matcher understood the whole query (then the query is valid and
 * mingo is compiled only if some document needs it; compiling costs more than testing a few
 * thousand documents the fast way).
 */
export function compile(query: Record<string, unknown> | undefined): ((doc: Doc) => boolean) | undefined {
  if (!query || Object.keys(query).length === 0) return undefined;
  const fast = compileFastFilter(query);
  let q: Query | undefined;
  try {
    if (!fast?.complete) q = new Query(query);
  } catch (err) {
    throw dbFailure(err);
  }
  const slow = (doc: Doc): boolean => {
    if (!q) q = new Query(query);
    return q.test(doc);
  };
  return fast ? withFallback(fast, slow) : slow;
}

/** An `_id` the query pins to one primitive value, if any (enables a direct lookup). */
export function pinnedId(query: Record<string, unknown> | undefined): IdKey | undefined {
  const id = query?._id;
  if (typeof id === 'string' || typeof id === 'number') return id;
  return undefined;
}

/**
 * Turns update `data` into a MongoDB modifier: operator keys stay, plain fields become `$set`
 * (node-sdk always sends operators for `merge: true`, raw callers may not).
 */
export function toModifier(data: Record<string, unknown>): Record<string, any> {
  const modifier: Record<string, any> = {};
  for (const [k, v] of Object.entries(data)) {
    if (k.startsWith('$')) {
      if (!isPlainObject(v)) throw new StandinError('INVALID_PARAM', `更新操作符 ${k} 的参数必须是对象`);
      modifier[k] = { ...(modifier[k] ?? {}), ...v };
    } else {
      modifier.$set = { ...(modifier.$set ?? {}), [k]: v };
    }
  }
  return modifier;
}

/** Equality fields of a query, used as the base of an upserted document. */
export function upsertBase(query: Record<string, unknown> | undefined): Doc {
  const base: Doc = {};
  for (const [k, v] of Object.entries(query ?? {})) {
    if (k.startsWith('$') || k.includes('.')) continue;
    if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) continue;
    if (v instanceof RegExp) continue;
    base[k] = cloneValue(v);
  }
  return base;
}

