import { refreshUnread } from '../services/inbox';

/**
 * Lets the custom tab bar of a tab page mark that page and refresh its tabs, then refreshes the
 * unread count of 消息 (at most every few seconds) and shows it on the bar when it changed.
 */
export function syncTabBar(page: WechatMiniprogram.Component.TrivialInstance): void {
  if (typeof page.getTabBar !== 'function') return;
  const bar = page.getTabBar() as (WechatMiniprogram.Component.TrivialInstance & { sync?: () => void }) | undefined;
  if (!bar || typeof bar.sync !== 'function') return;
  bar.sync();
  void refreshUnread().then(() => bar.sync && bar.sync());
}
