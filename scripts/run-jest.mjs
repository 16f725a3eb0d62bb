// Runs the jest suite once — its projects include the date-sensitive tests (*.dates.test.ts)
// again under TZ=Asia/Shanghai (jest.config.js, DESIGN.md "Time") — under TZ=UTC, and ends with
// the plain `N passed, N failed` line CI reads. Extra arguments go to jest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const out = '.jest-results';
mkdirSync(out, { recursive: true });
const file = join(out, 'run.json');
const started = Date.now();
const r = spawnSync('npx', ['jest', '--json', '--outputFile', file, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TZ: 'UTC', TENCENTCLOUD: 'true' },
});
let passed = 0;
let failed = 0;
let status = r.status ?? 1;
try {
  const res = JSON.parse(readFileSync(file, 'utf8'));
  passed = res.numPassedTests;
  // A suite that fails to load runs no test: count it as a failure, or the line would hide it.
  failed = res.numFailedTests + (res.numRuntimeErrorTestSuites ?? 0);
  if (res.numTotalTests === 0) status = 1;
} catch {
  status = 1;
}
console.log(`\njest: ${Math.round((Date.now() - started) / 1000)} s wall`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(status || (failed > 0 ? 1 : 0));
