/**
 * `npm start` (after `npm run build`): the local stack on fixed ports with durable data.
 *
 *   data folder   .data/ (override with SHOUWANG_DATA_DIR); kept between starts
 *   stand-in      http://127.0.0.1:39100   node-sdk serviceUrl, admin endpoints /__admin/*
 *   gateway       http://127.0.0.1:39200   the mini-program's local mode
 *
 * On an empty store it seeds the demo county (东至县: real division codes, invented people);
 * `--no-demo` skips that. Ctrl-C (SIGINT) or SIGTERM stops everything cleanly.
 */
import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { startStack, type Stack } from './stack';
import { listPersonas } from './seed';

process.env.TENCENTCLOUD = 'true';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const demo = !args.includes('--no-demo');
  const dataDir = resolve(process.env.SHOUWANG_DATA_DIR ?? resolve(__dirname, '..', '.data'));
  mkdirSync(dataDir, { recursive: true });

  let stack: Stack;
  try {
    stack = await startStack({ dataDir, demo });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      console.error(`端口被占用：${e.message}。是否已有一个 npm start 在运行？`);
    } else {
      console.error('启动失败：', err);
    }
    process.exit(1);
  }

  const personas = await listPersonas(stack.app).catch(() => []);
  const functions = stack.invoker.list();
  const timers = stack.timers.list();
  const lines = [
    '',
    '守望 · 本地环境已启动 (Shouwang local stack)',
    '',
    `  CloudBase stand-in   ${stack.serviceUrl}   (node-sdk serviceUrl; admin: ${stack.standinUrl}/__admin/)`,
    `  dev gateway          ${stack.gatewayUrl}   (mini-program local mode; DevTools: urlCheck false)`,
    `  data folder          ${stack.dataDir}`,
    `  env id               ${stack.envId}`,
    `  functions            ${functions.length ? functions.join(', ') : '(none built: run npm run build)'}`,
    ...(timers.length ? [`  timer triggers       ${timers.map((t) => `${t.functionName}.${t.name} (${t.config})`).join(', ')}`] : []),
    `  clock                ${stack.clock.now().toISOString()}  (move it: POST ${stack.standinUrl}/__admin/clock)`,
    '',
    stack.prepared.seeded.length
      ? `  首次启动，已写入演示数据：\n${stack.prepared.seeded.map((s) => `    - ${s}`).join('\n')}`
      : '  使用已有数据（如需重置：停止后删除数据目录，或调用 /__admin/reset）。',
    '',
  ];
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
  console.log(lines.join('\n'));

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`\n收到 ${signal}，正在停止…`);
    try {
      await stack.stop();
      console.log('已停止，数据已保存。');
      process.exit(0);
    } catch (err) {
      console.error('停止时出错：', err);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
