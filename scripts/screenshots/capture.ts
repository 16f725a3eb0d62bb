/**
 * Inside the screenshot jest run: turns a rendered page into a standalone HTML document that
 * Chromium can draw as WeChat would — the page's DOM as miniprogram-simulate renders it, the
 * page's, components' and app.wxss styles (rpx at 375 px, see tests/components/styles.ts), the
 * page-meta style on the page root, WeChat's default styles of its built-in tags, a navigation
 * bar with the page title, and, for tab pages, the custom tab bar. Images are drawn from their
 * `src` (the pictures invented for the shots are data: URLs).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderComponent, settle, type SimNode } from '../../tests/components/harness';

const ROOT = path.resolve(__dirname, '../..');
const FONTS = path.join(ROOT, 'node_modules', '@expo-google-fonts', 'noto-sans-sc');

/** The default look of WeChat's built-in tags (the webview's own stylesheet, approximated). */
const WECHAT_BUILTINS = `
wx-view, wx-scroll-view, wx-swiper, wx-form, wx-picker, wx-navigator, wx-rich-text, wx-canvas, wx-input, wx-textarea, main, parent-wrapper { display: block; }
wx-text, wx-label { display: inline; }
wx-image { display: inline-block; overflow: hidden; }
wx-scroll-view { overflow: auto; }
wx-canvas { width: 300px; height: 150px; }
wx-input { min-height: 1.4em; line-height: 1.4; overflow: hidden; text-overflow: clip; white-space: nowrap; }
wx-textarea { width: 300px; height: 150px; white-space: pre-wrap; }
wx-input[data-shown]::before, wx-textarea[data-shown]::before { content: attr(data-shown); }
wx-input[data-placeholder-shown]::before, wx-textarea[data-placeholder-shown]::before { color: #6b6b6b; }
wx-textarea[data-auto-height] { height: auto; min-height: 1.5em; }
wx-button { position: relative; display: block; margin: 0 auto; padding: 0 14px; box-sizing: border-box; font-size: 18px; text-align: center; text-decoration: none; line-height: 2.55; border-radius: 5px; overflow: hidden; color: #000; background-color: #f8f8f8; }
wx-button::after { content: ' '; width: 200%; height: 200%; position: absolute; top: 0; left: 0; border: 1px solid rgba(0, 0, 0, 0.2); transform: scale(0.5); transform-origin: 0 0; box-sizing: border-box; border-radius: 10px; }
wx-button[type=primary] { color: #fff; background-color: #07c160; }
wx-page-meta { display: none; }
/* TDesign's icon font comes from its CDN, which the renderer cannot reach: leave icons blank
   rather than draw missing-glyph boxes (every icon has words beside it). */
[class*="t-icon"]::before { visibility: hidden; }
/* …except the marks that carry state — a chosen radio or checkbox, a row's arrow — drawn with
   plain characters so a picture still shows what is selected. */
[class*="t-icon-check-circle-filled"][class*="t-icon-base"]::before, [class*="t-icon-check-rectangle-filled"][class*="t-icon-base"]::before { visibility: visible; content: '✓'; font-family: sans-serif; font-weight: 700; display: inline-block; width: 1em; height: 1em; line-height: 1em; text-align: center; font-size: 0.85em; border-radius: 50%; color: #fff; background-color: var(--td-brand-color, #0052d9); }
[class*="t-icon-check-rectangle-filled"][class*="t-icon-base"]::before { border-radius: 0.15em; }
[class$="t-icon-check t-icon-base"]::before, [class*="t-icon-check "][class*="t-icon-base"]::before { visibility: visible; content: '✓'; font-family: sans-serif; font-weight: 700; color: var(--td-brand-color, #0052d9); }
[class*="t-icon-chevron-right"][class*="t-icon-base"]::before { visibility: visible; content: '›'; font-family: sans-serif; font-size: 1.2em; color: var(--td-text-color-secondary, #5e5e5e); }
`;

const FONT_FACES = `
@font-face { font-family: 'PingFang SC'; font-weight: 400; src: url('file://${FONTS}/400Regular/NotoSansSC_400Regular.ttf'); }
@font-face { font-family: 'PingFang SC'; font-weight: 500; src: url('file://${FONTS}/500Medium/NotoSansSC_500Medium.ttf'); }
@font-face { font-family: 'PingFang SC'; font-weight: 600; src: url('file://${FONTS}/600SemiBold/NotoSansSC_600SemiBold.ttf'); }
@font-face { font-family: 'PingFang SC'; font-weight: 700; src: url('file://${FONTS}/700Bold/NotoSansSC_700Bold.ttf'); }
html, body { margin: 0; padding: 0; background: #e5e5e5; }
body { font-family: 'PingFang SC', sans-serif; }
.phone { width: 375px; min-height: 667px; margin: 0; background: #f3f3f3; position: relative; overflow: hidden; }
.navbar { height: 44px; line-height: 44px; text-align: center; font-size: 17px; font-weight: 600; color: #000; background: #fff; border-bottom: 1px solid #e7e7e7; position: relative; }
.navbar .capsule { position: absolute; right: 7px; top: 6px; width: 87px; height: 32px; border-radius: 16px; border: 1px solid #e7e7e7; box-sizing: border-box; }
.tabbar-slot { position: fixed; left: 0; right: 0; bottom: 0; width: 375px; }
`;

export interface Shot {
  name: string;
  title: string;
  html: string;
}

/**
 * Copies what WeChat draws natively (input text and placeholders) onto data attributes, and marks
 * auto-height textareas.
 */
