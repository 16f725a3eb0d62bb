/**
 * Census import jobs (docs/registry.md "Import jobs").
 *
 * - The roster goes to storage (`wx.cloud.uploadFile` / the gateway); `startImport` hashes the
 *   content (SHA-256): the same content returns the first job, whatever its state, and changes
 *   nothing (the second upload is deleted).
 * - Processing is **polling-driven**: the client (mini-program page or the CLI) calls
 *   `advanceImport` repeatedly; each call processes one chunk inside a time budget (~1.8 s of
 *   the 3 s timeout, the file read included) and returns progress. A lease on the job (machine
 *   clock, 5 s — longer than any invocation can live) keeps two pollers from processing the same
 *   chunk; the loser gets `busy` and polls again.
 * - The first call that reads the roster stages its rows, sealed (`censusImportStage`): a cold
 *   instance resumes from the stage instead of reading the workbook again.
 * - A chunk runs in batches, each a handful of database calls whatever its size (one read of
 *   registry matches, one batch insert per collection, one update for known households' visits,
 *   a few parallel single-document updates for re-listed children); the next batch is validated
 *   and built while the current one is written.
 * - Crash safety: every write of a batch is idempotent — row outcomes, new child files, their
 *   history and households have deterministic ids (`<jobId>-<seq>`, or ids derived from them)
 *   and are inserted only when missing; a re-listed child's file is updated only while it still
 *   differs; the job's cursor and counts move in one conditional update (`done == batch start`)
 *   after the batch's writes, so a batch re-run after a crash neither duplicates nor loses rows,
 *   and counts are added exactly once.
 * - When the job ends the roster is deleted from storage (`fileDeleted`), and its stage too.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import { audit, lookupKeyFor, regionContains, resolveActor, stableId, visibility, type ExampleWorld } from '../../_shared/access';
import { decryptText, encryptText, lookupHash } from '../../_shared/crypto';
import type { CensusRowResult, NormalizedCensusRow } from '../../_shared/contracts/census';
import { DEFAULT_CENSUS_DATE, DEFAULT_CHUNK_ROWS, registryContract, type CampaignDoc, type ChildDoc, type ChildHistoryDoc, type CoverageDoc, type HouseholdDoc, type ImportJobDoc, type ImportProgress, type ImportRowDoc } from '../../_shared/contracts/registry';
import {
  CENSUS_REASON_MESSAGES,
  childRowsOf,
  createDedupeState,
  markDuplicates,
  readRoster,
  validateRow,
  type ChildRowEntry,
  type DedupeState,
  type RosterRow,
  type RosterSheet,
} from './census';
import { defaultRegion, importTarget, levelOf, loadRegions, OFFICER_ROLES, R, requireRegion, today, type Db } from './common';
import { childFromRow, cloneDoc, diffChild, memoSealer, mergeRow } from './model';
import type { ActionContext } from '../../_shared/context';
import { dbOf, downloadStoredFile, fetchAll, getDoc } from '../../_shared/db';

const A = registryContract.actions;

/** Lease on a job while a chunk runs (machine clock: it bounds real execution time). */
export const LEASE_MS = 5000;
/** Work budget of one `advanceImport` call, well inside the 3 s function timeout. */
export const CHUNK_BUDGET_MS = 1800;
/** Rows validated and written per database round of a chunk. */
export const SUB_BATCH_ROWS = 500;
/** Cold reads of a roster that may die with their instance before the job gives up. */
export const MAX_READ_ATTEMPTS = 5;
/** `startImport` also reads the roster when it got this far within this many ms. */
export const START_READ_WITHIN_MS = 1000;
/** …and the roster is small enough (bytes) to be read well inside the timeout. */
export const START_READ_MAX_BYTES = 512 * 1024;
/** Smallest batch worth a database round. */
export const MIN_BATCH_ROWS = 50;
/** Measured cost of one row on this instance (ms), to size batches to the budget. */
let msPerRow = 1.5;
/** Largest roster accepted (bytes). */
export const MAX_ROSTER_BYTES = 3 * 1024 * 1024;
const SKIP_KINDS = new Set(['blank', 'total', 'footer']);
const OUT_OF_SCOPE_MESSAGE = '该村（社区）不在您的管辖范围内，未导入';

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

function progressOf(job: ImportJobDoc, extra: Partial<ImportProgress> = {}): ImportProgress {
  return {
    jobId: job._id,
    status: job.status,
    fileName: job.fileName,
    total: job.total,
    done: job.done,
    counts: job.counts,
    problems: job.problems,
    ...extra,
  };
}

/**
 * Inserts the documents whose `_id` is not stored yet (idempotent batch insert), 500 at a time.
 * The common case (none stored) is one batch insert; only when the all-or-none insert fails
 * (some id exists: a re-run after a crash, a concurrent job) are the stored ids looked up and
 * the rest inserted.
 * @returns the ids inserted by this call
 */
export async function insertMissing<T extends { _id: string }>(db: Db, collection: string, docs: T[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  const _ = db.command;
  for (let i = 0; i < docs.length; i += 500) {
    const batch = docs.slice(i, i + 500);
    try {
      await db.collection(collection).add(batch as never);
      for (const d of batch) inserted.add(d._id);
      continue;
    } catch {
      // Some already exist (or a transient failure): fall back to inserting only the missing ones.
    }
    const existing = await fetchAll<{ _id: string }>(db.collection(collection).where({ _id: _.in(batch.map((d) => d._id)) }).field({ _id: true }), 1000);
    const have = new Set(existing.map((d) => d._id));
    const missing = batch.filter((d) => !have.has(d._id));
    if (missing.length) {
      await db.collection(collection).add(missing as never);
      for (const d of missing) inserted.add(d._id);
    }
  }
  return inserted;
}

/** Single-document writes of one batch in flight at once (the rest queue). */
export const PARALLEL_WRITES = 8;

/** Runs `fn` over `items`, at most PARALLEL_WRITES at a time; rejects with the first failure. */
export async function inParallel<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, items.length) }, lane));
}

