/**
 * 政策文章审核与发布 (packageArticles/pages/manage/index): what a reviewer and a publisher see and
 * can do — the reviewer approves someone else's article (never their own), the publisher sees a
 * failed publish with its reason and the 仅存草稿 way out, and the preview shows the HTML readers get.
 */
import { openPage, settle, visibleText, type SimNode } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };

const base = {
  author: '县网信办',
  digest: '',
  tags: ['本县政策'],
  markdown: '## 要点',
  html: '<h2 style="font-size:20px">要点</h2><p style="line-height:1.8">家庭是第一课堂。</p>',
  warnings: [],
  version: 2,
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-02T00:00:00.000Z',
  versions: [
    { version: 2, title: 'x', at: '2026-03-02T00:00:00.000Z' },
    { version: 1, title: 'x', at: '2026-03-01T00:00:00.000Z' },
  ],
};

function serve(article: Record<string, unknown>, calls: { action: string; data: unknown }[]) {
  cloud.callFunction.mockImplementation(async ({ data }: { data: { action: string; data: unknown } }) => {
    calls.push(data);
    if (data.action === 'listManagedArticles') return { result: { ok: true, data: { articles: [article] } } };
    if (data.action === 'getManagedArticle') return { result: { ok: true, data: article } };
    return { result: { ok: true, data: {} } };
  });
}

async function openFirst(page: SimNode): Promise<void> {
  await settle();
  page.querySelector('.row')!.dispatchEvent('tap');
  await settle();
  await settle();
}

beforeEach(() => {
  cloud.callFunction.mockReset();
  wx.setClipboardData = jest.fn();
});

test('a reviewer approves an article submitted by someone else', async () => {
  (global as any).__app.globalData.roles = ['reviewer'];
  const calls: { action: string; data: unknown }[] = [];
  serve({ ...base, id: 'a1', title: '家庭教育促进法要点', status: 'inReview', mine: false, publish: { state: 'none' } }, calls);
  const page = openPage('packageArticles/pages/manage/index');
  await openFirst(page);
  const text = visibleText(page);
  expect(text).toContain('审核中');
  expect(text).toContain('第 2 版，共 2 个版本');
  expect(page.querySelector('.action-publish')).toBeUndefined();
  // The preview is mp-html fed with the stored HTML.
  expect(page.querySelector('.preview__html')!.instance.data.nodes.map((n: { name: string }) => n.name)).toEqual(['h2', 'p']);
  page.querySelector('.action-approve')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(calls).toContainEqual({ action: 'reviewArticle', data: { articleId: 'a1', decision: 'approve', note: '' } });
  expect(visibleText(page)).toContain('已审核通过');
});

test('the reviewer gets no 通过 on an article they submitted', async () => {
  (global as any).__app.globalData.roles = ['publisher', 'reviewer'];
  serve({ ...base, id: 'a2', title: '我提交的文章', status: 'inReview', mine: true, publish: { state: 'none' } }, []);
  const page = openPage('packageArticles/pages/manage/index');
  await openFirst(page);
  expect(page.querySelector('.action-approve')).toBeUndefined();
  expect(visibleText(page)).toContain('我提交的');
});

test('a publisher sees why publishing failed and can save the draft only', async () => {
  (global as any).__app.globalData.roles = ['publisher'];
  const calls: { action: string; data: unknown }[] = [];
  const reason = '公众号没有“发布”接口权限（48001）：未认证的订阅号或个人主体公众号不能通过接口发布。可选择“仅存草稿”……';
  serve({ ...base, id: 'a3', title: '本县政策解读', status: 'approved', mine: true, publish: { state: 'failed', reason, errcode: 48001, retryable: false, canDraftOnly: true } }, calls);
  const page = openPage('packageArticles/pages/manage/index');
  await openFirst(page);
  expect(visibleText(page)).toContain('发布失败');
  expect(page.querySelector('.publish-reason')!.dom.textContent).toBe(reason);
  page.querySelector('.action-draft-only')!.dispatchEvent('tap');
  await settle();
  expect(calls).toContainEqual({ action: 'publishArticle', data: { articleId: 'a3', mode: 'draftOnly' } });
});
