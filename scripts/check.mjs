// `npm test`'s static checks, run side by side: the two TypeScript projects (the mini-program;
// everything else, cloud functions included) and ESLint. Each one's output is printed whole
// when it ends, in a fixed order, so nothing interleaves; exits non-zero if any failed.
import { spawn } from 'node:child_process';

// The root project includes cloudfunctions/ (and the tests import it), so it type-checks the
// functions too; cloudfunctions/tsconfig.json stays for editors. What the root project's jest
// types would let through in function code, ESLint refuses (no-restricted-globals there).
// Each check keeps what it learnt in node_modules/.cache/checks/ (git-ignored with
// node_modules): a second run re-checks only what changed. A fresh clone checks everything.
const CACHE = 'node_modules/.cache/checks';
const checks = [
  ['tsc miniprogram', ['tsc', '-p', 'miniprogram/tsconfig.json', '--noEmit', '--incremental', '--tsBuildInfoFile', `${CACHE}/miniprogram.tsbuildinfo`]],
  ['tsc tsconfig.json', ['tsc', '-p', 'tsconfig.json', '--noEmit', '--incremental', '--tsBuildInfoFile', `${CACHE}/root.tsbuildinfo`]],
  ['eslint', ['eslint', '.', '--cache', '--cache-strategy', 'content', '--cache-location', `${CACHE}/eslint`]],
];

const started = Date.now();
const results = await Promise.all(
  checks.map(
    ([name, cmd]) =>
      new Promise((done) => {
        const t0 = Date.now();
        const child = spawn('npx', ['--no-install', ...cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('close', (code) => done({ name, code, out, s: Math.round((Date.now() - t0) / 1000) }));
      }),
  ),
);
let failed = 0;
for (const r of results) {
  console.log(`=== ${r.name}: ${r.code === 0 ? 'ok' : 'FAILED'} (${r.s} s)`);
  if (r.out.trim()) console.log(r.out.trimEnd());
  if (r.code !== 0) failed++;
}
console.log(`checks: ${Math.round((Date.now() - started) / 1000)} s wall`);
process.exit(failed ? 1 : 0);
