/**
 * Draft articles (contract §3): validation of `draft/add` / `draft/update` articles and the
 * deterministic "what WeChat does to content" sanitizer of §3.3.
 */
import type sanitizeHtmlType from 'sanitize-html';
import { WxError } from './errors';
import { findMaterial } from './media';
import type { AccountConfig, Knobs, MediaRecord, StoredArticle } from './types';

// Loaded on the first draft: every stack starts the WeChat stand-in, few publish articles.
let sanitizer: typeof sanitizeHtmlType | undefined;
function sanitizeHtml(...args: Parameters<typeof sanitizeHtmlType>): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sanitizer ??= require('sanitize-html') as typeof sanitizeHtmlType;
  return sanitizer(...args);
}

/** Characters as counted for limits: code points (a Chinese character is 1). */
export function chars(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Tags WeChat drops with their content (§3.3 "Stand-in recommendation"). */
const REMOVED_TAGS = new Set([
  'script', 'style', 'link', 'iframe', 'frame', 'frameset', 'object', 'embed', 'form', 'input', 'button',
  'textarea', 'select', 'option', 'meta', 'base', 'defs', 'noscript',
]);

const MMBIZ_IMG = /^https?:\/\/mmbiz\.(qpic|qlogo)\.cn\//i;
const MP_LINK = /^https?:\/\/mp\.weixin\.qq\.com\//i;
const DROP = 'data-standin-drop';

/**
 * §3.3: removes scripts, styles, forms and frames with their content; removes `on*` and `id`
 * attributes; keeps `<img>` only for mmbiz hosts and moves `src` to `data-src`; strips `href`
 * from links that are not `mp.weixin.qq.com` (the text stays). Deterministic.
 */
export function sanitizeContent(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    transformTags: {
      '*': (tagName, attribs) => {
        const a: Record<string, string> = {};
        for (const [k, v] of Object.entries(attribs)) {
          const lk = k.toLowerCase();
          if (lk === 'id' || lk.startsWith('on')) continue;
          a[k] = v;
        }
        if (tagName === 'img') {
          const src = a.src ?? a['data-src'];
          delete a.src;
          if (src && MMBIZ_IMG.test(src)) a['data-src'] = src;
          else a[DROP] = '1';
        }
        if (tagName === 'a' && a.href !== undefined && !MP_LINK.test(a.href)) delete a.href;
        return { tagName, attribs: a };
      },
    },
    exclusiveFilter: (frame) => REMOVED_TAGS.has(frame.tag) || frame.attribs[DROP] !== undefined,
  });
}

/** Plain text of HTML (for the default digest). */
export function textOf(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new WxError(47001);
  return v;
}

function flag(v: unknown): number {
  if (v === undefined || v === null || v === '') return 0;
  const n = Number(v);
  if (n !== 0 && n !== 1) throw new WxError(47001);
  return n;
}

/**
 * Validates one article of `draft/add` or `draft/update` and returns what is stored (§3.1).
 * Errors: 47001 wrong shapes; 44003 empty title/content; 45003 title, 45110 author, 45004 digest
 * over their knobs; 45166 content too long; 41039 content_source_url > 1 KB; 40007 cover or
 * picture not a permanent image of this account; 88000 comments without the privilege.
 * @throws WxError
 */
export function validateArticle(
  raw: unknown,
  account: AccountConfig,
  knobs: Knobs,
  media: Record<string, MediaRecord>,
): StoredArticle {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new WxError(47001);
  const r = raw as Record<string, unknown>;
  const type = str(r.article_type) ?? 'news';
  if (type !== 'news' && type !== 'newspic') throw new WxError(47001);
  const title = str(r.title) ?? '';
  if (!title.trim()) throw new WxError(44003);
  if (chars(title) > knobs.titleMax) throw new WxError(45003);
  const author = str(r.author) ?? '';
  if (chars(author) > knobs.authorMax) throw new WxError(45110);
  const rawContent = str(r.content) ?? '';
  if (type === 'news' && !rawContent.trim()) throw new WxError(44003);
  if (chars(rawContent) > knobs.contentMaxChars || Buffer.byteLength(rawContent) > knobs.contentMaxBytes) throw new WxError(45166);
  const sourceUrl = str(r.content_source_url) ?? '';
  if (Buffer.byteLength(sourceUrl) > 1024) throw new WxError(41039);
  const digestIn = str(r.digest) ?? '';
  if (chars(digestIn) > knobs.digestMax) throw new WxError(45004);

  const isImage = (id: string | undefined): MediaRecord | undefined => {
    if (!id) return undefined;
    const m = findMaterial(media, account.appid, id);
    return m && (m.kind === 'image' || m.kind === 'thumb') ? m : undefined;
  };

  let thumbId = str(r.thumb_media_id) ?? '';
  let thumbUrl = '';
  let imageInfo: StoredArticle['image_info'];
  if (type === 'news') {
    const thumb = isImage(thumbId);
    if (!thumb) throw new WxError(40007);
    thumbUrl = thumb.url;
  } else {
    const info = r.image_info as { image_list?: unknown } | undefined;
    const list = info && Array.isArray(info.image_list) ? (info.image_list as { image_media_id?: unknown }[]) : [];
    if (list.length < 1 || list.length > 20) throw new WxError(40007);
    const ids = list.map((x) => (x && typeof x === 'object' ? str(x.image_media_id) : undefined));
    for (const id of ids) if (!isImage(id)) throw new WxError(40007);
    imageInfo = { image_list: ids.map((id) => ({ image_media_id: id as string })) };
    const cover = isImage(ids[0]);
    thumbId = thumbId || (ids[0] as string);
    thumbUrl = cover?.url ?? '';
  }

  const needComment = flag(r.need_open_comment);
  if (needComment === 1 && !account.commentPrivilege) throw new WxError(88000);

  const content = type === 'news' ? sanitizeContent(rawContent) : textOf(rawContent);
  const digest = digestIn || Array.from(textOf(content)).slice(0, 54).join('');
  const article: StoredArticle = {
    article_type: type,
    title,
    author,
    digest,
    content,
    content_source_url: sourceUrl,
    thumb_media_id: thumbId,
    thumb_url: thumbUrl,
    need_open_comment: needComment,
    only_fans_can_comment: flag(r.only_fans_can_comment),
    show_cover_pic: flag(r.show_cover_pic),
  };
  const crop235 = str(r.pic_crop_235_1);
  const crop11 = str(r.pic_crop_1_1);
  if (crop235) article.pic_crop_235_1 = crop235;
  if (crop11) article.pic_crop_1_1 = crop11;
  if (imageInfo) article.image_info = imageInfo;
  return article;
}
