/**
 * Stored shapes and small helpers of the `articles` function (docs/articles.md).
 */
import { AppError } from '../../_shared/errors';
import type { ArticleStatus, ManagedArticle, PublishStateName, PublishView, PublicArticle, PublicArticleSummary, ReviewRecord } from '../../_shared/contracts/articles';
import type { RenderResult } from './render';
import type { ActionContext } from '../../_shared/context';

export const COLLECTIONS = {
  articles: 'articles',
  articleVersions: 'articleVersions',
  publishJobs: 'publishJobs',
  wechatTokens: 'wechatTokens',
} as const;

/** What readers see: the published version (kept while a newer version is edited and reviewed). */
export interface LiveSnapshot {
  version: number;
  title: string;
  author: string;
  digest: string;
  tags: string[];
  coverFileId?: string;
  html: string;
  publishedAt: Date;
  wechatUrl?: string;
}

/** `articles` document. */
export interface ArticleDoc {
  _id: string;
  title: string;
  author: string;
  digest: string;
  tags: string[];
  coverFileId?: string;
  markdown: string;
  /** Rendered, sanitised HTML of the current version. */
  html: string;
  /** Plain text of the current version. */
  text: string;
  /** Body image fileIDs of the current version. */
  images: string[];
  warnings: string[];
  status: ArticleStatus;
  version: number;
  /** Person ids. */
  createdBy: string;
  submittedBy?: string;
  lastReview?: { decision: 'approve' | 'reject'; note: string; at: Date; version: number; by: string };
  publish: { state: PublishStateName; version?: number; url?: string; reason?: string; errcode?: number; retryable?: boolean; canDraftOnly?: boolean; at?: Date };
  live?: LiveSnapshot;
  /** Denormalised for the public list: has a live version, its time, tags and search text. */
  isLive: boolean;
  liveAt?: Date;
  liveTags?: string[];
  liveSearch?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** `articleVersions` document, `_id` = `<articleId>-v<version>`. */
export interface ArticleVersionDoc {
  _id: string;
  articleId: string;
  version: number;
  title: string;
  author: string;
  digest: string;
  tags: string[];
  coverFileId?: string;
  markdown: string;
  html: string;
  text: string;
  images: string[];
  savedBy: string;
  savedAt: Date;
}

export function versionId(articleId: string, version: number): string {
  return `${articleId}-v${version}`;
}

/** The caller's person id (publisher/reviewer actions are bound roles, so there is one). */
export function personOf(ctx: ActionContext): string {
  const id = ctx.actor?.personId;
  if (!id) throw new AppError('FORBIDDEN');
  return id;
}

/** Lazily loads the renderer (markdown-it, juice, sanitize-html stay out of cold starts). */
export function renderer(): typeof import('./render') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./render') as typeof import('./render');
}

/** Renders Markdown and fills the derived fields of an article or version. */
export function rendered(markdown: string): Pick<ArticleDoc, 'html' | 'text' | 'images' | 'warnings'> {
  const r: RenderResult = renderer().renderMarkdown(markdown);
  return { html: r.html, text: r.text, images: r.images, warnings: r.warnings };
}

export async function loadArticle(ctx: ActionContext, articleId: string): Promise<ArticleDoc> {
  const res = await ctx.app.database().collection(COLLECTIONS.articles).where({ _id: articleId }).limit(1).get();
  const doc = res.data?.[0] as ArticleDoc | undefined;
  if (!doc) throw new AppError('NOT_FOUND', '未找到这篇文章');
  return doc;
}

const iso = (d: Date | string | undefined) => (d ? new Date(d).toISOString() : undefined);

export function publishView(doc: ArticleDoc): PublishView {
  const p = doc.publish ?? { state: 'none' };
  const view: PublishView = { state: p.state };
  if (p.version !== undefined) view.version = p.version;
  if (p.url) view.url = p.url;
  if (p.reason) view.reason = p.reason;
  if (p.errcode !== undefined) view.errcode = p.errcode;
  if (p.retryable !== undefined) view.retryable = p.retryable;
  if (p.canDraftOnly) view.canDraftOnly = true;
  if (p.at) view.at = iso(p.at);
  return view;
}

export function presentManaged(doc: ArticleDoc, personId: string): ManagedArticle {
  const out: ManagedArticle = {
    id: doc._id,
    title: doc.title,
    author: doc.author,
    digest: doc.digest,
    tags: doc.tags,
    markdown: doc.markdown,
    html: doc.html,
    warnings: doc.warnings ?? [],
    status: doc.status,
    version: doc.version,
    mine: doc.createdBy === personId || doc.submittedBy === personId,
    publish: publishView(doc),
    createdAt: iso(doc.createdAt)!,
    updatedAt: iso(doc.updatedAt)!,
  };
  if (doc.coverFileId) out.coverFileId = doc.coverFileId;
  if (doc.live) out.liveVersion = doc.live.version;
  if (doc.lastReview) {
    const r: ReviewRecord = { decision: doc.lastReview.decision, note: doc.lastReview.note, at: iso(doc.lastReview.at)!, version: doc.lastReview.version };
    out.lastReview = r;
  }
  return out;
}

export function presentSummary(doc: ArticleDoc): PublicArticleSummary {
  const live = doc.live!;
  const out: PublicArticleSummary = {
    id: doc._id,
    title: live.title,
    author: live.author,
    digest: live.digest,
    tags: live.tags,
    publishedAt: iso(live.publishedAt)!,
  };
  if (live.coverFileId) out.coverFileId = live.coverFileId;
  return out;
}

export function presentPublic(doc: ArticleDoc): PublicArticle {
  const out: PublicArticle = { ...presentSummary(doc), html: doc.live!.html };
  if (doc.live!.wechatUrl) out.wechatUrl = doc.live!.wechatUrl;
  return out;
}

/** Text the public search looks in. */
export function searchText(title: string, digest: string, text: string): string {
  return `${title}\n${digest}\n${text}`;
}
