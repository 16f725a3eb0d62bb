/**
 * 签到码 (packageCommunity/pages/site-code/index?siteId=…, ?trainingId=… or ?activityId=…; township
 * staff, the county; a site's own staff for an activity at their site): the site's check-in code
 * (or a training's or care activity's attendance code) as a QR code for volunteers
 * to scan (扫码签到 / 扫码签退 / 培训签到 on 志愿服务). The code
 * changes every minute on the server; the page asks for it again every 20 s while it is open,
 * so a photo of the screen stops working within two minutes. Keep the screen on while showing it.
 */
import { loadActivityCode, loadSiteCode, loadTrainingCode } from '../../services/community';
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
    activityId: '',
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
      this.setData({ siteId: decodeURIComponent(query.siteId ?? ''), trainingId: decodeURIComponent(query.trainingId ?? ''), activityId: decodeURIComponent(query.activityId ?? '') });
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
      const { siteId, trainingId, activityId } = this.data;
      if (!siteId && !trainingId && !activityId) return this.setData({ loading: false, errorMessage: '没有指定站点、培训或活动，请从“服务站点管理”“志愿者培训”或“关爱活动”打开签到码' });
      const res = activityId ? await loadActivityCode(activityId) : trainingId ? await loadTrainingCode(trainingId) : await loadSiteCode(siteId);
      if (self._closed) return;
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error), code: '' });
      const d = res.data as { siteName?: string; title?: string; code: string };
      this.setData({ loading: false, errorMessage: '', siteName: d.siteName ?? d.title ?? '', code: d.code });
      self._timer = setTimeout(() => void this.load(), CODE_REFRESH_SECONDS * 1000);
    },
  },
});
