/**
 * The user-privacy handshake (《用户隐私保护指引》) for privacy-scoped WeChat APIs such as
 * `wx.scanCode`. WeChat holds such a call pending and fires `wx.onNeedPrivacyAuthorization` until
 * the user agrees; we show our own prompt (`components/privacy-popup`, whose
 * `<button open-type="agreePrivacyAuthorization">` is the only way to agree) and answer WeChat's
 * `resolve` with what the user chose.
 *
 *   app.ts          registerPrivacyAuthorization()             once, at launch
 *   a page          if (await requirePrivacyAuthorization()) wx.scanCode(…)
 *   privacy-popup   onPrivacyRequest(show) → answerPrivacy(true, 'privacy-agree') | answerPrivacy(false)
 *
 * Refusing never loses anything the user typed: the page only learns "not agreed".
 */

/** WeChat's `resolve` of `onNeedPrivacyAuthorization`. */
export type PrivacyResolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void;

/** The parts of `wx` this module uses (injected in tests). */
export interface PrivacyApi {
  onNeedPrivacyAuthorization?: (listener: (resolve: PrivacyResolve, eventInfo?: { referrer?: string }) => void) => void;
  requirePrivacyAuthorize?: (options: { success?: () => void; fail?: (err: { errMsg?: string }) => void }) => void;
}

/** `id` of the agree button in the popup (WeChat checks that this button was tapped). */
export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree';

let pending: PrivacyResolve[] = [];
/** Prompts able to ask the user, most recent (the top page's) last. */
let prompts: ((referrer: string) => void)[] = [];
let registered = false;

function defaultApi(): PrivacyApi {
  return wx as unknown as PrivacyApi;
}

/**
 * WeChat asks for agreement (a privacy API was called): keep `resolve` and show the top prompt.
 * With no prompt on screen the call is declined at once rather than left hanging.
 */
export function handlePrivacyNeed(resolve: PrivacyResolve, referrer = ''): void {
  const prompt = prompts[prompts.length - 1];
  if (!prompt) {
    resolve({ event: 'disagree' });
    return;
  }
  pending.push(resolve);
  prompt(referrer);
}

/**
 * Registers the app-wide `wx.onNeedPrivacyAuthorization` listener (once; base library ≥ 2.32.3).
 * @returns false when this WeChat has no privacy API (nothing to ask)
 */
export function registerPrivacyAuthorization(api: PrivacyApi = defaultApi()): boolean {
  if (typeof api.onNeedPrivacyAuthorization !== 'function') return false;
  if (registered) return true;
  api.onNeedPrivacyAuthorization((resolve, info) => handlePrivacyNeed(resolve, (info && info.referrer) || ''));
  registered = true;
  return true;
}

/**
 * Lets a prompt component show itself when agreement is needed.
 * @returns unsubscribe (call when the component leaves the page)
 */
export function onPrivacyRequest(show: (referrer: string) => void): () => void {
  prompts.push(show);
  return () => {
    prompts = prompts.filter((p) => p !== show);
  };
}

/** Tells WeChat the prompt is on screen (`exposureAuthorization`). */
export function notePrivacyExposure(): void {
  for (const r of pending) r({ event: 'exposureAuthorization' });
}

/**
 * The user's answer, passed to every pending call: agree (after the agree button fired its
 * `agreeprivacyauthorization` event) lets them continue; disagree makes them fail with
 * `…:fail privacy permission is not authorized`.
 */
export function answerPrivacy(agree: boolean, buttonId = PRIVACY_AGREE_BUTTON_ID): void {
  const waiting = pending;
  pending = [];
  for (const r of waiting) r(agree ? { event: 'agree', buttonId } : { event: 'disagree' });
}

/** True while a privacy API waits for the user's answer. */
export function privacyPending(): boolean {
  return pending.length > 0;
}

/**
 * Makes sure the user agreed before a privacy API is called (`wx.requirePrivacyAuthorize`:
 * immediate when already agreed, otherwise our prompt is shown).
 * @returns true when agreed (or when this WeChat predates the privacy API), false when refused
 */
export function requirePrivacyAuthorization(api: PrivacyApi = defaultApi()): Promise<boolean> {
  if (typeof api.requirePrivacyAuthorize !== 'function') return Promise.resolve(true);
  return new Promise((resolve) => {
    api.requirePrivacyAuthorize!({ success: () => resolve(true), fail: () => resolve(false) });
  });
}

/** Forgets listeners and pending calls (tests). */
export function resetPrivacyForTests(): void {
  pending = [];
  prompts = [];
  registered = false;
}
