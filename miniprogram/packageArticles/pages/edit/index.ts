/**
 * 写文章 / 编辑文章 (packageArticles/pages/edit/index[?id=…], publisher): title, author, digest,
 * tags from the catalogue, the Markdown body and a cover image; 预览 renders the unsaved Markdown
 * with the function (`previewArticle`) and shows it in mp-html exactly as the article page does;
 * 保存 sends `createArticle` (new) or `updateArticle` (changed fields only: every save is a new
 * version) and goes back to 政策文章审核与发布 with the new version number.
 *
 * Every change is written to storage at once (`shouwang.articles.editDraft.<id|new>`) and restored
 * on load, so backgrounding, a rebuilt page or the privacy prompt of the cover picker loses nothing;
 * the draft is cleared only after a successful save. The body is not echoed through `setData` on
 * each keystroke (it can be 60,000 characters): the textarea holds it, the draft keeps it, and it is
 * put back into the render data only when the form is rebuilt (load, back from the preview).
 *
 * A new article's draft carries a client request id, so `createArticle` is idempotent: a double
 * tap (also stopped here by `saving`) or a save retried after a lost answer makes one article.
 */
import { createArticle, getManaged, previewMarkdown, updateArticle, uploadCover } from '../../../services/articles';
import { getTempFileURL } from '../../../services/api';
import { ARTICLE_LIMITS, DEFAULT_AUTHOR } from '../../../contracts/articles';
import {
  charCount,
  clearArticleDraft,
  coverProblem,
  draftFromArticle,
  editNotice,
  emptyArticleDraft,
  loadArticleDraft,
  previewSizeText,
  saveArticleDraft,
  tagOptions,
  toCreateInput,
  toUpdateInput,
  toggleTag,
  validateArticleDraft,
  type ArticleDraft,
  type DraftStorage,
} from '../../../services/articles-edit-logic';
import { beijingDate } from '../../../services/articles-logic';
import { requirePrivacyAuthorization } from '../../../services/privacy';
import type { ManagedArticleDetail } from '../../../contracts/articles';
import { uiMode } from '../../../behaviors/ui-mode';

const MANAGE_ROUTE = 'packageArticles/pages/manage/index';

const storage: DraftStorage = {
  get: (k) => wx.getStorageSync(k),
  set: (k, v) => wx.setStorageSync(k, v),
  remove: (k) => wx.removeStorageSync(k),
};

/** What the page keeps but does not render. */
interface Runtime {
  draft: ArticleDraft;
  original?: ManagedArticleDetail;
}

const runtimes = new WeakMap<object, Runtime>();
function rt(page: object): Runtime {
  let r = runtimes.get(page);
  if (!r) {
    r = { draft: emptyArticleDraft() };
    runtimes.set(page, r);
  }
  return r;
}

type TextField = 'title' | 'author' | 'digest' | 'markdown';

interface Form {
  title: string;
  author: string;
  digest: string;
  markdown: string;
  coverFileId: string;
}

interface Preview {
  html: string;
  warnings: string[];
  sizeText: string;
  tooLong: boolean;
  title: string;
  meta: string;
  tags: string[];
}

function roles(): string[] {
  try {
    return (getApp<IAppOption>().globalData.roles ?? []) as string[];
  } catch {
    return [];
  }
}

const formOf = (d: ArticleDraft): Form => ({ title: d.title, author: d.author, digest: d.digest, markdown: d.markdown, coverFileId: d.coverFileId ?? '' });

const hasContent = (d: ArticleDraft) => !!(d.title || d.author || d.digest || d.markdown || d.tags.length || d.coverFileId);

function chooseImage(): Promise<{ tempFilePath: string; size: number } | undefined> {
  return new Promise((resolve) => {
    wx.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
      success: (r) => resolve(r.tempFiles[0] ? { tempFilePath: r.tempFiles[0].tempFilePath, size: r.tempFiles[0].size } : undefined),
      fail: () => resolve(undefined),
    });
  });
}

