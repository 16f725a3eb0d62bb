/**
 * Cold start of each built function against issue 14's reference — a function that loads only
 * the bundled `@cloudbase/node-sdk` — with bundle sizes and the mini-program main-package size.
 * Prints figures; never passes or fails.
 *
 *   npm run bench:coldstart [-- --rounds 15] [-- --only registry,scheduler] [-- --external]
 *
 * Cold start = in a fresh Node process, from before `require(index.js)` until the first
 * `main(event, context)` resolves (the Node bootstrap itself is the same for every variant and
 * left out). The first call is `{ action: 'ping' }`, which functions without a ping action answer
 * with UNKNOWN_ACTION after the same load and router path.
 *
 * Made for a shared 2-core machine whose load comes and goes: the measurement runs in rounds; each
 * round visits the functions in a new random order and measures the reference in a fresh process
 * right before each function, so a function and its reference see the same load. Per function it
 * prints the median wall and CPU time over the rounds and the **paired ratio**: the median of
 * (function ÷ the reference measured just before it), which a burst of load moves much less than a
 * ratio of two medians. The closing line names the functions whose paired wall ratio is above 1.2×.
 *
 * Variants:
 *   - reference: `require('@cloudbase/node-sdk'); exports.main = async () => ({})` bundled with
 *     plain esbuild (no vendor chunks) — "a function that loads only the bundled node-sdk"
 *   - baseline: the same stub loading the SDK from node_modules (how a plain CloudBase function
 *     ships; the DESIGN.md 1.5× budget's reference), once per round
 *   - the stub built the way the functions are (scripts/build-vendor.ts: the SDK's unused parts
 *     as chunks), once per round: what the SDK costs as we ship it
 *   - each function as built; with --external also each function with node-sdk left external
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { build as esbuild, type Plugin } from 'esbuild';
import { buildFunctions, DEFAULT_OUT_DIR, ESBUILD_TARGET, listFunctionSources, ROOT } from '../scripts/build';
import { buildVendorChunks, vendorChunks } from '../scripts/build-vendor';
import { DATA_KEY_ENV, generateDataKey } from '../cloudfunctions/_shared/crypto';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const ROUNDS = Number(arg('--rounds') ?? 15);
const ONLY = arg('--only')?.split(',').map((s) => s.trim()).filter(Boolean);
const EXTERNAL = process.argv.includes('--external');
/** Issue 14's target: every function within this factor of the reference. */
const TARGET = 1.2;
const SCRATCH = join(ROOT, 'build', 'bench-coldstart'); // inside the repo so node_modules resolves
const DATA_KEY = generateDataKey();

const PROBE = `
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const m = require(process.argv[1]);
const t1 = process.hrtime.bigint();
const ctx = { environment: JSON.stringify({ WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,TCB_SOURCE', WX_OPENID: 'o-bench', TCB_SOURCE: 'wx_client' }), request_id: 'bench' };
Promise.resolve(m.main({ action: 'ping', data: {} }, ctx)).then(() => {
  const t2 = process.hrtime.bigint();
  const c = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ loadMs: Number(t1 - t0) / 1e6, wallMs: Number(t2 - t0) / 1e6, cpuMs: (c.user + c.system) / 1e3 }));
  process.exit(0);
});
`;

