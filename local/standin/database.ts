/**
 * The `database.*` wire actions (reference §4.7): decode node-sdk's request body, run it on the
 * {@link Store}, and shape the response exactly as node-sdk reads it. Each handler returns the
 * response fields except `requestId`, which the server adds.
 */
import { decodeWire, encodeWire, type Doc } from './codec';
import { StandinError } from './errors';
import { queryShape, recordShape, servedBy, type QueryShape } from './query-shape';
import type { Schema } from './schema';
import type { SortSpec, Store } from './store';

/** Limit of a `getDocument` without one, and the cap (node-sdk applies the same). */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

type Body = Record<string, unknown>;

function collectionName(body: Body): string {
  const name = body.collectionName;
  if (typeof name !== 'string' || name === '') throw new StandinError('INVALID_PARAM', '缺少 collectionName');
  return name;
}

function decodeParam(body: Body, field: string, nowMs: number): any {
  const raw = body[field];
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') {
    // Not what node-sdk sends, but a JSON object is unambiguous: accept it the same way.
    return decodeWire(JSON.stringify(raw), nowMs);
  }
  try {
    return decodeWire(raw, nowMs);
  } catch {
    throw new StandinError('INVALID_PARAM', `${field} 不是有效的 EJSON`);
  }
}

function queryOf(body: Body, nowMs: number): Record<string, unknown> | undefined {
  const query = decodeParam(body, 'query', nowMs);
  if (query !== undefined && (query === null || typeof query !== 'object' || Array.isArray(query))) {
    throw new StandinError('INVALID_PARAM', 'query 必须是对象');
  }
  if (body.queryType === 'DOC' && (query === undefined || query._id === undefined)) {
    throw new StandinError('INVALID_PARAM', 'DOC 查询缺少 _id');
  }
  return query;
}

