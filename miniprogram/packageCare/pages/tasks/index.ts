/**
 * 今日任务 (packageCare/pages/tasks/index), 工作台 for bound staff: overdue and due-today visits
 * of the children the caller covers, and the immediate reports to handle (unacknowledged first,
 * with the time left). A 强制报告 button is always on top.
 */
import { loadTasks, type ReportRow } from '../../../services/care';
import { REPORT_KIND_OPTIONS, dueText, labelOf, reportStateText } from '../../../services/care-logic';
import type { DueVisitItem } from '../../../contracts/care';
import { uiMode } from '../../../behaviors/ui-mode';

const REPORT_PAGE = '/packageCare/pages/report/index';
const VISIT_PAGE = '/packageCare/pages/visit/index';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    today: '',
    visits: [] as (DueVisitItem & { dueText: string })[],
    reports: [] as (ReportRow & { kindLabel: string; stateText: string })[],
  },
  methods: {
    onShow() {
      this.refresh();
    },
    async refresh() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadTasks();
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: res.error.message });
        return;
      }
      const now = new Date();
      this.setData({
        loading: false,
        today: res.data.today,
        visits: res.data.visits.map((v) => ({ ...v, dueText: dueText(v) })),
        reports: res.data.reports.map((r) => ({ ...r, kindLabel: labelOf(REPORT_KIND_OPTIONS, r.kind), stateText: reportStateText(r, now) })),
      });
    },
    onReport() {
      wx.navigateTo({ url: REPORT_PAGE });
    },
    onOpenReport(e: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `${REPORT_PAGE}?reportId=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
    onOpenVisit(e: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `${VISIT_PAGE}?childId=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
  },
});
