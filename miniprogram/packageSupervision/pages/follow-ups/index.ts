/**
 * 督查整改 (packageSupervision/pages/follow-ups/index; docs/supervision.md "Follow-ups"): the
 * follow-up tasks spot checks opened — township staff their township's, county admins the
 * county's — open ones first by deadline, overdue ones marked; each opens its page.
 */
import { loadFollowUps } from '../../services/supervision';
import { followUpLines } from '../../services/spot-check-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    title: '',
    line: '',
    rows: [] as ReturnType<typeof followUpLines>,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onShow() {
      if (this.data.title) void this.load();
    },
    async load() {
      this.setData({ loading: !this.data.title, errorMessage: '' });
      const res = await loadFollowUps();
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const v = res.data;
      const open = v.rows.filter((r) => r.status === 'open').length;
      const overdue = v.rows.filter((r) => r.overdue).length;
      this.setData({ loading: false, title: `${v.region.name}督查整改`, line: `待整改 ${open} 项${overdue ? `，其中已逾期 ${overdue} 项` : ''}；共 ${v.rows.length} 项`, rows: followUpLines(v.rows) });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `/packageSupervision/pages/follow-up/index?id=${encodeURIComponent(id)}` });
    },
  },
});
