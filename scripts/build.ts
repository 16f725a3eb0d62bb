/**
 * `npm run build`: turns `cloudfunctions/<domain>/src/index.ts` into deployable CloudBase
 * function folders and refreshes the files the WeChat DevTools and the CloudBase CLI read.
 *
 * For every folder of `cloudfunctions/` not starting with `_` that has `src/index.ts`:
 *   build/functions/<domain>/index.js      esbuild bundle (platform node, cjs, target node24 —
 *                                          CloudBase's Nodejs24.11 runtime), exports `main`;
 *                                          `@cloudbase/node-sdk`, zod, dayjs and `_shared/` are
 *                                          bundled in, so the folder runs as uploaded
 *   build/functions/<domain>/vendor/*.js   heavy libraries (exceljs, pdfkit, the Markdown
 *                                          renderer's parts) as chunks read on first use
 *                                          (scripts/build-vendor.ts)
 *   build/functions/<domain>/package.json  name, `main`, no runtime dependencies
 *   build/functions/<domain>/config.json   `{ permissions: { openapi }, triggers, timeout }` from
 *                                          `cloudfunctions/<domain>/function.json`
 * plus `cloudbaserc.json` at the repo root (committed) naming every function, the mini-program's
 * generated contracts (`miniprogram/contracts/`, scripts/gen-contracts.ts) and, if
 * `scripts/copy-miniprogram-npm.ts` exists, the mini-program npm copy step. First of all it puts
 * the mini-program back in cloud mode if a killed `npm start` left it in local mode.
 *
 * All functions build in parallel through esbuild's API; a full build takes well under a second.
 *
 *   npm run build                 # everything
 *   tsx scripts/build.ts system   # only the named functions (no cloudbaserc/stale-folder cleanup)
 */
import { createHash } from 'node:crypto';
import { build as esbuild, type Metafile, type Plugin } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseCron } from '../local/standin/timers';
import { writeContracts } from './gen-contracts';
import { restoreCloudModeIfOrphaned } from './write-miniprogram-env';
import { buildVendorChunks, vendorChunks, vendorFile } from './build-vendor';

export const ROOT = resolve(__dirname, '..');
export const DEFAULT_SOURCE_ROOT = join(ROOT, 'cloudfunctions');
export const DEFAULT_OUT_DIR = join(ROOT, 'build', 'functions');

/** CloudBase's default function timeout, seconds. */
export const DEFAULT_TIMEOUT_S = 3;
/**
 * The CloudBase runtime the bundles target: Node.js 24.11, the newest LTS CloudBase functions
 * offer (docs.cloudbase.net/cloud-function/runtime-support lists 26.x Current, 24.11 Active LTS
 * 推荐, 22.21, 20.19, 18.15, 16.13); a Current release is not chosen for a county's production.
 */
export const RUNTIME = 'Nodejs24.11';
/** esbuild's target for {@link RUNTIME}. */
export const ESBUILD_TARGET = 'node24';
const SDK_VERSION: string = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@cloudbase', 'node-sdk', 'package.json'), 'utf8')).version;

/** `cloudfunctions/<domain>/function.json`, the source of each built `config.json`. */
export interface FunctionSpec {
  /** Seconds, 1–60 (CloudBase console/CLI range); default 3. */
  timeout?: number;
  /** Open-API permissions, e.g. `["subscribeMessage.send"]`. */
  openapi?: string[];
  /** Timer triggers (7-field cron, Beijing time). */
  triggers?: { name: string; type: 'timer'; config: string }[];
  /** MB; default 256. */
  memorySize?: number;
  /**
   * Files shipped beside the bundle (e.g. a font the PDF renderer reads at run time):
   * `from` relative to the repo root, `to` relative to the built function's folder.
   */
  assets?: { from: string; to: string }[];
}

/** The built `config.json` (WeChat cloud function config, plus the timeout CloudBase applies). */
export interface FunctionConfig {
  permissions: { openapi: string[] };
  triggers: { name: string; type: 'timer'; config: string }[];
  timeout: number;
}

