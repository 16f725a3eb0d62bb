/**
 * 热线工作台 (helpline agents): the queue in order, 领取下一条, my requests, and one request's
 * detail — the thread with a reply box, referral to a department with a reason, close, release.
 * While a request the agent holds is open, a heartbeat every 3 minutes keeps the 10-minute lease.
 */
import { helplineApi, type AgentRequestDetail } from '../../services/helpline';
import { DEPARTMENT_OPTIONS, OUTCOME_OPTIONS, formatTime, newRequestId } from '../../services/helpline-logic';
import type { AgentRequestView } from '../../contracts/helpline';
import { uiMode } from '../../behaviors/ui-mode';

const HEARTBEAT_MS = 3 * 60_000;
let heartbeat: ReturnType<typeof setInterval> | undefined;

const item = (r: AgentRequestView) => ({ ...r, timeText: formatTime(r.submittedAt) });

Component({
  behaviors: [uiMode],
  data: {
    tab: 'queue' as 'queue' | 'mine',
    onDuty: false,
    waiting: 0,
    queue: [] as ReturnType<typeof item>[],
    mine: [] as ReturnType<typeof item>[],
    /** The list of the current tab. */
    shown: [] as ReturnType<typeof item>[],
    error: '',
    detail: null as (AgentRequestDetail & { messageRows: { id: string; who: string; text: string; timeText: string }[] }) | null,
    draft: '',
    departments: DEPARTMENT_OPTIONS.map((d) => d.label),
    departmentIndex: 0,
    referRegion: '',
    referSummary: '',
    referReason: '',
    outcomes: OUTCOME_OPTIONS.map((o) => o.label),
    outcomeIndex: 0,
  },
  lifetimes: {
    detached() {
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
    },
  },
  methods: {
    onShow() {
      this.refresh();
    },
    async refresh() {
      const [q, m] = await Promise.all([helplineApi.queue(), helplineApi.myClaims()]);
      if (!q.ok || !m.ok) {
        this.setData({ error: (!q.ok ? q.error.message : !m.ok ? m.error.message : '') || '' });
        return;
      }
      const queue = q.data.requests.map(item);
      const mine = m.data.requests.map(item);
      this.setData({ error: '', waiting: q.data.waiting, queue, mine, shown: this.data.tab === 'queue' ? queue : mine });
    },
    onTab(e: WechatMiniprogram.BaseEvent<Record<string, never>, { tab: 'queue' | 'mine' }>) {
      const tab = e.currentTarget.dataset.tab;
      this.setData({ tab, shown: tab === 'queue' ? this.data.queue : this.data.mine });
    },
    async onDuty(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      const res = await helplineApi.setDuty(e.detail.value);
      this.setData(res.ok ? { onDuty: res.data.onDuty } : { error: res.error.message });
    },
    onCall(e: WechatMiniprogram.BaseEvent<Record<string, never>, { number: string }>) {
      const phoneNumber = e.currentTarget.dataset.number;
      if (phoneNumber) wx.makePhoneCall({ phoneNumber, fail: () => undefined });
    },
    async onClaimNext() {
      // The server refuses claims off duty too; say it here before anyone taps in vain.
      if (!this.data.onDuty) {
        this.setData({ error: '请先打开“值班”，才能领取求助' });
        return;
      }
      const res = await helplineApi.claimNext();
      if (!res.ok) {
        this.setData({ error: res.error.message });
        return;
      }
      if (!res.data.request) {
        wx.showToast({ title: '队列中暂无求助', icon: 'none' });
        await this.refresh();
        return;
      }
      await this.open(res.data.request.id);
      await this.refresh();
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      this.open(e.currentTarget.dataset.id);
    },
    async open(id: string) {
      const res = await helplineApi.getRequest(id);
      if (!res.ok) {
        this.setData({ error: res.error.message });
        return;
      }
      const d = res.data;
      const messageRows = d.messages.map((m) => ({
        id: m.id,
        who: m.from === 'requester' ? d.request.requesterLabel : m.kind === 'callback' ? '回电记录' : m.from === 'agent' ? '接线员' : '系统',
        text: m.text,
        timeText: formatTime(m.at),
      }));
      this.setData({ detail: { ...d, messageRows }, draft: '', error: '' });
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = d.request.mine ? setInterval(() => void helplineApi.heartbeat(id), HEARTBEAT_MS) : undefined;
    },
    onCloseDetail() {
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
      this.setData({ detail: null });
      this.refresh();
    },
    async onClaimThis() {
      const d = this.data.detail;
      if (!d || !this.data.onDuty) return;
      const res = await helplineApi.claim(d.request.id);
      if (!res.ok) wx.showToast({ title: res.error.message, icon: 'none' });
      await this.open(d.request.id);
    },
    onDraft(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ draft: e.detail.value });
    },
    async onReply() {
      const d = this.data.detail;
      const text = this.data.draft.trim();
      if (!d || !text) return;
      const res = await helplineApi.reply(d.request.id, text, newRequestId());
      if (!res.ok) wx.showToast({ title: res.error.message, icon: 'none' });
      await this.open(d.request.id);
    },
    onDepartment(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ departmentIndex: Number(e.detail.value) });
    },
    onReferField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value });
    },
    async onRefer() {
      const d = this.data.detail;
      if (!d) return;
      const department = DEPARTMENT_OPTIONS[this.data.departmentIndex].value;
      const where = this.data.referRegion.trim();
      const res = await helplineApi.refer({
        id: d.request.id,
        department,
        ...(department === 'school' ? { schoolId: where } : where ? { regionCode: where } : {}),
        summary: this.data.referSummary.trim(),
        reason: this.data.referReason.trim(),
      });
      if (!res.ok) {
        wx.showToast({ title: res.error.message, icon: 'none' });
        return;
      }
      this.setData({ referSummary: '', referReason: '', referRegion: '' });
      await this.open(d.request.id);
    },
    onOutcome(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ outcomeIndex: Number(e.detail.value) });
    },
    async onCloseRequest() {
      const d = this.data.detail;
      if (!d) return;
      const res = await helplineApi.close(d.request.id, OUTCOME_OPTIONS[this.data.outcomeIndex].value);
      if (!res.ok) wx.showToast({ title: res.error.message, icon: 'none' });
      this.onCloseDetail();
    },
    async onRelease() {
      const d = this.data.detail;
      if (!d) return;
      const res = await helplineApi.release(d.request.id);
      if (!res.ok) wx.showToast({ title: res.error.message, icon: 'none' });
      this.onCloseDetail();
    },
  },
});
