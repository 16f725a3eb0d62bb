/**
 * 汇总表下钻: the children one count of the county summary stands for (`registry.summaryCell`,
 * computed by the same rule as the count), 20 at a time; each opens the child's file.
 * Query: `region`, `column` (a summary column key), `title` (what the count is, in words),
 * `day` (the summary's reference day).
 */
import { summaryCell } from '../../services/registry';
import { listRow } from '../../services/registry-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

const PAGE = 20;

Component({
  behaviors: [uiMode],
  data: {
    region: '',
    column: '',
    title: '',
    day: '',
    total: -1,
    rows: [] as ReturnType<typeof listRow>[],
    hasMore: false,
    loading: true,
    errorMessage: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const d = (k: string) => decodeURIComponent(query[k] ?? '');
      this.setData({ region: d('region'), column: d('column'), title: d('title'), day: d('day') });
      void this.load(true);
    },
    async load(reset: boolean) {
      const skip = reset ? 0 : this.data.rows.length;
      this.setData({ loading: true, errorMessage: '' });
      const res = await summaryCell({ regionCode: this.data.region, column: this.data.column, skip, limit: PAGE, ...(this.data.day ? { date: this.data.day } : {}) });
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const rows = res.data.children.map(listRow);
      this.setData({ loading: false, total: res.data.total, rows: reset ? rows : [...this.data.rows, ...rows], hasMore: res.data.hasMore });
    },
    onRetry() {
      void this.load(this.data.rows.length === 0);
    },
    onMore() {
      if (!this.data.loading) void this.load(false);
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `/packageRegistry/pages/child/index?id=${encodeURIComponent(id)}` });
    },
  },
});