export interface BuildOptions {
  /** Folder holding `<domain>/src/index.ts` + `<domain>/function.json`; default `cloudfunctions/`. */
  sourceRoot?: string;
  /** Output folder; default `build/functions/`. */
  outDir?: string;
  /** Only these functions; default all. */
  only?: string[];
  /** Minify the bundles (default true: smaller and faster to parse on a cold start). */
  minify?: boolean;
  /** Regenerate root `cloudbaserc.json` (default: when building all of the default source root). */
  writeCloudbaserc?: boolean;
  /** Run `scripts/copy-miniprogram-npm.ts` if present (default: same as writeCloudbaserc). */
  copyMiniprogramNpm?: boolean;
  /** Regenerate `miniprogram/contracts/` from the functions' contracts (default: same as writeCloudbaserc). */
  generateContracts?: boolean;
  /** Remove output folders of functions that no longer exist (default: full default build). */
  clean?: boolean;
  /**
   * Leave `@cloudbase/node-sdk` out of the bundle and list it in package.json instead (deploy
   * with installDependency). Default false: bench/coldstart.ts measured the bundled variant
   * faster to cold-start, and the folder then runs as uploaded.
   */
  externalSdk?: boolean;
}

export interface BuiltFunction {
  name: string;
  dir: string;
  config: FunctionConfig;
  /** Size of index.js in bytes. */
  bytes: number;
  /**
   * Bytes of index.js by npm package (`@cloudbase/node-sdk`, `zod`, …; the repo's own code under
   * `(own code)`), from esbuild's metafile: what a cold start parses. Chunks are not counted.
   */
  packages: Record<string, number>;
}

/** Function folders under `sourceRoot` (not starting with `_`, with `src/index.ts`), sorted. */
export function listFunctionSources(sourceRoot = DEFAULT_SOURCE_ROOT): string[] {
  return readdirSync(sourceRoot)
    .filter((n) => !n.startsWith('_') && !n.startsWith('.'))
    .filter((n) => statSync(join(sourceRoot, n)).isDirectory() && existsSync(join(sourceRoot, n, 'src', 'index.ts')))
    .sort();
}

const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

/**
 * Reads and validates `function.json` into the built `config.json` shape.
 * @throws Error naming the function and the bad field
 */
export function readFunctionConfig(sourceRoot: string, name: string): FunctionConfig {
  const file = join(sourceRoot, name, 'function.json');
  const spec: FunctionSpec = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const timeout = spec.timeout ?? DEFAULT_TIMEOUT_S;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 60) {
    throw new Error(`${name}/function.json: timeout must be an integer number of seconds, 1–60 (got ${spec.timeout})`);
  }
  const openapi = spec.openapi ?? [];
  if (!Array.isArray(openapi) || openapi.some((a) => typeof a !== 'string')) {
    throw new Error(`${name}/function.json: openapi must be a list of API names`);
  }
  const triggers = spec.triggers ?? [];
  const seen = new Set<string>();
  for (const t of triggers) {
    if (t.type !== 'timer') throw new Error(`${name}/function.json: trigger ${t.name}: only "timer" triggers exist`);
    if (!TRIGGER_NAME.test(t.name)) throw new Error(`${name}/function.json: bad trigger name "${t.name}"`);
    if (seen.has(t.name)) throw new Error(`${name}/function.json: duplicate trigger "${t.name}"`);
    seen.add(t.name);
    try {
      parseCron(t.config);
    } catch (err) {
      throw new Error(`${name}/function.json: trigger ${t.name}: ${(err as Error).message}`);
    }
  }
  return {
    permissions: { openapi },
    triggers: triggers.map((t) => ({ name: t.name, type: 'timer', config: t.config })),
    timeout,
  };
}

/**
 * The `assets` of a function.json, checked: each source must exist and each target must stay
 * inside the function's folder.
 * @throws Error naming the function and the bad asset
 */
export function readFunctionAssets(sourceRoot: string, name: string): { from: string; to: string }[] {
  const file = join(sourceRoot, name, 'function.json');
  const spec: FunctionSpec = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const assets = spec.assets ?? [];
  for (const a of assets) {
    if (!a || typeof a.from !== 'string' || typeof a.to !== 'string') throw new Error(`${name}/function.json: assets need "from" and "to"`);
    if (!existsSync(join(ROOT, a.from))) throw new Error(`${name}/function.json: asset ${a.from} does not exist (npm ci first?)`);
    if (a.to.startsWith('/') || a.to.split(/[\\/]/).includes('..')) throw new Error(`${name}/function.json: asset target ${a.to} must stay inside the function folder`);
  }
  return assets;
}

/**
 * zod's `z` namespace re-exports every locale (~260 KB minified) and esbuild cannot drop the
 * unused ones behind `z.locales`; functions only ever use Chinese messages
 * (`z.config(z.locales.zhCN())` in _shared/router.ts), so bundles get a `locales` with zhCN alone.
 */
