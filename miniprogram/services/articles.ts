/**
 * The policy-article calls the mini-program makes (public reads: no binding, no identity needed),
 * typed with the contracts in `cloudfunctions/_shared/contracts/articles.ts` (`import type` only).
 */
import { callFunction, uploadFile, type Envelope } from './api';
import type { ManagedArticle, ManagedArticleDetail, PreviewResult, PublicArticle, PublicList, PublishView } from '../../cloudfunctions/_shared/contracts/articles';
import { coverCloudPath, type CreateArticleFields, type UpdateArticleFields } from './articles-edit-logic';

/** A row of the editorial list (no body). */
export type ManagedRow = Omit<ManagedArticle, 'markdown' | 'html'>;

export interface ListQuery {
  tag?: string;
  q?: string;
  before?: string;
  limit?: number;
}

declare module './functions' {
  interface Functions {
    articles: {
      listArticles: { input: ListQuery; output: PublicList };
      getArticle: { input: { articleId: string }; output: PublicArticle };
      listManagedArticles: { input: { status?: ManagedArticle['status'] }; output: { articles: ManagedRow[] } };
      getManagedArticle: { input: { articleId: string }; output: ManagedArticleDetail };
      submitForReview: { input: { articleId: string }; output: ManagedArticle };
      reviewArticle: { input: { articleId: string; decision: 'approve' | 'reject'; note?: string }; output: ManagedArticle };
      publishArticle: { input: { articleId: string; mode?: 'publish' | 'draftOnly' }; output: PublishView };
      refreshPublishStatus: { input: { articleId: string }; output: PublishView };
      createArticle: { input: CreateArticleFields; output: ManagedArticle };
      updateArticle: { input: UpdateArticleFields; output: ManagedArticle };
      previewArticle: { input: { markdown: string }; output: PreviewResult };
    };
  }
}

/** Published articles, newest first (by tag, search words, page before an instant). */
export function listArticles(query: ListQuery): Promise<Envelope<PublicList>> {
  const data: ListQuery = {};
  if (query.tag) data.tag = query.tag;
  if (query.q) data.q = query.q;
  if (query.before) data.before = query.before;
  if (query.limit) data.limit = query.limit;
  return callFunction('articles', 'listArticles', data);
}

/** One published article with its sanitised HTML. */
export function getArticle(articleId: string): Promise<Envelope<PublicArticle>> {
  return callFunction('articles', 'getArticle', { articleId });
}

/** Staff (publisher, reviewer): every article with its status, latest change first. */
export function listManaged(): Promise<Envelope<{ articles: ManagedRow[] }>> {
  return callFunction('articles', 'listManagedArticles', {});
}

export function getManaged(articleId: string): Promise<Envelope<ManagedArticleDetail>> {
  return callFunction('articles', 'getManagedArticle', { articleId });
}

export function submitForReview(articleId: string): Promise<Envelope<ManagedArticle>> {
  return callFunction('articles', 'submitForReview', { articleId });
}

export function review(articleId: string, decision: 'approve' | 'reject', note: string): Promise<Envelope<ManagedArticle>> {
  return callFunction('articles', 'reviewArticle', { articleId, decision, note });
}

export function publish(articleId: string, mode: 'publish' | 'draftOnly'): Promise<Envelope<PublishView>> {
  return callFunction('articles', 'publishArticle', { articleId, mode });
}

export function refreshPublish(articleId: string): Promise<Envelope<PublishView>> {
  return callFunction('articles', 'refreshPublishStatus', { articleId });
}

/** The editor (publisher): a new article, saved as draft version 1. */
export function createArticle(input: CreateArticleFields): Promise<Envelope<ManagedArticle>> {
  return callFunction('articles', 'createArticle', input);
}

/** The editor: changed fields only; saved as a new version (back to draft). */
export function updateArticle(input: UpdateArticleFields): Promise<Envelope<ManagedArticle>> {
  return callFunction('articles', 'updateArticle', input);
}

/** Unsaved Markdown rendered exactly as readers will get it (sanitised HTML and warnings). */
export function previewMarkdown(markdown: string): Promise<Envelope<PreviewResult>> {
  return callFunction('articles', 'previewArticle', { markdown });
}

/** Uploads a chosen cover image; resolves to its `cloud://` fileID (what `coverFileId` takes). */
export function uploadCover(tempFilePath: string): Promise<Envelope<{ fileID: string }>> {
  return uploadFile(coverCloudPath(tempFilePath), tempFilePath);
}
