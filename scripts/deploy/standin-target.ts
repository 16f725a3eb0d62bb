/**
 * Applies a deploy plan to the stand-in through its admin API (`/__admin/database…`,
 * local/standin/admin.ts). Functions are not managed here: the stand-in's invoker serves the
 * build folder itself.
 */
import type { CurrentState, PlanStep } from './plan';

async function call(base: string, method: string, route: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}/__admin/${route}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`stand-in ${method} ${route}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

/** A deploy target backed by a running stand-in at `baseUrl` (e.g. `http://127.0.0.1:9000`). */
export function standinTarget(baseUrl: string) {
  return {
    name: `stand-in ${baseUrl}`,
    async current(): Promise<CurrentState> {
      const body = await call(baseUrl, 'GET', 'database');
      return { collections: body.collections, storageRules: body.storageRules };
    },
    async apply(step: PlanStep): Promise<void> {
      const r = request(step);
      await call(baseUrl, 'POST', r.route, r.body);
    },
    /** Applies steps in order in one request (`POST /__admin/database/batch`). */
    async applyAll(steps: PlanStep[]): Promise<void> {
      if (steps.length) await call(baseUrl, 'POST', 'database/batch', { requests: steps.map(request) });
    },
  };
}

/** The admin request that applies one step. */
function request(step: PlanStep): { route: string; body: unknown } {
  switch (step.kind) {
    case 'createCollection':
      return { route: 'database/collections', body: { name: step.collection } };
    case 'updateIndexes':
      return { route: 'database/indexes', body: { collection: step.collection, create: step.create, drop: step.drop } };
    case 'setRule':
      return { route: 'database/rule', body: { collection: step.collection, rule: step.rule } };
    case 'setStorageRules':
      return { route: 'storage-rules', body: { rules: step.rules } };
    default:
      throw new Error(`stand-in does not manage ${step.kind}`);
  }
}
