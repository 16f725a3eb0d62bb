/**
 * 结对帮扶 (packageCare/pages/pairing/index).
 * - `?childId=…`: the child's 1+1+1 triad (village cadre, grid worker or volunteer, neighbour),
 *   the latest care activities, and logging one of the four kinds of care.
 * - no query: a pairing member's own children.
 */
import { getPairing, logCareActivity, myPairings, type MyPairing, type PairingView } from '../../../services/care';
import { CARE_KIND_OPTIONS, SLOT_LABELS, beijingDay, labelOf, newRequestId } from '../../../services/care-logic';
import type { CareKind } from '../../../contracts/care';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    childId: '',
    loading: true,
    errorMessage: '',
    notice: '',
    pairing: null as (PairingView & { slots: { label: string; name: string }[] }) | null,
    activities: [] as { activityId: string; kindLabel: string; date: string; note: string; name: string }[],
    mine: [] as (MyPairing & { slotLabel: string })[],
    kinds: CARE_KIND_OPTIONS,
    kindIndex: 0,
    note: '',
    requestId: '',
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const childId = query && query.childId ? decodeURIComponent(query.childId) : '';
      this.setData({ childId, requestId: newRequestId('care') });
      this.refresh();
    },
    async refresh() {
      this.setData({ loading: true, errorMessage: '' });
      if (!this.data.childId) {
        const res = await myPairings();
        if (!res.ok) return this.setData({ loading: false, errorMessage: res.error.message });
        this.setData({
          loading: false,
          mine: res.data.children.map((c) => ({ ...c, slotLabel: SLOT_LABELS[c.slot as keyof typeof SLOT_LABELS] ?? '' })),
        });
        return;
      }
      const res = await getPairing(this.data.childId);
      if (!res.ok) return this.setData({ loading: false, errorMessage: res.error.message });
      const p = res.data;
      this.setData({
        loading: false,
        pairing: { ...p, slots: p.members.map((m) => ({ label: SLOT_LABELS[m.slot], name: m.filled ? m.name : '未落实' })) },
        activities: p.activities.map((a) => ({ activityId: a.activityId, kindLabel: labelOf(CARE_KIND_OPTIONS, a.kind as CareKind), date: a.date, note: a.note, name: a.by.name })),
      });
    },
    onKindChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ kindIndex: Number(e.detail.value) });
    },
    onNoteInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ note: e.detail.value, errorMessage: '' });
    },
    onOpenChild(e: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/packageCare/pages/pairing/index?childId=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
    async onLog() {
      if (this.data.saving) return;
      const note = this.data.note.trim();
      if (note.length < 2) return this.setData({ errorMessage: '请简要记录活动内容' });
      this.setData({ saving: true });
      const kind = CARE_KIND_OPTIONS[this.data.kindIndex].value;
      const res = await logCareActivity({ childId: this.data.childId, requestId: this.data.requestId, kind, date: beijingDay(new Date()), note });
      if (!res.ok) return this.setData({ saving: false, errorMessage: res.error.message });
      this.setData({ saving: false, note: '', requestId: newRequestId('care'), notice: '已记录' });
      this.refresh();
    },
  },
});
