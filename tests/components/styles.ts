/**
 * The styles a person sees on a simulated page, computed the way the phone computes them.
 *
 * jsdom has no layout engine and its `getComputedStyle` neither resolves CSS variables nor
 * cascades by specificity, so it cannot say how big a text is drawn. This module does what the
 * WeChat webview does with the same inputs, and nothing more:
 *
 * - the style sheets are the page's and its components' WXSS as miniprogram-simulate compiles
 *   them (class names prefixed per component), with **rpx converted at a 375 px wide screen**
 *   (1rpx = 0.5px; miniprogram-simulate's own conversion is 1rpx = 1px, which
 *   {@link installPhoneStyles} replaces), plus **app.wxss** (WeChat applies it to every page; its
 *   `page` selector is the page root, `<main>` here);
 * - the page root also carries `<page-meta page-style>`: the page's `sw.pageStyle`
 *   (tests/unit/miniprogram-structure.test.ts checks every page binds exactly that);
 * - for an element: the cascade (specificity, then order; inline style wins; `!important`),
 *   inheritance of font and colour properties and of custom properties, `var()` with
 *   fallbacks, `calc()`, the `font`/`padding`/`margin`/`background` shorthands, em and %.
 *
 * What it cannot do: layout. Sizes of tap targets are the declared `height`/`min-height`
 * (or, when none is declared, vertical padding + line height); widths of inline elements are
 * estimated from their text (a CJK glyph is 1em wide) plus horizontal padding, and block
 * elements span their container. The screenshot script (scripts/screenshots.ts) renders the
 * same DOM and styles in Chromium, where real layout happens.
 *
 * Longer than 500 lines: a small CSS cascade for the simulator (selectors, variables, calc,
 * inheritance) that the page and 长辈模式 measurements need as one unit.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The simulated screen width (iPhone 6/7/8, the test setup's device). */
export const SCREEN_WIDTH = 375;
/** px per rpx at that width. */
export const RPX = SCREEN_WIDTH / 750;

const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../miniprogram');

/** Converts every `Nrpx` in CSS text to px at {@link SCREEN_WIDTH}. */
export function rpxToPx(css: string): string {
  return css.replace(/(-?\d*\.?\d+)rpx/gi, (_m, n: string) => `${+(Number(n) * RPX).toFixed(3)}px`);
}

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Makes miniprogram-simulate convert rpx at 375 px (both the style sheets and inline styles).
 * Call before the first page is rendered (the harness does).
 */
export function installPhoneStyles(): void {
  require('miniprogram-simulate/src/utils').transformRpx = rpxToPx;
  require('j-component/src/tool/utils').transformRpx = rpxToPx;
}

