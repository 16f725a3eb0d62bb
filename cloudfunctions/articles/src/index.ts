import { createFunction, type CloudFunction } from '../../_shared/router';
import { articlesContract } from '../../_shared/contracts/articles';
import { editorialActions } from './editorial';
import { publishingActions } from './publishing';
import { publicActions } from './public';
import { handleWechatPush, isHttpAccessEvent } from './events';

/**
 * `articles`: policy articles (issue 8; docs/articles.md).
 * - editorial (publisher, reviewer): `coverSlot` (where to upload a cover), `createArticle`, `updateArticle`, `submitForReview`,
 *   `reviewArticle`, `listManagedArticles`, `getManagedArticle`, `previewArticle`
 * - publishing to the Official Account: `publishArticle`, `refreshPublishStatus`; timer
 *   `pollPublishJobs` (every minute)
 * - public reads (mini-program 政策 tab): `listArticles`, `getArticle`
 * - HTTP (CloudBase HTTP access service): WeChat's PUBLISHJOBFINISH push at `/wechat/event`
 */
const routed = createFunction(articlesContract, { ...editorialActions, ...publishingActions, ...publicActions });

export const articles: CloudFunction = {
  ...routed,
  main: async (event, context) => (isHttpAccessEvent(event) ? ((await handleWechatPush(event, context)) as never) : routed.main(event, context)),
};

export const main = articles.main;
