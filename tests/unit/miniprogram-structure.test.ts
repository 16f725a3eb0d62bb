/**
 * Rules the mini-program's source follows because DevTools and the platform require them:
 * nothing outside `miniprogramRoot` is imported at run time (the functions' contracts come in
 * through the generated `contracts/` folder, with `import type` only), every page is a complete unit, tab pages are in the main package and the
 * custom tab bar is wired.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..', 'miniprogram');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === 'miniprogram_npm' ? [] : sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

interface ModuleRef {
  file: string;
  spec: string;
  typeOnly: boolean;
}

function moduleRefs(file: string): ModuleRef[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true);
  const refs: ModuleRef[] = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const clause = st.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      refs.push({ file, spec: st.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      refs.push({ file, spec: st.moduleSpecifier.text, typeOnly: st.isTypeOnly });
    }
  }
  sf.forEachChild(function visit(node): void {
    if (ts.isCallExpression(node) && node.expression.getText(sf) === 'require' && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      refs.push({ file, spec: node.arguments[0].text, typeOnly: false });
    }
    node.forEachChild(visit);
  });
  return refs;
}

const files = sourceFiles(ROOT);
const refs = files.flatMap(moduleRefs);

test('the scan sees the source (guards against an empty pass)', () => {
  expect(files.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['app.ts', 'services/api.ts', 'pages/mine/index.ts']));
  expect(refs.some((r) => r.spec.includes('cloudfunctions/_shared/contracts') && r.typeOnly)).toBe(true);
});

test('run-time imports are relative and stay inside miniprogram/', () => {
  const bad = refs
    .filter((r) => !r.typeOnly)
    .filter((r) => !r.spec.startsWith('.') || !resolve(dirname(r.file), r.spec).startsWith(ROOT + '/'))
    .map((r) => `${relative(ROOT, r.file)} → ${r.spec}`);
  expect(bad).toEqual([]);
});

test('type-only imports from outside miniprogram/ come only from the functions contracts, into the generated contracts/', () => {
  const outside = refs
    .filter((r) => r.typeOnly && !resolve(dirname(r.file), r.spec).startsWith(ROOT + '/'))
    .filter((r) => !resolve(dirname(r.file), r.spec).includes('/cloudfunctions/_shared/contracts/') || !r.file.startsWith(join(ROOT, 'contracts') + '/'))
    .map((r) => `${relative(ROOT, r.file)} → ${r.spec}`);
  expect(outside).toEqual([]);
});

const app = JSON.parse(readFileSync(join(ROOT, 'app.json'), 'utf8'));

test('every page is a complete unit (ts, json, wxml) and tab pages are in the main package', () => {
  const pages: string[] = [...app.pages, 'packageDev/pages/personas/index'];
  for (const page of pages) {
    for (const ext of ['.ts', '.json', '.wxml']) expect(existsSync(join(ROOT, page + ext)) ? page + ext : `missing ${page}${ext}`).toBe(page + ext);
  }
  for (const tab of app.tabBar.list) expect(app.pages).toContain(tab.pagePath);
  expect(app.tabBar.list.map((t: { text: string }) => t.text)).toEqual(['政策', '求助', '我的']);
});

test('the custom tab bar and on-demand component injection are configured', () => {
  expect(app.tabBar.custom).toBe(true);
  expect(existsSync(join(ROOT, 'custom-tab-bar', 'index.json'))).toBe(true);
  expect(app.lazyCodeLoading).toBe('requiredComponents');
});

/** Every page route in app.json: main package, every subpackage, and the local-only picker. */
function allPages(): string[] {
  const subs: { root: string; pages: string[] }[] = app.subpackages ?? [];
  return [...app.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`)), 'packageDev/pages/personas/index'];
}

test('every page applies 长辈模式 and the WeChat font size through the one mechanism (behaviors/ui-mode)', () => {
  const pages = allPages().filter((p) => existsSync(join(ROOT, `${p}.ts`)));
  expect(pages.length).toBeGreaterThan(20);
  const problems: string[] = [];
  for (const page of pages) {
    const wxml = readFileSync(join(ROOT, `${page}.wxml`), 'utf8');
    // page-meta must be the page's first node; its page-style carries the mode's CSS variables.
    if (!/^\s*(<!--[\s\S]*?-->\s*)*<page-meta page-style="\{\{sw\.pageStyle\}\}"/.test(wxml)) problems.push(`${page}.wxml: first node must be <page-meta page-style="{{sw.pageStyle}}" />`);
    const ts = readFileSync(join(ROOT, `${page}.ts`), 'utf8');
    const uses = refs.some((r) => r.file === join(ROOT, `${page}.ts`) && resolve(dirname(r.file), r.spec) === join(ROOT, 'behaviors', 'ui-mode'));
    if (!uses || !/behaviors:\s*\[[^\]]*\buiMode\b/.test(ts)) problems.push(`${page}.ts: add behaviors: [uiMode] (import from behaviors/ui-mode)`);
  }
  expect(problems).toEqual([]);
});

test('page styles use the design tokens: no fixed text sizes or colours below the contrast bar', () => {
  // Text sizes in page and component WXSS come from --sw-font-* (they scale with the WeChat font
  // size and 长辈模式); a fixed rpx/px font-size would not. Greys lighter than the tokens fail 4.5:1.
  const wxss = sourceWxss(ROOT);
  expect(wxss.length).toBeGreaterThan(20);
  const problems: string[] = [];
  for (const file of wxss) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/font-size:\s*([^;}]+)/g)) if (!/var\(--sw-font-/.test(m[1]) && !/^(inherit|100%|1em)$/.test(m[1].trim())) problems.push(`${relative(ROOT, file)}: font-size: ${m[1].trim()}`);
    for (const m of text.matchAll(/(?:^|[;{\s])color:\s*(#(?:999|aaa|bbb|ccc|a6a6a6|999999|888|888888|8c8c8c|7f7f7f)\b|rgba\(0,\s*0,\s*0,\s*0?\.[0-5]\d*\))/gim)) problems.push(`${relative(ROOT, file)}: color: ${m[1]}`);
  }
  expect(problems).toEqual([]);
});

function sourceWxss(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return ['miniprogram_npm', 'mp-html'].includes(name) ? [] : sourceWxss(full);
    return name.endsWith('.wxss') && name !== 'app.wxss' ? [full] : [];
  });
}

test('a subpackage runs no code of another subpackage (the platform cannot load it from there)', () => {
  const pkgOf = (file: string): string | undefined => {
    const top = relative(ROOT, file).split('/')[0];
    return top.startsWith('package') ? top : undefined;
  };
  const bad = refs
    .filter((r) => !r.typeOnly && r.spec.startsWith('.'))
    .filter((r) => {
      const from = pkgOf(r.file);
      const to = pkgOf(resolve(dirname(r.file), r.spec));
      return !!to && to !== from;
    })
    .map((r) => `${relative(ROOT, r.file)} → ${r.spec}`);
  expect(bad).toEqual([]);
});

test('every subpackage keeps its pages in the same unit: <package>/pages/<page>/index', () => {
  const subs: { root: string; pages: string[] }[] = app.subpackages ?? [];
  expect(subs.length).toBeGreaterThan(5);
  const bad = subs.flatMap((s) => s.pages.filter((p) => !/^pages\/[a-z0-9-]+\/index$/.test(p)).map((p) => `${s.root}/${p}`));
  expect(bad).toEqual([]);
});

test('a module under services/ or utils/ that only one subpackage runs lives in that subpackage', () => {
  // Main-package code is downloaded before any subpackage opens; code only one subpackage needs
  // belongs in it. Owners are found through other services/utils modules (transitively).
  const shared = (f: string) => /^(services|utils)\//.test(relative(ROOT, f));
  const importers = new Map<string, string[]>();
  for (const r of refs) {
    if (r.typeOnly || !r.spec.startsWith('.')) continue;
    const base = resolve(dirname(r.file), r.spec);
    const target = [base, `${base}.ts`].find((c) => existsSync(c) && statSync(c).isFile());
    if (target && shared(target)) importers.set(target, [...(importers.get(target) ?? []), r.file]);
  }
  const owners = (file: string, seen = new Set<string>()): Set<string> => {
    const out = new Set<string>();
    if (seen.has(file)) return out;
    seen.add(file);
    for (const i of importers.get(file) ?? []) {
      if (shared(i)) for (const o of owners(i, seen)) out.add(o);
      else {
        const top = relative(ROOT, i).split('/')[0];
        out.add(top.startsWith('package') ? top : 'main');
      }
    }
    return out;
  };
  const bad = files
    .filter(shared)
    .map((f) => [relative(ROOT, f), [...owners(f)]] as const)
    .filter(([, o]) => o.length === 1 && o[0] !== 'main')
    .map(([f, o]) => `${f} → move into ${o[0]}/`);
  expect(bad).toEqual([]);
});
