/**
 * 新增 / 修改学校 (packageSchools/pages/school-edit/index?id=…; county admin): name, where (a
 * township or one of its villages, picked by name), boarding or not, the education bureau's
 * school code. Saved through `schools.saveSchool`, which names a wrong field.
 */
import { loadSchools, saveSchool } from '../../services/schools';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    id: '',
    loading: false,
    loadError: '',
    form: { name: '', regionCode: '', boarding: false, bureauCode: '' },
    formError: '',
    saving: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const id = decodeURIComponent(query.id ?? '');
      this.setData({ id });
      if (!id) return;
      this.setData({ loading: true });
      const res = await loadSchools();
      if (!res.ok) {
        this.setData({ loading: false, loadError: errorText(res.error) });
        return;
      }
      const s = res.data.schools.find((x) => x.id === id);
      if (!s) {
        this.setData({ loading: false, loadError: '没有找到这所学校，可能已被修改，请返回名录重新打开' });
        return;
      }
      this.setData({ loading: false, form: { name: s.name, regionCode: s.regionCode, boarding: s.boarding, bureauCode: s.bureauCode ?? '' } });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = String((e.currentTarget.dataset as { field?: string }).field ?? '');
      if (field) this.setData({ [`form.${field}`]: e.detail.value, formError: '' });
    },
    onRegion(e: WechatMiniprogram.CustomEvent<{ code: string }>) {
      this.setData({ 'form.regionCode': e.detail.code, formError: '' });
    },
    onBoarding(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ 'form.boarding': !!e.detail.value });
    },
    async onSave() {
      if (this.data.saving) return;
      const f = this.data.form;
      if (!f.name.trim()) return this.setData({ formError: '请填写学校名称' });
      if (!f.regionCode) return this.setData({ formError: '请选择学校所在的乡镇或村' });
      this.setData({ saving: true, formError: '' });
      const res = await saveSchool({
        ...(this.data.id ? { schoolId: this.data.id } : {}),
        name: f.name.trim(),
        regionCode: f.regionCode,
        boarding: f.boarding,
        ...(f.bureauCode.trim() ? { bureauCode: f.bureauCode.trim() } : {}),
      });
      if (!res.ok) {
        this.setData({ saving: false, formError: errorText(res.error) });
        return;
      }
      this.setData({ saving: false });
      wx.showToast({ title: '已保存', icon: 'success' });
      wx.navigateBack();
    },
    onBack() {
      wx.navigateBack();
    },
  },
});
