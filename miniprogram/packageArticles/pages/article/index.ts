/**
 * One policy article (public): title, date, author, tags and the body — the sanitised HTML the
 * `articles` function stores — rendered with mp-html (inline styles only; external links are
 * numbered references at the end; mmbiz-free images). Shareable to a chat (onShareAppMessage).
 * Lives in the `packageArticles` subpackage so mp-html stays out of the main package. The body's
 * text follows 长辈模式 and the WeChat font size (articleHtmlFor), as the rest of the page does.
 */
import { getArticle } from '../../../services/articles';
import { articleHtmlFor, beijingDate, shareOf } from '../../../services/articles-logic';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    id: '',
    title: '',
    meta: '',
    tags: [] as string[],
    html: '',
    /** The HTML as stored; `html` is it sized for the current mode. */
    storedHtml: '',
    wechatUrl: '',
    loading: true,
    error: '',
  },
  observers: {
    // 长辈模式 switched while the article is open: re-size the body with the rest of the page.
    sw(this: WechatMiniprogram.Component.TrivialInstance, sw: { elder: boolean; scale: number }) {
      const stored = (this.data as { storedHtml?: string }).storedHtml;
      if (stored) this.setData({ html: articleHtmlFor(stored, sw) });
    },
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
        storedHtml: a.html,
        html: articleHtmlFor(a.html, this.data.sw),
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
