/**
 * The registry on the demo county: who sees and edits which files (village officer: their
 * village; township staff: their villages), masking and audit, officer edits with history,
 * a parent's own contact details, search, the county summary's cross-sums and drill-down,
 * and census coverage.
 */
import ExcelJS from 'exceljs';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildDoc } from '../../cloudfunctions/_shared/contracts/registry';
import { isSealed, unseal } from '../../cloudfunctions/_shared/access/sealed';
import { shanghaiDay } from '../../cloudfunctions/_shared/time';
import { idCheckChar } from '../../cloudfunctions/_shared/contracts/fields';
import { isActiveOn } from '../../cloudfunctions/registry/src/model';
import { generateRoster } from '../helpers/census-generator';
import { expectMaskedFor } from '../helpers/masking-check';
import { startTestStack, type TestStack } from '../helpers/stack';
import { useStackKey } from '../helpers/access-world';
import { importRoster } from './registry-helpers';

const VO = 'demo-village-officer';
const TS = 'demo-township-staff';
const CA = 'demo-county-admin';
const PARENT = 'demo-parent';
const VILLAGE = '341721100001';
const TOWNSHIP = '341721100';

let t: TestStack;
let all: ChildDoc[];

async function everyChild(): Promise<ChildDoc[]> {
  const out: ChildDoc[] = [];
  for (let skip = 0; ; skip += 1000) {
    const r = await t.app.database().collection('children').orderBy('_id', 'asc').skip(skip).limit(1000).get();
    out.push(...(r.data as ChildDoc[]));
    if (r.data.length < 1000) break;
  }
  return out;
}

async function searchAll(openid: string, filter: Record<string, unknown> = {}): Promise<{ id: string; villageCode: string; name?: string }[]> {
  const out: { id: string; villageCode: string }[] = [];
  for (let skip = 0; ; skip += 200) {
    const r = await t.call<{ children: { id: string; villageCode: string }[]; hasMore: boolean }>('registry', 'searchChildren', { ...filter, skip, limit: 200 }, { openid });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    out.push(...r.data.children);
    if (!r.data.hasMore) break;
  }
  return out;
}

beforeAll(async () => {
  t = await startTestStack({ functions: ['registry'], demo: true });
  useStackKey(t);
  all = await everyChild();
}, 120_000);
afterAll(async () => t?.stop());

const today = () => shanghaiDay(t.clock.now());

