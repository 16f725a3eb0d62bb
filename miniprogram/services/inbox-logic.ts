/**
 * Pure logic of 消息 (no `wx`, unit-tested in node): how an inbox entry reads, the badge text,
 * and where a tab-page target hands its id over. Shapes come from the generated contracts.
 */
import type { InboxItem } from '../contracts/inbox';
import { formatTime } from '../utils/time';

export type { InboxItem };

/** One entry of 消息, ready to render. */
export interface InboxRow {
  id: string;
  title: string;
  body: string;
  category: string;
  timeText: string;
  unread: boolean;
  /** Opens a page when tapped. */
  opens: boolean;
}

/** The rows of 消息, in the order the server gave (newest first). */
export function inboxRows(items: readonly InboxItem[]): InboxRow[] {
  return items.map((i) => ({
    id: i.id,
    title: i.title,
    body: i.body,
    category: i.category,
    timeText: formatTime(i.createdAt),
    unread: !i.readAt,
    opens: !!i.page,
  }));
}

/** The badge on 我的 and the 消息 row: '' for none, `99+` above 99. */
export function badgeText(unread: number): string {
  if (!unread || unread < 0) return '';
  return unread > 99 ? '99+' : String(unread);
}

/** Storage key where a tab-page target leaves its query (WeChat's switchTab drops queries). */
export const PENDING_TAB_KEY = 'sw.inbox.pendingTab';

/** What the inbox leaves for a tab page: the route and its query. */
export interface PendingTab {
  route: string;
  query: Record<string, string>;
}

/** Splits `/pages/help/index?id=1&x=2` into the route (no slash) and the query. */
export function splitPage(page: string): PendingTab {
  const [path, qs] = page.replace(/^\//, '').split('?');
  const query: Record<string, string> = {};
  for (const part of (qs || '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    query[decodeURIComponent(k)] = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
  }
  return { route: path, query };
}
