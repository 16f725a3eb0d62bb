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
 * - Crash safety: every write of a chunk is idempotent — row outcomes, new child files, their
 *   history and households have deterministic ids (`<jobId>-<seq>`, or ids derived from them)
 *   and are inserted only when missing; the job's cursor and counts move in one conditional
 *   update (`done == chunk start`), so a chunk re-run after a crash neither duplicates nor loses
 *   rows, and counts are added exactly once.
 * - When the job ends the roster is deleted from storage (`fileDeleted`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../_shared/errors';
import { action, type ActionContext } from '../../_shared/router';
import { audit, dbOf, fetchAll, getDoc, lookupKeyFor, regionContains, resolveActor, stableId, visibility, type ExampleWorld } from '../../_shared/access';
import { lookupHash } from '../../_shared/crypto';
import type { CensusRowResult, NormalizedCensusRow } from '../../_shared/contracts/census';
import type {
  CampaignDoc,
  ChildDoc,
  ChildHistoryDoc,
  CoverageDoc,
  HouseholdDoc,
  ImportJobDoc,
  ImportProgress,
  ImportRowDoc,
} from '../../_shared/contracts/registry';
import {
  CENSUS_REASON_MESSAGES,
  childRowsOf,
  createDedupeState,
  markDuplicates,
  readRoster,
  validateRow,
  type ChildRowEntry,
  type DedupeState,
} from './census';
import { OFFICER_ROLES, R, daySchema, defaultRegion, idSchema, importTarget, levelOf, loadRegions, regionCodeSchema, requireRegion, type Db } from './common';
import { childFromRow, cloneDoc, diffChild, mergeRow } from './model';

/** Lease on a job while a chunk runs (machine clock: it bounds real execution time). */
export const LEASE_MS = 5000;
/** Work budget of one `advanceImport` call, well inside the 3 s function timeout. */
export const CHUNK_BUDGET_MS = 1800;
/** Rows validated and written per database round of a chunk. */
export const SUB_BATCH_ROWS = 250;
/** Default cap of rows per chunk (the time budget usually decides first). */
export const DEFAULT_CHUNK_ROWS = 5000;
/** Largest roster accepted (bytes). */
export const MAX_ROSTER_BYTES = 10 * 1024 * 1024;
/** Default census reference date of the current campaign (issue: CLI default). */
export const DEFAULT_CENSUS_DATE = '2026-09-30';
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
 * @returns how many were inserted
 */
export async function insertMissing<T extends { _id: string }>(db: Db, collection: string, docs: T[]): Promise<number> {
  let inserted = 0;
  const _ = db.command;
  for (let i = 0; i < docs.length; i += 500) {
    const batch = docs.slice(i, i + 500);
    const existing = await fetchAll<{ _id: string }>(db.collection(collection).where({ _id: _.in(batch.map((d) => d._id)) }).field({ _id: true }), 1000);
    const have = new Set(existing.map((d) => d._id));
    const missing = batch.filter((d) => !have.has(d._id));
    if (missing.length) {
      await db.collection(collection).add(missing as never);
      inserted += missing.length;
    }
  }
  return inserted;
}

// ---------------------------------------------------------------------------------------------
// Reading the roster (cached per warm instance)

interface Roster {
  entries: ChildRowEntry[];
  skipped: { sheet: string; row: number; kind: string }[];
  problems: ImportJobDoc['problems'];
}

const rosterCache = new Map<string, Roster>();

async function downloadBytes(ctx: ActionContext, fileID: string): Promise<Buffer> {
  try {
    const res = (await ctx.app.downloadFile({ fileID })) as { fileContent?: Buffer };
    if (!res.fileContent) throw new Error('empty');
    return res.fileContent;
  } catch (err) {
    const code = String((err as { code?: unknown }).code ?? '');
    if (/NONEXIST|NOT_EXIST|INVALID_PARAM/.test(code) || /empty/.test(String((err as Error).message))) {
      throw new AppError('NOT_FOUND', '未找到上传的花名册文件，请重新上传', { field: 'fileID' });
    }
    throw err;
  }
}

async function rosterOf(ctx: ActionContext, job: ImportJobDoc): Promise<Roster> {
  const hit = rosterCache.get(job._id);
  if (hit) return hit;
  if (!job.fileID) throw new AppError('CONFLICT', '花名册文件已删除，无法继续导入');
  const bytes = await downloadBytes(ctx, job.fileID);
  const { index } = await loadRegions(dbOf(ctx), job.countyCode);
  const read = await readRoster({ name: job.fileName, bytes: new Uint8Array(bytes) }, index);
  const problems: ImportJobDoc['problems'] = read.problems.map((p) => ({ code: p.code, message: p.message, severity: p.severity }));
  const skipped: Roster['skipped'] = [];
  for (const sheet of read.sheets) {
    for (const p of sheet.problems) problems.push({ code: p.code, message: p.message, sheet: sheet.sheet, severity: p.severity });
    if (sheet.village && !regionContains(job.regionCode, sheet.village.code)) {
      problems.push({ code: 'OUT_OF_SCOPE', message: OUT_OF_SCOPE_MESSAGE, sheet: sheet.sheet, severity: 'error' });
    }
    for (const row of sheet.rows) if (SKIP_KINDS.has(row.kind)) skipped.push({ sheet: sheet.sheet, row: row.row, kind: row.kind });
  }
  const roster: Roster = { entries: childRowsOf(read), skipped, problems };
  if (rosterCache.size >= 2) rosterCache.delete(rosterCache.keys().next().value as string);
  rosterCache.set(job._id, roster);
  return roster;
}

// ---------------------------------------------------------------------------------------------
// One batch of rows

interface BatchOutcome {
  accepted: number;
  updated: number;
  rejected: number;
  warnings: number;
}

function messagesOf(r: CensusRowResult): string[] {
  return r.issues.map((i) => (i.field ? `${i.message}（${i.field}）` : i.message));
}

/**
 * Validates rows [start, end) of the job's child rows and writes their effects idempotently.
 * Safe to run again for the same range after a crash (same ids, inserts only what is missing).
 */
async function processBatch(ctx: ActionContext, job: ImportJobDoc, roster: Roster, start: number, end: number): Promise<BatchOutcome> {
  const db = dbOf(ctx);
  const _ = db.command;
  const now = ctx.now();
  const entries = roster.entries.slice(start, end);

  // 1. Validate (rows of sheets outside the job's region are not validated: OUT_OF_SCOPE).
  const validated: (CensusRowResult | undefined)[] = entries.map(({ sheet, row }) =>
    sheet.village && !regionContains(job.regionCode, sheet.village.code) ? undefined : validateRow(row, { file: job.fileName, sheet, censusDate: job.censusDate }),
  );
  const inScope = validated.filter((r): r is CensusRowResult => !!r);

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
    const earlier = await fetchAll<ImportRowDoc>(
      db.collection(R.censusImportRows).where({ jobId: job._id, idHash: _.in(hashes), seq: _.lt(start), outcome: _.in(['accepted', 'updated']) }),
      5000,
    );
    earlier.sort((a, b) => a.seq - b.seq);
    for (const e of earlier) {
      const id = idByHash.get(e.idHash!);
      if (id && !state.seen[id]) state.seen[id] = { file: e.file, sheet: e.sheet, row: e.row };
    }
    const known = await fetchAll<Pick<ChildDoc, '_id' | 'villageCode' | 'source' | 'idNumber'>>(
      db.collection(R.children).where({ 'idNumber.h': _.in(hashes) }).field({ _id: true, villageCode: true, source: true, idNumber: true }),
      5000,
    );
    for (const k of known) {
      const s = k.source;
      // A file this very batch created in an interrupted run is not "already registered".
      if (s && s.kind === 'import' && s.importId === job._id && s.seq >= start) continue;
      if (k.idNumber?.h) existingByHash.set(k.idNumber.h, { villageCode: k.villageCode, childId: k._id });
    }
  }
  const lookup = (id: string) => existingByHash.get(lookupKeyFor('child.idNumber', id));
  const marked = markDuplicates(inScope, state, lookup);
  const results: (CensusRowResult | undefined)[] = [];
  let mi = 0;
  for (const v of validated) results.push(v ? marked[mi++] : undefined);

  // 3. Effects.
  const rows: ImportRowDoc[] = [];
  const newChildren: ChildDoc[] = [];
  const histories: ChildHistoryDoc[] = [];
  const households = new Map<string, HouseholdDoc>();
  const updates: { seq: number; childId: string; row: NormalizedCensusRow; rowDocIndex: number }[] = [];
  const touched: { villageCode: string; townshipCode: string; group?: string; householdId: string }[] = [];
  const out: BatchOutcome = { accepted: 0, updated: 0, rejected: 0, warnings: 0 };
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
    const child = childFromRow(n, { childId, householdId, countyCode: job.countyCode, source: { kind: 'import', importId: job._id, seq } }, now);
    newChildren.push(child);
    if (!households.has(householdId)) {
      households.set(householdId, { _id: householdId, countyCode: job.countyCode, townshipCode: n.townshipCode, villageCode: n.villageCode, ...(n.group ? { group: n.group } : {}), childIds: [], createdAt: now });
    }
    households.get(householdId)!.childIds.push(childId);
    histories.push({
      _id: rowIdOf(job._id, seq),
      childId,
      villageCode: n.villageCode,
      at: now,
      op: 'import',
      by,
      reason: `摸底排查导入：${job.fileName} ${sheet.sheet} 第${row.row}行`,
      changes: [],
      importId: job._id,
    });
    touched.push({ villageCode: n.villageCode, townshipCode: n.townshipCode, group: n.group, householdId });
    rows.push({ ...common, outcome: 'accepted', reasons: [], childId });
    out.accepted++;
  });

  // Households: new ones inserted; existing ones get the new members.
  if (households.size) {
    const list = [...households.values()];
    const existing = await fetchAll<HouseholdDoc>(db.collection(R.households).where({ _id: _.in(list.map((h) => h._id)) }), 1000);
    const have = new Map(existing.map((h) => [h._id, h]));
    await insertMissing(db, R.households, list.filter((h) => !have.has(h._id)));
    for (const h of list) {
      const cur = have.get(h._id);
      if (cur && h.childIds.some((c) => !cur.childIds.includes(c))) {
        await db.collection(R.households).doc(h._id).update({ childIds: _.addToSet({ $each: h.childIds } as never) });
      }
    }
  }
  await insertMissing(db, R.children, newChildren);
  await insertMissing(db, R.childHistory, histories);

  // Updates of files registered before (same village): history first, then the file.
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
      const changes = priorHist.get(histId)?.changes ?? diffChild(before, after);
      if (!priorHist.has(histId) && changes.length) {
        await insertMissing(db, R.childHistory, [
          {
            _id: histId,
            childId: u.childId,
            villageCode: before.villageCode,
            at: now,
            op: 'update',
            by,
            reason: `摸底排查导入更新：${job.fileName}`,
            changes,
            importId: job._id,
          } satisfies ChildHistoryDoc,
        ]);
      }
      rows[u.rowDocIndex].changes = changes.length;
      if (changes.length) await db.collection(R.children).doc(u.childId).update(updateOf(before, after, _));
      touched.push({ villageCode: before.villageCode, townshipCode: before.townshipCode, group: after.group, householdId: before.householdId ?? u.childId });
    }
  }

  // Coverage: the households and groups these rows come from were visited in this campaign.
  if (touched.length) await markVisited(db, job, touched, now, ctx.actor?.personId);

  await insertMissing(db, R.censusImportRows, rows);
  return out;
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

