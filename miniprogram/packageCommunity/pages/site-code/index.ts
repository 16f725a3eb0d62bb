/**
 * 签到码 (packageCommunity/pages/site-code/index?siteId=… or ?trainingId=…; township staff, the
 * county): the site's check-in code (or a training's attendance code) as a QR code for volunteers
 * to scan (扫码签到 / 扫码签退 / 培训签到 on 志愿服务). The code
 * changes every minute on the server; the page asks for it again every 20 s while it is open,
 * so a photo of the screen stops working within two minutes. Keep the screen on while showing it.
 */
import { loadSiteCode, loadTrainingCode } from '../../services/community';
import { CODE_REFRESH_SECONDS } from '../../services/community-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

interface Timers {
  _timer?: ReturnType<typeof setTimeout>;
  _closed?: boolean;
}

Component({
  behaviors: [uiMode],
  data: {
    siteId: '',
    trainingId: '',
    loading: true,
    errorMessage: '',
    siteName: '',
    code: '',
    refreshSeconds: CODE_REFRESH_SECONDS,
  },
  lifetimes: {
    detached(this: WechatMiniprogram.Component.TrivialInstance & Timers) {
      this._closed = true;
      if (this._timer) clearTimeout(this._timer);
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ siteId: decodeURIComponent(query.siteId ?? ''), trainingId: decodeURIComponent(query.trainingId ?? '') });
      if (typeof wx.setKeepScreenOn === 'function') wx.setKeepScreenOn({ keepScreenOn: true });
      void this.load();
    },
    onUnload() {
      const self = this as unknown as Timers;
      self._closed = true;
      if (self._timer) clearTimeout(self._timer);
    },
    async load() {
      const self = this as unknown as Timers;
      if (self._timer) clearTimeout(self._timer);
      const { siteId, trainingId } = this.data;
      if (!siteId && !trainingId) return this.setData({ loading: false, errorMessage: '没有指定站点或培训，请从“服务站点管理”或“志愿者培训”打开签到码' });
      const res = trainingId ? await loadTrainingCode(trainingId) : await loadSiteCode(siteId);
      if (self._closed) return;
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error), code: '' });
      const d = res.data as { siteName?: string; title?: string; code: string };
      this.setData({ loading: false, errorMessage: '', siteName: d.siteName ?? d.title ?? '', code: d.code });
      self._timer = setTimeout(() => void this.load(), CODE_REFRESH_SECONDS * 1000);
    },
  },
});
