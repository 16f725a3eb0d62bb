/**
 * Sending mini-program subscribe messages from a cloud function.
 *
 * One path only (notifications.md): `app.callWxOpenApi` (node-sdk action `wx.api`, apiName
 * `/cgi-bin/message/subscribe/send`, requestData = the HTTPS body of contract §6.1). Locally the
 * CloudBase stand-in hands the call to the WeChat stand-in, which validates and counts credits.
 *
 * Our side shortens over-long values with "…" inside the keyword's limit instead of letting
 * WeChat reject them (issue text: "a value longer than its field limit is shortened, not
 * rejected"), and returns a result to record. Nothing here writes to the database.
 */
import { dayjs, BUSINESS_TZ } from '../time';
import {
  FIELD_LIMITS,
  NAME_LATIN_LIMIT,
  SUBSCRIBE_TEMPLATES,
  resolveTemplateId,
  type SubscribeFieldType,
  type TemplateIdMap,
  type TemplateKey,
} from './templates';

/** The apiName node-sdk sends for the subscribe-message API. */
export const SUBSCRIBE_SEND_API = '/cgi-bin/message/subscribe/send';

/** Ellipsis used when shortening (one character). */
export const ELLIPSIS = '…';

/**
 * Errcodes caused by the user or by our data (contract §6.1): retrying cannot help, so they are
 * recorded and never retried. 43101 = no subscription credit; 43104 = the openid is not this
 * app's (appid/openid mismatch), recorded as "not subscribed" too; 47003 = bad field; 40003 = bad
 * openid; 40037 = bad template id; 41030 = bad page; 47001 = malformed body.
 */
export const NON_RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([43101, 43104, 47003, 40003, 40037, 41030, 47001]);

/** Errcodes worth one more try: -1 system busy (contract §0 common errcodes). */
export const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1]);

/** A value a caller may give for a keyword; Dates are formatted for `time`/`date` keywords. */
export type FieldInput = string | number | Date;

/** `data` as WeChat wants it: `{ thing1: { value: '…' } }`. */
export type TemplateData = Record<string, { value: string }>;

/** The part of the node-sdk app this module needs (so tests can pass a stub). */
export interface WxOpenApiCaller {
  callWxOpenApi(options: { apiName: string; requestData: unknown }): Promise<unknown>;
}

/** What the notifications domain records about one push. */
export interface SubscribeSendResult {
  status: 'sent' | 'failed';
  /** 0 when sent; WeChat's errcode otherwise; -1 when the call itself failed. */
  errcode: number;
  errmsg: string;
  /** How many calls were made (1, or 2 after a retried -1). */
  attempts: number;
  templateId: string;
  /** The data actually sent (after shortening/formatting). */
  data: TemplateData;
}