/** One fresh-process cold start. */
interface Sample {
  /** `require(index.js)` alone, ms. */
  loadMs: number;
  /** require + first `main()` resolved, by the clock, ms: the cold start the criterion names. */
  wallMs: number;
  /** CPU time (user + system, all threads) of the same span, ms: moves less with other load. */
  cpuMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function sample(file: string): Sample {
  const out = execFileSync(process.execPath, ['-e', PROBE, file], {
    env: {
      ...process.env,
      TENCENTCLOUD: 'true',
      TENCENTCLOUD_RUNENV: 'SCF',
      SCF_NAMESPACE: 'bench',
      TENCENTCLOUD_REGION: 'ap-shanghai',
      [DATA_KEY_ENV]: DATA_KEY,
    },
    encoding: 'utf8',
  });
  return JSON.parse(out) as Sample;
}

function shuffle<T>(xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function dirBytes(dir: string, skip: (rel: string) => boolean = () => false, rel = ''): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const name of readdirSync(join(dir, rel))) {
    const r = rel ? `${rel}/${name}` : name;
    if (skip(r)) continue;
    const st = statSync(join(dir, r));
    if (st.isDirectory()) {
      const sub = dirBytes(dir, skip, r);
      bytes += sub.bytes;
      files += sub.files;
    } else {
      bytes += st.size;
      files += 1;
    }
  }
  return { bytes, files };
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** Samples of one variant, and of the reference measured right before each of them. */
interface Series {
  label: string;
  file: string;
  runs: Sample[];
  refs: Sample[];
}

function summary(s: Series): { wall: number; cpu: number; wallRatio: number; cpuRatio: number } {
  return {
    wall: median(s.runs.map((r) => r.wallMs)),
    cpu: median(s.runs.map((r) => r.cpuMs)),
    wallRatio: median(s.runs.map((r, i) => r.wallMs / s.refs[i].wallMs)),
    cpuRatio: median(s.runs.map((r, i) => r.cpuMs / s.refs[i].cpuMs)),
  };
}

async function main(): Promise<void> {
  const names = ONLY ?? listFunctionSources();
  for (const n of names) if (!listFunctionSources().includes(n)) throw new Error(`no function "${n}"`);
  if (!existsSync(DEFAULT_OUT_DIR) || names.some((n) => !existsSync(join(DEFAULT_OUT_DIR, n, 'index.js')))) await buildFunctions({});
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(join(SCRATCH, 'baseline'), { recursive: true });
  const stub = "require('@cloudbase/node-sdk');\nexports.main = async () => ({});\n";
  writeFileSync(join(SCRATCH, 'baseline', 'index.js'), stub);
  writeFileSync(join(SCRATCH, 'stub.js'), stub);
  const bundleStub = (dir: string, plugins: Plugin[] = []) =>
    esbuild({ entryPoints: [join(SCRATCH, 'stub.js')], outfile: join(SCRATCH, dir, 'index.js'), bundle: true, platform: 'node', format: 'cjs', target: ESBUILD_TARGET, minify: true, logLevel: 'silent', plugins });
  await bundleStub('reference');
  const lazyParts = new Set<string>();
  await bundleStub('stub-as-built', [vendorChunks(lazyParts)]);
  await buildVendorChunks(lazyParts, join(SCRATCH, 'stub-as-built'), { root: ROOT, target: ESBUILD_TARGET, minify: true });
  if (EXTERNAL) await buildFunctions({ outDir: join(SCRATCH, 'external'), only: names, externalSdk: true, writeCloudbaserc: false, copyMiniprogramNpm: false, generateContracts: false });

  const reference = join(SCRATCH, 'reference', 'index.js');
  const series: Series[] = [
    { label: 'baseline: node-sdk from node_modules', file: join(SCRATCH, 'baseline', 'index.js'), runs: [], refs: [] },
    { label: 'node-sdk alone, built as functions are', file: join(SCRATCH, 'stub-as-built', 'index.js'), runs: [], refs: [] },
    ...names.map((n) => ({ label: n, file: join(DEFAULT_OUT_DIR, n, 'index.js'), runs: [], refs: [] })),
    ...(EXTERNAL ? names.map((n) => ({ label: `${n} (node-sdk external)`, file: join(SCRATCH, 'external', n, 'index.js'), runs: [], refs: [] })) : []),
  ];
  const loadStart = load();
  console.log(`node ${process.version}, ${ROUNDS} rounds, ${series.length} variants; load average at start ${loadStart}`);
  sample(reference); // warm the file cache once: every later figure then reads from memory
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of shuffle(series)) {
      s.refs.push(sample(reference));
      s.runs.push(sample(s.file));
    }
    process.stderr.write(`round ${round + 1}/${ROUNDS}, load ${load()}\n`);
  }
  const allRefs = series.flatMap((s) => s.refs);
  const refWall = median(allRefs.map((r) => r.wallMs));
  const refCpu = median(allRefs.map((r) => r.cpuMs));

  console.log(`\nreference: node-sdk bundled alone (esbuild), ${kb(statSync(reference).size)}: median wall ${refWall.toFixed(1)} ms, cpu ${refCpu.toFixed(1)} ms over ${allRefs.length} runs`);
  console.log('paired ratio = median over the rounds of (variant ÷ the reference run just before it)\n');
  console.log(`${'variant'.padEnd(40)} ${'index.js'.padStart(9)} ${'chunks'.padStart(9)}  ${'wall ms'.padStart(8)} ${'cpu ms'.padStart(8)}  ${'wall ×ref'.padStart(9)} ${'cpu ×ref'.padStart(9)}`);
  const over: string[] = [];
  const overCpu: string[] = [];
  for (const s of series) {
    const r = summary(s);
    const dir = join(s.file, '..');
    const chunks = existsSync(join(dir, 'vendor')) ? dirBytes(join(dir, 'vendor')).bytes : 0;
    console.log(
      `${s.label.padEnd(40)} ${kb(statSync(s.file).size).padStart(9)} ${kb(chunks).padStart(9)}  ${r.wall.toFixed(1).padStart(8)} ${r.cpu.toFixed(1).padStart(8)}  ` +
        `${`${r.wallRatio.toFixed(2)}×`.padStart(9)} ${`${r.cpuRatio.toFixed(2)}×`.padStart(9)}`,
    );
    if (names.includes(s.label) && r.wallRatio > TARGET) over.push(`${s.label} ${r.wallRatio.toFixed(2)}×`);
    if (names.includes(s.label) && r.cpuRatio > TARGET) overCpu.push(`${s.label} ${r.cpuRatio.toFixed(2)}×`);
  }
  console.log(`\nload average at start ${loadStart}, at end ${load()}`);
  console.log(`functions above ${TARGET}× of node-sdk bundled alone (paired wall ratio): ${over.length ? over.join(', ') : 'none'}`);
  console.log(`functions above ${TARGET}× by paired CPU-time ratio: ${overCpu.length ? overCpu.join(', ') : 'none'}`);

  const mp = join(ROOT, 'miniprogram');
  if (!ONLY && existsSync(join(mp, 'app.json'))) {
    const app = JSON.parse(readFileSync(join(mp, 'app.json'), 'utf8')) as { subpackages?: { root: string }[]; subPackages?: { root: string }[] };
    // Subpackages listed in app.json, and any package* folder (subpackage convention; an unlisted
    // one, like packageDev in cloud mode, is left out of the upload by ignoreUploadUnusedFiles).
    const listed = [...(app.subpackages ?? []), ...(app.subPackages ?? [])].map((s) => s.root.replace(/\/$/, ''));
    const roots = [...new Set([...listed, ...readdirSync(mp).filter((n) => /^package[A-Z]/.test(n))])];
    const mainPkg = dirBytes(mp, (rel) => roots.includes(rel) || rel === 'tsconfig.json' || rel.endsWith('.d.ts'));
    const npm = existsSync(join(mp, 'miniprogram_npm')) ? dirBytes(join(mp, 'miniprogram_npm')) : { bytes: 0, files: 0 };
    console.log(
      `\nmini-program main package: ${kb(mainPkg.bytes)} in ${mainPkg.files} files (source size; miniprogram_npm ${kb(npm.bytes)}; ` +
        `subpackages excluded: ${roots.join(', ') || 'none'}; budget 1 MB, limit 2 MB)`,
    );
  }
  rmSync(SCRATCH, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
