/**
 * Census import benchmark, end to end (docs/registry.md "Benchmark"): a generated 10,000-row
 * roster (xlsx, one town, one sheet per village, the fixtures' kinds of mess, ~10 % faulty rows)
 * uploaded to the stand-in's storage and imported through `registry.startImport` +
 * `registry.advanceImport` polling, each call a real invocation in a worker under the 3 s
 * timeout. Prints rows/s end to end and per chunk, the chunk sizes the time budget produced, the
 * largest chunk that would fit 3 s, the SDK requests the function made (each one HTTP round trip
 * to the stand-in) and the CPU time of the process (stand-in + function workers; less
 * load-dependent than wall time). `--relist` then imports the same children again from a roster
 * with another header layout (another job): every accepted row becomes an update (`relist`).
 * `--cold` drops the function's instances before every poll, so each call starts cold (chunk
 * times then include the instance start and loading the roster's stage).
 * Figures only; never passes or fails. `SHOUWANG_PROFILE=1` builds the function unminified (for
 * `node --cpu-prof --import tsx`) and makes it print per-batch timings.
 *
 *   npx tsx bench/census-import.ts [rows] [--relist] [--cold]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Server, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildFunctions } from '../scripts/build';
import { startStack } from '../local/stack';
import { makePersona } from '../tests/helpers/access-world';
import { generateRoster, type FamilySpec, type RosterSpec, type SheetSpec } from '../tests/helpers/census-generator';
import type { ImportProgress } from '../cloudfunctions/_shared/contracts/registry';

const ROWS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10_000);
const RELIST = process.argv.includes('--relist');
const COLD = process.argv.includes('--cold');
const TIMEOUT_MS = 3000;

/** HTTP requests the stand-in (this process) receives: every SDK call of the function is one. */
let requests = 0;
const emit = Server.prototype.emit;
Server.prototype.emit = function (this: Server, event: string, ...args: unknown[]) {
  if (event === 'request' && !(args[0] as IncomingMessage).url?.startsWith('/__')) requests++;
  return (emit as (this: Server, event: string, ...rest: unknown[]) => boolean).call(this, event, ...args);
} as typeof Server.prototype.emit;

function families(children: number): FamilySpec[] {
  const out: FamilySpec[] = [];
  let n = 0;
  for (let i = 0; n < children; i++) {
    const size = Math.min(children - n, (i % 3) + 1);
    const faults = i % 10 === 9 ? (['ID_CHECKSUM'] as const) : i % 10 === 8 ? (['FATHER_PHONE_INVALID'] as const) : [];
    out.push({ mergeParents: size > 1, caregiverId15: i % 4 === 0, children: Array.from({ length: size }, () => ({ faults: [...faults] })) });
    n += size;
  }
  return out;
}

