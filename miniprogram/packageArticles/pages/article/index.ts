/**
 * One policy article (public): title, date, author, tags and the body — the sanitised HTML the
 * `articles` function stores — rendered with mp-html (inline styles only; external links are
 * numbered references at the end; mmbiz-free images). Shareable to a chat (onShareAppMessage).
 * Lives in the `packageArticles` subpackage so mp-html stays out of the main package.
 */
import { getArticle } from '../../../services/articles';
import { beijingDate, shareOf } from '../../../services/articles-logic';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    id: '',
    title: '',
    meta: '',
    tags: [] as string[],
    html: '',
    wechatUrl: '',
    loading: true,
    error: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const id = query && query.id ? decodeURIComponent(query.id) : '';
      this.setData({ id });
      void this.load();
    },
    async load(): Promise<void> {
      if (!this.data.id) {
        this.setData({ loading: false, error: '缺少文章编号' });
        return;
      }
      this.setData({ loading: true, error: '' });
      const res = await getArticle(this.data.id);
      if (!res.ok) {
        this.setData({ loading: false, error: res.error.message });
        return;
      }
      const a = res.data;
      this.setData({
        title: a.title,
        meta: `${beijingDate(a.publishedAt)} · ${a.author}`,
        tags: a.tags,
        html: a.html,
        wechatUrl: a.wechatUrl ?? '',
        loading: false,
      });
      wx.setNavigationBarTitle({ title: '政策文章' });
    },
    onRetry() {
      void this.load();
    },
    /** The Official Account copy cannot be opened from here: copy its link for WeChat chat. */
    onCopyWechatUrl() {
      if (this.data.wechatUrl) wx.setClipboardData({ data: this.data.wechatUrl });
    },
    onShareAppMessage() {
      return shareOf({ id: this.data.id, title: this.data.title || '政策文章' });
    },
  },
});
