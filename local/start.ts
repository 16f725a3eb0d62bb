/**
 * `npm start` (after `npm run build`): the local stack on fixed ports with durable data.
 *
 *   data folder   .data/ (override with SHOUWANG_DATA_DIR); kept between starts
 *   stand-in      http://127.0.0.1:39100   node-sdk serviceUrl, admin endpoints /__admin/*
 *   gateway       http://127.0.0.1:39200   the mini-program's local mode (+ /wechat/event)
 *   WeChat        http://127.0.0.1:39300   the WeChat API stand-in (subscribe messages, 公众号 publishing)
 *
 * On an empty store it seeds the demo county (东至县: real division codes, invented people);
 * `--no-demo` skips that; then, while no county admin exists, it prints a one-time setup code that
 * makes whoever accepts it the first county admin (local/bootstrap.ts). While it runs the
 * mini-program is switched to local mode (`miniprogram/config/env.ts`, see docs/miniprogram.md),
 * held by a lock naming this process; however it stops — Ctrl-C (SIGINT), SIGTERM, an uncaught
 * error — cloud mode is restored, and after a kill -9 the next `npm run build` (the first step of
 * `npm start` and `npm test`) restores it (scripts/write-miniprogram-env.ts).
 *
 * Environment: SHOUWANG_DATA_DIR (data folder), SHOUWANG_GATEWAY_HOST (gateway interface,
 * default 127.0.0.1; e.g. 0.0.0.0 for real-device debugging over the LAN), SHOUWANG_PORTS=free
 * (free ports instead of the fixed ones: a second stack, e.g. in another worktree or a test),
 * SHOUWANG_MINIPROGRAM_ROOT (the checkout whose mini-program is switched; default this one).
 */
import { resolve } from 'node:path';
import { mkdirSync, watch, type FSWatcher } from 'node:fs';
import { ensureDevDataKey, startStack, type Stack, type StackOptions } from './stack';
import { listPersonas, type DevPersona } from './seed';
import { DEMO_COUNTY_CODE } from './seed/regions';
import { ensureSetupCode, setupCodeBanner } from './bootstrap';
import { claimLocalMode, releaseLocalMode } from '../scripts/write-miniprogram-env';

process.env.TENCENTCLOUD = 'true';

/** Options of {@link launchLocal}: what `npm start` decides from its arguments and environment. */
export interface LaunchOptions {
  dataDir: string;
  /** Seed demo data on an empty store (`--no-demo` → false). */
  demo: boolean;
  /** Passed to startStack (default fixed ports; 0 = free ports, tests). */
  ports?: StackOptions['ports'];
  gatewayHost?: string;
  /** Built functions folder (default build/functions). */
  functionsDir?: string;
}

/** What {@link launchLocal} started and what `npm start` prints. */
export interface Launched {
  stack: Stack;
  /** The one-time county-admin setup code, when demo data is off and no county admin exists. */
  setup?: { code: string; expiresAt: Date };
  personas: DevPersona[];
  /** The banner lines (printed by `npm start`). */
  banner: string[];
}

/**
 * Starts the local stack as `npm start` does (without touching the mini-program's environment
 * file or installing signal handlers) and builds the banner. Without demo data, while no county
 * admin exists, it issues (or re-shows) the one-time setup code of `local/bootstrap.ts` for the
 * local county (东至县, `DEMO_COUNTY_CODE`).
 * @throws what startStack throws (EADDRINUSE when a port is taken, …)
 */
