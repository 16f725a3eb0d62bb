/**
 * Screenshots of the mini-program's pages for the README and for looking at our own work:
 *
 *   npx tsx scripts/screenshots.ts            # all journeys → docs/screenshots/*.png
 *   npx tsx scripts/screenshots.ts -t 求助     # only the journeys whose name matches
 *
 * 1. Renders the pages in scripts/screenshots/journeys.shots.ts with miniprogram-simulate under
 *    jest (the page-test harness: real WXML, TDesign components, invented data), and writes each
 *    as a standalone HTML file: the page DOM, the page's, components' and app.wxss styles with rpx
 *    converted at 375 px, page-meta's style (长辈模式 / font size), WeChat's default styles of its
 *    built-in tags, a navigation bar with the page title and, on tab pages, the tab bar.
 * 2. Draws each file in headless Chromium (Debian's `chromium`, driven by playwright-core; no
 *    browser is downloaded) at 375 × ≥ 667 CSS px, 2 device pixels per px, the whole page.
 *
 * What they cannot show: WeChat's native parts (the real navigation bar and capsule, the
 * keyboard, pickers, toasts, the canvas strokes), platform fonts (Noto Sans SC stands in for
 * PingFang SC), and layout differences between Chromium and the WeChat webview.
 *
 * Needs `apt-get install -y chromium` (path from $CHROMIUM_PATH, default /usr/bin/chromium).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(__dirname, '..');
/** The browser page's document, as the functions passed to `page.evaluate` see it (no DOM lib here). */
declare const document: { fonts: { ready: Promise<unknown> }; querySelector(s: string): { scrollHeight: number } | null };
const OUT = join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    console.error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    return 1;
  }
  const htmlDir = mkdtempSync(join(tmpdir(), 'shouwang-shots-'));
  const filter = process.argv.indexOf('-t');
  const jest = spawnSync(
    'npx',
    ['jest', '--config', 'scripts/screenshots/jest.config.js', '--runInBand', ...(filter > 0 ? ['-t', process.argv[filter + 1]] : [])],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, SCREENSHOT_HTML_DIR: htmlDir } },
  );
  if (jest.status !== 0) return jest.status ?? 1;

  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--allow-file-access-from-files'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    for (const file of readdirSync(htmlDir).filter((f) => f.endsWith('.html')).sort()) {
      await page.goto(`file://${join(htmlDir, file)}`);
      await page.evaluate(async () => {
        await document.fonts.ready;
      });
      // The whole page in one picture. The viewport stays one phone screen high (vh units mean
      // what they mean on the phone), except on tab pages, where it grows to the page so the fixed
      // tab bar is drawn at its bottom.
      await page.setViewportSize({ width: 375, height: 667 });
      const tabPage = await page.evaluate(() => !!document.querySelector('.tabbar-slot'));
      const height = await page.evaluate(() => Math.max(667, document.querySelector('.phone')!.scrollHeight));
      if (tabPage) await page.setViewportSize({ width: 375, height });
      const png = join(OUT, file.replace(/\.html$/, '.png'));
      await page.screenshot({ path: png, fullPage: true });
      console.log(`${png.slice(ROOT.length + 1)}  375×${height}`);
    }
  } finally {
    await browser.close();
    rmSync(htmlDir, { recursive: true, force: true });
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
