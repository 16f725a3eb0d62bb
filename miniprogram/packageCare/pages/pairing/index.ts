/**
 * 结对帮扶 (packageCare/pages/pairing/index).
 * - `?childId=…` (the child file, 1+1+1 coverage, my children): the child's 1+1+1 triad — a village
 *   cadre, a grid worker or volunteer, a neighbour (policy §二(二)) — each place with who fills it
 *   since when. Village officers, township staff and the county 指定 / 更换 a member from the
 *   pairing members of the child's township who may fill that place (`pairingCandidates`,
 *   `setPairingMember`) and 解除 one after a confirmation (`removePairingMember`). Pairing members
 *   and village officers log care by the policy's four kinds (§二(四)). The latest activities.
 * - no query: a pairing member's own children.
 * The functions decide who may do what; the buttons follow the roles only to not offer in vain.
 */
import { getPairing, logCareActivity, myPairings, pairingCandidates, removePairingMember, setPairingMember, type PairingCandidate, type PairingView } from '../../services/care';
import { CARE_KIND_OPTIONS, beijingDay, labelOf, newRequestId } from '../../../services/care-logic';
import { candidateOptions, labelIn, missingText, riskText, shortDay, slotRows, type SlotRow } from '../../services/care-views';
import { CARE_LABELS, type CareKind, type PairingSlot } from '../../../contracts/care';
import { uiMode } from '../../../behaviors/ui-mode';

/** Who fills places (care contract: setPairingMember). */
const MANAGERS = ['villageOfficer', 'townshipStaff', 'countyAdmin'];
/** Who logs care (care contract: logCareActivity). */
const LOGGERS = ['pairingMember', 'villageOfficer'];

