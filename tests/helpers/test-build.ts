/**
 * One build of the cloud functions per test run, shared by every test file and jest worker.
 *
 * Building every function takes seconds of CPU (the vendor chunks above all); fifty test files
 * each building their own copy cost minutes on the two-core machine. The node projects' global
 * setup builds all functions, before any test file starts (else both workers' first files built
 * the same folder at once, ≈ 20 s of both cores on a fresh machine), into
 * `<tmpdir>/shouwang-test-build-<hash>`, where the hash covers every
 * input of the bundles (the functions' sources, the build scripts, the lockfile), so an edit
 * produces a new folder and an unchanged tree reuses the old one. A stack that names only some
 * functions gets a private folder of symlinks to those (the invoker starts timers for every
 * function it finds, so a stack must not see functions it did not ask for).
 *
 * Concurrency: two workers starting together may both build; each writes a private folder and
 * renames it into place, the first rename wins and the other copy is removed. No lock to leak
 * when a worker is killed.
 */
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctions, buildInputsHash, listFunctionSources } from '../../scripts/build';

const PREFIX = 'shouwang-test-build-';
/** Older shared builds than this are removed when a new one is made (edits leave old folders). */
const STALE_MS = 6 * 3600_000;

let shared: Promise<string> | undefined;

async function sharedBuild(): Promise<string> {
  const dir = join(tmpdir(), PREFIX + buildInputsHash());
  if (existsSync(join(dir, '.complete'))) return dir;
  const partial = mkdtempSync(join(tmpdir(), `${PREFIX}partial-`));
  try {
    await buildFunctions({ outDir: partial, writeCloudbaserc: false, copyMiniprogramNpm: false, generateContracts: false, minify: false });
    // Marker last: a folder without it is never reused.
    writeFileSync(join(partial, '.complete'), new Date().toISOString());
    try {
      renameSync(partial, dir);
    } catch {
      // Another worker's build won (same inputs, same output).
      rmSync(partial, { recursive: true, force: true });
    }
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    throw err;
  }
  removeStale(dir);
  return dir;
}

function removeStale(keep: string): void {
  const now = Date.now();
  for (const n of readdirSync(tmpdir())) {
    const p = join(tmpdir(), n);
    if (!n.startsWith(PREFIX) || p === keep) continue;
    try {
      if (now - statSync(p).mtimeMs > STALE_MS) rmSync(p, { recursive: true, force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

/**
 * Makes the run's shared build if it is missing (the node projects' global setup calls this;
 * a test file run on its own makes it on its first stack).
 * @returns the folder
 */
export function prepareSharedBuild(): Promise<string> {
  shared ??= sharedBuild();
  return shared;
}

/**
 * A functions folder for a test stack.
 * @param only the functions the stack may see (default all)
 * @returns `dir` to pass as `functionsDir`, and `dispose` removing the private symlink folder
 * @throws when the build fails (the esbuild messages name file and line)
 */
export async function testFunctionsDir(only?: string[]): Promise<{ dir: string; dispose(): void }> {
  const full = await prepareSharedBuild();
  const all = listFunctionSources();
  const names = only?.length ? only : all;
  for (const n of names) if (!all.includes(n)) throw new Error(`no function "${n}" in cloudfunctions/`);
  const dir = mkdtempSync(join(tmpdir(), 'shouwang-test-fns-'));
  for (const n of names) symlinkSync(join(full, n), join(dir, n), 'dir');
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