describe('scope', () => {
  test('the demo seed has the personas\' children and a few hundred more across the county', () => {
    expect(all.map((c) => c._id)).toEqual(expect.arrayContaining(['demo-child-1', 'demo-child-2']));
    expect(all.length).toBeGreaterThan(200);
    expect(new Set(all.map((c) => c.townshipCode)).size).toBeGreaterThan(5);
  });

  test('a village officer sees exactly their village; township staff exactly their township', async () => {
    const mine = await searchAll(VO);
    const expectedVillage = all.filter((c) => c.villageCode === VILLAGE && isActiveOn(c, today())).map((c) => c._id).sort();
    expect(mine.map((c) => c.id).sort()).toEqual(expectedVillage);
    const township = await searchAll(TS);
    const expectedTownship = all.filter((c) => c.townshipCode === TOWNSHIP && isActiveOn(c, today())).map((c) => c._id).sort();
    expect(township.map((c) => c.id).sort()).toEqual(expectedTownship);
    expect(expectedTownship.length).toBeGreaterThan(expectedVillage.length);
    // Asking for another township's village is refused, not silently empty.
    const other = all.find((c) => c.townshipCode !== TOWNSHIP)!;
    const r = await t.call('registry', 'searchChildren', { regionCode: other.villageCode }, { openid: TS });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  test('files outside the caller\'s area can be neither read nor edited', async () => {
    const sameTownOtherVillage = all.find((c) => c.townshipCode === TOWNSHIP && c.villageCode !== VILLAGE)!;
    const otherTown = all.find((c) => c.townshipCode !== TOWNSHIP)!;
    expect(await t.call('registry', 'getChild', { childId: sameTownOtherVillage._id }, { openid: VO })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.call('registry', 'getChild', { childId: sameTownOtherVillage._id }, { openid: TS })).toMatchObject({ ok: true });
    expect(await t.call('registry', 'getChild', { childId: otherTown._id }, { openid: TS })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const edit = { childId: sameTownOtherVillage._id, changes: { remarks: '核实' }, reason: '入户核实' };
    expect(await t.call('registry', 'updateChild', edit, { openid: VO })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.call('registry', 'updateChild', { ...edit, childId: otherTown._id }, { openid: TS })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  test('search by name finds rare characters; by ID number through the keyed hash', async () => {
    const target = all.find((c) => c.townshipCode === TOWNSHIP && !c._id.startsWith('demo-child') && isActiveOn(c, today()))!;
    const renamed = await t.call('registry', 'updateChild', { childId: target._id, changes: { name: '𠮷祥' }, reason: '更正姓名用字' }, { openid: TS });
    expect(renamed.ok).toBe(true);
    const found = await searchAll(TS, { name: '𠮷' });
    expect(found.map((c) => c.id)).toContain(target._id);
    expect(found.find((c) => c.id === target._id)!.name).toBe('𠮷祥');
    // Exactly the active files of the township whose name holds the character.
    const current = await everyChild();
    const want = current.filter((c) => c.townshipCode === TOWNSHIP && isActiveOn(c, today()) && c.name.includes('𠮷')).map((c) => c._id);
    expect(found.map((c) => c.id).sort()).toEqual(want.sort());
    const byId = await searchAll(VO, { idNumber: unseal(all.find((c) => c._id === 'demo-child-2')!.idNumber!) });
    expect(byId.map((c) => c.id)).toEqual(['demo-child-2']);
  });
});

describe('masking and audit', () => {
  test('a village officer gets masked ID numbers and phones; the parent sees their phone in full', async () => {
    const doc = all.find((c) => c._id === 'demo-child-1')!;
    const secrets = [
      { field: 'child.idNumber' as const, plain: unseal(doc.idNumber!) },
      { field: 'guardian.phone' as const, plain: unseal(doc.father!.phone!) },
    ];
    const vo = await t.call('registry', 'getChild', { childId: 'demo-child-1' }, { openid: VO });
    expect(vo.ok).toBe(true);
    expectMaskedFor(vo, 'villageOfficer', secrets);
    const parent = await t.call('registry', 'getChild', { childId: 'demo-child-1' }, { openid: PARENT });
    expect(parent.ok).toBe(true);
    expectMaskedFor(parent, 'parent', secrets);
    const teacher = await t.call('registry', 'getChild', { childId: 'demo-child-1' }, { openid: 'demo-teacher' });
    expect(teacher.ok).toBe(true);
    expectMaskedFor(teacher, 'teacher', secrets);
    // Each says which masked values the caller may see in full with a reason (masking table `reveal`).
    const revealable = (r: unknown) => ((r as { data: { child: { revealable: string[] } } }).data.child.revealable ?? []).slice().sort();
    expect(revealable(vo)).toEqual(expect.arrayContaining(['father.phone', 'idNumber']));
    expect(revealable(parent)).toEqual(['idNumber']);
    // A teacher never sees the ID number (hidden) but may reveal a guardian's phone.
    expect(revealable(teacher)).not.toContain('idNumber');
    expect(revealable(teacher)).toContain('father.phone');
  });

  test('reads and searches are audited: one entry per read, one per search with its count', async () => {
    const db = t.app.database();
    const before = (await db.collection('auditLog').where({ action: 'registry.getChild', 'target.id': 'demo-child-2' }).count()).total;
    await t.call('registry', 'getChild', { childId: 'demo-child-2' }, { openid: VO });
    expect((await db.collection('auditLog').where({ action: 'registry.getChild', 'target.id': 'demo-child-2' }).count()).total).toBe(before + 1);
    const r = await t.call<{ children: unknown[] }>('registry', 'searchChildren', { riskLevel: 'focus' }, { openid: TS });
    const last = (await db.collection('auditLog').where({ action: 'registry.searchChildren' }).orderBy('at', 'desc').limit(1).get()).data[0];
    expect(last).toMatchObject({ op: 'search', role: 'townshipStaff', count: r.ok ? r.data.children.length : -1 });
  });
});

describe('editing', () => {
  test('an officer edit records who, when, old → new and why; the risk override keeps its reason', async () => {
    const r = await t.call<{ child: { risk: { level: string; reason: string }; schooling: string }; changes: { path: string; before?: unknown; after?: unknown }[] }>(
      'registry',
      'updateChild',
      { childId: 'demo-child-2', changes: { schooling: 'droppedOut', 'flags.familyDifficulty': true }, riskOverride: { level: 'attention', reason: '已复学跟踪中' }, reason: '入户走访发现辍学' },
      { openid: VO },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.child.schooling).toBe('droppedOut');
    expect(r.data.child.risk).toMatchObject({ level: 'attention' });
    expect(r.data.changes.map((c) => c.path).sort()).toEqual(['flags.familyDifficulty', 'risk.override', 'schooling'].sort());
    const h = await t.call<{ entries: { op: string; reason: string; role: string; at: string; changes: { path: string; before?: unknown; after?: unknown }[] }[] }>(
      'registry',
      'childHistory',
      { childId: 'demo-child-2' },
      { openid: TS },
    );
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    const e = h.data.entries[0];
    expect(e).toMatchObject({ op: 'update', reason: '入户走访发现辍学', role: 'villageOfficer' });
    expect(e.changes.find((c) => c.path === 'schooling')).toMatchObject({ after: 'droppedOut' });
    // Clearing the override returns to the derived level (dropout → focus).
    const back = await t.call<{ child: { risk: { level: string } } }>('registry', 'updateChild', { childId: 'demo-child-2', riskOverride: null, reason: '撤销人工调整' }, { openid: VO });
    expect(back.ok && back.data.child.risk.level).toBe('focus');
  });

  test('a bad edit is refused naming the field, and nothing is written', async () => {
    const before = (await t.app.database().collection('children').doc('demo-child-1').get()).data[0];
    const r = await t.call('registry', 'updateChild', { childId: 'demo-child-1', changes: { 'father.phone': '12345', schooling: 'primary' }, reason: '更正电话' }, { openid: VO });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(JSON.stringify(r)).toContain('father.phone');
    const after = (await t.app.database().collection('children').doc('demo-child-1').get()).data[0];
    expect(after).toEqual(before);
  });

  test('an edit whose ID number tells another birth date or gender is refused as the census import refuses it, and nothing is written', async () => {
    const before = (await t.app.database().collection('children').doc('demo-child-1').get()).data[0];
    // A valid ID (check digit right) of a girl born 2015-03-17 (17th digit even).
    const first17 = '34172120150317002';
    const id = first17 + idCheckChar(first17);
    const birth = await t.call('registry', 'updateChild', { childId: 'demo-child-1', changes: { idNumber: id, birthDate: '2021-03-17' }, reason: '更正身份证号' }, { openid: VO });
    expect(birth).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: '身份证号：出生日期与身份证号不一致' } });
    const gender = await t.call('registry', 'updateChild', { childId: 'demo-child-1', changes: { idNumber: id, birthDate: '2015-03-17', gender: 'male' }, reason: '更正身份证号' }, { openid: VO });
    expect(gender).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: '身份证号：性别与身份证号不一致' } });
    const after = (await t.app.database().collection('children').doc('demo-child-1').get()).data[0];
    expect(after).toEqual(before);
  });

  test('leaving the registry with a reason, then coming back', async () => {
    const left = await t.call<{ child: { effectiveStatus: string; leftReason: string } }>('registry', 'updateChild', { childId: 'demo-child-2', leave: { reason: 'parentReturned' }, reason: '父母返乡' }, { openid: VO });
    expect(left.ok && left.data.child).toMatchObject({ effectiveStatus: 'left', leftReason: 'parentReturned' });
    expect((await searchAll(VO)).map((c) => c.id)).not.toContain('demo-child-2');
    const back = await t.call<{ child: { effectiveStatus: string } }>('registry', 'updateChild', { childId: 'demo-child-2', reactivate: true, reason: '父母再次外出' }, { openid: VO });
    expect(back.ok && back.data.child.effectiveStatus).toBe('active');
  });

  test('a bound parent updates their own work place and phone, recorded in history', async () => {
    const r = await t.call<{ child: { father: { workPlace: string; phone: string } } }>('registry', 'updateMyContact', { childId: 'demo-child-1', parent: 'father', workPlace: '江苏省南京市', phone: '139 1234 5678' }, { openid: PARENT });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.child.father).toMatchObject({ workPlace: '江苏省南京市', phone: '13912345678' });
    const stored = (await t.app.database().collection('children').doc('demo-child-1').get()).data[0] as ChildDoc;
    expect(unseal(stored.father!.phone!)).toBe('13912345678');
    // Not the mother on this file.
    expect(await t.call('registry', 'updateMyContact', { childId: 'demo-child-1', parent: 'mother', phone: '13912345678' }, { openid: PARENT })).toMatchObject({ ok: false, error: { code: 'PARENT_MISMATCH' } });
    // Not another child.
    expect(await t.call('registry', 'updateMyContact', { childId: 'demo-child-2', parent: 'father', phone: '13912345678' }, { openid: PARENT })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('county summary', () => {
  test('cross-sums hold on the demo county and the total is the active children', async () => {
    const r = await t.call<{ ok: boolean; checks: { ok: boolean }[]; rows: { regionCode: string; level: string; cells: Record<string, number> }[]; partitions: Record<string, string[]> }>(
      'registry',
      'countySummary',
      {},
      { openid: CA },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.ok).toBe(true);
    expect(r.data.checks.length).toBeGreaterThan(100);
    const county = r.data.rows.find((x) => x.level === 'county')!;
    const current = await everyChild();
    expect(county.cells.total).toBe(current.filter((c) => isActiveOn(c, today())).length);
    // Independently: every partition and every level adds up.
    for (const row of r.data.rows) for (const cols of Object.values(r.data.partitions)) expect(cols.reduce((s, c) => s + row.cells[c], 0)).toBe(row.cells.total);
    const towns = r.data.rows.filter((x) => x.level === 'township');
    expect(towns.reduce((s, x) => s + x.cells.total, 0)).toBe(county.cells.total);
    expect(r.data.rows.filter((x) => x.level === 'village').reduce((s, x) => s + x.cells['age:6-13'], 0)).toBe(county.cells['age:6-13']);
  });

  test('a cell\'s drill-down lists exactly the children counted', async () => {
    const r = await t.call<{ rows: { regionCode: string; level: string; cells: Record<string, number> }[] }>('registry', 'countySummary', { regionCode: TOWNSHIP }, { openid: TS });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const town = r.data.rows.find((x) => x.regionCode === TOWNSHIP)!;
    const current = await everyChild();
    for (const column of ['guardianship:fair', 'risk:focus', 'age:14-15', 'sex:female']) {
      const ids: string[] = [];
      for (let skip = 0; ; skip += 50) {
        const c = await t.call<{ total: number; children: { id: string }[]; hasMore: boolean }>('registry', 'summaryCell', { regionCode: TOWNSHIP, column, skip, limit: 50 }, { openid: TS });
        if (!c.ok) throw new Error(JSON.stringify(c.error));
        expect(c.data.total).toBe(town.cells[column]);
        ids.push(...c.data.children.map((x) => x.id));
        if (!c.data.hasMore) break;
      }
      expect(ids.length).toBe(town.cells[column]);
      // Independently from the stored files.
      const [group, key] = column.split(':');
      const want = current.filter((c) => c.townshipCode === TOWNSHIP && isActiveOn(c, today())).filter((c) => {
        if (group === 'guardianship') return c.guardianshipType === key;
        if (group === 'risk') return c.risk?.level === key;
        if (group === 'sex') return c.gender === key;
        const age = Number(today().slice(0, 4)) - Number(c.birthDate!.slice(0, 4)) - (today().slice(5) < c.birthDate!.slice(5) ? 1 : 0);
        return age >= 14 && age <= 15;
      });
      expect(ids.sort()).toEqual(want.map((c) => c._id).sort());
    }
  });

  test('the summary exports as xlsx with Chinese headers', async () => {
    const r = await t.call<{ base64: string; ok: boolean }>('registry', 'exportSummary', {}, { openid: CA });
    expect(r.ok && r.data.ok).toBe(true);
    if (!r.ok) return;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.data.base64, 'base64') as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).getCell(4).value).toBe('留守儿童总数');
    expect(ws.rowCount).toBeGreaterThan(250);
    // The cross-checks sheet reads in Chinese: every check passes and names its columns in words.
    const checks = wb.getWorksheet('勾稽校验')!;
    const lines = Array.from({ length: checks.rowCount - 1 }, (_, i) => checks.getRow(i + 2));
    expect(lines.length).toBeGreaterThan(100);
    for (const l of lines) {
      expect(String(l.getCell(2).value)).not.toMatch(/[A-Za-z]/);
      expect(l.getCell(5).value).toBe('通过');
    }
  });
});

describe('coverage', () => {
  test('an import marks its households and groups visited; officers mark the rest; gaps are listed down to the household', async () => {
    const gen = await generateRoster({
      format: 'csv-utf8',
      county: { code: '341721', name: '东至县' },
      town: { code: TOWNSHIP, name: '尧渡镇' },
      sheets: [{ sheetName: '团结社区', village: { code: VILLAGE, name: '团结社区' }, families: [{ children: [{}, {}] }, { children: [{}] }] }],
      headerStyle: 'one-row',
      censusDate: '2026-09-30',
      seed: 11,
    });
    const run = await importRoster(t, VO, { name: '341721-尧渡镇-团结社区.csv', bytes: gen.bytes });
    expect(run.progress.counts.accepted).toBe(3);
    const cov = await t.call<{ villages: { villageCode: string; households: number; visitedHouseholds: number; unvisitedHouseholds: { householdId: string }[]; groups: { name: string; visited: boolean }[] }[] }>(
      'registry',
      'coverage',
      { regionCode: TOWNSHIP },
      { openid: TS },
    );
    expect(cov.ok).toBe(true);
    if (!cov.ok) return;
    const v = cov.data.villages.find((x) => x.villageCode === VILLAGE)!;
    expect(v.visitedHouseholds).toBe(2);
    expect(v.unvisitedHouseholds.length).toBe(v.households - 2);
    expect(v.groups.some((g) => g.visited)).toBe(true);
    const gap = v.unvisitedHouseholds[0];
    const mark = await t.call('registry', 'markCoverage', { villageCode: VILLAGE, householdId: gap.householdId, visited: true }, { openid: VO });
    expect(mark.ok).toBe(true);
    const after = await t.call<{ villages: { villageCode: string; visitedHouseholds: number }[] }>('registry', 'coverage', { regionCode: VILLAGE }, { openid: VO });
    expect(after.ok && after.data.villages.find((x) => x.villageCode === VILLAGE)!.visitedHouseholds).toBe(3);
    // For one village, each unvisited household is named by its children (as the officer sees names), never only by its id.
    const one = await t.call<{ villages: { unvisitedHouseholds: { householdId: string; childNames?: string[] }[] }[] }>('registry', 'coverage', { regionCode: VILLAGE }, { openid: VO });
    expect(one.ok).toBe(true);
    if (!one.ok) return;
    const rows = one.data.villages[0].unvisitedHouseholds;
    expect(rows.length).toBeGreaterThan(0);
    const named = (await everyChild()).filter((c) => c.villageCode === VILLAGE && c.householdId === rows[0].householdId && c.status !== 'left').map((c) => c.name).sort();
    expect([...(rows[0].childNames ?? [])].sort()).toEqual(named);
    expect(rows.every((r) => (r.childNames ?? []).length > 0)).toBe(true);
    // The township's view of many villages leaves the names out (the page lists households per village).
    expect(v.unvisitedHouseholds.every((r) => (r as { childNames?: string[] }).childNames === undefined)).toBe(true);
    // A village officer cannot mark another village.
    expect(await t.call('registry', 'markCoverage', { villageCode: '341721100002', group: '1组' }, { openid: VO })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  }, 60_000);
});

describe('places by name', () => {
  test('a helpline agent (no place in their scope) and a village officer both get the county\'s townships and villages by name', async () => {
    for (const openid of ['demo-helpline-agent', VO]) {
      const r = await t.call<any>('registry', 'regions', {}, { openid });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      expect(r.data.county).toEqual({ code: '341721', name: '东至县' });
      expect(r.data.townships).toHaveLength(17);
      const yaodu = r.data.townships.find((x: any) => x.code === TOWNSHIP);
      expect(yaodu.name).toBe('尧渡镇');
      expect(yaodu.villages.find((v: any) => v.code === VILLAGE)).toEqual({ code: VILLAGE, name: expect.stringContaining('团结') });
      expect(r.data.townships.reduce((n: number, x: any) => n + x.villages.length, 0)).toBe(253);
    }
    expect(await t.call('registry', 'regions', {}, { openid: 'o-nobody' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('no plaintext at rest after the demo seed and an import', () => {
  function filesUnder(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
  }

  test('no ID number or phone of any child file appears in the database files, audit log or storage folder', async () => {
    const secrets = new Set<string>();
    const collect = (v: unknown): void => {
      if (isSealed(v)) secrets.add(unseal(v));
      else if (v && typeof v === 'object') for (const x of Object.values(v as object)) collect(x);
    };
    for (const c of await everyChild()) collect(c);
    expect(secrets.size).toBeGreaterThan(500);
    const hits: string[] = [];
    for (const file of filesUnder(t.stack.dataDir).filter((p) => !p.includes(join('keys', '')))) {
      const text = readFileSync(file).toString('latin1');
      for (const s of secrets) if (text.includes(s)) hits.push(`${file}: ${s.slice(0, 3)}…`);
    }
    expect(hits).toEqual([]);
  });
});
