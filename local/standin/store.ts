/**
 * The stand-in database: collections held in memory and written through to SQLite before a
 * write is acknowledged (see persistence.ts). Queries, update operators and aggregation run on
 * mingo; for speed, plain-scalar comparisons are matched and sorted pages are picked (top-K) by
 * fastpath.ts, which gives mingo's answers and leaves everything subtle to mingo. This module
 * adds what CloudBase adds on top of MongoDB semantics: explicit
 * collections, the natural (insertion) order, `$tcb_server_date` (resolved by the caller), and
 * transactions with document-level optimistic concurrency.
 *
 * All operations are synchronous, so each one is atomic with respect to the others (Node runs
 * one at a time); that is what makes 50 concurrent `updateAndReturn` calls yield one winner.
 *
 * Transactions. A transaction keeps its writes private until commit and reads its own writes.
 * Its first write to a document takes that document: a later write by another transaction, or
 * a plain write, gets `DATABASE_TRANSACTION_CONFLICT`. A transaction's write also conflicts
 * when the document changed after the transaction started (or after it read the document),
 * as MongoDB's snapshot isolation does. A transaction that gets a conflict is aborted (its
 * writes dropped, its documents released), so node-sdk's `runTransaction` retry starts clean.
 * A transaction idle for `transactionIdleMs` (machine time, or stand-in clock time when the
 * clock is moved forward) is aborted. Commit writes everything in one SQLite transaction.
 *
 * Longer than 500 lines: one class owns the collections, their transactions and the
 * persistence log, which must change together; the stateless parts (ids, shapes, query compile,
 * update modifiers) live in store-parts.ts.
 */
import { randomUUID } from 'node:crypto';
import { Aggregator, ProcessingMode, Query, update as mingoUpdate } from 'mingo';
import { cloneValue, decodeWire, encodeWire, type Doc } from './codec';
import { collectionNotExist, StandinError } from './errors';
import { sortedPage } from './fastpath';
import { Persistence, type RowChange } from './persistence';

export type { Doc } from './codec';
import {
  IdKey,
  Entry,
  Collection,
  Row,
  Transaction,
  Change,
  SortSpec,
  FindOptions,
  UpdateOptions,
  StoreOptions,
  isReadOnlyStage,
  MATCH_ALL,
  AGGREGATE_DEFAULT_LIMIT,
  withNewId,
  idKeyOf,
  lockKeyOf,
  dbFailure,
  sameValue,
  isPlainObject,
  compile,
  pinnedId,
  toModifier,
  upsertBase,
} from './store-parts';

export { AGGREGATE_DEFAULT_LIMIT, newDocId, type FindOptions, type SortSpec, type StoreOptions, type UpdateOptions } from './store-parts';

/**
 * The stand-in's document store. Open with {@link Store.open}; call {@link Store.close} when
 * done. Methods throw {@link StandinError} with CloudBase codes.
 */
export class Store {
  private readonly persistence: Persistence;
  private readonly collections = new Map<string, Collection>();
  private readonly txs = new Map<string, Transaction>();
  private readonly locks = new Map<string, string>();
  /** Version of the last write to each document, kept only while transactions are open. */
  private readonly recentWrites = new Map<string, number>();
  private ver = 0;
  private seq = 0;
  private readonly now: () => number;
  private readonly idleMs: number;
  private sweeper: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(persistence: Persistence, opts: StoreOptions) {
    this.persistence = persistence;
    this.now = opts.now ?? Date.now;
    this.idleMs = opts.transactionIdleMs ?? 10_000;
  }

  /**
   * Opens the store in `dataDir`, loading every collection into memory.
   *
   * @param dataDir folder holding `standin.sqlite` (created if missing)
   * @param opts clock, transaction idle timeout, SQLite durability level
   * @throws when the data file cannot be opened or read
   */
  static open(dataDir: string, opts: StoreOptions = {}): Store {
    const store = new Store(new Persistence(dataDir, opts.synchronous), opts);
    store.load();
    return store;
  }

