/**
 * How big everything is drawn: 长辈模式 (the elder version) or the person's WeChat font size.
 *
 * One mechanism for every page: `behaviors/ui-mode.ts` puts `sw` (a {@link UiMode}) in the page's
 * data, and the page's first node `<page-meta page-style="{{sw.pageStyle}}" />` sets the CSS
 * variables of app.wxss on the page root, where every style of the page and of its components
 * (ours and TDesign's) reads them.
 *
 * - Outside 长辈模式: `--sw-scale` is `wx.getAppBaseInfo().fontSizeScaleFactor` (WeChat
 *   小程序适老化设计指南: the user's font size ÷ the standard size; 1 at standard), kept within
 *   [{@link MIN_SCALE}, {@link MAX_SCALE}] so a page stays usable; `--sw-scale-tap` grows tap
 *   targets with larger text but never shrinks them below 44 px.
 * - In 长辈模式: each `--sw-X` listed in {@link ELDER_TOKENS} takes app.wxss's `--sw-elder-X`
 *   (main text ≥ 18 px, main action text 24 px, line spacing 1.6, main tap targets 60 px,
 *   stronger secondary text) — the numbers of MIIT 《移动互联网应用（App）适老化通用设计规范》
 *   (2021). The values are in app.wxss, next to the normal ones; this file only says which switch.
 *
 * The choice is per device (`wx` storage, {@link ELDER_MODE_KEY}); utils/ui-mode-store.ts keeps
 * it and re-styles every open page at once when it changes. This file is pure (no `wx`).
 */

/** Storage key of the choice: `on`, `off`, or absent (not chosen yet: offer it). */
export const ELDER_MODE_KEY = 'shouwang.elderMode';

/** Tokens that have an `--sw-elder-X` value in app.wxss; 长辈模式 switches `--sw-X` to it. */
export const ELDER_TOKENS = [
  'font-caption',
  'font-secondary',
  'font-body',
  'font-title',
  'font-headline',
  'font-action',
  'line-height',
  'tap',
  'tap-main',
  'icon',
  'color-text-secondary',
  'color-text-placeholder',
] as const;

/** Smallest and largest font factor applied (WeChat's smallest setting is about 0.94). */
export const MIN_SCALE = 0.85;
export const MAX_SCALE = 2;

/** What the page renders with; `sw` in every page's data. */
export interface UiMode {
  /** 长辈模式 is on. */
  elder: boolean;
  /** The font factor in effect outside 长辈模式 (1 in 长辈模式, whose sizes are fixed). */
  scale: number;
  /** `page-style` of the page's `<page-meta>`: the CSS variables that apply the mode. */
  pageStyle: string;
  /**
   * Style for the custom tab bar, which is not inside the page tree: its label size and height
   * (rpx, so WeChat converts them).
   */
  tabBarStyle: string;
  /** The person has not chosen yet (show the 长辈版 offer where a page has one). */
  undecided: boolean;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The factor applied for a WeChat `fontSizeScaleFactor` (1 when unknown). */
export function clampScale(factor: number | undefined): number {
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0) return 1;
  return round(Math.min(MAX_SCALE, Math.max(MIN_SCALE, factor)));
}

/** Pure: the mode for a choice and a WeChat font factor. */
export function uiModeFor(elder: boolean, fontSizeScaleFactor: number | undefined, undecided = false): UiMode {
  if (elder) {
    return {
      elder: true,
      scale: 1,
      pageStyle: ELDER_TOKENS.map((t) => `--sw-${t}: var(--sw-elder-${t})`).join('; '),
      tabBarStyle: tabBarStyle(36, 150),
      undecided,
    };
  }
  const scale = clampScale(fontSizeScaleFactor);
  const tap = round(Math.max(1, scale));
  return {
    elder: false,
    scale,
    pageStyle: `--sw-scale: ${scale}; --sw-scale-tap: ${tap}`,
    tabBarStyle: tabBarStyle(round(28 * scale), round(116 * tap)),
    undecided,
  };
}

/** TDesign tab bar: label font and item height, in rpx (its labels were 10 px). */
function tabBarStyle(labelRpx: number, heightRpx: number): string {
  const line = round(labelRpx * 1.3);
  return [
    `--td-font-body-extraSmall: ${labelRpx}rpx / ${line}rpx -apple-system, 'PingFang SC', sans-serif`,
    `--td-tab-bar-height: ${heightRpx}rpx`,
  ].join('; ');
}
