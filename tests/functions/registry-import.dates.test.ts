/**
 * Census import through the real path (storage upload → startImport → advanceImport polling →
 * importRows): the fixture rosters in the README's order give exactly expected.json, accepted
 * rows are stored with the normalised values (sealed values decrypt to them), the same file
 * again returns the first job and changes nothing, another roster listing a registered child of
 * the same village updates it (history), and nothing stored holds a plaintext ID or phone.
 * Date-sensitive (Excel dates, ages on the census date): runs under both time zones.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { ChildDoc, ImportProgress } from '../../cloudfunctions/_shared/contracts/registry';
import { unseal, type SealedValue } from '../../cloudfunctions/_shared/access/sealed';
import { CENSUS_FIXTURES_DIR, generateRoster, type ExpectedRow } from '../helpers/census-generator';
import { startTestStack, type TestStack } from '../helpers/stack';
import { LOCAL_ENV_ID } from '../../local/stack';
import { makePersona, useStackKey, type Persona } from '../helpers/access-world';
import { importRoster, upload, type ImportRun } from './registry-helpers';
import { insertSlot } from '../helpers/uploads';

interface ExpectedFile {
  file: string;
  sheets: { sheet: string; village: { code: string }; rows: { row: number; kind: string; expected: string; reasons?: string[]; warnings?: string[]; normalized?: Record<string, unknown> }[] }[];
}
const expected = JSON.parse(readFileSync(join(CENSUS_FIXTURES_DIR, 'expected.json'), 'utf8')) as { files: ExpectedFile[] };

let t: TestStack;
let admin: Persona;
const runs: ImportRun[] = [];

beforeAll(async () => {
  t = await startTestStack({ functions: ['registry'] });
  useStackKey(t);
  admin = await makePersona(t.app, 'countyAdmin');
  for (const f of expected.files) {
    runs.push(await importRoster(t, admin.openid, { name: f.file, bytes: new Uint8Array(readFileSync(join(CENSUS_FIXTURES_DIR, f.file))) }, { chunkRows: 40 }));
  }
}, 240_000);
afterAll(async () => t?.stop());

async function childrenById(ids: string[]): Promise<Map<string, ChildDoc>> {
  const db = t.app.database();
  const out = new Map<string, ChildDoc>();
  for (let i = 0; i < ids.length; i += 100) {
    const res = await db.collection('children').where({ _id: db.command.in(ids.slice(i, i + 100)) }).limit(100).get();
    for (const c of res.data as ChildDoc[]) out.set(c._id, c);
  }
  return out;
}

/** The stored value of a normalised field, decrypted where sealed (`null` = nothing stored). */
function storedValue(c: ChildDoc, field: string): unknown {
  const m = /^(father|mother|caregiver|paternalGrandfather|paternalGrandmother|maternalGrandfather|maternalGrandmother)(.+)$/.exec(field);
  let v: unknown;
  if (m) {
    const [, who, rest] = m;
    const key = rest[0].toLowerCase() + rest.slice(1);
    const holder =
      who === 'caregiver'
        ? (c.entrusted as Record<string, unknown> | undefined)
        : who === 'father' || who === 'mother'
          ? (c[who] as Record<string, unknown> | undefined)
          : (c.grandparents?.[who as 'paternalGrandfather'] as Record<string, unknown> | undefined);
    v = holder?.[who === 'caregiver' && key === 'relation' ? 'relationToChild' : who === 'caregiver' && key === 'address' ? 'address' : key];
  } else {
    v = (c as unknown as Record<string, unknown>)[field];
  }
  if (v && typeof v === 'object' && 'c' in (v as object)) return unseal(v as SealedValue);
  return v === undefined ? null : v;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

describe('fixture rosters through storage + jobs + function', () => {
  test('every row has exactly the outcome expected.json gives', () => {
    const problems: string[] = [];
    expected.files.forEach((f, i) => {
      const run = runs[i];
      const byKey = new Map(run.rows.map((r) => [`${r.sheet}#${r.row}`, r]));
      let listed = 0;
      for (const s of f.sheets) {
        for (const e of s.rows) {
          listed++;
          const got = byKey.get(`${s.sheet}#${e.row}`);
          const where = `${f.file} ${s.sheet} row ${e.row}`;
          if (!got) {
            problems.push(`${where}: no outcome`);
            continue;
          }
          if (e.expected === 'skip') {
            if (got.outcome !== 'skipped' || got.kind !== e.kind) problems.push(`${where}: expected skip ${e.kind}, got ${got.outcome} ${got.kind}`);
            continue;
          }
          const want = e.expected === 'accept' ? 'accepted' : 'rejected';
          if (got.outcome !== want) problems.push(`${where}: expected ${want}, got ${got.outcome} ${got.reasons.join(',')}`);
          for (const code of e.reasons ?? []) if (!(got.reasons as string[]).includes(code)) problems.push(`${where}: missing reason ${code}`);
          if (JSON.stringify([...got.warnings].sort()) !== JSON.stringify([...(e.warnings ?? [])].sort())) problems.push(`${where}: warnings ${got.warnings} ≠ ${e.warnings}`);
        }
      }
      if (run.rows.length !== listed) problems.push(`${f.file}: ${run.rows.length} outcomes for ${listed} listed rows`);
      expect(run.progress.total).toBe(run.rows.filter((r) => r.outcome !== 'skipped').length);
      expect(run.progress.done).toBe(run.progress.total);
    });
    expect(problems).toEqual([]);
  });

  test('the import ran in several chunks and reported progress rows done / total', () => {
    for (const run of runs) {
      expect(run.polls).toBeGreaterThan(1);
      const c = run.progress.counts;
      expect(c.accepted + c.updated + c.rejected).toBe(run.progress.total);
    }
  });

  test('accepted rows are stored with the normalised values, in the sheet village', async () => {
    const problems: string[] = [];
    for (const [i, f] of expected.files.entries()) {
      const run = runs[i];
      const byKey = new Map(run.rows.map((r) => [`${r.sheet}#${r.row}`, r]));
      const ids = run.rows.filter((r) => r.childId).map((r) => r.childId!);
      const stored = await childrenById(ids);
      for (const s of f.sheets) {
        for (const e of s.rows.filter((x) => x.expected === 'accept')) {
          const child = stored.get(byKey.get(`${s.sheet}#${e.row}`)?.childId ?? '');
          if (!child) {
            problems.push(`${s.sheet} row ${e.row}: not stored`);
            continue;
          }
          if (child.villageCode !== s.village.code) problems.push(`${s.sheet} row ${e.row}: village ${child.villageCode}`);
          if (child.status !== 'active') problems.push(`${s.sheet} row ${e.row}: status ${child.status}`);
          for (const [k, v] of Object.entries(e.normalized ?? {})) {
            const got = storedValue(child, k);
            if (!same(got, v)) problems.push(`${s.sheet} row ${e.row}: ${k} = ${JSON.stringify(got)}, expected ${JSON.stringify(v)}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('a rejected DUPLICATE_ID row points at the file that holds the child', () => {
    const dups = runs.flatMap((r) => r.rows).filter((r) => (r.reasons as string[]).includes('DUPLICATE_ID'));
    expect(dups.length).toBeGreaterThan(0);
    for (const d of dups) expect(d.duplicateOf).toBeDefined();
  });

  test('siblings listed together share one household', async () => {
    const ids = runs[0].rows.filter((r) => r.childId).map((r) => r.childId!);
    const stored = [...(await childrenById(ids)).values()];
    const byHh = new Map<string, number>();
    for (const c of stored) byHh.set(c.householdId!, (byHh.get(c.householdId!) ?? 0) + 1);
    expect([...byHh.values()].some((n) => n > 1)).toBe(true);
  });

  test('the roster upload is gone from storage once the job ends', async () => {
    for (const run of runs) {
      const code = await t.app.downloadFile({ fileID: run.fileID }).then(
        () => 'exists',
        (e: { code?: string }) => e.code,
      );
      expect(code).toBe('STORAGE_FILE_NONEXIST');
    }
  });

  test('the error report is an xlsx with one line per rejected row and the reason in Chinese', async () => {
    const run = runs[0];
    const r = await t.call<{ base64: string; rows: number; fileName: string }>('registry', 'importErrorReport', { jobId: run.progress.jobId }, { openid: admin.openid });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rejected = run.rows.filter((x) => x.outcome === 'rejected');
    expect(r.data.rows).toBe(rejected.length);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.data.base64, 'base64') as never);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(rejected.length + 1);
    expect(ws.getRow(1).getCell(5).value).toBe('原因');
    const lines = Array.from({ length: rejected.length }, (_, i) => ws.getRow(i + 2));
    expect(lines.map((l) => Number(l.getCell(3).value))).toEqual(rejected.map((x) => x.row));
    for (const l of lines) {
      expect(String(l.getCell(5).value)).toMatch(/[\u4e00-\u9fff]/);
      // Columns are named in Chinese, never by the code's field keys (e.g. `（birthDate）`).
      expect(String(l.getCell(5).value)).not.toMatch(/[A-Za-z]{3,}/);
    }
  });
});

describe('importing again', () => {
  test('the same file content returns the first job and changes nothing', async () => {
    const db = t.app.database();
    const before = (await db.collection('children').count()).total;
    const historyBefore = (await db.collection('childHistory').count()).total;
    const f = expected.files[0];
    const fileID = await upload(t, admin.openid, `copy-${f.file}`, new Uint8Array(readFileSync(join(CENSUS_FIXTURES_DIR, f.file))));
    const r = await t.call<ImportProgress>('registry', 'startImport', { fileID, fileName: f.file }, { openid: admin.openid });
    expect(r.ok && r.data.reused).toBe(true);
    if (!r.ok) return;
    expect(r.data.jobId).toBe(runs[0].progress.jobId);
    expect(r.data.counts).toEqual(runs[0].progress.counts);
    expect((await db.collection('children').count()).total).toBe(before);
    expect((await db.collection('childHistory').count()).total).toBe(historyBefore);
    // The second upload is not kept either.
    await expect(t.app.downloadFile({ fileID })).rejects.toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
  });

  test('an officer of a smaller area sending a file the county already imported is told so, and sees none of its results', async () => {
    const officer = await makePersona(t.app, 'villageOfficer'); // a village of 尧渡镇
    const f = expected.files[0];
    const fileID = await upload(t, officer.openid, `officer-copy-${f.file}`, new Uint8Array(readFileSync(join(CENSUS_FIXTURES_DIR, f.file))));
    const r = await t.call<ImportProgress>('registry', 'startImport', { fileID, fileName: f.file }, { openid: officer.openid });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '该文件已由其他单位导入' } });
    expect(JSON.stringify(r)).not.toContain('accepted');
  });

  test("a roster someone else uploaded cannot be imported by another officer (UPLOAD_NOT_OWN, naming 花名册)", async () => {
    const officer = await makePersona(t.app, 'villageOfficer');
    const f = expected.files[0];
    const fileID = await upload(t, admin.openid, `admins-${f.file}`, new Uint8Array(readFileSync(join(CENSUS_FIXTURES_DIR, f.file))));
    const r = await t.call<ImportProgress>('registry', 'startImport', { fileID, fileName: f.file }, { openid: officer.openid });
    expect(r).toMatchObject({ ok: false, error: { code: 'UPLOAD_NOT_OWN', details: { field: 'fileID' } } });
    expect(!r.ok && r.error.message).toContain('花名册');
  });

  test('a different roster listing registered children updates them (same village) or rejects them (another village)', async () => {
    const gen = await generateRoster({
      format: 'csv-utf8',
      county: { code: '341721', name: '东至县' },
      town: { code: '341721100', name: '尧渡镇' },
      sheets: [{ sheetName: '团结社区', village: { code: '341721100001', name: '团结社区' }, families: [{ children: [{}, {}] }] }],
      headerStyle: 'one-row',
      censusDate: '2026-09-30',
      seed: 7,
    });
    const first = await importRoster(t, admin.openid, { name: '341721-尧渡镇-团结社区-补报.csv', bytes: gen.bytes });
    expect(first.rows.filter((r) => r.outcome === 'accepted')).toHaveLength(2);
    // The same children, listed again by the same village with other phones: updated with history.
    const again = await generateRoster({
      format: 'csv-utf8',
      county: { code: '341721', name: '东至县' },
      town: { code: '341721100', name: '尧渡镇' },
      sheets: [{ sheetName: '团结社区', village: { code: '341721100001', name: '团结社区' }, families: [{ children: gen.children.map((c) => ({ sameAs: c })) }] }],
      headerStyle: 'one-row',
      censusDate: '2026-09-30',
      seed: 8,
    });
    const second = await importRoster(t, admin.openid, { name: '341721-尧渡镇-团结社区-复核.csv', bytes: again.bytes });
    const updated = second.rows.filter((r) => r.outcome === 'updated');
    expect(updated).toHaveLength(2);
    expect(updated.map((u) => u.childId).sort()).toEqual(first.rows.filter((r) => r.childId).map((r) => r.childId).sort());
    const hist = await t.call<{ entries: { op: string; changes: unknown[] }[] }>('registry', 'childHistory', { childId: updated[0].childId }, { openid: admin.openid });
    expect(hist.ok && hist.data.entries.some((e) => e.op === 'update' && e.changes.length > 0)).toBe(true);
    // Listed by another village: DUPLICATE_ID pointing at the registered file.
    const other = await generateRoster({
      format: 'csv-utf8',
      county: { code: '341721', name: '东至县' },
      town: { code: '341721100', name: '尧渡镇' },
      sheets: [{ sheetName: '尧舜社区', village: { code: '341721100002', name: '尧舜社区' }, families: [{ children: [{ sameAs: gen.children[0] }] }] }],
      headerStyle: 'one-row',
      censusDate: '2026-09-30',
      seed: 9,
    });
    const third = await importRoster(t, admin.openid, { name: '341721-尧渡镇-尧舜社区-补报.csv', bytes: other.bytes });
    const row = third.rows.find((r) => r.kind === 'child')!;
    expect(row.outcome).toBe('rejected');
    expect(row.reasons).toContain('DUPLICATE_ID');
    expect(row.duplicateOf).toEqual({ kind: 'registry', villageCode: '341721100001', childId: first.rows.filter((r) => r.childId)[0].childId });
  }, 60_000);
});

describe('generated rosters', () => {
  test('a generated multi-sheet roster gives the generator\'s predicted outcome', async () => {
    const gen = await generateRoster({
      format: 'xlsx',
      county: { code: '341721', name: '东至县' },
      town: { code: '341721101', name: '东流镇' },
      sheets: [
        {
          sheetName: '金山村委会',
          village: { code: '341721101200', name: '金山村委会' },
          families: [
            { children: [{}, {}], mergeParents: true, caregiverId15: true },
            { children: [{ faults: ['ID_CHECKSUM'] }] },
            { children: [{ faults: ['NOT_LEFT_BEHIND'] }] },
            { children: [{ birthDate: '2010-09-30' }] },
            { children: [{ birthDate: '2010-10-01' }], phoneWrite: 'plus86' },
            { children: [{ faults: ['FATHER_PHONE_INVALID'] }] },
          ],
          withTotal: true,
          withFooter: true,
        },
        { sheetName: '狭阳村委会', village: { code: '341721101201', name: '狭阳村委会' }, families: [{ children: [{ faults: ['GENDER_MISMATCH'] }, {}] }], blankEvery: 1 },
      ],
      headerStyle: 'two-row',
      censusDate: '2026-09-30',
      seed: 42,
    });
    const run = await importRoster(t, admin.openid, { name: gen.name, bytes: gen.bytes }, { chunkRows: 10 });
    const problems: string[] = [];
    const byKey = new Map(run.rows.map((r) => [`${r.sheet}#${r.row}`, r]));
    for (const e of gen.expected as ExpectedRow[]) {
      const got = byKey.get(`${e.sheet}#${e.row}`);
      if (e.kind !== 'child') {
        if (got && got.outcome !== 'skipped') problems.push(`${e.sheet}#${e.row}: ${got.outcome}`);
        continue;
      }
      if (!got) {
        problems.push(`${e.sheet}#${e.row}: no outcome`);
        continue;
      }
      const want = e.outcome === 'accept' ? 'accepted' : 'rejected';
      if (got.outcome !== want) problems.push(`${e.sheet}#${e.row}: ${got.outcome} (${got.reasons}) ≠ ${want}`);
      for (const code of e.reasons ?? []) if (!(got.reasons as string[]).includes(code)) problems.push(`${e.sheet}#${e.row}: missing ${code}`);
      if (e.warnings && JSON.stringify([...got.warnings].sort()) !== JSON.stringify([...e.warnings].sort())) problems.push(`${e.sheet}#${e.row}: warnings ${got.warnings}`);
      if (want === 'accepted' && e.normalized) {
        const child = (await childrenById([got.childId!])).get(got.childId!)!;
        for (const [k, v] of Object.entries(e.normalized)) {
          const stored = storedValue(child, k);
          if (!same(stored, v)) problems.push(`${e.sheet}#${e.row}: ${k} = ${JSON.stringify(stored)} ≠ ${JSON.stringify(v)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('bad input', () => {
  test('a missing upload, a bad region code and an unsupported file are reported clearly', async () => {
    // A slot handed to the officer (where the import page uploads), but never uploaded into.
    const missingID = `cloud://${LOCAL_ENV_ID}.bucket/${await insertSlot(t, 'censusRoster', admin.openid, '/none.xlsx', { task: 'censusImport' })}`;
    const missing = await t.call('registry', 'startImport', { fileID: missingID, fileName: '341721-尧渡镇-花名册.xlsx' }, { openid: admin.openid });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { field: 'fileID' } } });
    const badRegion = await t.call('registry', 'startImport', { fileID: `cloud://${LOCAL_ENV_ID}.bucket/a.xlsx`, fileName: 'a.xlsx', regionCode: '3417' }, { openid: admin.openid });
    expect(badRegion).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(JSON.stringify(badRegion)).toContain('regionCode');
    const run = await importRoster(t, admin.openid, { name: '341721-尧渡镇-花名册.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3, 4]) });
    expect(run.progress).toMatchObject({ status: 'done', total: 0 });
    expect(run.progress.problems.map((p) => p.code)).toContain('FILE_FORMAT_UNSUPPORTED');
    expect(run.progress.problems[0].message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('no plaintext at rest', () => {
  function filesUnder(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
  }

  test('no ID number or phone from the rosters appears in the database files, audit log or storage folder', async () => {
    const secrets = new Set<string>();
    for (const f of expected.files) {
      for (const s of f.sheets) {
        for (const r of s.rows) {
          for (const [k, v] of Object.entries(r.normalized ?? {})) if (/idNumber|Phone|IdNumber/.test(k) && typeof v === 'string') secrets.add(v);
        }
      }
    }
    expect(secrets.size).toBeGreaterThan(100);
    // Let the stand-in flush: any read forces nothing, the WAL is on disk already.
    const files = filesUnder(t.stack.dataDir).filter((p) => !p.includes(`${join('keys', '')}`));
    const hits: string[] = [];
    for (const file of files) {
      const text = readFileSync(file).toString('latin1');
      for (const s of secrets) if (text.includes(s)) hits.push(`${file}: ${s.slice(0, 4)}…`);
    }
    expect(hits).toEqual([]);
    const audit = await t.app.database().collection('auditLog').limit(1000).get();
    const auditText = JSON.stringify(audit.data);
    for (const s of secrets) expect(auditText.includes(s)).toBe(false);
  });
});
