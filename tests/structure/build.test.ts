/**
 * Structure acceptance (WeChat DevTools and the CloudBase CLI cannot run here, so check what they
 * read): after the build, `miniprogramRoot` and `cloudfunctionRoot` exist, `cloudbaserc.json`
 * names every built function, and each built `index.js` loads in a fresh Node process and
 * exports `main`, next to a `package.json` and a CloudBase `config.json`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { buildFunctions, currentBuild, listFunctionSources, ROOT, RUNTIME, type BuiltFunction } from '../../scripts/build';
import { buildVendorChunks, LAZY_SDK_PARTS, VENDOR_CHUNKS, vendorChunks, vendorFile } from '../../scripts/build-vendor';

const readJson = (p: string) => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));
let built: BuiltFunction[];

beforeAll(async () => {
  // The build `npm run build` makes: `npm test` has just made it, so it is checked as it is when
  // no source changed since (the record in build/functions-build.json); otherwise built again
  // (the npm copy for the mini-program is checked elsewhere).
  built = currentBuild() ?? (await buildFunctions({ copyMiniprogramNpm: false }));
}, 60_000);

it('project.config.json points at folders that exist', () => {
  const project = readJson('project.config.json');
  expect(project.cloudfunctionRoot).toBe('build/functions/');
  for (const key of ['miniprogramRoot', 'cloudfunctionRoot']) {
    const dir = join(ROOT, project[key]);
    expect(existsSync(dir) && statSync(dir).isDirectory()).toBe(true);
  }
});

it('builds one folder per function source and nothing else', () => {
  const sources = listFunctionSources();
  expect(sources).toContain('system');
  expect(built.map((f) => f.name)).toEqual(sources);
  expect(readdirSync(join(ROOT, 'build', 'functions')).sort()).toEqual(sources);
});

it('cloudbaserc.json names every built function with its timeout and triggers', () => {
  const rc = readJson('cloudbaserc.json');
  expect(rc.version).toBe('2.0');
  expect(rc.functionRoot).toBe('./build/functions');
  expect(rc.functions.map((f: { name: string }) => f.name)).toEqual(built.map((f) => f.name));
  for (const f of built) {
    const entry = rc.functions.find((e: { name: string }) => e.name === f.name);
    expect(entry).toMatchObject({ handler: 'index.main', runtime: RUNTIME, timeout: f.config.timeout });
    expect(entry.triggers ?? []).toEqual(f.config.triggers);
  }
});

describe.each(listFunctionSources())('built function %s', (name) => {
  const dir = join(ROOT, 'build', 'functions', name);

  it('has package.json and a CloudBase config.json', () => {
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ name, main: 'index.js' });
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config).toEqual({
      permissions: { openapi: expect.any(Array) },
      triggers: expect.any(Array),
      timeout: expect.any(Number),
    });
    const spec = JSON.parse(readFileSync(join(ROOT, 'cloudfunctions', name, 'function.json'), 'utf8'));
    expect(config.timeout).toBe(spec.timeout ?? 3);
    expect(config.permissions.openapi).toEqual(spec.openapi ?? []);
  });

  it('ships the files its function.json lists as assets, byte for byte', () => {
    const spec = JSON.parse(readFileSync(join(ROOT, 'cloudfunctions', name, 'function.json'), 'utf8'));
    for (const a of (spec.assets ?? []) as { from: string; to: string }[]) {
      expect(readFileSync(join(dir, a.to)).equals(readFileSync(join(ROOT, a.from)))).toBe(true);
    }
  });

  it('loads in a fresh Node process and exports main, also when copied out of the repo', () => {
    const load = (file: string) =>
      execFileSync(process.execPath, ['-e', `const m = require(${JSON.stringify(file)}); process.stdout.write(typeof m.main)`], {
        cwd: '/',
        env: { PATH: process.env.PATH ?? '', TENCENTCLOUD: 'true' },
        encoding: 'utf8',
        timeout: 30_000,
      });
    expect(load(join(dir, 'index.js'))).toBe('function');
    // The deployable folder is self-contained (node-sdk bundled in): no repo node_modules needed.
    const copy = mkdtempSync(join(tmpdir(), `shouwang-deploy-${name}-`));
    try {
      cpSync(dir, copy, { recursive: true });
      expect(load(join(copy, 'index.js'))).toBe('function');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

/**
 * Packages a cold start must not parse: the heavy libraries and node-sdk's rarely used parts
 * live in chunks (scripts/build-vendor.ts), and so do the packages only they pull in.
 */
const DEFERRED = [
  ...VENDOR_CHUNKS.map((p) => p.split('/')[0]),
  ...Object.keys(LAZY_SDK_PARTS),
  'mime-db', // form-data's
  'sax', // xml2js's
  'xmlbuilder', // xml2js's
  'semver', // jsonwebtoken's
  '@cloudbase/adapter-wx_mp', // @cloudbase/app's
];

