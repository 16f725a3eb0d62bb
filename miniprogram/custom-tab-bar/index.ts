/**
 * Custom tab bar (app.json `tabBar.custom`), so that 工作台 can appear for staff only.
 * Each tab page calls `syncTabBar(this)` in `onShow`; the bar then marks the current page,
 * shows the tabs the user's roles allow, and the unread count of 消息 as a badge on 我的 (where
 * 消息 is entered; `globalData.unread`, kept by services/inbox.ts).
 */
import { uiMode } from '../behaviors/ui-mode';
import { TABS, visibleTabs, type Tab } from './tabs';

Component({
  // Outside the page tree: it applies 长辈模式 / the font size through its own style (sw.tabBarStyle).
  behaviors: [uiMode],
  data: {
    value: '',
    tabs: TABS.filter((t) => !t.staffOnly) as (Tab & { badge: { count?: number } })[],
  },
  lifetimes: {
    attached() {
      this.sync();
    },
  },
  methods: {
    sync() {
      const pages = getCurrentPages();
      const current = pages.length > 0 ? pages[pages.length - 1].route : '';
      const app = getApp<IAppOption>();
      const roles = (app && app.globalData && app.globalData.roles) || [];
      const unread = (app && app.globalData && app.globalData.unread) || 0;
      this.setData({ value: current, tabs: visibleTabs(roles).map((t) => ({ ...t, badge: t.inbox && unread > 0 ? { count: unread, maxCount: 99 } : {} })) });
    },
    onChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const value = e.detail.value;
      if (!value || value === this.data.value) return;
      wx.switchTab({ url: `/${value}` });
    },
  },
});
