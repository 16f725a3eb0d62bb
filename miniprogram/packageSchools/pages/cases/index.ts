/**
 * 辍学劝返个案 (packageSchools/pages/cases/index?schoolId=…|region=…): a school's, a township's
 * or the county's dropout cases, open first (escalated ones marked), then those back in school.
 * Without a query: the caller's own (their school, township or county). A row opens the case.
 * Paged: the first 30, then 加载更多 (or reaching the bottom) adds the next; the summary counts
 * the whole list.
 */
import { loadCases } from '../../services/schools';
import { caseRows, type CaseRow } from '../../services/schools-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    schoolId: '',
    region: '',
    loading: true,
    loaded: false,
    errorMessage: '',
    title: '',
    summary: '',
    rows: [] as CaseRow[],
    hasMore: false,
    loadingMore: false,
    moreError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ schoolId: decodeURIComponent(query.schoolId ?? ''), region: decodeURIComponent(query.region ?? '') });
      void this.load();
    },
    onShow() {
      if (this.data.loaded) void this.load();
    },
    filter() {
      return { ...(this.data.schoolId ? { schoolId: this.data.schoolId } : {}), ...(this.data.region ? { regionCode: this.data.region } : {}) };
    },
    async load() {
      this.setData({ loading: true, errorMessage: '', moreError: '' });
      const res = await loadCases(this.filter());
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const n = res.data.counts;
      this.setData({
        loading: false,
        loaded: true,
        title: res.data.title,
        rows: caseRows(res.data.cases),
        hasMore: res.data.hasMore,
        summary: `劝返中 ${n.open} 人（其中已上报 ${n.escalated} 人），已复学 ${n.closed} 人`,
      });
    },
    /** The next page, added below (加载更多, or reaching the bottom). */
    async onMore() {
      if (!this.data.hasMore || this.data.loadingMore || this.data.loading) return;
      this.setData({ loadingMore: true, moreError: '' });
      const res = await loadCases({ ...this.filter(), skip: this.data.rows.length });
      if (!res.ok) {
        this.setData({ loadingMore: false, moreError: `没能加载更多：${errorText(res.error)}` });
        return;
      }
      const seen = new Set(this.data.rows.map((r) => r.id));
      this.setData({ loadingMore: false, rows: [...this.data.rows, ...caseRows(res.data.cases).filter((r) => !seen.has(r.id))], hasMore: res.data.hasMore });
    },
    onReachBottom() {
      void this.onMore();
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `/packageSchools/pages/case/index?caseId=${encodeURIComponent(id)}` });
    },
  },
});
