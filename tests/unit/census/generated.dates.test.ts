/**
 * Rosters generated with the same kinds of mess as the fixtures (tests/helpers/census-generator.ts)
 * give the outcome the generator predicts: xlsx and CSV (UTF-8, UTF-8 with BOM, GB18030), one-
 * and two-row headers, merged sibling cells, serial and hand-written dates, 15-digit caregiver
 * IDs, rare names, duplicates across files, unmatched sheets, the 16th birthday (29 February
 * included). Date-sensitive: runs under TZ=UTC and Asia/Shanghai.
 */
import {
  createDedupeState,
  createRegionIndex,
  importRosters,
  readRoster,
  validateRoster,
  type RosterOutcome,
} from '../../../cloudfunctions/registry/src/census';
import { NormalizedCensusRowSchema } from '../../../cloudfunctions/_shared/contracts/census';
import {
  censusTestRegionTree,
  generateRoster,
  type FamilySpec,
  type GeneratedRoster,
  type RosterSpec,
} from '../../helpers/census-generator';

const regions = createRegionIndex(censusTestRegionTree());
const COUNTY = { code: '341721', name: '东至县' };
const YAODU = { code: '341721100', name: '尧渡镇' };
const DONGLIU = { code: '341721101', name: '东流镇' };
const ZHANGXI = { code: '341721104', name: '张溪镇' };
const CENSUS_DATE = '2026-09-30';

/** Compares an import with the generator's prediction; returns readable mismatches. */
function mismatches(outcome: RosterOutcome, gen: GeneratedRoster): string[] {
  const out: string[] = [];
  for (const e of gen.expected) {
    const where = `${gen.name} ${e.sheet} row ${e.row}`;
    const result = outcome.rows.find((r) => r.sheet === e.sheet && r.row === e.row);
    const skipped = outcome.skipped.find((r) => r.sheet === e.sheet && r.row === e.row);
    if (e.kind !== 'child') {
      if (result || skipped?.kind !== e.kind) out.push(`${where}: expected skipped ${e.kind}, got ${result ? 'child' : skipped?.kind}`);
      continue;
    }
    if (!result) {
      out.push(`${where}: child row not found (${skipped?.kind})`);
      continue;
    }
    if (result.outcome !== e.outcome) out.push(`${where}: ${result.outcome} [${result.reasons}] expected ${e.outcome} [${e.reasons}]`);
    // Every failed check is reported: the generator predicts them all, so compare as sets.
    if ([...result.reasons].sort().join() !== [...(e.reasons ?? [])].sort().join()) out.push(`${where}: reasons [${result.reasons}] expected [${e.reasons}]`);
    if (result.warnings.join() !== (e.warnings ?? []).join()) out.push(`${where}: warnings [${result.warnings}] expected [${e.warnings}]`);
    if (e.normalized) {
      const got = (result.normalized ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(e.normalized)) {
        if (JSON.stringify(got[k]) !== JSON.stringify(v)) out.push(`${where}: ${k}=${JSON.stringify(got[k])} expected ${JSON.stringify(v)}`);
      }
      const parsed = NormalizedCensusRowSchema.safeParse(result.normalized);
      if (!parsed.success) out.push(`${where}: schema ${JSON.stringify(parsed.error.issues)}`);
    }
  }
  const listed = new Set(gen.expected.map((e) => `${e.sheet}#${e.row}`));
  for (const r of outcome.rows) if (!listed.has(`${r.sheet}#${r.row}`)) out.push(`${gen.name} ${r.sheet} row ${r.row}: unexpected child row`);
  return out;
}

function problemCodes(outcome: RosterOutcome, sheet: string): string[] {
  return outcome.problems.filter((p) => p.sheet === sheet).map((p) => p.code);
}

