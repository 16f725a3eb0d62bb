/**
 * 关爱工作设置 (packageCare/pages/settings/index): the county's visit intervals by risk level and
 * the acknowledgement limits of immediate reports by kind (`care.careSettings`). The county admin
 * changes them (`care.updateCareSettings`, only what changed; days 1–365, minutes 5 to 7 days);
 * other staff read them. The limits show in hours and days beside the minutes.
 */
import { careSettings, updateCareSettings, type CareSettingsView } from '../../services/care';
import { minutesText, settingRows, settingsChange, type SettingRow } from '../../services/care-views';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    loadError: '',
    editable: false,
    rows: [] as SettingRow[],
    saving: false,
    error: '',
    notice: '',
  },
  methods: {
    onLoad() {
      const roles: string[] = getApp<IAppOption>().globalData.roles ?? [];
      this.setData({ editable: roles.indexOf('countyAdmin') >= 0 });
      void this.load();
    },
    async load() {
      this.setData({ loadError: '' });
      const res = await careSettings();
      if (!res.ok) {
        this.setData({ loading: false, loadError: res.error.message });
        return;
      }
      (this as unknown as { saved: CareSettingsView }).saved = res.data;
      this.setData({ loading: false, rows: settingRows(res.data) });
    },
    onValue(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { index: number }>) {
      const i = Number(e.currentTarget.dataset.index);
      const row = this.data.rows[i];
      const value = String(e.detail.value ?? '');
      const hint = row.group === 'ack' ? minutesText(Number(value)) : row.hint;
      this.setData({ [`rows[${i}].value`]: value, [`rows[${i}].hint`]: hint, error: '', notice: '' });
    },
    async onSave() {
      if (this.data.saving) return;
      const saved = (this as unknown as { saved: CareSettingsView }).saved;
      const change = settingsChange(this.data.rows, saved);
      if ('problem' in change) {
        this.setData({ error: change.problem });
        return;
      }
      if (!change.input) {
        this.setData({ notice: '设置没有改动' });
        return;
      }
      this.setData({ saving: true });
      const res = await updateCareSettings(change.input);
      if (!res.ok) {
        this.setData({ saving: false, error: res.error.message });
        return;
      }
      (this as unknown as { saved: CareSettingsView }).saved = res.data;
      this.setData({ saving: false, rows: settingRows(res.data), notice: '已保存，立即生效' });
    },
  },
});
