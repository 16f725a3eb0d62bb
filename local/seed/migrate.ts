import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import { deployToStandin } from '../../scripts/deploy/deploy-standin';
import { LOCAL_COLLECTIONS } from './local-collections';

export { LOCAL_COLLECTIONS };

/** Every collection the local stack creates. */
export function allCollections(): string[] {
  return [...new Set<string>([...COLLECTIONS, ...LOCAL_COLLECTIONS])];
}

/**
 * Sets up the stand-in's store from the database declaration through the deploy plan
 * (scripts/deploy/): missing collections, their indexes and security rules, the storage rules.
 * Safe on every start: a second run changes nothing.
 * @param standinUrl base URL of the running stand-in
 * @returns the names of the collections it created
 */
export async function migrate(standinUrl: string): Promise<string[]> {
  const steps = await deployToStandin(standinUrl);
  return steps.flatMap((s) => (s.kind === 'createCollection' ? [s.collection] : []));
}
