/**
 * Local mode cannot leak: however `npm start` ends, the committed mini-program files end up in
 * cloud mode again — by the process itself (Ctrl-C, SIGTERM), or, after a kill -9, by the next
 * `npm run build` (the first step of `npm start` and `npm test`). The real `local/start.ts` runs
 * here on free ports against a copy of the mini-program's environment files.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimLocalMode, readMiniprogramEnv, restoreCloudModeIfOrphaned } from '../../scripts/write-miniprogram-env';

const REPO = join(__dirname, '..', '..');
const TSX = require.resolve('tsx/cli');
let root: string;
let dataDir: string;
let committed: { env: string; app: string };
const children: ChildProcess[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mp-local-'));
  dataDir = mkdtempSync(join(tmpdir(), 'mp-local-data-'));
  mkdirSync(join(root, 'miniprogram', 'config'), { recursive: true });
  copyFileSync(join(REPO, 'miniprogram', 'app.json'), join(root, 'miniprogram', 'app.json'));
  copyFileSync(join(REPO, 'miniprogram', 'config', 'env.ts'), join(root, 'miniprogram', 'config', 'env.ts'));
  committed = files();
});
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL');
      await exited(c);
    }
  }
  rmSync(root, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

function files(): { env: string; app: string } {
  return {
    env: readFileSync(join(root, 'miniprogram', 'config', 'env.ts'), 'utf8'),
    app: readFileSync(join(root, 'miniprogram', 'app.json'), 'utf8'),
  };
}

/** `npm start` (local/start.ts) on free ports, switching the copy; resolves once its banner is out. */
async function startLocal(): Promise<ChildProcess> {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a child process, and a kill -9
  // must hit the process that holds local mode.
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'local', 'start.ts'), '--no-demo'], {
    cwd: REPO,
    env: { ...process.env, SHOUWANG_PORTS: 'free', SHOUWANG_DATA_DIR: dataDir, SHOUWANG_MINIPROGRAM_ROOT: root },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${out}`)), 100_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('按 Ctrl-C 停止')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${out}`)));
  });
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

it('Ctrl-C: the running stack puts the files back itself', async () => {
  const child = await startLocal();
  expect((await readMiniprogramEnv(root)).mode).toBe('local');
  // At once: the banner means the stack is up and Ctrl-C is handled.
  child.kill('SIGINT');
  await exited(child);
  expect(child.exitCode).toBe(0);
  expect(files()).toEqual(committed);
  expect(existsSync(join(root, '.data', 'miniprogram-local-mode.json'))).toBe(false);
}, 150_000);

it('kill -9: the files stay in local mode until the next build, which restores cloud mode', async () => {
  const child = await startLocal();
  expect(JSON.parse(files().app).subpackages).toContainEqual(expect.objectContaining({ root: 'packageDev' }));
  // While it runs, a build (e.g. `npm run build` in another terminal) leaves local mode alone.
  expect(restoreCloudModeIfOrphaned({ root })).toMatchObject({ restored: false });
  child.kill('SIGKILL');
  await exited(child);
  expect((await readMiniprogramEnv(root)).mode).toBe('local'); // what kill -9 leaves behind
  expect(restoreCloudModeIfOrphaned({ root })).toMatchObject({ restored: true });
  expect(files()).toEqual(committed);
}, 150_000);

it('the build script itself restores a leftover (the step npm start and npm test begin with)', () => {
  // A holder that is gone: a process that has already exited.
  const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
  claimLocalMode({ root, pid: gone });
  expect(files()).not.toEqual(committed);
  // The same function scripts/build.ts runs first, in a fresh process like `npm run build`.
  const r = spawnSync(process.execPath, [TSX, '-e', `require(${JSON.stringify(join(REPO, 'scripts', 'write-miniprogram-env.ts'))}).restoreCloudModeIfOrphaned({ root: ${JSON.stringify(root)} })`], { cwd: REPO });
  expect(r.status).toBe(0);
  expect(files()).toEqual(committed);
});

it('a manual `--mode local` is a deliberate choice the build keeps', () => {
  claimLocalMode({ root, pid: null });
  expect(restoreCloudModeIfOrphaned({ root })).toMatchObject({ restored: false, reason: 'manual local mode' });
  expect(files()).not.toEqual(committed);
});
