/**
 * Pure rules of the article editor (packageArticles/pages/edit): the local draft that survives
 * backgrounding and the privacy prompt, the checks made before sending (the `articles` contract's
 * limits, from the generated `contracts/articles.ts`), and the `createArticle` / `updateArticle` inputs. No `wx` calls:
 * storage is injected, so everything here is unit-testable (tests/unit/articles-edit-logic.test.ts).
 */
import { ARTICLE_LIMITS, ARTICLE_TAGS, DEFAULT_AUTHOR, type ManagedArticle } from '../contracts/articles';
import type { ActionInput } from '../contracts/index';

/** Cover image: WeChat's image material limit (publishing refuses larger covers). */
export const COVER_MAX_BYTES = 10 * 1024 * 1024;
const COVER_EXTENSIONS = ['jpg', 'jpeg', 'png'];

/** What the editor holds; saved to storage on every change. */
export interface ArticleDraft {
  /** The article being edited; absent for a new article. */
  articleId?: string;
  /** The version the edit started from (to notice that someone saved a newer one meanwhile). */
  baseVersion?: number;
  title: string;
  author: string;
  digest: string;
  tags: string[];
  markdown: string;
  /** Uploaded cover (`cloud://…`). */
  coverFileId?: string;
  /**
   * New articles only: the client request id `createArticle` is idempotent on, made with the
   * draft and kept with it, so a save retried after a lost answer never creates a second article.
   */
  requestId?: string;
  /** Epoch ms of the last change. */
  savedAt: number;
}

export interface DraftStorage {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export const EDIT_DRAFT_PREFIX = 'shouwang.articles.editDraft.';

/** Storage key: by article id, or `new` for a new article. */
export function editDraftKey(articleId?: string): string {
  return `${EDIT_DRAFT_PREFIX}${articleId || 'new'}`;
}

export function emptyArticleDraft(random: () => number = Math.random, now: number = Date.now()): ArticleDraft {
  return { title: '', author: '', digest: '', tags: [], markdown: '', requestId: newArticleRequestId(now, random), savedAt: 0 };
}

/** A client request id for one new article (`article-<ms>-<random>`). */
export function newArticleRequestId(now: number = Date.now(), random: () => number = Math.random): string {
  return `article-${now.toString(36)}-${Math.floor(random() * 36 ** 8).toString(36).padStart(8, '0')}`;
}

/** The editable fields of a stored article, as a draft. */
export function draftFromArticle(a: Pick<ManagedArticle, 'id' | 'version' | 'title' | 'author' | 'digest' | 'tags' | 'markdown' | 'coverFileId'>): ArticleDraft {
  const d: ArticleDraft = {
    articleId: a.id,
    baseVersion: a.version,
    title: a.title,
    author: a.author,
    digest: a.digest,
    tags: a.tags.slice(),
    markdown: a.markdown,
    savedAt: 0,
  };
  if (a.coverFileId) d.coverFileId = a.coverFileId;
  return d;
}

function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((t) => typeof t === 'string');
}

function isDraft(x: unknown, articleId: string | undefined): x is ArticleDraft {
  const d = x as ArticleDraft | null;
  return (
    !!d &&
    typeof d === 'object' &&
    (d.articleId || '') === (articleId || '') &&
    typeof d.title === 'string' &&
    typeof d.author === 'string' &&
    typeof d.digest === 'string' &&
    typeof d.markdown === 'string' &&
    isStringArray(d.tags) &&
    (d.coverFileId === undefined || typeof d.coverFileId === 'string')
  );
}