  private load(): void {
    for (const { name, createdAt } of this.persistence.loadCollections()) {
      this.collections.set(name, { name, createdAt, entries: new Map() });
    }
    for (const row of this.persistence.iterateDocs()) {
      let coll = this.collections.get(row.coll);
      if (!coll) {
        coll = { name: row.coll, createdAt: 0, entries: new Map() };
        this.collections.set(row.coll, coll);
      }
      const doc = decodeWire(row.body, 0) as Doc;
      const key = idKeyOf(doc._id);
      coll.entries.set(key, { key, seq: row.seq, doc, enc: row.body });
    }
    this.seq = this.persistence.maxSeq();
  }

  // ---------------------------------------------------------------- collections

  /**
   * Creates an empty collection.
   * @throws DATABASE_COLLECTION_ALREADY_EXIST, INVALID_PARAM for an empty or `$`-prefixed name
   */
  createCollection(name: string): void {
    if (typeof name !== 'string' || name === '' || name.startsWith('$') || name.includes('\u0000')) {
      throw new StandinError('INVALID_PARAM', '集合名称无效');
    }
    if (this.collections.has(name)) throw new StandinError('DATABASE_COLLECTION_ALREADY_EXIST', name);
    const createdAt = Date.now();
    this.persistence.addCollection(name, createdAt);
    this.collections.set(name, { name, createdAt, entries: new Map() });
  }

  /** Whether the collection exists. */
  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  /** Collection names with their document counts, in creation order. */
  listCollections(): Array<{ name: string; count: number }> {
    return [...this.collections.values()].map((c) => ({ name: c.name, count: c.entries.size }));
  }

  private coll(name: string): Collection {
    const c = this.collections.get(name);
    if (!c) throw collectionNotExist(name);
    return c;
  }

  // ---------------------------------------------------------------- views

  private viewGet(coll: Collection, key: IdKey, tx: Transaction | undefined): Row | undefined {
    const pending = tx?.writes.get(coll.name);
    if (pending?.has(key)) {
      const doc = pending.get(key);
      return doc ? { key, doc, entry: undefined } : undefined;
    }
    const entry = coll.entries.get(key);
    return entry ? { key, doc: entry.doc, entry } : undefined;
  }

  /**
   * Matching documents in natural order, through `tx` when given; the first `max` of them.
   */
  private select(coll: Collection, query: Record<string, unknown> | undefined, tx: Transaction | undefined, max = Infinity): Row[] {
    const pinned = pinnedId(query);
    // A query on `_id` alone needs no matcher (the common `doc(id)` case; compiling one costs
    // more than the rest of the request).
    const test = pinned !== undefined && Object.keys(query as object).length === 1 ? undefined : compile(query);
    const out: Row[] = [];
    if (max <= 0) return out;
    if (pinned !== undefined) {
      const row = this.viewGet(coll, pinned, tx);
      try {
        if (row && (!test || test(row.doc))) out.push(row);
      } catch (err) {
        throw dbFailure(err);
      }
      return out;
    }
    const pending = tx?.writes.get(coll.name);
    try {
      for (const entry of coll.entries.values()) {
        let doc: Doc | null | undefined = entry.doc;
        let own: Entry | undefined = entry;
        if (pending !== undefined && pending.has(entry.key)) {
          doc = pending.get(entry.key);
          if (!doc) continue;
          own = undefined;
        }
        if (!test || test(doc)) {
          out.push({ key: entry.key, doc, entry: own });
          if (out.length >= max) return out;
        }
      }
      if (pending) {
        for (const [key, doc] of pending) {
          if (!doc || coll.entries.has(key)) continue;
          if (!test || test(doc)) {
            out.push({ key, doc, entry: undefined });
            if (out.length >= max) return out;
          }
        }
      }
    } catch (err) {
      throw dbFailure(err);
    }
    return out;
  }

  private sortRows(rows: Row[], order: SortSpec): Row[] {
    const byDoc = new Map<Doc, Row>();
    for (const r of rows) byDoc.set(r.doc, r);
    try {
      const sorted = MATCH_ALL.find(rows.map((r) => r.doc)).sort(order as any).all() as Doc[];
      return sorted.map((d) => byDoc.get(d) as Row);
    } catch (err) {
      throw dbFailure(err);
    }
  }

