/**
 * 督导通报 (packageSupervision/pages/circulars/index; docs/supervision.md "The monthly circular"):
 * the county's monthly circulars, newest first, each opening its page; county admins may make
 * last month's or this month's so far now (the scheduler makes last month's on the 1st).
 * Roles: county admin, township staff (their county's circulars) — the function decides.
 */
import { loadCirculars, makeCircular } from '../../services/supervision';
import { circularLines, monthText, type CircularLine } from '../../services/circular-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    title: '',
    rows: [] as CircularLine[],
    canMake: false,
    thisMonth: '',
    thisMonthLabel: '',
    making: '',
    makeMessage: '',
    makeFailed: false,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadCirculars();
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const v = res.data;
      this.setData({ loading: false, title: `${v.county.name}督导通报`, rows: circularLines(v.rows), canMake: v.canMake, thisMonth: v.nextMonth, thisMonthLabel: monthText(v.nextMonth) });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `/packageSupervision/pages/circular/index?id=${encodeURIComponent(id)}` });
    },
    /** 生成上月通报 / 生成本月截至今日的通报: made, announced, then opened. */
    async onMake(e: WechatMiniprogram.TouchEvent) {
      if (this.data.making) return;
      const which = String((e.currentTarget.dataset as { which?: string }).which ?? 'last');
      this.setData({ making: which, makeMessage: '', makeFailed: false });
      const res = await makeCircular(which === 'this' ? this.data.thisMonth : undefined);
      if (!res.ok) {
        this.setData({ making: '', makeFailed: true, makeMessage: `没能生成通报：${errorText(res.error)}` });
        return;
      }
      this.setData({ making: '', makeMessage: res.data.existing ? `${monthText(res.data.month)}的通报已经有了，已为您打开` : `已生成${monthText(res.data.month)}督导通报，并在“消息”中通知了县民政局和各乡镇工作人员` });
      await this.load();
      wx.navigateTo({ url: `/packageSupervision/pages/circular/index?id=${encodeURIComponent(res.data.id)}` });
    },
  },
});
