/**
 * The Official Account endpoint table of the WeChat stand-in (shared/reference/
 * wechat-official-account-and-messages.md §8): for each `/cgi-bin/<name>`, its method, account
 * kind, body kind and handler. The server (index.ts) runs the common pipeline (faults, token,
 * account checks, quotas, body parsing) and then the route's handler.
 */
import { WxError } from './errors';
import {
  MATERIAL_LIMITS,
  UPLOADIMG_MAX_BYTES,
  contentTypeOf,
  detectFormat,
  findMaterial,
  mmbizUrl,
  newId,
  type ParsedUpload,
} from './media';
import { validateArticle } from './drafts';
import { jobStatusBody, planOutcome } from './publish';
import { sendSubscribe } from './subscribe';
import type { MediaStore } from './store';
import {
  PublishStatus,
  type AccountConfig,
  type MediaRecord,
  type PublishJob,
  type WechatState,
} from './types';

export type Body = Record<string, unknown>;

/** One call as a route handler sees it, after the common checks. */
export interface Call {
  name: string;
  nowMs: number;
  query: URLSearchParams;
  account: AccountConfig;
  body: Body;
  upload?: ParsedUpload;
  ip: string;
}

/** One endpoint. */
export interface Route {
  method: 'GET' | 'POST' | 'ANY';
  /** `token` routes need a valid access_token of an account of `kind`. */
  kind?: AccountConfig['kind'];
  /** freepublish/*: verified profiles only (§4.5). */
  verified?: boolean;
  body: 'json' | 'json-optional' | 'multipart' | 'none';
  maxUploadBytes?: number;
  handle(c: Call): unknown;
}