  /**
   * Matches, sorts and pages. With an order, the page is picked by a top-K selection when every
   * sort-key value is a plain scalar (fastpath.ts `sortedPage`, same result as mingo), else all
   * matches are sorted by mingo. Without an order, matching stops once the page is full.
   */
  private page(coll: Collection, query: Record<string, unknown> | undefined, opts: FindOptions, tx: Transaction | undefined): Row[] {
    const offset = Math.max(0, Math.floor(opts.offset ?? 0) || 0);
    const limit = opts.limit === undefined ? undefined : Math.max(0, Math.floor(opts.limit) || 0);
    const ordered = opts.order !== undefined && Object.keys(opts.order).length > 0;
    let rows = this.select(coll, query, tx, ordered || limit === undefined ? Infinity : offset + limit);
    if (ordered) {
      const order = opts.order as SortSpec;
      const fast = sortedPage(rows, (r) => r.doc, order, offset, limit);
      rows = fast ?? this.sortRows(rows, order).slice(offset, limit === undefined ? undefined : offset + limit);
    } else if (offset > 0 || limit !== undefined) {
      rows = rows.slice(offset, limit === undefined ? undefined : offset + limit);
    }
    if (tx) for (const r of rows) this.noteRead(tx, coll.name, r.key);
    return rows;
  }

  /** Applies a projection to copies (mingo's projection edits its inputs in place). */
  private project(docs: Doc[], projection: Record<string, unknown>): Doc[] {
    try {
      return MATCH_ALL.find(docs.map(cloneValue), projection as any).all() as Doc[];
    } catch (err) {
      throw dbFailure(err);
    }
  }

  // ---------------------------------------------------------------- reads

  /**
   * Finds documents and returns them as canonical EJSON strings (the wire form).
   *
   * @param collName collection
   * @param query MongoDB filter over internal values (RegExp, Date …); `{}` or undefined = all
   * @param opts order, offset, limit, projection, transaction
   * @throws DATABASE_COLLECTION_NOT_EXIST, DATABASE_REQUEST_FAILED (bad query/projection),
   *   DATABASE_TRANSACTION_FAIL (unknown or ended transaction)
   */
  findEncoded(collName: string, query: Record<string, unknown> | undefined, opts: FindOptions = {}): string[] {
    const tx = this.txFor(opts.txId);
    const rows = this.page(this.coll(collName), query, opts, tx);
    if (opts.projection && Object.keys(opts.projection).length > 0) {
      return this.project(rows.map((r) => r.doc), opts.projection).map(encodeWire);
    }
    return rows.map((r) => {
      if (!r.entry) return encodeWire(r.doc);
      if (r.entry.enc === undefined) r.entry.enc = encodeWire(r.entry.doc);
      return r.entry.enc;
    });
  }

  /**
   * Finds documents (in-process access for seeding and benchmarks).
   * @returns deep copies; same parameters and errors as {@link Store.findEncoded}
   */
  find(collName: string, query?: Record<string, unknown>, opts: FindOptions = {}): Doc[] {
    const tx = this.txFor(opts.txId);
    const rows = this.page(this.coll(collName), query, opts, tx);
    const docs = rows.map((r) => r.doc);
    if (opts.projection && Object.keys(opts.projection).length > 0) return this.project(docs, opts.projection);
    return docs.map(cloneValue);
  }

  /**
   * Counts matching documents (committed state).
   * @throws DATABASE_COLLECTION_NOT_EXIST, DATABASE_REQUEST_FAILED
   */
  count(collName: string, query?: Record<string, unknown>, txId?: string): number {
    const tx = this.txFor(txId);
    return this.select(this.coll(collName), query, tx).length;
  }

  // ---------------------------------------------------------------- writes

