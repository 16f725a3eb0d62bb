/**
 * Admin endpoints (Firebase-emulator style), JSON over HTTP on the stand-in's port under
 * `/__admin/`. See docs/standin.md for the full list with examples.
 */
import { decodeEjsonObject, encodeExport, type Doc } from './codec';
import { StandinError } from './errors';
import type { Schema, StandinIndex, StandinRule } from './schema';
import type { FileStorage } from './storage';
import { compileStorageRules } from './storage-rules';
import type { Store } from './store';
import type { FunctionInvoker, StandinClock } from './types';
import type { WxApiDesk } from './wx';

/** What the admin endpoints operate on. */
export interface AdminContext {
  store: Store;
  schema: Schema;
  clock: StandinClock;
  storage: FileStorage;
  wx: WxApiDesk;
  invoker(): FunctionInvoker | undefined;
}

/** An admin answer: HTTP status and JSON body. */
export interface AdminReply {
  status: number;
  body: unknown;
}

/** The JSON export format: canonical field names, documents as relaxed EJSON objects. */
export interface ExportFile {
  format: 'shouwang-standin-export';
  version: 1;
  exportedAt: string;
  collections: Record<string, unknown[]>;
}

function clockReply(clock: StandinClock): AdminReply {
  return { status: 200, body: { state: clock.state(), now: clock.now().toISOString() } };
}

function parseInstant(v: unknown): Date {
  const d = typeof v === 'number' ? new Date(v) : typeof v === 'string' ? new Date(v) : new Date(NaN);
  if (!Number.isFinite(d.getTime())) throw new StandinError('INVALID_PARAM', 'set 必须是 ISO 时间或毫秒数');
  return d;
}

function collectionsOf(body: unknown, nowMs: number): Record<string, Doc[]> {
  const cols = (body as { collections?: unknown } | null)?.collections;
  if (cols === null || typeof cols !== 'object' || Array.isArray(cols)) {
    throw new StandinError('INVALID_PARAM', '请求体必须是 { collections: { 集合名: [文档] } }');
  }
  const out: Record<string, Doc[]> = {};
  for (const [name, docs] of Object.entries(cols as Record<string, unknown>)) {
    if (!Array.isArray(docs)) throw new StandinError('INVALID_PARAM', `集合 ${name} 的数据必须是数组`);
    out[name] = docs.map((d) => decodeEjsonObject(d, nowMs) as Doc);
  }
  return out;
}

/** The set-up requests `POST database/batch` may carry. */
const BATCHABLE = ['database/collections', 'database/indexes', 'database/rule', 'storage-rules'];

/**
 * Serves one admin request.
 *
 * @param ctx stand-in parts
 * @param method HTTP method
 * @param route path after `/__admin/` (e.g. `clock`)
 * @param body parsed JSON body (undefined for GET/DELETE or an empty body)
 * @returns status and JSON body; failures are `{ error: { code, message } }` with 4xx
 */