/** A village's worth of families with every kind of mess and fault the fixtures show. */
function messyFamilies(): FamilySpec[] {
  return [
    { children: [{ dateWrite: 'serial', idWrite: 'fullwidth' }] },
    { mergeParents: true, caregiverId15: true, phoneWrite: 'plus86', children: [{ dateWrite: 'dotted' }, { dateWrite: 'excel-date', idWrite: 'lowerx' }, { dateWrite: 'chinese' }] },
    { children: [{ dateWrite: 'compact', idWrite: 'spaced', spacedName: true }], groupWrite: 'fullwidth' },
    { children: [{ dateWrite: 'slashed', idWrite: 'invisible' }], phoneWrite: 'number', groupWrite: 'number' },
    { children: [{ dateWrite: 'fullwidth-chinese' }], groupWrite: 'ordinal', phoneWrite: 'fullwidth' },
    { children: [{ dateWrite: 'compact-number' }], oneAwayOtherIncapable: true },
    { mergeParents: true, children: [{ faults: ['FATHER_PHONE_INVALID'], dateWrite: 'iso' }, { dateWrite: 'serial' }] },
    { children: [{ faults: ['ID_CHECKSUM'] }] },
    { children: [{ faults: ['ID_FORMAT_NUMBER'] }] },
    { children: [{ faults: ['ID_FORMAT_SCI'] }] },
    { children: [{ faults: ['ID_FORMAT_SHORT'] }] },
    { children: [{ faults: ['ID_BIRTH_MISMATCH'], dateWrite: 'slashed' }] },
    { children: [{ faults: ['GENDER_MISMATCH'] }] },
    { children: [{ faults: ['NOT_LEFT_BEHIND'] }] },
    { children: [{ faults: ['REQUIRED_MISSING'] }] },
    { children: [{ faults: ['DATE_INVALID'] }] },
    { children: [{ faults: ['ID_BIRTH_MISMATCH', 'GENDER_MISMATCH', 'NOT_LEFT_BEHIND'], dateWrite: 'chinese' }] },
    { children: [{ birthDate: '2010-09-30', dateWrite: 'iso' }, { birthDate: '2010-10-01', dateWrite: 'dotted' }] },
  ];
}

describe('generated xlsx roster (two-row merged headers, several villages)', () => {
  let gen: GeneratedRoster;
  let outcome: RosterOutcome;
  beforeAll(async () => {
    const spec: RosterSpec = {
      format: 'xlsx',
      county: COUNTY,
      town: YAODU,
      headerStyle: 'two-row',
      censusDate: CENSUS_DATE,
      seed: 7,
      sheets: [
        { sheetName: '团结社区', village: { code: '341721100001', name: '团结社区' }, families: messyFamilies(), blankEvery: 4 },
        { sheetName: '1.尧舜', village: { code: '341721100002', name: '尧舜社区' }, titleVillage: '尧舜社区', families: [{ children: [{}, {}] }] },
        { sheetName: 'Sheet3', families: [{ children: [{}] }] },
        { sheetName: '秋浦社区', titleVillage: '梅林社区', families: [{ children: [{}] }] },
        { sheetName: '团结', titleVillage: '团结', families: [{ children: [{}] }] },
      ],
    };
    gen = await generateRoster(spec);
    [outcome] = await importRosters([{ name: gen.name, bytes: gen.bytes }], regions, { censusDate: CENSUS_DATE });
  });

  it('gives the predicted outcome for every row', () => {
    expect(mismatches(outcome, gen)).toEqual([]);
    expect(outcome.rows.filter((r) => r.outcome === 'accept').length).toBeGreaterThan(10);
  });

  it('matches sheet names within the town and reports the ones it cannot match', () => {
    expect(problemCodes(outcome, '团结社区')).toEqual([]);
    expect(problemCodes(outcome, '1.尧舜')).toEqual([]);
    expect(problemCodes(outcome, 'Sheet3')).toEqual(['SHEET_VILLAGE_UNMATCHED']);
    expect(problemCodes(outcome, '秋浦社区')).toEqual(['SHEET_TITLE_MISMATCH']);
    expect(problemCodes(outcome, '团结')).toEqual(['SHEET_VILLAGE_AMBIGUOUS']);
    const sheets = outcome.read.sheets;
    expect(sheets.map((s) => s.village?.code)).toEqual(['341721100001', '341721100002', undefined, undefined, undefined]);
    expect(sheets[0].headerRows).toEqual([3, 4]);
    expect(sheets[0].headers.find((h) => h.field === 'fatherPhone')?.key).toBe('父亲|联系电话');
  });

  it('fills merged parent cells down to every sibling', () => {
    const siblings = outcome.rows.filter((r) => r.sheet === '团结社区' && r.normalized?.caregiverIdNumber).map((r) => r.normalized!);
    const byCaregiver = new Map<string, number>();
    for (const n of siblings) byCaregiver.set(n.caregiverIdNumber!, (byCaregiver.get(n.caregiverIdNumber!) ?? 0) + 1);
    expect(Math.max(...byCaregiver.values())).toBe(3);
  });
});