  /**
   * Inserts documents; all or none (a duplicate `_id` rejects the whole batch).
   *
   * @param collName collection
   * @param docs documents; a missing `_id` gets a new 32-hex id (placed first)
   * @param opts `txId` to insert inside a transaction; `owned` when the caller hands over the
   *   objects (no defensive copy)
   * @returns the `_id` of each document, in order
   * @throws DATABASE_COLLECTION_NOT_EXIST, DATABASE_DUPLICATE_WRITE, INVALID_PARAM (not an
   *   object), DATABASE_TRANSACTION_CONFLICT, DATABASE_TRANSACTION_FAIL
   */
  insert(collName: string, docs: Doc[], opts: { txId?: string; owned?: boolean } = {}): unknown[] {
    const coll = this.coll(collName);
    const tx = this.txFor(opts.txId);
    const seen = new Set<IdKey>();
    const changes: Change[] = [];
    for (const raw of docs) {
      if (!isPlainObject(raw)) throw new StandinError('INVALID_PARAM', '文档必须是对象');
      let doc = opts.owned ? raw : cloneValue(raw);
      if (doc._id === undefined) doc = withNewId(doc);
      const key = idKeyOf(doc._id);
      if (seen.has(key) || this.viewGet(coll, key, tx)) {
        throw new StandinError('DATABASE_DUPLICATE_WRITE', `_id ${String(doc._id)}`);
      }
      seen.add(key);
      changes.push({ coll, key, doc });
    }
    this.write(changes, tx);
    return changes.map((c) => (c.doc as Doc)._id);
  }

  /**
   * Updates (or replaces) matching documents.
   *
   * @param collName collection
   * @param query filter; `{ _id }` for a single document
   * @param data update operators (`merge: true`) or a replacement document (`merge: false`)
   * @param opts multi, merge, upsert, txId
   * @returns `updated`: documents actually changed (MongoDB's nModified: a document whose
   *   value does not change is not counted); `upsertedId` when a document was inserted
   * @throws DATABASE_COLLECTION_NOT_EXIST, DATABASE_REQUEST_FAILED (unknown operator, bad
   *   query), INVALID_PARAM (changing `_id`), DATABASE_DUPLICATE_WRITE (upsert),
   *   DATABASE_TRANSACTION_CONFLICT, DATABASE_TRANSACTION_FAIL
   */
  update(
    collName: string,
    query: Record<string, unknown> | undefined,
    data: Record<string, unknown>,
    opts: UpdateOptions = {},
  ): { updated: number; upsertedId?: unknown } {
    const coll = this.coll(collName);
    const tx = this.txFor(opts.txId);
    if (!isPlainObject(data)) throw new StandinError('INVALID_PARAM', '更新数据必须是对象');
    const merge = opts.merge ?? true;
    const modifier = merge ? toModifier(cloneValue(data)) : undefined;
    const rows = this.select(coll, query, tx, opts.multi ? Infinity : 1);
    const changes: Change[] = [];
    for (const row of rows) {
      const next = modifier ? this.applyModifier(row.doc, modifier) : this.replacement(row.doc, data);
      if (next) changes.push({ coll, key: row.key, doc: next });
    }
    let upsertedId: unknown;
    if (rows.length === 0 && opts.upsert) {
      let doc: Doc;
      if (modifier) {
        doc = upsertBase(query);
        this.applyModifier(doc, modifier, true);
      } else {
        const base = upsertBase(query);
        doc = { ...(base._id !== undefined ? { _id: base._id } : {}), ...cloneValue(data) };
      }
      if (doc._id === undefined) doc = withNewId(doc);
      const key = idKeyOf(doc._id);
      if (this.viewGet(coll, key, tx)) throw new StandinError('DATABASE_DUPLICATE_WRITE', `_id ${String(doc._id)}`);
      changes.push({ coll, key, doc });
      upsertedId = doc._id;
    }
    this.write(changes, tx);
    return upsertedId === undefined ? { updated: changes.length } : { updated: changes.length - 1, upsertedId };
  }

