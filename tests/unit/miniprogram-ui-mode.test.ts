/**
 * 长辈模式 and the WeChat font size (miniprogram/utils/ui-mode.ts): the CSS variables a page root
 * gets, and that every token 长辈模式 switches has its elder value in app.wxss.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ELDER_TOKENS, MAX_SCALE, MIN_SCALE, clampScale, uiModeFor } from '../../miniprogram/utils/ui-mode';

const appWxss = readFileSync(join(__dirname, '..', '..', 'miniprogram', 'app.wxss'), 'utf8');

test('every token 长辈模式 switches has a normal and an elder value in app.wxss, and no elder value is left unused', () => {
  for (const t of ELDER_TOKENS) {
    expect(appWxss).toMatch(new RegExp(`--sw-${t}:`));
    expect(appWxss).toMatch(new RegExp(`--sw-elder-${t}:`));
  }
  const elderDefined = [...appWxss.matchAll(/--sw-elder-([\w-]+):/g)].map((m) => m[1]);
  expect(elderDefined.sort()).toEqual([...ELDER_TOKENS].sort());
});

test('outside 长辈模式 the page follows the WeChat font factor, within bounds; tap targets never shrink', () => {
  expect(uiModeFor(false, 1).pageStyle).toBe('--sw-scale: 1; --sw-scale-tap: 1');
  expect(uiModeFor(false, 1.4).pageStyle).toBe('--sw-scale: 1.4; --sw-scale-tap: 1.4');
  expect(uiModeFor(false, 0.94).pageStyle).toBe('--sw-scale: 0.94; --sw-scale-tap: 1');
  expect(clampScale(5)).toBe(MAX_SCALE);
  expect(clampScale(0.5)).toBe(MIN_SCALE);
  expect(clampScale(undefined)).toBe(1);
  expect(clampScale(Number.NaN)).toBe(1);
});

test('长辈模式 switches every listed token to its elder value and ignores the font factor', () => {
  const mode = uiModeFor(true, 1.4);
  expect(mode.elder).toBe(true);
  expect(mode.scale).toBe(1);
  for (const t of ELDER_TOKENS) expect(mode.pageStyle).toContain(`--sw-${t}: var(--sw-elder-${t})`);
  expect(mode.tabBarStyle).toContain('36rpx');
});
