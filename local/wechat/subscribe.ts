/**
 * Mini-program subscribe messages on the WeChat side (contract §6): keyword validators that
 * answer 47003, per-user-per-template credits (§6.2) and the send checks. Deliberately
 * independent of the function-side shortening helper, so tests check one against the other.
 */
import {
  SUBSCRIBE_TEMPLATES,
  type SubscribeFieldType,
} from '../../cloudfunctions/_shared/wechat/templates';
import { WxError } from './errors';
import type { SentMessage, StandinTemplate, WechatState } from './types';

const HAN = /\p{Script=Han}/u;
const HAN_ONLY = /^\p{Script=Han}+$/u;
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;

function len(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** A symbol: neither letter, digit, Chinese nor whitespace. */
function isSymbol(ch: string): boolean {
  return !LETTER.test(ch) && !DIGIT.test(ch) && !HAN.test(ch) && !/\s/.test(ch);
}

const DATE_PART = String.raw`\d{4}年\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}`;
const TIME_PART = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`;
const POINT = new RegExp(`^(?<date>${DATE_PART})?(?: ?(?<time>${TIME_PART}))?$`);

/** Month 1–12 and day 1–31 in a date part (`2025年3月1日`, `2025-03-01`, `3月1日`, `2025-03`). */
function plausibleDate(date: string): boolean {
  const nums = date.match(/\d+/g) ?? [];
  const [m, d] = nums[0]?.length === 4 ? [nums[1], nums[2]] : [nums[0], nums[1]];
  const month = Number(m);
  if (!(month >= 1 && month <= 12)) return false;
  return d === undefined || (Number(d) >= 1 && Number(d) <= 31);
}

/**
 * A time point (`need: 'time'`: clock part required, date optional) or date point (`need: 'date'`:
 * date required, clock optional); a range joins two points with a half-width `~` (§6.1).
 */
function pointsOk(value: string, need: 'time' | 'date'): boolean {
  const parts = value.split('~').map((p) => p.trim());
  if (parts.length > 2) return false;
  return parts.every((p) => {
    const m = POINT.exec(p);
    if (!m?.groups) return false;
    const { date, time } = m.groups;
    if (need === 'time' && !time) return false;
    if (need === 'date' && !date) return false;
    return date === undefined || plausibleDate(date);
  });
}

/**
 * Whether a keyword value is acceptable for its type (contract §6.1 value rules). Characters are
 * counted as code points. Every type rejects control characters and newlines.
 * @param enumValues allowed values for `enum` keywords
 */
export function validFieldValue(type: SubscribeFieldType, value: string, enumValues?: string[]): boolean {
  if (CONTROL.test(value)) return false;
  const n = len(value);
  switch (type) {
    case 'thing':
      return n <= 20;
    case 'number':
      return /^[+-]?\d+(\.\d+)?$/.test(value) && value.replace(/\D/g, '').length <= 32;
    case 'letter':
      return /^[A-Za-z]{1,32}$/.test(value);
    case 'symbol':
      return n <= 5 && Array.from(value).every(isSymbol);
    case 'character_string':
      // digits, letters or symbols; no Chinese (no non-ASCII) and no spaces
      return n <= 32 && /^[\x21-\x7e]+$/.test(value);
    case 'time':
      return pointsOk(value, 'time');
    case 'date':
      return pointsOk(value, 'date');
    case 'amount':
      return /^[¥￥$€£]?\d{1,10}(\.\d{1,2})?元?$/.test(value) && /\d/.test(value);
    case 'phone_number':
      return n <= 17 && /^[0-9+\-() ]+$/.test(value);
    case 'car_number':
      return n <= 8 && /^[\p{Script=Han}A-Za-z0-9][A-Za-z0-9]*[\p{Script=Han}A-Za-z0-9]?$/u.test(value) && n >= 2;
    case 'name':
      if (HAN.test(value)) return n <= 10;
      return n <= 20 && !DIGIT.test(value);
    case 'phrase':
      return n <= 5 && HAN_ONLY.test(value);
    case 'enum':
      return !!enumValues && enumValues.includes(value);
    default:
      return false;
  }
}

/** The stand-in's templates by default: the catalogue's placeholder ids (one-time templates). */
export function defaultTemplates(): Record<string, StandinTemplate> {
  const out: Record<string, StandinTemplate> = {};
  for (const t of Object.values(SUBSCRIBE_TEMPLATES)) {
    out[t.placeholderId] = {
      id: t.placeholderId,
      title: t.title,
      fields: Object.fromEntries(t.fields.map((f) => [f.key, f.type])),
      longTerm: false,
    };
  }
  return out;
}

/** Key of a subscription in state. */
export function subKey(openid: string, templateId: string): string {
  return `${openid}|${templateId}`;
}

/**
 * Adds what the user's "accept" gives (§6.2): one-time templates get `n` more credits;
 * long-term templates become accepted.
 * @throws Error for an unknown template id
 */
export function grant(state: WechatState, openid: string, templateId: string, n = 1): void {
  const tpl = state.templates[templateId];
  if (!tpl) throw new Error(`unknown template ${templateId}`);
  const k = subKey(openid, templateId);
  const s = state.subscriptions[k] ?? { openid, templateId, credits: 0, accepted: false };
  if (tpl.longTerm) s.accepted = true;
  else s.credits += n;
  state.subscriptions[k] = s;
}

/** The user turns a template off (§6.2): credits dropped, long-term acceptance removed. */
export function revoke(state: WechatState, openid: string, templateId: string): void {
  const k = subKey(openid, templateId);
  const s = state.subscriptions[k];
  if (s) {
    s.credits = 0;
    s.accepted = false;
  }
}

const MAX_MESSAGES = 1000;

/**
 * `subscribe/send` on a parsed body, from either path (HTTPS with a mini-program token, or the
 * cloud call). Order: 40003 openid, 40037 template, 41030 page, 47001 shapes, 47003 keyword by
 * keyword in template order, 43101 no credit; on success one credit is used. Every attempt is
 * recorded in `state.messages`.
 * @throws WxError
 */
export function sendSubscribe(state: WechatState, body: Record<string, unknown>, nowMs: number, via: SentMessage['via']): { errcode: 0; errmsg: 'ok' } {
  const touser = typeof body.touser === 'string' ? body.touser : '';
  const templateId = String(body.template_id ?? body.templateId ?? '');
  const page = typeof body.page === 'string' ? body.page : undefined;
  const record = (errcode: number, errmsg: string): void => {
    state.messages.push({ atMs: nowMs, via, touser, templateId, page, data: body.data, errcode, errmsg });
    if (state.messages.length > MAX_MESSAGES) state.messages.splice(0, state.messages.length - MAX_MESSAGES);
  };
  try {
    if (!/^[A-Za-z0-9_-]{6,64}$/.test(touser)) throw new WxError(40003);
    const tpl = state.templates[templateId];
    if (!tpl) throw new WxError(40037);
    const pages = state.knobs.miniprogramPages;
    if (page && pages && !pages.includes(page.replace(/^\//, '').split('?')[0])) throw new WxError(41030);
    const mpState = body.miniprogram_state ?? body.miniprogramState;
    if (mpState !== undefined && !['developer', 'trial', 'formal'].includes(String(mpState))) throw new WxError(47001);
    const data = body.data;
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new WxError(47001);
    for (const [key, type] of Object.entries(tpl.fields)) {
      const entry = (data as Record<string, unknown>)[key] as { value?: unknown } | undefined;
      const raw = entry && typeof entry === 'object' ? entry.value : undefined;
      const value = raw === undefined || raw === null ? '' : String(raw);
      // "emtpy" is WeChat's own spelling (contract §0).
      if (value.trim() === '') throw new WxError(47003, `argument invalid! data.${key}.value is emtpy`);
      if (!validFieldValue(type, value, tpl.enumValues?.[key])) throw new WxError(47003, `argument invalid! data.${key}.value invalid`);
    }
    const sub = state.subscriptions[subKey(touser, templateId)];
    if (tpl.longTerm ? !sub?.accepted : !sub || sub.credits <= 0) throw new WxError(43101);
    if (!tpl.longTerm) sub!.credits -= 1;
    record(0, 'ok');
    return { errcode: 0, errmsg: 'ok' };
  } catch (e) {
    if (e instanceof WxError) record(e.errcode, e.errmsgText);
    throw e;
  }
}