export async function run(): Promise<Record<string, unknown>> {
  const divisions = JSON.parse(readFileSync(join(__dirname, '..', 'local', 'data', 'dongzhi-divisions.json'), 'utf8')) as {
    villages: { code: string; name: string; townCode: string }[];
  };
  const villages = divisions.villages.filter((v) => v.townCode === '341721100').slice(0, 20);
  const perSheet = Math.ceil(ROWS / villages.length);
  const sheets: SheetSpec[] = villages.map((v) => ({ sheetName: v.name, village: { code: v.code, name: v.name }, families: families(perSheet), blankEvery: 25 }));
  const spec: RosterSpec = { format: 'xlsx', county: { code: '341721', name: '东至县' }, town: { code: '341721100', name: '尧渡镇' }, sheets, headerStyle: 'two-row', censusDate: '2026-09-30', seed: 99 };
  const gen = await generateRoster(spec);

  const dataDir = mkdtempSync(join(tmpdir(), 'shouwang-bench-import-'));
  const buildDir = mkdtempSync(join(tmpdir(), 'shouwang-bench-build-'));
  // Unminified under SHOUWANG_PROFILE, so CPU profiles (--cpu-prof) name the function's code.
  await buildFunctions({ outDir: buildDir, only: ['registry'], writeCloudbaserc: false, copyMiniprogramNpm: false, minify: !process.env.SHOUWANG_PROFILE });
  const stack = await startStack({ dataDir, functionsDir: buildDir, ports: { standin: 0, gateway: 0, wechat: 0 }, gateway: false, wechat: false, demo: false });
  try {
    const admin = await makePersona(stack.app, 'countyAdmin');
    let timeouts = 0;
    const call = async (action: string, data: unknown): Promise<ImportProgress> => {
      const r = await stack.invoker.invoke({ name: 'registry', event: { action, data }, identity: { openid: admin.openid, source: 'wx_client' } });
      if (!r.ok && r.code === 'FUNCTION_TIME_LIMIT_EXCEEDED' && timeouts < 20) {
        // The instance was killed at 3 s; the job resumes on the next poll (as the page and CLI do).
        timeouts++;
        return call(action, data);
      }
      if (!r.ok) throw new Error(`${action}: ${r.code} ${r.message}`);
      const env = r.result as { ok: boolean; data: ImportProgress; error?: unknown };
      if (!env.ok) throw new Error(`${action}: ${JSON.stringify(env.error)}`);
      return env.data;
    };
    const importOnce = async (roster: { name: string; bytes: Uint8Array }): Promise<Record<string, unknown>> => {
      const t0 = performance.now();
      const requestsBefore = requests;
      const timeoutsBefore = timeouts;
      // CPU of this process (stand-in and function workers alike): less load-dependent than wall time.
      const cpuBefore = process.cpuUsage();
      const { slots } = (await call('rosterSlot', { fileName: roster.name })) as unknown as { slots: Array<{ cloudPath: string }> };
      const { fileID } = await stack.app.uploadFile({ cloudPath: slots[0].cloudPath, fileContent: Buffer.from(roster.bytes) });
      let p = await call('startImport', { fileID, fileName: roster.name });
      const chunks: { rows: number; ms: number }[] = [];
      while (p.status !== 'done') {
        const before = p.done;
        // --cold: every poll lands on a new instance (the worst case of a scaled-out function).
        if (COLD) await stack.invoker.reload();
        const a = performance.now();
        p = await call('advanceImport', { jobId: p.jobId });
        if (p.busy) {
          await new Promise((r) => setTimeout(r, p.retryAfterMs ?? 500));
          continue;
        }
        chunks.push({ rows: p.done - before, ms: Math.round(performance.now() - a) });
      }
      const totalMs = performance.now() - t0;
      const sdkRequests = requests - requestsBefore;
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const steady = chunks.slice(1).filter((c) => c.rows > 0);
      const steadyRowsPerMs = steady.reduce((s, c) => s + c.rows, 0) / Math.max(1, steady.reduce((s, c) => s + c.ms, 0));
      const first = chunks[0];
      // The first chunk of an instance also reads the whole file; later chunks reuse it (warm instance).
      const readOverheadMs = Math.max(0, first.ms - first.rows / steadyRowsPerMs);
      return {
        fileKiB: Math.round(roster.bytes.byteLength / 1024),
        childRows: p.total,
        counts: p.counts,
        problems: p.problems.map((x) => x.code),
        endToEndMs: Math.round(totalMs),
        endToEndRowsPerSecond: Math.round(((p.total ?? 0) / totalMs) * 1000),
        chunks: chunks.length,
        chunkSizes: chunks.map((c) => c.rows),
        chunkMs: chunks.map((c) => c.ms),
        maxChunkMs: Math.max(...chunks.map((c) => c.ms)),
        withinChunkRowsPerSecond: Math.round(steadyRowsPerMs * 1000),
        firstChunkReadOverheadMs: Math.round(readOverheadMs),
        largestWarmChunkIn3s: Math.floor(steadyRowsPerMs * TIMEOUT_MS),
        largestColdChunkIn3s: Math.floor(steadyRowsPerMs * (TIMEOUT_MS - readOverheadMs)),
        timeouts: timeouts - timeoutsBefore,
        sdkRequests,
        sdkRequestsPerRow: Number((sdkRequests / (p.total ?? 1)).toFixed(3)),
        cpuMs: Math.round(cpuMs),
        cpuMsPer1000Rows: Math.round((cpuMs / (p.total ?? 1)) * 1000),
      };
    };
    const fresh = await importOnce(gen);
    // Re-listing: the same children in a roster that differs only in its header layout (another
    // file content, so another job): every accepted row becomes an update of its file.
    const relist = RELIST ? await importOnce({ name: gen.name, bytes: (await generateRoster({ ...spec, headerStyle: 'one-row' })).bytes }) : undefined;
    return {
      ...fresh,
      ...(relist ? { relist } : {}),
      loadAverage: (await import('node:os')).loadavg().map((x) => Number(x.toFixed(1))),
      budgetRowsPerSecond: 2000,
    };
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then((f) => console.log(JSON.stringify(f, null, 2)));
}
