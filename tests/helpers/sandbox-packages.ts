/**
 * The three packages nearly every node test file loads (node-sdk, mingo, zod), each bundled into
 * one file that jest's `moduleNameMapper` points at (jest.config.js).
 *
 * Why: jest gives every test file a fresh module registry, so each file resolves, reads and
 * compiles these packages' several hundred modules again; that was about 0.6 s of every test
 * file that starts a stack. One file per package halves it. The bundles are esbuild's, the same
 * tool and settings that bundle node-sdk into every cloud function, so the code under test is
 * what production runs. They are made by the node projects' global setup, again only when a
 * package's version (or esbuild's) changes.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Where the bundles live (git-ignored, with node_modules). */
export const SANDBOX_PACKAGES_DIR = join(ROOT, 'node_modules', '.cache', 'shouwang-sandbox-packages');

/** Package → bundle file name. jest.config.js maps exactly these bare names. */
export const SANDBOX_PACKAGES: Record<string, string> = {
  '@cloudbase/node-sdk': 'node-sdk.js',
  mingo: 'mingo.js',
  zod: 'zod.js',
};

function versionOf(pkg: string): string {
  return JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`, { paths: [ROOT] }), 'utf8')).version;
}

/**
 * Bundles any package whose bundle is missing or was made from another version.
 * @returns the packages it bundled (empty when all were current)
 * @throws on an esbuild error (the message names the file)
 */
export async function bundleSandboxPackages(): Promise<string[]> {
  mkdirSync(SANDBOX_PACKAGES_DIR, { recursive: true });
  const made: string[] = [];
  for (const [pkg, file] of Object.entries(SANDBOX_PACKAGES)) {
    const out = join(SANDBOX_PACKAGES_DIR, file);
    const key = `${pkg}@${versionOf(pkg)} esbuild@${versionOf('esbuild')}`;
    const keyFile = `${out}.key`;
    if (existsSync(out) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) continue;
    const partial = `${out}.${process.pid}.partial`;
    await build({ entryPoints: [pkg], absWorkingDir: ROOT, bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: partial, logLevel: 'error' });
    renameSync(partial, out);
    writeFileSync(keyFile, key);
    made.push(pkg);
  }
  return made;
}
