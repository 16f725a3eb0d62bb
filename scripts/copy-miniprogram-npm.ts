/**
 * Copies the TDesign components the mini-program uses into the git-ignored
 * `miniprogram/miniprogram_npm/tdesign-miniprogram/` (we have no DevTools "构建 npm" here, and
 * `project.config.json` declares manual npm packing).
 *
 * What gets copied is found by following references, file by file, from every
 * `usingComponents` entry under `miniprogram/` that points at `/miniprogram_npm/tdesign-miniprogram/…`:
 * a component's `.json/.js/.wxml/.wxss`, the components its own `.json` uses, the modules its
 * JS imports (relative ones, and bare ones such as `tslib` from the package's bundled
 * `miniprogram_npm/`), the `<wxs>`/`<import>`/`<include>` sources of its WXML, the `@import`s of
 * its WXSS and the `require`s of its WXS. Nothing else (no `.d.ts`, no unused components) is
 * copied, which keeps the main package small.
 *
 * A `usingComponents` path into the package that does not exist is an error here, because in
 * the simulator and on the device a wrong path renders silently as an unknown tag.
 *
 * It also copies mp-html's mini-program build (`node_modules/mp-html/dist/mp-weixin/`, the way
 * mp-html documents use without DevTools npm) into the git-ignored
 * `miniprogram/packageArticles/components/mp-html/`, so the rich-text component ships in the
 * articles subpackage only, not in the main package.
 *
 * Run directly: `npx tsx scripts/copy-miniprogram-npm.ts`. `scripts/build.ts` calls
 * `copyMiniprogramNpm()`.
 */
import { existsSync, promises as fs } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';

const PACKAGE = 'tdesign-miniprogram';
const NPM_PREFIX = `/miniprogram_npm/${PACKAGE}/`;

export interface CopyOptions {
  /** Repository root; defaults to this script's parent folder. */
  root?: string;
  /** Print a one-line summary (default: only when run directly). */
  log?: boolean;
}

export interface CopyResult {
  /** Component folders copied, e.g. `button`, `icon` (sorted). */
  components: string[];
  /** Total bytes written. */
  bytes: number;
}

/** mp-html's build for WeChat, and where the articles subpackage loads it from. */
const MP_HTML_DIST = join('node_modules', 'mp-html', 'dist', 'mp-weixin');
const MP_HTML_TARGET = join('miniprogram', 'packageArticles', 'components', 'mp-html');

/** Syncs mp-html's WeChat build into the articles subpackage; returns the bytes copied. */
async function copyMpHtml(root: string): Promise<number> {
  const from = join(root, MP_HTML_DIST);
  const to = join(root, MP_HTML_TARGET);
  if (!existsSync(from)) throw new Error(`mp-html is not installed (${from} missing); run npm install`);
  let bytes = 0;
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await fs.readdir(join(from, rel), { withFileTypes: true })) {
      const r = join(rel, entry.name);
      if (entry.isDirectory()) await walk(r);
      else {
        const content = await fs.readFile(join(from, r));
        bytes += content.length;
        const target = join(to, r);
        if (existsSync(target) && (await fs.readFile(target)).equals(content)) continue;
        await fs.mkdir(dirname(target), { recursive: true });
        await fs.writeFile(target, content);
      }
    }
  };
  await walk('');
  return bytes;
}

/** A reference from one mini-program file into the package that does not resolve. */
export class MissingComponentError extends Error {}

async function listJsonFiles(dir: string, skip: Set<string>): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip.has(entry.name) && !entry.name.startsWith('.')) out.push(...(await listJsonFiles(full, skip)));
    } else if (entry.name.endsWith('.json')) {
      out.push(full);
    }
  }
  return out;
}