// ---------------------------------------------------------------------------------------------
// Reading the roster (cached per warm instance)

interface Roster {
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

const rosterCache = new Map<string, Roster>();


async function rosterOf(ctx: ActionContext, job: ImportJobDoc, downloaded?: Buffer): Promise<Roster> {
  const hit = rosterCache.get(job._id);
  if (hit) return hit;
  const ts = Date.now();
  const staged = job.staged ? await stagedRoster(dbOf(ctx), job._id) : undefined;
  if (process.env.SHOUWANG_PROFILE && staged) console.error('[import profile] staged read', JSON.stringify({ rows: staged.entries.length, ms: Date.now() - ts }));
  if (staged) return cacheRoster(job._id, staged);
  if (!job.fileID) throw new AppError('CONFLICT', '花名册文件已删除，无法继续导入');
  const t0 = Date.now();
  const bytes = downloaded ?? (await downloadStoredFile(ctx, job.fileID));
  const { index } = await loadRegions(dbOf(ctx), job.countyCode);
  const t1 = Date.now();
  const read = await readRoster({ name: job.fileName, bytes: new Uint8Array(bytes) }, index);
  if (process.env.SHOUWANG_PROFILE) console.error('[import profile] read', JSON.stringify({ downloadAndRegionsMs: t1 - t0, readMs: Date.now() - t1 }));
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
function stageDocsOf(jobId: string, roster: Roster): StageDoc[] {
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

// ---------------------------------------------------------------------------------------------
// One batch of rows

interface BatchOutcome {
  accepted: number;
  updated: number;
  rejected: number;
  warnings: number;
  /** ID hashes of the batch's accepted/updated rows (for the warm-instance duplicate cache). */
  firsts: { idHash: string; at: { file: string; sheet: string; row: number } }[];
}

/** Column names as the national form and the rosters say them, for messages villages read. */
const FIELD_LABELS: Record<string, string> = {
  name: '姓名', idNumber: '身份证号', gender: '性别', birthDate: '出生日期', ethnicity: '民族',
  hukouRegistered: '是否登记户口', hukouPlace: '户籍地', residence: '现居住地', group: '村民小组',
  health: '身体状况', disabilityCategory: '残疾类别', disabilityGrade: '残疾等级', illnessType: '患病类型',
  boarding: '是否寄宿', schooling: '就学情况', school: '学校', paternalGrandfatherName: '祖父姓名',
  paternalGrandfatherBirthDate: '祖父出生日期', paternalGrandmotherName: '祖母姓名', paternalGrandmotherBirthDate: '祖母出生日期',
  maternalGrandfatherName: '外祖父姓名', maternalGrandfatherBirthDate: '外祖父出生日期', maternalGrandmotherName: '外祖母姓名',
  maternalGrandmotherBirthDate: '外祖母出生日期', fatherName: '父亲姓名', fatherBirthDate: '父亲出生日期',
  fatherWorkPlace: '父亲务工地点', fatherPhone: '父亲电话', fatherIdNumber: '父亲身份证号', motherName: '母亲姓名',
  motherBirthDate: '母亲出生日期', motherWorkPlace: '母亲务工地点', motherPhone: '母亲电话', motherIdNumber: '母亲身份证号',
  parentsBothAway: '父母均外出', oneAwayOtherIncapable: '一方外出另一方无监护能力', incapableParent: '无监护能力的一方',
  hasEntrustedGuardian: '是否有受委托监护人', caregiverName: '受委托监护人姓名', caregiverPhone: '受委托监护人电话',
  caregiverIdNumber: '受委托监护人身份证号', caregiverRelation: '与儿童关系', caregiverAddress: '受委托监护人住址',
  guardianshipType: '监护类型', familyIncome: '家庭经济来源', assistance: '享受救助情况', remarks: '备注',
};

function messagesOf(r: CensusRowResult): string[] {
  // The column in Chinese (never the code's key): these lines go into the error report villages get.
  return r.issues.map((i) => (i.field && FIELD_LABELS[i.field] ? `${i.message}（${FIELD_LABELS[i.field]}）` : i.message));
}

/** Registry entries by ID hash, per county, cached on a warm instance (see `registryMatches`). */
interface RegistryEntry {
  _id: string;
  villageCode: string;
  h: string;
  source?: ChildDoc['source'];
}
const registryCache = new Map<string, { loadedAtMs: number; loadedAt: Date; byHash: Map<string, RegistryEntry[]> }>();
/** How long a warm instance trusts its registry snapshot before reloading it (machine time). */
const REGISTRY_CACHE_MS = 60_000;

function addEntry(map: Map<string, RegistryEntry[]>, e: RegistryEntry): void {
  const list = map.get(e.h) ?? [];
  if (!list.some((x) => x._id === e._id)) list.push(e);
  map.set(e.h, list);
}

/**
 * Child files whose ID hash is one of `hashes`: from a per-instance snapshot of the county's
 * registry (one paged read per minute) plus a query for files written since the snapshot by
 * others (other jobs, officers), so the registry is never missed and the per-batch query stays
 * small. Files of job `jobId` itself are left out of that query: every one of them comes from an
 * accepted row of an earlier batch, which the job's own duplicate state (`Roster.seen`) matches
 * first, so they never decide an outcome (barring an officer editing such a file's ID number
 * while the job runs) — and the test on `source.importId` comes before the
 * `idNumber.h in […]` test, which the database would otherwise run on every file the job wrote.
 */
async function registryMatches(db: Db, countyCode: string, jobId: string, hashes: string[], now: Date): Promise<RegistryEntry[]> {
  const _ = db.command;
  let snap = registryCache.get(countyCode);
  if (!snap || Date.now() - snap.loadedAtMs > REGISTRY_CACHE_MS) {
    const loadedAt = now;
    const rows = await fetchAll<Pick<ChildDoc, '_id' | 'villageCode' | 'source' | 'idNumber'>>(
      db.collection(R.children).where({ villageCode: db.RegExp({ regexp: `^${countyCode}`, options: '' }), 'idNumber.h': _.exists(true) }).field({ _id: true, villageCode: true, source: true, 'idNumber.h': true }),
      1_000_000,
    );
    const byHash = new Map<string, RegistryEntry[]>();
    for (const r of rows) if (r.idNumber?.h) addEntry(byHash, { _id: r._id, villageCode: r.villageCode, h: r.idNumber.h, source: r.source });
    snap = { loadedAtMs: Date.now(), loadedAt, byHash };
    registryCache.set(countyCode, snap);
  }
  const recent = await fetchAll<Pick<ChildDoc, '_id' | 'villageCode' | 'source' | 'idNumber'>>(
    db.collection(R.children).where({ updatedAt: _.gte(snap.loadedAt), 'source.importId': _.neq(jobId), 'idNumber.h': _.in(hashes) }).field({ _id: true, villageCode: true, source: true, 'idNumber.h': true }),
    5000,
  );
  const out = new Map<string, RegistryEntry>();
  for (const h of hashes) for (const e of snap.byHash.get(h) ?? []) out.set(e._id, e);
  for (const r of recent) if (r.idNumber?.h) out.set(r._id, { _id: r._id, villageCode: r.villageCode, h: r.idNumber.h, source: r.source });
  return [...out.values()];
}

/** Adds files this instance just created to its registry snapshot. */
function rememberChildren(countyCode: string, children: ChildDoc[]): void {
  const snap = registryCache.get(countyCode);
  if (!snap) return;
  for (const c of children) if (c.idNumber?.h) addEntry(snap.byHash, { _id: c._id, villageCode: c.villageCode, h: c.idNumber.h, source: c.source });
}

/** A batch validated and built, its writes not done yet. */
interface PreparedBatch {
  start: number;
  end: number;
  outcome: BatchOutcome;
  /** Writes the batch's effects (idempotent; safe to run again after a crash). */
  write: () => Promise<void>;
}

/**
 * Validates rows [start, end) of the job's child rows, resolves duplicates (earlier rows of the
 * job per `roster.seen`, which must cover rows [0, start) — or `seenUpTo` must differ from
 * `start` so it is rebuilt — then the registry) and builds every document the batch writes.
 * Reads only; the returned `write` writes them idempotently. Safe to run again for the same
 * range after a crash (same ids, inserts only what is missing).
 */
async function prepareBatch(ctx: ActionContext, job: ImportJobDoc, roster: Roster, start: number, end: number): Promise<PreparedBatch> {
  const db = dbOf(ctx);
  const _ = db.command;
  const now = ctx.now();
  const entries = roster.entries.slice(start, end);
  const prof: [string, number][] = [];
  let pt = Date.now();
  const mark = (l: string) => {
    prof.push([l, Date.now() - pt]);
    pt = Date.now();
  };

  // 1. Validate (rows of sheets outside the job's region are not validated: OUT_OF_SCOPE).
  const validated: (CensusRowResult | undefined)[] = entries.map(({ sheet, row }) =>
    sheet.village && !regionContains(job.regionCode, sheet.village.code) ? undefined : validateRow(row, { file: job.fileName, sheet, censusDate: job.censusDate, today: today(ctx) }),
  );
  const inScope = validated.filter((r): r is CensusRowResult => !!r);
  mark('validate');

  // 2. Duplicates: earlier rows of this job, then the registry (no plaintext leaves this call).
  const idByHash = new Map<string, string>();
  for (const r of inScope) {
    const id = r.normalized?.idNumber ?? r.partial?.idNumber;
    if (id) idByHash.set(lookupKeyFor('child.idNumber', id), id);
  }
  const hashes = [...idByHash.keys()];
  const state: DedupeState = createDedupeState();
  const existingByHash = new Map<string, { villageCode: string; childId: string }>();
  if (hashes.length) {
    if (roster.seenUpTo !== start) {
      // A cold instance (or a re-run): rebuild from the stored outcomes of the rows before this batch.
      roster.seen.clear();
      const earlier = await fetchAll<ImportRowDoc>(
        db.collection(R.censusImportRows).where({ jobId: job._id, seq: _.lt(start), outcome: _.in(['accepted', 'updated']) }).field({ idHash: true, seq: true, file: true, sheet: true, row: true }),
        1_000_000,
      );
      earlier.sort((a, b) => a.seq - b.seq);
      for (const e of earlier) if (e.idHash && !roster.seen.has(e.idHash)) roster.seen.set(e.idHash, { file: e.file, sheet: e.sheet, row: e.row });
      roster.seenUpTo = start;
    }
    for (const [h, id] of idByHash) {
      const first = roster.seen.get(h);
      if (first) state.seen[id] = first;
    }
    const known = await registryMatches(db, job.countyCode, job._id, hashes, now);
    for (const k of known) {
      const s = k.source;
      // A file this very batch created in an interrupted run is not "already registered".
      if (s && s.kind === 'import' && s.importId === job._id && s.seq >= start) continue;
      existingByHash.set(k.h, { villageCode: k.villageCode, childId: k._id });
    }
  }
  mark('dedupe-queries');
  const lookup = (id: string) => existingByHash.get(lookupKeyFor('child.idNumber', id));
  const marked = markDuplicates(inScope, state, lookup);
  const results: (CensusRowResult | undefined)[] = [];
  let mi = 0;
  for (const v of validated) results.push(v ? marked[mi++] : undefined);

  // 3. Effects.
  const rows: ImportRowDoc[] = [];
  const newChildren: ChildDoc[] = [];
  const households = new Map<string, HouseholdDoc>();
  const updates: { seq: number; childId: string; row: NormalizedCensusRow; rowDocIndex: number }[] = [];
  const touched: { villageCode: string; townshipCode: string; group?: string; householdId: string }[] = [];
  const out: BatchOutcome = { accepted: 0, updated: 0, rejected: 0, warnings: 0, firsts: [] };
  const sealer = memoSealer();
  // Coverage of a household in this campaign lives on the household ("户不漏人").
  const visit = { visited: true, at: now, source: 'import' as const, ...(ctx.actor?.personId ? { by: ctx.actor.personId } : {}) };
  const by = { personId: ctx.actor?.personId, role: ctx.grant?.role ?? 'system', kind: 'import' as const };

  results.forEach((r, i) => {
    const seq = start + i;
    const { sheet, row } = entries[i];
    const base = { _id: rowIdOf(job._id, seq), jobId: job._id, seq, file: job.fileName, sheet: sheet.sheet, row: row.row, kind: 'child' };
    if (!r) {
      rows.push({ ...base, outcome: 'rejected', reasons: ['OUT_OF_SCOPE'], warnings: [], messages: [OUT_OF_SCOPE_MESSAGE], villageCode: sheet.village?.code });
      out.rejected++;
      return;
    }
    const id = r.normalized?.idNumber ?? r.partial?.idNumber;
    const common = {
      ...base,
      warnings: r.warnings,
      messages: messagesOf(r),
      ...(id ? { idHash: lookupKeyFor('child.idNumber', id) } : {}),
      ...(r.normalized?.name ?? r.partial?.name ? { name: (r.normalized?.name ?? r.partial?.name) as string } : {}),
      ...(r.normalized?.villageCode ?? r.partial?.villageCode ? { villageCode: (r.normalized?.villageCode ?? r.partial?.villageCode) as string } : {}),
    };
    if (r.outcome === 'reject' || !r.normalized) {
      rows.push({ ...common, outcome: 'rejected', reasons: r.reasons, ...(r.duplicateOf ? { duplicateOf: r.duplicateOf } : {}) });
      out.rejected++;
      return;
    }
    if (r.warnings.length) out.warnings++;
    const n = r.normalized;
    if (r.existingChildId) {
      updates.push({ seq, childId: r.existingChildId, row: n, rowDocIndex: rows.length });
      rows.push({ ...common, outcome: 'updated', reasons: [], childId: r.existingChildId });
      out.updated++;
      return;
    }
    const childId = stableId('c', job._id, String(seq));
    const householdId = householdIdOf(n);
    const child = childFromRow(n, { childId, householdId, countyCode: job.countyCode, source: { kind: 'import', importId: job._id, seq } }, now, sealer);
    newChildren.push(child);
    if (!households.has(householdId)) {
      households.set(householdId, {
        _id: householdId,
        countyCode: job.countyCode,
        townshipCode: n.townshipCode,
        villageCode: n.villageCode,
        ...(n.group ? { group: n.group } : {}),
        childIds: [],
        createdAt: now,
        visits: { [job.campaignId]: visit },
      });
    }
    households.get(householdId)!.childIds.push(childId);
    touched.push({ villageCode: n.villageCode, townshipCode: n.townshipCode, group: n.group, householdId });
    rows.push({ ...common, outcome: 'accepted', reasons: [], childId });
    out.accepted++;
  });

  mark('build');
  const hhVisit = { [`visits.${job.campaignId}`]: _.set(visit as never) };
  // Households: new ones in one batch insert; ones known to exist (a family split across
  // batches, a re-listed family) get the children and this campaign's visit.
  const writeHouseholds = async () => {
    if (!households.size) return;
    const list = [...households.values()];
    const known = roster.known.households;
    const inserted = await insertMissing(
      db,
      R.households,
      list.filter((h) => !known.has(h._id)),
    );
    await inParallel(
      list.filter((h) => !inserted.has(h._id)),
      (h) => db.collection(R.households).doc(h._id).update({ childIds: _.addToSet({ $each: h.childIds } as never), ...hhVisit }),
    );
    for (const h of list) known.add(h._id);
  };
  // Updates of files registered before (same village): history first (one batch), then the
  // files, then the visits of their households (one update). Row outcomes (which carry each
  // update's number of changes) and coverage go alongside.
  const writeUpdatesRowsAndCoverage = async () => {
    const history: ChildHistoryDoc[] = [];
    const fileUpdates: { childId: string; data: Record<string, unknown> }[] = [];
    const visited = new Set<string>();
    if (updates.length) {
      const current = await fetchAll<ChildDoc>(db.collection(R.children).where({ _id: _.in(updates.map((u) => u.childId)) }), 1000);
      const byId = new Map(current.map((c) => [c._id, c]));
      const histIds = updates.map((u) => rowIdOf(job._id, u.seq));
      const priorHist = new Map(
        (await fetchAll<ChildHistoryDoc>(db.collection(R.childHistory).where({ _id: _.in(histIds) }), 1000)).map((h) => [h._id, h]),
      );
      for (const u of updates) {
        const before = byId.get(u.childId);
        if (!before) continue;
        const after = mergeRow(cloneDoc(before), u.row, now);
        const histId = rowIdOf(job._id, u.seq);
        // On a re-run after a crash the history entry may exist already (its changes are the
        // row's), and the file may be updated already: it is updated only while it differs.
        const pending = diffChild(before, after);
        const changes = priorHist.get(histId)?.changes ?? pending;
        if (!priorHist.has(histId) && changes.length) {
          history.push({
            _id: histId,
            childId: u.childId,
            villageCode: before.villageCode,
            at: now,
            op: 'update',
            by,
            reason: `摸底排查导入更新：${job.fileName}`,
            changes,
            importId: job._id,
          });
        }
        rows[u.rowDocIndex].changes = changes.length;
        if (pending.length) fileUpdates.push({ childId: u.childId, data: updateOf(before, after, _) });
        if (before.householdId) visited.add(before.householdId);
        touched.push({ villageCode: before.villageCode, townshipCode: before.townshipCode, group: after.group, householdId: before.householdId ?? u.childId });
      }
    }
    const writeUpdates = async () => {
      await insertMissing(db, R.childHistory, history);
      await inParallel(fileUpdates, (f) => db.collection(R.children).doc(f.childId).update(f.data));
      if (visited.size) await db.collection(R.households).where({ _id: _.in([...visited]) }).update(hhVisit);
    };
    await Promise.all([
      writeUpdates(),
      insertMissing(db, R.censusImportRows, rows),
      // Coverage: the households and groups these rows come from were visited in this campaign.
      touched.length ? markVisited(db, job, roster.known.groups, touched, now, ctx.actor?.personId) : undefined,
    ]);
  };
  for (const r of rows) if ((r.outcome === 'accepted' || r.outcome === 'updated') && r.idHash) out.firsts.push({ idHash: r.idHash, at: { file: r.file, sheet: r.sheet, row: r.row } });
  // Independent collections in parallel, all idempotent.
  const write = async () => {
    pt = Date.now();
    await Promise.all([writeHouseholds(), insertMissing(db, R.children, newChildren).then(() => rememberChildren(job.countyCode, newChildren)), writeUpdatesRowsAndCoverage()]);
    mark('write');
    if (process.env.SHOUWANG_PROFILE) console.error('[import profile]', start, end, JSON.stringify(prof));
  };
  return { start, end, outcome: out, write };
}

/** An update that turns `before` into `after` (top-level fields; removed fields unset). */
function updateOf(before: ChildDoc, after: ChildDoc, _: Db['command']): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const k of keys) {
    if (k === '_id') continue;
    const a = (before as unknown as Record<string, unknown>)[k];
    const b = (after as unknown as Record<string, unknown>)[k];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (b === undefined) data[k] = _.remove();
    else if (b !== null && typeof b === 'object' && !(b instanceof Date)) data[k] = _.set(b as never);
    else data[k] = b;
  }
  return data;
}

async function ensureCampaign(db: Db, countyCode: string, censusDate: string, now: Date): Promise<string> {
  const id = campaignIdOf(countyCode, censusDate);
  const have = await getDoc<CampaignDoc>(db, R.censusCampaigns, id);
  if (!have) {
    await insertMissing(db, R.censusCampaigns, [{ _id: id, countyCode, censusDate, name: `${censusDate} 摸底排查`, createdAt: now } satisfies CampaignDoc]);
  }
  return id;
}

/** Coverage mark id of a villager group (households carry their own `visits`). */
export function groupCoverageId(campaignId: string, villageCode: string, group: string): string {
  return stableId('cg', campaignId, villageCode, group);
}

/**
 * Marks the villager groups of `touched` visited in the job's campaign: marks not known to exist
 * are inserted (one batch), the others set visited unless they already are (one update).
 * @param known ids of marks known to exist (this instance wrote them for the job); updated
 */
async function markVisited(
  db: Db,
  job: ImportJobDoc,
  known: Set<string>,
  touched: { villageCode: string; townshipCode: string; group?: string; householdId: string }[],
  now: Date,
  personId?: string,
): Promise<void> {
  const _ = db.command;
  const docs = new Map<string, CoverageDoc>();
  for (const t of touched) {
    if (!t.group) continue;
    const gid = groupCoverageId(job.campaignId, t.villageCode, t.group);
    docs.set(gid, {
      _id: gid,
      campaignId: job.campaignId,
      countyCode: job.countyCode,
      townshipCode: t.townshipCode,
      villageCode: t.villageCode,
      kind: 'group',
      group: t.group,
      visited: true,
      visitedAt: now,
      source: 'import',
      ...(personId ? { by: personId } : {}),
    });
  }
  const list = [...docs.values()];
  const inserted = await insertMissing(
    db,
    R.censusCoverage,
    list.filter((d) => !known.has(d._id)),
  );
  const others = list.filter((d) => !inserted.has(d._id)).map((d) => d._id);
  if (others.length) await db.collection(R.censusCoverage).where({ visited: false, _id: _.in(others) }).update({ visited: true, visitedAt: now, source: 'import' });
  for (const d of list) known.add(d._id);
}

// ---------------------------------------------------------------------------------------------
// The chunk runner

async function finishJob(ctx: ActionContext, job: ImportJobDoc): Promise<ImportJobDoc> {
  const db = dbOf(ctx);
  const _ = db.command;
  const res = await db.collection(R.censusImports).where({ _id: job._id, status: 'running' }).update({ status: 'done', finishedAt: ctx.now(), leaseUntilMs: 0 });
  rosterCache.delete(job._id);
  if ((res as { updated?: number }).updated === 1) {
    await audit(ctx, {
      op: 'write',
      target: { kind: 'censusImport', id: job._id },
      regionCode: job.regionCode,
      count: job.counts.accepted + job.counts.updated,
      refs: { importId: job._id },
    });
  }
  const fresh = (await getDoc<ImportJobDoc>(db, R.censusImports, job._id))!;
  if (!fresh.fileDeleted && fresh.fileID) {
    // The roster holds plaintext ID numbers and phones: it leaves storage when the job ends, and
    // so does its (sealed) stage.
    await db.collection(R.censusImportStage).where({ jobId: job._id }).remove();
    await ctx.app.deleteFile({ fileList: [fresh.fileID] }).catch(() => undefined);
    await db.collection(R.censusImports).doc(job._id).update({ fileDeleted: true, fileID: _.remove() });
    return { ...fresh, fileDeleted: true, fileID: undefined };
  }
  return fresh;
}

/**
 * Processes one chunk of a job, under its lease and time budget.
 * @returns progress after the chunk; `busy` when another caller holds the lease
 */
export async function runChunk(ctx: ActionContext, jobId: string, budgetMs = CHUNK_BUDGET_MS): Promise<ImportProgress> {
  const started = Date.now();
  const db = dbOf(ctx);
  const _ = db.command;
  let job = await getDoc<ImportJobDoc>(db, R.censusImports, jobId);
  if (!job) throw new AppError('NOT_FOUND');
  if (job.status === 'done') return progressOf(job.fileDeleted ? job : await finishJob(ctx, job));
  const leaseId = randomBytes(8).toString('hex');
  const claim = await db
    .collection(R.censusImports)
    .where({ _id: jobId, status: 'running', leaseUntilMs: _.lt(Date.now()) })
    .update({ leaseUntilMs: Date.now() + LEASE_MS, leaseId });
  if ((claim as { updated?: number }).updated !== 1) {
    return progressOf(job, { busy: true, retryAfterMs: Math.max(200, Math.min(LEASE_MS, job.leaseUntilMs - Date.now())) });
  }
  try {
    const warm = rosterCache.has(jobId);
    if (!warm && !job.staged) {
      // Reading a roster is the one step that cannot be split; if it keeps dying with the
      // instance (timeout), give up with a clear problem instead of retrying forever.
      if ((job.readAttempts ?? 0) >= MAX_READ_ATTEMPTS) {
        const problem = { code: 'FILE_TOO_LARGE', message: '花名册过大或服务繁忙，多次未能在时限内读取；请按村（社区）拆分后重新导入', severity: 'error' };
        await db.collection(R.censusImports).where({ _id: jobId, leaseId }).update({ total: job.done, problems: _.push([problem] as never) });
        job = await finishJob(ctx, { ...job, total: job.done, problems: [...job.problems, problem] });
        return progressOf(job);
      }
      await db.collection(R.censusImports).where({ _id: jobId, leaseId }).update({ readAttempts: _.inc(1) });
    }
    const roster = await rosterOf(ctx, job);
    if (!job.staged) {
      // Stage the rows (sealed) so that no later call has to read the workbook again: now when
      // the roster was at hand already (warm) or the read left time for it; else in the next
      // call — on this warm instance, or a cold one that had to read the file again (which then
      // stages whatever the time, and a death there counts as a failed read).
      const reread = !warm && !!job.rosterRead;
      if (warm || reread || Date.now() - started < budgetMs - STAGE_RESERVE_MS) {
        const t0 = Date.now();
        const parts = stageDocsOf(jobId, roster);
        // A few parts (~200 KB each) per request, to stay well inside request size limits.
        for (let i = 0; i < parts.length; i += STAGE_PARTS_PER_WRITE) await insertMissing(db, R.censusImportStage, parts.slice(i, i + STAGE_PARTS_PER_WRITE));
        await db.collection(R.censusImports).where({ _id: jobId, leaseId }).update({ readAttempts: 0, rosterRead: true, staged: true });
        job = { ...job, staged: true, rosterRead: true };
        if (process.env.SHOUWANG_PROFILE) console.error('[import profile] stage', JSON.stringify({ rows: roster.entries.length, ms: Date.now() - t0 }));
      } else {
        await db.collection(R.censusImports).where({ _id: jobId, leaseId }).update({ readAttempts: 0, rosterRead: true });
        job = { ...job, rosterRead: true };
      }
    }
    if (job.total === undefined) {
      const total = roster.entries.length;
      await insertMissing(
        db,
        R.censusImportRows,
        roster.skipped.map((s, i) => ({
          _id: rowIdOf(jobId, total + i),
          jobId,
          seq: total + i,
          file: job!.fileName,
          sheet: s.sheet,
          row: s.row,
          kind: s.kind,
          outcome: 'skipped',
          reasons: [],
          warnings: [],
          messages: [],
        })),
      );
      await db.collection(R.censusImports).where({ _id: jobId, leaseId }).update({ total, problems: roster.problems, 'counts.skipped': roster.skipped.length });
      job = { ...job, total, problems: roster.problems, counts: { ...job.counts, skipped: roster.skipped.length } };
    }
    const total = job.total!;
    let cursor = job.done;
    const firstCursor = cursor;
    const chunkEnd = Math.min(total, cursor + job.chunkRows);
    // The end of the batch starting at `from` that still fits the budget (per-row cost measured
    // on this instance; `ahead` rows are still being written), or undefined.
    const batchEnd = (from: number, ahead: number): number | undefined => {
      if (from >= chunkEnd) return undefined;
      const left = budgetMs - (Date.now() - started) - ahead * msPerRow;
      const fit = Math.floor(left / msPerRow);
      if (fit < MIN_BATCH_ROWS && !(from === firstCursor && warm)) return undefined;
      return Math.min(chunkEnd, from + Math.max(MIN_BATCH_ROWS, Math.min(SUB_BATCH_ROWS, fit)));
    };
    // Pipelined: while a batch is written, the next one is validated and built (reads only).
    // Writes stay in order, one batch at a time, each followed by its cursor move.
    const firstEnd = batchEnd(cursor, 0);
    let pending = firstEnd === undefined ? undefined : prepareBatch(ctx, job, roster, cursor, firstEnd);
    let lastMoveAt = Date.now();
    while (pending) {
      const b = await pending;
      pending = undefined;
      // This batch's first occurrences are final: the next batch is prepared against them.
      for (const r of b.outcome.firsts) if (!roster.seen.has(r.idHash)) roster.seen.set(r.idHash, r.at);
      roster.seenUpTo = b.end;
      const nextEnd = batchEnd(b.end, b.end - b.start);
      const next = nextEnd === undefined ? undefined : prepareBatch(ctx, job, roster, b.end, nextEnd);
      // (Awaited below when used; a failure of an unused preparation is of no consequence.)
      next?.catch(() => undefined);
      let moved = false;
      try {
        await b.write();
        const o = b.outcome;
        const res = await db
          .collection(R.censusImports)
          .where({ _id: jobId, done: cursor, leaseId })
          .update({
            done: b.end,
            chunks: _.inc(1),
            'counts.accepted': _.inc(o.accepted),
            'counts.updated': _.inc(o.updated),
            'counts.rejected': _.inc(o.rejected),
            'counts.warnings': _.inc(o.warnings),
          });
        moved = (res as { updated?: number }).updated === 1;
      } finally {
        // Not committed by this call: the duplicate cache holds rows it must not; rebuild it.
        if (!moved) roster.seenUpTo = -1;
      }
      if (!moved) break;
      msPerRow = 0.5 * msPerRow + 0.5 * Math.max(0.05, (Date.now() - lastMoveAt) / (b.end - b.start));
      lastMoveAt = Date.now();
      const o = b.outcome;
      job.counts = {
        ...job.counts,
        accepted: job.counts.accepted + o.accepted,
        updated: job.counts.updated + o.updated,
        rejected: job.counts.rejected + o.rejected,
        warnings: job.counts.warnings + o.warnings,
      };
      cursor = b.end;
      job.done = b.end;
      pending = next;
    }
    if (cursor >= total) job = await finishJob(ctx, job);
  } finally {
    await db.collection(R.censusImports).where({ _id: jobId, leaseId }).update({ leaseUntilMs: 0 });
  }
  const fresh = (await getDoc<ImportJobDoc>(db, R.censusImports, jobId))!;
  return progressOf(fresh);
}

// ---------------------------------------------------------------------------------------------
// Actions

function exampleRegionFor(role: string, side: { countyCode: string; townshipCode: string; villageCode: string }): string {
  if (role === 'countyAdmin') return side.countyCode;
  if (role === 'townshipStaff') return side.townshipCode;
  return side.villageCode;
}

/** A finished job in the example side's region (for the access matrix). */
async function exampleJob(w: ExampleWorld): Promise<{ jobId: string }> {
  const regionCode = exampleRegionFor(w.role, w.side);
  const jobId = await w.insert(R.censusImports, {
    _id: `imp_example_${w.unique()}`,
    sha256: w.unique(),
    fileName: '示例花名册.xlsx',
    regionCode,
    countyCode: w.side.countyCode,
    censusDate: DEFAULT_CENSUS_DATE,
    campaignId: campaignIdOf(w.side.countyCode, DEFAULT_CENSUS_DATE),
    status: 'done',
    total: 1,
    done: 1,
    chunkRows: DEFAULT_CHUNK_ROWS,
    counts: { accepted: 0, updated: 0, rejected: 1, warnings: 0, skipped: 0 },
    problems: [],
    leaseUntilMs: 0,
    chunks: 1,
    fileDeleted: true,
    createdAt: w.now,
  });
  await w.insert(R.censusImportRows, {
    _id: rowIdOf(jobId, 0),
    jobId,
    seq: 0,
    file: '示例花名册.xlsx',
    sheet: '示例村',
    row: 5,
    kind: 'child',
    outcome: 'rejected',
    reasons: ['REQUIRED_MISSING'],
    warnings: [],
    messages: [CENSUS_REASON_MESSAGES.REQUIRED_MISSING],
  });
  return { jobId };
}

export const startImport = action(A.startImport, {
  access: { roles: OFFICER_ROLES, dataScope: 'handler' },
  example: (w) => ({ fileID: `cloud://example.bucket/census/${w.unique()}.xlsx`, fileName: '341721-尧渡镇-留守儿童花名册.xlsx', regionCode: exampleRegionFor(w.role, w.side) }),
  handler: async (input, ctx): Promise<ImportProgress> => {
    const started = Date.now();
    const actor = await resolveActor(ctx);
    const regionCode = input.regionCode ?? defaultRegion(actor, OFFICER_ROLES);
    if (!regionCode) throw new AppError('FORBIDDEN');
    levelOf(regionCode);
    requireRegion(actor, OFFICER_ROLES, regionCode);
    const db = dbOf(ctx);
    const bytes = await downloadStoredFile(ctx, input.fileID);
    if (bytes.length > MAX_ROSTER_BYTES) {
      await ctx.app.deleteFile({ fileList: [input.fileID] }).catch(() => undefined);
      throw new AppError('VALIDATION_FAILED', `fileID：文件过大（超过 ${MAX_ROSTER_BYTES / 1024 / 1024} MB），请按乡镇拆分后导入`);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const jobId = jobIdOf(sha256);
    const existing = await getDoc<ImportJobDoc>(db, R.censusImports, jobId);
    if (existing) {
      if (existing.fileID !== input.fileID) await ctx.app.deleteFile({ fileList: [input.fileID] }).catch(() => undefined);
      if (!regionCodesReach(actor, existing.regionCode)) throw new AppError('CONFLICT', '该文件已由其他单位导入');
      return progressOf(existing, { reused: true });
    }
    const countyCode = regionCode.slice(0, 6);
    const now = ctx.now();
    const campaignId = await ensureCampaign(db, countyCode, input.censusDate, now);
    const job: ImportJobDoc = {
      _id: jobId,
      sha256,
      fileID: input.fileID,
      fileName: input.fileName.split(/[\\/]/).pop()!,
      regionCode,
      countyCode,
      censusDate: input.censusDate,
      campaignId,
      status: 'running',
      done: 0,
      chunkRows: input.chunkRows,
      counts: { accepted: 0, updated: 0, rejected: 0, warnings: 0, skipped: 0 },
      problems: [],
      leaseUntilMs: 0,
      chunks: 0,
      createdBy: actor.personId,
      role: ctx.grant?.role,
      createdAt: now,
    };
    const inserted = await insertMissing(db, R.censusImports, [job]).catch(() => new Set<string>());
    if (!inserted.size) {
      const raced = await getDoc<ImportJobDoc>(db, R.censusImports, jobId);
      if (raced) return progressOf(raced, { reused: true });
    }
    await audit(ctx, { op: 'write', target: { kind: 'censusImport', id: jobId }, regionCode, refs: { importId: jobId } });
    // Read the roster now, on this instance, while its bytes are at hand: the first
    // advanceImport (usually served by this warm instance) then starts with the rows. If this
    // read dies with the instance, the job is stored already and advanceImport reads it.
    if (Date.now() - started < START_READ_WITHIN_MS && bytes.length <= START_READ_MAX_BYTES) await rosterOf(ctx, job, bytes).catch(() => undefined);
    return progressOf(job);
  },
});

function regionCodesReach(actor: { bindings: { role: string; scope: { kind: string; codes?: string[] } }[] }, regionCode: string): boolean {
  return actor.bindings.some(
    (b) => (OFFICER_ROLES as readonly string[]).includes(b.role) && b.scope.kind === 'region' && (b.scope.codes ?? []).some((c) => regionContains(c, regionCode)),
  );
}

export const advanceImport = action(A.advanceImport, {
  access: { roles: OFFICER_ROLES, target: importTarget((i: { jobId: string }) => i.jobId), audit: false, breakGlass: false },
  example: exampleJob,
  handler: async (input, ctx) => runChunk(ctx, input.jobId),
});

export const importStatus = action(A.importStatus, {
  access: { roles: OFFICER_ROLES, target: importTarget((i: { jobId: string }) => i.jobId), audit: false, breakGlass: false },
  example: exampleJob,
  handler: async (_input, ctx) => progressOf(ctx.grant!.target!.doc as ImportJobDoc),
});

export const importRows = action(A.importRows, {
  access: { roles: OFFICER_ROLES, target: importTarget((i: { jobId: string }) => i.jobId), audit: 'read', breakGlass: false },
  example: exampleJob,
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const where: Record<string, unknown> = { jobId: input.jobId };
    if (input.outcome) where.outcome = input.outcome;
    const res = await db.collection(R.censusImportRows).where(where).orderBy('seq', 'asc').skip(input.skip).limit(input.limit).get();
    const role = ctx.grant!.role;
    const showName = visibility('child.name', role) === 'full';
    const rows = ((res.data ?? []) as ImportRowDoc[]).map((r) => {
      const { idHash: _h, _id, ...rest } = r;
      void _h;
      return { ...rest, id: _id, name: showName ? r.name : undefined };
    });
    return { rows, hasMore: rows.length === input.limit };
  },
});

export const importErrorReport = action(A.importErrorReport, {
  access: { roles: OFFICER_ROLES, target: importTarget((i: { jobId: string }) => i.jobId), audit: 'export', breakGlass: false },
  example: exampleJob,
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const job = ctx.grant!.target!.doc as ImportJobDoc;
    const rows = await fetchAll<ImportRowDoc>(db.collection(R.censusImportRows).where({ jobId: input.jobId, outcome: 'rejected' }), 100_000);
    rows.sort((a, b) => a.seq - b.seq);
    const bytes = await errorReportXlsx(job, rows);
    ctx.auditExtra = { count: rows.length };
    return { fileName: `导入错误报告-${job.fileName.replace(/\.[^.]+$/, '')}.xlsx`, rows: rows.length, base64: bytes.toString('base64') };
  },
});

/** The error report workbook: one line per rejected row, reasons in Chinese; sheet problems below. */
export async function errorReportXlsx(job: ImportJobDoc, rows: ImportRowDoc[]): Promise<Buffer> {
  // exceljs loads lazily: it is only needed here and when reading rosters.
  const mod = (await import('exceljs')) as typeof import('exceljs') & { default?: typeof import('exceljs') };
  const ExcelJS = mod.default ?? mod;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('被拒绝的行');
  ws.columns = [
    { header: '文件', key: 'file', width: 36 },
    { header: '工作表', key: 'sheet', width: 16 },
    { header: '行号', key: 'row', width: 8 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '原因', key: 'reason', width: 80 },
  ];
  for (const r of rows) ws.addRow({ file: r.file, sheet: r.sheet, row: r.row, name: r.name ?? '', reason: r.messages.join('；') });
  ws.getRow(1).font = { bold: true };
  if (job.problems.length) {
    const ps = wb.addWorksheet('文件和工作表问题');
    ps.columns = [
      { header: '工作表', key: 'sheet', width: 16 },
      { header: '问题', key: 'message', width: 80 },
    ];
    for (const p of job.problems) ps.addRow({ sheet: p.sheet ?? '（整个文件）', message: p.message });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
