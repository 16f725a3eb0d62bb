/**
 * `npm run deploy` — production in one command.
 *
 *   npm run deploy -- --dry-run            print the plan: against the environment when credentials are
 *                                          set, else against an empty one (a fresh clone)
 *   npm run deploy -- --standin <url>      apply the plan to a running stand-in
 *   npm run deploy                         apply to CloudBase (TCB_SECRET_ID, TCB_SECRET_KEY, TCB_ENV_ID
 *                                          from the environment or a git-ignored .env.deploy)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHashes, cloudPlan, cloudbaseTarget, type ManagerLike } from './cloudbase-target';
import { computePlan, describeStep, desiredState } from './plan';
import { standinTarget } from './standin-target';

const CREDENTIALS = ['TCB_SECRET_ID', 'TCB_SECRET_KEY', 'TCB_ENV_ID'] as const;

function loadEnvFile(): void {
  if (!existsSync('.env.deploy')) return;
  for (const line of readFileSync('.env.deploy', 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2].replace(/^["']|["']$/g, '');
  }
}

/** A network failure said in Chinese and English (no stack trace), or undefined for other errors. */
function unreachable(err: unknown): string | undefined {
  const text = String((err as { message?: string })?.message ?? err);
  const m = /(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket hang up|network timeout)/i.exec(text);
  if (!m) return undefined;
  return `无法连接腾讯云 CloudBase（${m[1]}），未做任何更改或已停在当前步骤；请检查网络或代理后重新运行。/ Cannot reach Tencent CloudBase (${m[1]}); check the network or proxy and run again.`;
}

async function main(argv: string[]): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  const si = argv.indexOf('--standin');
  const desired = desiredState();
  if (si >= 0) {
    const target = standinTarget(argv[si + 1] ?? '');
    const steps = computePlan(desired, await target.current());
    for (const s of steps) console.log(describeStep(s));
    if (!dryRun) for (const s of steps) await target.apply(s);
    console.log(steps.length === 0 ? '无变更 no change' : `${dryRun ? '将执行 would apply' : '已执行 applied'} ${steps.length} 步 steps`);
    return 0;
  }
  loadEnvFile();
  const dryRunAgainstCloud = dryRun && CREDENTIALS.every((k) => process.env[k]);
  if (dryRun && !dryRunAgainstCloud) {
    // A fresh clone has no credentials: plan against an empty environment, the first deploy.
    const steps = computePlan(desired, { collections: [], storageRules: null, functions: [] });
    for (const s of steps) console.log(describeStep(s));
    console.log(`空环境的首次部署共 ${steps.length} 步（未做任何更改）/ ${steps.length} steps for an empty environment (nothing changed)`);
    return 0;
  }
  const missing = CREDENTIALS.filter((k) => !process.env[k]);
  if (missing.length > 0) {
    console.error(`缺少部署凭据：${missing.join('、')}。请在环境变量或未纳入版本库的 .env.deploy 文件中设置（见 docs/deploy.md）。`);
    console.error(`Missing deploy credentials: ${missing.join(', ')}. Set them in the environment or in the git-ignored .env.deploy file (see docs/deploy.md).`);
    return 2;
  }
  const functionRoot = join(process.cwd(), 'build', 'functions');
  const hashes = buildHashes(functionRoot, desired.functions.map((f) => f.name));
  const unbuilt = desired.functions.filter((f) => !hashes[f.name]).map((f) => f.name);
  if (unbuilt.length > 0) {
    console.error(`云函数尚未构建：${unbuilt.join('、')}。请先运行 npm run build。/ Functions not built: ${unbuilt.join(', ')}. Run npm run build first.`);
    return 2;
  }
  // Loaded only here: --dry-run and the stand-in need no CloudBase library.
  const { default: CloudBase } = await import('@cloudbase/manager-node');
  const manager = new CloudBase({ secretId: process.env.TCB_SECRET_ID, secretKey: process.env.TCB_SECRET_KEY, envId: process.env.TCB_ENV_ID }) as unknown as ManagerLike;
  const target = cloudbaseTarget(manager, process.env.TCB_ENV_ID!, functionRoot);
  let steps;
  try {
    steps = await cloudPlan(target, desired, hashes, process.env);
  } catch (err) {
    console.error(unreachable(err) ?? (err as Error).message);
    return 2;
  }
  for (const s of steps) console.log(describeStep(s));
  if (dryRunAgainstCloud) {
    console.log(`将执行 would apply ${steps.length} 步 steps（未做任何更改 nothing changed）`);
    return 0;
  }
  for (const [i, s] of steps.entries()) {
    try {
      await target.apply(s);
    } catch (err) {
      console.error(`第 ${i + 1} 步失败，已停止（前 ${i} 步已生效，重新运行会从这里继续）/ step ${i + 1} failed, stopped (the first ${i} took effect; run again to continue): ${describeStep(s)}`);
      console.error(unreachable(err) ?? (err as Error).message);
      return 1;
    }
  }
  console.log(steps.length === 0 ? '无变更 no change' : `已执行 applied ${steps.length} 步 steps on ${target.name}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
