/**
 * 我的: who the user is here. Shows the WeChat identity the back end sees (`system.whoami`)
 * and, for now, an empty role list. The accounts work adds here: roles and their scopes, the
 * accept-invitation flow (scan or type a code) and a role switcher.
 *
 * In local mode it also shows the acting dev persona and leads to the persona picker.
 */
import { apiMode, callFunction } from '../../services/api';
import { getDevPersona } from '../../services/dev-persona';
import { maskId } from '../../utils/mask';
import { syncTabBar } from '../../utils/tab-bar';

const PERSONA_PAGE = '/packageDev/pages/personas/index';

function roleSummary(roles: readonly string[]): string {
  return roles.length > 0 ? roles.join('、') : '暂未绑定角色';
}

Component({
  data: {
    localMode: false,
    personaName: '',
    loading: true,
    errorMessage: '',
    openidMasked: '',
    rolesText: '',
    /** Dev persona openid the identity was loaded as (local mode), to reload after a switch. */
    loadedAs: '',
  },
  methods: {
    onLoad() {
      this.setData({ localMode: apiMode() === 'local' });
      this.loadIdentity();
    },
    onShow() {
      syncTabBar(this);
      if (!this.data.localMode) return;
      const persona = getDevPersona();
      if ((persona ? persona.openid : '') !== this.data.loadedAs && !this.data.loading) this.loadIdentity();
    },
    async loadIdentity() {
      const persona = this.data.localMode ? getDevPersona() : null;
      this.setData({
        loading: true,
        errorMessage: '',
        personaName: persona ? persona.name : '',
        loadedAs: persona ? persona.openid : '',
      });
      const res = await callFunction('system', 'whoami');
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: res.error.message });
        return;
      }
      const app = getApp<IAppOption>();
      const roles = (app && app.globalData && app.globalData.roles) || [];
      this.setData({
        loading: false,
        openidMasked: res.data.openid ? maskId(res.data.openid) : '未识别',
        rolesText: roleSummary(roles),
      });
    },
    onRetry() {
      if (!this.data.loading) this.loadIdentity();
    },
    onPickPersona() {
      wx.navigateTo({ url: PERSONA_PAGE });
    },
    onOpenPrivacy() {
      wx.openPrivacyContract({ fail: () => wx.showToast({ title: '暂时无法打开，请稍后重试', icon: 'none' }) });
    },
  },
});
