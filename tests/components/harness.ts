/**
 * Loads and renders mini-program pages with miniprogram-simulate, the way the platform would:
 * `rootPath` is `miniprogram/` so absolute `usingComponents` paths (`/miniprogram_npm/…`)
 * resolve as on the device, and the official wcc compiler builds the WXML.
 *
 * miniprogram-simulate is loaded with `require` and typed by the small interfaces below: its own
 * typings pull the mini-program's global `wx` typings into the node typecheck of tests/.
 */
import * as path from 'node:path';

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

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../miniprogram');

const loaded = new Map<string, string>();

/**
 * Registers a page or component (e.g. `pages/mine/index`) once per test file. Its JS runs
 * through jest's module registry, which caches it, so it cannot be registered twice.
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
  const parent = doc.createElement('parent-wrapper');
  doc.body.appendChild(parent);
  comp.attach(parent);
  return comp;
}

/** Renders a page, attaches it and runs `onLoad(query)` and `onShow()` as the platform would. */
export function openPage(route: string, query: Record<string, string> = {}): SimNode {
  const comp = renderComponent(route);
  const page = comp.instance;
  if (typeof page.onLoad === 'function') page.onLoad(query);
  if (typeof page.onShow === 'function') page.onShow();
  return comp;
}

/** Lets pending promises, timers and `setData` settle. */
export async function settle(ms = 0): Promise<void> {
  await simulate.sleep(ms);
  await simulate.sleep(0);
}

/** Visible text of a rendered tree (composed through every shadow root), whitespace-collapsed. */
export function visibleText(comp: SimNode): string {
  return String(comp.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
