/**
 * Custom tab bar (app.json `tabBar.custom`), so that 工作台 can appear for staff only.
 * Each tab page calls `syncTabBar(this)` in `onShow`; the bar then marks the current page and
 * shows the tabs the user's roles allow.
 */
import { uiMode } from '../behaviors/ui-mode';
import { TABS, visibleTabs, type Tab } from './tabs';

Component({
  // Outside the page tree: it applies 长辈模式 / the font size through its own style (sw.tabBarStyle).
  behaviors: [uiMode],
  data: {
    value: '',
    tabs: TABS.filter((t) => !t.staffOnly) as Tab[],
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
      this.setData({ value: current, tabs: visibleTabs(roles) });
    },
    onChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const value = e.detail.value;
      if (!value || value === this.data.value) return;
      wx.switchTab({ url: `/${value}` });
    },
  },
});
