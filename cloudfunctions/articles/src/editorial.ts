/**
 * The editorial flow (issue 8): draft → in review → approved → published, by publisher and
 * reviewer roles. Every save is a new version (`articleVersions`); a reviewer never approves an
 * article they created or submitted (even when they also hold the publisher role); a rejection
 * sends it back to draft with the reviewer's note. Editing an approved or published article makes
 * a new draft version that needs review again (readers keep the live version meanwhile).
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, stableId, type ExampleWorld } from '../../_shared/access';
import { articlesContract, DEFAULT_AUTHOR, type ManagedArticle, type ManagedArticleDetail, type PreviewResult } from '../../_shared/contracts/articles';
import { COLLECTIONS, loadArticle, personOf, presentManaged, rendered, renderer, versionId, type ArticleDoc, type ArticleVersionDoc } from './common';
import type { ActionContext } from '../../_shared/context';
import { getDoc, insertOnce } from '../../_shared/db';
import { tellReviewers, tellSubmitter } from './tell';
import { claimSlot, issueSlots } from '../../_shared/upload-slots';

const A = articlesContract.actions;

const EDITORS = ['publisher'] as const;
const STAFF = ['publisher', 'reviewer'] as const;

/** Test/documentation helper: inserts an article in `status`, created by someone else. */
export async function exampleArticle(w: ExampleWorld, status: ArticleDoc['status'] = 'draft', extra: Partial<ArticleDoc> = {}): Promise<string> {
  const md = '## 示例\n\n示例正文。';
  const doc: Omit<ArticleDoc, '_id'> = {
    title: `示例文章${w.unique().slice(0, 6)}`,
    author: DEFAULT_AUTHOR,
    digest: '示例摘要',
    tags: ['本县政策'],
    markdown: md,
    html: '<h2>示例</h2><p>示例正文。</p>',
    text: '示例 示例正文。',
    images: [],
    warnings: [],
    status,
    version: 1,
    createdBy: `example-author-${w.unique()}`,
    submittedBy: status === 'draft' ? undefined : `example-author-${w.unique()}`,
    publish: { state: 'none' },
    isLive: false,
    createdAt: w.now,
    updatedAt: w.now,
    ...extra,
  };
  for (const k of Object.keys(doc) as (keyof typeof doc)[]) if (doc[k] === undefined) delete doc[k];
  return w.insert(COLLECTIONS.articles, doc as unknown as Record<string, unknown>);
}

/**
 * Stores `doc`'s current version as `articleVersions/<articleId>-v<version>`. The id is
 * deterministic, so a second save of the same version (a retried create racing its first try)
 * leaves the first one and succeeds.
 */
async function saveVersion(ctx: ActionContext, doc: ArticleDoc, personId: string): Promise<void> {
  const v: ArticleVersionDoc = {
    _id: versionId(doc._id, doc.version),
    articleId: doc._id,
    version: doc.version,
    title: doc.title,
    author: doc.author,
    digest: doc.digest,
    tags: doc.tags,
    markdown: doc.markdown,
    html: doc.html,
    text: doc.text,
    images: doc.images,
    savedBy: personId,
    savedAt: ctx.now(),
  };
  if (doc.coverFileId) v.coverFileId = doc.coverFileId;
  await insertOnce(ctx.app.database(), COLLECTIONS.articleVersions, v);
}

/** The task a cover slot is handed out for (a cover is artwork, not evidence: any of the editor's articles may use it). */
const COVER_TASK = 'articleCover';

export const coverSlot = action(A.coverSlot, {
  access: { roles: EDITORS },
  example: () => ({ ext: 'jpg' }),
  /**
   * Hands the editor a one-time slot to upload a cover image: `articles/covers/<caller's
   * folder>/<slot id>.<ext>`, valid for a day. `createArticle` / `updateArticle` take a new cover
   * only from a slot handed to the same editor.
   * @returns `{ slots: [{ cloudPath, expiresAt }] }`
   */
  handler: async (input, ctx) => ({ slots: await issueSlots(ctx, 'articleCover', COVER_TASK, `.${input.ext}`) }),
});

