/**
 * A page for every action a person may call (issue 12):
 * - every page app.json declares (main package and every subpackage) has its code, template and
 *   config, and every page folder under miniprogram/ is declared (DevTools and the upload refuse
 *   a declared page that is missing; an undeclared one is dead code);
 * - every action docs/access-matrix.csv allows for some role is called from a page: a
 *   `callFunction('<fn>', '<action>', …)` in the page's code, in a module it imports (at run time,
 *   transitively) or in a project component it uses — or it is on the short list of actions
 *   without a page in docs/miniprogram.md, each with its reason. An entry of that list that a page
 *   now reaches, or that names no allowed action, fails too, so the list stays short and true.
 *
 * Prints "actions reachable from a page: N/M".
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const REPO = resolve(__dirname, '..', '..');
const MP = join(REPO, 'miniprogram');
const app = JSON.parse(readFileSync(join(MP, 'app.json'), 'utf8')) as {
  pages: string[];
  subpackages?: { root: string; pages: string[] }[];
  usingComponents?: Record<string, string>;
};
/** The persona picker: declared in app.json only while `npm start` runs (local mode). */
const LOCAL_ONLY_PAGES = ['packageDev/pages/personas/index'];

function declaredPages(): string[] {
  return [...app.pages, ...(app.subpackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
}

// ---------------------------------------------------------------------------------------------
// Pages

test('every page app.json declares exists (code, template, config), and every page file is declared', () => {
  const declared = declaredPages();
  const missing = declared.flatMap((p) => ['.ts', '.wxml', '.json'].filter((ext) => !existsSync(join(MP, p + ext))).map((ext) => p + ext));
  expect(missing).toEqual([]);

  // A page folder: an index.json without `"component": true` (components declare it).
  const pageFiles: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (!['miniprogram_npm', 'components', 'custom-tab-bar', 'contracts', 'node_modules'].includes(name)) walk(full);
      } else if (name.endsWith('.json') && existsSync(full.replace(/\.json$/, '.wxml'))) {
        const json = JSON.parse(readFileSync(full, 'utf8')) as { component?: boolean };
        if (!json.component) pageFiles.push(relative(MP, full).replace(/\.json$/, ''));
      }
    }
  };
  walk(MP);
  expect(pageFiles.length).toBeGreaterThan(20);
  const undeclared = pageFiles.filter((p) => !declared.includes(p) && !LOCAL_ONLY_PAGES.includes(p));
  expect(undeclared).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// Actions

/** What one module declares at top level: each name's calls and references, its imports, its re-exports. */
interface ModuleInfo {
  /** Calls and references of the statements that run on load (e.g. `Component({...})`). */
  body: { calls: string[]; refs: Set<string> };
  decls: Map<string, { calls: string[]; refs: Set<string> }>;
  /** Local name → the module and the name it imports (`*` for a namespace import). */
  imports: Map<string, { from: string; name: string }>;
  /** Exported name → the module it is re-exported from (`export { x } from`, `export * from`). */
  reexports: { from: string; names: string[] | '*' }[];
}

const modules = new Map<string, ModuleInfo | undefined>();

function tsFile(modulePath: string): string | undefined {
  for (const f of [modulePath.endsWith('.ts') ? modulePath : `${modulePath}.ts`, join(modulePath, 'index.ts')]) if (existsSync(f)) return f;
  return undefined;
}

/**
 * Parses a module: `fn.action` of every `callFunction('fn', 'action', …)` and the identifiers each
 * top-level declaration uses, so a page importing one function of a service reaches that
 * function's calls, not every call in the file. Type-only imports run nothing and are left out.
 */
function moduleInfo(modulePath: string): ModuleInfo | undefined {
  const file = tsFile(modulePath);
  if (!file) return undefined;
  if (modules.has(file)) return modules.get(file);
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true);
  const info: ModuleInfo = { body: { calls: [], refs: new Set() }, decls: new Map(), imports: new Map(), reexports: [] };
  const collect = (node: ts.Node, into: { calls: string[]; refs: Set<string> }): void => {
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'callFunction') {
        const [fn, action] = n.arguments;
        if (fn && action && ts.isStringLiteralLike(fn) && ts.isStringLiteralLike(action)) into.calls.push(`${fn.text}.${action.text}`);
      }
      if (ts.isIdentifier(n)) into.refs.add(n.text);
      n.forEachChild(visit);
    };
    visit(node);
  };
  const from = (spec: ts.Expression): string | undefined =>
    ts.isStringLiteral(spec) && spec.text.startsWith('.') ? resolve(dirname(file), spec.text) : undefined;
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st)) {
      const target = from(st.moduleSpecifier);
      const c = st.importClause;
      if (!target || !c || c.isTypeOnly) continue;
      if (c.name) info.imports.set(c.name.text, { from: target, name: 'default' });
      const nb = c.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) info.imports.set(nb.name.text, { from: target, name: '*' });
      if (nb && ts.isNamedImports(nb)) for (const e of nb.elements) if (!e.isTypeOnly) info.imports.set(e.name.text, { from: target, name: (e.propertyName ?? e.name).text });
    } else if (ts.isExportDeclaration(st)) {
      const target = st.moduleSpecifier && from(st.moduleSpecifier);
      if (!target || st.isTypeOnly) continue;
      const names = st.exportClause && ts.isNamedExports(st.exportClause) ? st.exportClause.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text) : '*';
      info.reexports.push({ from: target, names });
    } else if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) {
      const d = { calls: [] as string[], refs: new Set<string>() };
      collect(st, d);
      info.decls.set(st.name?.text ?? 'default', d);
    } else if (ts.isVariableStatement(st)) {
      for (const v of st.declarationList.declarations) {
        const d = { calls: [] as string[], refs: new Set<string>() };
        collect(v, d);
        if (ts.isIdentifier(v.name)) info.decls.set(v.name.text, d);
        else collect(v, info.body);
      }
    } else if (!ts.isInterfaceDeclaration(st) && !ts.isTypeAliasDeclaration(st)) {
      collect(st, info.body);
    }
  }
  modules.set(file, info);
  return info;
}