Component({
  behaviors: [uiMode],
  data: {
    articleId: '',
    loading: false,
    /** Why the form cannot be used (load failure, not a publisher). */
    blocked: '',
    form: formOf(emptyArticleDraft()) as Form,
    tags: tagOptions([]),
    bodyCount: 0,
    limits: ARTICLE_LIMITS,
    authorPlaceholder: `不填则为“${DEFAULT_AUTHOR}”`,
    coverUrl: '',
    canRemoveCover: false,
    uploading: false,
    restored: false,
    notice: '',
    readOnly: false,
    errorMessage: '',
    message: '',
    saving: false,
    previewing: false,
    mode: 'edit' as 'edit' | 'preview',
    preview: null as Preview | null,
    savedText: '',
    savedId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const id = query && query.id ? decodeURIComponent(query.id) : '';
      const r = roles();
      if (r.length > 0 && r.indexOf('publisher') < 0) {
        this.setData({ blocked: '只有发布人可以撰写和修改文章' });
        return;
      }
      this.setData({ articleId: id });
      if (id) {
        wx.setNavigationBarTitle({ title: '编辑文章' });
        void this.loadArticle(id);
        return;
      }
      const saved = loadArticleDraft(storage, undefined);
      this.apply(saved ?? emptyArticleDraft(), !!saved && hasContent(saved));
    },
    async loadArticle(id: string): Promise<void> {
      this.setData({ loading: true, blocked: '' });
      const res = await getManaged(id);
      if (!res.ok) {
        this.setData({ loading: false, blocked: res.error.message });
        return;
      }
      const a = res.data;
      rt(this).original = a;
      const saved = loadArticleDraft(storage, id);
      let notice = editNotice(a.status);
      // A rejected draft: what the reviewer asked to change, while changing it.
      if (a.status === 'draft' && a.lastReview && a.lastReview.decision === 'reject' && a.lastReview.note) notice = `退回意见：${a.lastReview.note}`;
      if (saved && saved.baseVersion !== undefined && saved.baseVersion !== a.version) {
        notice = `${notice ? `${notice}。` : ''}本机草稿基于第 ${saved.baseVersion} 版，文章现已是第 ${a.version} 版；保存会以本机内容为准，请先核对`;
      }
      this.setData({ loading: false, notice, readOnly: a.status === 'inReview' });
      this.apply(saved ?? draftFromArticle(a), !!saved);
    },
    onRetry() {
      if (this.data.articleId) void this.loadArticle(this.data.articleId);
    },
    /** Puts a whole draft on screen (load, restore, discard). */
    apply(draft: ArticleDraft, restored: boolean) {
      rt(this).draft = draft;
      const original = rt(this).original;
      this.setData({
        form: formOf(draft),
        tags: tagOptions(draft.tags),
        bodyCount: charCount(draft.markdown),
        coverUrl: '',
        canRemoveCover: !!draft.coverFileId && !(original && original.coverFileId),
        restored,
        errorMessage: '',
      });
      void this.showCover(draft.coverFileId);
    },
    async showCover(fileID: string | undefined): Promise<void> {
      if (!fileID) return;
      const res = await getTempFileURL([fileID]);
      if (res.ok && res.data[0] && rt(this).draft.coverFileId === fileID) this.setData({ coverUrl: res.data[0].tempFileURL });
    },
    /** Applies a change and stores the draft at once. */
    update(patch: Partial<ArticleDraft>) {
      rt(this).draft = saveArticleDraft(storage, { ...rt(this).draft, ...patch });
    },
    onFieldChange(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: TextField }>) {
      const field = e.currentTarget.dataset.field;
      const value = e.detail.value ?? '';
      if (!field) return;
      this.update({ [field]: value });
      if (field === 'markdown') this.setData({ bodyCount: charCount(value), errorMessage: '', message: '' });
      else this.setData({ [`form.${field}`]: value, errorMessage: '', message: '' });
    },
    onTagTap(e: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { tag: string }>) {
      const tag = e.currentTarget.dataset.tag;
      if (!tag) return;
      const next = toggleTag(rt(this).draft.tags, tag);
      if (next.error) {
        this.setData({ errorMessage: next.error });
        return;
      }
      this.update({ tags: next.tags });
      this.setData({ tags: tagOptions(next.tags), errorMessage: '' });
    },
    async onChooseCover() {
      if (this.data.uploading || this.data.readOnly) return;
      this.setData({ errorMessage: '', message: '' });
      if (!(await requirePrivacyAuthorization())) {
        this.setData({ message: '未同意隐私保护指引，暂不能选择封面图片；已填写的内容不受影响' });
        return;
      }
      const file = await chooseImage();
      if (!file) return;
      const problem = coverProblem(file);
      if (problem) {
        this.setData({ errorMessage: problem });
        return;
      }
      const before = this.data.coverUrl;
      this.setData({ uploading: true, coverUrl: file.tempFilePath });
      const up = await uploadCover(file.tempFilePath);
      if (!up.ok) {
        this.setData({ uploading: false, coverUrl: before, errorMessage: up.error.message });
        return;
      }
      this.update({ coverFileId: up.data.fileID });
      const original = rt(this).original;
      this.setData({ uploading: false, 'form.coverFileId': up.data.fileID, canRemoveCover: !(original && original.coverFileId), message: '封面已上传' });
    },
    onRemoveCover() {
      this.update({ coverFileId: undefined });
      this.setData({ 'form.coverFileId': '', coverUrl: '', canRemoveCover: false });
    },
    onDiscardDraft() {
      const original = rt(this).original;
      clearArticleDraft(storage, this.data.articleId || undefined);
      this.apply(original ? draftFromArticle(original) : emptyArticleDraft(), false);
      this.setData({ message: '已放弃本机草稿', notice: original ? editNotice(original.status) : '' });
    },
    async onPreview() {
      if (this.data.previewing) return;
      const d = rt(this).draft;
      if (!d.markdown.trim()) {
        this.setData({ errorMessage: '请填写正文' });
        return;
      }
      this.setData({ previewing: true, errorMessage: '', message: '' });
      const res = await previewMarkdown(d.markdown);
      if (!res.ok) {
        this.setData({ previewing: false, errorMessage: res.error.message });
        return;
      }
      const size = previewSizeText(res.data.chars);
      const preview: Preview = {
        html: res.data.html,
        warnings: res.data.warnings,
        sizeText: size.text,
        tooLong: size.tooLong,
        title: d.title.trim() || '（未填写标题）',
        meta: `${beijingDate(new Date().toISOString())} · ${d.author.trim() || DEFAULT_AUTHOR}`,
        tags: d.tags,
      };
      // The form is rebuilt when coming back, so the body goes back into the render data now.
      this.setData({ previewing: false, mode: 'preview', preview, 'form.markdown': d.markdown });
    },
    onBackToEdit() {
      this.setData({ mode: 'edit', preview: null });
    },
    async onSave() {
      if (this.data.saving || this.data.readOnly) return;
      const d = rt(this).draft;
      const problem = validateArticleDraft(d);
      if (problem) {
        this.setData({ errorMessage: problem, message: '' });
        return;
      }
      if (this.data.uploading) {
        this.setData({ errorMessage: '封面图片正在上传，请稍候' });
        return;
      }
      const original = rt(this).original;
      let run;
      if (original) {
        const input = toUpdateInput(d, original);
        if (!input) {
          this.setData({ errorMessage: '', message: '没有需要保存的修改' });
          return;
        }
        run = updateArticle(input);
      } else {
        run = createArticle(toCreateInput(d));
      }
      this.setData({ saving: true, errorMessage: '', message: '' });
      const res = await run;
      if (!res.ok) {
        // The draft stays for a retry: nothing typed is lost.
        this.setData({ saving: false, errorMessage: res.error.message });
        return;
      }
      clearArticleDraft(storage, original ? original.id : undefined);
      const savedText = `已保存为第 ${res.data.version} 版（草稿）`;
      this.setData({ saving: false, savedText, savedId: res.data.id });
      wx.showToast({ title: `已保存为第 ${res.data.version} 版`, icon: 'success' });
      this.afterSave(res.data.id, res.data.version);
    },
    /** Tells the manage page (if it opened this one) and goes back to it. */
    afterSave(id: string, version: number) {
      try {
        const channel = (this as unknown as { getOpenerEventChannel?: () => WechatMiniprogram.EventChannel }).getOpenerEventChannel?.();
        if (channel && typeof channel.emit === 'function') channel.emit('saved', { id, version });
      } catch {
        /* opened without a channel */
      }
      this.onGoToManage(id);
    },
    onGoToManage(id?: unknown) {
      const articleId = typeof id === 'string' ? id : this.data.savedId || this.data.articleId;
      const pages = getCurrentPages();
      const prev = pages.length > 1 ? pages[pages.length - 2] : undefined;
      if (prev && prev.route === MANAGE_ROUTE) {
        wx.navigateBack({ delta: 1 });
        return;
      }
      wx.redirectTo({ url: `/${MANAGE_ROUTE}${articleId ? `?id=${encodeURIComponent(articleId)}` : ''}` });
    },
  },
});
