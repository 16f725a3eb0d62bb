/**
 * 微信提醒 (我的 → 微信提醒): each reminder the person can receive (their roles' subscribe
 * templates), what it is for, whether it is on (and how many one-time reminders are left), and a
 * button to switch it on or on again (`wx.requestSubscribeMessage` in the tap, then
 * `inbox.recordSubscriptions`). A template WeChat has stopped cannot be asked.
 */
import { askSubscribe, subscriptionSettings } from '../../../services/subscribe';
import type { SubscriptionSettings, TemplateKey } from '../../../services/subscribe-logic';
import { uiMode } from '../../../behaviors/ui-mode';

const TONES: Record<string, string> = { never: 'neutral', accepted: 'success', rejected: 'warning', banned: 'danger', notSubscribed: 'warning' };

function rows(s: SubscriptionSettings) {
  return s.templates.map((t) => ({ ...t, tone: TONES[t.state] || 'neutral', canAsk: t.state !== 'banned' }));
}

Component({
  behaviors: [uiMode],
  data: { loading: true, loadError: '', rows: [] as ReturnType<typeof rows>, message: '', asking: false },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      const res = await subscriptionSettings('settings');
      if (!res.ok) {
        this.setData({ loading: false, loadError: res.error.message });
        return;
      }
      (this as unknown as { settings: SubscriptionSettings }).settings = res.data;
      this.setData({ loading: false, rows: rows(res.data) });
    },
    onRetry() {
      void this.load();
    },
    async onAsk(e: WechatMiniprogram.TouchEvent) {
      const template = (e.currentTarget.dataset as { template?: TemplateKey }).template;
      const settings = (this as unknown as { settings?: SubscriptionSettings }).settings;
      if (!template || !settings || this.data.asking) return;
      this.setData({ asking: true, message: '' });
      const out = await askSubscribe('settings', settings, [template]);
      if (out.ok) (this as unknown as { settings: SubscriptionSettings }).settings = out.settings;
      this.setData({ asking: false, message: out.message, rows: out.ok ? rows(out.settings) : this.data.rows });
    },
  },
});
