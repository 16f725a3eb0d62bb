/**
 * 求助详情 (helpline agents; query `id`): one request — crisis steps, the callback number with a
 * 拨打 button, the description, the thread, referrals and the requester's earlier requests — and
 * what can be done now, one main action at a time:
 * - waiting: 领取 (only on duty, read from the server);
 * - mine: 回复 · 记录回电 · 转介 (department, then a township/village picked by name, or a school
 *   by name) · 转交 (a colleague or another team) · 办结 (or 放回队列);
 * - closed: 重新打开.
 * While the agent holds it, a heartbeat every 3 minutes keeps the 10-minute lease.
 */
import { helplineApi, type AgentRequestDetail, type HandoffTargets } from '../../../services/helpline';
import {
  DEADLINE_OPTIONS,
  DEPARTMENT_NEEDS,
  DEPARTMENT_OPTIONS,
  EMPTY_REFER,
  OUTCOME_OPTIONS,
  formatTime,
  newRequestId,
  referPayload,
  statusTheme,
  threadRows,
  transferOptions,
  transferPayload,
  validateReferForm,
  type ReferForm,
} from '../../../services/helpline-logic';
import { loadRegions, regionPath } from '../../../services/regions';
import { OUTCOME_LABELS, REQUESTER_KIND_LABELS, type Department, type Outcome } from '../../../contracts/helpline';
import { uiMode } from '../../../behaviors/ui-mode';

const HEARTBEAT_MS = 3 * 60_000;
let heartbeat: ReturnType<typeof setInterval> | undefined;

type Panel = 'reply' | 'callback' | 'refer' | 'transfer' | 'close';
const PANELS: { key: Panel; label: string }[] = [
  { key: 'reply', label: '回复' },
  { key: 'callback', label: '记录回电' },
  { key: 'refer', label: '转介' },
  { key: 'transfer', label: '转交' },
  { key: 'close', label: '办结' },
];

const TONES: Record<string, string> = { warning: 'warning', primary: 'info', success: 'success', default: 'neutral' };

function stopHeartbeat(): void {
  if (heartbeat) clearInterval(heartbeat);
  heartbeat = undefined;
}

