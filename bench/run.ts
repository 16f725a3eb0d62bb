/**
 * `npm run bench [-- NAME...]`: runs every benchmark in this folder one after another, each in its
 * own process (so one's warm caches don't flatter the next), and prints their figures and ratios.
 * Benchmarks measure; they never pass or fail. Figures we recorded are in docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = __dirname;
const wanted = process.argv.slice(2);
const all = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const chosen = wanted.length ? all.filter((n) => wanted.includes(n)) : all;
if (wanted.length && chosen.length !== wanted.length) {
  console.error(`unknown benchmark(s): ${wanted.filter((w) => !all.includes(w)).join(', ')}; known: ${all.join(', ')}`);
  process.exit(2);
}
// Functions must be built for the cold-start and end-to-end benchmarks.
spawnSync('npx', ['tsx', join(here, '..', 'scripts', 'build.ts')], { stdio: 'inherit', env: process.env });
let failed = 0;
for (const name of chosen) {
  console.log(`\n===== bench/${name}.ts =====`);
  const r = spawnSync('npx', ['tsx', join(here, `${name}.ts`)], { stdio: 'inherit', env: { ...process.env, TENCENTCLOUD: 'true' } });
  if (r.status !== 0) {
    failed++;
    console.log(`(bench/${name}.ts exited with ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);