/** Component paths (relative to the package dist, no extension) the mini-program uses. */
async function usedComponents(miniprogramDir: string, distDir: string): Promise<Map<string, string>> {
  const used = new Map<string, string>(); // component path → first json that uses it
  const skip = new Set(['miniprogram_npm', 'node_modules']);
  for (const file of await listJsonFiles(miniprogramDir, skip)) {
    let json: { usingComponents?: Record<string, string>; subpackages?: unknown };
    try {
      json = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch {
      continue; // not our concern here (sitemap, malformed files are caught by DevTools)
    }
    const using = json.usingComponents ?? {};
    for (const [tag, target] of Object.entries(using)) {
      const where = relative(miniprogramDir, file);
      if (target.startsWith(`${PACKAGE}/`) || target.startsWith(`miniprogram_npm/${PACKAGE}/`)) {
        throw new MissingComponentError(
          `${where}: "${tag}" → "${target}": use the absolute path ${NPM_PREFIX}… (manual npm packing)`,
        );
      }
      if (target.startsWith('plugin://')) continue;
      if (!target.startsWith(NPM_PREFIX)) {
        if (target.startsWith('/miniprogram_npm/')) {
          throw new MissingComponentError(`${where}: "${tag}" → "${target}": only ${PACKAGE} is packed into miniprogram_npm`);
        }
        // The project's own components: the path must exist, or the tag renders as nothing.
        const own = target.startsWith('/') ? join(miniprogramDir, target) : resolve(dirname(file), target);
        if (!existsSync(`${own}.json`)) throw new MissingComponentError(`${where}: "${tag}" → "${target}" does not exist`);
        continue;
      }
      const componentPath = target.slice(NPM_PREFIX.length).replace(/\/$/, '');
      if (!existsSync(join(distDir, `${componentPath}.json`))) {
        throw new MissingComponentError(`${where}: "${tag}" → "${target}" is not a ${PACKAGE} component`);
      }
      if (!used.has(componentPath)) used.set(componentPath, where);
    }
  }
  return used;
}

const JS_IMPORT = /(?:\bimport\s*(?:[\w*{}\s,$]+from\s*)?|\bexport\s*(?:\*|\{[^}]*\})\s*from\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;
const WXML_SRC = /<(?:wxs|import|include)\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/g;
const WXSS_IMPORT = /@import\s+["']([^"']+)["']/g;
const WXS_REQUIRE = /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g;

function matches(text: string, re: RegExp): string[] {
  return [...text.matchAll(re)].map((m) => m[1]);
}

/** Resolves a module specifier from a JS file inside the dist folder; undefined if not found. */
function resolveJs(distDir: string, fromFile: string, spec: string): string | undefined {
  const candidates = (base: string) => [base, `${base}.js`, join(base, 'index.js')];
  if (spec.startsWith('.')) {
    return candidates(resolve(dirname(fromFile), spec)).find((p) => existsSync(p) && p.endsWith('.js'));
  }
  // Bare specifier: look in `miniprogram_npm/` folders from the file's folder up to the dist
  // root, the way the mini-program runtime resolves packages.
  for (let dir = dirname(fromFile); ; dir = dirname(dir)) {
    const found = candidates(join(dir, 'miniprogram_npm', spec)).find((p) => existsSync(p) && p.endsWith('.js'));
    if (found) return found;
    if (dir === distDir || !dir.startsWith(distDir)) return undefined;
  }
}

/** Removes files under `dir` not in `keep`, then folders left empty. */
async function prune(dir: string, keep: Set<string>): Promise<void> {
  if (!existsSync(dir)) return;
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      await prune(full, keep);
      if ((await fs.readdir(full)).length === 0) await fs.rmdir(full);
    } else if (!keep.has(full)) {
      await fs.rm(full, { force: true });
    }
  }
}

function withExt(path: string, ext: string): string {
  return /\.[a-z]+$/.test(posix.basename(path)) ? path : `${path}${ext}`;
}

/**
 * Copies the components the mini-program uses (and everything they need) from the installed
 * package into `miniprogram/miniprogram_npm/tdesign-miniprogram/`, removing what is no longer used.
 */
