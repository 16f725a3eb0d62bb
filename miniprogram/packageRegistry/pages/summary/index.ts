/**
 * 留守儿童汇总表 (county summary, docs/registry.md "County summary"): for the caller's region (or
 * `region`), the region's own row and the next level down — a county's townships, a township's
 * villages — with the counts of one column group at a time (年龄段, 性别, 就学情况 …, chosen with
 * the buttons on top). Every count opens the children behind it (`summaryCell`, the 下钻 page);
 * a township opens its villages. The cross-check sheet (勾稽校验) says whether every partition adds
 * up to the total and every level to the sum of the one below, failing checks first. 导出 Excel
 * saves the table with its check sheet (`exportSummary`) and opens it to forward.
 * Roles: village officer, township staff, police, county admin (the function decides).
 * Query: `region` (optional, 6/9/12 digits).
 */
import { countySummary, exportSummary, type SummaryView } from '../../services/registry';
import { checkRows, checksText, regionCards, summaryGroups, type CheckRow, type RegionCard, type SummaryGroup } from '../../services/summary-logic';
import { openWorkbook } from '../../../utils/files';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

interface Self {
  _view?: SummaryView;
}

Component({
  behaviors: [uiMode],
  data: {
    region: '',
    loading: true,
    errorMessage: '',
    title: '',
    day: '',
    groups: [] as SummaryGroup[],
    group: 'age',
    cards: [] as RegionCard[],
    checksOk: true,
    checksText: '',
    checks: [] as CheckRow[],
    showChecks: false,
    exporting: false,
    exportMessage: '',
    exportFailed: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ region: decodeURIComponent(query.region ?? '') });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await countySummary(this.data.region || undefined);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const view = res.data;
      (this as unknown as Self)._view = view;
      const own = view.rows.find((r) => r.regionCode === view.regionCode);
      const groups = summaryGroups(view);
      const group = groups.some((g) => g.value === this.data.group) ? this.data.group : groups[0]?.value ?? '';
      this.setData({
        loading: false,
        title: own?.regionName ?? '',
        day: view.day,
        groups,
        group,
        cards: regionCards(view, group),
        checksOk: view.ok,
        checksText: checksText(view),
        checks: checkRows(view),
        // Failing checks are shown at once; passing ones on request.
        showChecks: !view.ok,
      });
      if (own) wx.setNavigationBarTitle({ title: `${own.regionName} · 汇总表` });
    },
    onGroup(e: WechatMiniprogram.TouchEvent) {
      const group = String((e.currentTarget.dataset as { value?: string }).value ?? '');
      const view = (this as unknown as Self)._view;
      if (!view || !group) return;
      this.setData({ group, cards: regionCards(view, group) });
    },
    /** A count: the children it counts. */
    onCell(e: WechatMiniprogram.TouchEvent) {
      const { region, name, column, label, count } = e.currentTarget.dataset as { region: string; name: string; column: string; label: string; count: number };
      if (!count) return;
      const q = [`region=${encodeURIComponent(region)}`, `column=${encodeURIComponent(column)}`, `title=${encodeURIComponent(`${name} · ${label}`)}`, `day=${encodeURIComponent(this.data.day)}`];
      wx.navigateTo({ url: `/packageRegistry/pages/summary-cell/index?${q.join('&')}` });
    },
    /** A township of the county: its villages. */
    onOpenRegion(e: WechatMiniprogram.TouchEvent) {
      const code = String((e.currentTarget.dataset as { code?: string }).code ?? '');
      if (code) wx.navigateTo({ url: `/packageRegistry/pages/summary/index?region=${encodeURIComponent(code)}` });
    },
    onToggleChecks() {
      this.setData({ showChecks: !this.data.showChecks });
    },
    async onExport() {
      const view = (this as unknown as Self)._view;
      if (this.data.exporting || !view) return;
      this.setData({ exporting: true, exportMessage: '', exportFailed: false });
      const res = await exportSummary(view.regionCode, view.day);
      if (!res.ok) {
        this.setData({ exporting: false, exportMessage: errorText(res.error), exportFailed: true });
        return;
      }
      const problem = await openWorkbook(res.data.fileName, res.data.base64);
      this.setData({
        exporting: false,
        exportFailed: !!problem,
        exportMessage: problem ?? (res.data.ok ? `已导出：${res.data.fileName}` : `已导出：${res.data.fileName}（勾稽校验有不符项，见表中“勾稽校验”页）`),
      });
    },
  },
});
