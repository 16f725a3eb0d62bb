/**
 * Where the 长辈模式 choice lives (this device's `wx` storage) and who hears about changes:
 * every page's behaviors/ui-mode.ts subscribes, so switching re-styles all open pages at once.
 * What the modes mean: utils/ui-mode.ts.
 */
import { ELDER_MODE_KEY, uiModeFor, type UiMode } from './ui-mode';

/** Roles offered 长辈版 on first open (the family side; DESIGN.md users). */
const FAMILY_ROLES = new Set(['parent', 'entrustedGuardian', 'guardian']);

/** A WeChat font size from which 长辈版 is offered to anyone (iOS 关怀模式 is 23.8/17 = 1.4). */
const LARGE_FONT_FACTOR = 1.3;

/** The person's choice on this device: true / false, or undefined when not chosen yet. */
export function elderChoice(): boolean | undefined {
  const v = wx.getStorageSync(ELDER_MODE_KEY);
  return v === 'on' ? true : v === 'off' ? false : undefined;
}

/** WeChat's font factor for this person (1 when the base library does not say). */
export function fontSizeScaleFactor(): number | undefined {
  try {
    const info = typeof wx.getAppBaseInfo === 'function' ? wx.getAppBaseInfo() : wx.getSystemInfoSync();
    return (info as { fontSizeScaleFactor?: number }).fontSizeScaleFactor;
  } catch {
    return undefined;
  }
}

/** The mode in effect now. */
export function currentUiMode(): UiMode {
  const choice = elderChoice();
  return uiModeFor(choice === true, fontSizeScaleFactor(), choice === undefined);
}

/**
 * Whether to offer 长辈版 now: not chosen yet, and the person is a parent or guardian (by their
 * roles) or already reads WeChat in a large font.
 */
export function shouldOfferElderMode(roles: readonly string[]): boolean {
  if (elderChoice() !== undefined) return false;
  const factor = fontSizeScaleFactor();
  return roles.some((r) => FAMILY_ROLES.has(r)) || (typeof factor === 'number' && factor >= LARGE_FONT_FACTOR);
}

type Listener = (mode: UiMode) => void;
const listeners = new Set<Listener>();

/** Calls `listener` whenever the mode changes; returns the unsubscribe function. */
export function onUiModeChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Records the choice and re-styles every open page. */
export function setElderMode(on: boolean): void {
  wx.setStorageSync(ELDER_MODE_KEY, on ? 'on' : 'off');
  const mode = currentUiMode();
  listeners.forEach((l) => l(mode));
}
