/**
 * 政策: the county's published policy articles, for everyone (no binding needed).
 * - First screen from the storage cache at once, then refreshed from `articles.listArticles`
 *   (DESIGN.md: fast first screen; setData carries list rows only, never article bodies).
 * - Tag chips (全部 / 未成年人保护法 / 预防未成年人犯罪法 / 家庭教育促进法 / 本县政策), search,
 *   newest first, more on reaching the bottom, pull to refresh.
 * - A row opens the article page in the `packageArticles` subpackage (mp-html lives there, not in
 *   the main package).
 */
import { syncTabBar } from '../../utils/tab-bar';
import { listArticles } from '../../services/articles';
import { TAG_CHIPS, readListCache, toRow, writeListCache, type ArticleRow } from '../../services/articles-logic';
import { uiMode } from '../../behaviors/ui-mode';

const PAGE_SIZE = 20;

Component({
  behaviors: [uiMode],
  data: {
    chips: TAG_CHIPS,
    tag: '',
    query: '',
    articles: [] as ArticleRow[],
    nextBefore: '',
    loading: false,
    error: '',
    /** True while the rows shown come from the cache and the refresh has not answered yet. */
    fromCache: false,
    emptyText: '暂无政策文章',
  },
  methods: {
    onLoad() {
      const cached = readListCache();
      if (cached && cached.rows.length > 0) this.setData({ articles: cached.rows, nextBefore: cached.nextBefore ?? '', fromCache: true });
      void this.refresh();
    },
    onShow() {
      syncTabBar(this);
    },
    onPullDownRefresh() {
      void this.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      if (this.data.nextBefore && !this.data.loading) void this.load(true);
    },
    onShareAppMessage() {
      return { title: '守望 · 政策文章', path: '/pages/policy/index' };
    },
    /** Reloads the first page for the current tag and search. */
    refresh(): Promise<void> {
      return this.load(false);
    },
    async load(more: boolean): Promise<void> {
      const { tag, query } = this.data;
      this.setData({ loading: true, error: '' });
      const res = await listArticles({ tag, q: query, limit: PAGE_SIZE, before: more ? this.data.nextBefore : undefined });
      // A newer request (other tag or search) may have started meanwhile: drop this answer.
      if (tag !== this.data.tag || query !== this.data.query) return;
      if (!res.ok) {
        this.setData({ loading: false, error: res.error.message });
        return;
      }
      const rows = res.data.articles.map(toRow);
      const articles = more ? [...this.data.articles, ...rows] : rows;
      this.setData({ articles, nextBefore: res.data.nextBefore ?? '', loading: false, fromCache: false, emptyText: query ? '没有找到相关文章' : '暂无政策文章' });
      if (!more && !tag && !query) writeListCache(rows, res.data.nextBefore);
    },
    onTag(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value: string }>) {
      const tag = e.currentTarget.dataset.value ?? '';
      if (tag === this.data.tag) return;
      this.setData({ tag, articles: [], nextBefore: '' });
      void this.refresh();
    },
    onQueryInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ query: e.detail.value });
    },
    onSearch(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ query: (e.detail.value ?? this.data.query).trim(), articles: [], nextBefore: '' });
      void this.refresh();
    },
    onClearSearch() {
      this.setData({ query: '', articles: [], nextBefore: '' });
      void this.refresh();
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const id = e.currentTarget.dataset.id;
      if (id) wx.navigateTo({ url: `/packageArticles/pages/article/index?id=${encodeURIComponent(id)}` });
    },
  },
});