const zodChineseLocaleOnly: Plugin = {
  name: 'zod-zh-cn-locale-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: "export { default as zhCN } from 'zod/v4/locales/zh-CN.js';\n",
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

/**
 * Bundles one function into `outDir/<name>/`.
 * @throws Error with esbuild's messages when the bundle fails
 */
export async function buildOne(
  name: string,
  opts: { sourceRoot: string; outDir: string; minify: boolean; externalSdk?: boolean },
): Promise<BuiltFunction> {
  const config = readFunctionConfig(opts.sourceRoot, name);
  const dir = join(opts.outDir, name);
  rmSync(join(dir, 'vendor'), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const vendors = new Set<string>();
  const result = await esbuild({
    entryPoints: [join(opts.sourceRoot, name, 'src', 'index.ts')],
    outfile: join(dir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: ESBUILD_TARGET,
    minify: opts.minify,
    keepNames: true,
    legalComments: 'none',
    metafile: true,
    external: opts.externalSdk ? ['@cloudbase/node-sdk'] : [],
    plugins: [zodChineseLocaleOnly, vendorChunks(vendors)],
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  // Only chunks the bundle still reads: an import inside code esbuild dropped (the scheduler
  // reaches modules whose spreadsheet actions it never runs) would ship an unused chunk.
  const read = new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
  await buildVendorChunks(
    new Set([...vendors].filter((pkg) => read.has(`./vendor/${vendorFile(pkg)}`))),
    dir,
    { root: ROOT, target: ESBUILD_TARGET, minify: opts.minify },
  );
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: opts.externalSdk ? { '@cloudbase/node-sdk': SDK_VERSION } : {} }, null, 2) +
      '\n',
  );
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  for (const asset of readFunctionAssets(opts.sourceRoot, name)) {
    const target = join(dir, asset.to);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(ROOT, asset.from), target);
  }
  return { name, dir, config, bytes: outputBytes(result.metafile), packages: bytesByPackage(result.metafile) };
}

function outputBytes(meta: Metafile): number {
  return Object.values(meta.outputs).reduce((sum, o) => sum + o.bytes, 0);
}

/** Output bytes per npm package (the innermost `node_modules/<pkg>` of each input). */
function bytesByPackage(meta: Metafile): Record<string, number> {
  const by: Record<string, number> = {};
  for (const out of Object.values(meta.outputs)) {
    for (const [file, input] of Object.entries(out.inputs)) {
      const m = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
      // Plugin-made modules are named `<namespace>:<path>` (the lazy SDK proxies, zod's locales).
      const key = m ? m[1] : /^[a-z-]+:/.test(file) ? `(${file.slice(0, file.indexOf(':'))})` : '(own code)';
      by[key] = (by[key] ?? 0) + input.bytesInOutput;
    }
  }
  return by;
}

/**
 * Writes `text` to `file` only when it differs, and whole (a temp file renamed over it): the
 * deploy plan reads cloudbaserc.json while a build may be running (a test stack starting during
 * tests/structure/build.test.ts read it half-written).
 */
function replaceFile(file: string, text: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}

/** The root `cloudbaserc.json` for the CloudBase CLI (`tcb fn deploy`), naming every function. */
export function cloudbaserc(functions: BuiltFunction[], outDir = DEFAULT_OUT_DIR): unknown {
  return {
    version: '2.0',
    envId: '{{env.ENV_ID}}',
    functionRoot: `./${relative(ROOT, outDir).split('\\').join('/')}`,
    functions: functions.map((f) => ({
      name: f.name,
      handler: 'index.main',
      runtime: RUNTIME,
      timeout: f.config.timeout,
      memorySize: 256,
      installDependency: false,
      ...(f.config.triggers.length ? { triggers: f.config.triggers } : {}),
    })),
  };
}

/** Runs the mini-program npm copy step (`scripts/copy-miniprogram-npm.ts`) when that script exists. */
async function runCopyMiniprogramNpm(): Promise<void> {
  const script = join(ROOT, 'scripts', 'copy-miniprogram-npm.ts');
  if (!existsSync(script)) return;
  const mod = (await import(script)) as { copyMiniprogramNpm?: (opts?: { root?: string }) => Promise<unknown> };
  if (typeof mod.copyMiniprogramNpm !== 'function') throw new Error('scripts/copy-miniprogram-npm.ts does not export copyMiniprogramNpm()');
  await mod.copyMiniprogramNpm({ root: ROOT });
}

/** What the bundles are made from: the functions' sources, this script, the vendor split, the lockfile. */
const BUILD_INPUTS = ['cloudfunctions', 'scripts/build.ts', 'scripts/build-vendor.ts', 'package-lock.json'];

function inputFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((n) => n !== 'node_modules')
    .sort()
    .flatMap((n) => inputFiles(join(path, n)));
}