export async function handleAdmin(ctx: AdminContext, method: string, route: string, body: unknown): Promise<AdminReply> {
  const { store, schema, clock, storage, wx } = ctx;
  const key = `${method} ${route.replace(/\/+$/, '')}`;
  try {
    switch (key) {
      case 'GET status':
        return {
          status: 200,
          body: {
            ok: true,
            collections: store.listCollections(),
            openTransactions: store.openTransactions(),
            clock: clock.state(),
            now: clock.now().toISOString(),
            functions: ctx.invoker()?.list() ?? [],
          },
        };
      case 'POST reset':
        store.reset();
        schema.reset();
        await storage.reset();
        wx.clear();
        return { status: 200, body: { ok: true } };
      case 'POST seed':
      case 'POST import': {
        const documents = store.importData(collectionsOf(body, clock.now().getTime()), { replace: key === 'POST seed' });
        return { status: 200, body: { ok: true, documents } };
      }
      case 'GET export': {
        const data = store.exportData();
        const collections: Record<string, unknown[]> = {};
        for (const [name, docs] of Object.entries(data)) collections[name] = docs.map(encodeExport);
        const file: ExportFile = {
          format: 'shouwang-standin-export',
          version: 1,
          exportedAt: clock.now().toISOString(),
          collections,
        };
        return { status: 200, body: file };
      }
      case 'GET clock':
        return clockReply(clock);
      case 'POST clock': {
        const b = (body ?? {}) as { set?: unknown; offsetMs?: unknown; reset?: unknown };
        if (b.reset === true) clock.reset();
        else if (b.set !== undefined) clock.set(parseInstant(b.set));
        else if (b.offsetMs !== undefined) {
          const ms = Number(b.offsetMs);
          if (!Number.isFinite(ms)) throw new StandinError('INVALID_PARAM', 'offsetMs 必须是数字');
          clock.offset(ms);
        } else {
          throw new StandinError('INVALID_PARAM', '请求体须为 { set } / { offsetMs } / { reset: true }');
        }
        return clockReply(clock);
      }
      case 'GET wx-calls':
        return { status: 200, body: { calls: wx.calls() } };
      case 'DELETE wx-calls':
        wx.clear();
        return { status: 200, body: { ok: true } };
      case 'GET wx-fault':
        return { status: 200, body: { fault: wx.currentFault() ?? null } };
      case 'POST wx-fault': {
        const b = (body ?? {}) as { errcode?: unknown; count?: unknown; errmsg?: unknown };
        try {
          wx.setFault(Number(b.errcode), b.count === undefined ? 1 : Number(b.count), typeof b.errmsg === 'string' ? b.errmsg : undefined);
        } catch (err) {
          throw new StandinError('INVALID_PARAM', (err as Error).message);
        }
        return { status: 200, body: { fault: wx.currentFault() ?? null } };
      }
      case 'DELETE wx-fault':
        wx.setFault(0, 0);
        return { status: 200, body: { fault: null } };
      case 'GET database':
        return {
          status: 200,
          body: {
            collections: store.listCollections().map((c) => ({ name: c.name, indexes: schema.indexesOf(c.name), rule: schema.ruleOf(c.name) })),
            storageRules: schema.storageRules(),
          },
        };
      case 'POST database/collections': {
        const name = (body as { name?: unknown } | null)?.name;
        if (typeof name !== 'string' || name === '') throw new StandinError('INVALID_PARAM', '缺少集合名 name');
        if (!store.hasCollection(name)) store.createCollection(name);
        return { status: 200, body: { ok: true } };
      }
      case 'POST database/indexes': {
        const b = (body ?? {}) as { collection?: unknown; create?: unknown; drop?: unknown };
        if (typeof b.collection !== 'string' || !store.hasCollection(b.collection)) throw new StandinError('DATABASE_COLLECTION_NOT_EXIST', String(b.collection));
        schema.updateIndexes(b.collection, (Array.isArray(b.create) ? b.create : []) as StandinIndex[], (Array.isArray(b.drop) ? b.drop : []) as string[]);
        return { status: 200, body: { ok: true } };
      }
      case 'POST database/rule': {
        const b = (body ?? {}) as { collection?: unknown; rule?: unknown };
        if (typeof b.collection !== 'string' || !store.hasCollection(b.collection)) throw new StandinError('DATABASE_COLLECTION_NOT_EXIST', String(b.collection));
        if (b.rule === null || typeof b.rule !== 'object') throw new StandinError('INVALID_PARAM', 'rule 必须是对象');
        schema.setRule(b.collection, b.rule as StandinRule);
        return { status: 200, body: { ok: true } };
      }
      case 'POST storage-rules': {
        const rules = (body as { rules?: unknown } | null)?.rules ?? null;
        try {
          compileStorageRules(rules); // a rule the stand-in cannot read fails the deploy, not a later upload
        } catch (err) {
          throw new StandinError('INVALID_PARAM', (err as Error).message);
        }
        schema.setStorageRules(rules);
        return { status: 200, body: { ok: true } };
      }
      case 'POST database/batch': {
        // Several of the four set-up requests above in one, in order, stopping at the first
        // refusal: the deploy plan for an empty store is a few hundred steps, and the test stacks
        // apply it on every reset.
        const requests = (body as { requests?: unknown } | null)?.requests;
        if (!Array.isArray(requests)) throw new StandinError('INVALID_PARAM', '请求体须为 { requests: [{ route, body }] }');
        for (const [i, r] of requests.entries()) {
          const { route: sub, body: subBody } = (r ?? {}) as { route?: unknown; body?: unknown };
          if (typeof sub !== 'string' || !BATCHABLE.includes(sub)) throw new StandinError('INVALID_PARAM', `第 ${i + 1} 项：不能批量执行 ${String(sub)}`);
          const reply = await handleAdmin(ctx, 'POST', sub, subBody);
          if (reply.status !== 200) return { status: reply.status, body: { ...(reply.body as object), applied: i } };
        }
        return { status: 200, body: { ok: true, applied: requests.length } };
      }
      case 'GET functions':
        return { status: 200, body: { functions: ctx.invoker()?.list() ?? [] } };
      default: {
        const known = ['database', 'database/collections', 'database/indexes', 'database/rule', 'database/batch', 'storage-rules', 'status', 'reset', 'seed', 'import', 'export', 'clock', 'wx-calls', 'wx-fault', 'functions'];
        const exists = known.includes(route.replace(/\/+$/, ''));
        return {
          status: exists ? 405 : 404,
          body: { error: { code: exists ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND', message: exists ? '不支持该请求方法' : '未知的管理接口' } },
        };
      }
    }
  } catch (err) {
    if (err instanceof StandinError) return { status: 400, body: { error: { code: err.code, message: err.message } } };
    if (err instanceof RangeError) return { status: 400, body: { error: { code: 'INVALID_PARAM', message: err.message } } };
    throw err;
  }
}
