/**
 * CLI: starts the stand-in alone (no invoker) and prints `READY <url>` on stdout once it
 * listens. Used by the kill -9 durability test and handy for poking at the wire protocol.
 *
 *   npx tsx local/standin/main.ts --data .data/standin [--port 39100] [--host 127.0.0.1]
 *
 * SIGINT/SIGTERM stop it cleanly.
 */
import { startStandin } from './server';

process.env.TENCENTCLOUD = 'true';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dataDir = arg('data');
  if (!dataDir) {
    console.error('用法：tsx local/standin/main.ts --data <数据目录> [--port 39100] [--host 127.0.0.1]');
    process.exit(2);
  }
  const portText = arg('port');
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    console.error(`端口无效：${portText}`);
    process.exit(2);
  }
  const standin = await startStandin({ dataDir, port, host: arg('host') });
  process.stdout.write(`READY ${standin.url}\n`);
  const shutdown = (): void => {
    standin.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error('本地替身启动失败：', err);
  process.exit(1);
});
