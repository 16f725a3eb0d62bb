/**
 * 我的: who the user is here. Shows the person's name and roles and where each applies
 * (`accounts.me`), a role switcher when they hold several (`accounts.switchRole`), the way to
 * accept an invitation (packageAccount), 消息 with its unread count (packageInbox; the same count
 * is the badge on this tab), for staff 工作台 entries, and the 长辈版 switch (and,
 * for parents and guardians who have not chosen, the 长辈版 offer). Fills `globalData.roles` so
 * the custom tab bar knows who is staff.
 *
 * The WeChat openid means nothing to a person, so it is not shown; only in local mode, next to
 * the acting dev persona (`system.whoami`), does the developer see it masked.
 */
import { apiMode, callFunction } from '../../services/api';
import { loadMe, loadUnreachedUrgent, switchRole } from '../../services/accounts';
import { hasStaffRole, roleRows, type RoleRow } from '../../services/accounts-logic';
import { getDevPersona } from '../../services/dev-persona';
import { workbenchEntries } from '../../services/workbench';
import { maskId } from '../../utils/mask';
import { syncTabBar } from '../../utils/tab-bar';
import { currentUnread, refreshUnread } from '../../services/inbox';
import { badgeText } from '../../services/inbox-logic';
import { setElderMode, shouldOfferElderMode } from '../../utils/ui-mode-store';
import { uiMode } from '../../behaviors/ui-mode';

const PERSONA_PAGE = '/packageDev/pages/personas/index';
const ACCEPT_PAGE = '/packageAccount/pages/accept/index';
const INBOX_PAGE = '/packageInbox/pages/inbox/index';

Component({
  behaviors: [uiMode],
  data: {
    localMode: false,
    personaName: '',
    loading: true,
    errorMessage: '',
    openidMasked: '',
    name: '',
    roles: [] as RoleRow[],
    canSwitch: false,
    switching: false,
    switchError: '',
    staff: false,
    /** A parent or guardian who has not chosen 长辈版 yet: show the offer. */
    family: false,
    workbench: [] as { url: string; label: string }[],
    unreached: [] as { kind: string; kindLabel: string; summary: string; recordedAt: string; page: string }[],
    /** Dev persona openid the identity was loaded as (local mode), to reload after a switch. */
    loadedAs: '',
    /** `3条未读` beside 消息 ('' when none). */
    unreadText: '',
  },
  methods: {
    onLoad() {
      this.setData({ localMode: apiMode() === 'local' });
      this.loadIdentity();
    },
    onShow() {
      syncTabBar(this);
      this.showUnread();
      if (this.data.loading) return;
      const persona = this.data.localMode ? getDevPersona() : null;
      // Back from the persona picker as someone else, or from accepting an invitation.
      const appRoles = currentAppRoles();
      const shownRoles = this.data.roles.map((r) => r.role);
      if ((persona ? persona.openid : '') !== this.data.loadedAs || appRoles.join(',') !== shownRoles.join(',')) this.loadIdentity();
    },
    async loadIdentity() {
      const persona = this.data.localMode ? getDevPersona() : null;
      this.setData({
        loading: true,
        errorMessage: '',
        switchError: '',
        personaName: persona ? persona.name : '',
        loadedAs: persona ? persona.openid : '',
      });
      const [who, me] = await Promise.all([this.data.localMode ? callFunction('system', 'whoami') : Promise.resolve(undefined), loadMe()]);
      if ((who && !who.ok) || !me.ok) {
        this.setData({ loading: false, errorMessage: who && !who.ok ? who.error.message : !me.ok ? me.error.message : '' });
        return;
      }
      const roles = me.data.roles.map((r) => r.role);
      const app = getApp<IAppOption>();
      if (app && app.globalData) app.globalData.roles = roles;
      this.setData({
        loading: false,
        openidMasked: who && who.ok ? (who.data.openid ? maskId(who.data.openid) : '未识别') : '',
        family: shouldOfferElderMode(roles),
        name: me.data.name || '',
        roles: roleRows(me.data),
        canSwitch: me.data.roles.length > 1,
        staff: hasStaffRole(roles),
        workbench: workbenchEntries(roles).map((e) => ({ url: e.url, label: e.label })),
      });
      syncTabBar(this);
      if (me.data.activeRole === 'countyAdmin') void this.loadUnreached();
      else this.setData({ unreached: [] });
    },
    /** County admins: urgent items that reached nobody (no one bound to receive them). */
    async loadUnreached() {
      const res = await loadUnreachedUrgent();
      this.setData({ unreached: res.ok ? res.data.items : [] });
    },
    onOpenUnreached(e: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { url: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    /** The unread count beside 消息: the last known one at once, then the server's. */
    showUnread() {
      const show = (n: number) => this.setData({ unreadText: badgeText(n) ? `${badgeText(n)}条未读` : '' });
      show(currentUnread());
      void refreshUnread().then(show);
    },
    onOpenInbox() {
      wx.navigateTo({ url: INBOX_PAGE });
    },
    onOpenReminders() {
      wx.navigateTo({ url: '/packageInbox/pages/subscriptions/index' });
    },
    onRetry() {
      if (!this.data.loading) this.loadIdentity();
    },
    async onSwitchRole(e: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { role: string }>) {
      const role = e.currentTarget.dataset.role;
      if (!this.data.canSwitch || this.data.switching || !role) return;
      // Only a role of the list (what `accounts.me` said the caller holds) is sent.
      const row = this.data.roles.find((r) => r.role === role);
      if (!row || row.active) return;
      this.setData({ switching: true, switchError: '' });
      const res = await switchRole(row.role);
      if (!res.ok) {
        this.setData({ switching: false, switchError: res.error.message });
        return;
      }
      this.setData({
        switching: false,
        roles: this.data.roles.map((r) => ({ ...r, active: r.role === res.data.activeRole })),
      });
      wx.showToast({ title: '已切换角色', icon: 'success' });
    },
    onAcceptInvitation() {
      wx.navigateTo({ url: ACCEPT_PAGE });
    },
    onOpenWorkbench(e: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { url: string }>) {
      const url = e.currentTarget.dataset.url;
      if (url) wx.navigateTo({ url });
    },
    onPickPersona() {
      wx.navigateTo({ url: PERSONA_PAGE });
    },
    onElderMode(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      setElderMode(!!e.detail.value);
      wx.showToast({ title: e.detail.value ? '已换成长辈版' : '已换回标准版', icon: 'none', duration: 3000 });
    },
    onOpenPrivacy() {
      wx.openPrivacyContract({ fail: () => wx.showToast({ title: '暂时无法打开，请稍后重试', icon: 'none' }) });
    },
  },
});

function currentAppRoles(): string[] {
  const app = getApp<IAppOption>();
  return (app && app.globalData && app.globalData.roles) || [];
}
