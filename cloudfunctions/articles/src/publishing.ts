/**
 * Publishing an approved article to the Official Account (contract §2–§4), idempotently.
 *
 * One `publishJobs` document per article version (`_id` = `<articleId>-v<n>`) records each step's
 * result, so a retry resumes where the last attempt stopped and never repeats a step that
 * succeeded:
 *
 *   preparing ──(body images → media/uploadimg, cover → material/add_material, draft/add)──► drafted
 *   drafted ──(mode draftOnly)──► draftSaved
 *   drafted ──freepublish/submit──► submitted (publish_id) ──freepublish/get or PUBLISHJOBFINISH──► published | failed
 *   any step failing ──► failed (reason, retryable, canDraftOnly); a retry resumes from the first missing step
 *
 * Retries never publish twice: a job with a `publish_id` is never submitted again while WeChat
 * says it is publishing or published; only a definitive answer (an errcode from submit, or a final
 * failure status 2/3/4) allows submitting the same draft again. When submit got no answer at all
 * (timeout), the job is `submitUncertain`: the next attempt asks `draft/get` first — a draft that
 * left the draft box was published (§3.2) — and resubmits only when the draft is still there and
 * `UNCERTAIN_WAIT_MS` has passed since the unanswered call.
 *
 * A job runs under a short lease (conditional update), so two publishers pressing 发布 at once run
 * it once. The status poll is a timer action (`pollPublishJobs`, every minute); running it twice is
 * harmless (state changes are conditional on the state read).
 *
 * Longer than 500 lines: the publishing state machine against the Official Account (draft,
 * publish, poll, event, retry), whose steps share one job document and must be read together.
 */
import { deflateSync } from 'node:zlib';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit } from '../../_shared/access';
import { ARTICLE_LIMITS, articlesContract, DEFAULT_AUTHOR, type PublishView } from '../../_shared/contracts/articles';
import { COLLECTIONS, loadArticle, publishView, renderer, searchText, versionId, type ArticleDoc, type ArticleVersionDoc, type LiveSnapshot } from './common';
import { exampleArticle } from './editorial';
import { requireWechatConfig, WechatClient, WechatError, type UploadFile } from './wechat';
import type { ActionContext } from '../../_shared/context';
import { downloadStoredFile, insertOnce } from '../../_shared/db';

const A = articlesContract.actions;

export type JobState = 'preparing' | 'drafted' | 'submitting' | 'submitUncertain' | 'submitted' | 'published' | 'failed' | 'draftSaved';

/** `publishJobs` document. */
export interface PublishJobDoc {
  _id: string;
  articleId: string;
  version: number;
  mode: 'publish' | 'draftOnly';
  state: JobState;
  /** Body images uploaded so far (fileID → mmbiz URL); an array because fileIDs contain dots. */
  images: { fileId: string; url: string }[];
  coverMediaId?: string;
  draftMediaId?: string;
  publishId?: string;
  /** Real ms of the last submit call without an answer. */
  uncertainSinceMs?: number;
  /** freepublish/submit calls that WeChat accepted. */
  submits: number;
  url?: string;
  wechatArticleId?: string;
  reason?: string;
  errcode?: number;
  retryable?: boolean;
  canDraftOnly?: boolean;
  /** Real ms until which one invocation owns the job. */
  leaseUntilMs: number;
  createdAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
}

/** How long after an unanswered submit we wait before concluding it never arrived (real time). */
export const UNCERTAIN_WAIT_MS = 10 * 60_000;
const LEASE_MS = 30_000;
const IMAGE_MAX_BYTES = 1024 * 1024; // §2.1 uploadimg: < 1 MB, JPG/PNG
const COVER_MAX_BYTES = 10 * 1024 * 1024; // §2.2 image material ≤ 10 MB

