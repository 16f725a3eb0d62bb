/**
 * Census import: one batch of rows — validate, resolve duplicates (the job's earlier rows, then the
 * registry), build every document, and write them idempotently (docs/registry.md "Import jobs").
 */
import { lookupKeyFor, regionContains, stableId } from '../../_shared/access';
import type { CensusRowResult, NormalizedCensusRow } from '../../_shared/contracts/census';
import { type ChildDoc, type ChildHistoryDoc, type HouseholdDoc, type ImportJobDoc, type ImportRowDoc } from '../../_shared/contracts/registry';
import { createDedupeState, markDuplicates, validateRow, type DedupeState } from './census';
import { R, today, type Db } from './common';
import { childFromRow, cloneDoc, diffChild, memoSealer, mergeRow } from './model';
import type { ActionContext } from '../../_shared/context';
import { dbOf, fetchAll } from '../../_shared/db';
import { markVisited } from './import-coverage';
import { phaseClock } from './import-profile';
import { OUT_OF_SCOPE_MESSAGE, type Roster } from './import-roster';
import { rowIdOf, householdIdOf, insertMissing, inParallel } from './import-store';

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
  /**
   * Children whose schooling matters to dropout control (控辍保学): new files marked dropped out
   * or not in school, and re-listed files whose schooling, status or birth date this batch
   * changed. Complete once `write` has resolved; the job tells the schools function of them.
   */
  schoolingChildIds: string[];
}

/** Paths whose change may open or close a dropout case (as for an officer's edit). */
const SCHOOLING_PATHS = new Set(['schooling', 'status', 'birthDate']);
const OUT_OF_SCHOOL_VALUES = new Set(['droppedOut', 'notInSchool']);

/**
 * Validates rows [start, end) of the job's child rows, resolves duplicates (earlier rows of the
 * job per `roster.seen`, which must cover rows [0, start) — or `seenUpTo` must differ from
 * `start` so it is rebuilt — then the registry) and builds every document the batch writes.
 * Reads only; the returned `write` writes them idempotently. Safe to run again for the same
 * range after a crash (same ids, inserts only what is missing).
 */
export async function prepareBatch(ctx: ActionContext, job: ImportJobDoc, roster: Roster, start: number, end: number): Promise<PreparedBatch> {
  const db = dbOf(ctx);
  const _ = db.command;
  const now = ctx.now();
  const entries = roster.entries.slice(start, end);
  const clock = phaseClock();

  // 1. Validate (rows of sheets outside the job's region are not validated: OUT_OF_SCOPE).
  const validated: (CensusRowResult | undefined)[] = entries.map(({ sheet, row }) =>
    sheet.village && !regionContains(job.regionCode, sheet.village.code) ? undefined : validateRow(row, { file: job.fileName, sheet, censusDate: job.censusDate, today: today(ctx) }),
  );
  const inScope = validated.filter((r): r is CensusRowResult => !!r);
  clock.lap('validate');

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
  clock.lap('dedupe-queries');
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
  const schoolingChildIds: string[] = [];
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
    if (child.schooling && OUT_OF_SCHOOL_VALUES.has(child.schooling)) schoolingChildIds.push(childId);
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

  clock.lap('build');
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
        // (The stored history's changes on a re-run, so a file updated before a crash still counts.)
        if (changes.some((c) => SCHOOLING_PATHS.has(c.path))) schoolingChildIds.push(u.childId);
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
    clock.restart();
    await Promise.all([writeHouseholds(), insertMissing(db, R.children, newChildren).then(() => rememberChildren(job.countyCode, newChildren)), writeUpdatesRowsAndCoverage()]);
    clock.lap('write');
    clock.print(`batch ${start}-${end}`);
  };
  return { start, end, outcome: out, write, schoolingChildIds };
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
