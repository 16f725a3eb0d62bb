/**
 * 接受邀请: the invitee types the code an officer gave them, or scans its QR code, and accepts it
 * (`accounts.acceptInvitation`), which binds this WeChat user to the invited role. Also takes the
 * one-time setup code of the first county admin.
 *
 * Query: `code` (a shared invitation card) or `scene` (the mini-program code WeChat's scanner
 * opened) pre-fills the input. Scanning asks for privacy agreement
 * first (components/privacy-popup); refusing keeps whatever was typed.
 */
import { acceptInvitation, scanInvitationCode } from '../../../services/accounts';
import { checkInvitationCode, invitationErrorMessage, normalizeInvitationCode } from '../../../services/accounts-logic';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    code: '',
    submitting: false,
    scanning: false,
    errorMessage: '',
    notice: '',
    /** Set after a successful accept. */
    done: false,
    doneTitle: '',
    doneRole: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      // `code` from a shared card; `scene` from the mini-program code of an invitation card.
      const given = query && (query.code || query.scene);
      if (given) this.setData({ code: normalizeInvitationCode(decodeURIComponent(given)) });
    },
    onCodeChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ code: e.detail.value, errorMessage: '', notice: '' });
    },
    async onScan() {
      if (this.data.scanning || this.data.submitting) return;
      this.setData({ scanning: true, errorMessage: '', notice: '' });
      const outcome = await scanInvitationCode();
      if (outcome.kind === 'code') {
        this.setData({ scanning: false, code: outcome.code });
        await this.onSubmit();
        return;
      }
      this.setData({
        scanning: false,
        notice:
          outcome.kind === 'privacyRefused'
            ? '未同意隐私保护指引，无法使用扫码。您可以直接输入邀请码。'
            : outcome.kind === 'failed'
              ? '扫码失败，请重试或直接输入邀请码'
              : '',
      });
    },
    async onSubmit() {
      if (this.data.submitting) return;
      const problem = checkInvitationCode(this.data.code);
      if (problem) {
        this.setData({ errorMessage: problem, notice: '' });
        return;
      }
      this.setData({ submitting: true, errorMessage: '', notice: '' });
      const res = await acceptInvitation(this.data.code);
      if (!res.ok) {
        this.setData({ submitting: false, errorMessage: invitationErrorMessage(res.error) });
        return;
      }
      const app = getApp<IAppOption>();
      if (app && app.globalData && app.globalData.roles.indexOf(res.data.role) < 0) {
        app.globalData.roles = app.globalData.roles.concat(res.data.role);
      }
      this.setData({
        submitting: false,
        done: true,
        doneTitle: res.data.alreadyAccepted ? '您已接受过该邀请' : '绑定成功',
        doneRole: res.data.roleLabel || res.data.role,
      });
    },
    onBackToMine() {
      wx.switchTab({ url: '/pages/mine/index' });
    },
  },
});
