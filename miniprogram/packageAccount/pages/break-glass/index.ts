/**
 * 破窗访问记录 (docs/access.md "Break-glass", `accounts.listBreakGlass`): township staff see their
 * own grants and open the file while a grant runs; the county admin sees every grant in the county,
 * the unacknowledged ones first, and for each: who opened whose file, why, when, whether it still
 * runs — 确认知悉, or 确认并立即结束 (`accounts.acknowledgeBreakGlass`), and the person's phone in
 * full with a reason to ask them about it (sw-reveal → `accounts.revealPersonField`).
 */
import { acknowledgeBreakGlass, listBreakGlass } from '../../../services/data-rights';
import { grantRows, type GrantRow } from '../../services/data-rights-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    isCountyAdmin: false,
    onlyUnacknowledged: false,
    loading: true,
    errorMessage: '',
    rows: [] as GrantRow[],
    pending: 0,
    busy: '',
    notice: '',
    actionError: '',
  },
  methods: {
    onLoad() {
      const roles: string[] = getApp<IAppOption>()?.globalData?.roles ?? [];
      this.setData({ isCountyAdmin: roles.indexOf('countyAdmin') >= 0 });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await listBreakGlass(this.data.onlyUnacknowledged);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const rows = grantRows(res.data.grants).sort((a, b) => Number(a.acknowledged) - Number(b.acknowledged));
      this.setData({ loading: false, rows, pending: rows.filter((r) => !r.acknowledged).length });
    },
    onOnlyUnacknowledged(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ onlyUnacknowledged: !!e.detail.value });
      void this.load();
    },
    async acknowledge(grantId: string, endNow: boolean) {
      if (this.data.busy) return;
      this.setData({ busy: `${grantId}:${endNow}`, notice: '', actionError: '' });
      const res = await acknowledgeBreakGlass(grantId, endNow);
      if (!res.ok) {
        this.setData({ busy: '', actionError: errorText(res.error) });
        return;
      }
      this.setData({ busy: '', notice: res.data.ended ? '已确认，并已结束这次访问' : '已确认知悉' });
      await this.load();
    },
    onAcknowledge(e: WechatMiniprogram.TouchEvent) {
      void this.acknowledge(String((e.currentTarget.dataset as { id?: string }).id), false);
    },
    onEnd(e: WechatMiniprogram.TouchEvent) {
      void this.acknowledge(String((e.currentTarget.dataset as { id?: string }).id), true);
    },
    onOpenChild(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { child?: string }).child ?? '');
      if (id) wx.navigateTo({ url: `/packageRegistry/pages/child/index?id=${encodeURIComponent(id)}` });
    },
  },
});
