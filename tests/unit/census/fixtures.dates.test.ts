/**
 * The three fixture rosters, imported in the README's order (尧渡镇, 东流镇, 张溪镇), give exactly
 * the outcome in expected.json. Date-sensitive (Excel dates): runs under TZ=UTC and Asia/Shanghai.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createRegionIndex,
  importRosters,
  type RosterOutcome,
} from '../../../cloudfunctions/registry/src/census';
import { NormalizedCensusRowSchema } from '../../../cloudfunctions/_shared/contracts/census';
import { CENSUS_FIXTURES_DIR, censusTestRegionTree, DIVISIONS_FILE, divisionsAvailable } from '../../helpers/census-generator';

interface ExpectedFile {
  file: string;
  town: { code: string; name: string };
  sheets: Array<{
    sheet: string;
    village: { code: string; name: string };
    rows: Array<{
      row: number;
      kind: 'child' | 'blank' | 'total' | 'footer';
      expected: 'accept' | 'reject' | 'skip';
      reasons?: string[];
      warnings?: string[];
      normalized?: Record<string, unknown>;
    }>;
  }>;
}
const expected = JSON.parse(readFileSync(join(CENSUS_FIXTURES_DIR, 'expected.json'), 'utf8')) as {
  censusDate: string;
  files: ExpectedFile[];
  summary: { childRows: number; accept: number; reject: number; byReason: Record<string, number> };
};

async function importFixtures(tree: Parameters<typeof createRegionIndex>[0]): Promise<RosterOutcome[]> {
  const files = expected.files.map((f) => ({ name: f.file, bytes: new Uint8Array(readFileSync(join(CENSUS_FIXTURES_DIR, f.file))) }));
  return importRosters(files, createRegionIndex(tree), { censusDate: expected.censusDate });
}

/** Every mismatch between an import and expected.json, as readable lines (empty when equal). */
function compare(outcomes: RosterOutcome[]): { mismatches: string[]; matched: number } {
  const mismatches: string[] = [];
  let matched = 0;
  expected.files.forEach((f, i) => {
    const got = outcomes[i];
    const listed = new Set<string>();
    for (const s of f.sheets) {
      for (const r of s.rows) {
        const where = `${f.file} ${s.sheet} row ${r.row}`;
        listed.add(`${s.sheet}#${r.row}`);
        const result = got.rows.find((x) => x.sheet === s.sheet && x.row === r.row);
        const skipped = got.skipped.find((x) => x.sheet === s.sheet && x.row === r.row);
        const before = mismatches.length;
        if (r.kind !== 'child') {
          if (result) mismatches.push(`${where}: ${r.kind} row was treated as a child row`);
          else if (!skipped || skipped.kind !== r.kind) mismatches.push(`${where}: expected skipped ${r.kind}, got ${skipped?.kind}`);
        } else if (!result) {
          mismatches.push(`${where}: child row missing (skipped as ${skipped?.kind})`);
        } else {
          if (result.outcome !== r.expected) mismatches.push(`${where}: ${result.outcome} (${result.reasons}) instead of ${r.expected}`);
          for (const code of r.reasons ?? []) if (!result.reasons.includes(code as never)) mismatches.push(`${where}: ${code} not reported`);
          if (JSON.stringify(result.warnings) !== JSON.stringify(r.warnings ?? [])) mismatches.push(`${where}: warnings ${result.warnings}`);
          if (r.normalized) {
            const norm = (result.normalized ?? {}) as Record<string, unknown>;
            for (const [k, v] of Object.entries(r.normalized)) {
              if (JSON.stringify(norm[k] ?? null) !== JSON.stringify(v)) mismatches.push(`${where}: ${k}=${JSON.stringify(norm[k])} expected ${JSON.stringify(v)}`);
            }
            if (norm.villageCode !== s.village.code || norm.townshipCode !== f.town.code) mismatches.push(`${where}: place ${norm.villageCode}`);
          }
        }
        if (mismatches.length === before) matched++;
      }
    }
    // Nothing the importer reports as a child row may be missing from expected.json.
    for (const r of got.rows) if (!listed.has(`${r.sheet}#${r.row}`)) mismatches.push(`${f.file} ${r.sheet} row ${r.row}: unexpected child row`);
  });
  return { mismatches, matched };
}