/** app.wxss compiled the way miniprogram-simulate compiles a page's WXSS, `page` → the root. */
export function appStylesheet(): string {
  const compile = require('miniprogram-simulate/src/wxss').compile as (text: string, o: { prefix: string }) => string;
  const css = compile(readFileSync(path.join(MINIPROGRAM_ROOT, 'app.wxss'), 'utf8'), { prefix: 'main' });
  return rpxToPx(css.replace(/(^|[},])page(?=[\s{,.:[#>])/g, '$1main'));
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Adds app.wxss to the document once (before the components' styles, as in WeChat). */
export function injectAppStyles(doc: any): void {
  if (doc.getElementById('app-wxss')) return;
  const style = doc.createElement('style');
  style.id = 'app-wxss';
  style.innerHTML = appStylesheet();
  doc.head.insertBefore(style, doc.head.firstChild);
}

// ---------------------------------------------------------------------------------------------
// Cascade

interface Decl {
  prop: string;
  value: string;
  important: boolean;
  specificity: number;
  order: number;
}

interface Rule {
  selector: string;
  specificity: number;
  order: number;
  decls: { prop: string; value: string; important: boolean }[];
}

let ruleCache: { key: string; rules: Rule[]; byClass: Map<string, Rule[]>; generic: Rule[] } | undefined;

/** The class a selector's last compound requires (so only elements with it are tried), if any. */
function keyClass(selector: string): string | undefined {
  const last = selector.trim().split(/[\s>+~]+/).pop() ?? '';
  return /\.([\w-]+)/.exec(last.replace(/:not\([^)]*\)/g, ''))?.[1];
}

function specificityOf(selector: string): number {
  const s = selector.replace(/::?(before|after|placeholder|first-line|first-letter)\b/g, '');
  const ids = (s.match(/#[\w-]+/g) ?? []).length;
  const classes = (s.match(/\.[\w-]+|\[[^\]]*\]|:(?!not\()[\w-]+(\([^)]*\))?/g) ?? []).length;
  const types = (s.replace(/\[[^\]]*\]|\([^)]*\)/g, '').match(/(^|[\s>+~])[a-z][\w-]*/gi) ?? []).length;
  return ids * 10000 + classes * 100 + types;
}

function rulesOf(doc: any): NonNullable<typeof ruleCache> {
  const sheets = Array.from(doc.styleSheets as ArrayLike<any>);
  const key = sheets.map((s) => `${s.ownerNode?.id}:${s.cssRules.length}`).join('|');
  if (ruleCache && ruleCache.key === key) return ruleCache;
  const rules: Rule[] = [];
  let order = 0;
  for (const sheet of sheets) {
    for (const rule of Array.from(sheet.cssRules as ArrayLike<any>)) {
      if (rule.type !== 1 || !rule.selectorText) continue; // @media, @font-face, @keyframes: not for text
      const decls: Rule['decls'] = [];
      for (let i = 0; i < rule.style.length; i += 1) {
        const prop = rule.style[i] as string;
        decls.push({ prop, value: String(rule.style.getPropertyValue(prop)).trim(), important: rule.style.getPropertyPriority(prop) === 'important' });
      }
      order += 1;
      for (const selector of splitTop(rule.selectorText, ',')) {
        if (/::/.test(selector) || /:(hover|active|focus)/.test(selector)) continue; // pseudo-elements and states
        rules.push({ selector: selector.trim(), specificity: specificityOf(selector), order, decls });
      }
    }
  }
  const byClass = new Map<string, Rule[]>();
  const generic: Rule[] = [];
  for (const r of rules) {
    const k = keyClass(r.selector);
    if (!k) generic.push(r);
    else byClass.set(k, [...(byClass.get(k) ?? []), r]);
  }
  ruleCache = { key, rules, byClass, generic };
  return ruleCache;
}

/** Splits at `sep` outside parentheses and quotes. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

function parseInline(style: string): Rule['decls'] {
  return splitTop(style, ';')
    .map((d) => {
      const i = d.indexOf(':');
      if (i < 0) return undefined;
      const raw = d.slice(i + 1).trim();
      const important = /!important\s*$/.test(raw);
      return { prop: d.slice(0, i).trim().toLowerCase(), value: raw.replace(/!important\s*$/, '').trim(), important };
    })
    .filter((d): d is Rule['decls'][number] => !!d && !!d.prop);
}

/** The page root's `<page-meta page-style>`, registered by the harness per page root. */
const pageStyles = new WeakMap<object, () => string>();

const pageRoots = new Set<object>();

/** Tells the resolver where a page's `<page-meta page-style>` comes from (the harness calls it). */
export function registerPageStyle(root: object, pageStyle: () => string): void {
  pageStyles.set(root, pageStyle);
  pageRoots.add(root);
}

/** An element's declarations by property name. */
type DeclIndex = Map<string, Decl[]>;

let declCache = new WeakMap<object, DeclIndex>();

function declarations(el: any): DeclIndex {
  syncWithDom(el.ownerDocument);
  const cached = declCache.get(el);
  if (cached) return cached;
  const index = rulesOf(el.ownerDocument);
  const out: DeclIndex = new Map();
  const add = (d: Decl) => out.set(d.prop, [...(out.get(d.prop) ?? []), d]);
  const classes = String(el.className ?? '').split(/\s+/).filter(Boolean);
  const candidates = [...index.generic, ...classes.flatMap((c) => index.byClass.get(c) ?? [])];
  for (const r of candidates) {
    let hit = false;
    try {
      hit = el.matches(r.selector);
    } catch {
      hit = false; // selectors jsdom cannot parse (none that set text styles so far)
    }
    if (hit) for (const d of r.decls) add({ ...d, specificity: r.specificity, order: r.order });
  }
  // page-meta's page-style is the page root's own style; an element's inline style beats rules.
  for (const d of parseInline(pageStyles.get(el)?.() ?? '')) add({ ...d, specificity: 1_000_000, order: 0 });
  for (const d of parseInline(String(el.getAttribute?.('style') ?? ''))) add({ ...d, specificity: 1_000_000, order: 1 });
  declCache.set(el, out);
  return out;
}

/**
 * Computed values are cached until the DOM changes (setData re-renders): a MutationObserver
 * on the document says so, read synchronously with `takeRecords()` at each lookup.
 */
const observers = new WeakMap<object, { observer: any; metaKey: string }>();

function syncWithDom(doc: any): void {
  let entry = observers.get(doc);
  if (!entry) {
    const MO = doc.defaultView.MutationObserver;
    const observer = new MO(() => undefined);
    observer.observe(doc, { subtree: true, childList: true, attributes: true, characterData: true });
    observers.set(doc, (entry = { observer, metaKey: '' }));
  }
  // page-meta styles come from page data, which the DOM does not show: compare them too.
  const metaKey = [...pageRoots].map((r) => pageStyles.get(r)?.() ?? '').join('|') + (ruleCache?.key ?? '');
  if (entry.observer.takeRecords().length > 0 || metaKey !== entry.metaKey) {
    entry.metaKey = metaKey;
    declCache = new WeakMap();
    customCache = new WeakMap();
    computedCache = new WeakMap();
  }
}

/** Computed values per element and property (emptied with the other caches). */
let computedCache = new WeakMap<object, Map<string, unknown>>();

function memo<T>(el: any, key: string, compute: () => T): T {
  syncWithDom(el.ownerDocument);
  let m = computedCache.get(el);
  if (!m) computedCache.set(el, (m = new Map()));
  if (m.has(key)) return m.get(key) as T;
  const v = compute();
  m.set(key, v);
  return v;
}

const SHORTHANDS: Record<string, string[]> = {
  'font-size': ['font'],
  'line-height': ['font'],
  'font-weight': ['font'],
  'padding-top': ['padding'],
  'padding-bottom': ['padding'],
  'padding-left': ['padding'],
  'padding-right': ['padding'],
  'margin-left': ['margin'],
  'margin-right': ['margin'],
  'background-color': ['background'],
  'background-image': ['background'],
};

const INHERITED = new Set(['font-size', 'line-height', 'font-weight', 'font-family', 'color', 'visibility']);

const INITIAL: Record<string, string> = {
  'font-size': '16px',
  'line-height': 'normal',
  'font-weight': '400',
  color: '#000000',
  'background-color': 'transparent',
  'background-image': 'none',
  display: 'inline',
};

function winner(index: DeclIndex, props: string[]): Decl | undefined {
  let best: Decl | undefined;
  for (const d of props.flatMap((p) => index.get(p) ?? [])) {
    if (
      !best ||
      (d.important && !best.important) ||
      (d.important === best.important && (d.specificity > best.specificity || (d.specificity === best.specificity && d.order >= best.order)))
    ) {
      best = d;
    }
  }
  return best;
}

function parentOf(el: any): any {
  return el.parentElement ?? undefined;
}

/** Computed custom properties, per element (emptied when the DOM changes, see syncWithDom). */
let customCache = new WeakMap<object, Map<string, string | undefined>>();

/** A custom property's computed value on `el` (inherited when not declared), var() resolved. */
export function customProperty(el: any, name: string, seen: Set<string> = new Set()): string | undefined {
  let cache = customCache.get(el);
  if (cache?.has(name)) return cache.get(name);
  let value: string | undefined;
  const d = winner(declarations(el), [name]);
  if (d) {
    const key = `${name}@${nodeId(el)}`;
    // A cycle is invalid at computed-value time.
    value = seen.has(key) ? undefined : substitute(el, d.value, new Set([...seen, key]));
  } else if (parentOf(el)) {
    value = customProperty(parentOf(el), name, seen);
  }
  if (!cache) customCache.set(el, (cache = new Map()));
  cache.set(name, value);
  return value;
}

let ids = 0;
const nodeIds = new WeakMap<object, number>();
function nodeId(node: object): number {
  let id = nodeIds.get(node);
  if (id === undefined) nodeIds.set(node, (id = ++ids));
  return id;
}

/** Replaces every `var(--x, fallback)` in `value`, as computed on `el`. */
function substitute(el: any, value: string, seen: Set<string> = new Set()): string | undefined {
  let out = '';
  let i = 0;
  while (i < value.length) {
    const at = value.indexOf('var(', i);
    if (at < 0) {
      out += value.slice(i);
      break;
    }
    out += value.slice(i, at);
    const end = matchingParen(value, at + 3);
    const [nameRaw, ...rest] = splitTop(value.slice(at + 4, end), ',');
    const name = nameRaw.trim();
    const fallback = rest.length ? rest.join(',').trim() : undefined;
    const resolved = customProperty(el, name, seen) ?? (fallback !== undefined ? substitute(el, fallback, seen) : undefined);
    if (resolved === undefined) return undefined;
    out += resolved;
    i = end + 1;
  }
  return out;
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j += 1) {
    if (text[j] === '(') depth += 1;
    else if (text[j] === ')') {
      depth -= 1;
      if (depth === 0) return j;
    }
  }
  throw new Error(`unbalanced parentheses in ${text}`);
}

// ---------------------------------------------------------------------------------------------
// Values

interface Dim {
  n: number;
  unit: string; // 'px', '', '%', 'em', 'rem'
}

/** Evaluates every `calc()` in `value` (px, unitless, %, em). */
function evalCalcs(value: string, em: number): string {
  let v = value;
  for (let at = v.indexOf('calc('); at >= 0; at = v.indexOf('calc(')) {
    const end = matchingParen(v, at + 4);
    const d = evalExpr(v.slice(at + 5, end), em);
    v = `${v.slice(0, at)}${+d.n.toFixed(4)}${d.unit}${v.slice(end + 1)}`;
  }
  return v;
}

function evalExpr(expr: string, em: number): Dim {
  const tokens = expr.match(/-?\d*\.?\d+(px|%|em|rem)?|[-+*/()]|calc/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const primary = (): Dim => {
    const t = tokens[pos++];
    if (t === 'calc') return primary();
    if (t === '(') {
      const d = sum();
      pos += 1; // ')'
      return d;
    }
    const m = /^(-?\d*\.?\d+)(px|%|em|rem)?$/.exec(t ?? '');
    if (!m) throw new Error(`cannot evaluate calc(${expr})`);
    const n = Number(m[1]);
    const unit = m[2] ?? '';
    if (unit === 'em') return { n: n * em, unit: 'px' };
    if (unit === 'rem') return { n: n * 16, unit: 'px' };
    return { n, unit };
  };
  const product = (): Dim => {
    let left = primary();
    while (peek() === '*' || peek() === '/') {
      const op = tokens[pos++];
      const right = primary();
      if (op === '*') left = { n: left.n * right.n, unit: left.unit || right.unit };
      else left = { n: left.n / right.n, unit: left.unit };
    }
    return left;
  };
  const sum = (): Dim => {
    let left = product();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[pos++];
      const right = product();
      left = { n: op === '+' ? left.n + right.n : left.n - right.n, unit: left.unit || right.unit };
    }
    return left;
  };
  return sum();
}

/** The component of a shorthand value that sets `prop`, or undefined. */
function fromShorthand(shorthand: string, value: string, prop: string): string | undefined {
  if (shorthand === 'font') {
    // [style] [weight] size[/line-height] family
    const m = /(?:^|\s)(-?\d*\.?\d+(?:px|em|%|rem))\s*(?:\/\s*(-?\d*\.?\d+(?:px|em|%|rem)?|normal))?\s+\S/.exec(value);
    if (!m) return undefined;
    if (prop === 'font-size') return m[1];
    if (prop === 'line-height') return m[2] ?? 'normal';
    if (prop === 'font-weight') return /(^|\s)(bold|[1-9]00)(\s|$)/.exec(value.slice(0, m.index + 1))?.[2] ?? '400';
  }
  if (shorthand === 'padding' || shorthand === 'margin') {
    const parts = value.split(/\s+/);
    const [t, r = t, b = t, l = r] = parts;
    const side = prop.split('-')[1];
    return { top: t, right: r, bottom: b, left: l }[side];
  }
  if (shorthand === 'background') {
    if (prop === 'background-image') return /gradient\(/.test(value) ? value : 'none';
    const colours = value.match(COLOUR_RE);
    return /gradient\(/.test(value) ? 'transparent' : (colours?.[colours.length - 1] ?? 'transparent');
  }
  return undefined;
}

/** The specified value of `prop` on `el` (cascaded or inherited), var() and calc() resolved. */
export function specifiedValue(el: any, prop: string): string {
  return memo(el, `s:${prop}`, () => computeSpecified(el, prop));
}

function computeSpecified(el: any, prop: string): string {
  const decls = declarations(el);
  const d = winner(decls, [prop, ...(SHORTHANDS[prop] ?? [])]);
  if (d) {
    const raw = substitute(el, d.value);
    if (raw !== undefined && raw !== 'inherit') {
      // em inside font-size (and the font shorthand) is the parent's font size.
      const em = prop === 'font-size' || d.prop === 'font' ? parentFontSize(el) : fontSizePx(el);
      const value = evalCalcs(raw, em);
      const v = d.prop === prop ? value : fromShorthand(d.prop, value, prop);
      if (v !== undefined) return v.trim();
    }
  }
  if ((INHERITED.has(prop) || d?.value === 'inherit') && parentOf(el)) return inheritedValue(parentOf(el), prop);
  return INITIAL[prop] ?? '';
}

/** What a child inherits: the parent's computed value (line-height numbers stay numbers). */
function inheritedValue(parent: any, prop: string): string {
  if (prop === 'font-size') return `${fontSizePx(parent)}px`;
  if (prop === 'line-height') {
    const v = specifiedValue(parent, 'line-height');
    if (/^-?\d*\.?\d+$/.test(v) || v === 'normal') return v;
    return `${lineHeightPx(parent)}px`;
  }
  return specifiedValue(parent, prop);
}

function parentFontSize(el: any): number {
  return parentOf(el) ? fontSizePx(parentOf(el)) : 16;
}

/** Computed font size in px. */
export function fontSizePx(el: any): number {
  return memo(el, 'fontSize', () => {
    const v = specifiedValue(el, 'font-size');
    const parent = parentFontSize(el);
    return toPx(v, parent, parent);
  });
}

/** Computed line height in px (`normal` counts as 1.2, what browsers use for CJK fonts at best). */
export function lineHeightPx(el: any): number {
  const v = specifiedValue(el, 'line-height');
  const size = fontSizePx(el);
  if (v === 'normal') return 1.2 * size;
  if (/^-?\d*\.?\d+$/.test(v)) return Number(v) * size;
  return toPx(v, size, size);
}

/** A length in px; `em` and `%` against `emBase` / `percentBase`; 0 for auto/none. */
export function toPx(v: string, emBase: number, percentBase: number): number {
  const m = /^(-?\d*\.?\d+)(px|em|rem|%)?$/.exec(v.trim());
  if (!m) return 0;
  const n = Number(m[1]);
  switch (m[2]) {
    case 'em':
      return n * emBase;
    case 'rem':
      return n * 16;
    case '%':
      return (n / 100) * percentBase;
    default:
      return n;
  }
}

/** A length property of `el` in px (0 when auto or not set). */
export function lengthPx(el: any, prop: string, percentBase = SCREEN_WIDTH): number {
  return toPx(specifiedValue(el, prop), fontSizePx(el), percentBase);
}

// ---------------------------------------------------------------------------------------------
// Colour and contrast

export type Rgba = [number, number, number, number];

const COLOUR_RE = /#[0-9a-f]{3,8}\b|rgba?\([^)]*\)|\b(white|black|transparent)\b/gi;
const NAMED: Record<string, Rgba> = { white: [255, 255, 255, 1], black: [0, 0, 0, 1], transparent: [0, 0, 0, 0], red: [255, 0, 0, 1] };

export function parseColour(text: string): Rgba | undefined {
  const t = text.trim().toLowerCase();
  if (NAMED[t]) return NAMED[t];
  let m = /^#([0-9a-f]{3,8})$/.exec(t);
  if (m) {
    let h = m[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), h.length === 8 ? n(6) / 255 : 1];
  }
  m = /^rgba?\(([^)]*)\)$/.exec(t);
  if (m) {
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p[3] ?? 1];
  }
  return undefined;
}

function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3] + bottom[3] * (1 - top[3]);
  if (a === 0) return [0, 0, 0, 0];
  const c = (i: number) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
  return [c(0), c(1), c(2), a];
}

/**
 * The colours behind `el`: its own and its ancestors' backgrounds composited down to the
 * first opaque one (white above everything). A gradient counts as each of its colour stops,
 * so a contrast check takes the worst.
 */
export function backgroundsBehind(el: any): Rgba[] {
  for (let node = el; node; node = parentOf(node)) {
    const image = specifiedValue(node, 'background-image');
    if (image && image !== 'none' && /gradient\(/.test(image)) {
      return (image.match(COLOUR_RE) ?? []).map((c) => parseColour(c)).filter((c): c is Rgba => !!c).map((c) => over(c, [255, 255, 255, 1]));
    }
    const colour = parseColour(specifiedValue(node, 'background-color')) ?? [0, 0, 0, 0];
    if (colour[3] > 0) {
      if (colour[3] >= 1) return [colour];
      const below = parentOf(node) ? backgroundsBehind(parentOf(node)) : [[255, 255, 255, 1] as Rgba];
      return below.map((b) => over(colour, b));
    }
  }
  return [[255, 255, 255, 1]];
}

/** The text colour of `el`, composited on `bg`. */
export function textColour(el: any, bg: Rgba): Rgba {
  const c = parseColour(specifiedValue(el, 'color')) ?? [0, 0, 0, 1];
  return over(c, bg);
}

function luminance([r, g, b]: Rgba): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2.x contrast ratio of two opaque colours. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** The lowest contrast of `el`'s text against what is behind it. */
export function textContrast(el: any): number {
  return Math.min(...backgroundsBehind(el).map((bg) => contrastRatio(textColour(el, bg), bg)));
}

// ---------------------------------------------------------------------------------------------
// Text and tap targets

/** Everything about one element's text a reader's eyes meet. */
export interface TextMetrics {
  text: string;
  fontSize: number;
  lineHeight: number;
  /** line height ÷ font size. */
  lineSpacing: number;
  contrast: number;
}

export function textMetrics(el: any): TextMetrics {
  const fontSize = fontSizePx(el);
  const lineHeight = lineHeightPx(el);
  return {
    text: String(el.textContent ?? '').replace(/\s+/g, ' ').trim(),
    fontSize: +fontSize.toFixed(2),
    lineHeight: +lineHeight.toFixed(2),
    lineSpacing: +(lineHeight / fontSize).toFixed(3),
    contrast: +textContrast(el).toFixed(2),
  };
}

/** Elements under `root` that hold text directly (a text node child with visible characters). */
export function textElements(root: any): any[] {
  const out: any[] = [];
  const walk = (el: any) => {
    if (Array.from(el.childNodes as ArrayLike<any>).some((n) => n.nodeType === 3 && /\S/.test(n.textContent))) out.push(el);
    for (const child of Array.from(el.children as ArrayLike<any>)) walk(child);
  };
  walk(root);
  return out.filter((el) => specifiedValue(el, 'display') !== 'none');
}

/** Estimated width of `text` at `fontSize`: CJK and full-width glyphs 1em, others 0.55em. */
function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\uffef]/.test(ch) ? fontSize : 0.55 * fontSize;
  return w;
}

