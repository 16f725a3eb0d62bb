/**
 * 政策 (pages/policy/index): the public list of published policy articles — cached first screen
 * shown at once, then refreshed; tag chips; search; the empty state; opening an article.
 */
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };

const article = (id: string, title: string, tags: string[], publishedAt: string) => ({ id, title, author: '县网信办', digest: `${title}摘要`, tags, publishedAt });
const POLICY = article('a1', '关于进一步加强农村留守儿童关爱保护工作的实施意见', ['本县政策'], '2026-03-01T16:30:00.000Z');
const LAW = article('a2', '一图读懂未成年人保护法中的“六大保护”', ['未成年人保护法'], '2026-03-02T02:00:00.000Z');

/** Answers listArticles by tag/search; records the inputs. */
function serve(articles: ReturnType<typeof article>[]) {
  const inputs: Record<string, unknown>[] = [];
  cloud.callFunction.mockImplementation(async ({ data }: { data: { action: string; data: { tag?: string; q?: string } } }) => {
    inputs.push(data.data);
    const { tag, q } = data.data;
    const hits = articles.filter((a) => (!tag || a.tags.includes(tag)) && (!q || a.title.includes(q)));
    return { result: { ok: true, data: { articles: hits } } };
  });
  return inputs;
}

beforeEach(() => {
  cloud.callFunction.mockReset();
  wx.clearStorageSync();
  wx.navigateTo = jest.fn();
});

test('lists published articles newest first with their date (Beijing) and tags', async () => {
  serve([LAW, POLICY]);
  const page = openPage('pages/policy/index');
  await settle();
  const text = visibleText(page);
  expect(text).toContain('农村留守儿童关爱保护');
  expect(text.indexOf(LAW.title)).toBeLessThan(text.indexOf(POLICY.title));
  expect(text).toContain('2026-03-02'); // 2026-03-01T16:30Z is 3 月 2 日 in Beijing
  expect(text).toContain('本县政策');
  page.querySelector('.row')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageArticles/pages/article/index?id=a2' });
});

test('the next open shows the cached first screen before the network answers', async () => {
  serve([LAW, POLICY]);
  openPage('pages/policy/index');
  await settle();
  let release: (v: unknown) => void = () => undefined;
  cloud.callFunction.mockImplementation(() => new Promise((r) => (release = r)));
  const again = openPage('pages/policy/index');
  await settle();
  expect(visibleText(again)).toContain(POLICY.title); // from storage, network still pending
  release({ result: { ok: true, data: { articles: [LAW] } } });
  await settle();
  expect(visibleText(again)).not.toContain(POLICY.title);
});

test('tag chips and search filter the list; no hit shows the empty state', async () => {
  const inputs = serve([LAW, POLICY]);
  const page = openPage('pages/policy/index');
  await settle();
  const chip = page.querySelectorAll('.chip').find((c) => c.dom.textContent.trim() === '本县政策')!;
  chip.dispatchEvent('tap');
  await settle();
  await settle();
  expect(inputs[inputs.length - 1]).toMatchObject({ tag: '本县政策' });
  expect(visibleText(page)).not.toContain(LAW.title);
  page.instance.onSearch({ detail: { value: '没有这个词' } });
  await settle();
  expect(inputs[inputs.length - 1]).toMatchObject({ tag: '本县政策', q: '没有这个词' });
  const empty = page.querySelector('.articles-empty >>> .state__title');
  expect(empty?.dom?.textContent?.trim()).toBe('没有找到相关文章');
  expect(visibleText(page)).toContain('换个词再搜一搜');
});

test('offline with nothing saved: the failure and 重试, never “暂无政策文章” at the same time; 重试 loads the list', async () => {
  cloud.callFunction.mockRejectedValue({ errCode: -601002, errMsg: 'cloud.callFunction:fail timeout' });
  const page = openPage('pages/policy/index');
  await settle();
  expect(visibleText(page)).toContain('没能取到政策文章');
  expect(visibleText(page)).toContain('网络异常，请稍后重试');
  expect(visibleText(page)).not.toContain('暂无政策文章');
  serve([LAW, POLICY]);
  page.querySelector('.load-error >>> .state__button >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(visibleText(page)).toContain(LAW.title);
  expect(visibleText(page)).not.toContain('网络异常');
});

test('offline with saved articles: they stay, with a line saying they are the saved ones and 重试', async () => {
  serve([LAW]);
  const first = openPage('pages/policy/index');
  await settle();
  expect(visibleText(first)).toContain(LAW.title);
  cloud.callFunction.mockRejectedValue({ errCode: -601002, errMsg: 'cloud.callFunction:fail timeout' });
  const page = openPage('pages/policy/index');
  await settle();
  expect(visibleText(page)).toContain(LAW.title);
  expect(visibleText(page)).toContain('网络不通，下面是上次保存的文章。');
  expect(page.querySelector('.offline-retry >>> .t-button')).toBeTruthy();
});
