/**
 * Receiving the Official Account `PUBLISHJOBFINISH` event (contract §4.3).
 *
 * WeChat POSTs XML to the server URL configured in the MP console, with `signature`,
 * `timestamp` and `nonce` in the query string; signature = sha1 of the lexicographically sorted
 * `[token, timestamp, nonce]` joined. Production routes that URL to a function through the
 * CloudBase HTTP access service; locally the dev gateway forwards the stand-in's POST
 * (docs/wechat-standin.md). Reply `success` (or an empty body) within 5 s; WeChat retries, so
 * handlers dedupe on `publishId`.
 */
import { createHash, timingSafeEqual } from 'crypto';
import { XMLParser } from 'fast-xml-parser';

/** Query parameters WeChat signs a push with. */
export interface WechatSignatureParams {
  signature?: string;
  timestamp?: string;
  nonce?: string;
}

/** sha1(sort([token, timestamp, nonce]).join('')) as lowercase hex (contract §4.3). */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/**
 * Whether a push really comes from WeChat (or the stand-in): checks the signature in constant time.
 * @param token the "Token" configured in the MP console (服务器配置 → 令牌)
 * @param q the request's query parameters
 */
export function verifyWechatSignature(token: string, q: WechatSignatureParams): boolean {
  if (!q.signature || !q.timestamp || !q.nonce) return false;
  const expected = Buffer.from(wechatSignature(token, q.timestamp, q.nonce));
  const given = Buffer.from(String(q.signature).toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The event, parsed. `publishId` is a string whatever WeChat sent (int or string, §9.2). */
export interface PublishJobFinishEvent {
  /** The account's ghid. */
  toUserName: string;
  fromUserName: string;
  /** Seconds since epoch. */
  createTime: number;
  publishId: string;
  /** 0 success, 1 publishing, 2 originality check failed, 3 general failure, 4 review rejected, 5 deleted, 6 banned (§4.2). */
  publishStatus: number;
  /** Present on status 0. */
  articleId?: string;
  /** 1-based positions and URLs of the published articles (status 0). */
  articles: { idx: number; url: string }[];
  /** 1-based positions of failing articles (status 2 and 4). */
  failIdx: number[];
}

const parser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: true,
  isArray: (name) => name === 'item' || name === 'fail_idx',
});

/**
 * Parses a `PUBLISHJOBFINISH` push body (plaintext mode).
 * @returns the event, or `null` when the XML is some other message or event
 */
export function parsePublishJobFinish(xml: string): PublishJobFinishEvent | null {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return null;
  }
  const x = doc.xml as Record<string, unknown> | undefined;
  if (!x || x.MsgType !== 'event' || x.Event !== 'PUBLISHJOBFINISH') return null;
  const info = (x.PublishEventInfo ?? {}) as Record<string, unknown>;
  const detail = (info.article_detail ?? {}) as { item?: { idx?: string; article_url?: string }[] };
  const failIdx = ((info.fail_idx as string[] | undefined) ?? []).map(Number).filter((n) => Number.isFinite(n));
  return {
    toUserName: String(x.ToUserName ?? ''),
    fromUserName: String(x.FromUserName ?? ''),
    createTime: Number(x.CreateTime ?? 0),
    publishId: String(info.publish_id ?? ''),
    publishStatus: Number(info.publish_status),
    articleId: info.article_id !== undefined && info.article_id !== '' ? String(info.article_id) : undefined,
    articles: (detail.item ?? []).map((it) => ({ idx: Number(it.idx), url: String(it.article_url ?? '') })),
    failIdx,
  };
}
