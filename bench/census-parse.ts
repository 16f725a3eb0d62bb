/**
 * Census import benchmark: rows/s for reading + validating a generated 10,000-row roster, and the
 * largest chunk that fits the 3 s function timeout. Prints figures; never passes or fails.
 *
 *   npx tsx bench/census-parse.ts            (or: npm run bench, when bench/run.ts includes it)
 *
 * Figures are medians of 3 runs on this machine; docs/census-import.md records them.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import {
  childRowsOf,
  createDedupeState,
  createRegionIndex,
  readRoster,
  validateEntries,
} from '../cloudfunctions/registry/src/census';
import { generateRoster, type FamilySpec, type RosterFormat, type SheetSpec } from '../tests/helpers/census-generator';

const CENSUS_DATE = '2026-09-30';
const TIMEOUT_MS = 3000;
const ROWS = 10_000;
const SHEETS = 20;

const TOWN = { code: '341721100', name: '尧渡镇' };
const villages = Array.from({ length: SHEETS }, (_, i) => ({ code: `341721100${String(101 + i)}`, name: `测试${String.fromCharCode(0x4e00 + i * 7)}村委会` }));
const regions = createRegionIndex({ code: '341721', name: '东至县', towns: [{ ...TOWN, villages }] });

/** Families of 1–3 children with the fixtures' kinds of mess, ~10 % faulty rows. */
function families(children: number): FamilySpec[] {
  const out: FamilySpec[] = [];
  let n = 0;
  for (let i = 0; n < children; i++) {
    const size = Math.min(children - n, (i % 3) + 1);
    const faults = i % 10 === 9 ? (['ID_CHECKSUM'] as const) : i % 10 === 8 ? (['FATHER_PHONE_INVALID'] as const) : [];
    out.push({
      mergeParents: size > 1,
      caregiverId15: i % 4 === 0,
      children: Array.from({ length: size }, () => ({ faults: [...faults] })),
    });
    n += size;
  }
  return out;
}

async function roster(format: RosterFormat) {
  const perSheet = format === 'xlsx' ? ROWS / SHEETS : ROWS;
  const sheets: SheetSpec[] = (format === 'xlsx' ? villages : villages.slice(0, 1)).map((v) => ({
    sheetName: v.name,
    village: v,
    families: families(perSheet),
    blankEvery: 25,
  }));
  return generateRoster({ format, county: { code: '341721', name: '东至县' }, town: TOWN, sheets, headerStyle: 'two-row', censusDate: CENSUS_DATE, seed: 99 });
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

export async function run(): Promise<Record<string, unknown>> {
  // What the lazy require adds to the first roster an instance reads (a fresh process).
  const cold = spawnSync(process.execPath, ['-e', "const t=performance.now();require('exceljs');console.log(performance.now()-t)"], {
    cwd: __dirname,
    encoding: 'utf8',
  });
  const figures: Record<string, unknown> = { exceljsColdRequireMs: Math.round(Number(cold.stdout.trim())) };
  for (const format of ['xlsx', 'csv-gb18030'] as const) {
    const gen = await roster(format);
    const readMs: number[] = [];
    const validateMs: number[] = [];
    let rows = 0;
    let accepted = 0;
    for (let i = 0; i < 3; i++) {
      const a = performance.now();
      const read = await readRoster({ name: gen.name, bytes: gen.bytes }, regions);
      const b = performance.now();
      const entries = childRowsOf(read);
      const results = validateEntries(read.file, entries, { censusDate: CENSUS_DATE, state: createDedupeState() });
      const c = performance.now();
      readMs.push(b - a);
      validateMs.push(c - b);
      rows = results.length;
      accepted = results.filter((r) => r.outcome === 'accept').length;
    }
    const read = median(readMs);
    const validate = median(validateMs);
    figures[format] = {
      fileKiB: Math.round(gen.bytes.byteLength / 1024),
      childRows: rows,
      accepted,
      readMs: Math.round(read),
      validateMs: Math.round(validate),
      rowsPerSecond: Math.round((rows / (read + validate)) * 1000),
      validateRowsPerSecond: Math.round((rows / validate) * 1000),
      // A chunk that re-reads the file and validates all of it must fit 3 s:
      largestWholeFileRowsIn3s: Math.floor((TIMEOUT_MS / (read + validate)) * rows),
      // Validation alone (file read once, rows handed over in chunks):
      largestValidateChunkIn3s: Math.floor((TIMEOUT_MS / validate) * rows),
      budgetRowsPerSecond: 2000,
      budgetRatio: Number(((rows / (read + validate)) * 1000 / 2000).toFixed(1)),
    };
  }
  return figures;
}

if (require.main === module) {
  run().then((f) => console.log(JSON.stringify(f, null, 2)));
}