/** Why a publish failed, in Chinese, and what the publisher can do (contract §0, §1.4, §4.5). */
export function guidance(err: WechatError): { reason: string; retryable: boolean; canDraftOnly: boolean } {
  const code = err.errcode;
  const onPublish = err.endpoint.startsWith('freepublish');
  switch (code) {
    case 48001:
      return onPublish
        ? {
            reason:
              '公众号没有“发布”接口权限（48001）：未认证的订阅号或个人主体公众号不能通过接口发布。可选择“仅存草稿”，由管理员在公众号后台手动发表；完成微信认证后可重新发布。',
            retryable: false,
            canDraftOnly: true,
          }
        : { reason: `公众号没有调用该接口（${err.endpoint}）的权限（48001），请在公众号后台确认接口权限。`, retryable: false, canDraftOnly: false };
    case 40164:
      return {
        reason:
          '调用来源 IP 不在公众号 IP 白名单中（40164）。生产环境须在云开发控制台为云函数开启“固定出口 IP”，并把该 IP 加入公众号后台“设置与开发 → 基本配置 → IP 白名单”，然后重试。',
        retryable: true,
        canDraftOnly: false,
      };
    case 40013:
    case 40125:
    case 41002:
    case 41004:
      return { reason: `公众号 AppID 或 AppSecret 配置有误（${code}），请管理员检查云函数的公众号配置。`, retryable: false, canDraftOnly: false };
    case 40243:
      return { reason: '公众号 AppSecret 已被冻结（40243），请管理员在公众号后台解冻或重置后重试。', retryable: true, canDraftOnly: false };
    case 45009:
    case 45011:
      return { reason: `微信接口调用次数已达上限（${code}），请稍后重试。`, retryable: true, canDraftOnly: false };
    case 45003:
    case 45004:
    case 45110:
      return { reason: `标题、摘要或作者超出公众号长度限制（${code}），请修改后重新提交审核。`, retryable: false, canDraftOnly: false };
    case 45166:
      return { reason: '正文内容不被公众号接受（45166）：可能过长（须少于 2 万字符）或含不支持的内容，请修改后重新提交审核。', retryable: false, canDraftOnly: false };
    case 40005:
    case 40009:
    case 45001:
      return { reason: `图片格式或大小不符合公众号要求（${code}）：正文图片须为 1 MB 以内的 JPG/PNG。`, retryable: false, canDraftOnly: false };
    case 53503:
    case 53504:
    case 53505:
      return { reason: `草稿未通过公众号发布检查（${code}），请在公众号后台查看草稿并处理后重试。`, retryable: true, canDraftOnly: true };
    case -1:
    case -2:
      return { reason: `微信服务暂时不可用（${code === -2 ? '无响应' : '系统繁忙'}），请稍后重试；重试不会重复发布。`, retryable: true, canDraftOnly: false };
    default:
      return { reason: `微信接口返回错误 ${code}（${err.endpoint}），请稍后重试。`, retryable: true, canDraftOnly: false };
  }
}

/** The publish_status values that end a job unsuccessfully (§4.2), with the publisher's reason. */
const FINAL_FAILURES: Record<number, string> = {
  2: '公众号原创校验未通过（发布状态 2），请修改后重新提交审核。',
  3: '公众号发布失败（发布状态 3，常规失败），可稍后重试。',
  4: '公众号平台审核未通过（发布状态 4），请修改内容后重新提交审核。',
  5: '文章已在公众号被删除（发布状态 5）。',
  6: '文章已被公众号平台封禁（发布状态 6）。',
};

// ---------------------------------------------------------------------------------------------
// Default cover: a plain PNG in the product's blue, made here so no binary ships in the repo.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A 900×383 (2.35:1, the cover ratio) PNG in #0052d9. */
export function defaultCoverPng(width = 900, height = 383): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([0x00, 0x52, 0xd9], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

/** JPG or PNG by magic bytes. */
export function imageKind(bytes: Buffer): 'png' | 'jpg' | 'gif' | 'bmp' | undefined {
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (bytes.length >= 6 && bytes.toString('ascii', 0, 3) === 'GIF') return 'gif';
  if (bytes.length >= 2 && bytes.toString('ascii', 0, 2) === 'BM') return 'bmp';
  return undefined;
}

/**
 * Checks a body image against `media/uploadimg` (§2.1: JPG/PNG, < 1 MB) before sending it.
 * @returns a Chinese reason when it cannot be uploaded
 */
export function bodyImageProblem(bytes: Buffer, position: number): string | undefined {
  const kind = imageKind(bytes);
  if (kind !== 'png' && kind !== 'jpg') return `第 ${position} 张正文图片不是 JPG/PNG 格式，公众号不接受，请转换后重新上传`;
  if (bytes.length >= IMAGE_MAX_BYTES) return `第 ${position} 张正文图片为 ${(bytes.length / 1024 / 1024).toFixed(1)} MB，超过公众号 1 MB 的限制，请压缩后重新上传`;
  return undefined;
}

class PublishStop extends Error {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
    readonly canDraftOnly = false,
    readonly errcode?: number,
  ) {
    super(reason);
  }
}

