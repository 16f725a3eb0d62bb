/**
 * `npm run deploy` — production in one command.
 *
 *   npm run deploy -- --dry-run            print the plan against an empty environment (no credentials)
 *   npm run deploy -- --standin <url>      apply the plan to a running stand-in
 *   npm run deploy                         apply to CloudBase (TCB_SECRET_ID, TCB_SECRET_KEY, TCB_ENV_ID
 *                                          from the environment or a git-ignored .env.deploy)
 */
import { existsSync, readFileSync } from 'node:fs';
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
  if (dryRun) {
    // A fresh clone has no credentials: plan against an empty environment, the first deploy.
    const steps = computePlan(desired, { collections: [], storageRules: null, functions: [] });
    for (const s of steps) console.log(describeStep(s));
    console.log(`空环境的首次部署共 ${steps.length} 步（未做任何更改）/ ${steps.length} steps for an empty environment (nothing changed)`);
    return 0;
  }
  loadEnvFile();
  const missing = CREDENTIALS.filter((k) => !process.env[k]);
  if (missing.length > 0) {
    console.error(`缺少部署凭据：${missing.join('、')}。请在环境变量或未纳入版本库的 .env.deploy 文件中设置（见 docs/deploy.md）。`);
    console.error(`Missing deploy credentials: ${missing.join(', ')}. Set them in the environment or in the git-ignored .env.deploy file (see docs/deploy.md).`);
    return 2;
  }
  console.error('向 CloudBase 部署尚未实现（@cloudbase/manager-node 目标待完成）/ Deploying to CloudBase is not implemented yet (the @cloudbase/manager-node target is pending).');
  return 3;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
