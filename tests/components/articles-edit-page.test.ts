/**
 * 写文章 / 编辑文章 (packageArticles/pages/edit/index) rendered with miniprogram-simulate and the
 * real TDesign inputs: what a publisher types is sent to `createArticle` / `updateArticle` as typed,
 * a missing title is caught before sending, a rebuilt page restores the draft, the preview shows
 * the function's rendered HTML in mp-html, and choosing a cover goes through the privacy prompt and
 * the upload service (docs/articles.md, "Writing on the phone").
 */
import { renderMarkdown, charCount } from '../../cloudfunctions/articles/src/render';
import { openPage, settle, visibleText, type SimNode, fakePrivacyPlatform } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock; uploadFile: jest.Mock; getTempFileURL: jest.Mock };
const PAGE = 'packageArticles/pages/edit/index';
const NEW_KEY = 'shouwang.articles.editDraft.new';

interface Call {
  name: string;
  action: string;
  data: Record<string, unknown>;
}

/** WeChat's side of the privacy handshake. */
const platform = fakePrivacyPlatform();

beforeAll(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../miniprogram/app');
  (global as any).__app.onLaunch();
});

let calls: Call[];
const article = {
  id: 'art-7',
  title: '家庭教育促进法要点',
  author: '县妇联',
  digest: '父母是孩子的第一任老师。',
  tags: ['家庭教育促进法'],
  markdown: '## 要点\n\n家庭是第一课堂。',
  html: '<h2>要点</h2><p>家庭是第一课堂。</p>',
  warnings: [],
  status: 'published',
  version: 3,
  mine: true,
  publish: { state: 'published', url: 'https://mp.weixin.qq.com/s/x' },
  liveVersion: 3,
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-02T00:00:00.000Z',
  versions: [{ version: 3, title: '家庭教育促进法要点', at: '2026-03-02T00:00:00.000Z' }],
};

/** The `articles` function as the page sees it; `answers` overrides an action's envelope. */
function serve(answers: Record<string, unknown> = {}): void {
  cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: { action: string; data: Record<string, unknown> } }) => {
    calls.push({ name, action: data.action, data: data.data });
    if (answers[data.action]) return { result: answers[data.action] };
    // articles.coverSlot: the one-time place the cover goes.
    if (data.action === 'coverSlot') return { result: { ok: true, data: { slots: [{ cloudPath: `articles/covers/0123456789abcdef0123/${'c'.repeat(24)}.${data.data.ext}`, expiresAt: '2026-12-06T00:00:00.000Z' }] } } };
    switch (data.action) {
      case 'createArticle':
        return { result: { ok: true, data: { ...article, ...data.data, id: 'art-new', status: 'draft', version: 1 } } };
      case 'updateArticle':
        return { result: { ok: true, data: { ...article, ...data.data, status: 'draft', version: article.version + 1 } } };
      case 'getManagedArticle':
        return { result: { ok: true, data: article } };
      case 'previewArticle': {
        // The function's own renderer: the preview is what it would answer.
        const r = renderMarkdown(String(data.data.markdown));
        return { result: { ok: true, data: { html: r.html, warnings: r.warnings, chars: charCount(r.html) } } };
      }
      default:
        throw { errCode: -1, errMsg: `unexpected ${name}.${data.action}` };
    }
  });
}

beforeEach(() => {
  calls = [];
  wx.clearStorageSync();
  cloud.callFunction.mockReset();
  cloud.uploadFile.mockReset();
  cloud.getTempFileURL.mockReset();
  cloud.getTempFileURL.mockImplementation(async ({ fileList }: { fileList: string[] }) => ({ fileList: fileList.map((f) => ({ fileID: f, tempFileURL: `https://tmp.example/${f.slice(-8)}` })) }));
  platform.agreed = false;
  (global as any).__app.globalData.roles = ['publisher'];
  (global as any).getCurrentPages.mockReturnValue([]);
  wx.navigateBack = jest.fn();
  wx.redirectTo = jest.fn();
  wx.showToast = jest.fn();
  wx.setNavigationBarTitle = jest.fn();
  wx.chooseMedia = jest.fn();
  serve();
});

/** Types into a TDesign t-input / t-textarea the way the keyboard does (the inner native field). */
function type(page: SimNode, field: string, text: string): void {
  const inner = page.querySelector(`.field-${field} >>> .t-input__control`) ?? page.querySelector(`.field-${field} >>> .t-textarea__wrapper-inner`);
  expect(inner).toBeTruthy(); // the TDesign component really rendered
  inner!.dispatchEvent('input', { detail: { value: text, cursor: text.length, keyCode: 0 } });
}

