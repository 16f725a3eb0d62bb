/**
 * The mini-program's direct database path (what `wx.cloud.database()` reaches on CloudBase), held
 * to the collection's security rule. Shouwang's pages never use it — every read is scoped and
 * audited in the functions — so the rules close every collection, and this path exists to prove
 * that a client (a page, or someone with the appid and a debugger) is refused.
 *
 * `POST /__client/database` `{ action: 'get' | 'add' | 'update' | 'remove', collection, openid?,
 * query?, data? }` → `{ data }` or `{ code: 'DATABASE_PERMISSION_DENIED', message }`.
 * Rules are evaluated for the boolean form (`{ read: false, write: false }`); an expression rule
 * is refused too: the stand-in does not interpret them, and nothing here declares one.
 */
import { StandinError } from './errors';
import type { Schema } from './schema';
import type { Store } from './store';

type ClientBody = { action?: unknown; collection?: unknown; openid?: unknown; query?: unknown; data?: unknown };

/**
 * Runs one client-side database request if the collection's rule allows it.
 * @throws StandinError DATABASE_PERMISSION_DENIED when the rule refuses (or none is set)
 */
export function handleClientDatabase(store: Store, schema: Schema, body: ClientBody): { data: unknown } {
  const action = String(body.action ?? '');
  const collection = typeof body.collection === 'string' ? body.collection : '';
  if (!['get', 'add', 'update', 'remove'].includes(action) || collection === '') {
    throw new StandinError('INVALID_PARAM', '需要 action（get/add/update/remove）和 collection');
  }
  const rule = schema.ruleOf(collection);
  const need = action === 'get' ? 'read' : 'write';
  if (rule === null || rule[need] !== true) {
    throw new StandinError('DATABASE_PERMISSION_DENIED', `${collection}：安全规则不允许客户端${need === 'read' ? '读取' : '写入'}`);
  }
  const query = (body.query ?? {}) as Record<string, unknown>;
  switch (action) {
    case 'get':
      return { data: store.find(collection, query, { limit: 100 }) };
    case 'add':
      return { data: store.insert(collection, [{ ...(body.data as object), _openid: body.openid }]) };
    case 'update':
      return { data: store.update(collection, query, { $set: body.data }, { multi: true }) };
    default:
      return { data: store.remove(collection, query, { multi: true }) };
  }
}
