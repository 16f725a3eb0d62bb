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
import { join } from 'node:path';

/** Libraries loaded as their own chunk: spreadsheets, PDF, and the article renderer's parts. */
export const VENDOR_CHUNKS = ['exceljs', 'pdfkit', 'markdown-it', 'juice/client', 'sanitize-html'] as const;

/**
 * Parts of `@cloudbase/node-sdk` that it requires at load time but that only its data-model,
 * MySQL and AI features use (`app.models`, `app.rdb()`, `app.ai()`) — none of which the product
 * calls. They cost ≈40 ms of every cold start (bench/coldstart.ts), so they become chunks behind
 * a proxy that loads them on first real use: the SDK keeps working unchanged if they are ever used.
 */
export const LAZY_SDK_PARTS = ['@cloudbase/wx-cloud-client-sdk', '@cloudbase/ai'] as const;

const escape = (p: string): string => p.replace(/[/.-]/g, (c) => `\\${c}`);
const FILTER = new RegExp(`^(${VENDOR_CHUNKS.map(escape).join('|')})$`);
const LAZY_FILTER = new RegExp(`^(${LAZY_SDK_PARTS.map(escape).join('|')})$`);

/**
 * The module a lazy SDK part is replaced with. `__esModule` is answered without loading (the
 * SDK's `__importDefault` reads it at load time); anything else loads the chunk. The data-model
 * SDK's `generateHTTPClient` runs in every `init()`, so it answers a client that builds the real
 * one on first property access.
 */
function lazyProxySource(pkg: string): string {
  const chunk = JSON.stringify(`./vendor/${vendorFile(pkg)}`);
  return `
let real;
const load = () => (real ??= require(${chunk}));
const lazy = (get) => new Proxy({}, {
  get: (_t, p) => Reflect.get(get(), p),
  has: (_t, p) => Reflect.has(get(), p),
  ownKeys: () => Reflect.ownKeys(get()),
  getOwnPropertyDescriptor: (_t, p) => { const d = Reflect.getOwnPropertyDescriptor(get(), p); return d && { ...d, configurable: true }; },
});
${
  pkg === '@cloudbase/wx-cloud-client-sdk'
    ? `const sdk = () => load().default ?? load();
const api = {
  init: (...a) => sdk().init(...a),
  generateHTTPClient: (...a) => { let c; return lazy(() => (c ??= sdk().generateHTTPClient(...a))); },
  generateMySQLClient: (...a) => sdk().generateMySQLClient(...a),
  initHTTPOverCallFunction: (...a) => load().initHTTPOverCallFunction(...a),
};
module.exports = { __esModule: true, default: api, ...api };`
    : `module.exports = new Proxy({}, {
  get: (_t, p) => (p === '__esModule' ? true : Reflect.get(load(), p)),
  has: (_t, p) => Reflect.has(load(), p),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_t, p) => { const d = Reflect.getOwnPropertyDescriptor(load(), p); return d && { ...d, configurable: true }; },
});`
}
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
export function vendorChunks(used: Set<string>): Plugin {
  return {
    name: 'vendor-chunks',
    setup(b) {
      b.onResolve({ filter: FILTER }, (args) => {
        used.add(args.path);
        return { path: `./vendor/${vendorFile(args.path)}`, external: true };
      });
      b.onResolve({ filter: LAZY_FILTER }, (args) => {
        if (args.namespace === 'lazy-sdk-part') return undefined;
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
