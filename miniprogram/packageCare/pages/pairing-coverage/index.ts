/**
 * 1+1+1结对覆盖 (packageCare/pages/pairing-coverage/index?regionCode=…), 工作台 for village
 * officers, township staff, police and the county (`care.pairingCoverage`; policy §二(二)): of the
 * focus children of my area, how many have all three places of their triad filled — for the area,
 * then by township (tap one for its villages) or by village — and the children still missing a
 * place, with which, each opening that child's 1+1+1 page to fill it. The region defaults to the
 * caller's widest; the function refuses one outside it.
 */
import { pairingCoverage } from '../../services/care';
import { missingText, percent } from '../../services/care-views';
import type { CoverageRow } from '../../../contracts/care';
import { uiMode } from '../../../behaviors/ui-mode';

const PAGE = '/packageCare/pages/pairing-coverage/index';

function areaRow(r: CoverageRow) {
  return {
    regionCode: r.regionCode,
    title: r.regionName,
    description: `重点对象${r.focusChildren}人，三方齐全${r.complete}人`,
    tag: r.focusChildren ? `覆盖${percent(r.ratio)}` : '无重点对象',
    tone: !r.focusChildren || r.ratio >= 1 ? 'success' : r.ratio >= 0.8 ? 'info' : 'warning',
    open: r.level === 'township',
  };
}

Component({
  behaviors: [uiMode],
  data: {
    regionCode: '',
    loading: true,
    loadError: '',
    total: { regionName: '', percent: '', text: '', focus: 0 },
    rowsTitle: '',
    rows: [] as ReturnType<typeof areaRow>[],
    incomplete: [] as { childId: string; title: string; description: string; tag: string }[],
    incompleteMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ regionCode: query && query.regionCode ? decodeURIComponent(query.regionCode) : '' });
    },
    onShow() {
      // Back from filling a place: the figures change.
      void this.load();
    },
    async load() {
      this.setData({ loadError: '' });
      const res = await pairingCoverage(this.data.regionCode || undefined);
      if (!res.ok) {
        this.setData({ loading: false, loadError: res.error.message });
        return;
      }
      const d = res.data;
      const t = d.total;
      this.setData({
        loading: false,
        total: {
          regionName: t.regionName,
          percent: t.focusChildren ? percent(t.ratio) : '—',
          text: t.focusChildren ? `重点对象${t.focusChildren}人，三方齐全${t.complete}人` : '暂无重点对象',
          focus: t.focusChildren,
        },
        rowsTitle: t.level === 'county' ? '各乡镇（点开看各村）' : '各村（社区）',
        rows: d.rows.map(areaRow),
        incomplete: d.incomplete.map((c) => ({ childId: c.childId, title: c.childName || '（姓名已隐藏）', description: c.villageName, tag: missingText(c.missing) })),
        incompleteMore: d.incomplete.length >= 200,
      });
      if (t.regionName) wx.setNavigationBarTitle({ title: `${t.regionName} · 1+1+1结对` });
    },
    onArea(e: WechatMiniprogram.BaseEvent<Record<string, never>, { code: string }>) {
      const code = e.currentTarget.dataset.code;
      // Townships open their villages; a village's children are listed below already.
      if (code.length === 9) wx.navigateTo({ url: `${PAGE}?regionCode=${encodeURIComponent(code)}` });
    },
    onChild(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/packageCare/pages/pairing/index?childId=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
  },
});
