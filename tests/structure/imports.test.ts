/**
 * The shape of the import graph (docs/ARCHITECTURE.md "Rules the tree keeps"):
 * - no import cycle anywhere in our TypeScript, type-only imports included (a cycle makes load
 *   order matter and hides which module owns what);
 * - a domain never imports another domain's code: only the `scheduler` may import each domain's
 *   `src/timers.ts` (the one shape domains hand their timer work over in); everything else meets
 *   in `_shared/` (contracts, events). ESLint says the same per file (`no-restricted-imports`);
 *   this test sees the whole graph.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..');
const SCANNED = ['cloudfunctions', 'miniprogram', 'local', 'scripts', 'bench', 'tests'];
const SKIP = new Set(['node_modules', 'miniprogram_npm', 'build', '.data']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith('.')) return [];
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return undefined;
}

const files = SCANNED.flatMap((d) => sourceFiles(join(ROOT, d)));
const graph = new Map<string, string[]>(
  files.map((f) => {
    const info = ts.preProcessFile(readFileSync(f, 'utf8'), true, true);
    const deps = info.importedFiles.map((i) => resolveImport(f, i.fileName)).filter((x): x is string => !!x && x.endsWith('.ts'));
    return [f, [...new Set(deps)]];
  }),
);
const rel = (f: string) => relative(ROOT, f);

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(g: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (g.get(v) ?? []).includes(v)) out.push(comp.map(rel).sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

test('the scan sees the tree (guards against an empty pass)', () => {
  expect(files.length).toBeGreaterThan(300);
  expect(graph.get(join(ROOT, 'cloudfunctions/_shared/router.ts'))?.map(rel)).toContain('cloudfunctions/_shared/context.ts');
});

test('a cycle is found when there is one (the check itself)', () => {
  const g = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ]);
  expect(cycles(g)).toEqual([['a', 'b', 'c'].map((x) => relative(ROOT, x))].map((c) => c.sort()));
});

test('no import cycle anywhere (type-only imports included)', () => {
  expect(cycles(graph)).toEqual([]);
});

test("no domain imports another domain's code (the scheduler only each domain's src/timers.ts)", () => {
  const domainOf = (f: string): string | undefined => {
    const m = /^cloudfunctions\/([^_/][^/]*)\//.exec(rel(f));
    return m ? m[1] : undefined;
  };
  const bad: string[] = [];
  for (const [f, deps] of graph) {
    const from = domainOf(f);
    if (!from) continue;
    for (const d of deps) {
      const to = domainOf(d);
      if (!to || to === from) continue;
      if (from === 'scheduler' && rel(d) === `cloudfunctions/${to}/src/timers.ts`) continue;
      bad.push(`${rel(f)} → ${rel(d)}`);
    }
  }
  expect(bad).toEqual([]);
});