export async function launchLocal(opts: LaunchOptions): Promise<Launched> {
  const stack = await startStack({ dataDir: opts.dataDir, demo: opts.demo, ports: opts.ports, gatewayHost: opts.gatewayHost, functionsDir: opts.functionsDir });
  try {
    const personas = await listPersonas(stack.app).catch(() => [] as DevPersona[]);
    // Without demo data nobody can issue invitations until a county admin exists.
    const setup = opts.demo
      ? undefined
      : await ensureSetupCode(stack.app, { countyCode: DEMO_COUNTY_CODE, now: stack.clock.now(), dataKey: ensureDevDataKey(stack.dataDir) });
    return { stack, setup, personas, banner: bannerLines(stack, personas, setup, opts.demo) };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}

function bannerLines(stack: Stack, personas: DevPersona[], setup: Launched['setup'], demo: boolean): string[] {
  const functions = stack.invoker.list();
  const timers = stack.timers.list();
  const lines = [
    '',
    '守望 · 本地环境已启动 (Shouwang local stack)',
    '',
    `  CloudBase stand-in   ${stack.serviceUrl}   (node-sdk serviceUrl; admin: ${stack.standinUrl}/__admin/)`,
    `  dev gateway          ${stack.gatewayUrl}   (mini-program local mode; DevTools: urlCheck false)`,
    `  WeChat stand-in      ${stack.wechatUrl ?? '(not started)'}   (subscribe messages, 公众号 publishing; pushes → ${stack.gatewayUrl}/wechat/event)`,
    `  data folder          ${stack.dataDir}`,
    `  env id               ${stack.envId}`,
    `  functions            ${functions.length ? functions.join(', ') : '(none built: run npm run build)'}`,
    ...(timers.length ? [`  timer triggers       ${timers.map((t) => `${t.functionName}.${t.name} (${t.config})`).join(', ')}`] : []),
    `  clock                ${stack.clock.now().toISOString()}  (move it: POST ${stack.standinUrl}/__admin/clock {"set": ISO} | {"offsetMs": n} | {"reset": true})`,
    `  mini-program         local mode while this runs (miniprogram/config/env.ts); open the repo root in WeChat DevTools`,
    '',
    stack.prepared.seeded.length
      ? `  首次启动，${demo ? '已写入演示数据' : '未写入演示数据（--no-demo），只写入了'}：\n${stack.prepared.seeded.map((s) => `    - ${s}`).join('\n')}`
      : !demo && stack.prepared.createdCollections.length
        ? '  首次启动，未写入演示数据（--no-demo）。'
        : '  使用已有数据（如需重新开始：停止后删除数据目录再启动）。',
    '',
  ];
  if (setup) lines.push(...setupCodeBanner(setup), '');
  if (personas.length) {
    lines.push('  演示身份（在小程序本地模式中选择，或在请求头中设置 X-Dev-Openid）：');
    for (const p of personas) lines.push(`    ${p.key.padEnd(14)} ${p.name.padEnd(10)} X-Dev-Openid: ${p.openid}   ${p.roles.join(',')}  ${p.description}`);
  } else {
    lines.push('  演示身份：暂无（devPersonas 为空）。任意 openid 都可通过请求头 X-Dev-Openid 使用。');
  }
  lines.push(
    '',
    `  试一试: curl -s -X POST ${stack.gatewayUrl}/functions/system -H 'content-type: application/json' -H 'X-Dev-Openid: o-demo' -d '{"action":"whoami"}'`,
    '',
    '  按 Ctrl-C 停止。',
    '',
  );
  return lines;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const demo = !args.includes('--no-demo');
  const dataDir = resolve(process.env.SHOUWANG_DATA_DIR ?? resolve(__dirname, '..', '.data'));
  mkdirSync(dataDir, { recursive: true });

  const ports = process.env.SHOUWANG_PORTS === 'free' ? { standin: 0, gateway: 0, wechat: 0 } : undefined;
  const miniprogramRoot = process.env.SHOUWANG_MINIPROGRAM_ROOT ? resolve(process.env.SHOUWANG_MINIPROGRAM_ROOT) : undefined;
  let launched: Launched;
  try {
    launched = await launchLocal({ dataDir, demo, ports, gatewayHost: process.env.SHOUWANG_GATEWAY_HOST });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      console.error(`端口被占用：${e.message}。是否已有一个 npm start 在运行？`);
    } else {
      console.error('启动失败：', err);
    }
    process.exit(1);
  }
  const { stack } = launched;

  let holdsLocalMode = false;
  const restoreCloudMode = () => {
    if (!holdsLocalMode) return;
    holdsLocalMode = false;
    try {
      releaseLocalMode({ root: miniprogramRoot });
    } catch (err) {
      console.error('无法恢复小程序的云端模式，请运行 npx tsx scripts/write-miniprogram-env.ts --mode cloud：', err);
    }
  };
  try {
    // Fixed ports keep the URL the env file has (a LAN address given with --gateway survives).
    claimLocalMode({ root: miniprogramRoot, gatewayUrl: ports ? stack.gatewayUrl : undefined });
    holdsLocalMode = true;
  } catch (err) {
    console.error('无法切换小程序到本地模式：', err);
  }
  // Whatever ends this process short of kill -9, the committed files go back to cloud mode.
  process.on('exit', restoreCloudMode);
  const crash = (err: unknown) => {
    console.error('本地环境异常退出：', err);
    restoreCloudMode();
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  // Signal handlers before the banner: a Ctrl-C the moment it appears must still restore cloud mode.
  let watcher: FSWatcher | undefined;
  let reloadTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`\n收到 ${signal}，正在停止…`);
    try {
      watcher?.close();
      if (reloadTimer) clearTimeout(reloadTimer);
      await stack.stop();
      restoreCloudMode();
      console.log('已停止，数据已保存。');
      process.exit(0);
    } catch (err) {
      console.error('停止时出错：', err);
      restoreCloudMode();
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  console.log(launched.banner.join('\n'));

  // `npm run build` in another terminal: the next call loads the new code (triggers need a restart).
  try {
    watcher = watch(stack.invoker.functionsDir, { recursive: true }, () => {
      if (reloadTimer) clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => {
        void stack.invoker.reload().then(() => console.log(`[${new Date().toISOString()}] 云函数已重新构建，后续调用使用新代码。`));
      }, 300);
    });
  } catch {
    /* watching is a convenience only */
  }
}

// Run as `npm start` (not when imported, e.g. by tests).
if (process.argv[1] && resolve(process.argv[1]) === __filename) void main();
