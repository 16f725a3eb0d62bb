/**
 * scripts/copy-miniprogram-npm.ts copies only the TDesign components the mini-program uses (and
 * what they need), and refuses paths that would render silently as unknown tags.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyMiniprogramNpm } from '../../scripts/copy-miniprogram-npm';

const REPO = join(__dirname, '..', '..');
let root: string;

function page(using: Record<string, string>) {
  mkdirSync(join(root, 'miniprogram', 'pages', 'a'), { recursive: true });
  writeFileSync(join(root, 'miniprogram', 'pages', 'a', 'index.json'), JSON.stringify({ usingComponents: using }));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mp-npm-'));
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const out = (rel: string) => join(root, 'miniprogram', 'miniprogram_npm', 'tdesign-miniprogram', rel);

test('copies a used component with its nested components, common files and tslib, and nothing else', async () => {
  page({ 't-button': '/miniprogram_npm/tdesign-miniprogram/button/button' });
  const res = await copyMiniprogramNpm({ root });
  expect(res.components).toEqual(['button', 'icon', 'loading']);
  expect(res.bytes).toBeGreaterThan(10_000);
  for (const f of ['button/button.js', 'button/button.wxml', 'icon/icon.wxss', 'loading/loading.js', 'common/src/index.js', 'common/utils.wxs', 'common/style/index.wxss', 'miniprogram_npm/tslib/index.js']) {
    expect(existsSync(out(f)) ? f : `missing ${f}`).toBe(f);
  }
  expect(existsSync(out('cell'))).toBe(false);
  expect(existsSync(out('button/button.d.ts'))).toBe(false);
});

test('a second run replaces stale components', async () => {
  page({ 't-cell': '/miniprogram_npm/tdesign-miniprogram/cell/cell' });
  await copyMiniprogramNpm({ root });
  page({ 't-empty': '/miniprogram_npm/tdesign-miniprogram/empty/empty' });
  await copyMiniprogramNpm({ root });
  expect(existsSync(out('empty/empty.js'))).toBe(true);
  expect(existsSync(out('cell'))).toBe(false);
});

test.each([
  ['/miniprogram_npm/tdesign-miniprogram/buton/button', 'is not a tdesign-miniprogram component'],
  ['tdesign-miniprogram/button/button', 'use the absolute path'],
  ['/miniprogram_npm/tdesign/button/button', 'only tdesign-miniprogram is packed'],
  ['/components/missing/index', 'does not exist'],
])('refuses usingComponents %s', async (target, message) => {
  page({ 't-x': target });
  await expect(copyMiniprogramNpm({ root })).rejects.toThrow(message);
});
