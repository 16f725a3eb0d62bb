/**
 * Cold start of each built function vs a function that only loads `@cloudbase/node-sdk`
 * (DESIGN.md budget: ≤ 1.5×), bundle sizes, and the mini-program main-package size.
 * Prints figures; never passes or fails.
 *
 *   npm run build && npx tsx bench/coldstart.ts [--runs 9]
 *
 * Cold start = in a fresh Node process, from before `require(index.js)` until the first
 * `main(event, context)` resolves (the Node bootstrap itself is the same for every variant and
 * left out). The first call is `{ action: 'ping' }`, which functions without a ping action answer
 * with UNKNOWN_ACTION after the same load and router path. Each figure is the median of N runs.
 *
 * Variants measured:
 *   - baseline: `index.js` = `require('@cloudbase/node-sdk'); exports.main = async () => ({})`,
 *     loading the SDK from node_modules (how a plain CloudBase function ships)
 *   - baseline, bundled: the same stub bundled with esbuild — issue 14's reference ("a function
 *     that loads only the bundled node-sdk"); the target is every function ≤ 1.2× of it
 *   - baseline, bundled with the SDK's unused parts lazy: the stub built the way the functions
 *     are (scripts/build-vendor.ts LAZY_SDK_PARTS), so the second ratio shows what our own code
 *     and zod cost on top of the SDK as we ship it
 *   - each function as built (node-sdk bundled in)
 *   - each function with node-sdk left external (the alternative build), for the record
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build as esbuild, type Plugin } from 'esbuild';
import { buildFunctions, DEFAULT_OUT_DIR, ESBUILD_TARGET, listFunctionSources, ROOT } from '../scripts/build';
import { buildVendorChunks, vendorChunks } from '../scripts/build-vendor';
import { DATA_KEY_ENV, generateDataKey } from '../cloudfunctions/_shared/crypto';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;
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
  process.stdout.write(JSON.stringify({ loadMs: Number(t1 - t0) / 1e6, totalMs: Number(t2 - t0) / 1e6, cpuMs: (c.user + c.system) / 1e3 }));
  process.exit(0);
});
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface ColdStart {
  loadMs: number;
  totalMs: number;
  /** CPU time (user + system) of the same span: what the cold start costs, whatever else runs. */
  cpuMs: number;
}

function measure(file: string): ColdStart {
  const loads: number[] = [];
  const totals: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < RUNS; i++) {
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
    const r = JSON.parse(out) as ColdStart;
    loads.push(r.loadMs);
    totals.push(r.totalMs);
    cpus.push(r.cpuMs);
  }
  return { loadMs: median(loads), totalMs: median(totals), cpuMs: median(cpus) };
}

