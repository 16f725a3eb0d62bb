/**
 * 政策文章审核与发布 (publisher, reviewer): every article with its status; one opened shows the
 * preview (the exact HTML readers get, in mp-html), the last review note, the publish state with
 * its reason, and the actions the caller's roles allow: 提交审核 (publisher, draft), 通过 / 退回
 * (reviewer, not their own article), 发布到公众号 / 仅存草稿 / 刷新状态 (publisher). 写文章 and
 * 编辑 (publisher; not while in review) open the editor (`../edit/index`), which reports a save
 * back through the event channel so the saved article opens here with its new version. The
 * function checks every action again.
 */
import { getManaged, listManaged, publish, refreshPublish, review, submitForReview, type ManagedRow } from '../../../services/articles';
import { ARTICLE_STATUS_LABELS, PUBLISH_STATE_LABELS } from '../../../contracts/articles';
import { actionsFor, beijingDate, type ArticleActions } from '../../../services/articles-logic';
import { canEdit } from '../../../services/articles-edit-logic';
import { uiMode } from '../../../behaviors/ui-mode';

const EDIT_PAGE = '/packageArticles/pages/edit/index';

interface Row {
  id: string;
  title: string;
  statusText: string;
  publishText: string;
  meta: string;
  editable: boolean;
}

interface Detail {
  id: string;
  title: string;
  statusText: string;
  publishText: string;
  reason: string;
  url: string;
  reviewNote: string;
  html: string;
  warnings: string[];
  versionText: string;
  actions: ArticleActions;
  editable: boolean;
}


function roles(): string[] {
  try {
    return (getApp<IAppOption>().globalData.roles ?? []) as string[];
  } catch {
    return [];
  }
}

const toRow = (a: ManagedRow): Row => ({
  id: a.id,
  title: a.title,
  statusText: ARTICLE_STATUS_LABELS[a.status] ?? a.status,
  publishText: PUBLISH_STATE_LABELS[a.publish.state] ?? a.publish.state,
  meta: `第 ${a.version} 版 · ${beijingDate(a.updatedAt)}${a.mine ? ' · 我提交的' : ''}`,
  editable: canEdit(a, roles()),
});

/** Article to open when the page shows again (saved in the editor). Not rendered. */
const reopen = new WeakMap<object, string>();

Component({
  behaviors: [uiMode],
  data: {
    rows: [] as Row[],
    loading: true,
    error: '',
    detail: null as Detail | null,
    note: '',
    busy: false,
    message: '',
    canWrite: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      // `?id=` (e.g. after saving in the editor when it was not opened from here) opens that article.
      if (query && query.id) reopen.set(this, decodeURIComponent(query.id));
    },
    onShow() {
      this.setData({ canWrite: roles().indexOf('publisher') >= 0 });
      void this.loadList();
      const id = reopen.get(this);
      reopen.delete(this);
      if (id) void this.open(id);
      else if (this.data.detail) void this.open(this.data.detail.id);
    },
    async loadList(): Promise<void> {
      this.setData({ loading: true, error: '' });
      const res = await listManaged();
      if (!res.ok) {
        this.setData({ loading: false, error: res.error.message });
        return;
      }
      this.setData({ rows: res.data.articles.map(toRow), loading: false });
    },
    async open(id: string): Promise<void> {
      const res = await getManaged(id);
      if (!res.ok) {
        this.setData({ message: res.error.message });
        return;
      }
      const a = res.data;
      const detail: Detail = {
        id: a.id,
        title: a.title,
        statusText: ARTICLE_STATUS_LABELS[a.status] ?? a.status,
        publishText: PUBLISH_STATE_LABELS[a.publish.state] ?? a.publish.state,
        reason: a.publish.reason ?? '',
        url: a.publish.url ?? '',
        reviewNote: a.lastReview && a.lastReview.decision === 'reject' ? `退回意见：${a.lastReview.note}` : '',
        html: a.html,
        warnings: a.warnings,
        versionText: `第 ${a.version} 版，共 ${a.versions.length} 个版本`,
        actions: actionsFor(a, roles()),
        editable: canEdit(a, roles()),
      };
      this.setData({ detail, note: '', message: '' });
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const id = e.currentTarget.dataset.id;
      if (id) void this.open(id);
    },
    onClose() {
      this.setData({ detail: null, message: '' });
    },
    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ note: e.detail.value });
    },
    /** Runs an action on the open article, then reloads it and the list. */
    async act(run: (id: string) => Promise<{ ok: boolean; error?: { message: string } }>, done: string): Promise<void> {
      const d = this.data.detail;
      if (!d || this.data.busy) return;
      this.setData({ busy: true, message: '' });
      const res = await run(d.id);
      await this.open(d.id);
      this.setData({ busy: false, message: res.ok ? done : (res.error?.message ?? '操作失败') });
      void this.loadList();
    },
    onSubmit() {
      void this.act((id) => submitForReview(id), '已提交审核');
    },
    onApprove() {
      void this.act((id) => review(id, 'approve', this.data.note), '已审核通过');
    },
    onReject() {
      void this.act((id) => review(id, 'reject', this.data.note), '已退回');
    },
    onPublish() {
      void this.act((id) => publish(id, 'publish'), '已提交发布');
    },
    onDraftOnly() {
      void this.act((id) => publish(id, 'draftOnly'), '已保存到公众号草稿箱');
    },
    onRefresh() {
      void this.act((id) => refreshPublish(id), '已刷新发布状态');
    },
    /** 写文章 (no id) / 编辑 (the row's or the open article's id). */
    onEdit(e?: WechatMiniprogram.BaseEvent<Record<string, never>, { id?: string }>) {
      const id = (e && e.currentTarget && e.currentTarget.dataset && e.currentTarget.dataset.id) || '';
      wx.navigateTo({
        url: id ? `${EDIT_PAGE}?id=${encodeURIComponent(id)}` : EDIT_PAGE,
        events: {
          saved: (info: { id?: string }) => {
            if (info && info.id) reopen.set(this, info.id);
          },
        },
      });
    },
    onCopyUrl() {
      const url = this.data.detail?.url;
      if (url) wx.setClipboardData({ data: url });
    },
  },
});