/**
 * The actions `entry` reaches: everything in the page (or component) file itself; in a module it
 * imports, what the imported names use (transitively); and the project components its JSON uses.
 */
function actionsReachedBy(entry: string): Set<string> {
  const out = new Set<string>();
  const done = new Set<string>();
  const queue: { path: string; name: string }[] = [{ path: entry, name: '*' }];
  const components = new Set<string>([entry]);
  while (queue.length) {
    const { path, name } = queue.shift()!;
    const key = `${path}#${name}`;
    if (done.has(key)) continue;
    done.add(key);
    const info = moduleInfo(path);
    if (!info) continue;
    const parts: { calls: string[]; refs: Set<string> }[] = [];
    if (!done.has(`${path}#<body>`)) {
      done.add(`${path}#<body>`);
      parts.push(info.body);
    }
    if (name === '*') parts.push(...info.decls.values());
    else if (info.decls.has(name)) parts.push(info.decls.get(name)!);
    else for (const r of info.reexports) if (r.names === '*' || r.names.includes(name)) queue.push({ path: r.from, name });
    if (name === '*') for (const r of info.reexports) queue.push({ path: r.from, name: '*' });
    for (const part of parts) {
      for (const c of part.calls) out.add(c);
      for (const ref of part.refs) {
        if (info.decls.has(ref) && !done.has(`${path}#${ref}`)) queue.push({ path, name: ref });
        const imp = info.imports.get(ref);
        if (imp) queue.push({ path: imp.from, name: imp.name });
      }
    }
    // A page or component file: the components its JSON uses run too.
    if (components.has(path) && existsSync(`${path}.json`)) {
      const using = (JSON.parse(readFileSync(`${path}.json`, 'utf8')) as { usingComponents?: Record<string, string> }).usingComponents ?? {};
      for (const p of Object.values({ ...app.usingComponents, ...using })) {
        if (p.startsWith('/miniprogram_npm/')) continue;
        const c = p.startsWith('/') ? join(MP, p) : resolve(dirname(path), p);
        components.add(c);
        queue.push({ path: c, name: '*' });
      }
    }
  }
  return out;
}

/** Action → the pages that reach it. */
function reachedFromPages(): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  for (const page of [...declaredPages(), 'custom-tab-bar/index']) {
    for (const a of actionsReachedBy(join(MP, page))) reached.set(a, [...(reached.get(a) ?? []), page]);
  }
  return reached;
}

