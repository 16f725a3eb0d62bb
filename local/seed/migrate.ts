import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import type { CloudApp } from '../../cloudfunctions/_shared/cloud';

/**
 * Collections that exist only locally (dev tooling, never in production):
 * `devPersonas` lists the demo people the mini-program's local mode can act as
 * (`{ key, name, openid, roles, description }`, served by the gateway's `GET /personas`).
 */
export const LOCAL_COLLECTIONS = ['devPersonas'] as const;

/** Every collection the local stack creates. */
export function allCollections(): string[] {
  return [...new Set<string>([...COLLECTIONS, ...LOCAL_COLLECTIONS])];
}

/**
 * Creates every missing collection through the SDK (`db.createCollection`), as an operator
 * would in production. Safe to run on every start: existing collections are left alone.
 * @param app node-sdk app pointed at the stand-in
 * @returns the names it created
 * @throws the SDK's error for anything other than "already exists"
 */
export async function migrate(app: CloudApp, names: readonly string[] = allCollections()): Promise<string[]> {
  const db = app.database();
  const created: string[] = [];
  for (const name of names) {
    try {
      await db.createCollection(name);
      created.push(name);
    } catch (err) {
      const code = String((err as { code?: unknown }).code ?? '');
      if (!/ALREADY_EXIST/.test(code)) throw err;
    }
  }
  return created;
}
