/**
 * 登记来电 (helpline agents): a call taken on the phone becomes a request held by the agent
 * (`helpline.logCall`): category and caller as TDesign choices, what was said, anonymous or a
 * callback number, urgent. The client request id is fixed when the page opens, so a retried
 * submit logs one call. On success the request opens in its own page (this page is replaced, so
 * 返回 goes back to the workbench).
 */
import { helplineApi } from '../../../services/helpline';
import { CALLER_OPTIONS, CATEGORY_OPTIONS, EMPTY_CALL, callPayload, newRequestId, validateCallForm, type CallForm } from '../../../services/helpline-logic';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    categories: CATEGORY_OPTIONS,
    callers: CALLER_OPTIONS,
    form: { ...EMPTY_CALL } as CallForm,
    requestId: '',
    submitting: false,
    formError: '',
  },
  methods: {
    onLoad() {
      this.setData({ requestId: newRequestId() });
    },
    set(patch: Partial<CallForm>) {
      this.setData({ form: { ...this.data.form, ...patch }, formError: '' });
    },
    onCategory(e: WechatMiniprogram.CustomEvent<{ value: CallForm['category'] }>) {
      this.set({ category: e.detail.value });
    },
    onCaller(e: WechatMiniprogram.CustomEvent<{ value: CallForm['requesterKind'] }>) {
      this.set({ requesterKind: e.detail.value });
    },
    onDescription(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.set({ description: e.detail.value });
    },
    onAnonymous(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.set({ anonymous: e.detail.value });
    },
    onPhone(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.set({ callbackPhone: e.detail.value });
    },
    onUrgent(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.set({ urgent: e.detail.value });
    },
    async onSubmit() {
      if (this.data.submitting) return;
      const problem = validateCallForm(this.data.form);
      if (problem) {
        this.setData({ formError: problem });
        return;
      }
      this.setData({ submitting: true, formError: '' });
      const res = await helplineApi.logCall(callPayload(this.data.form, this.data.requestId));
      if (!res.ok) {
        // Everything typed stays; a retry reuses the request id.
        this.setData({ submitting: false, formError: res.error.message });
        return;
      }
      this.setData({ submitting: false });
      wx.redirectTo({ url: `/packageHelpline/pages/request/index?id=${encodeURIComponent(res.data.request.id)}` });
    },
  },
});
