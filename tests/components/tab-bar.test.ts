/**
 * The custom tab bar (custom-tab-bar/): TDesign tab-bar items for 政策 / 求助 / 我的, the current
 * page marked, and a tap switching tabs.
 */
import { renderComponent, settle } from './harness';

const wx = (global as any).wx;

function renderTabBar(currentRoute: string) {
  (global as any).getCurrentPages = jest.fn(() => [{ route: currentRoute }]);
  return renderComponent('custom-tab-bar/index');
}

test('shows the three tabs with the current page selected', async () => {
  const bar = renderTabBar('pages/help/index');
  await settle(10);
  const items = bar.querySelectorAll('.tab >>> .t-tab-bar-item__content');
  expect(items.map((i) => i.dom.textContent.trim())).toEqual(['政策', '求助', '我的']);
  const checked = items.map((i) => i.dom.className.includes('t-tab-bar-item__content--checked'));
  expect(checked).toEqual([false, true, false]);
});

test('tapping 我的 switches to its tab page', async () => {
  wx.switchTab = jest.fn();
  const bar = renderTabBar('pages/policy/index');
  await settle(10);
  const items = bar.querySelectorAll('.tab >>> .t-tab-bar-item__content');
  items[2].dispatchEvent('tap');
  await settle();
  expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/mine/index' });
});
