/**
 * A batch of an import job that dies half way through its writes resumes to the same final
 * state as a job that never died. Each batch writes several collections in parallel (new child
 * files, households, coverage marks, row outcomes; for re-listed children: history, then the
 * files, then their households' visits) and only then moves the job's cursor; a crash in between
 * leaves some of those documents stored and the cursor where it was. Here the "crash" is made by
 * hand on the same store: a roster is imported to the end (the reference), the store is reset,
 * the same roster is imported again up to a batch boundary, part of the next batch's documents
 * (copied from the reference as it was after that job: what the dead call would have written)
 * are stored, then polling resumes. The same for a second roster re-listing the children (updates with history: history
 * stored for part of a batch, and for some of those the file already updated). The first
 * resumes on a cold instance with the roster file gone: from the job's sealed stage. Same data key
 * throughout (one stack), so every derived id and lookup hash is the same in both runs.
 */
import type { ImportProgress } from '../../cloudfunctions/_shared/contracts/registry';
import { seedRegions } from '../../local/seed/regions';
import { generateRoster, type GeneratedRoster } from '../helpers/census-generator';
import { startTestStack, type TestStack } from '../helpers/stack';
import { makePersona, useStackKey, type Persona } from '../helpers/access-world';
import { importRoster, upload } from './registry-helpers';

const COLLECTIONS = ['children', 'households', 'censusImportRows', 'censusCoverage', 'childHistory', 'censusImports'];
/** Fields that differ between two runs by nature: times, the acting persona, ciphertexts (random IV), lease and storage bookkeeping. */
const VOLATILE = new Set(['createdAt', 'updatedAt', 'at', 'visitedAt', 'finishedAt', 'by', 'createdBy', 'personId', 'c', 'leaseUntilMs', 'leaseId', 'chunks', 'readAttempts', 'fileID', 'fileDeleted']);
const CHUNK_ROWS = 10;

type Doc = Record<string, unknown> & { _id: string };
type State = Record<string, Doc[]>;

let t: TestStack;
let admin: Persona;
let first: GeneratedRoster;
let relist: GeneratedRoster;

async function all(collection: string): Promise<Doc[]> {
  const out: Doc[] = [];
  for (let skip = 0; ; skip += 1000) {
    const res = await t.app.database().collection(collection).orderBy('_id', 'asc').skip(skip).limit(1000).get();
    out.push(...(res.data as Doc[]));
    if (res.data.length < 1000) return out;
  }
}

async function snapshot(): Promise<State> {
  const out: State = {};
  for (const c of COLLECTIONS) out[c] = await all(c);
  return out;
}

