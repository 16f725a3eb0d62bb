/**
 * scripts/write-miniprogram-env.ts switches the mini-program between cloud and local mode by
 * rewriting the build-time environment file and the dev subpackage entry, nothing else.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMiniprogramEnv, writeMiniprogramEnv } from '../../scripts/write-miniprogram-env';

const REPO = join(__dirname, '..', '..');
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mp-env-'));
  mkdirSync(join(root, 'miniprogram', 'config'), { recursive: true });
  copyFileSync(join(REPO, 'miniprogram', 'app.json'), join(root, 'miniprogram', 'app.json'));
  copyFileSync(join(REPO, 'miniprogram', 'config', 'env.ts'), join(root, 'miniprogram', 'config', 'env.ts'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const read = (rel: string) => readFileSync(join(root, 'miniprogram', rel), 'utf8');

test('the committed files are the cloud (production) defaults without the dev subpackage', async () => {
  expect((await readMiniprogramEnv(REPO)).mode).toBe('cloud');
  const app = JSON.parse(readFileSync(join(REPO, 'miniprogram', 'app.json'), 'utf8'));
  expect(app.subpackages ?? []).not.toContainEqual(expect.objectContaining({ root: 'packageDev' }));
});

test('local mode writes the gateway URL and lists the persona picker; cloud mode restores the files', async () => {
  const appBefore = read('app.json');
  const envBefore = read('config/env.ts');

  await writeMiniprogramEnv({ root, mode: 'local', gatewayUrl: 'http://192.168.1.5:39200/' });
  expect(await readMiniprogramEnv(root)).toEqual({ mode: 'local', cloudEnv: '', gatewayUrl: 'http://192.168.1.5:39200', speech: false });
  const app = JSON.parse(read('app.json'));
  // The committed subpackages stay; the persona picker is added last.
  expect(app.subpackages).toEqual([...(JSON.parse(appBefore).subpackages ?? []), { root: 'packageDev', name: 'dev', pages: ['pages/personas/index'] }]);
  expect(app.pages).toEqual(JSON.parse(appBefore).pages);

  await writeMiniprogramEnv({ root, mode: 'cloud', gatewayUrl: 'http://127.0.0.1:39200' });
  expect(read('app.json')).toBe(appBefore);
  expect(read('config/env.ts')).toBe(envBefore);
});

test('other subpackages survive the switch', async () => {
  const app = JSON.parse(read('app.json'));
  app.subpackages = [{ root: 'packageRegistry', pages: ['pages/child/index'] }];
  writeFileSync(join(root, 'miniprogram', 'app.json'), JSON.stringify(app, null, 2));
  await writeMiniprogramEnv({ root, mode: 'local' });
  expect(JSON.parse(read('app.json')).subpackages.map((p: { root: string }) => p.root)).toEqual(['packageRegistry', 'packageDev']);
  await writeMiniprogramEnv({ root, mode: 'cloud' });
  expect(JSON.parse(read('app.json')).subpackages.map((p: { root: string }) => p.root)).toEqual(['packageRegistry']);
});

test('a gateway URL that is not http(s) is refused and nothing is written', async () => {
  const before = read('config/env.ts');
  await expect(writeMiniprogramEnv({ root, mode: 'local', gatewayUrl: '127.0.0.1:39200' })).rejects.toThrow('http://');
  expect(read('config/env.ts')).toBe(before);
});

test('--speech on declares the 微信同声传译 plugin and turns 朗读 on; off removes both', async () => {
  const appBefore = read('app.json');
  await writeMiniprogramEnv({ root, mode: 'cloud', speech: true });
  expect((await readMiniprogramEnv(root)).speech).toBe(true);
  expect(JSON.parse(read('app.json')).plugins).toEqual({ WechatSI: { version: '0.3.5', provider: 'wx069ba97219f66d99' } });
  // Switching mode keeps the setting.
  await writeMiniprogramEnv({ root, mode: 'local' });
  expect(JSON.parse(read('app.json')).plugins.WechatSI).toEqual({ version: '0.3.5', provider: 'wx069ba97219f66d99' });
  await writeMiniprogramEnv({ root, mode: 'cloud', speech: false });
  expect((await readMiniprogramEnv(root)).speech).toBe(false);
  expect(read('app.json')).toBe(appBefore);
});
