/**
 * Census import from the command line for county staff (docs/registry.md "Command line"):
 *
 *   npm run census:import -- FILE... --report report.json [--census-date YYYY-MM-DD] [--as PERSONA]
 *                                    [--region CODE] [--chunk-rows N]
 *
 * Runs the same code path as the mini-program: each file is uploaded through the dev gateway's
 * storage endpoint, `registry.startImport` creates (or finds, for the same content) the job, and
 * `registry.advanceImport` is polled until it is done; the row outcomes are then paged out of
 * `registry.importRows`. Files are imported in the order given (the first occurrence of a child
 * wins).
 *
 * Stack: uses the running local stack's gateway (`SHOUWANG_GATEWAY_URL`, default
 * http://127.0.0.1:39200) or, if none answers, starts one on the same data folder
 * (`SHOUWANG_DATA_DIR`, default .data/; demo data on an empty store, like `npm start`), on free
 * ports, and stops it at the end. `SHOUWANG_FUNCTIONS_DIR` overrides the built functions folder.
 *
 * Defaults: census date 2026-09-30; persona `countyAdmin` (the demo county admin,
 * openid `demo-county-admin`); `--as` takes a persona key (`villageOfficer`) or an openid.
 *
 * Report (JSON): `{ accepted: [{file, sheet, row, childId}], updated: [...], rejected: [{file,
 * sheet, row, reasons}], warnings: [{file, sheet, row, codes}], skipped: [{file, sheet, row,
 * kind}], jobs: [{file, jobId, reused, counts, problems}] }` — `row` is the 1-based worksheet
 * row, `file` the file's name. Progress lines go to stderr (`进度 <file> <done>/<total>`).
 * Exit code 0 when every file was processed, 1 on a failure, 2 on bad arguments.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ImportProgress, ImportRowDoc } from '../cloudfunctions/_shared/contracts/registry';

process.env.TENCENTCLOUD = 'true';

const ROOT = resolve(__dirname, '..');

export interface CliOptions {
  files: string[];
  report: string;
  censusDate: string;
  as: string;
  region?: string;
  chunkRows?: number;
}

export interface ImportReport {
  accepted: { file: string; sheet: string; row: number; childId: string }[];
  updated: { file: string; sheet: string; row: number; childId: string }[];
  rejected: { file: string; sheet: string; row: number; reasons: string[] }[];
  warnings: { file: string; sheet: string; row: number; codes: string[] }[];
  skipped: { file: string; sheet: string; row: number; kind: string }[];
  jobs: { file: string; jobId: string; reused: boolean; counts: ImportProgress['counts']; problems: ImportProgress['problems'] }[];
}

/**
 * Parses the command line.
 * @throws Error with a Chinese usage message when arguments are missing or malformed
 */
export function parseArgs(argv: string[]): CliOptions {
  const files: string[] = [];
  let report: string | undefined;
  let censusDate = '2026-09-30';
  let as = 'countyAdmin';
  let region: string | undefined;
  let chunkRows: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} 需要一个值`);
      return v;
    };
    if (a === '--report') report = next();
    else if (a === '--census-date') censusDate = next();
    else if (a === '--as') as = next();
    else if (a === '--region') region = next();
    else if (a === '--chunk-rows') chunkRows = Number(next());
    else if (a.startsWith('--')) throw new Error(`未知参数：${a}`);
    else files.push(a);
  }
  if (!files.length) throw new Error('请至少给出一个花名册文件');
  if (!report) throw new Error('请用 --report 指定报告文件（JSON）');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(censusDate)) throw new Error(`--census-date 格式应为 YYYY-MM-DD：${censusDate}`);
  if (chunkRows !== undefined && (!Number.isInteger(chunkRows) || chunkRows < 10)) throw new Error('--chunk-rows 须为不小于10的整数');
  for (const f of files) if (!existsSync(f)) throw new Error(`文件不存在：${f}`);
  return { files, report, censusDate, as, region, chunkRows };
}

/** The openid of a persona key (`villageOfficer` → `demo-village-officer`), or the value itself. */
export function openidOf(as: string): string {
  if (/^[a-z][A-Za-z]+$/.test(as) && !as.includes('-')) return `demo-${as.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return as;
}

class Gateway {
  constructor(
    readonly url: string,
    readonly openid: string,
  ) {}

  async call<T>(action: string, data: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.url}/functions/registry`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dev-openid': this.openid },
        body: JSON.stringify({ action, data }),
      });
      const body = (await res.json()) as { ok?: boolean; data?: T; error?: { code: string; message: string }; errCode?: number; errMsg?: string };
      if (res.status === 502 && attempt < 5) {
        // A platform failure (e.g. an instance timed out): the job resumes where it stopped.
        process.stderr.write(`平台错误，重试：${body.errMsg ?? ''}\n`);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (!body.ok) throw new Error(`${action} 失败：${body.error?.code ?? body.errCode} ${body.error?.message ?? body.errMsg}`);
      return body.data as T;
    }
  }

  /** Uploads into the slot `registry.rosterSlot` hands the persona, as the import page does. */
  async upload(name: string, bytes: Buffer): Promise<string> {
    const { slots } = await this.call<{ slots: Array<{ cloudPath: string }> }>('rosterSlot', { fileName: name });
    const cloudPath = slots[0].cloudPath;
    const res = await fetch(`${this.url}/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
      method: 'POST',
      headers: { 'x-dev-openid': this.openid },
      body: new Uint8Array(bytes),
    });
    if (res.status !== 200) throw new Error(`上传失败：${res.status} ${await res.text()}`);
    return ((await res.json()) as { fileID: string }).fileID;
  }
}

