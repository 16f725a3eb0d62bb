/**
 * Census import: reading the roster once per warm instance, and its sealed stage so a cold
 * instance resumes without reading the workbook again (docs/registry.md "Import jobs").
 */
import { AppError } from '../../_shared/errors';
import { regionContains } from '../../_shared/access';
import { decryptText, encryptText } from '../../_shared/crypto';
import { type ImportJobDoc } from '../../_shared/contracts/registry';
import { childRowsOf, readRoster, type ChildRowEntry, type RosterRow, type RosterSheet } from './census';
import { loadRegions, R, type Db } from './common';
import type { ActionContext } from '../../_shared/context';
import { dbOf, downloadStoredFile, fetchAll } from '../../_shared/db';
import { phaseClock, profileLine } from './import-profile';

const SKIP_KINDS = new Set(['blank', 'total', 'footer']);
export const OUT_OF_SCOPE_MESSAGE = '该村（社区）不在您的管辖范围内，未导入';

// Reading the roster (cached per warm instance)

export interface Roster {
  entries: ChildRowEntry[];
  skipped: { sheet: string; row: number; kind: string }[];
  problems: ImportJobDoc['problems'];
  /** First accepted occurrence of each ID hash among rows [0, seenUpTo) of the job (warm-instance cache). */
  seen: Map<string, { file: string; sheet: string; row: number }>;
  seenUpTo: number;
  /**
   * Households and group coverage marks this instance inserted or updated for the job: known to
   * exist, so later batches update them directly instead of attempting an insert that fails (a
   * family split across two batches, every batch of a village touching its groups).
   */
  known: { households: Set<string>; groups: Set<string> };
}

export const rosterCache = new Map<string, Roster>();


export async function rosterOf(ctx: ActionContext, job: ImportJobDoc, downloaded?: Buffer): Promise<Roster> {
  const hit = rosterCache.get(job._id);
  if (hit) return hit;
  const clock = phaseClock();
  const staged = job.staged ? await stagedRoster(dbOf(ctx), job._id) : undefined;
  if (staged) profileLine('staged read', { rows: staged.entries.length, ms: clock.lap('staged read') });
  if (staged) return cacheRoster(job._id, staged);
  if (!job.fileID) throw new AppError('CONFLICT', '花名册文件已删除，无法继续导入');
  clock.restart();
  const bytes = downloaded ?? (await downloadStoredFile(ctx, job.fileID));
  const { index } = await loadRegions(dbOf(ctx), job.countyCode);
  const downloadAndRegionsMs = clock.lap('download');
  const read = await readRoster({ name: job.fileName, bytes: new Uint8Array(bytes) }, index);
  profileLine('read', { downloadAndRegionsMs, readMs: clock.lap('read') });
  const problems: ImportJobDoc['problems'] = read.problems.map((p) => ({ code: p.code, message: p.message, severity: p.severity }));
  const skipped: Roster['skipped'] = [];
  for (const sheet of read.sheets) {
    for (const p of sheet.problems) problems.push({ code: p.code, message: p.message, sheet: sheet.sheet, severity: p.severity });
    if (sheet.village && !regionContains(job.regionCode, sheet.village.code)) {
      problems.push({ code: 'OUT_OF_SCOPE', message: OUT_OF_SCOPE_MESSAGE, sheet: sheet.sheet, severity: 'error' });
    }
    for (const row of sheet.rows) if (SKIP_KINDS.has(row.kind)) skipped.push({ sheet: sheet.sheet, row: row.row, kind: row.kind });
  }
  return cacheRoster(job._id, newRoster(childRowsOf(read), skipped, problems));
}

function newRoster(entries: ChildRowEntry[], skipped: Roster['skipped'], problems: Roster['problems']): Roster {
  return { entries, skipped, problems, seen: new Map(), seenUpTo: -1, known: { households: new Set(), groups: new Set() } };
}

function cacheRoster(jobId: string, roster: Roster): Roster {
  if (rosterCache.size >= 2) rosterCache.delete(rosterCache.keys().next().value as string);
  rosterCache.set(jobId, roster);
  return roster;
}

