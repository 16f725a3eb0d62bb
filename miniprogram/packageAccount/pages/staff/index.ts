/**
 * 人员与邀请 (工作台, for whoever may invite: county admin, township staff, village officers,
 * school staff, helpline supervisors): the invitations the person issued that wait to be accepted
 * (出示邀请卡 again, or 撤销 — `accounts.revokeInvitation`), the people bound in their scope
 * (`accounts.listBindings`; 撤销绑定 with a written reason — `accounts.revokeBinding`), and the
 * invitations that ended (accepted, revoked, expired, locked; `accounts.listInvitations`).
 * 邀请工作人员 opens the invite page. Everything listed is scoped by the server exactly as the
 * access rules are; nothing here decides who may see what.
 */
import { listBindings, listInvitations, revokeBinding, revokeInvitation } from '../../../services/accounts';
import { bindingRows, checkRevokeReason, invitationRows, type BindingRow, type InvitationRow } from '../../services/invite-logic';
import { uiMode } from '../../../behaviors/ui-mode';
import { reloadOnShow } from '../../../behaviors/reload-on-show';

const INVITE_PAGE = '/packageAccount/pages/invite/index';

Component({
  behaviors: [uiMode, reloadOnShow],
  data: {
    loading: true,
    loadError: '',
    openInvitations: [] as InvitationRow[],
    pastInvitations: [] as InvitationRow[],
    bindings: [] as BindingRow[],
    notice: '',
    actionError: '',
    revokingId: '',
    revokeReason: '',
    revokeError: '',
    revoking: false,
  },
  methods: {
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      const [inv, people] = await Promise.all([listInvitations(), listBindings()]);
      if (!inv.ok || !people.ok) {
        this.setData({ loading: false, loadError: !inv.ok ? inv.error.message : !people.ok ? people.error.message : '' });
        return;
      }
      const rows = invitationRows(inv.data.invitations);
      this.setData({
        loading: false,
        openInvitations: rows.filter((r) => r.open),
        pastInvitations: rows.filter((r) => !r.open).slice(0, 30),
        bindings: bindingRows(people.data.bindings),
      });
    },
    onRetry() {
      void this.load();
    },
    onInvite() {
      wx.navigateTo({ url: INVITE_PAGE });
    },
    onShowCard(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id?: string }).id;
      if (id) wx.navigateTo({ url: `${INVITE_PAGE}?invitationId=${encodeURIComponent(id)}` });
    },
    onRevokeInvitation(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id?: string }).id;
      if (!id) return;
      wx.showModal({
        title: '撤销邀请',
        content: '撤销后，这个邀请码和二维码都不能再使用。',
        confirmText: '撤销',
        confirmColor: '#c9353f',
        success: async (r) => {
          if (!r.confirm) return;
          this.setData({ actionError: '', notice: '' });
          const res = await revokeInvitation(id);
          if (!res.ok) {
            this.setData({ actionError: res.error.message });
            return;
          }
          this.setData({ notice: '已撤销该邀请' });
          void this.load();
        },
      });
    },
    onStartRevoke(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id?: string }).id;
      this.setData({ revokingId: id || '', revokeReason: '', revokeError: '', notice: '', actionError: '' });
    },
    onRevokeReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ revokeReason: e.detail.value, revokeError: '' });
    },
    onCancelRevoke() {
      this.setData({ revokingId: '', revokeReason: '', revokeError: '' });
    },
    async onConfirmRevoke() {
      if (this.data.revoking || !this.data.revokingId) return;
      const problem = checkRevokeReason(this.data.revokeReason);
      if (problem) {
        this.setData({ revokeError: problem });
        return;
      }
      this.setData({ revoking: true, revokeError: '' });
      const res = await revokeBinding(this.data.revokingId, this.data.revokeReason.trim());
      if (!res.ok) {
        this.setData({ revoking: false, revokeError: res.error.message });
        return;
      }
      this.setData({ revoking: false, revokingId: '', revokeReason: '', notice: '已撤销绑定，对方已失去该身份的权限' });
      void this.load();
    },
  },
});
