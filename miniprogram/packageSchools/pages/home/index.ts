/**
 * 留守儿童之家 (packageSchools/pages/home/index?schoolId=…): a school's home — facilities, who runs
 * it, hours — its activity records and the latest inspection (scores per item, total, stars), or
 * 未建 with 建立 for the school's staff. The school's people record activities; the county admin
 * inspects. Opened from 工作台 (own school), the schools list, the coverage list, the board's
 * drill-down and 消息 (schools.homeInspected).
 */
import { homeRows, loadHome, ownSchools, starText, type HomeView } from '../../services/homes';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

type Rows = ReturnType<typeof homeRows>;

Component({
  behaviors: [uiMode],
  data: {
    schoolId: '',
    loading: true,
    loaded: false,
    errorMessage: '',
    view: null as HomeView | null,
    rows: null as Rows | null,
    rating: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ schoolId: decodeURIComponent((query && query.schoolId) || '') });
      void this.load();
    },
    onShow() {
      if (this.data.loaded) void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      let schoolId = this.data.schoolId;
      if (!schoolId) {
        const own = await ownSchools();
        if (!own.ok) return this.setData({ loading: false, errorMessage: errorText(own.error) });
        schoolId = own.data.schools[0]?.id ?? '';
        if (!schoolId) return this.setData({ loading: false, errorMessage: '您还没有绑定到学校，请联系学校或县民政局邀请' });
      }
      const res = await loadHome(schoolId);
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      const v = res.data;
      this.setData({ loading: false, loaded: true, schoolId, view: v, rows: homeRows(v), rating: v.latest ? starText(v.latest.stars) : '' });
    },
    go(page: string) {
      wx.navigateTo({ url: `/packageSchools/pages/${page}/index?schoolId=${encodeURIComponent(this.data.schoolId)}` });
    },
    onEdit() {
      this.go('home-edit');
    },
    onRecord() {
      this.go('home-activity');
    },
    onInspect() {
      this.go('home-inspect');
    },
    onPreview(e: WechatMiniprogram.TouchEvent) {
      const { url, urls } = e.currentTarget.dataset as { url: string; urls: string[] };
      wx.previewImage({ current: url, urls });
    },
  },
});