  /**
   * Atomically updates the first matching document (natural order) and returns it.
   *
   * @param collName collection
   * @param query filter
   * @param data update operators
   * @returns `{ updated: 1, doc }` with the document after the update, or
   *   `{ updated: 0, doc: null }` when nothing matches
   * @throws as {@link Store.update}
   */
  findOneAndUpdate(
    collName: string,
    query: Record<string, unknown> | undefined,
    data: Record<string, unknown>,
    opts: { txId?: string } = {},
  ): { updated: number; doc: Doc | null } {
    const coll = this.coll(collName);
    const tx = this.txFor(opts.txId);
    if (!isPlainObject(data)) throw new StandinError('INVALID_PARAM', '更新数据必须是对象');
    const [row] = this.select(coll, query, tx, 1);
    if (!row) return { updated: 0, doc: null };
    const next = this.applyModifier(row.doc, toModifier(cloneValue(data)));
    if (next) this.write([{ coll, key: row.key, doc: next }], tx);
    return { updated: 1, doc: cloneValue(next ?? row.doc) };
  }

  /**
   * Removes matching documents.
   * @param opts `multi`: all matches (true) or the first (false, default); `txId`
   * @returns number of documents removed
   * @throws DATABASE_COLLECTION_NOT_EXIST, DATABASE_REQUEST_FAILED,
   *   DATABASE_TRANSACTION_CONFLICT, DATABASE_TRANSACTION_FAIL
   */
  remove(collName: string, query: Record<string, unknown> | undefined, opts: { multi?: boolean; txId?: string } = {}): number {
    const coll = this.coll(collName);
    const tx = this.txFor(opts.txId);
    const rows = this.select(coll, query, tx, opts.multi ? Infinity : 1);
    this.write(rows.map((r) => ({ coll, key: r.key, doc: null })), tx);
    return rows.length;
  }

  private applyModifier(doc: Doc, modifier: Record<string, any>, inPlace = false): Doc | undefined {
    const next = inPlace ? doc : cloneValue(doc);
    try {
      // mingo's $addToSet with $each does not de-duplicate when the field is missing; start
      // from an empty array, which is what MongoDB does for a missing field.
      if (modifier.$addToSet) {
        const missing = Object.keys(modifier.$addToSet).filter((path) => new Query({ [path]: { $exists: false } }).test(next));
        if (missing.length > 0) mingoUpdate(next, { $set: Object.fromEntries(missing.map((p) => [p, []])) } as any);
      }
      const changed = mingoUpdate(next, modifier as any);
      if (!inPlace && changed.length === 0 && !modifier.$addToSet) return undefined;
    } catch (err) {
      throw dbFailure(err);
    }
    if (!inPlace && !sameValue(next._id, doc._id)) {
      throw new StandinError('INVALID_PARAM', '不能更新_id的值');
    }
    if (!inPlace && modifier.$addToSet && sameValue(next, doc)) return undefined;
    return next;
  }

  private replacement(doc: Doc, data: Record<string, unknown>): Doc | undefined {
    const { _id: newId, ...rest } = data;
    if (newId !== undefined && !sameValue(newId, doc._id)) {
      throw new StandinError('INVALID_PARAM', '不能更新_id的值');
    }
    const next: Doc = { _id: doc._id, ...cloneValue(rest) };
    return sameValue(next, doc) ? undefined : next;
  }

  /** Applies changes: into the transaction's private writes, or committed at once. */
  private write(changes: Change[], tx: Transaction | undefined): void {
    if (changes.length === 0) return;
    if (tx) {
      for (const c of changes) this.take(tx, c.coll.name, c.key);
      for (const c of changes) {
        let pending = tx.writes.get(c.coll.name);
        if (!pending) tx.writes.set(c.coll.name, (pending = new Map()));
        pending.set(c.key, c.doc);
      }
      return;
    }
    for (const c of changes) {
      if (this.locks.has(lockKeyOf(c.coll.name, c.key))) {
        throw new StandinError('DATABASE_TRANSACTION_CONFLICT', `文档 ${String(c.key)} 正被事务占用`);
      }
    }
    this.commitChanges(changes);
  }

