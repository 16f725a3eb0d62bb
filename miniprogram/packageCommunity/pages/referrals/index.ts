/**
 * 转介单 (packageCommunity/pages/referrals/index; docs/community.md "Referrals to a directory
 * entry"): children's cases referred to a directory entry (the protection centre, a social
 * organisation). The entry's staff see those sent to their entry and answer each before its
 * deadline (`community.answerSiteReferral`); the referrers (village, township, county) see those
 * of their area and the answers; the county admins answer for an entry nobody is bound to.
 * Helpline requests referred to the entry are on 热线转介单 (linked for the entry's staff).
 */
import { answerSiteReferral, loadSiteReferrals } from '../../services/community';
import type { SiteReferralView } from '../../../contracts/community';
import { uiMode } from '../../../behaviors/ui-mode';
import { referralAnswer } from '../../../behaviors/referral-answer';
import { formatTime } from '../../../utils/time';

interface Row {
  id: string;
  title: string;
  meta: string;
  tag: string;
  tone: 'danger' | 'warning' | 'success';
  summary: string;
  note: string;
  reply: string;
  answerable: boolean;
}

/** A referral as a card shows it. */
export function referralRow(r: SiteReferralView): Row {
  const deadline = r.status === 'answered' ? `于${formatTime(r.answeredAt ?? r.deadline)}答复` : `请于${formatTime(r.deadline)}前答复`;
  return {
    id: r.referralId,
    title: `${r.childName}（${r.place}）· 转${r.siteName}`,
    meta: `${deadline} · ${r.referredBy}转介`,
    tag: r.statusLabel,
    tone: r.status === 'answered' ? 'success' : r.statusLabel === '已逾期' ? 'danger' : 'warning',
    summary: r.summary,
    note: [r.routeNote ?? '', r.escalated ? '已逾期，已告知县民政局管理员督办' : ''].filter(Boolean).join('；'),
    reply: r.reply ?? '',
    answerable: r.answerable,
  };
}

Component({
  behaviors: [uiMode, referralAnswer],
  data: {
    loading: true,
    loadError: '',
    rows: [] as Row[],
    siteStaff: false,
    // community.answerSiteReferral takes at least two characters of 处理情况.
    answerMin: 2,
  },
  methods: {
    onLoad() {
      const roles: string[] = getApp<IAppOption>().globalData.roles ?? [];
      this.setData({ siteStaff: roles.indexOf('siteStaff') >= 0 });
    },
    onShow() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      const res = await loadSiteReferrals();
      if (!res.ok) {
        this.setData({ loading: false, loadError: res.error.message });
        return;
      }
      this.setData({ loading: false, rows: res.data.referrals.map(referralRow) });
    },
    sendAnswer(id: string, text: string) {
      return answerSiteReferral(id, text);
    },
    answeredNotice(inTime: boolean | undefined): string {
      return inTime === false ? '已答复（已超过期限）' : '已答复，转介人会收到通知';
    },
    onHelpline() {
      wx.navigateTo({ url: '/packageHelpline/pages/referrals/index' });
    },
  },
});
