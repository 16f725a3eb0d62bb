/**
 * 一次随机抽查 (packageSupervision/pages/spot-check/index?id=…): the draw's period, seed and
 * progress, and its items by township (each with what to verify and its result); a pending item
 * opens 核实 (check-item), a checked one shows its result and follow-up. Role: county admin.
 */
import { loadSpotCheck } from '../../services/supervision';
import { drawLine, townshipGroups, type TownshipGroup } from '../../services/spot-check-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    id: '',
    loading: true,
    errorMessage: '',
    title: '',
    line: '',
    groups: [] as TownshipGroup[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: decodeURIComponent(query.id ?? '') });
      void this.load();
    },
    onShow() {
      // Back from 核实: the item's result is new.
      if (this.data.title) void this.load();
    },
    async load() {
      this.setData({ loading: !this.data.title, errorMessage: '' });
      const res = await loadSpotCheck(this.data.id);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const v = res.data;
      this.setData({ loading: false, title: `${v.kind === 'visit' ? '走访记录' : v.kind === 'confirmation' ? '监护责任确认书' : '强制报告'}抽查`, line: drawLine(v), groups: townshipGroups(v) });
    },
    onItem(e: WechatMiniprogram.TouchEvent) {
      const item = String((e.currentTarget.dataset as { item?: string }).item ?? '');
      if (item) wx.navigateTo({ url: `/packageSupervision/pages/check-item/index?checkId=${encodeURIComponent(this.data.id)}&itemId=${encodeURIComponent(item)}` });
    },
  },
});