  /** Persists then applies committed changes; memory is untouched when SQLite fails. */
  private commitChanges(changes: Change[], extra?: () => void): void {
    const rows: RowChange[] = [];
    const encs: Array<string | undefined> = [];
    let seq = this.seq;
    const seqs: number[] = [];
    for (const c of changes) {
      const existing = c.coll.entries.get(c.key);
      if (c.doc === null) {
        encs.push(undefined);
        seqs.push(existing?.seq ?? 0);
        if (existing) rows.push({ coll: c.coll.name, id: c.key, seq: existing.seq, body: null });
        continue;
      }
      const s = existing ? existing.seq : ++seq;
      const enc = encodeWire(c.doc);
      encs.push(enc);
      seqs.push(s);
      rows.push({ coll: c.coll.name, id: c.key, seq: s, body: enc });
    }
    try {
      if (extra) {
        this.persistence.transaction(() => {
          extra();
          this.persistence.apply(rows);
        });
      } else {
        this.persistence.apply(rows);
      }
    } catch (err) {
      throw new StandinError('SYS_ERR', `写入数据文件失败：${err instanceof Error ? err.message : String(err)}`);
    }
    this.seq = seq;
    const tracking = this.txs.size > 0;
    changes.forEach((c, i) => {
      this.ver += 1;
      if (tracking) this.recentWrites.set(lockKeyOf(c.coll.name, c.key), this.ver);
      if (c.doc === null) {
        c.coll.entries.delete(c.key);
      } else {
        // Map.set on an existing key keeps its position: an update keeps the natural order.
        c.coll.entries.set(c.key, { key: c.key, seq: seqs[i], doc: c.doc, enc: encs[i] });
      }
    });
  }

  // ---------------------------------------------------------------- aggregation

  /**
   * Runs an aggregation pipeline on the committed documents.
   *
   * @param collName collection
   * @param pipeline MongoDB stages over internal values; `$lookup` resolves other collections
   * @returns result documents as canonical EJSON strings; without a `$limit` stage at most
   *   {@link AGGREGATE_DEFAULT_LIMIT} (CloudBase's default)
   * @throws DATABASE_COLLECTION_NOT_EXIST, DATABASE_REQUEST_FAILED (bad stage/expression)
   */
  aggregateEncoded(collName: string, pipeline: Array<Record<string, unknown>>): string[] {
    return this.runAggregate(collName, pipeline).map(encodeWire);
  }

  /** In-process form of {@link Store.aggregateEncoded}, returning documents (copies). */
  aggregate(collName: string, pipeline: Array<Record<string, unknown>>): Doc[] {
    return this.runAggregate(collName, pipeline).map(cloneValue);
  }

  /** Results may share objects with the stored documents: encode or copy them, never edit. */
  private runAggregate(collName: string, pipeline: Array<Record<string, unknown>>): Doc[] {
    const coll = this.coll(collName);
    let stages = pipeline;
    let input: Doc[];
    // Leading $match stages filter without copying; the rest runs on copies (mingo may
    // rewrite its inputs).
    let i = 0;
    while (i < stages.length && Object.keys(stages[i])[0] === '$match') i += 1;
    if (i > 0) {
      const query = i === 1 ? (stages[0].$match as Record<string, unknown>) : { $and: stages.slice(0, i).map((s) => s.$match) };
      input = this.select(coll, query, undefined).map((r) => r.doc);
      stages = stages.slice(i);
    } else {
      input = [...coll.entries.values()].map((e) => e.doc);
    }
    // Stages that only build new documents never write into their inputs; with only those,
    // the stored documents can be read in place (a large win on big collections). Anything
    // else ($addFields on a nested path of a $$ROOT copy, $merge …) runs on copies.
    const readOnly = stages.every(isReadOnlyStage);
    const resolved = new Map<string, Doc[]>();
    const resolver = (name: string): Doc[] => {
      let docs = resolved.get(name);
      if (!docs) {
        const other = this.collections.get(name);
        docs = other ? [...other.entries.values()].map((e) => (readOnly ? e.doc : cloneValue(e.doc))) : [];
        resolved.set(name, docs);
      }
      return docs;
    };
    try {
      const agg = new Aggregator(stages as any[], {
        collectionResolver: resolver as any,
        processingMode: readOnly ? ProcessingMode.CLONE_OFF : ProcessingMode.CLONE_INPUT,
      });
      const out = agg.run(input) as Doc[];
      const hasLimit = pipeline.some((s) => Object.keys(s)[0] === '$limit');
      return hasLimit ? out : out.slice(0, AGGREGATE_DEFAULT_LIMIT);
    } catch (err) {
      throw dbFailure(err);
    }
  }