// ---------------------------------------------------------------------------------------------
// The roster's stage: reading a workbook is the one step that cannot be split (1.5–3 s for
// 10,000 rows under load), so after the first read the rows are staged, sealed, and a cold
// instance resumes from the stage (tens of ms) instead of reading the file again.

/** Child rows per stage part (one document, one ciphertext each). */
export const STAGE_PART_ROWS = 1000;
/** Stage parts per insert request. */
export const STAGE_PARTS_PER_WRITE = 4;
/** Budget a call must have left to stage the roster (10,000 rows: ~400 ms under load). */
export const STAGE_RESERVE_MS = 600;

/** A stage part: part 0 holds the sheets, skipped rows and problems; parts 1… the child rows. */
interface StageDoc {
  _id: string;
  jobId: string;
  part: number;
  /** `encryptText` of the part's JSON (the rows hold plaintext ID numbers and phones). */
  sealed: string;
}

interface StageMeta {
  rows: number;
  parts: number;
  sheets: Omit<RosterSheet, 'rows'>[];
  skipped: Roster['skipped'];
  problems: Roster['problems'];
}

/** `[sheet index, row]` of each child row of a part. */
type StagePart = [number, RosterRow][];

function stageIdOf(jobId: string, part: number): string {
  return `${jobId}-stage-${String(part).padStart(4, '0')}`;
}

/** JSON that keeps dates (cell values may be `Date`s, valid or not). */
function stageJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: String(raw.getTime()) } : v;
  });
}

function parseStageJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $date?: unknown }).$date === 'string'
      ? new Date(Number((v as { $date: string }).$date))
      : v,
  ) as T;
}

function sealPart(jobId: string, part: number, value: unknown): StageDoc {
  return { _id: stageIdOf(jobId, part), jobId, part, sealed: encryptText(stageJson(value), `${R.censusImportStage}:${jobId}:${part}`) };
}

/** The stage documents of a read roster. */
export function stageDocsOf(jobId: string, roster: Roster): StageDoc[] {
  const sheetIndex = new Map<RosterSheet, number>();
  for (const e of roster.entries) if (!sheetIndex.has(e.sheet)) sheetIndex.set(e.sheet, sheetIndex.size);
  const parts = Math.ceil(roster.entries.length / STAGE_PART_ROWS);
  const meta: StageMeta = {
    rows: roster.entries.length,
    parts,
    sheets: [...sheetIndex.keys()].map(({ rows: _rows, ...sheet }) => sheet),
    skipped: roster.skipped,
    problems: roster.problems,
  };
  const docs = [sealPart(jobId, 0, meta)];
  for (let p = 0; p < parts; p++) {
    const part: StagePart = roster.entries.slice(p * STAGE_PART_ROWS, (p + 1) * STAGE_PART_ROWS).map((e) => [sheetIndex.get(e.sheet)!, e.row]);
    docs.push(sealPart(jobId, p + 1, part));
  }
  return docs;
}

/** The roster from its stage; undefined when the stage is incomplete (then the file is read). */
async function stagedRoster(db: Db, jobId: string): Promise<Roster | undefined> {
  const docs = await fetchAll<StageDoc>(db.collection(R.censusImportStage).where({ jobId }), 100_000);
  const byPart = new Map(docs.map((d) => [d.part, d]));
  const open = <T>(part: number): T | undefined => {
    const d = byPart.get(part);
    return d ? parseStageJson<T>(decryptText(d.sealed, `${R.censusImportStage}:${jobId}:${part}`)) : undefined;
  };
  const meta = open<StageMeta>(0);
  if (!meta) return undefined;
  const sheets: RosterSheet[] = meta.sheets.map((s) => ({ ...s, rows: [] }));
  const entries: ChildRowEntry[] = [];
  for (let p = 1; p <= meta.parts; p++) {
    const part = open<StagePart>(p);
    if (!part) return undefined;
    for (const [i, row] of part) entries.push({ sheet: sheets[i], row });
  }
  for (const e of entries) e.sheet.rows.push(e.row);
  return entries.length === meta.rows ? newRoster(entries, meta.skipped, meta.problems) : undefined;
}
