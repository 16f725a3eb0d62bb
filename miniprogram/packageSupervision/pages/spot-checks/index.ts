/**
 * 随机抽查 (packageSupervision/pages/spot-checks/index; docs/supervision.md "Spot checks"): the
 * county admin draws a reproducible sample — per township, N visit records, confirmations or
 * reports of the last 30 days or of the days chosen (开始日期 / 结束日期), ranked by a seed (given or generated, recorded) — and sees the
 * county's earlier draws with their progress; each opens its items. Role: county admin.
 */
import { drawSpotCheck, loadSpotChecks, type SpotCheckKind } from '../../services/supervision';
import { KIND_OPTIONS, spotCheckLines } from '../../services/spot-check-logic';
import { errorText } from '../../../utils/error-text';
import { beijingDay } from '../../../services/care-logic';
import { requestId } from '../../../utils/request-id';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    rows: [] as ReturnType<typeof spotCheckLines>,
    kinds: KIND_OPTIONS,
    kind: 'visit' as SpotCheckKind,
    perTownship: '3',
    seed: '',
    /** The period drawn from (Asia/Shanghai days); both empty = the 30 days ending today. */
    from: '',
    to: '',
    today: '',
    drawing: false,
    drawError: '',
    pendingRequest: '',
  },
  methods: {
    onLoad() {
      this.setData({ today: beijingDay(new Date()) });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadSpotChecks();
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      this.setData({ loading: false, rows: spotCheckLines(res.data.rows) });
    },
    onKind(e: WechatMiniprogram.CustomEvent<{ value: SpotCheckKind }>) {
      this.setData({ kind: e.detail.value, drawError: '', pendingRequest: '' });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value, drawError: '', pendingRequest: '' });
    },
    onDate(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'from' | 'to' }>) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value, drawError: '', pendingRequest: '' });
    },
    /** 恢复近30天: forget the chosen days. */
    onClearPeriod() {
      this.setData({ from: '', to: '', drawError: '', pendingRequest: '' });
    },
    /** 抽取: the same request id on a retry after a network failure, so one tap gives one draw. */
    async onDraw() {
      if (this.data.drawing) return;
      const n = Number(this.data.perTownship);
      if (!Number.isInteger(n) || n < 1 || n > 20) {
        this.setData({ drawError: '每个乡镇抽取的数量请填1到20' });
        return;
      }
      const { from, to } = this.data;
      if (from && to && from > to) {
        this.setData({ drawError: '开始日期不能晚于结束日期' });
        return;
      }
      const req = this.data.pendingRequest || requestId();
      this.setData({ drawing: true, drawError: '', pendingRequest: req });
      const seed = this.data.seed.trim();
      const res = await drawSpotCheck({ kind: this.data.kind, perTownship: n, ...(from ? { from } : {}), ...(to ? { to } : {}), ...(seed ? { seed } : {}), requestId: req });
      if (!res.ok) {
        this.setData({ drawing: false, drawError: `没能抽取：${errorText(res.error)}` });
        return;
      }
      this.setData({ drawing: false, pendingRequest: '' });
      wx.navigateTo({ url: `/packageSupervision/pages/spot-check/index?id=${encodeURIComponent(res.data.id)}` });
      void this.load();
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `/packageSupervision/pages/spot-check/index?id=${encodeURIComponent(id)}` });
    },
  },
});