/** `fn.action` of every action the access matrix allows for at least one role. */
function allowedActions(): string[] {
  const rows = readFileSync(join(REPO, 'docs', 'access-matrix.csv'), 'utf8').trim().split('\n').slice(1);
  const out = new Set<string>();
  for (const row of rows) {
    const [fn, action, , , expected] = row.split(',');
    if (expected?.trim() === 'allow') out.add(`${fn}.${action}`);
  }
  return [...out].sort();
}

/** The short list: rows `| \`fn.action\` | reason |` under "## Actions without a page" in docs/miniprogram.md. */
function shortList(): Map<string, string> {
  const doc = readFileSync(join(REPO, 'docs', 'miniprogram.md'), 'utf8');
  const section = doc.split(/^## Actions without a page\s*$/m)[1];
  if (section === undefined) throw new Error('docs/miniprogram.md has no "## Actions without a page" section');
  const list = new Map<string, string>();
  for (const line of section.split(/^## /m)[0].split('\n')) {
    const m = /^\|\s*`([a-z]+\.[A-Za-z]+)`\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (m) list.set(m[1], m[2]);
  }
  return list;
}

test('every action some role may call is reached from a page, or is on the documented short list', () => {
  const allowed = allowedActions();
  const reached = reachedFromPages();
  const listed = shortList();
  const reachable = allowed.filter((a) => reached.has(a));
  console.log(`actions reachable from a page: ${reachable.length}/${allowed.length}`);
  expect(allowed.length).toBeGreaterThan(100);

  const unreached = allowed.filter((a) => !reached.has(a) && !listed.has(a));
  // Fix: call it from the page where that person would look, or add it to docs/miniprogram.md
  // "Actions without a page" with the reason.
  expect(unreached).toEqual([]);

  const stale = [...listed.keys()].filter((a) => reached.has(a)).map((a) => `${a} is reached from ${reached.get(a)!.join(', ')}: remove it from the short list`);
  const unknown = [...listed.keys()].filter((a) => !allowed.includes(a)).map((a) => `${a}: no role may call it (not in docs/access-matrix.csv)`);
  const noReason = [...listed].filter(([, reason]) => reason.length < 4).map(([a]) => `${a}: give the reason`);
  expect([...stale, ...unknown, ...noReason]).toEqual([]);
});

test('the scan finds calls through services and components (guards against an empty pass)', () => {
  const reached = reachedFromPages();
  // 我的 calls accounts.me through services/accounts.ts; the list page reaches searchChildren through its service.
  expect(reached.get('accounts.me')).toEqual(expect.arrayContaining(['pages/mine/index']));
  expect(reached.get('registry.searchChildren')).toEqual(expect.arrayContaining(['packageRegistry/pages/list/index']));
});

test('a page reaches the calls of what it imports, not every call of the module it imports from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reach-'));
  try {
    mkdirSync(join(dir, 'services'));
    mkdirSync(join(dir, 'components', 'x'), { recursive: true });
    writeFileSync(
      join(dir, 'services', 'svc.ts'),
      [
        "import { callFunction } from './api';",
        "const one = () => callFunction('registry', 'getChild', { childId: 'c' });",
        "export const used = () => one();",
        "export const unused = () => callFunction('registry', 'exportSummary', {});",
        "export * from './more';",
      ].join('\n'),
    );
    writeFileSync(join(dir, 'services', 'more.ts'), "import { callFunction } from './api';\nexport function again() { return callFunction('accounts', 'me'); }\nexport function never() { return callFunction('accounts', 'queryAuditLog', {}); }");
    writeFileSync(join(dir, 'components', 'x', 'index.ts'), "import { callFunction } from '../../services/api';\nComponent({ methods: { go() { return callFunction('system', 'whoami'); } } });");
    writeFileSync(join(dir, 'components', 'x', 'index.json'), '{ "component": true }');
    writeFileSync(join(dir, 'page.ts'), "import { used, again } from './services/svc';\nimport type { unused } from './services/svc';\nComponent({ methods: { onLoad() { used(); again(); } } });");
    writeFileSync(join(dir, 'page.json'), '{ "usingComponents": { "x": "./components/x/index" } }');
    expect([...actionsReachedBy(join(dir, 'page'))].sort()).toEqual(['accounts.me', 'registry.getChild', 'system.whoami']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
