/**
 * Public reads for the mini-program's 政策 tab (no binding needed, no identity needed): the
 * published articles by tag and date, search, and one article's sanitised HTML (rendered with
 * mp-html). Only the live snapshot is ever returned: drafts and versions under review stay
 * invisible.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { articlesContract, type PublicArticle, type PublicList } from '../../_shared/contracts/articles';
import { COLLECTIONS, presentPublic, presentSummary, type ArticleDoc } from './common';
import { exampleArticle } from './editorial';

const A = articlesContract.actions;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A list row needs no body HTML. */
const LIST_FIELDS = {
  'live.version': true,
  'live.title': true,
  'live.author': true,
  'live.digest': true,
  'live.tags': true,
  'live.coverFileId': true,
  'live.publishedAt': true,
  liveAt: true,
};

export const listArticles = action(A.listArticles, {
  access: { public: true },
  example: () => ({ tag: '本县政策' }),
  handler: async (input, ctx): Promise<PublicList> => {
    const db = ctx.app.database();
    const _ = db.command;
    const where: Record<string, unknown> = { isLive: true };
    if (input.tag) where.liveTags = input.tag;
    if (input.before) where.liveAt = _.lt(new Date(input.before));
    if (input.q) where.liveSearch = db.RegExp({ regexp: escapeRegExp(input.q), options: 'i' });
    const res = await db
      .collection(COLLECTIONS.articles)
      .where(where)
      .orderBy('liveAt', 'desc')
      .field(LIST_FIELDS)
      .limit(input.limit + 1)
      .get();
    const docs = (res.data ?? []) as ArticleDoc[];
    const page = docs.slice(0, input.limit);
    const out: PublicList = { articles: page.map((d) => ({ ...presentSummary(d) })) };
    if (docs.length > input.limit) out.nextBefore = new Date(page[page.length - 1].liveAt!).toISOString();
    return out;
  },
});

export const getArticle = action(A.getArticle, {
  access: { public: true },
  example: async (w) =>
    ({
      articleId: await exampleArticle(w, 'published', {
        isLive: true,
        liveAt: w.now,
        liveTags: ['本县政策'],
        live: { version: 1, title: '示例', author: '县网信办', digest: '示例', tags: ['本县政策'], html: '<p>示例</p>', publishedAt: w.now },
      }),
    }),
  handler: async (input, ctx): Promise<PublicArticle> => {
    const res = await ctx.app.database().collection(COLLECTIONS.articles).where({ _id: input.articleId, isLive: true }).limit(1).get();
    const doc = res.data?.[0] as ArticleDoc | undefined;
    if (!doc?.live) throw new AppError('NOT_FOUND', '文章不存在或已下线');
    return presentPublic(doc);
  },
});

export const publicActions = { listArticles, getArticle };
