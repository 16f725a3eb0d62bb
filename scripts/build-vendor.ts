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

const FILTER = new RegExp(`^(${VENDOR_CHUNKS.map((p) => p.replace(/[/.-]/g, (c) => `\\${c}`)).join('|')})$`);

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
