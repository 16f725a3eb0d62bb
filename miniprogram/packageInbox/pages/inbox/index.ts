/**
 * 消息: the person's notifications, newest first (`inbox.list`, 20 at a time, 加载更早的消息 for
 * more), unread ones marked 未读 in words and with a red edge. Tapping one marks it read
 * (`inbox.markRead`) and opens the page it is about (the report, the signing task, the visit,
 * the order, the message thread); 全部标为已读 marks all (`inbox.markAllRead`). The 我的 badge
 * follows. Reached from 我的 → 消息 (everyone, bound or not).
 */
import { listInbox, markAllRead, markRead, openTarget, setUnread } from '../../../services/inbox';
import { inboxRows, type InboxItem, type InboxRow } from '../../../services/inbox-logic';
import { uiMode } from '../../../behaviors/ui-mode';

/** Fields of the page instance kept outside `data` (not rendered). */
interface Fields {
  items: InboxItem[];
  shown: boolean;
}
const own = (page: unknown) => page as Fields;

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    rows: [] as InboxRow[],
    unread: 0,
    next: '' as string,
    markingAll: false,
  },
  methods: {
    onLoad() {
      void this.reload();
    },
    onShow() {
      // Back from the page an entry opened: the entry is read now, and new ones may have come.
      if (own(this).shown) void this.reload();
      own(this).shown = true;
    },
    onPullDownRefresh() {
      void this.reload().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      if (this.data.next && !this.data.loading) void this.onMore();
    },
    async reload() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await listInbox();
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: res.error.message });
        return;
      }
      own(this).items = res.data.items;
      setUnread(res.data.unread);
      this.setData({ loading: false, rows: inboxRows(own(this).items), unread: res.data.unread, next: res.data.next || '' });
    },
    async onMore() {
      if (!this.data.next || this.data.loading) return;
      this.setData({ loading: true, errorMessage: '' });
      const res = await listInbox(this.data.next);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: `没能取到更早的消息：${res.error.message}` });
        return;
      }
      own(this).items = own(this).items.concat(res.data.items);
      setUnread(res.data.unread);
      this.setData({ loading: false, rows: inboxRows(own(this).items), unread: res.data.unread, next: res.data.next || '' });
    },
    onRetry() {
      if (!this.data.loading || this.data.errorMessage) void this.reload();
    },
    async onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id?: string }).id;
      const item = (own(this).items || []).find((i) => i.id === id);
      if (!item) return;
      if (!item.readAt) {
        // Shown as read at once; the server call follows (a failure leaves it unread next time).
        item.readAt = new Date().toISOString();
        this.setData({ rows: inboxRows(own(this).items), unread: Math.max(0, this.data.unread - 1) });
        void markRead([item.id]).then((res) => {
          if (res.ok) this.setData({ unread: res.data.unread });
        });
      }
      openTarget(item);
    },
    async onMarkAll() {
      if (this.data.markingAll) return;
      this.setData({ markingAll: true, errorMessage: '' });
      const res = await markAllRead();
      if (!res.ok) {
        this.setData({ markingAll: false, errorMessage: res.error.message });
        return;
      }
      const now = new Date().toISOString();
      own(this).items = own(this).items.map((i) => (i.readAt ? i : { ...i, readAt: now }));
      this.setData({ markingAll: false, rows: inboxRows(own(this).items), unread: 0 });
      wx.showToast({ title: '已全部标为已读', icon: 'none' });
    },
  },
});
