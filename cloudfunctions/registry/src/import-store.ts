/**
 * Census import: ids derived from the job (so a re-run writes the same documents) and the
 * idempotent batch writes every step uses (docs/registry.md "Import jobs").
 */
import { lookupHash } from '../../_shared/crypto';
import type { NormalizedCensusRow } from '../../_shared/contracts/census';

/** Campaign id of a county's census on a reference date. */
export function campaignIdOf(countyCode: string, censusDate: string): string {
  return `census-${countyCode}-${censusDate}`;
}

/** Row outcome id: deterministic from the job and the row's position. */
export function rowIdOf(jobId: string, seq: number): string {
  return `${jobId}-${String(seq).padStart(6, '0')}`;
}

/** The job a file content maps to. */
export function jobIdOf(sha256: string): string {
  return `imp_${sha256.slice(0, 32)}`;
}

/** A household id: keyed hash of the village and the family's first known identifier. */
export function householdIdOf(row: NormalizedCensusRow): string {
  const candidates: [string, string | null | undefined][] = [
    ['fid', row.fatherIdNumber],
    ['mid', row.motherIdNumber],
    ['fph', row.fatherPhone],
    ['mph', row.motherPhone],
    ['cid', row.caregiverIdNumber],
    ['cph', row.caregiverPhone],
    ['self', row.idNumber],
  ];
  const [kind, value] = candidates.find(([, v]) => !!v)!;
  return `hh_${lookupHash('household', `${row.villageCode}|${kind}:${value}`).slice(0, 24)}`;
}

export { insertMissing, inParallel, PARALLEL_WRITES } from '../../_shared/batch-writes';