function dirBytes(dir: string, skip: (rel: string) => boolean, rel = ''): { bytes: number; files: number } {
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

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  if (!existsSync(DEFAULT_OUT_DIR) || listFunctionSources().some((n) => !existsSync(join(DEFAULT_OUT_DIR, n, 'index.js')))) {
    await buildFunctions({});
  }
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(join(SCRATCH, 'baseline'), { recursive: true });
  const stub = "require('@cloudbase/node-sdk');\nexports.main = async () => ({});\n";
  writeFileSync(join(SCRATCH, 'baseline', 'index.js'), stub);
  writeFileSync(join(SCRATCH, 'stub.js'), stub);
  // The stub bundled as node-sdk ships, and bundled the way the functions are (SDK parts lazy).
  const bundleStub = (dir: string, plugins: Plugin[] = []) =>
    esbuild({ entryPoints: [join(SCRATCH, 'stub.js')], outfile: join(SCRATCH, dir, 'index.js'), bundle: true, platform: 'node', format: 'cjs', target: ESBUILD_TARGET, minify: true, logLevel: 'silent', plugins });
  await bundleStub('baseline-bundled');
  const lazyParts = new Set<string>();
  await bundleStub('baseline-lazy', [vendorChunks(lazyParts)]);
  await buildVendorChunks(lazyParts, join(SCRATCH, 'baseline-lazy'), { root: ROOT, target: ESBUILD_TARGET, minify: true });
  await buildFunctions({ outDir: join(SCRATCH, 'external'), externalSdk: true, writeCloudbaserc: false, copyMiniprogramNpm: false });

  const os = await import('node:os');
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`node ${process.version}, ${RUNS} runs each, median; load average at start ${load()}`);
  console.log('cpu = CPU time (user + system) from require to the first main() resolved: ratios use it, so other');
  console.log('processes on the machine do not move them; wall = the same span by the clock (moves with load).\n');
  const base = measure(join(SCRATCH, 'baseline', 'index.js'));
  const baseBundled = measure(join(SCRATCH, 'baseline-bundled', 'index.js'));
  const baseLazy = measure(join(SCRATCH, 'baseline-lazy', 'index.js'));
  const row = (label: string, r: ColdStart, file?: string) =>
    console.log(`${label.padEnd(48)} cpu ${r.cpuMs.toFixed(1).padStart(6)}  wall ${r.totalMs.toFixed(1).padStart(6)}${file ? `  size ${kb(statSync(file).size)}` : ''}`);
  row('baseline (require node-sdk from node_modules)', base);
  row('baseline, bundled (the target\'s reference)', baseBundled, join(SCRATCH, 'baseline-bundled', 'index.js'));
  row("baseline, bundled, SDK's unused parts lazy", baseLazy, join(SCRATCH, 'baseline-lazy', 'index.js'));
  console.log('');
  console.log('function        bundle      cpu (ms)  wall (ms)   vs bundled (target ≤ 1.2×)   vs lazy-parts stub   | node-sdk external: cpu, vs bundled, size');
  const ratios: number[] = [];
  for (const name of listFunctionSources()) {
    const file = join(DEFAULT_OUT_DIR, name, 'index.js');
    const r = measure(file);
    const ext = measure(join(SCRATCH, 'external', name, 'index.js'));
    ratios.push(r.cpuMs / baseBundled.cpuMs);
    console.log(
      `${name.padEnd(15)} ${kb(statSync(file).size).padStart(10)}  ${r.cpuMs.toFixed(1).padStart(8)}  ${r.totalMs.toFixed(1).padStart(9)}   ` +
        `${(r.cpuMs / baseBundled.cpuMs).toFixed(2).padStart(5)}×                       ${(r.cpuMs / baseLazy.cpuMs).toFixed(2).padStart(5)}×` +
        `          | ${ext.cpuMs.toFixed(1)} ms, ${(ext.cpuMs / baseBundled.cpuMs).toFixed(2)}×, ${kb(statSync(join(SCRATCH, 'external', name, 'index.js')).size)}`,
    );
  }
  console.log(`\nworst function vs the bundled node-sdk alone (cpu): ${Math.max(...ratios).toFixed(2)}× (target 1.2×); load average at end ${load()}`);

  const mp = join(ROOT, 'miniprogram');
  if (existsSync(join(mp, 'app.json'))) {
    const app = JSON.parse(readFileSync(join(mp, 'app.json'), 'utf8')) as { subpackages?: { root: string }[]; subPackages?: { root: string }[] };
    // Subpackages listed in app.json, and any package* folder (subpackage convention; an unlisted
    // one, like packageDev in cloud mode, is left out of the upload by ignoreUploadUnusedFiles).
    const listed = [...(app.subpackages ?? []), ...(app.subPackages ?? [])].map((s) => s.root.replace(/\/$/, ''));
    const roots = [...new Set([...listed, ...readdirSync(mp).filter((n) => /^package[A-Z]/.test(n))])];
    const main = dirBytes(mp, (rel) => roots.includes(rel) || rel === 'tsconfig.json' || rel.endsWith('.d.ts'));
    const npm = existsSync(join(mp, 'miniprogram_npm')) ? dirBytes(join(mp, 'miniprogram_npm'), () => false) : { bytes: 0, files: 0 };
    console.log(
      `\nmini-program main package: ${kb(main.bytes)} in ${main.files} files (source size; miniprogram_npm ${kb(npm.bytes)}; ` +
        `subpackages excluded: ${roots.join(', ') || 'none'}; budget 1 MB, limit 2 MB)`,
    );
  } else {
    console.log('\nmini-program: no miniprogram/app.json yet');
  }
  rmSync(SCRATCH, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
