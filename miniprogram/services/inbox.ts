/**
 * 消息: the inbox calls (`inbox.*`), the unread count the 我的 tab badge and the 消息 row show,
 * and opening the page an entry is about. The count lives in `globalData.unread` (fetched at
 * `globalData.unreadAt`); tab pages
 * refresh it on show (`refreshUnread`, at most once per `UNREAD_TTL_MS` unless forced) and the
 * custom tab bar re-reads it.
 */
import { callFunction, type Envelope } from './api';
import type { InboxItem, InboxPage } from '../contracts/inbox';
import { PENDING_TAB_KEY, splitPage, type PendingTab } from './inbox-logic';

/** How long a fetched unread count is trusted before a tab page asks again. */
export const UNREAD_TTL_MS = 15_000;

let inFlight: Promise<number> | null = null;

/** `inbox.list`: a page of entries, newest first, with the unread count. */
export function listInbox(before?: string, unreadOnly = false): Promise<Envelope<InboxPage>> {
  return callFunction('inbox', 'list', before ? { before, unreadOnly } : { unreadOnly });
}

/** `inbox.markRead` for some entries; keeps the badge in step. */
export async function markRead(ids: string[]): Promise<Envelope<{ updated: number; unread: number }>> {
  const res = await callFunction('inbox', 'markRead', { ids });
  if (res.ok) setUnread(res.data.unread);
  return res;
}

/** `inbox.markAllRead`; the badge goes to 0. */
export async function markAllRead(): Promise<Envelope<{ updated: number; unread: 0 }>> {
  const res = await callFunction('inbox', 'markAllRead');
  if (res.ok) setUnread(0);
  return res;
}

/** The unread count last known (0 before the first fetch). */
export function currentUnread(): number {
  const app = getApp<IAppOption>();
  return (app && app.globalData && app.globalData.unread) || 0;
}

/** Records a count the server just gave. */
export function setUnread(n: number): void {
  const app = getApp<IAppOption>();
  if (app && app.globalData) {
    app.globalData.unread = Math.max(0, n || 0);
    app.globalData.unreadAt = Date.now();
  }
}

/**
 * Asks the server for the unread count unless a recent answer is known; a failed call keeps the
 * last count (the badge is a hint, the list is the truth).
 * @returns the count after the call
 */
export function refreshUnread(force = false): Promise<number> {
  const app = getApp<IAppOption>();
  const fetchedAt = (app && app.globalData && app.globalData.unreadAt) || 0;
  if (!force && Date.now() - fetchedAt < UNREAD_TTL_MS) return Promise.resolve(currentUnread());
  if (inFlight) return inFlight;
  inFlight = callFunction('inbox', 'unreadCount')
    .then((res) => {
      if (res.ok) setUnread(res.data.unread);
      return currentUnread();
    })
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

/**
 * Opens the page an entry is about. A tab page cannot take a query (`wx.switchTab`), so its
 * query is left in storage for the page to pick up (`takePendingTab`).
 * @returns false when the entry has no page
 */
export function openTarget(item: Pick<InboxItem, 'page' | 'tab'>): boolean {
  if (!item.page) return false;
  if (item.tab) {
    const pending = splitPage(item.page);
    wx.setStorageSync(PENDING_TAB_KEY, pending);
    wx.switchTab({ url: `/${pending.route}` });
  } else {
    wx.navigateTo({ url: item.page });
  }
  return true;
}

/** The query the inbox left for the tab page `route` (once; cleared when read), or null. */
export function takePendingTab(route: string): Record<string, string> | null {
  let pending: PendingTab | '' = '';
  try {
    pending = wx.getStorageSync(PENDING_TAB_KEY) as PendingTab | '';
  } catch {
    return null;
  }
  if (!pending || pending.route !== route) return null;
  wx.removeStorageSync(PENDING_TAB_KEY);
  return pending.query;
}