async function tap(page: SimNode, selector: string): Promise<void> {
  const button = page.querySelector(`${selector} >>> .t-button`);
  expect(button).toBeTruthy();
  button!.dispatchEvent('tap');
  await settle();
  await settle();
}

/** The tag chips as shown: TDesign's check-tag, its text and whether it is checked. */
function tagChips(page: SimNode): { label: string; checked: boolean; node: SimNode }[] {
  return page.querySelectorAll('.tag').map((_, i) => {
    const inner = page.querySelector(`.tag--${i} >>> .t-tag`);
    expect(inner).toBeTruthy(); // TDesign's check-tag really rendered
    return { label: String(inner!.dom.textContent).trim(), checked: page.querySelector(`.tag--${i}`)!.instance.data.checked, node: inner! };
  });
}

async function tapTag(page: SimNode, label: string): Promise<void> {
  const tag = tagChips(page).find((t) => t.label === label);
  expect(tag).toBeTruthy();
  tag!.node.dispatchEvent('tap');
  await settle();
}

/** What a TDesign field shows now. */
const shown = (page: SimNode, field: string) => page.querySelector(`.field-${field}`)!.instance.data.value;

async function fillNew(page: SimNode): Promise<void> {
  type(page, 'title', '未成年人保护法六大保护');
  type(page, 'author', '县司法局');
  type(page, 'digest', '家庭、学校、社会、网络、政府、司法保护。');
  await tapTag(page, '未成年人保护法');
  await tapTag(page, '本县政策');
  type(page, 'markdown', '## 六大保护\n\n家庭保护是基础。');
  await settle();
}

test('typing a new article and tapping 保存 sends createArticle with the typed values, then goes to the list', async () => {
  const page = openPage(PAGE);
  await settle();
  expect(visibleText(page)).toContain('标签（至少 1 个，最多 5 个）');
  expect(tagChips(page).map((t) => t.label)).toEqual(['未成年人保护法', '预防未成年人犯罪法', '家庭教育促进法', '本县政策']);
  await fillNew(page);
  expect(visibleText(page)).toContain('17 / 60000');

  await tap(page, '.save');

  expect(calls).toEqual([
    {
      name: 'articles',
      action: 'createArticle',
      data: {
        title: '未成年人保护法六大保护',
        author: '县司法局',
        digest: '家庭、学校、社会、网络、政府、司法保护。',
        tags: ['未成年人保护法', '本县政策'],
        markdown: '## 六大保护\n\n家庭保护是基础。',
        // The draft's own request id: createArticle is idempotent on it.
        requestId: expect.stringMatching(/^article-/),
      },
    },
  ]);
  expect(visibleText(page)).toContain('已保存为第 1 版（草稿）');
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存为第 1 版' }));
  // Not opened from the list: the list opens with the saved article.
  expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/packageArticles/pages/manage/index?id=art-new' });
  expect(wx.getStorageSync(NEW_KEY)).toBe('');
});

test('opened from the list, a save goes back to it', async () => {
  (global as any).getCurrentPages.mockReturnValue([{ route: 'packageArticles/pages/manage/index' }, { route: PAGE }]);
  const page = openPage(PAGE);
  await settle();
  await fillNew(page);
  await tap(page, '.save');
  expect(wx.navigateBack).toHaveBeenCalledWith({ delta: 1 });
  expect(wx.redirectTo).not.toHaveBeenCalled();
});

test('a missing title is said in Chinese and nothing is sent; then tags and body are asked for', async () => {
  const page = openPage(PAGE);
  await settle();
  type(page, 'markdown', '正文');
  await tap(page, '.save');
  expect(page.querySelector('.error-message')!.dom.textContent).toBe('请填写标题');
  expect(calls).toEqual([]);

  type(page, 'title', '标题');
  await tap(page, '.save');
  expect(page.querySelector('.error-message')!.dom.textContent).toBe('请至少选择一个标签');
  await tapTag(page, '本县政策');
  type(page, 'markdown', '   ');
  await tap(page, '.save');
  expect(page.querySelector('.error-message')!.dom.textContent).toBe('请填写正文');
  expect(calls).toEqual([]);
});

