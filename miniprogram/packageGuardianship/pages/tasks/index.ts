/**
 * 待我签署: the confirmation lines waiting for my signature (`mySigningTasks`) — parents, the
 * entrusted guardian, the village officer for the village committee. Tap → the signing page for
 * that line. Reloads on show, so a line signed a moment ago disappears.
 */
import { mySigningTasks } from '../../../services/guardianship';
import { taskRows, type TaskRow } from '../../../services/guardianship-staff';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: { loading: true, errorMessage: '', rows: [] as TaskRow[] },
  methods: {
    onShow() {
      void this.load();
    },
    async load() {
      const res = await mySigningTasks();
      if (!res.ok) {
        this.setData({ loading: false, rows: [], errorMessage: res.error.message });
        return;
      }
      this.setData({ loading: false, errorMessage: '', rows: taskRows(res.data.tasks) });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const url = (e.currentTarget.dataset as { url?: string }).url;
      if (url) wx.navigateTo({ url });
    },
  },
});
