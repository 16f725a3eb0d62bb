/**
 * Access tokens (contract §1): classic `/cgi-bin/token`, stable `/cgi-bin/stable_token`, and the
 * validity check every other endpoint runs (§1.3). Both issuers are isolated (§1.2).
 *
 * Superseding rules implemented here (decisions recorded in docs/wechat-standin.md):
 * - classic: every successful fetch mints a token; every earlier live classic token of the app
 *   keeps working for `graceSeconds` (300) and then answers 40001 (§1.1);
 * - stable, normal mode: the live token is returned with its remaining seconds; in its last
 *   `graceSeconds` a successor is minted and returned, the old one working until it expires, so
 *   `expires_in` ≥ 300 (§1.2);
 * - stable, force mode: a new token is minted; the token current until then keeps working for at
 *   most `graceSeconds` ("keep 1 grace token", §1.3) and any older one dies at once, so two
 *   forced calls ≥ 30 s apart kill a leaked token (§1.2). Forced calls closer than 30 s, or past
 *   20 a day, do not refresh: they answer like normal mode.
 */
import { randomBytes } from 'crypto';
import { WxError } from './errors';
import type { TokenRecord, WechatState } from './types';

/** A token string: opaque, about 136 characters like real ones (clients must store ≥ 512). */
function mint(): string {
  return randomBytes(102).toString('base64url');
}

/** Asia/Shanghai calendar day of an instant: WeChat quotas reset at 00:00 Beijing time. */
export function quotaDay(nowMs: number): string {
  return new Date(nowMs + 8 * 3600_000).toISOString().slice(0, 10);
}

function live(t: TokenRecord, nowMs: number): boolean {
  return t.expiresAtMs > nowMs && (t.deadAtMs === undefined || t.deadAtMs > nowMs);
}

function tokensOf(state: WechatState, appid: string, issuer: TokenRecord['issuer']): TokenRecord[] {
  return Object.values(state.tokens)
    .filter((t) => t.appid === appid && t.issuer === issuer)
    .sort((a, b) => a.issuedAtMs - b.issuedAtMs);
}

/** Forgets tokens that expired more than a day ago (they would answer 42001 → now 40014). */
function prune(state: WechatState, nowMs: number): void {
  for (const [k, t] of Object.entries(state.tokens)) if (t.expiresAtMs < nowMs - 86_400_000) delete state.tokens[k];
}

function issue(state: WechatState, appid: string, issuer: TokenRecord['issuer'], nowMs: number): TokenRecord {
  prune(state, nowMs);
  const rec: TokenRecord = {
    token: mint(),
    appid,
    issuer,
    issuedAtMs: nowMs,
    expiresAtMs: nowMs + state.knobs.tokenTtlSeconds * 1000,
  };
  state.tokens[rec.token] = rec;
  return rec;
}

/** `GET /cgi-bin/token` after its parameters were checked: mints and supersedes (§1.1). */
export function issueClassic(state: WechatState, appid: string, nowMs: number): { access_token: string; expires_in: number } {
  const graceMs = state.knobs.graceSeconds * 1000;
  for (const t of tokensOf(state, appid, 'classic')) {
    if (live(t, nowMs) && t.deadAtMs === undefined) t.deadAtMs = Math.min(t.expiresAtMs, nowMs + graceMs);
  }
  const rec = issue(state, appid, 'classic', nowMs);
  return { access_token: rec.token, expires_in: state.knobs.tokenTtlSeconds };
}

/** `POST /cgi-bin/stable_token` after its parameters were checked (§1.2). */
export function issueStable(
  state: WechatState,
  appid: string,
  nowMs: number,
  forceRefresh: boolean,
): { access_token: string; expires_in: number } {
  const k = state.knobs;
  const graceMs = k.graceSeconds * 1000;
  const day = quotaDay(nowMs);
  const book = state.forceRefresh[appid];
  const forceAllowed =
    forceRefresh &&
    !(book && nowMs - book.lastAtMs < k.forceRefreshMinIntervalSeconds * 1000) &&
    !(book && book.day === day && book.count >= k.forceRefreshDailyLimit);

  if (forceAllowed) {
    const liveOnes = tokensOf(state, appid, 'stable').filter((t) => live(t, nowMs));
    const current = liveOnes[liveOnes.length - 1];
    for (const t of liveOnes) {
      if (t === current) t.deadAtMs = Math.min(t.deadAtMs ?? Infinity, t.expiresAtMs, nowMs + graceMs);
      else t.deadAtMs = nowMs;
    }
    state.forceRefresh[appid] = { day, count: book && book.day === day ? book.count + 1 : 1, lastAtMs: nowMs };
    const rec = issue(state, appid, 'stable', nowMs);
    return { access_token: rec.token, expires_in: k.tokenTtlSeconds };
  }

  // Normal mode: newest live token that was not superseded by a force refresh.
  const candidates = tokensOf(state, appid, 'stable').filter((t) => live(t, nowMs) && t.deadAtMs === undefined);
  let current = candidates[candidates.length - 1];
  if (!current || current.expiresAtMs - nowMs <= graceMs) current = issue(state, appid, 'stable', nowMs);
  return { access_token: current.token, expires_in: Math.floor((current.expiresAtMs - nowMs) / 1000) };
}

/**
 * Validity of a token at `nowMs` (§1.3): unknown → 40014, expired → 42001, superseded past its
 * grace → 40001.
 * @throws WxError
 */
export function checkToken(state: WechatState, token: string, nowMs: number): TokenRecord {
  const t = state.tokens[token];
  if (!t) throw new WxError(40014);
  if (t.expiresAtMs <= nowMs) throw new WxError(42001);
  if (t.deadAtMs !== undefined && t.deadAtMs <= nowMs) throw new WxError(40001);
  return t;
}
