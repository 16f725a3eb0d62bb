/**
 * 今日任务 (packageCare/pages/tasks/index), 工作台 for bound staff: the immediate reports to handle
 * (unacknowledged first, with the time left) and the overdue and due-today visits of the children
 * the caller covers. A 强制报告 button is always on top; 走访计划 and 全部报告 lead to the lists.
 */
import { loadTasks } from '../../services/care';
import { dueGroups, reportListRows, type DueRow, type ReportListRow } from '../../services/care-views';
import { uiMode } from '../../../behaviors/ui-mode';

const REPORT_PAGE = '/packageCare/pages/report/index';
const VISIT_PAGE = '/packageCare/pages/visit/index';
/** Who reads the area's reports (care contract: listReports). */
const REPORT_READERS = ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'];

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    today: '',
    visits: [] as DueRow[],
    reports: [] as ReportListRow[],
    canListReports: false,
  },
  methods: {
    onLoad() {
      const roles: string[] = getApp<IAppOption>().globalData.roles ?? [];
      this.setData({ canListReports: roles.some((r) => REPORT_READERS.indexOf(r) >= 0) });
    },
    onShow() {
      void this.refresh();
    },
    async refresh() {
      this.setData({ errorMessage: '' });
      const res = await loadTasks();
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: res.error.message });
        return;
      }
      this.setData({
        loading: false,
        today: res.data.today,
        visits: dueGroups(res.data.visits).flatMap((g) => g.rows),
        reports: reportListRows(res.data.reports, new Date()),
      });
    },
    onReport() {
      wx.navigateTo({ url: REPORT_PAGE });
    },
    onOpenReport(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `${REPORT_PAGE}?reportId=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
    onOpenVisit(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `${VISIT_PAGE}?childId=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
    onDue() {
      wx.navigateTo({ url: '/packageCare/pages/due/index' });
    },
    onReports() {
      wx.navigateTo({ url: '/packageCare/pages/reports/index' });
    },
  },
});