describe.each(listFunctionSources())('cold start of %s', (name) => {
  const dir = join(ROOT, 'build', 'functions', name);

  it('index.js holds none of the deferred packages', () => {
    const f = built.find((b) => b.name === name)!;
    expect(Object.keys(f.packages)).toContain('@cloudbase/node-sdk');
    expect(Object.keys(f.packages).filter((p) => DEFERRED.includes(p))).toEqual([]);
  });

  it('ships every chunk index.js may read next to it, and no other', () => {
    const source = readFileSync(join(dir, 'index.js'), 'utf8');
    const wanted = [...new Set([...source.matchAll(/["']\.\/vendor\/([^"']+\.js)["']/g)].map((m) => m[1]))].sort();
    expect(wanted).toEqual(expect.arrayContaining(Object.keys(LAZY_SDK_PARTS).map(vendorFile)));
    expect(readdirSync(join(dir, 'vendor')).sort()).toEqual(wanted);
  });
});

it('describes each lazy node-sdk part as the installed package is (the proxy answers from this)', () => {
  for (const [pkg, part] of Object.entries(LAZY_SDK_PARTS)) {
    const out = execFileSync(process.execPath, ['-e', `const m = require(${JSON.stringify(pkg)}); process.stdout.write(JSON.stringify({ esModule: m.__esModule === true, callable: typeof m === 'function', tag: m[Symbol.toStringTag] ?? null }))`], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect({ pkg, ...JSON.parse(out) }).toEqual({ pkg, esModule: part.esModule, callable: part.callable, tag: null });
  }
});

it("keeps node-sdk's rare-path parts working through their proxies: multipart bodies, XML answers, tickets, streams", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shouwang-lazy-deps-'));
  try {
    const used = new Set<string>();
    await esbuild({
      stdin: {
        resolveDir: ROOT,
        loader: 'js',
        contents: `
          require('@cloudbase/node-sdk');
          const chunks = () => Object.keys(require.cache).filter((k) => k.includes('/vendor/')).map((k) => k.split('/').pop()).sort();
          const atLoad = chunks();
          const FormData = require('form-data');
          const form = new FormData();
          form.append('requestData', Buffer.from('{}'));
          const multipart = form.getHeaders()['content-type'].startsWith('multipart/form-data;') && form instanceof FormData && form.getBuffer().length > 0;
          const jwt = require('jsonwebtoken');
          const claims = jwt.verify(jwt.sign({ uid: 'u1' }, 'k'), 'k').uid;
          const stream = typeof new (require('web-streams-polyfill').ReadableStream)().getReader;
          require('xml2js').parseString('<Error><Code>NoSuchKey</Code></Error>', (err, xml) => {
            process.stdout.write(JSON.stringify({ atLoad, multipart, claims, stream, code: err ? String(err) : xml.Error.Code[0], after: chunks() }));
          });`,
      },
      outfile: join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'silent',
      plugins: [vendorChunks(used)],
    });
    await buildVendorChunks(used, dir, { root: ROOT, target: 'node20', minify: true });
    const out = JSON.parse(execFileSync(process.execPath, [join(dir, 'index.js')], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 30_000 }));
    expect(out).toEqual({ atLoad: [], multipart: true, claims: 'u1', stream: 'function', code: 'NoSuchKey', after: ['form-data.js', 'jsonwebtoken.js', 'web-streams-polyfill.js', 'xml2js.js'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

it("keeps node-sdk's data-model and AI parts working, read only when first used", async () => {
  // The build swaps them for proxies over vendor chunks (scripts/build-vendor.ts LAZY_SDK_PARTS);
  // a bundle made the way the functions are made inits the SDK without reading the chunks, and
  // using the parts then answers the real clients.
  const dir = mkdtempSync(join(tmpdir(), 'shouwang-lazy-sdk-'));
  try {
    const used = new Set<string>();
    await esbuild({
      stdin: {
        resolveDir: ROOT,
        loader: 'js',
        contents: `
          const tcb = require('@cloudbase/node-sdk');
          const chunks = () => Object.keys(require.cache).filter((k) => k.includes('/vendor/')).map((k) => k.split('/').pop()).sort();
          const app = tcb.init({ env: 'e1', secretId: 'x', secretKey: 'y' });
          const atInit = chunks();
          const model = app.models.child;
          const ai = app.ai();
          process.stdout.write(JSON.stringify({ atInit, list: typeof model.list, ai: typeof ai, after: chunks() }));`,
      },
      outfile: join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'silent',
      plugins: [vendorChunks(used)],
    });
    await buildVendorChunks(used, dir, { root: ROOT, target: 'node20', minify: true });
    const out = JSON.parse(execFileSync(process.execPath, [join(dir, 'index.js')], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 30_000 }));
    expect(out).toEqual({ atInit: [], list: 'function', ai: 'object', after: ['@cloudbase-ai.js', '@cloudbase-app.js', '@cloudbase-wx-cloud-client-sdk.js'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