test('the function’s error is shown as returned and the draft is kept for a retry', async () => {
  serve({ createArticle: { ok: false, error: { code: 'FORBIDDEN', message: '您没有权限进行此操作' } } });
  const page = openPage(PAGE);
  await settle();
  await fillNew(page);
  await tap(page, '.save');
  expect(page.querySelector('.error-message')!.dom.textContent).toBe('您没有权限进行此操作');
  expect(wx.getStorageSync(NEW_KEY)).toMatchObject({ title: '未成年人保护法六大保护', markdown: '## 六大保护\n\n家庭保护是基础。' });
  expect(wx.redirectTo).not.toHaveBeenCalled();
});

test('reloading the page after typing restores the draft, which is then what gets saved', async () => {
  const first = openPage(PAGE);
  await settle();
  await fillNew(first);

  // WeChat rebuilds the page (after backgrounding, or the user comes back later).
  const page = openPage(PAGE);
  await settle();
  expect(visibleText(page)).toContain('已恢复上次未保存的内容');
  expect(shown(page, 'title')).toBe('未成年人保护法六大保护');
  expect(shown(page, 'author')).toBe('县司法局');
  expect(shown(page, 'digest')).toBe('家庭、学校、社会、网络、政府、司法保护。');
  expect(shown(page, 'markdown')).toBe('## 六大保护\n\n家庭保护是基础。');
  const checked = tagChips(page).filter((t) => t.checked).map((t) => t.label);
  expect(checked).toEqual(['未成年人保护法', '本县政策']);

  await tap(page, '.save');
  expect(calls.map((c) => c.action)).toEqual(['createArticle']);
  expect(calls[0].data).toMatchObject({ title: '未成年人保护法六大保护', tags: ['未成年人保护法', '本县政策'], markdown: '## 六大保护\n\n家庭保护是基础。' });

  // Saved: a new page starts empty.
  const next = openPage(PAGE);
  await settle();
  expect(visibleText(next)).not.toContain('已恢复上次未保存的内容');
  expect(shown(next, 'title')).toBe('');
});

test('预览 shows the function’s rendered HTML in mp-html, and the body is still there after 返回编辑', async () => {
  const page = openPage(PAGE);
  await settle();
  type(page, 'title', '预防未成年人犯罪法解读');
  const md = '## 不良行为\n\n学校应当及时制止。\n\n<script>alert(1)</script>\n\n参见[法律全文](https://www.npc.gov.cn/)。';
  type(page, 'markdown', md);
  await tap(page, '.preview-button');
  await settle(20);

  expect(calls).toEqual([{ name: 'articles', action: 'previewArticle', data: { markdown: md } }]);
  const text = visibleText(page);
  expect(text).toContain('预览（读者看到的样子）');
  expect(text).toContain('预防未成年人犯罪法解读');
  expect(text).toContain('县网信办');
  expect(text).toMatch(/正文排版后 \d+ 字符（公众号上限 20000）/);
  const mp = page.querySelector('.preview__html');
  expect(mp).toBeTruthy();
  expect(mp!.instance.data.nodes.length).toBeGreaterThan(0);
  const htmlText = JSON.stringify(mp!.instance.data.nodes);
  expect(htmlText).toContain('学校应当及时制止。');
  expect(htmlText).toContain('参考链接');
  expect(htmlText).not.toContain('alert(1)');
  expect(page.querySelector('.field-title')).toBeUndefined(); // the form is replaced by the preview

  page.querySelector('.back-to-edit')!.dispatchEvent('tap');
  await settle();
  expect(shown(page, 'markdown')).toBe(md);
  expect(shown(page, 'title')).toBe('预防未成年人犯罪法解读');
});

test('editing a published article sends only the changed fields to updateArticle and shows the new version', async () => {
  const page = openPage(PAGE, { id: 'art-7' });
  await settle();
  await settle();
  expect(calls[0]).toEqual({ name: 'articles', action: 'getManagedArticle', data: { articleId: 'art-7' } });
  expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '编辑文章' });
  expect(visibleText(page)).toContain('保存后将生成新的草稿版本，需要重新提交审核');
  expect(shown(page, 'title')).toBe('家庭教育促进法要点');
  expect(shown(page, 'markdown')).toBe('## 要点\n\n家庭是第一课堂。');

  // Nothing changed: nothing to send (every update is a new version).
  await tap(page, '.save');
  expect(calls.map((c) => c.action)).toEqual(['getManagedArticle']);
  expect(visibleText(page)).toContain('没有需要保存的修改');

  type(page, 'title', '家庭教育促进法十问');
  await tap(page, '.save');
  expect(calls[1]).toEqual({ name: 'articles', action: 'updateArticle', data: { articleId: 'art-7', title: '家庭教育促进法十问' } });
  expect(visibleText(page)).toContain('已保存为第 4 版（草稿）');
  expect(wx.getStorageSync('shouwang.articles.editDraft.art-7')).toBe('');
});

