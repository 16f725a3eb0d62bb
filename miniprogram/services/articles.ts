/**
 * The policy-article calls the mini-program makes (public reads: no binding, no identity needed),
 * typed with the contracts in `cloudfunctions/_shared/contracts/articles.ts` (`import type` only).
 */
import { callFunction, type Envelope } from './api';
import type { ManagedArticle, ManagedArticleDetail, PublicArticle, PublicList, PublishView } from '../../cloudfunctions/_shared/contracts/articles';

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