function exposeNativeText(root: any): void {
  for (const el of Array.from(root.querySelectorAll('wx-input, wx-textarea')) as any[]) {
    const attrs: { name: string; value: unknown }[] = el.__wxElement?._vt?.attrs ?? [];
    const get = (n: string) => attrs.find((a) => a.name === n)?.value;
    const value = get('value');
    const placeholder = get('placeholder');
    // A textarea with auto-height grows from one line on the phone, not WeChat's default 150 px.
    if (get('autoHeight') === true || get('auto-height') === true) el.setAttribute('data-auto-height', '');
    if (value !== undefined && value !== null && String(value) !== '') el.setAttribute('data-shown', String(value));
    else if (placeholder) {
      el.setAttribute('data-shown', String(placeholder));
      el.setAttribute('data-placeholder-shown', '');
    }
  }
}

/** A node of `<rich-text nodes>` (mp-html hands each block to rich-text as `[node]`). */
interface RichNode {
  name?: string;
  type?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  children?: RichNode[];
}

const escapeHtml = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** rich-text's node list as the HTML the phone's rich-text draws (attributes as given, e.g. mp-html's inline styles). */
function richNodesToHtml(nodes: unknown): string {
  // A string is already HTML (e.g. mp-html's image wrapper).
  if (typeof nodes === 'string') return nodes;
  if (!Array.isArray(nodes)) return '';
  return (nodes as RichNode[])
    .map((n) => {
      if (n.type === 'text') return escapeHtml(String(n.text ?? ''));
      const name = String(n.name ?? '').toLowerCase();
      if (!/^[a-z][a-z0-9]*$/.test(name)) return richNodesToHtml(n.children);
      const attrs = Object.entries(n.attrs ?? {})
        .filter(([k, v]) => /^[a-z][a-z0-9-]*$/i.test(k) && v !== undefined && v !== null && v !== false)
        .map(([k, v]) => ` ${k}="${escapeHtml(String(v))}"`)
        .join('');
      if (/^(br|hr|img)$/.test(name)) return `<${name}${attrs}>`;
      return `<${name}${attrs}>${richNodesToHtml(n.children)}</${name}>`;
    })
    .join('');
}

/**
 * miniprogram-simulate leaves `<rich-text>` empty (the phone draws its `nodes` natively): draw
 * the nodes into it as HTML, so mp-html's article body shows as on the phone.
 */
function drawRichText(root: any): void {
  for (const el of Array.from(root.querySelectorAll('wx-rich-text')) as any[]) {
    const attrs: { name: string; value: unknown }[] = el.__wxElement?._vt?.attrs ?? [];
    const nodes = attrs.find((a) => a.name === 'nodes')?.value;
    if (nodes !== undefined) el.innerHTML = richNodesToHtml(nodes);
  }
}

/**
 * miniprogram-simulate leaves `<image>` empty (the phone draws it natively): draw its `src` as the
 * element's background, scaled as its `mode` says (aspectFill: cover; aspectFit: contain).
 */
function drawImages(root: any): void {
  for (const el of Array.from(root.querySelectorAll('wx-image')) as any[]) {
    const attrs: { name: string; value: unknown }[] = el.__wxElement?._vt?.attrs ?? [];
    const get = (n: string) => attrs.find((a) => a.name === n)?.value;
    const src = String(get('src') ?? '');
    if (!src) continue;
    const mode = String(get('mode') ?? 'scaleToFill');
    const size = mode === 'aspectFill' ? 'cover' : mode === 'aspectFit' ? 'contain' : '100% 100%';
    el.style.backgroundImage = `url("${src.replace(/"/g, '%22')}")`;
    el.style.backgroundSize = size;
    el.style.backgroundPosition = 'center';
    el.style.backgroundRepeat = 'no-repeat';
  }
}

/** The page's route → its navigation bar title (page json, else app.json window). */
function pageTitle(route: string): string {
  const json = JSON.parse(readFileSync(path.join(ROOT, 'miniprogram', `${route}.json`), 'utf8'));
  const app = JSON.parse(readFileSync(path.join(ROOT, 'miniprogram', 'app.json'), 'utf8'));
  return json.navigationBarTitleText ?? app.window.navigationBarTitleText;
}

/**
 * Writes `<dir>/<name>.html` for the page as it is now. `tabBar` renders the custom tab bar
 * below it (tab pages).
 */
export async function capture(name: string, route: string, page: SimNode, options: { tabBar?: boolean } = {}): Promise<Shot> {
  await settle();
  const doc = (global as any).document;
  let tabBar = '';
  if (options.tabBar) {
    (global as any).getCurrentPages = () => [{ route }];
    const bar = renderComponent('custom-tab-bar/index');
    await settle();
    tabBar = `<div class="tabbar-slot">${bar.dom.outerHTML}</div>`;
    bar.dom.parentNode.remove();
  }
  exposeNativeText(page.dom);
  drawRichText(page.dom);
  drawImages(page.dom);
  const pageStyle = String((page.data.sw as { pageStyle?: string } | undefined)?.pageStyle ?? '');
  const root = page.dom.cloneNode(true);
  root.setAttribute('style', pageStyle);
  const styles = Array.from(doc.querySelectorAll('style') as ArrayLike<any>)
    .map((s) => `<style data-from="${s.id}">${s.innerHTML}</style>`)
    .join('\n');
  const title = pageTitle(route);
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>${FONT_FACES}</style><style>${WECHAT_BUILTINS}</style>
${styles}
</head><body><div class="phone"><div class="navbar">${title}<span class="capsule"></span></div>${root.outerHTML}${tabBar}</div></body></html>`;
  const dir = process.env.SCREENSHOT_HTML_DIR;
  if (!dir) throw new Error('SCREENSHOT_HTML_DIR is not set (run scripts/screenshots.ts)');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.html`), html);
  return { name, title, html };
}