// ---------------------------------------------------------------------------------------------

function jobs(ctx: ActionContext) {
  return ctx.app.database().collection(COLLECTIONS.publishJobs);
}

async function loadJob(ctx: ActionContext, id: string): Promise<PublishJobDoc | undefined> {
  const res = await jobs(ctx).where({ _id: id }).limit(1).get();
  return res.data?.[0] as PublishJobDoc | undefined;
}

async function saveJob(ctx: ActionContext, job: PublishJobDoc, patch: Partial<PublishJobDoc>): Promise<void> {
  Object.assign(job, patch, { updatedAt: ctx.now() });
  const { _id, ...rest } = patch as PublishJobDoc;
  void _id;
  await jobs(ctx).doc(job._id).update({ ...rest, updatedAt: job.updatedAt });
}

async function download(ctx: ActionContext, fileID: string): Promise<Buffer> {
  try {
    return await downloadStoredFile(ctx, fileID, '图片');
  } catch {
    throw new PublishStop(`无法读取图片文件（${fileID.split('/').pop()}），请重新上传后再提交`, false);
  }
}

function upload(bytes: Buffer, name: string): UploadFile {
  const kind = imageKind(bytes) ?? 'png';
  return { filename: `${name}.${kind}`, contentType: kind === 'jpg' ? 'image/jpeg' : `image/${kind}`, bytes };
}

/** The version being published (the versions collection; the article itself as a fallback). */
async function loadVersion(ctx: ActionContext, article: ArticleDoc, version: number): Promise<ArticleVersionDoc> {
  const res = await ctx.app.database().collection(COLLECTIONS.articleVersions).where({ _id: versionId(article._id, version) }).limit(1).get();
  const v = res.data?.[0] as ArticleVersionDoc | undefined;
  if (v) return v;
  return {
    _id: versionId(article._id, version),
    articleId: article._id,
    version,
    title: article.title,
    author: article.author,
    digest: article.digest,
    tags: article.tags,
    coverFileId: article.coverFileId,
    markdown: article.markdown,
    html: article.html,
    text: article.text,
    images: article.images,
    savedBy: article.createdBy,
    savedAt: article.updatedAt,
  };
}

/** Reflects a job on its article (publish state; on success the live snapshot). */
async function syncArticle(ctx: ActionContext, job: PublishJobDoc): Promise<void> {
  const db = ctx.app.database();
  const now = ctx.now();
  const publish: ArticleDoc['publish'] = { state: 'none', version: job.version, at: now };
  switch (job.state) {
    case 'published':
      publish.state = 'published';
      if (job.url) publish.url = job.url;
      break;
    case 'draftSaved':
      publish.state = 'draftSaved';
      break;
    case 'failed':
      publish.state = 'failed';
      if (job.reason) publish.reason = job.reason;
      if (job.errcode !== undefined) publish.errcode = job.errcode;
      publish.retryable = !!job.retryable;
      if (job.canDraftOnly) publish.canDraftOnly = true;
      break;
    default:
      publish.state = 'publishing';
  }
  const article = await loadArticle(ctx, job.articleId);
  const patch: Record<string, unknown> = { publish, updatedAt: now };
  if (job.state === 'published' || job.state === 'draftSaved') {
    // Readers see the published version in the mini-program (a draft-only version too: the county
    // publishes it by hand in the MP console; our copy is the one readers reach from the app).
    if (!article.live || article.live.version !== job.version || article.live.wechatUrl !== job.url) {
      const v = await loadVersion(ctx, article, job.version);
      const live: LiveSnapshot = {
        version: v.version,
        title: v.title,
        author: v.author,
        digest: v.digest || renderer().digestOf(v.text),
        tags: v.tags,
        html: v.html,
        publishedAt: article.live?.version === job.version ? article.live.publishedAt : now,
      };
      if (v.coverFileId) live.coverFileId = v.coverFileId;
      if (job.url) live.wechatUrl = job.url;
      Object.assign(patch, { live, isLive: true, liveAt: live.publishedAt, liveTags: live.tags, liveSearch: searchText(v.title, live.digest, v.text) });
    }
    if (article.version === job.version) patch.status = 'published';
  }
  await db.collection(COLLECTIONS.articles).doc(article._id).update(patch);
}

