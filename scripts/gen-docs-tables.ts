/**
 * Tables in the docs that are generated from the code, so they cannot drift:
 * - docs/inbox.md "What notifies whom": from `NOTIFICATION_KINDS` (contracts/inbox.ts);
 * - docs/access.md "Who can invite whom": from `ISSUERS` (access/roles.ts) and `ROLE_INFO`.
 * Each sits between `<!-- generated:<name> -->` and `<!-- /generated:<name> -->` markers.
 * tests/structure/docs-tables.test.ts fails when a doc differs from what this writes.
 *
 *   npx tsx scripts/gen-docs-tables.ts           # rewrite the tables
 *   npx tsx scripts/gen-docs-tables.ts --check   # exit 1 when one is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NOTIFICATION_KINDS, type NotificationKindInfo } from '../cloudfunctions/_shared/contracts/inbox';
import { SUBSCRIBE_TEMPLATES, type TemplateKey } from '../cloudfunctions/_shared/wechat/templates';
import { BOUND_ROLES, ISSUERS, ROLE_INFO, type ScopeShape } from '../cloudfunctions/_shared/access/roles';
import { FAMILY_ROLES } from '../cloudfunctions/_shared/contracts/accounts';

const ROOT = resolve(__dirname, '..');

/** The "what notifies whom" table (Markdown). */
export function notificationTable(): string {
  const rows = Object.entries(NOTIFICATION_KINDS as Record<string, NotificationKindInfo>).map(([kind, k]) => {
    const template = k.template ? `${SUBSCRIBE_TEMPLATES[k.template as TemplateKey].title}（\`${k.template}\`）` : '—（仅消息）';
    const page = k.target ? `\`${k.target.route}\`${k.target.param ? ` ?${k.target.param}=` : ''}${k.target.fixed ? ` &${k.target.fixed}` : ''}` : '—';
    return `| \`${kind}\` | ${k.category} | ${k.to} | ${k.when} | ${template} | ${page} |`;
  });
  return ['| kind | 类别 | 谁收到 | 何时 | 微信提醒（订阅消息） | 点开的页面 |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** A scope shape in words: where the invited role applies. */
const SHAPE_WORDS: Record<ScopeShape, string> = {
  village: '一个村（社区）',
  township: '一个乡镇',
  townships: '一个或多个乡镇',
  county: '全县',
  children: '指定的儿童（从儿童档案邀请）',
  school: '一所学校',
  team: '一个热线团队',
  site: '一个服务机构（保护中心、社会组织等站点）',
};

/** The "who can invite whom" table (Markdown): every bound role, its scope, its issuers, where to invite. */
export function inviteTable(): string {
  const rows = BOUND_ROLES.map((role) => {
    const info = ROLE_INFO[role];
    const who = ISSUERS[role].map((r) => `${ROLE_INFO[r].label}（\`${r}\`）`).join('、');
    const where = (FAMILY_ROLES as readonly string[]).includes(role) ? '儿童档案 → 邀请家人使用小程序' : '工作台 → 人员与邀请 → 邀请工作人员';
    return `| ${info.label}（\`${role}\`） | ${SHAPE_WORDS[info.scope as ScopeShape]} | ${who} | ${where} |`;
  });
  return ['| 被邀请的身份 | 范围 | 谁可以邀请（须持有该范围） | 在哪里邀请 |', '|---|---|---|---|', ...rows].join('\n');
}

/** Docs and the tables they hold. */
export const TABLES: { file: string; name: string; render: () => string }[] = [
  { file: 'docs/inbox.md', name: 'notifications', render: notificationTable },
  { file: 'docs/access.md', name: 'invitations', render: inviteTable },
];

/** The doc text with the named table replaced by `table`. @throws when the markers are missing */
export function withTable(doc: string, name: string, table: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`markers ${start} … ${end} not found`);
  return `${doc.slice(0, i + start.length)}\n${table}\n${doc.slice(j)}`;
}

/** Docs whose generated table differs from the code. */
export function staleTables(): string[] {
  return TABLES.filter((t) => {
    const doc = readFileSync(join(ROOT, t.file), 'utf8');
    return withTable(doc, t.name, t.render()) !== doc;
  }).map((t) => `${t.file} (${t.name})`);
}

if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  if (process.argv.includes('--check')) {
    const stale = staleTables();
    if (stale.length) {
      console.error(`stale generated tables: ${stale.join(', ')} — run npx tsx scripts/gen-docs-tables.ts`);
      process.exit(1);
    }
  } else {
    for (const t of TABLES) {
      const file = join(ROOT, t.file);
      writeFileSync(file, withTable(readFileSync(file, 'utf8'), t.name, t.render()));
    }
    console.log(`wrote ${TABLES.map((t) => `${t.file} (${t.name})`).join(', ')}`);
  }
}
