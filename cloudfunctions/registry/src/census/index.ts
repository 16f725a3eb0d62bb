import type { CensusRowResult } from '../../../_shared/contracts/census';
import { markDuplicates, createDedupeState, type DedupeState, type ExistingLookup } from './dedupe';
import { readRoster, type RosterProblem, type RosterRead, type RosterRow, type RosterSheet, type RowKind } from './read';
import type { RegionIndex } from './regions';
import { validateRow } from './validate';

/**
 * The pure core of the census import: read a roster, validate and normalise its child rows,
 * mark duplicates. The import job (database, chunks, progress) is built on these calls:
 *
 *   const read = await readRoster(file, regions);            // whole file, once
 *   const entries = childRowsOf(read);                       // child rows in import order
 *   validateEntries(read.file, entries.slice(a, b), opts);   // any chunk; opts.state persists
 */

export * from './codes';
export { readRoster, placeFromFileName } from './read';
export { decodeText } from '../../../_shared/sheets/grid';
export type { RosterRead, RosterSheet, RosterRow, RosterProblem, RowKind } from './read';
export type { RosterHeader } from './header';
export { validateRow, missingOptionalFields, AGE_LIMIT } from './validate';
export type { ValidateContext } from './validate';
export { markDuplicates, createDedupeState, idNumbersOf } from './dedupe';
export type { DedupeState, ExistingLookup } from './dedupe';
export { createRegionIndex } from './regions';
export type { RegionIndex, RegionRef, RegionTown, RegionTreeInput } from './regions';

export interface CensusImportOptions {
  /** Census reference date `YYYY-MM-DD`. */
  censusDate: string;
  /** Duplicate tracking across files and chunks of one import; a new one when omitted. */
  state?: DedupeState;
  /** Registry lookup for children registered before this import. */
  existing?: ExistingLookup;
}

/** A child row with its sheet, as validateEntries takes them. */
export interface ChildRowEntry {
  sheet: RosterSheet;
  row: RosterRow;
}

/** A row that is not data and was skipped. */
export interface SkippedRow {
  file: string;
  sheet: string;
  row: number;
  kind: Exclude<RowKind, 'child'>;
}

/** What one roster file gives. */
export interface RosterOutcome {
  file: string;
  /** File-level problems, then each sheet's (with `sheet` set). */
  problems: RosterProblem[];
  /** Child rows, in sheet and row order. */
  rows: CensusRowResult[];
  skipped: SkippedRow[];
  /** Some accepted child lacks optional national-form fields: the file is incomplete until filled. */
  incomplete: boolean;
  read: RosterRead;
}

/** The child rows of a read roster, in import order (sheet order, then row order). */
export function childRowsOf(read: RosterRead): ChildRowEntry[] {
  const out: ChildRowEntry[] = [];
  for (const sheet of read.sheets) for (const row of sheet.rows) if (row.kind === 'child') out.push({ sheet, row });
  return out;
}

/**
 * Validates a chunk of child rows and marks duplicates against `options.state` (updated in place)
 * and the registry lookup.
 * @param file the roster's file name (echoed into results)
 */
export function validateEntries(file: string, entries: ChildRowEntry[], options: CensusImportOptions & { state: DedupeState }): CensusRowResult[] {
  const results = entries.map(({ sheet, row }) => validateRow(row, { file, sheet, censusDate: options.censusDate }));
  return markDuplicates(results, options.state, options.existing);
}

/**
 * Validates every child row of a read roster.
 * @returns results, skipped rows and all problems of the file
 */
export function validateRoster(read: RosterRead, options: CensusImportOptions): RosterOutcome {
  const state = options.state ?? createDedupeState();
  const rows = validateEntries(read.file, childRowsOf(read), { ...options, state });
  const skipped: SkippedRow[] = [];
  const problems = [...read.problems];
  for (const sheet of read.sheets) {
    problems.push(...sheet.problems);
    for (const row of sheet.rows) {
      if (row.kind !== 'child') skipped.push({ file: read.file, sheet: sheet.sheet, row: row.row, kind: row.kind });
    }
  }
  const incomplete = rows.some((r) => r.outcome === 'accept' && r.missingOptional.length > 0);
  return { file: read.file, problems, rows, skipped, incomplete, read };
}

/**
 * Reads and validates roster files in the given order (the first occurrence of a child wins).
 * @param files uploads, in import order
 * @param regions the county's towns and villages
 */
export async function importRosters(
  files: Array<{ name: string; bytes: Uint8Array }>,
  regions: RegionIndex,
  options: CensusImportOptions,
): Promise<RosterOutcome[]> {
  const state = options.state ?? createDedupeState();
  const out: RosterOutcome[] = [];
  for (const file of files) out.push(validateRoster(await readRoster(file, regions), { ...options, state }));
  return out;
}