/** Takes the job's lease; false when another invocation holds it. */
async function takeLease(ctx: ActionContext, job: PublishJobDoc): Promise<boolean> {
  const _ = ctx.app.database().command;
  const until = Date.now() + LEASE_MS;
  const res = await jobs(ctx).where({ _id: job._id, leaseUntilMs: _.lt(Date.now()) }).update({ leaseUntilMs: until });
  if (res.updated) job.leaseUntilMs = until;
  return !!res.updated;
}

async function releaseLease(ctx: ActionContext, job: PublishJobDoc): Promise<void> {
  await jobs(ctx).doc(job._id).update({ leaseUntilMs: 0 });
  job.leaseUntilMs = 0;
}

/** Applies a publish status (§4.2) to a submitted job; no-op when the job already ended. */
async function applyStatus(ctx: ActionContext, job: PublishJobDoc, s: { status: number; articleId?: string; urls: string[] }): Promise<boolean> {
  if (s.status === 1) return false;
  const from = job.state;
  if (from !== 'submitted' && from !== 'submitUncertain') return false;
  const patch: Partial<PublishJobDoc> =
    s.status === 0
      ? { state: 'published', url: s.urls[0] ?? '', wechatArticleId: s.articleId ?? '', finishedAt: ctx.now() }
      : { state: 'failed', reason: FINAL_FAILURES[s.status] ?? `公众号发布失败（发布状态 ${s.status}）`, retryable: s.status === 3, canDraftOnly: false, finishedAt: ctx.now() };
  // Conditional on the state read, so the poll and the pushed event never apply it twice.
  const res = await jobs(ctx)
    .where({ _id: job._id, state: from, publishId: job.publishId })
    .update({ ...patch, updatedAt: ctx.now() });
  if (!res.updated) return false;
  Object.assign(job, patch);
  await syncArticle(ctx, job);
  return true;
}

/**
 * Runs (or resumes) the job of the article's approved version as far as it goes now.
 * @returns the article's publish view afterwards
 */
async function runJob(ctx: ActionContext, article: ArticleDoc, mode: 'publish' | 'draftOnly'): Promise<PublishView> {
  const config = requireWechatConfig();
  const client = new WechatClient(ctx.app, config, ctx.now);
  const id = versionId(article._id, article.version);
  let job = await loadJob(ctx, id);
  if (!job) {
    const fresh: PublishJobDoc = { _id: id, articleId: article._id, version: article.version, mode, state: 'preparing', images: [], submits: 0, leaseUntilMs: 0, createdAt: ctx.now(), updatedAt: ctx.now() };
    job = (await insertOnce(ctx.app.database(), COLLECTIONS.publishJobs, fresh)) ? fresh : (await loadJob(ctx, id))!; // or created concurrently
  }
  if (job.state === 'published' || (job.state === 'draftSaved' && mode === 'draftOnly')) {
    await syncArticle(ctx, job);
    return publishView(await loadArticle(ctx, article._id));
  }
  if (!(await takeLease(ctx, job))) return { state: 'publishing', version: job.version };
  try {
    if (job.mode !== mode) await saveJob(ctx, job, { mode });
    await advance(ctx, client, article, job);
  } catch (err) {
    let stop: PublishStop;
    if (err instanceof PublishStop) stop = err;
    else if (err instanceof WechatError) {
      const g = guidance(err);
      stop = new PublishStop(g.reason, g.retryable, g.canDraftOnly, err.errcode);
      if (err.endpoint === 'freepublish/submit' && err.noAnswer) {
        // No answer: WeChat may have accepted it. Do not resubmit blindly (see file header).
        await saveJob(ctx, job, { state: 'submitUncertain', uncertainSinceMs: Date.now() });
        await syncArticle(ctx, job);
        return publishView(await loadArticle(ctx, article._id));
      }
    } else throw err;
    const patch: Partial<PublishJobDoc> = { state: 'failed', reason: stop.reason, retryable: stop.retryable, canDraftOnly: stop.canDraftOnly };
    if (stop.errcode !== undefined) patch.errcode = stop.errcode;
    await saveJob(ctx, job, patch);
    await syncArticle(ctx, job);
  } finally {
    await releaseLease(ctx, job).catch(() => undefined);
  }
  return publishView(await loadArticle(ctx, article._id));
}