function int(v: unknown, fallback: number): number {
  if (v === undefined || v === null || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new WxError(47001);
  return n;
}

/**
 * The endpoint table over the stand-in's state.
 * @param getState the current state (the server replaces it on reset)
 * @param files stored uploads (images, thumbs)
 */
export function officialAccountRoutes(getState: () => WechatState, files: MediaStore): Record<string, Route> {
  const mediaById = (appid: string, mediaId: unknown): MediaRecord => {
    const m = typeof mediaId === 'string' ? findMaterial(getState().media, appid, mediaId) : undefined;
    if (!m) throw new WxError(40007);
    return m;
  };

  const draftOf = (appid: string, mediaId: unknown) => {
    const d = typeof mediaId === 'string' ? getState().drafts[mediaId] : undefined;
    if (!d || d.appid !== appid) throw new WxError(40007);
    return d;
  };

  const jobOf = (appid: string, publishId: unknown): PublishJob => {
    const id = typeof publishId === 'number' || typeof publishId === 'string' ? String(publishId).trim() : '';
    const j = /^\d+$/.test(id) ? getState().jobs[id] : undefined;
    if (!j || j.appid !== appid) throw new WxError(40002, 'invalid argument');
    return j;
  };

  const publishedOf = (appid: string, articleId: unknown): PublishJob => {
    const j = Object.values(getState().jobs).find((x) => x.appid === appid && x.articleId !== undefined && x.articleId === articleId);
    if (!j) throw new WxError(53600);
    return j;
  };

  const newsItem = (j: PublishJob, i: number, withContent: boolean) => {
    const a = j.articles[i];
    const item = j.items?.[i];
    const out: Record<string, unknown> = {
      title: a.title,
      author: a.author,
      digest: a.digest,
      content_source_url: a.content_source_url,
      thumb_media_id: a.thumb_media_id,
      thumb_url: a.thumb_url,
      need_open_comment: a.need_open_comment,
      only_fans_can_comment: a.only_fans_can_comment,
      url: item?.url ?? '',
      is_deleted: item?.deleted || j.status === PublishStatus.USER_DELETED_ALL || j.status === PublishStatus.SYSTEM_BANNED_ALL,
    };
    if (withContent) out.content = a.content;
    return out;
  };

  const draftItem = (d: { mediaId: string; articles: WechatState['drafts'][string]['articles'] }, withContent: boolean) =>
    d.articles.map((a, i) => {
      const out: Record<string, unknown> = { ...a, url: `https://mp.weixin.qq.com/s?__biz=standin&tempkey=${encodeURIComponent(d.mediaId)}&idx=${i + 1}` };
      if (!withContent) delete out.content;
      return out;
    });

  const page = (body: Body, max = 20): { offset: number; count: number; noContent: boolean } => {
    const offset = int(body.offset, 0);
    const count = int(body.count, 20);
    if (offset < 0 || count < 1 || count > max) throw new WxError(40002, 'invalid argument');
    return { offset, count, noContent: int(body.no_content, 0) === 1 };
  };

  const ok = { errcode: 0, errmsg: 'ok' };

  const routes: Record<string, Route> = {
    // §2.1
    'media/uploadimg': {
      method: 'POST',
      kind: 'official_account',
      body: 'multipart',
      maxUploadBytes: UPLOADIMG_MAX_BYTES,
      handle: (c) => {
        const f = c.upload?.file;
        if (!f || f.data.length === 0) throw new WxError(41005);
        const format = detectFormat(f.data, f.filename);
        if (format !== 'jpg' && format !== 'png') throw new WxError(40005);
        if (f.truncated || f.data.length >= UPLOADIMG_MAX_BYTES) throw new WxError(40009);
        const fileKey = newId(24);
        const url = mmbizUrl(fileKey, format, false);
        files.put(fileKey, f.data);
        getState().media[fileKey] = {
          fileKey, appid: c.account.appid, kind: 'uploadimg', url, filename: f.filename,
          contentType: contentTypeOf(format, f.contentType), size: f.data.length, createdAtMs: c.nowMs,
        };
        return { ...ok, url };
      },
    },
    // §2.2
    'material/add_material': {
      method: 'POST',
      kind: 'official_account',
      body: 'multipart',
      maxUploadBytes: MATERIAL_LIMITS.image.maxBytes,
      handle: (c) => {
        const type = c.query.get('type') ?? '';
        if (!(type in MATERIAL_LIMITS)) throw new WxError(40004);
        const limits = MATERIAL_LIMITS[type as keyof typeof MATERIAL_LIMITS];
        const f = c.upload?.file;
        if (!f || f.data.length === 0) throw new WxError(41005);
        const format = detectFormat(f.data, f.filename);
        if (!limits.formats.includes(format)) throw new WxError(40005);
        if (f.truncated || f.data.length > limits.maxBytes) throw new WxError(45001);
        let title: string | undefined;
        let introduction: string | undefined;
        if (type === 'video') {
          try {
            const d = JSON.parse(c.upload?.fields.description ?? '') as { title?: unknown; introduction?: unknown };
            if (typeof d.title !== 'string' || !d.title) throw new Error('title');
            title = d.title;
            introduction = typeof d.introduction === 'string' ? d.introduction : '';
          } catch {
            throw new WxError(47001);
          }
        }
        const fileKey = newId(24);
        const mediaId = newId(32);
        const url = type === 'image' ? mmbizUrl(fileKey, format, true) : '';
        files.put(fileKey, f.data);
        getState().media[fileKey] = {
          fileKey, appid: c.account.appid, kind: type as MediaRecord['kind'], mediaId, url, filename: f.filename,
          contentType: contentTypeOf(format, f.contentType), size: f.data.length, createdAtMs: c.nowMs, title, introduction,
        };
        return { media_id: mediaId, url };
      },
    },
    'material/get_materialcount': {
      method: 'ANY',
      kind: 'official_account',
      body: 'none',
      handle: (c) => {
        const mine = Object.values(getState().media).filter((m) => m.appid === c.account.appid && m.mediaId);
        const count = (k: MediaRecord['kind']) => mine.filter((m) => m.kind === k).length;
        return { voice_count: count('voice'), video_count: count('video'), image_count: count('image') + count('thumb'), news_count: 0 };
      },
    },
    'material/del_material': {
      method: 'POST',
      kind: 'official_account',
      body: 'json',
      handle: (c) => {
        const m = mediaById(c.account.appid, c.body.media_id);
        delete getState().media[m.fileKey];
        files.delete(m.fileKey);
        return ok;
      },
    },
    // §3.1, §3.2
    'draft/add': {
      method: 'POST',
      kind: 'official_account',
      body: 'json',
      handle: (c) => {
        const list = c.body.articles;
        if (!Array.isArray(list) || list.length === 0) throw new WxError(47001);
        if (list.length > 8) throw new WxError(45008);
        const articles = list.map((a) => validateArticle(a, c.account, getState().knobs, getState().media));
        const mediaId = newId(48);
        getState().drafts[mediaId] = { mediaId, appid: c.account.appid, articles, createdAtMs: c.nowMs, updatedAtMs: c.nowMs };
        return { media_id: mediaId };
      },
    },
    'draft/get': {
      method: 'POST',
      kind: 'official_account',
      body: 'json',
      handle: (c) => {
        const d = draftOf(c.account.appid, c.body.media_id);
        return { news_item: draftItem(d, true) };
      },
    },
    'draft/update': {
      method: 'POST',
      kind: 'official_account',
      body: 'json',
      handle: (c) => {
        const d = draftOf(c.account.appid, c.body.media_id);
        const index = int(c.body.index, NaN);
        if (!Number.isInteger(index) || index < 0 || index >= d.articles.length) throw new WxError(40114);
        const a = c.body.articles;
        if (!a || typeof a !== 'object' || Array.isArray(a)) throw new WxError(47001);
        d.articles[index] = validateArticle(a, c.account, getState().knobs, getState().media);
        d.updatedAtMs = c.nowMs;
        return ok;
      },
    },
    'draft/delete': {
      method: 'POST',
      kind: 'official_account',
      body: 'json',
      handle: (c) => {
        const d = draftOf(c.account.appid, c.body.media_id);
        delete getState().drafts[d.mediaId];
        return ok;
      },
    },
    'draft/count': {
      method: 'ANY',
      kind: 'official_account',
      body: 'none',
      handle: (c) => ({ total_count: Object.values(getState().drafts).filter((d) => d.appid === c.account.appid).length }),
    },
    'draft/batchget': {
      method: 'POST',
      kind: 'official_account',
      body: 'json',
      handle: (c) => {
        const { offset, count, noContent } = page(c.body);
        const all = Object.values(getState().drafts)
          .filter((d) => d.appid === c.account.appid)
          .sort((a, b) => b.updatedAtMs - a.updatedAtMs);
        const item = all.slice(offset, offset + count).map((d) => ({
          media_id: d.mediaId,
          content: { news_item: draftItem(d, !noContent) },
          update_time: Math.floor(d.updatedAtMs / 1000),
        }));
        return { total_count: all.length, item_count: item.length, item };
      },
    },
    'draft/switch': {
      method: 'POST',
      kind: 'official_account',
      body: 'json-optional',
      handle: () => ({ ...ok, is_open: 1 }),
    },
    // §4.1
    'freepublish/submit': {
      method: 'POST',
      kind: 'official_account',
      verified: true,
      body: 'json',
      handle: (c) => {
        const d = draftOf(c.account.appid, c.body.media_id);
        const admin = getState().plannedOutcomes[d.mediaId];
        const planned = planOutcome(d.articles, admin);
        const delay = admin?.delaySeconds ?? getState().knobs.publishDelaySeconds;
        const publishId = ++getState().seq.publishId;
        const msgDataId = ++getState().seq.msgDataId;
        getState().jobs[String(publishId)] = {
          publishId, msgDataId, appid: c.account.appid, draftMediaId: d.mediaId,
          articles: structuredClone(d.articles), submittedAtMs: c.nowMs, dueAtMs: c.nowMs + delay * 1000,
          planned, status: PublishStatus.PUBLISHING, failIdx: [], updatedAtMs: c.nowMs,
        };
        const asString = getState().knobs.publishIdAsString;
        return { ...ok, publish_id: asString ? String(publishId) : publishId, msg_data_id: asString ? String(msgDataId) : msgDataId };
      },
    },
    // §4.2
    'freepublish/get': {
      method: 'POST',
      kind: 'official_account',
      verified: true,
      body: 'json',
      handle: (c) => jobStatusBody(jobOf(c.account.appid, c.body.publish_id), getState().knobs.publishIdAsString),
    },
    // §4.4
    'freepublish/batchget': {
      method: 'POST',
      kind: 'official_account',
      verified: true,
      body: 'json',
      handle: (c) => {
        const { offset, count, noContent } = page(c.body);
        const all = Object.values(getState().jobs)
          .filter((j) => j.appid === c.account.appid && j.articleId)
          .sort((a, b) => b.updatedAtMs - a.updatedAtMs);
        const item = all.slice(offset, offset + count).map((j) => ({
          article_id: j.articleId,
          content: { news_item: j.articles.map((_, i) => newsItem(j, i, !noContent)) },
          update_time: Math.floor(j.updatedAtMs / 1000),
        }));
        return { total_count: all.length, item_count: item.length, item };
      },
    },
    'freepublish/getarticle': {
      method: 'POST',
      kind: 'official_account',
      verified: true,
      body: 'json',
      handle: (c) => {
        const j = publishedOf(c.account.appid, c.body.article_id);
        return { news_item: j.articles.map((_, i) => newsItem(j, i, true)) };
      },
    },
    'freepublish/delete': {
      method: 'POST',
      kind: 'official_account',
      verified: true,
      body: 'json',
      handle: (c) => {
        const j = publishedOf(c.account.appid, c.body.article_id);
        const index = int(c.body.index, 0);
        const items = j.items ?? [];
        if (index < 0 || index > items.length) throw new WxError(40114);
        for (const it of items) if (index === 0 || it.idx === index) it.deleted = true;
        if (items.every((it) => it.deleted) && j.status === PublishStatus.SUCCESS) j.status = PublishStatus.USER_DELETED_ALL;
        j.updatedAtMs = c.nowMs;
        return ok;
      },
    },
    // §6.1
    'message/subscribe/send': {
      method: 'POST',
      kind: 'miniprogram',
      body: 'json',
      handle: (c) => sendSubscribe(getState(), c.body, c.nowMs, 'https'),
    },
  };
  return routes;
}