  // ---------------------------------------------------------------- transactions

  /** Starts a transaction. @returns its id */
  beginTransaction(): string {
    this.ensureSweeper();
    const id = randomUUID().replace(/-/g, '');
    const nowMs = Date.now();
    this.txs.set(id, {
      id,
      startVer: this.ver,
      lastActiveMs: nowMs,
      lastActiveClockMs: this.now(),
      writes: new Map(),
      readVers: new Map(),
      locks: [],
    });
    return id;
  }

  /**
   * Commits a transaction: all its writes become visible and durable together.
   * @throws DATABASE_TRANSACTION_FAIL when the transaction is unknown, aborted or timed out
   */
  commitTransaction(txId: string): void {
    const tx = this.txFor(txId) as Transaction;
    const changes: Change[] = [];
    for (const [collName, pending] of tx.writes) {
      const coll = this.collections.get(collName);
      if (!coll) {
        this.endTransaction(tx);
        throw new StandinError('DATABASE_TRANSACTION_FAIL', `集合 ${collName} 已不存在`);
      }
      for (const [key, doc] of pending) changes.push({ coll, key, doc });
    }
    try {
      this.commitChanges(changes);
    } finally {
      this.endTransaction(tx);
    }
  }

  /** Aborts a transaction, dropping its writes. Unknown or ended ids are ignored. */
  abortTransaction(txId: string): void {
    const tx = this.txs.get(txId);
    if (tx) this.endTransaction(tx);
  }

  /** Number of open transactions. */
  openTransactions(): number {
    return this.txs.size;
  }

  private txFor(txId: string | undefined): Transaction | undefined {
    if (txId === undefined || txId === null || txId === '') return undefined;
    const tx = this.txs.get(txId);
    if (!tx) throw new StandinError('DATABASE_TRANSACTION_FAIL');
    if (this.isIdle(tx)) {
      this.endTransaction(tx);
      throw new StandinError('DATABASE_TRANSACTION_FAIL', '事务空闲超时');
    }
    tx.lastActiveMs = Date.now();
    tx.lastActiveClockMs = this.now();
    return tx;
  }

  private isIdle(tx: Transaction): boolean {
    return Date.now() - tx.lastActiveMs >= this.idleMs || this.now() - tx.lastActiveClockMs >= this.idleMs;
  }

  private noteRead(tx: Transaction, collName: string, key: IdKey): void {
    const lk = lockKeyOf(collName, key);
    if (this.locks.get(lk) === tx.id || tx.readVers.has(lk)) return;
    tx.readVers.set(lk, this.recentWrites.get(lk) ?? 0);
  }

  /** Takes a document for `tx` or fails with a conflict (aborting `tx`). */
  private take(tx: Transaction, collName: string, key: IdKey): void {
    const lk = lockKeyOf(collName, key);
    const holder = this.locks.get(lk);
    if (holder === tx.id) return;
    const current = this.recentWrites.get(lk) ?? 0;
    const seen = Math.max(tx.readVers.get(lk) ?? 0, tx.startVer);
    if (holder !== undefined || current > seen) {
      this.endTransaction(tx);
      throw new StandinError('DATABASE_TRANSACTION_CONFLICT', `文档 ${String(key)}`);
    }
    this.locks.set(lk, tx.id);
    tx.locks.push(lk);
  }

