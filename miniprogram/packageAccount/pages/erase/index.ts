/**
 * 删除个人信息 (county admin; PIPL art. 47): erases a child's personal information
 * (`accounts.eraseChildData`) — the file becomes a record that it was erased, personal fields of its
 * history and correction requests are cleared, open invitations for the child are revoked and
 * family members lose their link to the child. It cannot be undone, so the page asks three things
 * first: the reason (kept in the audit log), typing 确认删除, and a last confirmation dialog.
 * Query: `childId`, `name`.
 */
import { eraseChildData } from '../../../services/data-rights';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

/** What the admin types to confirm. */
const CONFIRM_WORDS = '确认删除';

Component({
  behaviors: [uiMode],
  data: {
    childId: '',
    name: '',
    reason: '',
    typed: '',
    confirmWords: CONFIRM_WORDS,
    busy: false,
    formError: '',
    done: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ childId: decodeURIComponent(query.childId ?? ''), name: decodeURIComponent(query.name ?? '') });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value, formError: '' });
    },
    onTyped(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ typed: e.detail.value, formError: '' });
    },
    onErase() {
      if (this.data.busy) return;
      const reason = this.data.reason.trim();
      if (reason.length < 4) {
        this.setData({ formError: '删除原因：请写明原因（至少4个字），如“监护人申请删除，已核实”' });
        return;
      }
      if (this.data.typed.trim() !== CONFIRM_WORDS) {
        this.setData({ formError: `请在确认栏输入“${CONFIRM_WORDS}”四个字` });
        return;
      }
      wx.showModal({
        title: '删除后不可恢复',
        content: `确定删除${this.data.name || '该儿童'}的个人信息吗？`,
        confirmText: '删除',
        confirmColor: '#c9353f',
        cancelText: '再想想',
        success: (r) => {
          if (r.confirm) void this.erase(reason);
        },
      });
    },
    async erase(reason: string) {
      this.setData({ busy: true, formError: '' });
      const res = await eraseChildData(this.data.childId, reason);
      if (!res.ok) {
        this.setData({ busy: false, formError: errorText(res.error, { reason: '删除原因' }) });
        return;
      }
      this.setData({ busy: false, done: 'alreadyErased' in res.data && res.data.alreadyErased ? '这份档案此前已删除' : '已删除该儿童的个人信息，删除记录已存档' });
    },
    onBack() {
      wx.navigateBack({ fail: () => wx.switchTab({ url: '/pages/mine/index' }) });
    },
  },
});
