/**
 * 家人留言 (packageGuardianship/pages/messages/index?childId=…): a child's message thread between
 * the parent working away, the caregiver (entrusted guardian) and the village officer — who
 * wrote, when, read marks on one's own messages — and a reply box with who it goes to. Opened
 * from 亲情连线, the officer's child file, 我的 › 家庭服务 and every message notification in 消息.
 * Without a childId, a family member with one child goes straight to it, with several picks one.
 * Township staff and county admins read only (no reply box).
 */
import { listMessages, sendMessage } from '../../../services/guardianship';
import { loadMe } from '../../../services/accounts';
import type { MessageRecipient, ParentMessageView } from '../../../contracts/guardianship';
import { errorText } from '../../../utils/error-text';
import { formatTime } from '../../../utils/time';
import { uiMode } from '../../../behaviors/ui-mode';

const FAMILY = ['parent', 'entrustedGuardian'];

/** One bubble: who wrote it (name and side), the text, when, and for my own whether it was read. */
function bubble(m: ParentMessageView) {
  const who = m.mine ? `我 → ${m.toLabel}` : `${m.fromName ? `${m.fromName}（${m.fromLabel}）` : m.fromLabel} → ${m.toLabel}`;
  return { id: m.id, mine: m.mine, text: m.text ?? '', whoText: who, metaText: `${formatTime(m.at)}${m.mine ? (m.read ? ' · 已读' : ' · 未读') : ''}` };
}

Component({
  behaviors: [uiMode],
  data: {
    childId: '',
    loading: true,
    errorMessage: '',
    noChildren: false,
    /** Several children and none chosen. */
    children: [] as { id: string; name: string }[],
    childName: '',
    messages: [] as ReturnType<typeof bubble>[],
    unread: 0,
    canWriteTo: [] as { role: string; label: string }[],
    to: '',
    text: '',
    sending: false,
    formError: '',
    notice: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ childId: decodeURIComponent(query.childId ?? '') });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      if (this.data.childId) {
        await this.loadThread();
        return;
      }
      const me = await loadMe();
      if (!me.ok) {
        this.setData({ loading: false, errorMessage: errorText(me.error) });
        return;
      }
      const ids = Array.from(new Set(me.data.roles.filter((r) => FAMILY.indexOf(r.role) >= 0 && r.scope.kind === 'children').flatMap((r) => (r.scope.kind === 'children' ? r.scope.childIds : []))));
      if (!ids.length) {
        this.setData({ loading: false, noChildren: true });
        return;
      }
      if (ids.length === 1) {
        this.setData({ childId: ids[0] });
        await this.loadThread();
        return;
      }
      const threads = await Promise.all(ids.map((id) => listMessages(id)));
      this.setData({
        loading: false,
        children: ids.map((id, i) => {
          const t = threads[i];
          const name = t.ok ? t.data.childName || '孩子' : '孩子';
          return { id, name: t.ok && t.data.unread > 0 ? `${name}（${t.data.unread}条新留言）` : name };
        }),
      });
    },
    onPick(e: WechatMiniprogram.TouchEvent) {
      this.setData({ childId: (e.currentTarget.dataset as { id: string }).id, children: [] });
      void this.loadThread();
    },
    async loadThread() {
      const res = await listMessages(this.data.childId);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const t = res.data;
      const to = this.data.to && t.canWriteTo.some((w) => w.role === this.data.to) ? this.data.to : (this.replyTarget(t.messages) ?? t.canWriteTo[0]?.role ?? '');
      this.setData({ loading: false, errorMessage: '', childName: t.childName || '孩子', messages: t.messages.map(bubble), unread: t.unread, canWriteTo: t.canWriteTo, to });
      wx.setNavigationBarTitle({ title: `${t.childName || '孩子'}的家人留言` });
    },
    /** Replying goes by default to whoever wrote last to me. */
    replyTarget(messages: ParentMessageView[]): string | undefined {
      for (let i = messages.length - 1; i >= 0; i--) if (!messages[i].mine) return messages[i].fromRole;
      return undefined;
    },
    onTo(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ to: e.detail.value, formError: '' });
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: e.detail.value, formError: '' });
    },
    async onSend() {
      if (this.data.sending) return;
      const text = this.data.text.trim();
      if (!this.data.to) {
        this.setData({ formError: '请选择发给谁', notice: '' });
        return;
      }
      if (!text) {
        this.setData({ formError: '请先写下要说的话', notice: '' });
        return;
      }
      this.setData({ sending: true, formError: '', notice: '' });
      const res = await sendMessage(this.data.childId, this.data.to as MessageRecipient, text);
      if (!res.ok) {
        this.setData({ sending: false, formError: errorText(res.error, { text: '留言', to: '发给谁' }) });
        return;
      }
      const label = this.data.canWriteTo.find((w) => w.role === this.data.to)?.label ?? '对方';
      const notice = res.data.delivered > 0 ? `已发给${label}` : `留言已保存。${label}还没有绑定小程序，绑定后就能看到`;
      this.setData({ sending: false, text: '', notice });
      await this.loadThread();
    },
  },
});
