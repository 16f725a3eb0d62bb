/**
 * Kill the stand-in in the middle of an import, restart, resume: the final state equals an
 * uninterrupted import. The census CLI (scripts/census-import.ts) runs as its own process and,
 * finding no running stack, starts one (stand-in, invoker, gateway) on the data folder; the test
 * kills that process with SIGKILL while a job is half done, runs the CLI again on the same
 * folder (the job resumes: same content → same job), and compares the report and the stored
 * files with a run that was never interrupted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { buildFunctions } from '../../scripts/build';
import { CENSUS_FIXTURES_DIR } from '../helpers/census-generator';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'scripts', 'census-import.ts');
const FILES = ['341721-尧渡镇-留守儿童花名册.xlsx', '341721-东流镇-留守儿童花名册.xlsx', '341721-张溪镇-留守儿童花名册.xlsx'].map((f) => join(CENSUS_FIXTURES_DIR, f));

let functionsDir: string;
const dirs: string[] = [];

beforeAll(async () => {
  functionsDir = mkdtempSync(join(tmpdir(), 'shouwang-crash-build-'));
  await buildFunctions({ outDir: functionsDir, only: ['registry'], writeCloudbaserc: false, copyMiniprogramNpm: false, minify: false });
}, 120_000);
afterAll(() => {
  rmSync(functionsDir, { recursive: true, force: true });
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempData(): string {
  const d = mkdtempSync(join(tmpdir(), 'shouwang-crash-data-'));
  dirs.push(d);
  return d;
}

/**
 * Runs the CLI. With `killWhen`, sends SIGKILL as soon as a progress line satisfies it.
 * @returns exit code (null when killed) and stderr
 */
function runCli(dataDir: string, report: string, killWhen?: (done: number, total: number) => boolean): Promise<{ code: number | null; killed: boolean; err: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...FILES, '--report', report, '--chunk-rows', '10'], {
      cwd: ROOT,
      env: { ...process.env, SHOUWANG_GATEWAY_URL: 'http://127.0.0.1:9', SHOUWANG_DATA_DIR: dataDir, SHOUWANG_FUNCTIONS_DIR: functionsDir, TENCENTCLOUD: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    let killed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI hung: ${err}`));
    }, 150_000);
    child.stderr!.on('data', (c) => {
      err += String(c);
      if (killWhen && !killed) {
        for (const m of err.matchAll(/进度 \S+ (\d+)\/(\d+)/g)) {
          if (killWhen(Number(m[1]), Number(m[2]))) {
            killed = true;
            child.kill('SIGKILL');
            break;
          }
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, killed, err });
    });
  });
}

/** What the store holds of the registry (key-independent fields). */
function storedState(dataDir: string): Record<string, unknown> {
  const db = new Database(join(dataDir, 'standin', 'standin.sqlite'), { readonly: true });
  try {
    const count = (coll: string) => db.prepare('SELECT COUNT(*) FROM docs WHERE coll = ?').pluck().get(coll);
    return { children: count('children'), childHistory: count('childHistory'), households: count('households'), censusImportRows: count('censusImportRows'), censusCoverage: count('censusCoverage') };
  } finally {
    db.close();
  }
}

test('an import killed half way resumes to exactly the state of an uninterrupted one', async () => {
  const clean = tempData();
  const cleanRun = await runCli(clean, join(clean, 'report.json'));
  expect(cleanRun.code).toBe(0);
  const expectedReport = JSON.parse(readFileSync(join(clean, 'report.json'), 'utf8'));

  const crashed = tempData();
  const first = await runCli(crashed, join(crashed, 'report.json'), (done, total) => done >= 20 && done < total);
  expect(first.killed).toBe(true);
  const second = await runCli(crashed, join(crashed, 'report.json'));
  expect(second.code).toBe(0);
  const report = JSON.parse(readFileSync(join(crashed, 'report.json'), 'utf8'));

  // The resumed job is the same job (same content), finished; nothing duplicated or lost.
  expect(report.accepted).toEqual(expectedReport.accepted);
  expect(report.updated).toEqual(expectedReport.updated);
  expect(report.rejected).toEqual(expectedReport.rejected);
  expect(report.warnings).toEqual(expectedReport.warnings);
  expect(report.skipped).toEqual(expectedReport.skipped);
  expect(report.jobs.map((j: { counts: unknown }) => j.counts)).toEqual(expectedReport.jobs.map((j: { counts: unknown }) => j.counts));
  expect(report.accepted.length).toBe(130);
  expect(storedState(crashed)).toEqual(storedState(clean));
}, 300_000);