function txIdOf(body: Body): string | undefined {
  const id = body.transactionId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function orderOf(body: Body, nowMs: number): SortSpec | undefined {
  const order = decodeParam(body, 'order', nowMs);
  if (order === undefined) return undefined;
  const spec: SortSpec = {};
  // node-sdk sends { field: 1 | -1 }; older clients sent [{ field, direction }].
  if (Array.isArray(order)) {
    for (const o of order) {
      if (o && typeof o.field === 'string') spec[o.field] = o.direction === 'desc' || o.direction === -1 ? -1 : 1;
    }
    return spec;
  }
  if (typeof order !== 'object' || order === null) throw new StandinError('INVALID_PARAM', 'order 格式错误');
  for (const [k, v] of Object.entries(order)) spec[k] = v === -1 || v === 'desc' ? -1 : 1;
  return spec;
}

function isMulti(body: Body): boolean {
  if (typeof body.multi === 'boolean') return body.multi;
  return body.queryType !== 'DOC';
}

/**
 * The index check: a query on a collection the deploy set up (it has a security rule) that no
 * declared index serves is logged with collection, filter and sort; with
 * SHOUWANG_INDEX_CHECK=fail (the test setup) it is refused, so a missing index fails `npm test`
 * instead of timing out in production.
 */
function checkIndex(schema: Schema, shape: QueryShape, filter: unknown, sort: unknown): void {
  if (schema.ruleOf(shape.collection) === null) return;
  if (servedBy(shape, schema.indexesOf(shape.collection).map((i) => ({ keys: i.keys.map((k) => k.field) })))) return;
  const what = `集合 ${shape.collection} 的查询没有声明的索引可用 / no declared index serves this query: filter ${JSON.stringify(filter ?? {})} sort ${JSON.stringify(sort ?? {})}` +
    ` (equality ${JSON.stringify(shape.eq)}, range ${JSON.stringify(shape.range)}, sort ${JSON.stringify(shape.sort)}); declare one in cloudfunctions/_shared/database.ts`;
  recordShape({ ...shape, missing: true } as QueryShape);
  if (process.env.SHOUWANG_INDEX_CHECK === 'fail') throw new StandinError('INDEX_MISSING', what);
  const key = JSON.stringify(shape);
  if (process.env.SHOUWANG_INDEX_CHECK !== 'off' && !warned.has(key)) {
    warned.add(key);
    console.warn(`[stand-in index check] ${what}`);
  }
}

/** Shapes already warned about (once per process is enough to act on). */
const warned = new Set<string>();

/**
 * Records the query shape of a read, update, remove or aggregate (see query-shape.ts) and, when
 * `schema` is given, checks it against the declared indexes.
 */
function noteQuery(action: string, body: Body, nowMs: number, schema: Schema | undefined): void {
  const note = (shape: QueryShape, filter: unknown, sort: unknown): void => {
    recordShape(shape);
    if (schema) checkIndex(schema, shape, filter, sort);
  };
  const coll = typeof body.collectionName === 'string' ? body.collectionName : '';
  if (action === 'database.aggregateDocuments' && Array.isArray(body.stages)) {
    const stages = body.stages as Array<{ stageKey?: string; stageValue?: unknown }>;
    const match = stages[0]?.stageKey === '$match' ? decodeParam(stages[0], 'stageValue', nowMs) : undefined;
    const sortStage = stages.find((s, i) => s.stageKey === '$sort' && stages.slice(0, i).every((p) => p.stageKey === '$match'));
    const sort = sortStage ? decodeParam(sortStage, 'stageValue', nowMs) : undefined;
    note(queryShape(coll, match, sort), match, sort);
    return;
  }
  if (['database.getDocument', 'database.calculateDocument', 'database.modifyDocument', 'database.modifyAndReturnDoc', 'database.removeDocument'].includes(action)) {
    const order = action === 'database.getDocument' ? orderOf(body, nowMs) : undefined;
    const query = queryOf(body, nowMs);
    note(queryShape(coll, query, order), query, order);
  }
}

/** The database actions this module serves. */
export const DATABASE_ACTIONS = new Set([
  'database.getDocument',
  'database.calculateDocument',
  'database.insertDocument',
  'database.modifyDocument',
  'database.modifyAndReturnDoc',
  'database.removeDocument',
  'database.aggregateDocuments',
  'database.addCollection',
  'database.startTransaction',
  'database.commitTransaction',
  'database.abortTransaction',
]);

/**
 * Runs one database action.
 *
 * @param store the store
 * @param action e.g. `database.getDocument`
 * @param body node-sdk's request body (EJSON strings in query/data/order/projection/stages)
 * @param nowMs the stand-in clock (resolves `$tcb_server_date`)
 * @param schema declared indexes and rules (the index check runs when given: the server gives it
 *   for requests from cloud functions, whose queries are production's query path)
 * @returns response fields without `requestId`: `{ data: … }`, or `{ transactionId }` for
 *   `startTransaction`, or `{}` for commit/abort/addCollection
 * @throws StandinError with a CloudBase code (the server turns it into the error envelope)
 */
export function handleDatabase(store: Store, action: string, body: Body, nowMs: number, schema?: Schema): Record<string, unknown> {
  noteQuery(action, body, nowMs, schema);
  switch (action) {
    case 'database.getDocument': {
      const coll = collectionName(body);
      const query = queryOf(body, nowMs);
      const doc = body.queryType === 'DOC';
      const requested = Number(body.limit);
      const limit = doc ? undefined : Number.isFinite(requested) && requested > 0 ? Math.min(Math.floor(requested), MAX_LIMIT) : DEFAULT_LIMIT;
      const offsetRaw = Number(body.offset);
      const offset = Number.isFinite(offsetRaw) && offsetRaw > 0 ? Math.floor(offsetRaw) : 0;
      const projection = decodeParam(body, 'projection', nowMs);
      const list = store.findEncoded(coll, query, {
        order: doc ? undefined : orderOf(body, nowMs),
        offset: doc ? 0 : offset,
        limit,
        projection,
        txId: txIdOf(body),
      });
      return { data: doc ? { list } : { list, offset, limit } };
    }
    case 'database.calculateDocument': {
      const total = store.count(collectionName(body), queryOf(body, nowMs), txIdOf(body));
      return { data: { total } };
    }
    case 'database.insertDocument': {
      const coll = collectionName(body);
      const raw = Array.isArray(body.data) ? body.data : [body.data];
      if (raw.length === 0) throw new StandinError('INVALID_PARAM', 'data 不能为空');
      const docs: Doc[] = raw.map((item) => {
        const d = decodeParam({ d: item }, 'd', nowMs);
        if (d === null || typeof d !== 'object' || Array.isArray(d)) throw new StandinError('INVALID_PARAM', '文档必须是对象');
        return d as Doc;
      });
      const insertedIds = store.insert(coll, docs, { txId: txIdOf(body), owned: true });
      return { data: { insertedIds } };
    }
    case 'database.modifyDocument': {
      const coll = collectionName(body);
      const data = decodeParam(body, 'data', nowMs);
      if (data === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) {
        throw new StandinError('INVALID_PARAM', 'data 必须是对象');
      }
      const res = store.update(coll, queryOf(body, nowMs), data, {
        multi: isMulti(body),
        merge: body.merge !== false,
        upsert: body.upsert === true,
        txId: txIdOf(body),
      });
      return { data: res.upsertedId === undefined ? { updated: res.updated } : { updated: res.updated, upsert_id: res.upsertedId } };
    }
    case 'database.modifyAndReturnDoc': {
      const coll = collectionName(body);
      const data = decodeParam(body, 'data', nowMs);
      if (data === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) {
        throw new StandinError('INVALID_PARAM', 'data 必须是对象');
      }
      const res = store.findOneAndUpdate(coll, queryOf(body, nowMs), data, { txId: txIdOf(body) });
      return { data: { updated: res.updated, doc: res.doc ? encodeWire(res.doc) : null } };
    }
    case 'database.removeDocument': {
      const deleted = store.remove(collectionName(body), queryOf(body, nowMs), { multi: isMulti(body), txId: txIdOf(body) });
      return { data: { deleted } };
    }
    case 'database.aggregateDocuments': {
      const coll = collectionName(body);
      const stages = body.stages;
      if (!Array.isArray(stages)) throw new StandinError('INVALID_PARAM', 'stages 必须是数组');
      const pipeline = stages.map((s: any) => {
        if (!s || typeof s.stageKey !== 'string') throw new StandinError('INVALID_PARAM', '聚合阶段格式错误');
        return { [s.stageKey]: decodeParam(s, 'stageValue', nowMs) };
      });
      return { data: { list: store.aggregateEncoded(coll, pipeline) } };
    }
    case 'database.addCollection': {
      store.createCollection(collectionName(body));
      return {};
    }
    case 'database.startTransaction':
      return { transactionId: store.beginTransaction() };
    case 'database.commitTransaction': {
      const id = txIdOf(body);
      if (!id) throw new StandinError('INVALID_PARAM', '缺少 transactionId');
      store.commitTransaction(id);
      return {};
    }
    case 'database.abortTransaction': {
      const id = txIdOf(body);
      if (!id) throw new StandinError('INVALID_PARAM', '缺少 transactionId');
      store.abortTransaction(id);
      return {};
    }
    default:
      throw new StandinError('INVALID_ACTION', action);
  }
}
