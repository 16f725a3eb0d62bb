/**
 * 强制报告处理 (packageCare/pages/reports/index), 工作台 for township staff, police, the county and
 * village officers: the immediate reports of my area (`care.listReports`) — 待处理 (not closed),
 * 已办结, 全部 — each with its kind, village, when reported, and where it stands in words (time
 * left to acknowledge, 超时未确认, 处置中, 已办结 with the outcome). A row opens the report page,
 * where it is acknowledged, acted on and closed. 我报告的 (`care.myReports`): every reporter's own
 * reports and where each stands — the only tab for reporters who do not handle reports (teachers,
 * pairing members, families); the 已确认/已办结 notifications open it at the report.
 */
import { listReports, myReports } from '../../services/care';
import { reportListRows, type ReportListRow } from '../../services/care-views';
import { uiMode } from '../../../behaviors/ui-mode';

type Tab = 'active' | 'closed' | 'all' | 'mine';

const HANDLERS = ['townshipStaff', 'police', 'countyAdmin'];
/** Who may list the reports of an area (the rest see only their own). */
const READERS = ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'];

Component({
  behaviors: [uiMode],
  data: {
    tab: 'active' as Tab,
    tabs: [
      { key: 'active', label: '待处理' },
      { key: 'closed', label: '已办结' },
      { key: 'all', label: '全部' },
      { key: 'mine', label: '我报告的' },
    ],
    /** A reader of the area's reports (rows open the report page). */
    reader: true,
    /** The report a notification opened the list at. */
    focusId: '',
    lead: '',
    loading: true,
    loadError: '',
    rows: [] as ReportListRow[],
    lateCount: 0,
    emptyTitle: '辖区内没有待处理的强制报告',
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const roles: string[] = getApp<IAppOption>().globalData.roles ?? [];
      const reader = roles.some((r) => READERS.indexOf(r) >= 0);
      const focusId = decodeURIComponent(query.reportId ?? '');
      this.setData({
        reader,
        focusId,
        tab: !reader || focusId || query.tab === 'mine' ? 'mine' : this.data.tab,
        tabs: reader ? this.data.tabs : [],
        lead: !reader
          ? '您报告过的情况和处理进度。乡镇、派出所确认收到和办结时，会在“消息”里告诉您。'
          : roles.some((r) => HANDLERS.indexOf(r) >= 0)
            ? '辖区内的强制报告。收到后请在时限内确认，并记录处置情况；办结须由乡镇负责人签字。'
            : '本村（社区）的强制报告及处理进度。您可以到场核实并记录处置情况。',
      });
    },
    onShow() {
      void this.load();
    },
    async load() {
      this.setData({ loadError: '' });
      const tab = this.data.tab;
      const res = tab === 'mine' ? await myReports() : await listReports(tab);
      if (!res.ok) {
        this.setData({ loading: false, loadError: res.error.message });
        return;
      }
      const rows = reportListRows(res.data.reports, new Date()).map((r) => ({ ...r, focus: r.reportId === this.data.focusId }));
      this.setData({
        loading: false,
        rows,
        lateCount: tab === 'mine' ? 0 : res.data.reports.filter((r) => r.ackOverdue).length,
        emptyTitle: tab === 'mine' ? '您还没有报告过' : tab === 'closed' ? '还没有已办结的强制报告' : tab === 'all' ? '辖区内还没有强制报告' : '辖区内没有待处理的强制报告',
      });
    },
    onTab(e: WechatMiniprogram.BaseEvent<Record<string, never>, { tab: Tab }>) {
      const tab = e.currentTarget.dataset.tab;
      if (tab === this.data.tab) return;
      this.setData({ tab, loading: true });
      void this.load();
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      // Reporters who do not handle reports see where it stands here; the report page is staff's.
      if (!this.data.reader) return;
      wx.navigateTo({ url: `/packageCare/pages/report/index?reportId=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
    onNew() {
      wx.navigateTo({ url: '/packageCare/pages/report/index' });
    },
  },
});
