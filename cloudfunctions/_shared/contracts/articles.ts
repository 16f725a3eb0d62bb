/**
 * Contracts of the `articles` function (policy articles, issue 8): Markdown articles written by a
 * publisher, reviewed by a reviewer, published to the county's WeChat Official Account and read by
 * the public in the mini-program. The action table is `articlesContract` at the end.
 *
 * Limits follow the client policy of the WeChat contract (shared/reference/
 * wechat-official-account-and-messages.md §9.1): title ≤ 32, author ≤ 8, digest ≤ 120 characters
 * (code points); content < 20,000 characters is checked when publishing (§3.1, §9.4).
 */
import { z } from 'zod';
import { defineContract, returns } from './define';
import { fields } from './fields';

/** Suggested tags (the mini-program's filter chips); other short tags are accepted too. */
export const ARTICLE_TAGS = ['未成年人保护法', '预防未成年人犯罪法', '家庭教育促进法', '本县政策'] as const;

/** The author shown when the editor leaves 作者 empty. */
export const DEFAULT_AUTHOR = '县网信办';

/** Client-side limits (contract §9.1), in characters (code points). */
export const ARTICLE_LIMITS = {
  title: 32,
  author: 8,
  digest: 120,
  tags: 5,
  tag: 12,
  /** Markdown source, characters. */
  markdown: 60_000,
  /** WeChat `content` (HTML), characters (§3.1: < 20,000). */
  wechatContent: 20_000,
} as const;

// What editors type goes through contracts/fields.ts free text (no hidden controls or bidi
// overrides, NFC, counted in characters) and is named by its label in any refusal.
const title = fields.freeText('标题', { max: ARTICLE_LIMITS.title, multiline: false });
/** Shown as 作者 in WeChat (≤ 8 characters, contract §9.1); empty = DEFAULT_AUTHOR. */
const author = fields.freeText('作者', { min: 0, max: ARTICLE_LIMITS.author, multiline: false });
/** Summary shown in lists and in WeChat; empty = the first characters of the body. */
const digest = fields.freeText('摘要', { min: 0, max: ARTICLE_LIMITS.digest });
const tags = z
  .array(fields.freeText('标签', { max: ARTICLE_LIMITS.tag, multiline: false }))
  .min(1, { message: '请至少选择一个标签' })
  .max(ARTICLE_LIMITS.tags, { message: `标签最多${ARTICLE_LIMITS.tags}个` })
  .meta({ title: '标签' });
/** Cover image: a storage fileID of this environment under articles/covers/; none = the default county cover. */
const coverFileId = fields.fileId('封面图片', { under: ['articles/covers/'] });
/** The body in Markdown (CommonMark; raw HTML is sanitised). */
const markdown = fields.freeText('正文', { max: ARTICLE_LIMITS.markdown });

/** Editable fields of a new article. */
export const ArticleFields = z
  .object({ title, author: author.default(''), digest: digest.default(''), tags, coverFileId: coverFileId.optional(), markdown })
  .strict();
export type ArticleFields = z.output<typeof ArticleFields>;

export const ArticleId = z.string().min(1).max(64).meta({ title: '文章编号' });

/**
 * A new article. `requestId` (client-generated, e.g. per editor session) makes creation
 * idempotent (DESIGN.md "creating actions take a client request id"): the same caller sending the
 * same id again gets the article the first call created.
 */
export const CreateArticleInput = ArticleFields.extend({ requestId: z.string().min(8).max(64).meta({ title: '提交编号' }).optional() }).strict();
/** Changed fields only: absent fields keep their value. */
export const UpdateArticleInput = z
  .object({ articleId: ArticleId, title: title.optional(), author: author.optional(), digest: digest.optional(), tags: tags.optional(), coverFileId: coverFileId.optional(), markdown: markdown.optional() })
  .strict();
export const ArticleRefInput = z.object({ articleId: ArticleId }).strict();
export const ReviewArticleInput = z
  .object({
    articleId: ArticleId,
    decision: z.enum(['approve', 'reject']).meta({ title: '审核结论' }),
    /** Required when rejecting: what to change. */
    note: fields.freeText('审核意见', { min: 0, max: 200 }).default(''),
  })
  .strict()
  .refine((v) => v.decision === 'approve' || v.note.length > 0, { message: '退回时请填写审核意见', path: ['note'] });
export const PublishArticleInput = z
  .object({
    articleId: ArticleId,
    /**
     * `publish`: upload, save a draft in the Official Account and publish it (freepublish).
     * `draftOnly`: upload and save the draft only (accounts without publish permission, 48001);
     * an editor then publishes it in the MP console.
     */
    mode: z.enum(['publish', 'draftOnly']).default('publish'),
  })
  .strict();
export const PreviewInput = z
  .object({ markdown: z.string().max(ARTICLE_LIMITS.markdown) })
  .strict();
export const ListManagedInput = z
  .object({ status: z.enum(['draft', 'inReview', 'approved', 'published']).optional() })
  .strict();
