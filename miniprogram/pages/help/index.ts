/**
 * 求助: where a child, parent, grandparent, teacher or neighbour asks for help.
 * Emergencies go to 110 at once (a line at the top); the online request form comes first on the
 * screen (category and “who are you” as TDesign radio choices, anonymous as a switch), answered
 * in the thread below (我的求助: each request by its category, status as a tag, new replies as
 * a badge), or by a call back; 12355 can be called directly. A reply notice in 消息 opens the
 * request here (`?id=` on load, or the id 消息 left for this tab page). Rules of the form are in
 * services/helpline-logic.ts.
 */
import { syncTabBar } from '../../utils/tab-bar';
import { takePendingTab } from '../../services/inbox';
import { helplineApi } from '../../services/helpline';
import { CATEGORY_OPTIONS, EMPTY_FORM, REQUESTER_OPTIONS, formatTime, newRequestId, statusTheme, submitPayload, validateHelpForm, type HelpForm } from '../../services/helpline-logic';
import type { MyRequestView } from '../../contracts/helpline';
import { uiMode } from '../../behaviors/ui-mode';
import { COMMUNITY_PAGES } from '../../contracts/community';

interface Row extends MyRequestView {
  timeText: string;
  /** sw-tag tone of the status. */
  tone: string;
}

const TONES: Record<string, string> = { primary: 'info', warning: 'warning', success: 'success', default: 'neutral' };
const row = (r: MyRequestView): Row => ({ ...r, timeText: formatTime(r.submittedAt), tone: TONES[statusTheme(r.status)] ?? 'neutral' });

Component({
  behaviors: [uiMode],
  data: {
    topics: CATEGORY_OPTIONS,
    requesterOptions: REQUESTER_OPTIONS,
    helpline: '12355',
    emergency: '110',
    form: { ...EMPTY_FORM } as HelpForm,
    formError: '',
    submitting: false,
    submitted: '',
    /** Kept across retries of one submission so a retry never makes a second request. */
    pendingRequestId: '',
    requests: [] as Row[],
    loadError: '',
    open: null as (Row & { messageRows: { id: string; from: string; text: string; timeText: string }[] }) | null,
    draft: '',
    sending: false,
  },
  methods: {
    /** 关爱服务站点: the public directory of 温馨家园, the protection centre and social organisations (issue 18). */
    onDirectory() {
      wx.navigateTo({ url: COMMUNITY_PAGES.directory });
    },
    /** 志愿服务: sign-up for newcomers, check-in and hours for volunteers. */
    onVolunteer() {
      wx.navigateTo({ url: COMMUNITY_PAGES.volunteer });
    },
    onLoad(query: Record<string, string | undefined>) {
      if (query && query.id) this.openRequest(query.id);
    },
    onShow() {
      syncTabBar(this);
      this.loadMine();
      // Opened from 消息 (a tab page gets no query through wx.switchTab): show that request.
      const pending = takePendingTab('pages/help/index');
      if (pending && pending.id) this.openRequest(pending.id);
    },
    onCall(e: WechatMiniprogram.BaseEvent<Record<string, never>, { number: string }>) {
      const phoneNumber = e.currentTarget.dataset.number;
      if (phoneNumber) wx.makePhoneCall({ phoneNumber, fail: () => undefined });
    },
    onTopic(e: WechatMiniprogram.CustomEvent<{ value: HelpForm['category'] }>) {
      this.setData({ 'form.category': e.detail.value, formError: '' });
    },
    onRequester(e: WechatMiniprogram.CustomEvent<{ value: HelpForm['requesterKind'] }>) {
      this.setData({ 'form.requesterKind': e.detail.value, formError: '' });
    },
    onDescription(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.description': e.detail.value });
    },
    onAnonymous(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ 'form.anonymous': e.detail.value, 'form.replyChannel': 'thread' });
    },
    onChannel(e: WechatMiniprogram.CustomEvent<{ value: HelpForm['replyChannel'] }>) {
      this.setData({ 'form.replyChannel': e.detail.value });
    },
    onPhone(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.callbackPhone': e.detail.value });
    },
    async onSubmit() {
      if (this.data.submitting) return;
      const form = this.data.form as HelpForm;
      const problem = validateHelpForm(form);
      if (problem) {
        this.setData({ formError: problem });
        return;
      }
      const requestId = this.data.pendingRequestId || newRequestId();
      this.setData({ submitting: true, formError: '', pendingRequestId: requestId });
      const res = await helplineApi.submit(submitPayload(form, requestId));
      if (!res.ok) {
        this.setData({ submitting: false, formError: res.error.message });
        return;
      }
      this.setData({
        submitting: false,
        pendingRequestId: '',
        form: { ...EMPTY_FORM },
        submitted: res.data.priority === 'urgent' ? `已提交（编号 ${res.data.requestNo}），工作人员会优先处理。如有危险请立即拨打110。` : `已提交（编号 ${res.data.requestNo}），回复会出现在下方“我的求助”里。`,
      });
      await this.loadMine();
    },
    async loadMine() {
      const res = await helplineApi.myRequests();
      if (!res.ok) {
        this.setData({ loadError: res.error.message });
        return;
      }
      this.setData({ requests: res.data.requests.map(row), loadError: '' });
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      this.openRequest(e.currentTarget.dataset.id);
    },
    async openRequest(id: string) {
      const res = await helplineApi.getMine(id);
      if (!res.ok) {
        this.setData({ loadError: res.error.message });
        return;
      }
      const r = res.data;
      const messageRows = (r.messages ?? []).map((m) => ({ id: m.id, from: m.from === 'requester' ? '我' : '接线员', text: m.text, timeText: formatTime(m.at) }));
      this.setData({ open: { ...row(r), messageRows }, draft: '' });
    },
    onCloseDetail() {
      this.setData({ open: null });
      this.loadMine();
    },
    onDraft(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ draft: e.detail.value });
    },
    async onSend() {
      const open = this.data.open;
      const text = this.data.draft.trim();
      if (!open || !text || this.data.sending) return;
      this.setData({ sending: true });
      const res = await helplineApi.postMine(open.id, text, newRequestId());
      this.setData({ sending: false });
      if (!res.ok) {
        wx.showToast({ title: res.error.message, icon: 'none' });
        return;
      }
      await this.openRequest(open.id);
    },
    async onWithdraw() {
      const open = this.data.open;
      if (!open) return;
      const res = await helplineApi.withdraw(open.id);
      if (!res.ok) wx.showToast({ title: res.error.message, icon: 'none' });
      await this.openRequest(open.id);
    },
    async onRate(e: WechatMiniprogram.BaseEvent<Record<string, never>, { score: number }>) {
      const open = this.data.open;
      if (!open) return;
      const res = await helplineApi.rate(open.id, Number(e.currentTarget.dataset.score));
      if (!res.ok) wx.showToast({ title: res.error.message, icon: 'none' });
      await this.openRequest(open.id);
    },
  },
});
