/** Lets the custom tab bar of a tab page mark that page and refresh its tabs. */
export function syncTabBar(page: WechatMiniprogram.Component.TrivialInstance): void {
  if (typeof page.getTabBar !== 'function') return;
  const bar = page.getTabBar() as (WechatMiniprogram.Component.TrivialInstance & { sync?: () => void }) | undefined;
  if (bar && typeof bar.sync === 'function') bar.sync();
}
