/**
 * 走访计划 (packageCare/pages/due/index), 工作台 for village officers, township staff, pairing
 * members and the county: the visits of the children I cover that are overdue, due today, or due
 * within 7 or 30 days (Asia/Shanghai days, by each child's risk level and last visit:
 * `care.dueVisits`). Each row opens the visit form for that child.
 */
import { dueVisits } from '../../services/care';
import { dueGroups, type DueRow } from '../../services/care-views';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    horizons: [7, 30],
    horizon: 7,
    loading: true,
    loadError: '',
    counts: { overdue: 0, dueToday: 0, upcoming: 0 },
    groups: [] as { key: string; title: string; rows: DueRow[] }[],
  },
  methods: {
    onShow() {
      // Back from a recorded visit: that child has moved down the list.
      void this.load();
    },
    async load() {
      this.setData({ loadError: '' });
      const res = await dueVisits(this.data.horizon);
      if (!res.ok) {
        this.setData({ loading: false, loadError: res.error.message });
        return;
      }
      this.setData({ loading: false, counts: res.data.counts, groups: dueGroups(res.data.items) });
    },
    onHorizon(e: WechatMiniprogram.BaseEvent<Record<string, never>, { days: number }>) {
      const horizon = Number(e.currentTarget.dataset.days);
      if (horizon === this.data.horizon) return;
      this.setData({ horizon, loading: true });
      void this.load();
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/packageCare/pages/visit/index?childId=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
  },
});