/** Declared size of a tap target in px, as WeChat would lay it out at 375 px (see module doc). */
export function tapTargetSize(el: any): { width: number; height: number } {
  const declared = Math.max(lengthPx(el, 'height'), lengthPx(el, 'min-height'));
  const height =
    declared > 0
      ? declared
      : lengthPx(el, 'padding-top') + lengthPx(el, 'padding-bottom') + Math.max(lineHeightPx(el), ...Array.from(el.children as ArrayLike<any>).map((c) => lineHeightPx(c)));
  const widthDeclared = Math.max(lengthPx(el, 'width'), lengthPx(el, 'min-width'));
  if (widthDeclared > 0) return { width: widthDeclared, height };
  const display = specifiedValue(el, 'display');
  const parentDisplay = parentOf(el) ? specifiedValue(parentOf(el), 'display') : 'block';
  const intrinsic = /inline/.test(display) || /flex|grid/.test(parentDisplay);
  const text = String(el.textContent ?? '').trim();
  const width = intrinsic
    ? lengthPx(el, 'padding-left') + lengthPx(el, 'padding-right') + textWidth(text, fontSizePx(el))
    : availableWidth(el);
  return { width, height };
}

/** The width a block element gets: the screen less the horizontal padding and margins around it. */
function availableWidth(el: any): number {
  let w = SCREEN_WIDTH - lengthPx(el, 'margin-left') - lengthPx(el, 'margin-right');
  for (let node = parentOf(el); node; node = parentOf(node)) w -= lengthPx(node, 'padding-left') + lengthPx(node, 'padding-right') + lengthPx(node, 'margin-left') + lengthPx(node, 'margin-right');
  return w;
}
