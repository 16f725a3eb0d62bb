/**
 * 热线主管 (helpline supervisors): waiting now and the longest wait, the last 7 Shanghai days of
 * service metrics (docs/helpline.md "Metrics") and who is on duty.
 */
import { helplineApi, openWorkbook } from '../../../services/helpline';
import { formatDuration, formatTime, lastDays, metricsRowView, type MetricsRowView } from '../../../services/helpline-logic';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    error: '',
    waitingNow: 0,
    longestWait: '—',
    rows: [] as MetricsRowView[],
    total: null as MetricsRowView | null,
    onDuty: [] as { personId: string; name: string; sinceText: string; holding: number }[],
    exporting: false,
  },
  methods: {
    onShow() {
      this.load();
    },
    async load() {
      const range = lastDays(Date.now(), 7);
      const [m, d] = await Promise.all([helplineApi.metrics(range.from, range.to, 'day'), helplineApi.dutyBoard()]);
      if (!m.ok || !d.ok) {
        this.setData({ loading: false, error: !m.ok ? m.error.message : !d.ok ? d.error.message : '' });
        return;
      }
      this.setData({
        loading: false,
        error: '',
        waitingNow: m.data.waitingNow,
        longestWait: formatDuration(m.data.longestWaitMs),
        rows: m.data.rows.slice().reverse().map(metricsRowView),
        total: metricsRowView({ ...m.data.total, period: '近7天合计' }),
        onDuty: d.data.onDuty.map((p) => ({ personId: p.personId, name: p.name ?? '接线员', sinceText: formatTime(p.since), holding: p.holding })),
      });
    },
    /** Exports the last 7 days (xlsx) and opens it. */
    async onExport() {
      if (this.data.exporting) return;
      this.setData({ exporting: true });
      const range = lastDays(Date.now(), 7);
      const res = await helplineApi.exportMetrics(range.from, range.to, 'day');
      const problem = res.ok ? await openWorkbook(res.data.fileName, res.data.base64) : res.error.message;
      this.setData({ exporting: false });
      if (problem) wx.showToast({ title: problem, icon: 'none' });
    },
  },
});
