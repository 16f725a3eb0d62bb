/**
 * Rules the mini-program's source follows because DevTools and the platform require them:
 * nothing outside `miniprogramRoot` is imported at run time (contracts come in with
 * `import type` only), every page is a complete unit, tab pages are in the main package and the
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

test('type-only imports from outside miniprogram/ come only from the functions contracts', () => {
  const outside = refs
    .filter((r) => r.typeOnly && !resolve(dirname(r.file), r.spec).startsWith(ROOT + '/'))
    .filter((r) => !resolve(dirname(r.file), r.spec).includes('/cloudfunctions/_shared/contracts/'))
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