/** The steps; each is skipped when its result is already recorded. */
async function advance(ctx: ActionContext, client: WechatClient, article: ArticleDoc, job: PublishJobDoc): Promise<void> {
  if (job.state === 'submitted') {
    await applyStatus(ctx, job, await client.publishStatus(job.publishId!));
    await syncArticle(ctx, job);
    return;
  }
  if ((job.state === 'submitUncertain' || job.state === 'submitting') && job.draftMediaId) {
    const draft = await client.getDraft(job.draftMediaId);
    if (!draft) {
      // The draft left the box: the unanswered submit was published (§3.2). Find its URL.
      const found = await findPublished(client, article.title);
      await saveJob(ctx, job, { state: 'published', url: found?.url, wechatArticleId: found?.articleId, finishedAt: ctx.now() });
      await syncArticle(ctx, job);
      return;
    }
    if (Date.now() - (job.uncertainSinceMs ?? 0) < UNCERTAIN_WAIT_MS) {
      await syncArticle(ctx, job);
      return; // still publishing, probably: the poll will find out
    }
  }

  const v = await loadVersion(ctx, article, job.version);
  const content = v.html;

  // 1. Body images (§2.1), each once.
  const have = new Map(job.images.map((i) => [i.fileId, i.url]));
  for (const [i, fileId] of v.images.entries()) {
    if (have.has(fileId)) continue;
    const bytes = await download(ctx, fileId);
    const problem = bodyImageProblem(bytes, i + 1);
    if (problem) throw new PublishStop(problem, false);
    const url = await client.uploadImage(upload(bytes, `image-${i + 1}`));
    have.set(fileId, url);
    await saveJob(ctx, job, { images: [...have].map(([f, u]) => ({ fileId: f, url: u })) });
  }

  // 2. Cover (§2.2, permanent image material).
  if (!job.coverMediaId) {
    let bytes = defaultCoverPng();
    if (v.coverFileId) {
      bytes = await download(ctx, v.coverFileId);
      const kind = imageKind(bytes);
      if (!kind) throw new PublishStop('封面图片格式不受支持，请上传 JPG/PNG 图片', false);
      if (bytes.length > COVER_MAX_BYTES) throw new PublishStop('封面图片超过 10 MB，请压缩后重新上传', false);
    }
    const mediaId = await client.addImageMaterial(upload(bytes, 'cover'));
    await saveJob(ctx, job, { coverMediaId: mediaId });
  }

  // 3. Draft (§3.1).
  if (!job.draftMediaId) {
    const wechatHtml = renderer().toWechatContent(content, Object.fromEntries(have));
    if (renderer().charCount(wechatHtml) >= ARTICLE_LIMITS.wechatContent) {
      throw new PublishStop(`正文排版后为 ${renderer().charCount(wechatHtml)} 字符，超过公众号 2 万字符的限制，请精简或分篇后重新提交审核`, false);
    }
    const mediaId = await client.addDraft({
      article_type: 'news',
      title: v.title,
      author: v.author || DEFAULT_AUTHOR,
      digest: v.digest || renderer().digestOf(v.text),
      content: wechatHtml,
      thumb_media_id: job.coverMediaId,
      need_open_comment: 0,
      only_fans_can_comment: 0,
    });
    await saveJob(ctx, job, { draftMediaId: mediaId, state: 'drafted' });
  }

  // 4. Draft only: done.
  if (job.mode === 'draftOnly') {
    await saveJob(ctx, job, { state: 'draftSaved', finishedAt: ctx.now() });
    await syncArticle(ctx, job);
    return;
  }

  // 5. Submit (§4.1). Reaching here means no submission is pending: never submitted, or the last
  //    one ended in a definitive failure.
  await saveJob(ctx, job, { state: 'submitting', uncertainSinceMs: Date.now() });
  const publishId = await client.submit(job.draftMediaId!);
  await saveJob(ctx, job, { state: 'submitted', publishId, submits: (job.submits ?? 0) + 1 });
  await syncArticle(ctx, job);
}

