/**
 * The editor's entries on 政策文章审核与发布 (packageArticles/pages/manage/index): 写文章 and 编辑
 * for publishers (编辑 not while an article is in review), nothing for a reviewer; a save in the
 * editor brings the saved article back up here with its new version.
 */
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };
const PAGE = 'packageArticles/pages/manage/index';
const EDIT = '/packageArticles/pages/edit/index';

const row = (id: string, title: string, status: string, version = 1) => ({
  id,
  title,
  author: '县网信办',
  digest: '',
  tags: ['本县政策'],
  warnings: [],
  status,
  version,
  mine: true,
  publish: { state: 'none' },
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-02T00:00:00.000Z',
});

const rows = [row('d1', '草稿文章', 'draft'), row('r1', '审核中的文章', 'inReview'), row('p1', '已发布的文章', 'published', 2)];

let calls: { action: string; data: unknown }[];

beforeEach(() => {
  calls = [];
  wx.navigateTo = jest.fn();
  cloud.callFunction.mockReset();
  cloud.callFunction.mockImplementation(async ({ data }: { data: { action: string; data: { articleId?: string } } }) => {
    calls.push(data);
    if (data.action === 'listManagedArticles') return { result: { ok: true, data: { articles: rows } } };
    if (data.action === 'getManagedArticle') {
      const r = rows.find((x) => x.id === data.data.articleId)!;
      const version = r.id === 'd1' ? 2 : r.version; // saved in the editor meanwhile
      return { result: { ok: true, data: { ...r, version, markdown: '正文', html: '<p>正文</p>', versions: [{ version, title: r.title, at: r.updatedAt }] } } };
    }
    return { result: { ok: true, data: {} } };
  });
});

test('a publisher gets 写文章 and 编辑 on every article not in review', async () => {
  (global as any).__app.globalData.roles = ['publisher'];
  const page = openPage(PAGE);
  await settle();
  await settle();
  expect(visibleText(page)).toContain('写文章');
  // Three rows, two 编辑: the draft's and the published article's (not the one in review).
  expect(page.querySelectorAll('.row')).toHaveLength(3);
  const edits = page.querySelectorAll('.row-edit');
  expect(edits).toHaveLength(2);
  edits[1].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `${EDIT}?id=p1` }));
  wx.navigateTo.mockClear();

  page.querySelector('.write')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: EDIT }));

  page.querySelector('.row-edit')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `${EDIT}?id=d1` }));
  expect(page.instance.data.detail).toBeNull(); // 编辑 does not also open the row

  // The editor reports the save; back on this page the article opens with its new version.
  const { events } = wx.navigateTo.mock.calls[wx.navigateTo.mock.calls.length - 1][0];
  events.saved({ id: 'd1', version: 2 });
  page.instance.onShow();
  await settle();
  await settle();
  expect(calls).toContainEqual({ action: 'getManagedArticle', data: { articleId: 'd1' } });
  expect(visibleText(page)).toContain('第 2 版，共 1 个版本');
  expect(page.querySelector('.action-edit')).toBeTruthy();
  page.querySelector('.action-edit')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `${EDIT}?id=d1` }));
});

test('an article in review has no 编辑 in its detail', async () => {
  (global as any).__app.globalData.roles = ['publisher'];
  const page = openPage(PAGE);
  await settle();
  page.querySelectorAll('.row')[1].dispatchEvent('tap');
  await settle();
  await settle();
  expect(visibleText(page)).toContain('‹ 返回列表'); // the detail is open
  expect(calls).toContainEqual({ action: 'getManagedArticle', data: { articleId: 'r1' } });
  expect(page.querySelector('.action-edit')).toBeUndefined();
});

test('a reviewer gets neither 写文章 nor 编辑', async () => {
  (global as any).__app.globalData.roles = ['reviewer'];
  const page = openPage(PAGE);
  await settle();
  await settle();
  expect(visibleText(page)).toContain('草稿文章');
  expect(page.querySelector('.write')).toBeUndefined();
  expect(page.querySelector('.row-edit')).toBeUndefined();
});

test('opened with ?id= (after a save elsewhere) it shows that article', async () => {
  (global as any).__app.globalData.roles = ['publisher'];
  const page = openPage(PAGE, { id: 'p1' });
  await settle();
  await settle();
  expect(calls).toContainEqual({ action: 'getManagedArticle', data: { articleId: 'p1' } });
  expect(visibleText(page)).toContain('已发布的文章');
  expect(visibleText(page)).toContain('第 2 版');
});