describe('generated CSV rosters', () => {
  const cases: Array<[RosterSpec['format'], RosterSpec['headerStyle'], string]> = [
    ['csv-utf8-bom', 'one-row', 'utf-8-bom'],
    ['csv-gb18030', 'two-row', 'gb18030'],
    ['csv-utf8', 'two-row', 'utf-8'],
  ];
  it.each(cases)('%s with a %s header gives the predicted outcome', async (format, headerStyle, encoding) => {
    const gen = await generateRoster({
      format,
      county: COUNTY,
      town: DONGLIU,
      headerStyle,
      censusDate: CENSUS_DATE,
      seed: 11,
      sheets: [{ sheetName: '菊江社区', village: { code: '341721101002', name: '菊江社区' }, families: messyFamilies(), blankEvery: 3 }],
    });
    const read = await readRoster({ name: gen.name, bytes: gen.bytes }, regions);
    expect(read.format).toBe('csv');
    expect(read.encoding).toBe(encoding);
    const outcome = validateRoster(read, { censusDate: CENSUS_DATE });
    expect(outcome.problems).toEqual([]);
    expect(mismatches(outcome, gen)).toEqual([]);
    // The rare first name survives the encoding round trip.
    const first = outcome.rows[0].normalized!;
    expect(Array.from(first.name).some((ch) => ch.codePointAt(0)! > 0xffff || ch === '䶮' || ch === '堃' || ch === '昇')).toBe(true);
  });
});

describe('headers as villages make them: two or three rows, merged group cells', () => {
  const styles: Array<[RosterSpec['format'], RosterSpec['headerStyle'], number[]]> = [
    ['xlsx', 'parent-groups', [3, 4]],
    ['csv-utf8-bom', 'parent-groups', [3, 4]],
    ['xlsx', 'three-row', [3, 4, 5]],
    ['csv-gb18030', 'three-row', [3, 4, 5]],
  ];
  it.each(styles)('%s with a %s header keeps the parents’ names and phones and imports no header row', async (format, headerStyle, headerRows) => {
    const gen = await generateRoster({
      format, county: COUNTY, town: DONGLIU, headerStyle, censusDate: CENSUS_DATE, seed: 61,
      sheets: [{
        sheetName: '菊江社区', village: { code: '341721101002', name: '菊江社区' },
        families: messyFamilies(), blankEvery: 5, repeatHeaderEvery: 6,
      }],
    });
    const read = await readRoster({ name: gen.name, bytes: gen.bytes }, regions);
    const outcome = validateRoster(read, { censusDate: CENSUS_DATE });
    expect(outcome.problems).toEqual([]);
    expect(mismatches(outcome, gen)).toEqual([]);
    const sheet = read.sheets[0];
    expect(sheet.headerRows).toEqual(headerRows);
    // Every column of the form is mapped, none ignored; the parents' columns by their group cells.
    expect(sheet.headers.filter((h) => !h.field)).toEqual([]);
    const byField = Object.fromEntries(sheet.headers.map((h) => [h.field, h.key]));
    expect(byField.fatherName).toMatch(/(^|\|)父亲\|姓名$/);
    expect(byField.motherPhone).toMatch(/(^|\|)母亲\|联系电话$/);
    expect(byField.caregiverPhone).toMatch(/电话$/);
    // The repeated header bands (every one of their rows) are header rows, never children.
    expect(gen.expected.filter((e) => e.kind === 'header').length).toBe(headerRows.length * 2);
    const accepted = outcome.rows.filter((r) => r.outcome === 'accept');
    expect(accepted.length).toBeGreaterThan(10);
    // (A CSV leaves merged sibling cells empty, so only rows that carry them have parents.)
    expect(accepted.filter((r) => r.normalized!.fatherName && r.normalized!.motherPhone !== undefined).length).toBeGreaterThanOrEqual(8);
  });
});

