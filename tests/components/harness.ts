/**
 * Loads and renders mini-program pages with miniprogram-simulate, the way the platform would:
 * `rootPath` is `miniprogram/` so absolute `usingComponents` paths (`/miniprogram_npm/…`)
 * resolve as on the device, and the official wcc compiler builds the WXML.
 *
 * miniprogram-simulate is loaded with `require` and typed by the small interfaces below: its own
 * typings pull the mini-program's global `wx` typings into the node typecheck of tests/.
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { injectAppStyles, installPhoneStyles, registerPageStyle } from './styles';

/** A rendered node (miniprogram-simulate / j-component). `>>>` in selectors crosses shadow roots. */
export interface SimNode {
  /** The jsdom element (composed tree, so `textContent` is what the user reads). */
  dom: any;
  /** The component's `this` (page methods, `data`). */
  instance: any;
  data: Record<string, unknown>;
  querySelector(selector: string): SimNode | undefined;
  querySelectorAll(selector: string): SimNode[];
  dispatchEvent(eventName: string, options?: { detail?: unknown }): void;
  attach(parent: unknown): void;
  setData(data: Record<string, unknown>): void;
}

interface Simulate {
  load(componentPath: string, options: { rootPath: string; compilerOptions?: { maxBuffer?: number } }): string;
  render(id: string, properties?: Record<string, unknown>): SimNode;
  sleep(ms: number): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate: Simulate = require('miniprogram-simulate');
const doc = (global as any).document;
// rpx at a 375 px wide screen, and app.wxss on every page, as on the phone (tests/components/styles.ts).
installPhoneStyles();
allowRegisteringAgain();
selectComponentMayFindNothing();
compileOncePerRun();

/** Every .wxml and .wxs under `dir` (as wcc is given them: node_modules left out), sorted. */
function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules')
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? templateFiles(path.join(dir, e.name)) : /\.(wxml|wxs)$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

/**
 * Keeps what `compute` returns in a temp file named by a hash of `key`: compiling pages is the
 * same work in every test file, and jest starts every test file afresh.
 */
function memoOnDisk(kind: string, key: Hash, compute: () => string): string {
  const dir = path.join(tmpdir(), 'shouwang-page-compile');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${kind}-${key.digest('hex').slice(0, 20)}`);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const text = compute();
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, text);
  renameSync(partial, file); // whole or not at all: another worker may be reading it
  return text;
}

/**
 * miniprogram-simulate compiles every WXML file of the mini-program with the official wcc (a
 * native process, about 0.7 s) the first time a test file loads a page, and each component's
 * WXSS with postcss and csso (about 0.6 s a file): once per run instead, keyed by the sources
 * and options (an edited page is compiled again).
 */
function compileOncePerRun(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const compiler = require('miniprogram-simulate/src/utils').getCompiler() as { wxmlToJs(root: string, o?: object): string };
  const wxss = require('miniprogram-simulate/src/wxss') as { compile(text: string, o?: object): string };
  const versions = ['miniprogram-compiler', 'miniprogram-simulate'].map((p) => require(`${p}/package.json`).version as string).join();
  /* eslint-enable @typescript-eslint/no-require-imports */
  const wxmlToJs = compiler.wxmlToJs.bind(compiler);
  compiler.wxmlToJs = (root: string, options: object = {}) => {
    const key = createHash('sha256').update(versions).update(JSON.stringify(options));
    for (const file of templateFiles(root)) key.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    return memoOnDisk('wcc', key, () => wxmlToJs(root, options));
  };
  const compileWxss = wxss.compile;
  wxss.compile = (text: string, options: object = {}) =>
    memoOnDisk('wxss', createHash('sha256').update(versions).update(JSON.stringify(options)).update('\0').update(text), () => compileWxss(text, options));
}

/**
 * `this.selectComponent(selector)` answers null when nothing matches, as on the phone (TDesign's
 * cascader asks for a `#tabs` it renders only in its tab theme); miniprogram-simulate's version
 * throws on the missing node instead.
 */
function selectComponentMayFindNothing(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exparser = require('miniprogram-exparser');
  const getMethod = exparser.Component.getMethod;
  const getMethodCaller = exparser.Element.getMethodCaller;
  exparser.Component.getMethod = (node: unknown, name: string) => (node ? getMethod(node, name) : undefined);
  exparser.Element.getMethodCaller = (node: unknown) => (node ? getMethodCaller(node) : null);
}

/**
 * miniprogram-simulate registers a component by running its JS, which calls `Component()`.
 * Under jest a module runs once per test file, so a component registered a second time (the same
 * shared component used by two pages, or rendered alone after a page that uses it) would never
 * call `Component()` again and render as nothing. Keep each file's `Component()` options and
 * replay them when its module is already loaded.
 */
function allowRegisteringAgain(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const utils = require('miniprogram-simulate/src/utils');
  const g = global as any;
  const definitions = new Map<string, unknown>();
  const run = utils.runJs as (file: string) => void;
  utils.runJs = (file: string) => {
    const register = g.Component;
    let called = false;
    g.Component = (options: unknown) => {
      called = true;
      definitions.set(file, options);
      return register(options);
    };
    try {
      run(file);
    } finally {
      g.Component = register;
    }
    if (!called && definitions.has(file)) register(definitions.get(file));
  };
}

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../miniprogram');

const loaded = new Map<string, string>();

/**
 * Registers a page or component (e.g. `pages/mine/index`) once per test file (its JS runs
 * through jest's module registry; see allowRegisteringAgain for the components it uses).
 */
export function load(route: string): string {
  let id = loaded.get(route);
  if (!id) {
    id = simulate.load(path.join(MINIPROGRAM_ROOT, route), {
      rootPath: MINIPROGRAM_ROOT,
      compilerOptions: { maxBuffer: 8 * 1024 * 1024 },
    });
    loaded.set(route, id);
  }
  return id;
}

/** Renders a component (e.g. `custom-tab-bar/index`) and attaches it to the document. */
export function renderComponent(route: string, properties: Record<string, unknown> = {}): SimNode {
  const comp = simulate.render(load(route), properties);
  injectAppStyles(doc);
  const parent = doc.createElement('parent-wrapper');
  doc.body.appendChild(parent);
  comp.attach(parent);
  return comp;
}

/** Renders a page, attaches it and runs `onLoad(query)` and `onShow()` as the platform would. */
export function openPage(route: string, query: Record<string, string> = {}): SimNode {
  const comp = renderComponent(route);
  const page = comp.instance;
  // The page's <page-meta page-style="{{sw.pageStyle}}"> styles the page root.
  registerPageStyle(comp.dom, () => String((comp.data.sw as { pageStyle?: string } | undefined)?.pageStyle ?? ''));
  if (typeof page.onLoad === 'function') page.onLoad(query);
  if (typeof page.onShow === 'function') page.onShow();
  return comp;
}

/** Lets pending promises, timers and `setData` settle. */
export async function settle(ms = 0): Promise<void> {
  await simulate.sleep(ms);
  await simulate.sleep(0);
}

/**
 * Opens a page and lets its first load settle (the call, then the render of its answer).
 * @param settleMs how long each of the two settles waits (the screenshots give images 10 ms)
 */
export async function openLoaded(route: string, query: Record<string, string> = {}, settleMs = 0): Promise<SimNode> {
  const page = openPage(route, query);
  await settle(settleMs);
  await settle(settleMs);
  return page;
}

/** Visible text of a rendered tree (composed through every shadow root), whitespace-collapsed. */
export function visibleText(comp: SimNode): string {
  return String(comp.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** WeChat's side of the privacy handshake, as a test controls it. */
export interface FakePrivacyPlatform {
  /** Whether the user has agreed (then `requirePrivacyAuthorize` succeeds at once). */
  agreed: boolean;
  /** The listener the app registered with `wx.onNeedPrivacyAuthorization`. */
  listener: undefined | ((resolve: (o: { event: string; buttonId?: string }) => void, info: { referrer: string }) => void);
  /** Every answer the app gave the platform, in order. */
  resolutions: { event: string; buttonId?: string }[];
}

/**
 * Installs a fake of WeChat's privacy handshake on the global `wx`: `requirePrivacyAuthorize`
 * succeeds when agreed, otherwise asks the app's registered listener and succeeds or fails with
 * WeChat's errMsg on its answer. Call before launching the app.
 */
export function fakePrivacyPlatform(): FakePrivacyPlatform {
  const wx = (global as any).wx;
  const platform: FakePrivacyPlatform = { agreed: false, listener: undefined, resolutions: [] };
  wx.onNeedPrivacyAuthorization = jest.fn((l) => (platform.listener = l));
  wx.requirePrivacyAuthorize = jest.fn(({ success, fail }) => {
    if (platform.agreed) return success();
    platform.listener!((o) => {
      platform.resolutions.push(o);
      if (o.event === 'agree') {
        platform.agreed = true;
        success();
      } else if (o.event === 'disagree') fail({ errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized' });
    }, { referrer: 'requirePrivacyAuthorize' });
  });
  return platform;
}

/**
 * Fixes the phone's clock (`new Date()`, `Date.now()`) at `iso`, for pages that word deadlines
 * against now; timers stay real, so `settle` still works. Undo with `jest.useRealTimers()`.
 */
export function fixClock(iso: string): void {
  jest.useFakeTimers({
    now: new Date(iso),
    doNotFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'performance', 'hrtime'],
  });
}