async function gatewayAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1500) });
    const body = (await res.json()) as { service?: string };
    return res.status === 200 && /shouwang/.test(body.service ?? '');
  } catch {
    return false;
  }
}

/**
 * Imports the files and builds the report.
 * @param gateway the dev gateway to talk to
 */
export async function runImport(gatewayUrl: string, opts: CliOptions): Promise<ImportReport> {
  const gw = new Gateway(gatewayUrl, openidOf(opts.as));
  const report: ImportReport = { accepted: [], updated: [], rejected: [], warnings: [], skipped: [], jobs: [] };
  for (const path of opts.files) {
    const name = basename(path);
    const fileID = await gw.upload(name, readFileSync(path));
    let p = await gw.call<ImportProgress>('startImport', {
      fileID,
      fileName: name,
      censusDate: opts.censusDate,
      ...(opts.region ? { regionCode: opts.region } : {}),
      ...(opts.chunkRows ? { chunkRows: opts.chunkRows } : {}),
    });
    const reused = !!p.reused;
    while (p.status !== 'done') {
      p = await gw.call<ImportProgress>('advanceImport', { jobId: p.jobId });
      process.stderr.write(`进度 ${name} ${p.done}/${p.total ?? '?'}\n`);
      if (p.busy) await new Promise((r) => setTimeout(r, Math.min(p.retryAfterMs ?? 500, 1000)));
    }
    for (let skip = 0; ; skip += 1000) {
      const page = await gw.call<{ rows: (ImportRowDoc & { id: string })[]; hasMore: boolean }>('importRows', { jobId: p.jobId, skip, limit: 1000 });
      for (const r of page.rows) {
        const at = { file: r.file, sheet: r.sheet, row: r.row };
        if (r.outcome === 'accepted') report.accepted.push({ ...at, childId: r.childId! });
        else if (r.outcome === 'updated') report.updated.push({ ...at, childId: r.childId! });
        else if (r.outcome === 'rejected') report.rejected.push({ ...at, reasons: r.reasons });
        else report.skipped.push({ ...at, kind: r.kind });
        if (r.outcome !== 'rejected' && r.warnings.length) report.warnings.push({ ...at, codes: r.warnings });
      }
      if (!page.hasMore) break;
    }
    report.jobs.push({ file: name, jobId: p.jobId, reused, counts: p.counts, problems: p.problems });
    process.stderr.write(
      `完成 ${name}：导入 ${p.counts.accepted}，更新 ${p.counts.updated}，拒绝 ${p.counts.rejected}，警告 ${p.counts.warnings}，跳过 ${p.counts.skipped}${reused ? '（同一文件已导入过，返回首次结果）' : ''}\n`,
    );
  }
  return report;
}

async function main(): Promise<void> {
  let opts: CliOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    console.error('用法：npm run census:import -- 文件... --report report.json [--census-date YYYY-MM-DD] [--as 身份] [--region 区划代码] [--chunk-rows N]');
    process.exit(2);
  }
  const gatewayUrl = process.env.SHOUWANG_GATEWAY_URL ?? 'http://127.0.0.1:39200';
  let stop: (() => Promise<void>) | undefined;
  let url = gatewayUrl;
  if (!(await gatewayAnswers(gatewayUrl))) {
    const { startStack } = await import('../local/stack');
    const dataDir = resolve(process.env.SHOUWANG_DATA_DIR ?? join(ROOT, '.data'));
    mkdirSync(dataDir, { recursive: true });
    const functionsDir = process.env.SHOUWANG_FUNCTIONS_DIR ?? join(ROOT, 'build', 'functions');
    if (!existsSync(join(functionsDir, 'registry', 'index.js'))) {
      const { buildFunctions } = await import('./build');
      await buildFunctions({ outDir: functionsDir });
    }
    process.stderr.write(`未发现运行中的本地环境，正在数据目录 ${dataDir} 上启动…\n`);
    const stack = await startStack({ dataDir, functionsDir, demo: true, ports: { standin: 0, gateway: 0, wechat: 0 } });
    url = stack.gatewayUrl!;
    stop = () => stack.stop();
    process.stderr.write(`READY ${url}\n`);
  }
  try {
    const report = await runImport(url, opts);
    writeFileSync(opts.report, JSON.stringify(report, null, 2) + '\n');
    process.stderr.write(`报告已写入 ${opts.report}\n`);
    // A file the importer could not use at all (town not matched, no header…) is a failed run.
    const fileErrors = report.jobs.flatMap((j) => j.problems.filter((p) => p.severity === 'error').map((p) => `${j.file}：${p.message}`));
    if (fileErrors.length) {
      for (const line of fileErrors) process.stderr.write(`错误：${line}\n`);
      process.exitCode = 1;
    }
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  } finally {
    await stop?.();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  void main();
}