describe('census fixtures reproduce expected.json', () => {
  let outcomes: RosterOutcome[];
  beforeAll(async () => {
    outcomes = await importFixtures(censusTestRegionTree());
  });

  it('matches every row: outcome, expected codes among reported, skips, normalized values', () => {
    const { mismatches, matched } = compare(outcomes);
    expect(mismatches).toEqual([]);
    const total = expected.files.reduce((n, f) => n + f.sheets.reduce((m, s) => m + s.rows.length, 0), 0);
    expect(matched).toBe(total);
  });

  it('agrees with the summary: child rows, accepts, rejects', () => {
    const rows = outcomes.flatMap((o) => o.rows);
    expect(rows).toHaveLength(expected.summary.childRows);
    expect(rows.filter((r) => r.outcome === 'accept')).toHaveLength(expected.summary.accept);
    expect(rows.filter((r) => r.outcome === 'reject')).toHaveLength(expected.summary.reject);
  });

  it('reports no sheet or file problem and matches every sheet to its village', () => {
    for (const [i, o] of outcomes.entries()) {
      expect(o.problems).toEqual([]);
      expect(o.read.sheets.map((s) => s.village?.code)).toEqual(expected.files[i].sheets.map((s) => s.village.code));
    }
  });

  it('stores accepted rows that satisfy the shared contract schema', () => {
    for (const r of outcomes.flatMap((o) => o.rows).filter((x) => x.outcome === 'accept')) {
      const parsed = NormalizedCensusRowSchema.safeParse(r.normalized);
      expect(parsed.success ? 'ok' : `${r.sheet} ${r.row}: ${JSON.stringify(parsed.error.issues)}`).toBe('ok');
    }
  });

  it('keeps rare names exactly, including characters outside the BMP', () => {
    const names = outcomes.flatMap((o) => o.rows).map((r) => r.normalized?.name).filter(Boolean) as string[];
    const rare = (n: string) => Array.from(n).some((ch) => ch.codePointAt(0)! > 0xffff || (ch >= '\u3400' && ch <= '\u4dbf'));
    const expectedRare = expected.files
      .flatMap((f) => f.sheets.flatMap((s) => s.rows))
      .map((r) => r.normalized?.name as string | undefined)
      .filter((n): n is string => !!n && rare(n));
    expect(expectedRare.length).toBeGreaterThanOrEqual(2);
    expect(names).toEqual(expect.arrayContaining(expectedRare));
    // NFKC would not alter these names: the importer's care is about compatibility ideographs.
    for (const n of names) expect(n.normalize('NFKC')).toBe(n);
  });

  it('points the duplicate child at its first occurrence in the earlier file', () => {
    const dup = outcomes[1].rows.find((r) => r.sheet === '长岭村委会' && r.row === 18)!;
    expect(dup.duplicateOf).toEqual({ kind: 'import', file: '341721-尧渡镇-留守儿童花名册.xlsx', sheet: '老街社区', row: 15 });
  });

  it('flags the files incomplete: the rosters lack optional national-form fields', () => {
    for (const o of outcomes) expect(o.incomplete).toBe(true);
    const first = outcomes[0].rows[0];
    expect(first.missingOptional).toEqual(expect.arrayContaining(['hukouRegistered', 'hukouPlace', 'paternalGrandfatherName', 'assistance']));
    expect(first.missingOptional).not.toContain('fatherPhone');
  });

  (divisionsAvailable() ? it : it.skip)('gives the same outcome against the real 东至县 divisions file', async () => {
    const real = await importFixtures(JSON.parse(readFileSync(DIVISIONS_FILE, 'utf8')));
    expect(compare(real).mismatches).toEqual([]);
  });
});