export const createArticle = action(A.createArticle, {
  access: { roles: EDITORS },
  example: () => ({ title: '未成年人保护法要点', tags: ['未成年人保护法'], markdown: '## 要点\n\n家庭、学校、社会共同保护。' }),
  handler: async (input, ctx): Promise<ManagedArticle> => {
    const personId = personOf(ctx);
    const now = ctx.now();
    const body = rendered(input.markdown);
    const doc: Omit<ArticleDoc, '_id'> = {
      title: input.title,
      author: input.author || DEFAULT_AUTHOR,
      digest: input.digest,
      tags: input.tags,
      markdown: input.markdown,
      ...body,
      status: 'draft',
      version: 1,
      createdBy: personId,
      publish: { state: 'none' },
      isLive: false,
      createdAt: now,
      updatedAt: now,
    };
    if (input.coverFileId) {
      await claimSlot(ctx, input.coverFileId, 'articleCover', COVER_TASK, COVER_TASK, { field: 'coverFileId', redo: '请重新选择封面图片上传' });
      doc.coverFileId = input.coverFileId;
    }
    const articles = ctx.app.database().collection(COLLECTIONS.articles);
    if (input.requestId) {
      // Idempotent on (caller, requestId): a retry returns the first call's article.
      const id = stableId('article', personId, input.requestId);
      const saved = { ...doc, _id: id } as ArticleDoc;
      // A retry, or a tap racing the first, gets the article already stored; its first version is
      // saved again (a no-op when there) because the first call may have died, or still be running,
      // between the article and its version.
      const stored = (await insertOnce(ctx.app.database(), COLLECTIONS.articles, saved)) ? saved : (await getDoc<ArticleDoc>(ctx.app.database(), COLLECTIONS.articles, id))!;
      if (stored.version === 1) await saveVersion(ctx, stored, personId);
      return presentManaged(stored, personId);
    }
    const res = await articles.add(doc);
    const saved = { ...doc, _id: String(res.id) } as ArticleDoc;
    await saveVersion(ctx, saved, personId);
    return presentManaged(saved, personId);
  },
});

export const updateArticle = action(A.updateArticle, {
  access: { roles: EDITORS },
  example: async (w) => ({ articleId: await exampleArticle(w, 'draft'), digest: '新的摘要' }),
  handler: async (input, ctx): Promise<ManagedArticle> => {
    const personId = personOf(ctx);
    const doc = await loadArticle(ctx, input.articleId);
    if (doc.status === 'inReview') throw new AppError('CONFLICT', '文章正在审核中，不能修改；请等待审核结果');
    const next: ArticleDoc = { ...doc };
    if (input.title !== undefined) next.title = input.title;
    if (input.author !== undefined) next.author = input.author || DEFAULT_AUTHOR;
    if (input.digest !== undefined) next.digest = input.digest;
    if (input.tags !== undefined) next.tags = input.tags;
    if (input.coverFileId !== undefined) {
      // Keeping the cover another editor chose is fine; a new one must be the caller's upload.
      if (input.coverFileId !== doc.coverFileId) await claimSlot(ctx, input.coverFileId, 'articleCover', COVER_TASK, COVER_TASK, { field: 'coverFileId', redo: '请重新选择封面图片上传' });
      next.coverFileId = input.coverFileId;
    }
    if (input.markdown !== undefined) {
      next.markdown = input.markdown;
      Object.assign(next, rendered(input.markdown));
    }
    next.version = doc.version + 1;
    next.status = 'draft';
    next.updatedAt = ctx.now();
    const { _id, ...fields } = next;
    void _id;
    // Conditional on the version read, so two editors never overwrite each other silently.
    const res = await ctx.app
      .database()
      .collection(COLLECTIONS.articles)
      .where({ _id: doc._id, version: doc.version })
      .update({ ...fields, submittedBy: ctx.app.database().command.remove() });
    if (!res.updated) throw new AppError('CONFLICT', '文章已被他人修改，请刷新后重试');
    delete next.submittedBy;
    await saveVersion(ctx, next, personId);
    return presentManaged(next, personId);
  },
});

