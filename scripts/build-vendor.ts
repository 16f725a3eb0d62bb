/**
 * Heavy libraries as separate chunks of a function (`build/functions/<domain>/vendor/<lib>.js`),
 * so a cold start parses only what every action needs (issue 14: every function's cold start
 * within 1.2× of a function that loads only the bundled node-sdk). The function bundle keeps a
 * `require('./vendor/<lib>.js')` where the code imports the library; the code imports these only
 * inside the actions that use them (`await import('exceljs')`, `require('pdfkit')`, the lazily
 * required article renderer), so the chunk is read on the first such call and never otherwise.
 */
import { build as esbuild, type Plugin } from 'esbuild';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';

/** Libraries loaded as their own chunk: spreadsheets, PDF, and the article renderer's parts. */
export const VENDOR_CHUNKS = ['exceljs', 'pdfkit', 'markdown-it', 'juice/client', 'sanitize-html'] as const;

/**
 * How a lazy part of node-sdk is imported, so its proxy can answer without loading it.
 * `esModule`: the package is compiled from ES modules (`__esModule` is true): the SDK's
 * `__importDefault`/`__importStar` read that flag at load time, so the proxy answers it from here.
 * `callable`: the package exports a function or class (form-data's `FormData`), so the proxy
 * must be callable and constructible. tests/structure/build.test.ts checks both against the
 * packages as installed.
 */
export interface LazyPart {
  esModule: boolean;
  callable: boolean;
  /** Where node-sdk uses it: the only paths that read the chunk. */
  usedBy: string;
}

/**
 * Parts of `@cloudbase/node-sdk` that it requires at load time but that only rare paths use.
 * Together they cost about a third of the SDK's load (bench/coldstart.ts), so they become chunks
 * behind a proxy that loads them on first real use: the SDK works unchanged when they are used.
 * The data-model/MySQL and AI features are never called by the product; xml2js and form-data are
 * on real but rare paths (an upload's answer, the invite QR code), which then read the chunk once.
 */
export const LAZY_SDK_PARTS: Readonly<Record<string, LazyPart>> = {
  '@cloudbase/wx-cloud-client-sdk': { esModule: true, callable: false, usedBy: '`app.models`, `app.rdb()` (data model, MySQL)' },
  '@cloudbase/ai': { esModule: true, callable: false, usedBy: '`app.ai()`' },
  '@cloudbase/app': { esModule: true, callable: false, usedBy: '`app.ai()` (its language constants)' },
  'web-streams-polyfill': { esModule: false, callable: false, usedBy: "`app.ai()`'s streamed answers" },
  jsonwebtoken: { esModule: false, callable: false, usedBy: '`app.auth().createTicket()` (custom login tickets)' },
  xml2js: { esModule: false, callable: false, usedBy: "`app.uploadFile()`: parses the object store's answer to the upload" },
  'form-data': { esModule: false, callable: true, usedBy: "multipart calls: `app.callCompatibleWxOpenApi()` (the invite QR code), wx pay/container APIs; axios's multipart bodies" },
};

const escape = (p: string): string => p.replace(/[/.-]/g, (c) => `\\${c}`);
const FILTER = new RegExp(`^(${VENDOR_CHUNKS.map(escape).join('|')})$`);
const LAZY_FILTER = new RegExp(`^(${Object.keys(LAZY_SDK_PARTS).map(escape).join('|')})$`);

/**
 * The module a lazy SDK part is replaced with. `__esModule` is answered without loading (the
 * SDK's `__importDefault` reads it at load time), and so is `Symbol.toStringTag`; anything else
 * loads the chunk. The data-model
 * SDK's `generateHTTPClient` runs in every `init()`, so it answers a client that builds the real
 * one on first property access.
 */
