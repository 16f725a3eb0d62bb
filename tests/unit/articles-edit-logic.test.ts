/**
 * The article editor's pure logic (miniprogram/services/articles-edit-logic.ts): the same limits,
 * tags and words as the `articles` contract, the local draft, and the create / update inputs.
 */
import { CreateArticleInput, UpdateArticleInput } from '../../cloudfunctions/_shared/contracts/articles';
import { describeIssues } from '../../cloudfunctions/_shared/issues';
import {
  canEdit,
  clearArticleDraft,
  coverExt,
  coverProblem,
  draftFromArticle,
  editDraftKey,
  editNotice,
  emptyArticleDraft,
  loadArticleDraft,
  previewSizeText,
  saveArticleDraft,
  tagOptions,
  toCreateInput,
  toUpdateInput,
  toggleTag,
  validateArticleDraft,
  type ArticleDraft,
  type DraftStorage,
} from '../../miniprogram/services/articles-edit-logic';

function memoryStorage(): DraftStorage & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return { map, get: (k) => (map.has(k) ? JSON.parse(JSON.stringify(map.get(k))) : ''), set: (k, v) => void map.set(k, JSON.parse(JSON.stringify(v))), remove: (k) => void map.delete(k) };
}

const valid: ArticleDraft = {
  title: '未成年人保护法要点',
  author: '',
  digest: '',
  tags: ['未成年人保护法'],
  markdown: '## 要点\n\n家庭、学校、社会共同保护。',
  savedAt: 0,
};

const stored = {
  id: 'a1',
  version: 3,
  title: '家庭教育促进法要点',
  author: '县网信办',
  digest: '摘要',
  tags: ['家庭教育促进法'],
  markdown: '正文',
  coverFileId: 'cloud://env.bucket/articles/covers/old.jpg',
};

describe('validation before sending', () => {
  const cases: [string, Partial<ArticleDraft>, string | undefined][] = [
    ['a valid draft', {}, undefined],
    ['no title', { title: '  ' }, '请填写标题'],
    ['a 33-character title', { title: '法'.repeat(33) }, '标题不能超过32个字'],
    ['32 characters with an emoji (code points, as the function counts)', { title: `${'法'.repeat(31)}😀` }, undefined],
    ['a 9-character author', { author: '县未成年人保护办' + '公' }, '作者不能超过8个字'],
    ['a 121-character digest', { digest: '摘'.repeat(121) }, '摘要不能超过120个字'],
    ['no tag', { tags: [] }, '请至少选择一个标签'],
    ['six tags', { tags: ['a', 'b', 'c', 'd', 'e', 'f'] }, '标签最多5个'],
    ['a 13-character tag', { tags: ['标'.repeat(13)] }, '标签不能超过12个字'],
    ['an empty body', { markdown: ' \n ' }, '请填写正文'],
    ['a body over 60,000 characters', { markdown: '字'.repeat(60_001) }, '正文不能超过60000个字'],
    ['a cover that is not a storage fileID', { coverFileId: 'wxfile://tmp/a.jpg' }, '封面须为已上传的图片'],
  ];
  test.each(cases)('%s', (_name, patch, message) => {
    const d = { ...valid, ...patch };
    expect(validateArticleDraft(d)).toBe(message);
    // The function's own schema agrees: it refuses the same field (its label's word — 标题, 标签,
    // 封面 … — is the one the editor's message uses), or accepts.
    const input = toCreateInput(d);
    const parsed = CreateArticleInput.safeParse(input);
    if (message) {
      expect(parsed.success).toBe(false);
      const described = parsed.success ? [] : describeIssues(parsed.error, CreateArticleInput, input);
      const named = described.map((i) => i.label ?? i.message);
      expect(named.some((label) => message.includes(label.slice(0, 2)))).toBe(true);
    } else expect(parsed.success).toBe(true);
  });
});

test('the create input is trimmed and leaves out an absent cover', () => {
  expect(toCreateInput({ ...valid, title: '  标题 ', author: ' 县司法局 ', digest: ' 摘要 ' })).toEqual({
    title: '标题',
    author: '县司法局',
    digest: '摘要',
    tags: ['未成年人保护法'],
    markdown: valid.markdown,
  });
  expect(toCreateInput({ ...valid, coverFileId: 'cloud://x/y.jpg' }).coverFileId).toBe('cloud://x/y.jpg');
});

describe('the update input has the changed fields only', () => {
  const base = draftFromArticle(stored);

  test('an unchanged form sends nothing (every update is a new version)', () => {
    expect(toUpdateInput(base, stored)).toBeUndefined();
    // An emptied author is what the function stores as 县网信办 anyway.
    expect(toUpdateInput({ ...base, author: '' }, stored)).toBeUndefined();
    expect(toUpdateInput({ ...base, title: ` ${stored.title} ` }, stored)).toBeUndefined();
  });

  test('changed fields are sent, and the function accepts them', () => {
    const input = toUpdateInput({ ...base, title: '新标题', tags: ['家庭教育促进法', '本县政策'], coverFileId: 'cloud://env.bucket/articles/covers/new.jpg' }, stored);
    expect(input).toEqual({ articleId: 'a1', title: '新标题', tags: ['家庭教育促进法', '本县政策'], coverFileId: 'cloud://env.bucket/articles/covers/new.jpg' });
    expect(UpdateArticleInput.safeParse(input).success).toBe(true);
    expect(toUpdateInput({ ...base, markdown: '新正文' }, stored)).toEqual({ articleId: 'a1', markdown: '新正文' });
    expect(toUpdateInput({ ...base, digest: '' }, stored)).toEqual({ articleId: 'a1', digest: '' });
  });

  test('a cover cannot be removed by an update (the function keeps it): nothing is sent for that', () => {
    expect(toUpdateInput({ ...base, coverFileId: undefined }, stored)).toBeUndefined();
  });
});

