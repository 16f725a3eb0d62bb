/**
 * WeChat error bodies (contract §0): HTTP 200, `{"errcode":N,"errmsg":"<text> rid: <id>"}`.
 */
import { randomBytes } from 'crypto';

/** Default errmsg per errcode (WeChat's own wording where the contract quotes it). */
export const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40004: 'invalid media type',
  40005: 'invalid file type',
  40006: 'invalid media size',
  40007: 'invalid media_id',
  40009: 'invalid image size',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40037: 'invalid template_id',
  40114: 'invalid index value',
  40125: 'invalid appsecret',
  40164: 'invalid ip, not in whitelist',
  40243: 'AppSecret已被冻结，请登录MP解冻后再次调用',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41005: 'media data missing',
  41030: 'invalid page',
  41039: 'invalid content_source_url',
  42001: 'access_token expired',
  43002: 'require POST method',
  43101: 'user refuse to accept the msg',
  44002: 'empty post data',
  44003: 'empty news data',
  45001: 'media size out of limit',
  45003: 'title size out of limit',
  45004: 'description size out of limit',
  45008: 'article size out of limit',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit mustslower retry next minute',
  45110: 'author size out of limit',
  45166: 'invalid content',
  47001: 'data format error',
  47003: 'argument invalid!',
  48001: 'api unauthorized',
  48004: 'api forbidden for irregularities',
  50002: 'user limited',
  53503: '该草稿未通过发布检查',
  53504: '需前往公众平台官网使用草稿',
  53505: '请手动保存成功后再发表',
  53600: 'Article ID 无效',
  88000: 'without comment privilege',
};

/** A WeChat business error; the dispatcher turns it into the error body. */
export class WxError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsgText: string = ERRMSG[errcode] ?? 'system error',
  ) {
    super(`${errcode} ${errmsgText}`);
  }
}

/** `xxxxxxxx-xxxxxxxx-xxxxxxxx`, as in current errmsgs (contract §0). */
export function rid(): string {
  const h = randomBytes(12).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 16)}-${h.slice(16, 24)}`;
}

/** The error body for an errcode, with the ` rid: …` suffix. */
export function errorBody(errcode: number, errmsg?: string): { errcode: number; errmsg: string } {
  return { errcode, errmsg: `${errmsg ?? ERRMSG[errcode] ?? 'system error'} rid: ${rid()}` };
}