test('a rejected draft shows the reviewer’s note while it is edited', async () => {
  serve({ getManagedArticle: { ok: true, data: { ...article, status: 'draft', lastReview: { decision: 'reject', note: '请补充本县联系电话', at: '2026-03-03T00:00:00.000Z', version: 3 } } } });
  const page = openPage(PAGE, { id: 'art-7' });
  await settle();
  await settle();
  expect(page.querySelector('.status-notice')!.dom.textContent).toBe('退回意见：请补充本县联系电话');
});

test('an article in review cannot be edited; a conflict from the function is shown as returned', async () => {
  serve({ getManagedArticle: { ok: true, data: { ...article, status: 'inReview' } } });
  let page = openPage(PAGE, { id: 'art-7' });
  await settle();
  await settle();
  expect(visibleText(page)).toContain('文章正在审核中，不能修改；请等待审核结果');
  expect(page.querySelector('.save >>> .t-button')!.dom.getAttribute('class')).toContain('disabled');

  serve({ updateArticle: { ok: false, error: { code: 'CONFLICT', message: '文章已被他人修改，请刷新后重试' } } });
  page = openPage(PAGE, { id: 'art-7' });
  await settle();
  await settle();
  type(page, 'digest', '新的摘要');
  await tap(page, '.save');
  expect(page.querySelector('.error-message')!.dom.textContent).toBe('文章已被他人修改，请刷新后重试');
});

test('choosing a cover asks for privacy first; refusing keeps the typing, agreeing uploads and saves the fileID', async () => {
  const page = openPage(PAGE);
  await settle();
  await fillNew(page);

  await tap(page, '.choose-cover');
  expect(visibleText(page)).toContain('用户隐私保护提示');
  page.querySelector('.privacy >>> .privacy-disagree')!.dispatchEvent('tap');
  await settle();
  expect(wx.chooseMedia).not.toHaveBeenCalled();
  expect(visibleText(page)).toContain('未同意隐私保护指引，暂不能选择封面图片；已填写的内容不受影响');
  expect(shown(page, 'title')).toBe('未成年人保护法六大保护');

  wx.chooseMedia = jest.fn(({ success }) => success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/cover.jpg', size: 200_000 }] }));
  cloud.uploadFile.mockResolvedValue({ fileID: 'cloud://env-1.bucket/articles/covers/abc.jpg' });
  await tap(page, '.choose-cover');
  page.querySelector('.privacy >>> #privacy-agree')!.dispatchEvent('agreeprivacyauthorization');
  await settle();
  await settle();
  expect(wx.chooseMedia).toHaveBeenCalledWith(expect.objectContaining({ count: 1, mediaType: ['image'] }));
  expect(calls.filter((c) => c.action === 'coverSlot').map((c) => c.data)).toEqual([{ ext: 'jpg' }]);
  expect(cloud.uploadFile).toHaveBeenCalledWith({ cloudPath: `articles/covers/0123456789abcdef0123/${'c'.repeat(24)}.jpg`, filePath: 'wxfile://tmp/cover.jpg' });
  expect(visibleText(page)).toContain('封面已上传');
  expect(wx.getStorageSync(NEW_KEY)).toMatchObject({ coverFileId: 'cloud://env-1.bucket/articles/covers/abc.jpg' });

  await tap(page, '.save');
  expect(calls.find((c) => c.action === 'createArticle')!.data).toMatchObject({ title: '未成年人保护法六大保护', coverFileId: 'cloud://env-1.bucket/articles/covers/abc.jpg' });
});

test('a cover over 10 MB is refused before uploading', async () => {
  platform.agreed = true;
  wx.chooseMedia = jest.fn(({ success }) => success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/big.png', size: 11 * 1024 * 1024 }] }));
  const page = openPage(PAGE);
  await settle();
  await tap(page, '.choose-cover');
  await settle();
  expect(page.querySelector('.error-message')!.dom.textContent).toBe('封面图片超过 10 MB，请压缩后重新选择');
  expect(cloud.uploadFile).not.toHaveBeenCalled();
});

test('a reviewer without the publisher role is told so', async () => {
  (global as any).__app.globalData.roles = ['reviewer'];
  const page = openPage(PAGE);
  await settle();
  expect(visibleText(page)).toContain('只有发布人可以撰写和修改文章');
  expect(page.querySelector('.field-title')).toBeUndefined();
});
