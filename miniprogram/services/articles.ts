/**
 * The policy-article calls the mini-program makes (public reads: no binding, no identity needed;
 * the editorial desk), typed by the generated contracts (`contracts/articles.ts`).
 */
import { callFunction, type Envelope } from './api';
import { uploadIntoSlots } from './uploads';
import type { ActionInput } from '../contracts/index';
import type { ManagedArticle, ManagedArticleDetail, ManagedRow, PreviewResult, PublicArticle, PublicList, PublishView } from '../contracts/articles';
import { coverExt, type CreateArticleFields, type UpdateArticleFields } from './articles-edit-logic';

export type { ManagedRow };
export type ListQuery = ActionInput<'articles', 'listArticles'>;

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

/** Uploads a chosen cover image into the slot `coverSlot` hands out; resolves to its `cloud://` fileID (what `coverFileId` takes). */
export async function uploadCover(tempFilePath: string): Promise<Envelope<{ fileID: string }>> {
  const up = await uploadIntoSlots('articleCover', await callFunction('articles', 'coverSlot', { ext: coverExt(tempFilePath) }), [tempFilePath]);
  return up.ok ? { ok: true, data: { fileID: up.data.fileIDs[0] } } : up;
}