Component({
  behaviors: [uiMode],
  data: {
    id: '',
    loading: true,
    loadError: '',
    r: null as AgentRequestDetail['request'] | null,
    tone: 'neutral',
    submittedText: '',
    closedText: '',
    sourceText: '',
    requesterKindLabel: '',
    outcomeLabel: '',
    messages: [] as ReturnType<typeof threadRows>,
    referrals: [] as AgentRequestDetail['referrals'],
    history: [] as AgentRequestDetail['history'],
    onDuty: false,
    panels: PANELS,
    panel: 'reply' as Panel,
    busy: false,
    actionError: '',
    notice: '',
    draft: '',
    messageId: '',
    callbackNote: '',
    departments: DEPARTMENT_OPTIONS,
    deadlines: DEADLINE_OPTIONS,
    refer: { ...EMPTY_REFER } as ReferForm,
    need: '' as '' | 'region' | 'regionOptional' | 'school' | 'site',
    targetsLoaded: false,
    targetsError: '',
    schools: [] as { schoolId: string; name: string; place: string }[],
    sites: [] as { siteId: string; name: string; place: string }[],
    transferOptions: [] as ReturnType<typeof transferOptions>,
    transferTo: '',
    transferNote: '',
    outcomes: OUTCOME_OPTIONS,
    outcome: '' as Outcome | '',
    closeNote: '',
  },
  lifetimes: {
    detached() {
      stopHeartbeat();
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query && query.id ? decodeURIComponent(query.id) : '', messageId: newRequestId() });
      void this.load();
    },
    onUnload() {
      stopHeartbeat();
    },
    async load() {
      if (!this.data.id) {
        this.setData({ loading: false, loadError: '缺少求助编号，请从热线工作台打开' });
        return;
      }
      this.setData({ loadError: '' });
      const res = await helplineApi.getRequest(this.data.id);
      if (!res.ok) {
        this.setData({ loading: false, loadError: res.error.message });
        return;
      }
      const d = res.data;
      const r = d.request;
      this.setData({
        loading: false,
        r,
        tone: TONES[statusTheme(r.status)] ?? 'neutral',
        submittedText: formatTime(r.submittedAt),
        closedText: formatTime(r.closedAt),
        sourceText: r.source === 'phone' ? '电话来电' : '小程序求助',
        requesterKindLabel: REQUESTER_KIND_LABELS[r.requesterKind] ?? '身份未说明',
        outcomeLabel: r.outcome ? (OUTCOME_LABELS[r.outcome] ?? '') : '',
        messages: threadRows(d),
        referrals: d.referrals,
        history: d.history,
      });
      stopHeartbeat();
      if (r.mine && r.status === 'claimed') heartbeat = setInterval(() => void helplineApi.heartbeat(r.id), HEARTBEAT_MS);
      // Only a waiting request needs the duty state (claiming is for agents on duty).
      if (r.status === 'open') {
        const q = await helplineApi.queue();
        this.setData({ onDuty: q.ok && q.data.duty.onDuty });
      }
    },
    /** After an action: a line saying what happened, then the request as it is now. */
    async done(notice: string) {
      this.setData({ busy: false, notice, actionError: '' });
      await this.load();
    },
    failed(message: string) {
      this.setData({ busy: false, actionError: message, notice: '' });
    },
    onCall(e: WechatMiniprogram.BaseEvent<Record<string, never>, { number: string }>) {
      const phoneNumber = e.currentTarget.dataset.number;
      if (phoneNumber) wx.makePhoneCall({ phoneNumber, fail: () => undefined });
    },
    /** The dialer opened for the callback number: offer to write down what was said. */
    onCalledBack() {
      this.setData({ panel: 'callback', notice: '', actionError: '' });
    },
    onPanel(e: WechatMiniprogram.BaseEvent<Record<string, never>, { panel: Panel }>) {
      const panel = e.currentTarget.dataset.panel;
      this.setData({ panel, actionError: '', notice: '' });
      if (panel === 'transfer' || (panel === 'refer' && (this.data.need === 'school' || this.data.need === 'site'))) void this.loadTargets();
    },
    async onClaim() {
      const r = this.data.r;
      if (!r || this.data.busy) return;
      if (!this.data.onDuty) return this.failed('请先在工作台打开“值班”，才能领取求助');
      this.setData({ busy: true });
      const res = await helplineApi.claim(r.id);
      if (!res.ok) return this.failed(res.error.message);
      await this.done('已领取，请尽快回复求助人');
    },
    async onReopen() {
      const r = this.data.r;
      if (!r || this.data.busy) return;
      this.setData({ busy: true });
      const res = await helplineApi.reopen(r.id);
      if (!res.ok) return this.failed(res.error.message);
      await this.done('已重新打开，这条求助回到了队列');
    },
    onDraft(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ draft: e.detail.value, actionError: '' });
    },
    async onReply() {
      const r = this.data.r;
      const text = this.data.draft.trim();
      if (!r || this.data.busy) return;
      if (!text) return this.failed('请先写好回复内容');
      this.setData({ busy: true });
      const res = await helplineApi.reply(r.id, text, this.data.messageId);
      if (!res.ok) return this.failed(res.error.message);
      this.setData({ draft: '', messageId: newRequestId() });
      await this.done('回复已发送，求助人会收到通知');
    },
    onCallbackNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ callbackNote: e.detail.value, actionError: '' });
    },
    async onLogCallback() {
      const r = this.data.r;
      const note = this.data.callbackNote.trim();
      if (!r || this.data.busy) return;
      if (!note) return this.failed('请写下回电的情况');
      this.setData({ busy: true });
      const res = await helplineApi.logCallback(r.id, note);
      if (!res.ok) return this.failed(res.error.message);
      this.setData({ callbackNote: '' });
      await this.done('回电记录已保存');
    },
    async loadTargets() {
      if (this.data.targetsLoaded) return;
      this.setData({ targetsError: '' });
      const res = await helplineApi.handoffTargets();
      if (!res.ok) {
        this.setData({ targetsError: res.error.message });
        return;
      }
      const t: HandoffTargets = res.data;
      const regions = t.schools.length || t.sites.length ? await loadRegions() : undefined;
      this.setData({
        targetsLoaded: true,
        transferOptions: transferOptions(t),
        schools: t.schools.map((s) => ({ schoolId: s.schoolId, name: s.name, place: regions && regions.ok ? regionPath(regions.data, s.regionCode) : '' })),
        // An entry nobody is bound to still takes the order (the county admins answer); the agent is told before choosing.
        sites: t.sites.map((s) => ({
          siteId: s.siteId,
          name: s.name,
          place: [s.kindLabel, s.regionCode.length === 6 ? '全县' : regions && regions.ok ? regionPath(regions.data, s.regionCode) : '', s.staffed ? '' : '尚无绑定的工作人员，将由县民政局管理员处理'].filter(Boolean).join(' · '),
        })),
      });
    },
    onDepartment(e: WechatMiniprogram.CustomEvent<{ value: Department }>) {
      const department = e.detail.value;
      const need = DEPARTMENT_NEEDS[department];
      this.setData({ 'refer.department': department, need, actionError: '' });
      if (need === 'school' || need === 'site') void this.loadTargets();
    },
    onSite(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'refer.siteId': e.detail.value, actionError: '' });
    },
    onReferRegion(e: WechatMiniprogram.CustomEvent<{ code: string }>) {
      this.setData({ 'refer.regionCode': e.detail.code, actionError: '' });
    },
    onSchool(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'refer.schoolId': e.detail.value, actionError: '' });
    },
    onReferText(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'summary' | 'reason' }>) {
      this.setData({ [`refer.${e.currentTarget.dataset.field}`]: e.detail.value, actionError: '' });
    },
    onDeadline(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ 'refer.deadlineDays': Number(e.detail.value) });
    },
    async onRefer() {
      const r = this.data.r;
      if (!r || this.data.busy) return;
      const problem = validateReferForm(this.data.refer);
      if (problem) return this.failed(problem);
      this.setData({ busy: true });
      const res = await helplineApi.refer(referPayload(this.data.refer, r.id));
      if (!res.ok) return this.failed(res.error.message);
      this.setData({ refer: { ...EMPTY_REFER }, need: '' });
      const to = res.data.referral.siteName ?? res.data.referral.departmentLabel;
      await this.done(`已转介${to}，答复期限：${formatTime(res.data.referral.deadline)}${res.data.routeNote ? `。${res.data.routeNote}` : ''}`);
    },
    onTransferTo(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ transferTo: e.detail.value, actionError: '' });
    },
    onTransferNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ transferNote: e.detail.value });
    },
    async onTransfer() {
      const r = this.data.r;
      if (!r || this.data.busy) return;
      if (!this.data.transferTo) return this.failed('请选择转给谁');
      this.setData({ busy: true });
      const to = this.data.transferOptions.find((o) => o.value === this.data.transferTo);
      const res = await helplineApi.transfer(transferPayload(r.id, this.data.transferTo, this.data.transferNote));
      if (!res.ok) return this.failed(res.error.message);
      stopHeartbeat();
      this.setData({ transferTo: '', transferNote: '' });
      await this.done(`已转交给${to ? to.label : '对方'}`);
    },
    onOutcome(e: WechatMiniprogram.CustomEvent<{ value: Outcome }>) {
      this.setData({ outcome: e.detail.value, actionError: '' });
    },
    onCloseNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ closeNote: e.detail.value });
    },
    async onCloseRequest() {
      const r = this.data.r;
      if (!r || this.data.busy) return;
      if (!this.data.outcome) return this.failed('请选择处理结果');
      this.setData({ busy: true });
      const res = await helplineApi.close(r.id, this.data.outcome, this.data.closeNote.trim() || undefined);
      if (!res.ok) return this.failed(res.error.message);
      stopHeartbeat();
      await this.done('已办结，求助人会被邀请评价');
    },
    async onRelease() {
      const r = this.data.r;
      if (!r || this.data.busy) return;
      this.setData({ busy: true });
      const res = await helplineApi.release(r.id);
      if (!res.ok) return this.failed(res.error.message);
      stopHeartbeat();
      await this.done('已放回队列');
    },
  },
});