export async function copyMiniprogramNpm(options: CopyOptions = {}): Promise<CopyResult> {
  const root = options.root ?? resolve(__dirname, '..');
  const miniprogramDir = join(root, 'miniprogram');
  const distDir = join(root, 'node_modules', PACKAGE, 'miniprogram_dist');
  const outDir = join(miniprogramDir, 'miniprogram_npm', PACKAGE);
  if (!existsSync(distDir)) throw new Error(`${PACKAGE} is not installed (${distDir} missing); run npm install`);
  // Only when the mini-program has the articles subpackage (tests copy into scratch roots).
  if (existsSync(join(miniprogramDir, 'packageArticles'))) await copyMpHtml(root);

  const used = await usedComponents(miniprogramDir, distDir);
  const files = new Set<string>();
  const queue: string[] = [];
  const problems: string[] = [];
  const add = (file: string, from: string) => {
    if (!file.startsWith(distDir + sep)) {
      problems.push(`${relative(distDir, from)} refers outside the package: ${file}`);
      return;
    }
    if (files.has(file)) return;
    if (!existsSync(file)) {
      problems.push(`${relative(distDir, from)} refers to missing ${relative(distDir, file)}`);
      return;
    }
    files.add(file);
    queue.push(file);
  };
  const addComponent = (base: string, from: string) => {
    add(`${base}.json`, from);
    for (const ext of ['.js', '.wxml', '.wxss']) if (existsSync(base + ext)) add(base + ext, from);
  };

  for (const componentPath of used.keys()) addComponent(join(distDir, componentPath), join(distDir, componentPath));

  while (queue.length > 0) {
    const file = queue.shift() as string;
    const text = await fs.readFile(file, 'utf8');
    const dir = dirname(file);
    if (file.endsWith('.json')) {
      const json = JSON.parse(text) as { usingComponents?: Record<string, string> };
      for (const target of Object.values(json.usingComponents ?? {})) {
        if (target.startsWith('plugin://')) continue;
        addComponent(target.startsWith('/') ? join(distDir, target) : resolve(dir, target), file);
      }
    } else if (file.endsWith('.js')) {
      for (const spec of matches(text, JS_IMPORT)) {
        const target = resolveJs(distDir, file, spec);
        if (target) add(target, file);
        else problems.push(`${relative(distDir, file)} imports unresolvable "${spec}"`);
      }
    } else if (file.endsWith('.wxml')) {
      for (const src of matches(text, WXML_SRC)) add(resolve(dir, withExt(src, '.wxml')), file);
    } else if (file.endsWith('.wxss')) {
      for (const src of matches(text, WXSS_IMPORT)) add(resolve(dir, withExt(src, '.wxss')), file);
    } else if (file.endsWith('.wxs')) {
      for (const src of matches(text, WXS_REQUIRE)) add(resolve(dir, withExt(src, '.wxs')), file);
    }
  }
  if (problems.length > 0) throw new Error(`copy-miniprogram-npm:\n  ${problems.join('\n  ')}`);

  // Sync in place (write what differs, delete what is no longer used) rather than wiping the
  // folder, so a test run reading it at the same time never sees it half-written.
  let bytes = 0;
  const wanted = new Set<string>();
  for (const file of [...files].sort()) {
    const target = join(outDir, relative(distDir, file));
    wanted.add(target);
    const content = await fs.readFile(file);
    bytes += content.length;
    const existing = existsSync(target) ? await fs.readFile(target) : undefined;
    if (existing && existing.equals(content)) continue;
    await fs.mkdir(dirname(target), { recursive: true });
    await fs.writeFile(target, content);
  }
  await prune(outDir, wanted);
  const components = [...files]
    .filter((f) => f.endsWith('.json'))
    .map((f) => relative(distDir, dirname(f)).split(sep).join('/'))
    .sort();
  if (options.log) {
    console.log(
      `copy-miniprogram-npm: ${components.length} components (${components.join(', ')}), ` +
        `${files.size} files, ${(bytes / 1024).toFixed(1)} KB → ${relative(root, outDir)}`,
    );
  }
  return { components, bytes };
}

// Run as a script (not when imported). Not `require.main`: the mini-program's wx typings redeclare `require`.
if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  copyMiniprogramNpm({ log: true }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