function lazyProxySource(pkg: string): string {
  const chunk = JSON.stringify(`./vendor/${vendorFile(pkg)}`);
  const part = LAZY_SDK_PARTS[pkg];
  if (pkg === '@cloudbase/wx-cloud-client-sdk') {
    return `
let real;
const load = () => (real ??= require(${chunk}));
const lazy = (get) => new Proxy({}, {
  get: (_t, p) => Reflect.get(get(), p),
  has: (_t, p) => Reflect.has(get(), p),
  ownKeys: () => Reflect.ownKeys(get()),
  getOwnPropertyDescriptor: (_t, p) => { const d = Reflect.getOwnPropertyDescriptor(get(), p); return d && { ...d, configurable: true }; },
});
const sdk = () => load().default ?? load();
const api = {
  init: (...a) => sdk().init(...a),
  generateHTTPClient: (...a) => { let c; return lazy(() => (c ??= sdk().generateHTTPClient(...a))); },
  generateMySQLClient: (...a) => sdk().generateMySQLClient(...a),
  initHTTPOverCallFunction: (...a) => load().initHTTPOverCallFunction(...a),
};
module.exports = { __esModule: true, default: api, ...api };
`;
  }
  // `Symbol.toStringTag` (none of these packages has one) is answered without loading:
  // axios's `create()` classifies every default with `Object.prototype.toString`, form-data's
  // `FormData` among them, in every `init()`.
  // A callable part gets a function as the proxy's target (so `new` and calls reach the real
  // export); the target's own fixed properties (a function's `prototype`) must still be reported
  // as they are (a proxy's invariant), which is what `fixed` keeps.
  return `
let real;
const load = () => (real ??= require(${chunk}));
const target = ${part.callable ? 'function () {}' : '{}'};
const fixed = (p) => { const d = Reflect.getOwnPropertyDescriptor(target, p); return d && !d.configurable ? d : undefined; };
module.exports = new Proxy(target, {
  get: (_t, p) => (p === '__esModule' ? ${part.esModule ? 'true' : 'undefined'} : p === Symbol.toStringTag && !real ? undefined : Reflect.get(load(), p)),
  has: (_t, p) => Reflect.has(load(), p),
  ownKeys: () => [...new Set([...Reflect.ownKeys(load()), ...Reflect.ownKeys(target).filter(fixed)])],
  getOwnPropertyDescriptor: (_t, p) => { const f = fixed(p); if (f) return f; const d = Reflect.getOwnPropertyDescriptor(load(), p); return d && { ...d, configurable: true }; },
  getPrototypeOf: () => Reflect.getPrototypeOf(load()),${part.callable ? `
  apply: (_t, self, args) => Reflect.apply(load(), self, args),
  construct: (_t, args, newTarget) => Reflect.construct(load(), args, newTarget),` : ''}
});
`;
}

/** The chunk's file name inside `vendor/`. */
export function vendorFile(pkg: string): string {
  return `${pkg.replace(/\//g, '-')}.js`;
}

/**
 * An esbuild plugin that leaves the vendor libraries out of a function bundle, pointing their
 * imports at `./vendor/<lib>.js`, and records which ones the function uses in `used`.
 */
export function vendorChunks(used: Set<string>, root = resolve(__dirname, '..')): Plugin {
  const fromRoot = createRequire(join(root, 'package.json'));
  return {
    name: 'vendor-chunks',
    setup(b) {
      b.onResolve({ filter: FILTER }, (args) => {
        used.add(args.path);
        return { path: `./vendor/${vendorFile(args.path)}`, external: true };
      });
      b.onResolve({ filter: LAZY_FILTER }, (args) => {
        if (args.namespace === 'lazy-sdk-part') return undefined;
        // The chunk is built from the copy the repo root resolves; a dependency with its own
        // nested copy of the package would silently get that one instead, so refuse.
        if (isAbsolute(args.importer) && createRequire(args.importer).resolve(args.path) !== fromRoot.resolve(args.path)) {
          throw new Error(`${args.importer} imports its own copy of ${args.path}: add it to LAZY_SDK_PARTS only if all importers share one copy`);
        }
        used.add(args.path);
        return { path: args.path, namespace: 'lazy-sdk-part' };
      });
      b.onResolve({ filter: /^\.\/vendor\//, namespace: 'lazy-sdk-part' }, (args) => ({ path: args.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-sdk-part' }, (args) => ({ contents: lazyProxySource(args.path), loader: 'js' }));
    },
  };
}

/**
 * Bundles each used library into `<functionDir>/vendor/`.
 * @param root the repo root (where node_modules is resolved from)
 * @returns bytes written per library
 */
export async function buildVendorChunks(used: ReadonlySet<string>, functionDir: string, opts: { root: string; target: string; minify: boolean }): Promise<Record<string, number>> {
  const req = createRequire(join(opts.root, 'package.json'));
  const sizes: Record<string, number> = {};
  for (const pkg of [...used].sort()) {
    const result = await esbuild({
      entryPoints: [req.resolve(pkg)],
      outfile: join(functionDir, 'vendor', vendorFile(pkg)),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: opts.target,
      minify: opts.minify,
      keepNames: true,
      legalComments: 'none',
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: opts.root,
    });
    sizes[pkg] = Object.values(result.metafile.outputs).reduce((s, o) => s + o.bytes, 0);
  }
  return sizes;
}