/** The saved draft of an article (or of the new article), or undefined when none / malformed. */
export function loadArticleDraft(storage: DraftStorage, articleId?: string): ArticleDraft | undefined {
  try {
    const v = storage.get(editDraftKey(articleId));
    return isDraft(v, articleId) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Saves the draft stamped with `now`; a storage failure is ignored (the form still works). */
export function saveArticleDraft(storage: DraftStorage, draft: ArticleDraft, now: number = Date.now()): ArticleDraft {
  const stamped: ArticleDraft = { ...draft, tags: draft.tags.slice(), savedAt: now };
  try {
    storage.set(editDraftKey(draft.articleId), stamped);
  } catch {
    /* storage full: nothing else to do */
  }
  return stamped;
}

export function clearArticleDraft(storage: DraftStorage, articleId?: string): void {
  try {
    storage.remove(editDraftKey(articleId));
  } catch {
    /* ignore */
  }
}

/** Characters as the function counts them (code points). */
export function charCount(s: string): number {
  return Array.from(s).length;
}

/**
 * The first problem of a draft, in the function's words (naming the field), or undefined.
 * Checked before sending, so nothing goes out that the function would refuse for its form.
 */
export function validateArticleDraft(d: ArticleDraft): string | undefined {
  const title = d.title.trim();
  if (!title) return '请填写标题';
  if (charCount(title) > ARTICLE_LIMITS.title) return `标题不能超过${ARTICLE_LIMITS.title}个字`;
  if (charCount(d.author.trim()) > ARTICLE_LIMITS.author) return `作者不能超过${ARTICLE_LIMITS.author}个字`;
  if (charCount(d.digest.trim()) > ARTICLE_LIMITS.digest) return `摘要不能超过${ARTICLE_LIMITS.digest}个字`;
  const tags = d.tags.map((t) => t.trim());
  if (tags.length === 0) return '请至少选择一个标签';
  if (tags.length > ARTICLE_LIMITS.tags) return `标签最多${ARTICLE_LIMITS.tags}个`;
  if (tags.some((t) => !t)) return '标签不能为空';
  if (tags.some((t) => charCount(t) > ARTICLE_LIMITS.tag)) return `标签不能超过${ARTICLE_LIMITS.tag}个字`;
  if (!d.markdown.trim()) return '请填写正文';
  if (charCount(d.markdown) > ARTICLE_LIMITS.markdown) return `正文不能超过${ARTICLE_LIMITS.markdown}个字`;
  if (d.coverFileId !== undefined && !d.coverFileId.startsWith('cloud://')) return '封面须为已上传的图片';
  return undefined;
}

export type CreateArticleFields = ActionInput<'articles', 'createArticle'>;
export type UpdateArticleFields = ActionInput<'articles', 'updateArticle'>;

/** The `createArticle` input of a (valid) draft. */
export function toCreateInput(d: ArticleDraft): CreateArticleFields {
  const input: CreateArticleFields = {
    title: d.title.trim(),
    author: d.author.trim(),
    digest: d.digest.trim(),
    tags: d.tags.map((t) => t.trim()),
    markdown: d.markdown,
  };
  if (d.coverFileId) input.coverFileId = d.coverFileId;
  if (d.requestId) input.requestId = d.requestId;
  return input;
}

const sameTags = (a: string[], b: string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

/**
 * The `updateArticle` input: only the fields that differ from the stored article (absent fields
 * keep their value), or undefined when nothing changed — every update makes a new version, so
 * an unchanged form is not sent.
 */
export function toUpdateInput(
  d: ArticleDraft,
  original: Pick<ManagedArticle, 'id' | 'title' | 'author' | 'digest' | 'tags' | 'markdown' | 'coverFileId'>,
): UpdateArticleFields | undefined {
  const next = toCreateInput(d);
  const input: UpdateArticleFields = { articleId: original.id };
  let changed = false;
  if (next.title !== original.title) {
    input.title = next.title;
    changed = true;
  }
  // An empty author becomes 县网信办 in the function: unchanged when the stored one is that.
  if (next.author !== original.author && !(next.author === '' && original.author === DEFAULT_AUTHOR)) {
    input.author = next.author;
    changed = true;
  }
  if (next.digest !== original.digest) {
    input.digest = next.digest;
    changed = true;
  }
  if (!sameTags(next.tags, original.tags)) {
    input.tags = next.tags;
    changed = true;
  }
  if (next.markdown !== original.markdown) {
    input.markdown = next.markdown;
    changed = true;
  }
  if (next.coverFileId && next.coverFileId !== original.coverFileId) {
    input.coverFileId = next.coverFileId;
    changed = true;
  }
  return changed ? input : undefined;
}

/** Tag chips: the catalogue, then any other tag the article already has (kept, not lost). */
export function tagOptions(selected: string[]): { value: string; checked: boolean }[] {
  const values: string[] = ARTICLE_TAGS.slice();
  for (const t of selected) if (values.indexOf(t) < 0) values.push(t);
  return values.map((value) => ({ value, checked: selected.indexOf(value) >= 0 }));
}

/** Selects or unselects a tag; refuses a sixth one with the function's words. */
export function toggleTag(tags: string[], tag: string): { tags: string[]; error?: string } {
  if (tags.indexOf(tag) >= 0) return { tags: tags.filter((t) => t !== tag) };
  if (tags.length >= ARTICLE_LIMITS.tags) return { tags, error: `标签最多${ARTICLE_LIMITS.tags}个` };
  return { tags: tags.concat(tag) };
}

/** Why a chosen cover cannot be used, or undefined. */
export function coverProblem(file: { tempFilePath: string; size?: number }): string | undefined {
  const ext = (/\.([a-z0-9]+)$/i.exec(file.tempFilePath)?.[1] ?? '').toLowerCase();
  if (ext && COVER_EXTENSIONS.indexOf(ext) < 0) return '封面图片须为 JPG 或 PNG 格式';
  if (typeof file.size === 'number' && file.size > COVER_MAX_BYTES) return '封面图片超过 10 MB，请压缩后重新选择';
  return undefined;
}

/** A cover's image format for its upload slot (`coverSlot`): from the chosen file's extension, JPG when unknown. */
export function coverExt(tempFilePath: string): 'jpg' | 'png' | 'gif' | 'webp' {
  const ext = (/\.([a-z0-9]+)$/i.exec(tempFilePath)?.[1] ?? 'jpg').toLowerCase().replace('jpeg', 'jpg');
  return ext === 'png' || ext === 'gif' || ext === 'webp' ? ext : 'jpg';
}

/** What the editor says about editing an article in this status (empty: nothing to say). */
export function editNotice(status: string): string {
  if (status === 'inReview') return '文章正在审核中，不能修改；请等待审核结果';
  if (status === 'approved' || status === 'published') {
    return '保存后将生成新的草稿版本，需要重新提交审核；在新版本发布前，读者仍看到已发布的版本';
  }
  return '';
}

/** True when the caller may open the editor on this article (publisher; not while in review). */
export function canEdit(a: { status: string }, roles: readonly string[]): boolean {
  return roles.indexOf('publisher') >= 0 && a.status !== 'inReview';
}

/** The preview's size line: characters WeChat would receive against its limit. */
export function previewSizeText(chars: number): { text: string; tooLong: boolean } {
  const tooLong = chars >= ARTICLE_LIMITS.wechatContent;
  return {
    text: tooLong
      ? `正文排版后 ${chars} 字符，超过公众号 ${ARTICLE_LIMITS.wechatContent} 字符的限制，发布会失败，请删减`
      : `正文排版后 ${chars} 字符（公众号上限 ${ARTICLE_LIMITS.wechatContent}）`,
    tooLong,
  };
}
