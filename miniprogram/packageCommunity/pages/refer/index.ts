/**
 * 转介到服务机构 (packageCommunity/pages/refer/index?childId=; docs/community.md "Referrals to a
 * directory entry"), opened from a child's file: the village officer, township staff or the
 * county pick the protection centre or a social organisation serving the child, write what the
 * entry needs to know and why, and a reply deadline (`community.referChild`). An entry nobody is
 * bound to is marked before sending, and the answer says plainly who took the order.
 */
import { loadReferTargets, referChild } from '../../services/community';
import type { ReferralSiteOption } from '../../../contracts/community';
import { uiMode } from '../../../behaviors/ui-mode';

const DEADLINES = [1, 3, 7].map((d) => ({ value: d, label: `${d}天内答复` }));

Component({
  behaviors: [uiMode],
  data: {
    childId: '',
    childName: '',
    loading: true,
    loadError: '',
    sites: [] as (ReferralSiteOption & { content: string })[],
    siteId: '',
    summary: '',
    reason: '',
    deadlineDays: 3,
    deadlines: DEADLINES,
    sending: false,
    formError: '',
    done: '',
  },
  methods: {
    onLoad(q: { childId?: string }) {
      this.setData({ childId: q.childId ?? '' });
      void this.load();
    },
    async load() {
      if (!this.data.childId) {
        this.setData({ loading: false, loadError: '请从儿童档案打开“转介到服务机构”' });
        return;
      }
      this.setData({ loading: true, loadError: '' });
      const res = await loadReferTargets(this.data.childId);
      if (!res.ok) {
        this.setData({ loading: false, loadError: res.error.message });
        return;
      }
      this.setData({
        loading: false,
        childName: res.data.childName,
        sites: res.data.sites.map((s) => ({ ...s, content: [s.kindLabel, s.place, s.staffed ? '' : '尚无绑定的工作人员，将由县民政局管理员处理'].filter(Boolean).join(' · ') })),
      });
    },
    onSite(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ siteId: e.detail.value, formError: '' });
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'summary' | 'reason' }>) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value, formError: '' });
    },
    onDeadline(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ deadlineDays: Number(e.detail.value) });
    },
    async onSend() {
      if (this.data.sending) return;
      const summary = this.data.summary.trim();
      const reason = this.data.reason.trim();
      if (!this.data.siteId) return this.setData({ formError: '请选择转介的服务机构' });
      if (summary.length < 4) return this.setData({ formError: '请写下机构需要知道的情况（至少4个字）' });
      if (reason.length < 4) return this.setData({ formError: '请说明转介理由（至少4个字）' });
      this.setData({ sending: true });
      const res = await referChild({ childId: this.data.childId, siteId: this.data.siteId, summary, reason, deadlineDays: this.data.deadlineDays });
      if (!res.ok) {
        this.setData({ sending: false, formError: res.error.message });
        return;
      }
      const r = res.data.referral;
      this.setData({ sending: false, done: res.data.routeNote ? `已转介${r.siteName}。${res.data.routeNote}` : `已转介${r.siteName}，机构工作人员已收到通知，请留意答复` });
    },
    onList() {
      wx.redirectTo({ url: '/packageCommunity/pages/referrals/index' });
    },
  },
});