export const submitForReview = action(A.submitForReview, {
  access: { roles: EDITORS },
  example: async (w) => ({ articleId: await exampleArticle(w, 'draft') }),
  handler: async (input, ctx): Promise<ManagedArticle> => {
    const personId = personOf(ctx);
    const doc = await loadArticle(ctx, input.articleId);
    if (doc.status !== 'draft') throw new AppError('CONFLICT', doc.status === 'inReview' ? '文章已在审核中' : '只有草稿可以提交审核');
    const res = await ctx.app
      .database()
      .collection(COLLECTIONS.articles)
      .where({ _id: doc._id, version: doc.version, status: 'draft' })
      .update({ status: 'inReview', submittedBy: personId, updatedAt: ctx.now() });
    if (!res.updated) throw new AppError('CONFLICT');
    await tellReviewers(ctx, doc, personId);
    return presentManaged({ ...doc, status: 'inReview', submittedBy: personId, updatedAt: ctx.now() }, personId);
  },
});

export const reviewArticle = action(A.reviewArticle, {
  access: { roles: ['reviewer'] },
  example: async (w) => ({ articleId: await exampleArticle(w, 'inReview'), decision: 'approve' }),
  handler: async (input, ctx): Promise<ManagedArticle> => {
    const personId = personOf(ctx);
    const doc = await loadArticle(ctx, input.articleId);
    if (doc.status !== 'inReview') throw new AppError('CONFLICT', '这篇文章不在审核中');
    if (doc.createdBy === personId || doc.submittedBy === personId) {
      throw new AppError('OWN_ARTICLE', '不能审核自己撰写或提交的文章，请由其他审核人审核');
    }
    const now = ctx.now();
    const lastReview = { decision: input.decision, note: input.note, at: now, version: doc.version, by: personId };
    const status = input.decision === 'approve' ? 'approved' : 'draft';
    const res = await ctx.app
      .database()
      .collection(COLLECTIONS.articles)
      .where({ _id: doc._id, version: doc.version, status: 'inReview' })
      .update({ status, lastReview, updatedAt: now });
    if (!res.updated) throw new AppError('CONFLICT');
    await audit(ctx, { op: 'write', target: { kind: 'article', id: doc._id }, refs: { decision: input.decision, version: String(doc.version) } });
    await tellSubmitter(ctx, doc, doc.submittedBy, input.decision);
    return presentManaged({ ...doc, status, lastReview, updatedAt: now }, personId);
  },
});

export const listManagedArticles = action(A.listManagedArticles, {
  access: { roles: STAFF },
  example: () => ({}),
  handler: async (input, ctx): Promise<{ articles: Omit<ManagedArticle, 'markdown' | 'html'>[] }> => {
    const personId = personOf(ctx);
    let q = ctx.app.database().collection(COLLECTIONS.articles).where(input.status ? { status: input.status } : {});
    q = q.orderBy('updatedAt', 'desc');
    const res = await q.limit(100).get();
    const articles = ((res.data ?? []) as ArticleDoc[]).map((d) => {
      const { markdown, html, ...rest } = presentManaged(d, personId);
      void markdown;
      void html;
      return rest;
    });
    return { articles };
  },
});

export const getManagedArticle = action(A.getManagedArticle, {
  access: { roles: STAFF },
  example: async (w) => ({ articleId: await exampleArticle(w, 'draft') }),
  handler: async (input, ctx): Promise<ManagedArticleDetail> => {
    const personId = personOf(ctx);
    const doc = await loadArticle(ctx, input.articleId);
    const res = await ctx.app
      .database()
      .collection(COLLECTIONS.articleVersions)
      .where({ articleId: doc._id })
      .orderBy('version', 'desc')
      .field({ version: true, title: true, savedAt: true })
      .limit(100)
      .get();
    const versions = ((res.data ?? []) as ArticleVersionDoc[]).map((v) => ({ version: v.version, title: v.title, at: new Date(v.savedAt).toISOString() }));
    return { ...presentManaged(doc, personId), versions };
  },
});

export const previewArticle = action(A.previewArticle, {
  access: { roles: STAFF },
  example: () => ({ markdown: '## 标题\n\n段落与[链接](https://www.gov.cn/)。' }),
  handler: async (input): Promise<PreviewResult> => {
    const r = renderer().renderMarkdown(input.markdown);
    return { html: r.html, warnings: r.warnings, chars: renderer().charCount(r.html) };
  },
});

export const editorialActions = { coverSlot, createArticle, updateArticle, submitForReview, reviewArticle, listManagedArticles, getManagedArticle, previewArticle };
