/**
 * The subscription prompt: at a moment a person would agree (after a report, on 亲情连线, on
 * 待我签署, after accepting an invitation, after asking for help), asks for the WeChat reminders
 * that matter there and that the person can receive but has not switched on
 * (`inbox.subscriptionSettings { moment }`). 开启提醒 opens WeChat's popup (a tap is needed) and
 * records the answer; 以后再说 hides it for this visit. Renders nothing when there is nothing to ask
 * or the settings cannot be read (the inbox works without it).
 *
 *   <sw-subscribe moment="signing" />
 */
import { askSubscribe, subscriptionSettings } from '../../services/subscribe';
import { MOMENT_REASONS, type SubscribeMoment, type SubscriptionSettings } from '../../services/subscribe-logic';

/** Moments dismissed in this run of the mini-program (以后再说). */
const dismissed: Record<string, boolean> = {};

Component({
  options: { styleIsolation: 'isolated' },
  properties: {
    moment: { type: String, value: 'settings' },
  },
  data: { visible: false, reason: '', titles: '', result: '', asking: false },
  lifetimes: {
    attached() {
      void this.load();
    },
  },
  methods: {
    async load() {
      const moment = this.data.moment as SubscribeMoment;
      if (dismissed[moment]) return;
      const res = await subscriptionSettings(moment);
      if (!res.ok || !res.data || !Array.isArray(res.data.ask) || !res.data.ask.length) return;
      (this as unknown as { settings: SubscriptionSettings }).settings = res.data;
      const titles = res.data.ask.map((k) => (res.data.templates.find((t) => t.template === k) || { title: k }).title).join('、');
      this.setData({ visible: true, reason: MOMENT_REASONS[moment] || '', titles });
    },
    async onAsk() {
      const settings = (this as unknown as { settings?: SubscriptionSettings }).settings;
      if (!settings || this.data.asking) return;
      this.setData({ asking: true });
      const out = await askSubscribe(this.data.moment as SubscribeMoment, settings);
      this.setData({ asking: false, result: out.message });
      this.triggerEvent('answered', { ok: out.ok });
    },
    onLater() {
      dismissed[this.data.moment] = true;
      this.setData({ visible: false });
    },
  },
});
