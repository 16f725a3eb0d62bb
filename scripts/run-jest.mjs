// Runs the jest suite under TZ=UTC, then the date-sensitive tests (*.dates.test.ts) again under
// TZ=Asia/Shanghai (DESIGN.md "Time"), and ends with the plain `N passed, N failed` line CI reads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const out = '.jest-results';
mkdirSync(out, { recursive: true });
const extra = process.argv.slice(2);
const runs = [
  { tz: 'UTC', args: [] },
  { tz: 'Asia/Shanghai', args: ['--testPathPattern', '\\.dates\\.test\\.ts$'] },
];
let passed = 0;
let failed = 0;
let status = 0;
for (const [i, run] of runs.entries()) {
  const file = join(out, `run-${i}.json`);
  console.log(`\n=== jest under TZ=${run.tz} ===`);
  const r = spawnSync('npx', ['jest', '--json', '--outputFile', file, ...run.args, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, TZ: run.tz, TENCENTCLOUD: 'true' },
  });
  try {
    const res = JSON.parse(readFileSync(file, 'utf8'));
    passed += res.numPassedTests;
    // A suite that fails to load runs no test: count it as a failure, or the line would hide it.
    failed += res.numFailedTests + (res.numRuntimeErrorTestSuites ?? 0);
    if (res.numTotalTests === 0 && i === 0) status = 1;
  } catch {
    status = 1;
  }
  if (r.status !== 0) status = r.status ?? 1;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(status || (failed > 0 ? 1 : 0));