Component({
  behaviors: [uiMode],
  data: {
    childId: '',
    loading: true,
    loadError: '',
    pairing: null as PairingView | null,
    riskText: '',
    missing: '',
    slots: [] as SlotRow[],
    canManage: false,
    canLog: false,
    choosing: '' as PairingSlot | '',
    candidatesLoading: false,
    candidatesError: '',
    options: [] as { value: string; label: string; hint: string }[],
    chosen: '',
    saving: false,
    manageError: '',
    manageNotice: '',
    activities: [] as { activityId: string; title: string; description: string }[],
    mine: [] as { childId: string; title: string; description: string; tag: string; tone: string }[],
    kinds: CARE_KIND_OPTIONS,
    kind: '' as CareKind | '',
    note: '',
    requestId: '',
    logging: false,
    logError: '',
    logNotice: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const childId = query && query.childId ? decodeURIComponent(query.childId) : '';
      const roles: string[] = getApp<IAppOption>().globalData.roles ?? [];
      this.setData({
        childId,
        requestId: newRequestId('care'),
        canManage: roles.some((r) => MANAGERS.indexOf(r) >= 0),
        canLog: roles.some((r) => LOGGERS.indexOf(r) >= 0),
      });
      void this.refresh();
    },
    async refresh() {
      this.setData({ loadError: '' });
      if (!this.data.childId) {
        const res = await myPairings();
        if (!res.ok) return this.setData({ loading: false, loadError: res.error.message });
        this.setData({
          loading: false,
          mine: res.data.children.map((c) => ({
            childId: c.childId,
            title: c.childName || '（姓名已隐藏）',
            description: `我是${labelIn(CARE_LABELS.slot, c.slot, '结对帮扶人')} · ${c.lastCareOn ? `最近关爱：${shortDay(c.lastCareOn)}` : '还没有关爱记录'}`,
            tag: c.plan && c.plan.status === 'overdue' ? '走访已逾期' : c.complete ? '三方已落实' : '三方未齐全',
            tone: c.plan && c.plan.status === 'overdue' ? 'danger' : c.complete ? 'success' : 'warning',
          })),
        });
        return;
      }
      const res = await getPairing(this.data.childId);
      if (!res.ok) return this.setData({ loading: false, loadError: res.error.message });
      const p = res.data;
      const slots = slotRows(p);
      this.setData({
        loading: false,
        pairing: p,
        riskText: riskText(p.riskLevel),
        missing: missingText(slots.filter((s) => !s.filled).map((s) => s.slot)),
        slots,
        activities: p.activities.map((a) => ({
          activityId: a.activityId,
          title: `${shortDay(a.date)} · ${labelOf(CARE_KIND_OPTIONS, a.kind as CareKind)}`,
          description: `${a.by.name || '结对帮扶人'}：${a.note}`,
        })),
      });
    },
    // --- filling a place ---------------------------------------------------------------------
    async onChoose(e: WechatMiniprogram.BaseEvent<Record<string, never>, { slot: PairingSlot }>) {
      this.setData({ choosing: e.currentTarget.dataset.slot, chosen: '', manageError: '', manageNotice: '' });
      await this.loadCandidates();
    },
    async loadCandidates() {
      const self = this as unknown as { candidates?: PairingCandidate[] };
      if (!self.candidates) {
        this.setData({ candidatesLoading: true, candidatesError: '' });
        const res = await pairingCandidates(this.data.childId);
        if (!res.ok) return this.setData({ candidatesLoading: false, candidatesError: res.error.message });
        self.candidates = res.data.candidates;
      }
      const current = this.data.slots.find((s) => s.slot === this.data.choosing);
      const holder = this.data.pairing?.members.find((m) => m.slot === this.data.choosing)?.personId;
      this.setData({
        candidatesLoading: false,
        options: current ? candidateOptions(self.candidates, current.slot).filter((o) => o.value !== holder) : [],
      });
    },
    onCandidate(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ chosen: e.detail.value, manageError: '' });
    },
    onCancel() {
      this.setData({ choosing: '', chosen: '', manageError: '' });
    },
    async onConfirm() {
      const slot = this.data.choosing;
      if (!slot || this.data.saving) return;
      if (!this.data.chosen) return this.setData({ manageError: '请先选择一位结对帮扶人' });
      this.setData({ saving: true });
      const who = this.data.options.find((o) => o.value === this.data.chosen);
      const res = await setPairingMember(this.data.childId, slot, this.data.chosen);
      if (!res.ok) return this.setData({ saving: false, manageError: res.error.message });
      this.setData({ saving: false, choosing: '', chosen: '', manageNotice: `已指定${who ? who.label : ''}为${labelIn(CARE_LABELS.slot, slot)}${res.data.complete ? '，“1+1+1”三方已落实' : ''}` });
      await this.refresh();
    },
    onRemove(e: WechatMiniprogram.BaseEvent<Record<string, never>, { slot: PairingSlot }>) {
      const slot = e.currentTarget.dataset.slot;
      const row = this.data.slots.find((s) => s.slot === slot);
      if (!row) return;
      wx.showModal({
        title: '解除结对',
        content: `解除后，${row.who}不再能查看这个孩子的档案。确定解除吗？`,
        confirmText: '解除',
        cancelText: '不解除',
        success: (r) => {
          if (r.confirm) void this.remove(slot, row.label);
        },
      });
    },
    async remove(slot: PairingSlot, label: string) {
      this.setData({ manageError: '', manageNotice: '' });
      const res = await removePairingMember(this.data.childId, slot);
      if (!res.ok) return this.setData({ manageError: res.error.message });
      this.setData({ manageNotice: `已解除${label}，请尽快指定新的人选` });
      await this.refresh();
    },
    // --- logging care ------------------------------------------------------------------------
    onKind(e: WechatMiniprogram.CustomEvent<{ value: CareKind }>) {
      this.setData({ kind: e.detail.value, logError: '' });
    },
    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ note: e.detail.value, logError: '', logNotice: '' });
    },
    onOpenChild(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/packageCare/pages/pairing/index?childId=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
    async onLog() {
      if (this.data.logging) return;
      const note = this.data.note.trim();
      if (!this.data.kind) return this.setData({ logError: '请选择是哪一种关爱' });
      if (note.length < 2) return this.setData({ logError: '请简要记录活动内容' });
      this.setData({ logging: true });
      const res = await logCareActivity({ childId: this.data.childId, requestId: this.data.requestId, kind: this.data.kind, date: beijingDay(new Date()), note });
      if (!res.ok) return this.setData({ logging: false, logError: res.error.message });
      this.setData({ logging: false, note: '', kind: '', requestId: newRequestId('care'), logNotice: '已记录' });
      await this.refresh();
    },
  },
});