describe('the same child in two files', () => {
  it('rejects the later occurrence with DUPLICATE_ID; the first wins', async () => {
    const seen = new Set<string>();
    const a = await generateRoster(
      {
        format: 'xlsx', county: COUNTY, town: YAODU, headerStyle: 'two-row', censusDate: CENSUS_DATE, seed: 21,
        sheets: [{ sheetName: '老街社区', village: { code: '341721100006', name: '老街社区' }, families: [{ children: [{}, {}] }, { children: [{ faults: ['NOT_LEFT_BEHIND'] }] }] }],
      },
      seen,
    );
    const [first, second, rejected] = a.children;
    const b = await generateRoster(
      {
        format: 'csv-gb18030', county: COUNTY, town: ZHANGXI, headerStyle: 'one-row', censusDate: CENSUS_DATE, seed: 22,
        sheets: [{
          sheetName: '东湖村委会', village: { code: '341721104201', name: '东湖村委会' },
          families: [
            { children: [{ sameAs: first, name: '重复甲' }] },
            { children: [{ sameAs: second, faults: ['GENDER_MISMATCH'] }] },
            // The earlier row was rejected, so it registered nothing: this one is accepted.
            { children: [{ sameAs: rejected }] },
            { children: [{}, {}] },
          ],
        }],
      },
      seen,
    );
    const outcomes = await importRosters([a, b].map((g) => ({ name: g.name, bytes: g.bytes })), regions, { censusDate: CENSUS_DATE });
    expect(mismatches(outcomes[0], a)).toEqual([]);
    expect(mismatches(outcomes[1], b)).toEqual([]);
    const dup = outcomes[1].rows[0];
    expect(dup.reasons).toEqual(['DUPLICATE_ID']);
    expect(dup.duplicateOf).toEqual({ kind: 'import', file: a.name, sheet: '老街社区', row: 5 });
    expect(outcomes[1].rows[1].reasons.sort()).toEqual(['DUPLICATE_ID', 'GENDER_MISMATCH']);
    expect(outcomes[1].rows[2].outcome).toBe('accept');
  });

  it('asks the registry hook: another village is a duplicate, the same village an update', async () => {
    const gen = await generateRoster({
      format: 'xlsx', county: COUNTY, town: YAODU, headerStyle: 'two-row', censusDate: CENSUS_DATE, seed: 31,
      sheets: [{ sheetName: '梅林社区', village: { code: '341721100004', name: '梅林社区' }, families: [{ children: [{}] }, { children: [{}] }, { children: [{}] }] }],
    });
    const [elsewhere, here] = gen.children;
    const registry: Record<string, { villageCode: string; childId: string }> = {
      [elsewhere.idNumber]: { villageCode: '341721101202', childId: 'c-1' },
      [here.idNumber]: { villageCode: '341721100004', childId: 'c-2' },
    };
    const [outcome] = await importRosters([{ name: gen.name, bytes: gen.bytes }], regions, {
      censusDate: CENSUS_DATE,
      existing: (id) => registry[id],
    });
    expect(outcome.rows[0]).toMatchObject({ outcome: 'reject', reasons: ['DUPLICATE_ID'], duplicateOf: { kind: 'registry', villageCode: '341721101202', childId: 'c-1' } });
    expect(outcome.rows[1]).toMatchObject({ outcome: 'accept', existingChildId: 'c-2' });
    expect(outcome.rows[2]).toMatchObject({ outcome: 'accept' });
    expect(outcome.rows[2].existingChildId).toBeUndefined();
  });

  it('carries the dedupe state across chunks and invocations as plain JSON', async () => {
    const gen = await generateRoster({
      format: 'xlsx', county: COUNTY, town: YAODU, headerStyle: 'two-row', censusDate: CENSUS_DATE, seed: 41,
      sheets: [{ sheetName: '尧河社区', village: { code: '341721100005', name: '尧河社区' }, families: [{ children: [{}] }] }],
    });
    const state = createDedupeState();
    const file = { name: gen.name, bytes: gen.bytes };
    await importRosters([file], regions, { censusDate: CENSUS_DATE, state });
    const restored = JSON.parse(JSON.stringify(state));
    const [again] = await importRosters([file], regions, { censusDate: CENSUS_DATE, state: restored });
    expect(again.rows[0].reasons).toEqual(['DUPLICATE_ID']);
  });
});

describe('the 16th birthday', () => {
  async function one(birthDate: string, censusDate: string, format: RosterSpec['format'] = 'xlsx') {
    const gen = await generateRoster({
      format, county: COUNTY, town: YAODU, headerStyle: 'two-row', censusDate, seed: 51,
      sheets: [{
        sheetName: '团结社区', village: { code: '341721100001', name: '团结社区' },
        families: [{ children: [{ birthDate, dateWrite: 'excel-date' }, { birthDate, dateWrite: 'serial' }, { birthDate, dateWrite: 'chinese' }] }],
      }],
    });
    const [outcome] = await importRosters([{ name: gen.name, bytes: gen.bytes }], regions, { censusDate });
    expect(mismatches(outcome, gen)).toEqual([]);
    return outcome.rows.map((r) => r.outcome);
  }

  it.each([
    ['2010-09-30', '2026-09-30', 'reject'],
    ['2010-10-01', '2026-09-30', 'accept'],
    ['2010-09-29', '2026-09-30', 'reject'],
    ['2008-02-29', '2024-02-28', 'accept'],
    ['2008-02-29', '2024-02-29', 'reject'],
    // A 29 February birthday falls on 1 March in a year without one (2100 is not a leap year).
    ['2084-02-29', '2100-02-28', 'accept'],
    ['2084-02-29', '2100-03-01', 'reject'],
    ['2026-10-01', '2026-09-30', 'reject'],
  ])('born %s, census %s → %s', async (birthDate, censusDate, want) => {
    expect(await one(birthDate, censusDate)).toEqual([want, want, want]);
  });

  it('is the same from a CSV', async () => {
    expect(await one('2008-02-29', '2024-02-28', 'csv-utf8-bom')).toEqual(['accept', 'accept', 'accept']);
  });
});
