/**
 * 指标下钻 (packageSupervision/pages/indicator/index?key=…&region=…; docs/supervision.md): one
 * number of a board in one region, with its 口径 (the catalogue's wording and policy clause),
 * and what is behind it — above the level its items sit at, the regions one level down with
 * their numbers (each opens the same indicator there: county → township → village); at that
 * level, the children or items themselves, 50 at a time, exactly the set the number counted.
 * An item opens its own page when the caller has one (the child file, the report, the order).
 */
import { loadIndicator, type IndicatorView } from '../../services/supervision';
import { breakdownLines, crumbs, infoOf, itemLines, itemsTitle, rowsTitle, shareText, valueText, type ItemLine, type RankLine } from '../../services/supervision-logic';
import type { IndicatorKey } from '../../../contracts/supervision';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

const PAGE = 50;

Component({
  behaviors: [uiMode],
  data: {
    key: '',
    region: '',
    loading: true,
    errorMessage: '',
    label: '',
    numerator: '',
    policy: '',
    regionName: '',
    value: '',
    share: '',
    asOf: '',
    crumbs: [] as { code: string; name: string; own: boolean }[],
    rowsTitle: '',
    rows: [] as RankLine[],
    itemsTitle: '',
    items: [] as ItemLine[],
    total: -1,
    /** The items sit at this level (a list), rather than in the regions below. */
    atItems: false,
    hasMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const key = decodeURIComponent(query.key ?? '');
      const info = infoOf(key);
      this.setData({ key, region: decodeURIComponent(query.region ?? ''), label: info?.label ?? '', numerator: info?.numerator ?? '', policy: info?.policy ?? '' });
      if (info) wx.setNavigationBarTitle({ title: info.label });
      void this.load(true);
    },
    async load(reset: boolean) {
      if (!infoOf(this.data.key) || !this.data.region) {
        this.setData({ loading: false, errorMessage: '链接不完整，请回到督导看板点数字进入' });
        return;
      }
      const skip = reset ? 0 : this.data.items.length;
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadIndicator(this.data.key as IndicatorKey, this.data.region, skip, PAGE);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const v: IndicatorView = res.data;
      const items = itemLines(v.items);
      const atItems = v.rows.length === 0;
      this.setData({
        loading: false,
        regionName: v.region.name,
        value: valueText(v.key, v.value),
        share: shareText(v.key, v.of, v.rate),
        asOf: v.asOf,
        crumbs: crumbs(v.parents, v.region),
        rowsTitle: rowsTitle(v.region),
        rows: breakdownLines(v.key, v.rows),
        atItems,
        itemsTitle: itemsTitle(v),
        items: reset ? items : [...this.data.items, ...items],
        total: v.total,
        hasMore: v.hasMore,
      });
    },
    onRetry() {
      void this.load(this.data.items.length === 0);
    },
    onMore() {
      if (!this.data.loading) void this.load(false);
    },
    /** A region below, or one above in the breadcrumb: the same number there. */
    onRegion(e: WechatMiniprogram.TouchEvent) {
      const code = String((e.currentTarget.dataset as { code?: string }).code ?? '');
      if (code) wx.navigateTo({ url: `/packageSupervision/pages/indicator/index?key=${encodeURIComponent(this.data.key)}&region=${code}` });
    },
    /** An item with a page of its own. */
    onItem(e: WechatMiniprogram.TouchEvent) {
      const page = String((e.currentTarget.dataset as { page?: string }).page ?? '');
      if (page) wx.navigateTo({ url: page });
    },
    /** The board of the region. */
    onBoard() {
      wx.navigateTo({ url: `/packageSupervision/pages/board/index?region=${this.data.region}` });
    },
  },
});