function normalise(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(normalise);
    return items.every((x) => typeof x === 'string') ? [...(items as string[])].sort() : items;
  }
  if (v instanceof Date) return 'date';
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) if (!VOLATILE.has(k)) out[k] = normalise((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

async function fresh(): Promise<void> {
  await t.reset();
  // (A stack loads the divisions when it starts; a reset may leave them out.)
  if ((await t.app.database().collection('regions').count()).total === 0) await seedRegions(t.app);
  admin = await makePersona(t.app, 'countyAdmin');
}

async function poll(jobId: string, until: (p: ImportProgress) => boolean): Promise<ImportProgress> {
  for (let i = 0; i < 500; i++) {
    const r = await t.call<ImportProgress>('registry', 'advanceImport', { jobId }, { openid: admin.openid });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    if (r.data.busy) await new Promise((res) => setTimeout(res, 100));
    else if (until(r.data)) return r.data;
  }
  throw new Error('import did not get there');
}

async function start(roster: GeneratedRoster): Promise<ImportProgress & { fileID: string }> {
  const fileID = await upload(t, admin.openid, roster.name, roster.bytes);
  const r = await t.call<ImportProgress>('registry', 'startImport', { fileID, fileName: roster.name, chunkRows: CHUNK_ROWS }, { openid: admin.openid });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return { ...r.data, fileID };
}

async function store(collection: string, docs: Doc[]): Promise<void> {
  if (docs.length) await t.app.database().collection(collection).add(docs as never);
}

beforeAll(async () => {
  t = await startTestStack({ functions: ['registry'] });
  useStackKey(t);
  const base = { format: 'csv-utf8' as const, county: { code: '341721', name: '东至县' }, town: { code: '341721100', name: '尧渡镇' }, headerStyle: 'one-row' as const, censusDate: '2026-09-30' };
  const village = { code: '341721100001', name: '团结社区' };
  // Families of three with groups: batches of 10 rows split families and share group coverage marks.
  first = await generateRoster({
    ...base,
    sheets: [{ sheetName: village.name, village, families: Array.from({ length: 12 }, (_, i) => ({ children: [{}, {}, i % 4 === 3 ? { faults: ['ID_CHECKSUM' as const] } : {}] })) }],
    seed: 11,
  });
  // The same children listed again with other phones: updates with history.
  const kids = first.children.filter((c) => c.accepted);
  relist = await generateRoster({
    ...base,
    sheets: [{ sheetName: village.name, village, families: Array.from({ length: Math.ceil(kids.length / 3) }, (_, i) => ({ children: kids.slice(i * 3, i * 3 + 3).map((c) => ({ sameAs: c })) })) }],
    seed: 12,
  });
  relist.name = '341721-尧渡镇-团结社区-复核.csv';
}, 120_000);
afterAll(async () => t?.stop());

test('a batch that died after part of its writes resumes to the state of an uninterrupted import', async () => {
  await fresh();
  const a = await importRoster(t, admin.openid, first, { chunkRows: CHUNK_ROWS });
  const afterFirst = await snapshot();
  const b = await importRoster(t, admin.openid, relist, { chunkRows: CHUNK_ROWS });
  expect(a.progress.counts.accepted).toBeGreaterThan(20);
  expect(b.progress.counts.updated).toBe(a.progress.counts.accepted);
  const reference = await snapshot();
  expect(reference.childHistory.length).toBeGreaterThan(10);

  await fresh();
  // First roster: two chunks done, then the third batch [20, 30) dies after storing half of its
  // child files, their households (with only those children), its first row outcomes and the
  // group coverage marks.
  const job1 = await start(first);
  await poll(job1.jobId, (p) => p.done >= 2 * CHUNK_ROWS);
  const lo = 2 * CHUNK_ROWS;
  const mid = lo + CHUNK_ROWS / 2;
  const bySeq = (d: Doc) => (d.source as { seq?: number } | undefined)?.seq ?? -1;
  const partialChildren = afterFirst.children.filter((c) => bySeq(c) >= lo && bySeq(c) < mid);
  expect(partialChildren.length).toBeGreaterThan(1);
  const have = new Set((await all('households')).map((h) => h._id));
  const partialIds = new Set(partialChildren.map((c) => c._id));
  await store('children', partialChildren);
  await store(
    'households',
    afterFirst.households.filter((h) => !have.has(h._id) && (h.childIds as string[]).some((id) => partialIds.has(id))).map((h) => ({ ...h, childIds: (h.childIds as string[]).filter((id) => partialIds.has(id)) })),
  );
  await store('censusImportRows', afterFirst.censusImportRows.filter((r) => r.jobId === job1.jobId && (r.seq as number) >= lo && (r.seq as number) < lo + 3));
  const haveMarks = new Set((await all('censusCoverage')).map((m) => m._id));
  await store('censusCoverage', afterFirst.censusCoverage.filter((m) => !haveMarks.has(m._id)));
  // The call died with its instance: the next one is cold, and resumes from the job's sealed
  // stage of the roster, not from the file (removed here to prove it).
  expect((await all('censusImportStage')).filter((d) => d.jobId === job1.jobId).length).toBeGreaterThan(1);
  await t.stack.invoker.reload();
  await t.app.deleteFile({ fileList: [job1.fileID] });
  await poll(job1.jobId, (p) => p.status === 'done');
  expect(await all('censusImportStage')).toEqual([]);

  // Re-listing roster: the batch [10, 20) dies after storing its history entries; the files of
  // the first half were already updated, the others not.
  const job2 = await start(relist);
  await poll(job2.jobId, (p) => p.done >= CHUNK_ROWS);
  const history = reference.childHistory.filter((h) => h.importId === job2.jobId && Number(h._id.slice(-6)) >= CHUNK_ROWS && Number(h._id.slice(-6)) < 2 * CHUNK_ROWS);
  expect(history.length).toBeGreaterThan(3);
  await store('childHistory', history);
  for (const h of history.slice(0, Math.floor(history.length / 2))) {
    const updated = reference.children.find((c) => c._id === h.childId)!;
    const { _id, ...rest } = updated;
    await t.app.database().collection('children').doc(_id).set(rest as never);
  }
  await poll(job2.jobId, (p) => p.status === 'done');

  const resumed = await snapshot();
  for (const c of COLLECTIONS) expect({ [c]: normalise(resumed[c]) }).toEqual({ [c]: normalise(reference[c]) });
}, 120_000);