/** Coverage mark ids. */
export function groupCoverageId(campaignId: string, villageCode: string, group: string): string {
  return stableId('cg', campaignId, villageCode, group);
}
export function householdCoverageId(campaignId: string, householdId: string): string {
  return `${campaignId}-${householdId}`;
}

async function markVisited(
  db: Db,
  job: ImportJobDoc,
  touched: { villageCode: string; townshipCode: string; group?: string; householdId: string }[],
  now: Date,
  personId?: string,
): Promise<void> {
  const _ = db.command;
  const docs = new Map<string, CoverageDoc>();
  for (const t of touched) {
    const base = { campaignId: job.campaignId, countyCode: job.countyCode, townshipCode: t.townshipCode, villageCode: t.villageCode, visited: true, visitedAt: now, source: 'import' as const, ...(personId ? { by: personId } : {}) };
    const hid = householdCoverageId(job.campaignId, t.householdId);
    docs.set(hid, { _id: hid, ...base, kind: 'household', householdId: t.householdId, ...(t.group ? { group: t.group } : {}) });
    if (t.group) {
      const gid = groupCoverageId(job.campaignId, t.villageCode, t.group);
      docs.set(gid, { _id: gid, ...base, kind: 'group', group: t.group });
    }
  }
  const list = [...docs.values()];
  const existing = await fetchAll<CoverageDoc>(db.collection(R.censusCoverage).where({ _id: _.in(list.map((d) => d._id)) }).field({ _id: true, visited: true }), 2000);
  const have = new Map(existing.map((e) => [e._id, e]));
  await insertMissing(db, R.censusCoverage, list.filter((d) => !have.has(d._id)));
  const unvisited = existing.filter((e) => !e.visited).map((e) => e._id);
  if (unvisited.length) await db.collection(R.censusCoverage).where({ _id: _.in(unvisited) }).update({ visited: true, visitedAt: now, source: 'import' });
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
    // The roster holds plaintext ID numbers and phones: it leaves storage when the job ends.
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
    const roster = await rosterOf(ctx, job);
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
    while (cursor < chunkEnd && (cursor === firstCursor || Date.now() - started < budgetMs)) {
      const end = Math.min(chunkEnd, cursor + SUB_BATCH_ROWS);
      const o = await processBatch(ctx, job, roster, cursor, end);
      const moved = await db
        .collection(R.censusImports)
        .where({ _id: jobId, done: cursor, leaseId })
        .update({
          done: end,
          chunks: _.inc(1),
          'counts.accepted': _.inc(o.accepted),
          'counts.updated': _.inc(o.updated),
          'counts.rejected': _.inc(o.rejected),
          'counts.warnings': _.inc(o.warnings),
        });
      if ((moved as { updated?: number }).updated !== 1) break;
      job.counts = {
        ...job.counts,
        accepted: job.counts.accepted + o.accepted,
        updated: job.counts.updated + o.updated,
        rejected: job.counts.rejected + o.rejected,
        warnings: job.counts.warnings + o.warnings,
      };
      cursor = end;
      job.done = end;
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

const jobIdInput = z.object({ jobId: idSchema }).strict();

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

export const startImport = action({
  summary: '开始导入摸底排查花名册（文件已上传到云存储）；同一文件内容重复导入返回首次结果',
  input: z
    .object({
      /** Cloud storage file id of the uploaded roster. */
      fileID: z.string().min(1).max(500),
      /** The roster's original file name (`341721-尧渡镇-留守儿童花名册.xlsx`): the town comes from it. */
      fileName: z.string().trim().min(1).max(200),
      /** Region the import is for; default the caller's own. Rows of villages outside it are OUT_OF_SCOPE. */
      regionCode: regionCodeSchema.optional(),
      /** Census reference date (ages are computed on it); default 2026-09-30. */
      censusDate: daySchema.default(DEFAULT_CENSUS_DATE),
      /** Rows per chunk cap (10–5000), default 5000. */
      chunkRows: z.number().int().min(10).max(DEFAULT_CHUNK_ROWS).default(DEFAULT_CHUNK_ROWS),
    })
    .strict(),
  access: { roles: OFFICER_ROLES, dataScope: 'handler' },
  example: (w) => ({ fileID: `cloud://example.bucket/census/${w.unique()}.xlsx`, fileName: '341721-尧渡镇-留守儿童花名册.xlsx', regionCode: exampleRegionFor(w.role, w.side) }),
  handler: async (input, ctx): Promise<ImportProgress> => {
    const actor = await resolveActor(ctx);
    const regionCode = input.regionCode ?? defaultRegion(actor, OFFICER_ROLES);
    if (!regionCode) throw new AppError('FORBIDDEN');
    levelOf(regionCode);
    requireRegion(actor, OFFICER_ROLES, regionCode);
    const db = dbOf(ctx);
    const bytes = await downloadBytes(ctx, input.fileID);
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
    const inserted = await insertMissing(db, R.censusImports, [job]).catch(() => 0);
    if (!inserted) {
      const raced = await getDoc<ImportJobDoc>(db, R.censusImports, jobId);
      if (raced) return progressOf(raced, { reused: true });
    }
    await audit(ctx, { op: 'write', target: { kind: 'censusImport', id: jobId }, regionCode, refs: { importId: jobId } });
    return progressOf(job);
  },
});

function regionCodesReach(actor: { bindings: { role: string; scope: { kind: string; codes?: string[] } }[] }, regionCode: string): boolean {
  return actor.bindings.some(
    (b) => (OFFICER_ROLES as readonly string[]).includes(b.role) && b.scope.kind === 'region' && (b.scope.codes ?? []).some((c) => regionContains(c, regionCode) || regionContains(regionCode, c)),
  );
}

export const advanceImport = action({
  summary: '推进导入任务：处理下一批数据行（客户端轮询调用），返回进度',
  input: jobIdInput,
  access: { roles: OFFICER_ROLES, target: importTarget((i: { jobId: string }) => i.jobId), audit: false, breakGlass: false },
  example: exampleJob,
  handler: async (input, ctx) => runChunk(ctx, input.jobId),
});

export const importStatus = action({
  summary: '查看导入任务进度（已处理行数 / 总行数）和结果统计',
  input: jobIdInput,
  access: { roles: OFFICER_ROLES, target: importTarget((i: { jobId: string }) => i.jobId), audit: false, breakGlass: false },
  example: exampleJob,
  handler: async (_input, ctx) => progressOf(ctx.grant!.target!.doc as ImportJobDoc),
});

export const importRows = action({
  summary: '分页查看导入任务的逐行结果（导入、更新、拒绝及原因、跳过）',
  input: z
    .object({
      jobId: idSchema,
      outcome: z.enum(['accepted', 'updated', 'rejected', 'skipped']).optional(),
      skip: z.number().int().min(0).max(1_000_000).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
    })
    .strict(),
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

export const importErrorReport = action({
  summary: '下载导入错误报告（xlsx，每个被拒绝的行一行，原因为中文）',
  input: jobIdInput,
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