export const ListPublicInput = z
  .object({
    tag: z.string().max(ARTICLE_LIMITS.tag).optional(),
    /** Search words (title, digest, body text). */
    q: z.string().trim().max(30).optional(),
    /** Paging: articles published before this ISO instant. */
    before: z.string().datetime({ offset: true }).optional(),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict();

/** Editorial status: draft → inReview → approved → published (a rejection goes back to draft). */
export type ArticleStatus = 'draft' | 'inReview' | 'approved' | 'published';
export const ARTICLE_STATUS_LABELS: Record<ArticleStatus, string> = { draft: '草稿', inReview: '审核中', approved: '已通过', published: '已发布' };

/**
 * Where publishing to the Official Account stands, as the publisher sees it.
 * - `none`: never published; `publishing`: submitted, WeChat is checking it;
 * - `published`: live, `url` is the article on mp.weixin.qq.com;
 * - `failed`: `reason` says why (Chinese, with guidance); `retryable` when trying again may help;
 *   `canDraftOnly` when the account lacks publish permission (48001) and "仅存草稿" is the way out;
 * - `draftSaved`: saved in the Official Account's draft box only.
 */
export type PublishStateName = 'none' | 'publishing' | 'published' | 'failed' | 'draftSaved';
export const PUBLISH_STATE_LABELS: Record<PublishStateName, string> = { none: '未发布', publishing: '发布中', published: '已发布到公众号', failed: '发布失败', draftSaved: '已存公众号草稿' };

export interface PublishView {
  state: PublishStateName;
  /** Article version this state is about. */
  version?: number;
  url?: string;
  reason?: string;
  errcode?: number;
  retryable?: boolean;
  canDraftOnly?: boolean;
  /** ISO instant of the last change. */
  at?: string;
}

export interface ReviewRecord {
  decision: 'approve' | 'reject';
  note: string;
  /** ISO instant. */
  at: string;
  version: number;
}

/** An article as the publisher and reviewer see it. */
export interface ManagedArticle {
  id: string;
  title: string;
  author: string;
  digest: string;
  tags: string[];
  coverFileId?: string;
  markdown: string;
  /** Sanitised HTML of the current version: exactly what readers will see (preview). */
  html: string;
  /** Rendering notes (removed images, converted links), Chinese. */
  warnings: string[];
  status: ArticleStatus;
  version: number;
  /** True when the caller created or submitted it (so may not approve it). */
  mine: boolean;
  lastReview?: ReviewRecord;
  publish: PublishView;
  /** Published version readers see now, if any. */
  liveVersion?: number;
  createdAt: string;
  updatedAt: string;
}

export interface ArticleVersionInfo {
  version: number;
  title: string;
  at: string;
}

/** `getManagedArticle` answer. */
export interface ManagedArticleDetail extends ManagedArticle {
  versions: ArticleVersionInfo[];
}

/** A row of the public list. */
export interface PublicArticleSummary {
  id: string;
  title: string;
  author: string;
  digest: string;
  tags: string[];
  /** ISO instant. */
  publishedAt: string;
  coverFileId?: string;
}

/** The public article page. */
export interface PublicArticle extends PublicArticleSummary {
  /** Sanitised HTML (inline styles only), rendered with mp-html. */
  html: string;
  /** The article on the Official Account, when published there. */
  wechatUrl?: string;
}

export interface PublicList {
  articles: PublicArticleSummary[];
  /** Pass as `before` for the next page; absent at the end. */
  nextBefore?: string;
}

export interface PreviewResult {
  html: string;
  warnings: string[];
  /** Characters of the HTML WeChat would receive (limit 20,000). */
  chars: number;
}

// ---------------------------------------------------------------------------------------------
// The action table

/** An editorial list row (no body). */
export type ManagedRow = Omit<ManagedArticle, 'markdown' | 'html'>;

export const articlesContract = defineContract('articles', () => ({
  coverSlot: {
    summary: '为封面图片分配一次性上传位置（编辑本人；新建、修改文章只收这个位置里的封面）',
    input: () => z.object({ ext: z.enum(['jpg', 'png', 'gif', 'webp']).meta({ title: '图片格式' }) }).strict(),
    output: returns<{ slots: Array<{ cloudPath: string; expiresAt: Date }> }>(),
  },
  createArticle: { summary: '新建政策文章（草稿，第 1 版）', input: () => CreateArticleInput, output: returns<ManagedArticle>() },
  updateArticle: { summary: '修改文章（保存为新版本；已通过或已发布的文章回到草稿，需重新审核）', input: () => UpdateArticleInput, output: returns<ManagedArticle>() },
  submitForReview: { summary: '提交审核（草稿 → 审核中）', input: () => ArticleRefInput, output: returns<ManagedArticle>() },
  reviewArticle: { summary: '审核文章：通过或退回（不能审核自己撰写或提交的文章）', input: () => ReviewArticleInput, output: returns<ManagedArticle>() },
  listManagedArticles: { summary: '编辑与审核列表（全部状态，最近修改在前）', input: () => ListManagedInput, output: returns<{ articles: ManagedRow[] }>() },
  getManagedArticle: { summary: '查看文章（正文、预览、审核意见、发布状态、版本列表）', input: () => ArticleRefInput, output: returns<ManagedArticleDetail>() },
  previewArticle: { summary: '预览：把 Markdown 渲染为读者将看到的安全 HTML', input: () => PreviewInput, output: returns<PreviewResult>() },
  publishArticle: { summary: '发布到公众号（或“仅存草稿”）；可重试，重试不会重复发布', input: () => PublishArticleInput, output: returns<PublishView>() },
  refreshPublishStatus: { summary: '刷新发布状态（向公众号查询一次）', input: () => ArticleRefInput, output: returns<PublishView>() },
  pollPublishJobs: {
    summary: '定时任务：查询“发布中”的任务（freepublish/get），更新结果；可重复运行',
    input: () => z.object({}).passthrough(),
    output: returns<{ checked: number; finished: number }>(),
    internal: true,
  },
  listArticles: { summary: '公开：已发布的政策文章（按标签、时间倒序；可搜索）', input: () => ListPublicInput, output: returns<PublicList>() },
  getArticle: { summary: '公开：一篇已发布的政策文章（安全 HTML，小程序以 mp-html 显示）', input: () => ArticleRefInput, output: returns<PublicArticle>() },
}));
