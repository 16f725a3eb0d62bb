import type { CensusRowResult, DuplicatePointer, NormalizedCensusRow } from '../../../_shared/contracts/census';
import { CENSUS_REASON_MESSAGES } from './codes';

/**
 * The same child twice (fixtures README, DUPLICATE_ID): within one import the first occurrence
 * wins; a child already registered in another village is a duplicate too. The registry lookup is
 * a parameter so this stays pure: the import job prefetches the chunk's ID numbers from the
 * database (idNumbersOf) and passes a synchronous lookup.
 */

/** What the registry holds for an ID number, if anything. */
export type ExistingLookup = (idNumber: string) => { villageCode: string; childId: string } | undefined;

/**
 * The first accepted occurrence of every ID number seen so far in an import. Plain JSON, so an
 * import job can persist it between chunks (3 s function timeout).
 */
export interface DedupeState {
  seen: Record<string, { file: string; sheet: string; row: number }>;
}

export function createDedupeState(): DedupeState {
  return { seen: {} };
}

/** The valid ID numbers of some results (to prefetch registry matches for a chunk). */
export function idNumbersOf(results: CensusRowResult[]): string[] {
  const ids = new Set<string>();
  for (const r of results) {
    const id = r.normalized?.idNumber ?? r.partial?.idNumber;
    if (id) ids.add(id);
  }
  return [...ids];
}

/**
 * Marks duplicates among results given in import order.
 * - An accepted row whose ID number an earlier accepted row of the import had becomes a reject
 *   with DUPLICATE_ID and `duplicateOf` pointing at the first (only accepted rows count as the
 *   first occurrence: a rejected row registers nothing).
 * - An accepted row whose child the registry holds in another village becomes a reject with
 *   DUPLICATE_ID and a registry pointer; in the same village it stays accepted with
 *   `existingChildId` (the import updates that child).
 * - A row rejected for other reasons gets DUPLICATE_ID added too when it repeats an ID
 *   (every failed check is reported).
 * @param results validateRow results, in import order
 * @param state carried across chunks and files of one import; updated in place
 * @param existing optional registry lookup
 * @returns new result objects (inputs are not modified)
 */
export function markDuplicates(results: CensusRowResult[], state: DedupeState, existing?: ExistingLookup): CensusRowResult[] {
  return results.map((r) => {
    const values = r.normalized ?? r.partial;
    const id = values?.idNumber;
    if (!id) return r;
    let pointer: DuplicatePointer | undefined;
    let existingChildId: string | undefined;
    const first = state.seen[id];
    if (first) {
      pointer = { kind: 'import', ...first };
    } else {
      const known = existing?.(id);
      if (known && known.villageCode !== values.villageCode) {
        pointer = { kind: 'registry', villageCode: known.villageCode, childId: known.childId };
      } else if (known) {
        existingChildId = known.childId;
      }
    }
    if (!pointer) {
      if (r.outcome === 'accept') state.seen[id] = { file: r.file, sheet: r.sheet, row: r.row };
      return existingChildId ? { ...r, existingChildId } : r;
    }
    const out: CensusRowResult = {
      ...r,
      outcome: 'reject',
      reasons: [...r.reasons, 'DUPLICATE_ID'],
      issues: [...r.issues, { code: 'DUPLICATE_ID', field: 'idNumber', message: CENSUS_REASON_MESSAGES.DUPLICATE_ID }],
      duplicateOf: pointer,
      partial: values as Partial<NormalizedCensusRow>,
    };
    delete out.normalized;
    return out;
  });
}
