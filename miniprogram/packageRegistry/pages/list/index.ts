/**
 * 儿童档案 (工作台): the children of the caller's villages (the function filters by scope), with
 * filters (name or ID number, risk level, 待补全); paged with 加载更多. Tapping opens the file.
 */
import { searchChildren } from '../../services/registry';
import { LABELS } from '../../../contracts/registry';
import { listRow, searchInput, type ListFilters } from '../../services/registry-logic';
import { uiMode } from '../../../behaviors/ui-mode';

const PAGE = 20;
/** Who may import rosters (registry OFFICER_ROLES) and see the statistics (STATS_ROLES); the function decides, the page only hides what a role cannot use. */
const IMPORTERS = ['villageOfficer', 'townshipStaff', 'countyAdmin'];
const STATS = ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'];

Component({
  behaviors: [uiMode],
  data: {
    filters: { keyword: '', riskLevel: '', flag: '', incompleteOnly: false } as ListFilters,
    riskChips: [{ value: '', label: '全部' }, ...Object.entries(LABELS.risk).map(([value, label]) => ({ value, label }))],
    rows: [] as ReturnType<typeof listRow>[],
    loading: false,
    hasMore: false,
    errorMessage: '',
    canImport: false,
    canStats: false,
  },
  methods: {
    onLoad() {
      const roles: string[] = getApp<IAppOption>()?.globalData?.roles ?? [];
      this.setData({ canImport: roles.some((r) => IMPORTERS.indexOf(r) >= 0), canStats: roles.some((r) => STATS.indexOf(r) >= 0) });
      void this.load(true);
    },
    async load(reset: boolean) {
      if (this.data.loading) return;
      const skip = reset ? 0 : this.data.rows.length;
      this.setData({ loading: true, errorMessage: '', ...(reset ? { rows: [] } : {}) });
      const res = await searchChildren(searchInput(this.data.filters, skip, PAGE));
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: res.error.message });
        return;
      }
      const rows = res.data.children.map(listRow);
      this.setData({ loading: false, rows: reset ? rows : [...this.data.rows, ...rows], hasMore: res.data.hasMore });
    },
    onKeyword(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'filters.keyword': e.detail.value });
    },
    onSearch() {
      void this.load(true);
    },
    onRisk(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'filters.riskLevel': String(e.currentTarget.dataset.value ?? '') });
      void this.load(true);
    },
    onIncomplete() {
      this.setData({ 'filters.incompleteOnly': !this.data.filters.incompleteOnly });
      void this.load(true);
    },
    onMore() {
      void this.load(false);
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packageRegistry/pages/child/index?id=${encodeURIComponent(String(e.currentTarget.dataset.id))}` });
    },
    onImport() {
      wx.navigateTo({ url: '/packageRegistry/pages/import/index' });
    },
    onCoverage() {
      wx.navigateTo({ url: '/packageRegistry/pages/census-coverage/index' });
    },
    onSummary() {
      wx.navigateTo({ url: '/packageRegistry/pages/summary/index' });
    },
  },
});
