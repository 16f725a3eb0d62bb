/**
 * 辍学劝返个案 (packageSchools/pages/cases/index?schoolId=…|region=…): a school's, a township's
 * or the county's dropout cases, open first (escalated ones marked), then those back in school.
 * Without a query: the caller's own (their school, township or county). A row opens the case.
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
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ schoolId: decodeURIComponent(query.schoolId ?? ''), region: decodeURIComponent(query.region ?? '') });
      void this.load();
    },
    onShow() {
      if (this.data.loaded) void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadCases({ ...(this.data.schoolId ? { schoolId: this.data.schoolId } : {}), ...(this.data.region ? { regionCode: this.data.region } : {}) });
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const cases = res.data.cases;
      const open = cases.filter((c) => c.status === 'open');
      this.setData({
        loading: false,
        loaded: true,
        title: res.data.title,
        rows: caseRows(cases),
        summary: `劝返中 ${open.length} 人（其中已上报 ${open.filter((c) => c.escalated).length} 人），已复学 ${cases.length - open.length} 人`,
      });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `/packageSchools/pages/case/index?caseId=${encodeURIComponent(id)}` });
    },
  },
});
