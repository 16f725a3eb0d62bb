/**
 * 生活老师关爱设置 (county admin; packageSchools/pages/care-settings/index): how many calendar days
 * without school care mark a child 该关爱了 and send the life teachers their daily reminder.
 */
import { noCareDaysSetting } from '../../services/lifecare';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: { loading: true, errorMessage: '', daysInput: '', saving: false, message: '' },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await noCareDaysSetting();
      this.setData(res.ok ? { loading: false, daysInput: String(res.data.noCareDays) } : { loading: false, errorMessage: errorText(res.error) });
    },
    onDays(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ daysInput: e.detail.value, message: '' });
    },
    async onSave() {
      const days = Number(this.data.daysInput);
      if (!Number.isInteger(days) || days < 1 || days > 90) {
        this.setData({ message: '提醒天数请填写1到90之间的整数' });
        return;
      }
      this.setData({ saving: true, message: '' });
      const res = await noCareDaysSetting(days);
      this.setData({ saving: false, message: res.ok ? `已保存：孩子超过 ${res.data.noCareDays} 天没有学校关爱记录即提醒生活老师` : errorText(res.error) });
    },
  },
});