/** Number of characters as WeChat counts them: Unicode code points (a Chinese char is 1). */
export function charCount(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

const HAN = /\p{Script=Han}/u;

/** User-perceived characters (grapheme clusters), so shortening never splits an emoji sequence. */
function graphemes(value: string): string[] {
  const Segmenter = (Intl as unknown as { Segmenter?: new (l?: string, o?: { granularity: string }) => { segment(s: string): Iterable<{ segment: string }> } }).Segmenter;
  if (Segmenter) return Array.from(new Segmenter('zh', { granularity: 'grapheme' }).segment(value), (s) => s.segment);
  return Array.from(value); // code points: still never splits a surrogate pair
}

/**
 * Shortens `value` to at most `limit` characters (code points). When it is too long the result
 * ends with `ellipsis` and the whole result (ellipsis included) fits the limit. Cuts only between
 * grapheme clusters, so a non-BMP character (emoji, rare Han ideograph) is never split.
 * @param value text to shorten
 * @param limit maximum characters, ≥ 1
 * @param ellipsis appended when shortened; `''` to cut without a mark
 */
export function shortenToLimit(value: string, limit: number, ellipsis: string = ELLIPSIS): string {
  if (charCount(value) <= limit) return value;
  const room = Math.max(0, limit - charCount(ellipsis));
  let out = '';
  let used = 0;
  for (const g of graphemes(value)) {
    const n = charCount(g);
    if (used + n > room) break;
    out += g;
    used += n;
  }
  return out + (limit >= charCount(ellipsis) ? ellipsis : '');
}

/** Newlines and control characters are rejected by WeChat for every type (contract §6.1). */
function clean(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/** `YYYY年M月D日 HH:mm` in Asia/Shanghai: valid for both `time` and `date` keywords (§6.1). */
export function formatWechatTime(at: Date): string {
  return dayjs(at).tz(BUSINESS_TZ).format('YYYY年M月D日 HH:mm');
}

/** `YYYY年M月D日` in Asia/Shanghai: valid for `date` keywords only (a `time` needs a clock part). */
export function formatWechatDate(at: Date): string {
  return dayjs(at).tz(BUSINESS_TZ).format('YYYY年M月D日');
}

/**
 * Formats one keyword value and shortens it to its type's limit (contract §6.1):
 * `thing` ≤ 20 and `name` ≤ 10 (≤ 20 without Chinese) end with "…"; `phrase` ≤ 5 is cut without
 * a mark (it must stay pure Chinese); `character_string` ≤ 32 ends with "..." (ASCII only);
 * `symbol` ≤ 5 is cut. Numbers, phone and car numbers are never cut (a shortened number is a
 * different number): WeChat's 47003 is recorded instead. Dates become `YYYY年M月D日 HH:mm`
 * (`date` keywords: `YYYY年M月D日`).
 */
export function formatFieldValue(type: SubscribeFieldType, input: FieldInput): string {
  if (input instanceof Date) return type === 'date' ? formatWechatDate(input) : formatWechatTime(input);
  const value = clean(String(input));
  switch (type) {
    case 'thing':
      return shortenToLimit(value, FIELD_LIMITS.thing!);
    case 'name':
      return shortenToLimit(value, HAN.test(value) ? FIELD_LIMITS.name! : NAME_LATIN_LIMIT);
    case 'phrase':
      return shortenToLimit(value, FIELD_LIMITS.phrase!, '');
    case 'character_string':
      return shortenToLimit(value, FIELD_LIMITS.character_string!, '...');
    case 'symbol':
      return shortenToLimit(value, FIELD_LIMITS.symbol!, '');
    default:
      return value;
  }
}

/**
 * Builds `data` for a catalogue template: every keyword of the template, formatted and shortened.
 * @param key catalogue key
 * @param values one value per keyword (`{ thing1: '王*明', time2: new Date(…) }`)
 * @throws Error when a keyword of the template has no value (a programming error)
 */
export function formatTemplateData(key: TemplateKey, values: Record<string, FieldInput>): TemplateData {
  const out: TemplateData = {};
  for (const field of SUBSCRIBE_TEMPLATES[key].fields) {
    const v = values[field.key];
    if (v === undefined || v === null) throw new Error(`subscribe template ${key}: missing value for ${field.key}`);
    out[field.key] = { value: formatFieldValue(field.type, v) };
  }
  return out;
}

/** One message to send. */
export interface SubscribeMessageInput {
  /** The recipient's mini-program openid. */
  touser: string;
  template: TemplateKey;
  values: Record<string, FieldInput>;
  /** Page to open from the card, e.g. `pages/visit/detail?id=1`; omitted = no jump. */
  page?: string;
  /** developer | trial | formal (default formal). */
  miniprogramState?: 'developer' | 'trial' | 'formal';
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
}

/** Options for `sendSubscribeMessage`. */
export interface SubscribeSendOptions {
  /** Real template ids (configuration); placeholders otherwise. */
  templateIds?: TemplateIdMap;
  /** Total calls allowed for retryable failures (-1, transport errors). Default 2. */
  maxAttempts?: number;
}

function errorText(e: unknown): string {
  if (e && typeof e === 'object') {
    const o = e as { code?: unknown; message?: unknown };
    return [o.code, o.message].filter((x) => x !== undefined && x !== '').join(': ') || String(e);
  }
  return String(e);
}

/**
 * Sends one subscribe message through `app.callWxOpenApi` and returns what to record.
 * Never throws for WeChat or transport failures. User-caused errcodes (43101 no credit, 47003
 * bad field, … see NON_RETRYABLE_ERRCODES) are returned at once; -1 and transport failures are
 * tried again up to `maxAttempts` calls in total.
 * @param app node-sdk app (`ctx.app`) or anything with `callWxOpenApi`
 * @param msg recipient, template and values (values are shortened to their limits)
 * @throws Error only for programming errors (unknown template key, missing keyword value)
 */
export async function sendSubscribeMessage(
  app: WxOpenApiCaller,
  msg: SubscribeMessageInput,
  options: SubscribeSendOptions = {},
): Promise<SubscribeSendResult> {
  if (!SUBSCRIBE_TEMPLATES[msg.template]) throw new Error(`unknown subscribe template: ${msg.template}`);
  const templateId = resolveTemplateId(msg.template, options.templateIds);
  const data = formatTemplateData(msg.template, msg.values);
  const body: Record<string, unknown> = { touser: msg.touser, template_id: templateId, data };
  if (msg.page) body.page = msg.page;
  if (msg.miniprogramState) body.miniprogram_state = msg.miniprogramState;
  if (msg.lang) body.lang = msg.lang;

  const maxAttempts = Math.max(1, options.maxAttempts ?? 2);
  let attempts = 0;
  let last: { errcode: number; errmsg: string } = { errcode: -1, errmsg: 'not sent' };
  while (attempts < maxAttempts) {
    attempts++;
    try {
      const res = (await app.callWxOpenApi({ apiName: SUBSCRIBE_SEND_API, requestData: body })) as {
        result?: unknown;
        code?: string;
        message?: string;
      };
      if (res && res.code) {
        last = { errcode: -1, errmsg: errorText(res) };
      } else {
        const r = (res?.result ?? {}) as { errcode?: unknown; errmsg?: unknown };
        const errcode = typeof r.errcode === 'number' ? r.errcode : r.errcode === undefined ? 0 : Number(r.errcode);
        const errmsg = typeof r.errmsg === 'string' ? r.errmsg : errcode === 0 ? 'ok' : '';
        if (errcode === 0) return { status: 'sent', errcode: 0, errmsg, attempts, templateId, data };
        last = { errcode: Number.isFinite(errcode) ? errcode : -1, errmsg };
        if (!RETRYABLE_ERRCODES.has(last.errcode)) break;
      }
    } catch (e) {
      last = { errcode: -1, errmsg: errorText(e) };
    }
  }
  return { status: 'failed', ...last, attempts, templateId, data };
}
