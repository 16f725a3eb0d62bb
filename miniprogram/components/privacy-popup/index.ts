/**
 * The privacy agreement prompt. Put it on any page that calls a privacy-scoped API
 * (`<privacy-popup purpose="扫描邀请二维码" />`): it appears when WeChat needs the user's agreement
 * (services/privacy.ts), explains why, links the full guidelines, and answers with the user's
 * choice. Agreeing must go through `<button open-type="agreePrivacyAuthorization">` (WeChat checks
 * that button was tapped). Refusing only closes the prompt; the page keeps what was typed.
 *
 * Events: `answer` with `{ agreed: boolean }` after the user chose.
 */
import { PRIVACY_AGREE_BUTTON_ID, answerPrivacy, notePrivacyExposure, onPrivacyRequest } from '../../services/privacy';

Component({
  properties: {
    /** What the API is for, e.g. 扫描邀请二维码 (shown in the prompt). */
    purpose: { type: String, value: '使用该功能' },
  },
  data: {
    visible: false,
  },
  lifetimes: {
    attached() {
      const self = this as unknown as { unsubscribe?: () => void };
      self.unsubscribe = onPrivacyRequest(() => {
        this.setData({ visible: true });
        notePrivacyExposure();
      });
    },
    detached() {
      const self = this as unknown as { unsubscribe?: () => void };
      if (self.unsubscribe) self.unsubscribe();
      // Leaving the page while asked counts as not agreeing (the pending API fails, nothing hangs).
      if (this.data.visible) answerPrivacy(false);
    },
  },
  methods: {
    /** `bindagreeprivacyauthorization` of the agree button (its id is PRIVACY_AGREE_BUTTON_ID). */
    onAgree() {
      this.setData({ visible: false });
      answerPrivacy(true, PRIVACY_AGREE_BUTTON_ID);
      this.triggerEvent('answer', { agreed: true });
    },
    onDisagree() {
      this.setData({ visible: false });
      answerPrivacy(false);
      this.triggerEvent('answer', { agreed: false });
    },
    onOpenContract() {
      wx.openPrivacyContract({ fail: () => wx.showToast({ title: '暂时无法打开，请稍后重试', icon: 'none' }) });
    },
  },
});