/** Hash of every file the bundles are made from (paths and contents), 16 hex digits. */
export function buildInputsHash(): string {
  const h = createHash('sha256');
  for (const input of BUILD_INPUTS) {
    for (const f of inputFiles(join(ROOT, input))) h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * Written beside `build/functions/` (which holds only function folders) by a full default
 * build: the inputs' hash and what was built.
 */
const MANIFEST = join(DEFAULT_OUT_DIR, '..', 'functions-build.json');

/**
 * The functions of `build/functions/` when its last full build was made from the sources as they
 * are now (`npm test` builds right before its checks; the build's structure test reuses that).
 * @returns undefined when there is no such build or a source has changed since
 */
export function currentBuild(): BuiltFunction[] | undefined {
  if (!existsSync(MANIFEST)) return undefined;
  const m = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { inputs: string; built: BuiltFunction[] };
  if (m.inputs !== buildInputsHash()) return undefined;
  return m.built.every((f) => existsSync(join(f.dir, 'index.js'))) ? m.built : undefined;
}

/**
 * Builds the functions (in parallel) and, for a full build of the default source root,
 * removes stale output folders, rewrites `cloudbaserc.json` and runs the mini-program npm copy.
 * @returns the built functions, sorted by name
 * @throws Error when a function's config or bundle is invalid (all failures are reported)
 */
export async function buildFunctions(options: BuildOptions = {}): Promise<BuiltFunction[]> {
  const sourceRoot = options.sourceRoot ?? DEFAULT_SOURCE_ROOT;
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const all = listFunctionSources(sourceRoot);
  const names = options.only?.length ? options.only : all;
  for (const n of names) if (!all.includes(n)) throw new Error(`no function "${n}" in ${sourceRoot}`);
  const isFullDefault = !options.only?.length && sourceRoot === DEFAULT_SOURCE_ROOT;
  const writeRc = options.writeCloudbaserc ?? isFullDefault;
  const copyNpm = options.copyMiniprogramNpm ?? writeRc;
  if (options.generateContracts ?? writeRc) writeContracts();
  // Only a full build as `npm run build` makes it is recorded; any other build into the folder
  // makes the record wrong, so it goes first.
  const recorded = isFullDefault && outDir === DEFAULT_OUT_DIR && (options.minify ?? true) && !options.externalSdk;
  if (outDir === DEFAULT_OUT_DIR) rmSync(MANIFEST, { force: true });
  const inputs = recorded ? buildInputsHash() : '';

  mkdirSync(outDir, { recursive: true });
  const copying = copyNpm ? runCopyMiniprogramNpm() : Promise.resolve();
  const settled = await Promise.allSettled(names.map((name) => buildOne(name, { sourceRoot, outDir, minify: options.minify ?? true, externalSdk: options.externalSdk })));
  const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [`${names[i]}: ${formatError(s.reason)}`] : []));
  if (failures.length) throw new Error(`build failed:\n${failures.join('\n')}`);
  const built = settled.map((s) => (s as PromiseFulfilledResult<BuiltFunction>).value);

  if (options.clean ?? isFullDefault) {
    for (const entry of readdirSync(outDir)) {
      if (!names.includes(entry)) rmSync(join(outDir, entry), { recursive: true, force: true });
    }
  }
  if (writeRc) replaceFile(join(ROOT, 'cloudbaserc.json'), JSON.stringify(cloudbaserc(built, outDir), null, 2) + '\n');
  await copying;
  if (recorded) replaceFile(MANIFEST, JSON.stringify({ inputs, built }) + '\n');
  return built;
}

function formatError(err: unknown): string {
  const e = err as { errors?: { text: string; location?: { file: string; line: number } }[]; message?: string };
  if (e.errors?.length) return e.errors.map((m) => (m.location ? `${m.location.file}:${m.location.line}: ${m.text}` : m.text)).join('\n');
  return e.message ?? String(err);
}

async function main(): Promise<void> {
  const started = Date.now();
  // `npm start` and `npm test` begin here: local mode left by a killed `npm start` goes back to cloud.
  const restored = restoreCloudModeIfOrphaned();
  if (restored.restored) console.log(`mini-program: restored cloud mode (${restored.reason})`);
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const built = await buildFunctions({ only });
  for (const f of built) {
    console.log(`  ${f.name.padEnd(16)} ${(f.bytes / 1024).toFixed(0).padStart(6)} KB  timeout ${f.config.timeout}s` +
      (f.config.triggers.length ? `  triggers ${f.config.triggers.map((t) => t.name).join(',')}` : ''));
  }
  console.log(`built ${built.length} function(s) into ${relative(ROOT, DEFAULT_OUT_DIR)}/ in ${Date.now() - started} ms`);
}

if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
