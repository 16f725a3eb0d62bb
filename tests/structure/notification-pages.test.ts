/**
 * Every notification opens a page that exists: each kind's target in the catalogue
 * (contracts/inbox.ts `NOTIFICATION_KINDS`) and each subscribe message's `page` written in the
 * functions' code name a page declared in miniprogram/app.json (WeChat refuses an unknown page
 * with 41030, and a tap in 消息 would land nowhere).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NOTIFICATION_KINDS, notificationPage, type NotificationKindInfo } from '../../cloudfunctions/_shared/contracts/inbox';

const ROOT = resolve(__dirname, '..', '..');
const app = JSON.parse(readFileSync(join(ROOT, 'miniprogram', 'app.json'), 'utf8')) as { pages: string[]; subpackages?: { root: string; pages: string[] }[]; tabBar?: { list: { pagePath: string }[] } };
const PAGES = new Set([...app.pages, ...(app.subpackages ?? []).flatMap((p) => p.pages.map((x) => `${p.root}/${x}`))]);
const TAB_PAGES = new Set((app.tabBar?.list ?? []).map((t) => t.pagePath));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

test.each(Object.entries(NOTIFICATION_KINDS as Record<string, NotificationKindInfo>))('%s opens a declared page', (kind, info) => {
  if (!info.target) return;
  expect(PAGES).toContain(info.target.route);
  // A tab page cannot take a query from wx.switchTab: it must be marked so the inbox hands it over.
  expect(!!info.target.tab).toBe(TAB_PAGES.has(info.target.route));
  expect(notificationPage(kind, 'x1')!.url.startsWith(`/${info.target.route}`)).toBe(true);
});

test('every subscribe-message page in the functions is a declared page', () => {
  const routes: string[] = [];
  for (const file of sourceFiles(join(ROOT, 'cloudfunctions'))) {
    // Comments show examples, not pages the code sends.
    const src = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const consts = new Map([...src.matchAll(/const ([A-Z_]+_PAGE) = '([^']+)'/g)].map((m) => [m[1], m[2]]));
    for (const m of src.matchAll(/\bpage: (?:`([^`]*)`|'([^']*)'|([A-Z_]+_PAGE)\b)/g)) {
      const raw = m[1] ?? m[2] ?? consts.get(m[3]) ?? '';
      const route = raw.replace(/^\$\{([A-Z_]+_PAGE)\}/, (_x, c: string) => consts.get(c) ?? c).split(/[?$]/)[0];
      if (route) routes.push(route);
    }
  }
  expect(routes.length).toBeGreaterThan(5);
  expect(routes.filter((r) => !PAGES.has(r))).toEqual([]);
});
