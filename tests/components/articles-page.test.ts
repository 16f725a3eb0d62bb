/**
 * The policy article page (packageArticles/pages/article/index) rendered with miniprogram-simulate
 * and the real mp-html component: the county policy, as the `articles` function stores it (the
 * renderer's sanitised HTML of local/data/policy/implementation-opinions.md), reaches the reader
 * with its headings and paragraphs intact; sharing opens the same article.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown } from '../../cloudfunctions/articles/src/render';
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };

const source = readFileSync(join(__dirname, '..', '..', 'local', 'data', 'policy', 'implementation-opinions.md'), 'utf8');
const TITLE = '关于进一步加强农村留守儿童关爱保护工作的实施意见';
const body = source.replace(/^#\s+.+\n+/, '');
const html = renderMarkdown(body).html;

const headings = [...body.matchAll(/^#{2,3}\s+(.+)$/gm)].map((m) => m[1].trim());
const paragraphs = body
  .split(/\n{2,}/)
  .map((p) => p.trim())
  .filter((p) => p && !p.startsWith('#'));

/** A node of mp-html's parsed tree. */
interface MpNode {
  name?: string;
  type?: string;
  text?: string;
  children?: MpNode[];
}

const textOf = (n: MpNode): string => (n.type === 'text' ? (n.text ?? '') : (n.children ?? []).map(textOf).join(''));

beforeEach(() => {
  cloud.callFunction.mockReset();
  wx.setNavigationBarTitle = jest.fn();
});

test('the policy article renders with its headings and paragraphs intact', async () => {
  cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: { action: string; data: { articleId: string } } }) => {
    expect(name).toBe('articles');
    expect(data).toEqual({ action: 'getArticle', data: { articleId: 'policy-1' } });
    return {
      result: {
        ok: true,
        data: { id: 'policy-1', title: TITLE, author: '县网信办', digest: '', tags: ['本县政策'], publishedAt: '2026-03-02T02:00:00.000Z', html, wechatUrl: 'https://mp.weixin.qq.com/s/abc' },
      },
    };
  });
  const page = openPage('packageArticles/pages/article/index', { id: 'policy-1' });
  await settle(50);

  const text = visibleText(page);
  expect(text).toContain(TITLE);
  expect(text).toContain('2026-03-02');
  expect(text).toContain('本县政策');

  // mp-html parses the HTML into its own nodes and renders each block (as rich-text, which the
  // simulator renders as an empty stub): read the text from the nodes it renders.
  const mp = page.querySelector('.article__html');
  expect(mp).toBeTruthy();
  const nodes = mp!.instance.data.nodes as MpNode[];
  const blocks = nodes.map((n) => ({ name: n.name, text: textOf(n) }));
  expect(headings.length).toBeGreaterThan(10);
  expect(blocks.filter((b) => b.name === 'h2' || b.name === 'h3').map((b) => b.text)).toEqual(headings);
  expect(blocks.filter((b) => b.name === 'p').map((b) => b.text)).toEqual(paragraphs);
  expect(blocks.some((b) => b.name === 'h1')).toBe(false); // the title is the page's, not repeated in the body
  // Every block reached the screen: one rendered element per parsed block, inside mp-html.
  expect(mp!.dom.querySelectorAll('wx-rich-text').length).toBe(nodes.length);

  expect(page.instance.onShareAppMessage()).toEqual({ title: TITLE, path: '/packageArticles/pages/article/index?id=policy-1' });
});

test('a failed load says why and offers 重试', async () => {
  cloud.callFunction.mockResolvedValueOnce({ result: { ok: false, error: { code: 'NOT_FOUND', message: '文章不存在或已下线' } } });
  const page = openPage('packageArticles/pages/article/index', { id: 'gone' });
  await settle(20);
  expect(visibleText(page)).toContain('文章不存在或已下线');
  expect(visibleText(page)).toContain('重试');
});

describe('长辈模式', () => {
  const sizeOf = (page: ReturnType<typeof openPage>, tag: string): number => {
    const nodes = page.querySelector('.article__html')!.instance.data.nodes as (MpNode & { attrs?: { style?: string } })[];
    const n = nodes.find((x) => x.name === tag);
    const m = /font-size:\s*([\d.]+)px/.exec(n?.attrs?.style ?? '');
    if (!m) throw new Error(`no font-size on the first ${tag}`);
    return Number(m[1]);
  };
  const load = async () => {
    cloud.callFunction.mockResolvedValue({
      result: { ok: true, data: { id: 'policy-1', title: TITLE, author: '县网信办', digest: '', tags: [], publishedAt: '2026-03-02T02:00:00.000Z', html } },
    });
    const page = openPage('packageArticles/pages/article/index', { id: 'policy-1' });
    await settle(50);
    return page;
  };
  afterEach(() => wx.removeStorageSync('shouwang.elderMode'));

  test('the body text is drawn at 长辈模式 size (20 px, headings larger still), not the Official Account 16 px', async () => {
    wx.setStorageSync('shouwang.elderMode', 'on');
    const page = await load();
    expect(sizeOf(page, 'p')).toBeGreaterThanOrEqual(20);
    expect(sizeOf(page, 'h2')).toBeGreaterThan(sizeOf(page, 'p'));
  });

  test('switching 长辈模式 on while the article is open enlarges its body with the page', async () => {
    wx.setStorageSync('shouwang.elderMode', 'off');
    const page = await load();
    expect(sizeOf(page, 'p')).toBe(16);
    const { setElderMode } = jest.requireActual('../../miniprogram/utils/ui-mode-store') as { setElderMode: (on: boolean) => void };
    setElderMode(true);
    await settle(50);
    expect(sizeOf(page, 'p')).toBeGreaterThanOrEqual(20);
  });
});