  private endTransaction(tx: Transaction): void {
    for (const lk of tx.locks) if (this.locks.get(lk) === tx.id) this.locks.delete(lk);
    this.txs.delete(tx.id);
    if (this.txs.size === 0) this.recentWrites.clear();
  }

  /** Aborts transactions idle longer than the timeout; runs periodically and on clock changes. */
  sweepIdleTransactions(): void {
    for (const tx of [...this.txs.values()]) if (this.isIdle(tx)) this.endTransaction(tx);
  }

  private ensureSweeper(): void {
    if (this.sweeper || this.closed) return;
    this.sweeper = setInterval(() => this.sweepIdleTransactions(), Math.max(50, Math.min(1000, this.idleMs / 2)));
    this.sweeper.unref();
  }

  // ---------------------------------------------------------------- admin

  /** Committed documents of every collection (copies), in creation and natural order. */
  exportData(): Record<string, Doc[]> {
    const out: Record<string, Doc[]> = {};
    for (const c of this.collections.values()) out[c.name] = [...c.entries.values()].map((e) => cloneValue(e.doc));
    return out;
  }

  /**
   * Loads collections (creating missing ones) and upserts their documents by `_id`, all in one
   * SQLite transaction. Documents without `_id` get a new one.
   *
   * @param data collection name → documents (internal values)
   * @param opts `replace`: drop everything first (seed)
   * @returns number of documents written
   * @throws INVALID_PARAM for a malformed collection or document;
   *   DATABASE_TRANSACTION_CONFLICT when a document is held by an open transaction
   */
  importData(data: Record<string, Doc[]>, opts: { replace?: boolean } = {}): number {
    if (!isPlainObject(data)) throw new StandinError('INVALID_PARAM', '导入数据必须是 { 集合名: [文档] }');
    const replace = opts.replace === true;
    const created: Collection[] = [];
    const changes: Change[] = [];
    for (const [name, docs] of Object.entries(data)) {
      if (!Array.isArray(docs)) throw new StandinError('INVALID_PARAM', `集合 ${name} 的数据必须是数组`);
      let coll = replace ? undefined : this.collections.get(name);
      if (!coll) {
        if (name === '' || name.startsWith('$') || name.includes('\u0000')) throw new StandinError('INVALID_PARAM', '集合名称无效');
        coll = { name, createdAt: Date.now(), entries: new Map() };
        created.push(coll);
      }
      const seen = new Set<IdKey>();
      for (const raw of docs) {
        if (!isPlainObject(raw)) throw new StandinError('INVALID_PARAM', `集合 ${name} 含有非对象文档`);
        const doc = raw._id === undefined ? withNewId(raw) : raw;
        const key = idKeyOf(doc._id);
        if (seen.has(key)) throw new StandinError('DATABASE_DUPLICATE_WRITE', `${name} _id ${String(doc._id)}`);
        seen.add(key);
        if (!replace && this.locks.has(lockKeyOf(name, key))) {
          throw new StandinError('DATABASE_TRANSACTION_CONFLICT', String(doc._id));
        }
        changes.push({ coll, key, doc });
      }
    }
    if (replace) for (const tx of [...this.txs.values()]) this.endTransaction(tx);
    // Everything (drop, new collections, rows) commits in one SQLite transaction.
    this.commitChanges(changes, () => {
      if (replace) this.persistence.dropAll();
      for (const c of created) this.persistence.addCollection(c.name, c.createdAt);
    });
    if (replace) this.collections.clear();
    for (const c of created) this.collections.set(c.name, c);
    return changes.length;
  }

  /** Drops every collection and document and aborts open transactions. */
  reset(): void {
    for (const tx of [...this.txs.values()]) this.endTransaction(tx);
    this.persistence.dropAll();
    this.collections.clear();
  }

  /** SQLite integrity check of the data file (`'ok'` when sound). */
  integrityCheck(): string {
    return this.persistence.integrityCheck();
  }

  /** Stops the idle sweeper and closes the data file. Further calls fail. */
  close(): void {
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const tx of [...this.txs.values()]) this.endTransaction(tx);
    this.persistence.close();
  }
}
