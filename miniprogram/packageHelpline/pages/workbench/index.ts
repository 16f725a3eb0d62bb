/**
 * 热线工作台 (helpline agents and supervisors): the duty switch as the server has it (read on
 * open, so a phone that never toggled still shows 值班中), 领取下一条, 登记来电, the queue in order,
 * the requests I hold, and the ones I closed in the last 30 days (to reopen one). A request opens
 * on its own page (../request/index), where it is answered, referred, transferred or closed.
 * Query `id` (a notification about a request): opens that request.
 */
import { helplineApi, type AgentRequestView } from '../../../services/helpline';
import { requestRow, type RequestRow } from '../../../services/helpline-logic';
import { uiMode } from '../../../behaviors/ui-mode';

type Tab = 'queue' | 'mine' | 'closed';

const REQUEST_PAGE = '/packageHelpline/pages/request/index';

const TABS: { key: Tab; label: string }[] = [
  { key: 'queue', label: '队列' },
  { key: 'mine', label: '我的' },
  { key: 'closed', label: '我办结的' },
];

const EMPTY: Record<Tab, [string, string]> = {
  queue: ['队列中暂无求助', '新的求助会出现在这里'],
  mine: ['您手上没有求助', '点“领取下一条”开始处理'],
  closed: ['近30天没有您办结的求助', '办结后可以在这里找到并重新打开'],
};

const rows = (list: AgentRequestView[]): RequestRow[] => list.map(requestRow);

Component({
  behaviors: [uiMode],
  data: {
    tab: 'queue' as Tab,
    tabs: TABS,
    dutyKnown: false,
    onDuty: false,
    waiting: 0,
    loading: true,
    claiming: false,
    queue: [] as RequestRow[],
    mine: [] as RequestRow[],
    closed: [] as RequestRow[],
    /** The list of the current tab. */
    shown: [] as RequestRow[],
    emptyTitle: EMPTY.queue[0],
    emptyDetail: EMPTY.queue[1],
    error: '',
    listError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const id = query && query.id ? decodeURIComponent(query.id) : '';
      if (id) this.openRequest(id);
    },
    onShow() {
      void this.refresh();
    },
    async refresh() {
      this.setData({ listError: '' });
      const [q, m] = await Promise.all([helplineApi.queue(), helplineApi.myClaims()]);
      if (!q.ok || !m.ok) {
        this.setData({ loading: false, listError: (!q.ok ? q.error.message : !m.ok ? m.error.message : '') || '' });
        return;
      }
      this.setData({ waiting: q.data.waiting, dutyKnown: true, onDuty: q.data.duty.onDuty, queue: rows(q.data.requests), mine: rows(m.data.requests) });
      if (this.data.tab === 'closed') await this.loadClosed();
      this.show();
    },
    async loadClosed() {
      const res = await helplineApi.myClosed();
      if (!res.ok) {
        this.setData({ loading: false, listError: res.error.message });
        return;
      }
      this.setData({ closed: rows(res.data.requests) });
    },
    show() {
      const tab = this.data.tab;
      this.setData({ loading: false, shown: this.data[tab], emptyTitle: EMPTY[tab][0], emptyDetail: EMPTY[tab][1] });
    },
    async onTab(e: WechatMiniprogram.BaseEvent<Record<string, never>, { tab: Tab }>) {
      const tab = e.currentTarget.dataset.tab;
      this.setData({ tab });
      if (tab === 'closed') {
        this.setData({ loading: true, listError: '' });
        await this.loadClosed();
      }
      if (!this.data.listError) this.show();
    },
    async onDuty(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      const res = await helplineApi.setDuty(e.detail.value);
      this.setData(res.ok ? { onDuty: res.data.onDuty, error: '' } : { error: res.error.message });
    },
    async onClaimNext() {
      // Claiming is for agents on duty: say so here rather than let anyone tap in vain.
      if (!this.data.onDuty) {
        this.setData({ error: '请先打开“值班”，才能领取求助' });
        return;
      }
      if (this.data.claiming) return;
      this.setData({ claiming: true, error: '' });
      const res = await helplineApi.claimNext();
      this.setData({ claiming: false });
      if (!res.ok) {
        this.setData({ error: res.error.message });
        return;
      }
      if (!res.data.request) {
        wx.showToast({ title: '队列中暂无求助', icon: 'none' });
        await this.refresh();
        return;
      }
      this.openRequest(res.data.request.id);
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      this.openRequest(e.currentTarget.dataset.id);
    },
    openRequest(id: string) {
      wx.navigateTo({ url: `${REQUEST_PAGE}?id=${encodeURIComponent(id)}` });
    },
    onLogCall() {
      wx.navigateTo({ url: '/packageHelpline/pages/call/index' });
    },
    onReferrals() {
      wx.navigateTo({ url: '/packageHelpline/pages/referrals/index' });
    },
    onCrisisWords() {
      wx.navigateTo({ url: '/packageHelpline/pages/crisis-words/index' });
    },
  },
});