/** Looks for a published article by title among the latest ones (`freepublish/batchget`, §4.4). */
async function findPublished(client: WechatClient, title: string): Promise<{ url?: string; articleId?: string } | undefined> {
  try {
    const r = await client.call('freepublish/batchget', { offset: 0, count: 20, no_content: 1 });
    const items = (r.item ?? []) as { article_id?: string; content?: { news_item?: { title?: string; url?: string }[] } }[];
    for (const it of items) {
      const n = it.content?.news_item?.find((x) => x.title === title);
      if (n) return { url: n.url, articleId: it.article_id };
    }
  } catch {
    /* unknown: the poll will keep the job published without a URL */
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Actions

export const publishArticle = action(A.publishArticle, {
  access: { roles: ['publisher'] },
  example: async (w) => ({ articleId: await exampleArticle(w, 'approved') }),
  handler: async (input, ctx): Promise<PublishView> => {
    const article = await loadArticle(ctx, input.articleId);
    if (article.status !== 'approved' && article.status !== 'published') {
      throw new AppError('NOT_APPROVED', article.status === 'inReview' ? '文章尚在审核中，审核通过后才能发布' : '文章未经审核通过，不能发布');
    }
    const view = await runJob(ctx, article, input.mode);
    await audit(ctx, { op: 'write', target: { kind: 'article', id: article._id }, refs: { publish: input.mode, version: String(article.version), state: view.state } });
    return view;
  },
});

export const refreshPublishStatus = action(A.refreshPublishStatus, {
  access: { roles: ['publisher', 'reviewer'] },
  example: async (w) => ({ articleId: await exampleArticle(w, 'approved') }),
  handler: async (input, ctx): Promise<PublishView> => {
    const article = await loadArticle(ctx, input.articleId);
    const job = await loadJob(ctx, versionId(article._id, article.publish?.version ?? article.version));
    if (job && (job.state === 'submitted' || job.state === 'submitUncertain') && job.publishId) {
      const client = new WechatClient(ctx.app, requireWechatConfig(), ctx.now);
      await applyStatus(ctx, job, await client.publishStatus(job.publishId));
      return publishView(await loadArticle(ctx, article._id));
    }
    return publishView(article);
  },
});

/** Jobs the poll looks at per run. */
const POLL_BATCH = 20;

export const pollPublishJobs = action(A.pollPublishJobs, {
  access: { internal: true },
  example: () => ({}),
  handler: async (_input, ctx): Promise<{ checked: number; finished: number }> => {
    const _ = ctx.app.database().command;
    const res = await jobs(ctx)
      .where({ state: _.in(['submitted', 'submitUncertain']) })
      .orderBy('updatedAt', 'asc')
      .limit(POLL_BATCH)
      .get();
    const pending = (res.data ?? []) as PublishJobDoc[];
    if (pending.length === 0) return { checked: 0, finished: 0 };
    const client = new WechatClient(ctx.app, requireWechatConfig(), ctx.now);
    let finished = 0;
    for (const job of pending) {
      try {
        if (job.state === 'submitted' && job.publishId) {
          if (await applyStatus(ctx, job, await client.publishStatus(job.publishId))) finished++;
        } else if (job.state === 'submitUncertain' && job.draftMediaId && !(await client.getDraft(job.draftMediaId))) {
          const article = await loadArticle(ctx, job.articleId);
          const found = await findPublished(client, article.title);
          const r = await jobs(ctx).where({ _id: job._id, state: 'submitUncertain' }).update({ state: 'published', url: found?.url ?? '', finishedAt: ctx.now(), updatedAt: ctx.now() });
          if (r.updated) {
            Object.assign(job, { state: 'published', url: found?.url });
            await syncArticle(ctx, job);
            finished++;
          }
        }
      } catch (err) {
        console.error('[articles.pollPublishJobs]', job._id, err instanceof Error ? err.message : err);
      }
    }
    return { checked: pending.length, finished };
  },
});

/**
 * PUBLISHJOBFINISH (§4.3) for a verified push: applies the status to the job with this publish_id.
 * @returns true when it changed a job (false for duplicates and unknown ids)
 */
export async function applyPublishEvent(ctx: ActionContext, ev: { publishId: string; publishStatus: number; articleId?: string; articles: { url: string }[] }): Promise<boolean> {
  const res = await jobs(ctx).where({ publishId: ev.publishId }).limit(1).get();
  const job = res.data?.[0] as PublishJobDoc | undefined;
  if (!job) return false;
  return applyStatus(ctx, job, { status: ev.publishStatus, articleId: ev.articleId, urls: ev.articles.map((a) => a.url) });
}

export const publishingActions = { publishArticle, refreshPublishStatus, pollPublishJobs };
