/**
 * The Official Account's server push (contract §4.3), reaching this function through CloudBase's
 * HTTP access service (production: a route such as `/wechat/event` mapped to `articles`; locally
 * the dev gateway's `POST|GET /wechat/event`). The event is an integration request
 * `{ path, httpMethod, headers, queryStringParameters, body, isBase64Encoded }`, and the return
 * value is the HTTP response.
 *
 * - Every request must carry a valid signature (sha1 of the sorted token, timestamp, nonce;
 *   `WECHAT_EVENT_TOKEN` = the MP console's 服务器配置 → 令牌(Token)); otherwise 403.
 * - GET is the console's URL check: answer `echostr`.
 * - POST: `PUBLISHJOBFINISH` updates the job with that publish_id (duplicates and retries are
 *   no-ops, since the update is conditional on the job still being submitted); any other message
 *   or event is acknowledged. The answer is `success` (WeChat waits ≈ 5 s and retries 3 times).
 * Plaintext mode only (safe mode would need AES decryption here).
 */
import { cloud } from '../../_shared/cloud';
import { clockFrom } from '../../_shared/clock';
import { readIdentity } from '../../_shared/identity';
import { parsePublishJobFinish, verifyWechatSignature } from '../../_shared/wechat/event';
import { applyPublishEvent } from './publishing';
import { wechatConfig } from './wechat';
import type { ActionContext } from '../../_shared/context';

/** CloudBase HTTP access service integration request. */
export interface HttpAccessEvent {
  path: string;
  httpMethod: string;
  headers?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

/** Integration response. */
export interface HttpAccessResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function isHttpAccessEvent(event: unknown): event is HttpAccessEvent {
  const e = event as Partial<HttpAccessEvent> | null;
  return !!e && typeof e === 'object' && typeof e.httpMethod === 'string' && typeof e.path === 'string';
}

const text = (statusCode: number, body: string): HttpAccessResponse => ({ statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body });

/** Handles one push; never throws (WeChat only needs a status and `success`). */
export async function handleWechatPush(event: HttpAccessEvent, context: unknown): Promise<HttpAccessResponse> {
  const config = wechatConfig();
  const q = event.queryStringParameters ?? {};
  if (!config?.eventToken || !verifyWechatSignature(config.eventToken, q)) return text(403, 'forbidden');
  if (event.httpMethod.toUpperCase() === 'GET') return text(200, q.echostr ?? '');
  if (event.httpMethod.toUpperCase() !== 'POST') return text(405, 'method not allowed');
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const ev = parsePublishJobFinish(body);
  if (!ev) return text(200, 'success');
  const clock = clockFrom(context);
  const ctx: ActionContext = { fn: 'articles', action: 'wechatEvent', identity: readIdentity(context), now: clock.now, app: cloud(), raw: { event, context } };
  try {
    await applyPublishEvent(ctx, ev);
    return text(200, 'success');
  } catch (err) {
    console.error('[articles.wechatEvent]', err instanceof Error ? err.message : err);
    // Not `success`: WeChat retries, and the scheduled poll is the fallback anyway.
    return text(500, 'retry');
  }
}
