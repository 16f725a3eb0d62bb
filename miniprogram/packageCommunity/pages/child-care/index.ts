/**
 * 团组织结对与关爱活动 (packageCommunity/pages/child-care/index?childId=…&name=…; from 儿童档案 →
 * 关爱帮扶, for whoever may read the file): the Youth League organisations paired with the child —
 * who keeps the pairing, since when, ended or not — and the care activities the child came to.
 */
import { loadChildCare, type ChildCareView } from '../../services/community';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    childId: '',
    name: '',
    pairings: [] as { id: string; title: string; line: string; status: string; active: boolean }[],
    activities: [] as { id: string; title: string; line: string }[],
    more: '',
    /** Township staff and the county arrange pairings (工作台 → 团组织结对); others are told whom to ask. */
    isStaff: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const name = decodeURIComponent(query.name ?? '');
      const roles: string[] = getApp<IAppOption>()?.globalData?.roles ?? [];
      this.setData({ childId: decodeURIComponent(query.childId ?? ''), name, isStaff: roles.some((r) => r === 'townshipStaff' || r === 'countyAdmin') });
      if (name) wx.setNavigationBarTitle({ title: `${name}的团组织结对与关爱活动` });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadChildCare(this.data.childId);
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      const v = res.data as ChildCareView;
      this.setData({
        loading: false,
        pairings: v.pairings.map((p) => ({
          id: p.pairingId,
          title: p.orgName,
          line: [p.levelLabel, `结对人：${p.memberName}`, p.active ? `${p.since}起` : `${p.since}至${p.endedOn ?? ''}`].filter(Boolean).join(' · '),
          status: p.statusLabel,
          active: p.active,
        })),
        activities: v.activities.map((a) => ({ id: a.activityId, title: `${a.day} ${a.kindLabel}`, line: `${a.theme} · ${a.siteName}` })),
        more: v.activitiesTotal > v.activities.length ? `共参加${v.activitiesTotal}次，这里列出最近${v.activities.length}次` : '',
      });
    },
  },
});