describe('the local draft', () => {
  test('is keyed by article id or "new", survives a round trip and is cleared', () => {
    const s = memoryStorage();
    expect(editDraftKey()).toBe('shouwang.articles.editDraft.new');
    expect(editDraftKey('a1')).toBe('shouwang.articles.editDraft.a1');
    const saved = saveArticleDraft(s, { ...valid, title: '草稿' }, 1234);
    expect(saved.savedAt).toBe(1234);
    expect(loadArticleDraft(s)).toEqual({ ...valid, title: '草稿', savedAt: 1234 });
    expect(loadArticleDraft(s, 'a1')).toBeUndefined();
    saveArticleDraft(s, draftFromArticle(stored));
    expect(loadArticleDraft(s, 'a1')).toMatchObject({ articleId: 'a1', baseVersion: 3, coverFileId: stored.coverFileId });
    clearArticleDraft(s);
    expect(loadArticleDraft(s)).toBeUndefined();
    expect(loadArticleDraft(s, 'a1')).toMatchObject({ articleId: 'a1', baseVersion: 3 });
  });

  test('a malformed or foreign value is ignored, and storage failures do not throw', () => {
    const s = memoryStorage();
    s.map.set(editDraftKey(), { title: 1 });
    expect(loadArticleDraft(s)).toBeUndefined();
    s.map.set(editDraftKey('a1'), { ...valid, articleId: 'other' });
    expect(loadArticleDraft(s, 'a1')).toBeUndefined();
    const broken: DraftStorage = {
      get: () => {
        throw new Error('no storage');
      },
      set: () => {
        throw new Error('full');
      },
      remove: () => {
        throw new Error('no storage');
      },
    };
    expect(loadArticleDraft(broken)).toBeUndefined();
    expect(saveArticleDraft(broken, valid, 5).savedAt).toBe(5);
    expect(() => clearArticleDraft(broken)).not.toThrow();
  });

  test('the empty draft is empty but for its own request id, so a retried save makes one article', () => {
    const d = emptyArticleDraft();
    expect(d).toEqual({ title: '', author: '', digest: '', tags: [], markdown: '', savedAt: 0, requestId: expect.stringMatching(/^article-[0-9a-z]+-[0-9a-z]{8}$/) });
    expect(emptyArticleDraft().requestId).not.toBe(d.requestId);
  });
});

test('tags: the catalogue plus the article’s own, at most five', () => {
  expect(tagOptions(['本县政策', '留守儿童'])).toEqual([
    { value: '未成年人保护法', checked: false },
    { value: '预防未成年人犯罪法', checked: false },
    { value: '家庭教育促进法', checked: false },
    { value: '本县政策', checked: true },
    { value: '留守儿童', checked: true },
  ]);
  expect(toggleTag(['a'], 'b')).toEqual({ tags: ['a', 'b'] });
  expect(toggleTag(['a', 'b'], 'a')).toEqual({ tags: ['b'] });
  expect(toggleTag(['a', 'b', 'c', 'd', 'e'], 'f')).toEqual({ tags: ['a', 'b', 'c', 'd', 'e'], error: '标签最多5个' });
});

test('cover: JPG or PNG under 10 MB, uploaded in its format', () => {
  expect(coverProblem({ tempFilePath: 'wxfile://tmp/a.jpg', size: 1000 })).toBeUndefined();
  expect(coverProblem({ tempFilePath: 'http://tmp/a.PNG', size: 1000 })).toBeUndefined();
  expect(coverProblem({ tempFilePath: 'wxfile://tmp/a.gif', size: 1000 })).toBe('封面图片须为 JPG 或 PNG 格式');
  expect(coverProblem({ tempFilePath: 'wxfile://tmp/a.jpg', size: 10 * 1024 * 1024 + 1 })).toBe('封面图片超过 10 MB，请压缩后重新选择');
  expect(coverExt('wxfile://tmp/a.JPEG')).toBe('jpg');
  expect(coverExt('wxfile://tmp/a.png')).toBe('png');
  expect(coverExt('wxfile://tmp/noext')).toBe('jpg');
});

test('who may edit, and what the editor says about the status', () => {
  expect(canEdit({ status: 'draft' }, ['publisher'])).toBe(true);
  expect(canEdit({ status: 'published' }, ['publisher', 'reviewer'])).toBe(true);
  expect(canEdit({ status: 'inReview' }, ['publisher'])).toBe(false);
  expect(canEdit({ status: 'draft' }, ['reviewer'])).toBe(false);
  expect(editNotice('draft')).toBe('');
  expect(editNotice('inReview')).toBe('文章正在审核中，不能修改；请等待审核结果');
  expect(editNotice('approved')).toContain('需要重新提交审核');
});

test('the preview size line warns at the WeChat limit (publishing refuses ≥ 20,000)', () => {
  expect(previewSizeText(19_999)).toEqual({ text: '正文排版后 19999 字符（公众号上限 20000）', tooLong: false });
  expect(previewSizeText(20_000).tooLong).toBe(true);
  expect(previewSizeText(20_000).text).toContain('发布会失败');
});
