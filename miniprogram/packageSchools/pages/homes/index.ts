/**
 * 留守儿童之家覆盖 (packageSchools/pages/homes/index?regionCode=…; the county admin, township staff):
 * the boarding schools of the area, those without a home first marked 未建, each with its home's
 * latest inspection and stars; the coverage and the homes by stars on top; a township filter for
 * the county. A row opens the school's home page (where the county inspects). Opened from 工作台.
 */
import { loadCoverage, starText, type HomeCoverageRow } from '../../services/homes';
import { STAR_LABELS } from '../../../contracts/schools';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

function row(r: HomeCoverageRow) {
  return {
    id: r.schoolId,
    title: `${r.schoolName}${r.boarding ? '' : '（非寄宿）'}`,
    line: r.built ? `${r.place} · ${r.homeName}${r.lastInspectedOn ? ` · ${starText(r.stars)}（${r.lastInspectedOn}检查，${r.score}分）` : ' · 未检查'}` : `${r.place} · 还没有留守儿童之家`,
    tag: !r.built ? '未建' : r.stars ? STAR_LABELS[r.stars as 1] : '未评星',
    tone: !r.built ? 'danger' : r.stars ? 'success' : 'warning',
  };
}

Component({
  behaviors: [uiMode],
  data: {
    regionCode: '',
    loading: true,
    loaded: false,
    errorMessage: '',
    regionName: '',
    summary: '',
    starsLine: '',
    /** The county's townships to filter by (kept from the county-wide answer), '' = the whole county. */
    townships: [] as { code: string; name: string }[],
    countyCode: '',
    canInspect: false,
    rows: [] as ReturnType<typeof row>[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ regionCode: decodeURIComponent((query && query.regionCode) || '') });
      void this.load();
    },
    onShow() {
      if (this.data.loaded) void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadCoverage(this.data.regionCode || undefined);
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      const v = res.data;
      const missing = v.boardingSchools - v.boardingWithHome;
      const s = v.byStars;
      this.setData({
        loading: false,
        loaded: true,
        regionName: v.region.name,
        canInspect: v.canInspect,
        ...(v.region.code.length === 6 ? { townships: [{ code: '', name: '全县' }, ...v.townships], countyCode: v.region.code } : {}),
        summary: `寄宿制学校 ${v.boardingSchools} 所，已建留守儿童之家 ${v.boardingWithHome} 所${missing ? `，未建 ${missing} 所` : v.boardingSchools ? '，已全覆盖' : ''}`,
        starsLine: `五星 ${s[5]} · 四星 ${s[4]} · 三星 ${s[3]} · 二星 ${s[2]} · 一星 ${s[1]} · 未检查 ${s[0]}`,
        rows: v.rows.map(row),
      });
    },
    onTownship(e: WechatMiniprogram.TouchEvent) {
      const code = String((e.currentTarget.dataset as { code?: string }).code ?? '');
      this.setData({ regionCode: code });
      void this.load();
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `/packageSchools/pages/home/index?schoolId=${encodeURIComponent(id)}` });
    },
    onSettings() {
      wx.navigateTo({ url: '/packageSchools/pages/home-settings/index' });
    },
  },
});
