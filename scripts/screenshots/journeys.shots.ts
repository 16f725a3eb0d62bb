/**
 * The pages scripts/screenshots.ts photographs, each with invented data (no real person) and
 * the back end answered in place: the three core journeys — a parent checks in (亲情连线), a
 * guardian signs (签署确认书), the public reads a policy post (政策 → article) — in standard size
 * and in 长辈模式, and the other pages issue 12 looked at.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown } from '../../cloudfunctions/articles/src/render';
import { openPage, settle } from '../../tests/components/harness';
import { CHILD_OVERVIEW, MY_CHILDREN } from '../../tests/components/family-fixtures';
import { capture } from './capture';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));
jest.setTimeout(60_000);

const wx = (global as any).wx;

/** Answers `wx.cloud.callFunction` by action. */
function backend(routes: Record<string, (input: any) => unknown>): void {
  wx.cloud.callFunction = jest.fn(async ({ data }: { data: { action: string; data: unknown } }) => {
    const route = routes[data.action];
    if (!route) return { result: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '未知的操作' } } };
    const out = route(data.data);
    return out instanceof Error ? Promise.reject({ errCode: -601002, errMsg: 'cloud.callFunction:fail timeout' }) : { result: { ok: true, data: out } };
  });
}

function elder(on: boolean | undefined): void {
  if (on === undefined) wx.removeStorageSync('shouwang.elderMode');
  else wx.setStorageSync('shouwang.elderMode', on ? 'on' : 'off');
}


async function parentChecksIn(name: string, elderOn: boolean): Promise<void> {
  elder(elderOn);
  backend({
    myChildren: () => MY_CHILDREN,
    childOverview: () => CHILD_OVERVIEW,
    parentCareNotes: () => ({ schoolName: '尧渡中心小学', notes: [{ on: '2026-02-26', kind: 'comfort', byName: '周敏', note: '想妈妈了，陪她聊了一会儿' }] }),
  });
  const page = openPage('packageGuardianship/pages/children/index');
  await settle();
  await settle();
  await capture(name, 'packageGuardianship/pages/children/index', page);
}

const CONF_TEXT = readFileSync(join(__dirname, '..', '..', 'cloudfunctions', 'guardianship', 'src', 'templates.ts'), 'utf8')
  .split('body: [')[1]
  .split('].join')[0]
  .split('\n')
  .map((l) => l.trim().replace(/^'|',?$/g, ''))
  .filter(Boolean)
  .join('\n')
  .replace('{{child.name}}', '陈小雨')
  .replace('{{child.birthDate}}', '2017-05-12')
  .replace(/\{\{village\.name\}\}/g, '团结村')
  .replace('{{father.name}}', '陈建国')
  .replace('{{mother.name}}', '李秀兰')
  .replace('{{entrusted.name}}', '陈桂芳')
  .replace('{{entrusted.relation}}', '祖母')
  .replace('{{validityDays}}', '365')
  .replace('{{date}}', '2026年3月2日');

async function guardianSigns(name: string, elderOn: boolean, step: number): Promise<void> {
  elder(elderOn);
  backend({
    getConfirmation: () => ({ id: 'conf_1', childId: 'c1', title: '农村留守儿童监护责任确认书', text: CONF_TEXT, textSha256: 'f'.repeat(64), status: 'pending', statusLabel: '待签署', parties: [], canSign: ['entrusted'] }),
  });
  wx.createSelectorQuery = () => {
    const q: any = { in: () => q, select: () => q, fields: () => q, exec: (cb: (r: unknown[]) => void) => cb([]) };
    return q;
  };
  const page = openPage('packageGuardianship/pages/sign/index', { id: 'conf_1', party: 'entrusted' });
  await settle();
  if (step > 1 && typeof page.instance.onNext === 'function') {
    page.instance.setData({ readConfirmed: true });
    page.instance.onNext();
  }
  await capture(name, 'packageGuardianship/pages/sign/index', page);
}

const POLICY_MD = readFileSync(join(__dirname, '..', '..', 'local', 'data', 'policy', 'implementation-opinions.md'), 'utf8');
const TITLE = '关于进一步加强农村留守儿童关爱保护工作的实施意见';
const article = (id: string, title: string, tags: string[], publishedAt: string, digest: string) => ({ id, title, author: '县民政局', digest, tags, publishedAt });
const ARTICLES = [
  article('a2', '一图读懂未成年人保护法中的“六大保护”', ['未成年人保护法'], '2026-03-02T02:00:00.000Z', '家庭、学校、社会、网络、政府、司法六方面共同守护孩子。'),
  article('a1', TITLE, ['本县政策'], '2026-03-01T16:30:00.000Z', '明确父母、受委托监护人、村（居）民委员会和各部门的责任。'),
  article('a3', '家庭教育促进法：父母外出务工，这些责任不能少', ['家庭教育促进法'], '2026-02-20T02:00:00.000Z', '每周至少联系一次孩子，了解孩子的生活和心理。'),
];

async function publicReads(elderOn: boolean | undefined, suffix: string): Promise<void> {
  elder(elderOn);
  backend({
    listArticles: () => ({ articles: ARTICLES }),
    getArticle: () => ({ id: 'a1', title: TITLE, author: '县民政局', digest: '', tags: ['本县政策'], publishedAt: '2026-03-01T16:30:00.000Z', html: renderMarkdown(POLICY_MD.replace(/^#\s+.+\n+/, '')).html }),
  });
  wx.setNavigationBarTitle = jest.fn();
  const list = openPage('pages/policy/index');
  await settle();
  await capture(`public-1-policy-list${suffix}`, 'pages/policy/index', list, { tabBar: true });
  const post = openPage('packageArticles/pages/article/index', { id: 'a1' });
  await settle(50);
  await capture(`public-2-article${suffix}`, 'packageArticles/pages/article/index', post);
}

test('parent checks in (亲情连线)', async () => {
  await parentChecksIn('parent-checkin', false);
  await parentChecksIn('parent-checkin-elder', true);
});

test('guardian signs (签署确认书)', async () => {
  await guardianSigns('guardian-sign-1-read-elder', true, 1);
  await guardianSigns('guardian-sign-2-pad-elder', true, 2);
  await guardianSigns('guardian-sign-1-read', false, 1);
});

test('public reads a policy post (政策)', async () => {
  await publicReads(undefined, '');
  await publicReads(true, '-elder');
});

test('policy list offline (政策, no network)', async () => {
  elder(undefined);
  backend({ listArticles: () => new Error('offline') });
  const page = openPage('pages/policy/index');
  await settle();
  await capture('policy-offline', 'pages/policy/index', page, { tabBar: true });
});

test('求助 form and my requests', async () => {
  elder(undefined);
  backend({
    myRequests: () => ({
      requests: [
        { id: 'r1', requestNo: 'QZ20260302-0007', category: 'psychological', categoryLabel: '心理困扰', status: 'claimed', statusLabel: '处理中', priority: 'normal', submittedAt: '2026-03-02T06:20:00.000Z', anonymous: true, unread: 1 },
        { id: 'r2', requestNo: 'QZ20260220-0003', category: 'schooling', categoryLabel: '上学问题', status: 'closed', statusLabel: '已办结', priority: 'normal', submittedAt: '2026-02-20T02:00:00.000Z', anonymous: false, unread: 0 },
      ],
    }),
  });
  const page = openPage('pages/help/index');
  await settle();
  await capture('help-form', 'pages/help/index', page, { tabBar: true });
});
