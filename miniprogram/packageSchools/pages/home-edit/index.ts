/**
 * 登记留守儿童之家 (packageSchools/pages/home-edit/index?schoolId=…; the school's staff): builds or
 * edits the school's home — name, opened on, facilities (checklist plus free text), who runs it
 * (the school's life teachers, teachers, staff), opening hours, where in the school and a number
 * families may call (both shown in the community directory). Saved → back to the home page.
 */
import { FACILITY_OPTIONS, loadHome, saveHome } from '../../services/homes';
import { todayShanghai } from '../../services/schools-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

const LABELS = { name: '之家名称', openedOn: '建成日期', facilitiesNote: '其他设施', runnerIds: '负责人', hours: '开放时间', address: '位置', phone: '联系电话' };

Component({
  behaviors: [uiMode],
  data: {
    schoolId: '',
    loading: true,
    errorMessage: '',
    schoolName: '',
    today: todayShanghai(),
    facilityOptions: FACILITY_OPTIONS,
    staff: [] as { personId: string; label: string }[],
    form: { name: '', openedOn: '', facilities: [] as string[], facilitiesNote: '', runnerIds: [] as string[], hours: '', address: '', phone: '' },
    saving: false,
    saveError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ schoolId: decodeURIComponent((query && query.schoolId) || '') });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadHome(this.data.schoolId);
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      const v = res.data;
      if (!v.canEdit) return this.setData({ loading: false, errorMessage: '留守儿童之家由本校学校工作人员登记' });
      const h = v.home;
      this.setData({
        loading: false,
        schoolName: v.schoolName,
        staff: v.staff.map((s) => ({ personId: s.personId, label: `${s.name}（${s.roleLabel}）` })),
        form: h
          ? { name: h.name, openedOn: h.openedOn, facilities: h.facilities, facilitiesNote: h.facilitiesNote ?? '', runnerIds: h.runners.map((r) => r.personId), hours: h.hours, address: h.address ?? '', phone: h.phone ?? '' }
          : { name: `${v.schoolName}留守儿童之家`, openedOn: '', facilities: [], facilitiesNote: '', runnerIds: [], hours: '', address: '', phone: '' },
      });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = (e.currentTarget.dataset as { field: string }).field;
      this.setData({ [`form.${field}`]: e.detail.value, saveError: '' });
    },
    onDate(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.openedOn': e.detail.value, saveError: '' });
    },
    onFacilities(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ 'form.facilities': e.detail.value });
    },
    onRunners(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ 'form.runnerIds': e.detail.value });
    },
    async onSave() {
      const f = this.data.form;
      if (!f.name.trim() || !f.openedOn || !f.hours.trim()) {
        this.setData({ saveError: '请填写之家名称、建成日期和开放时间' });
        return;
      }
      this.setData({ saving: true, saveError: '' });
      const res = await saveHome({
        schoolId: this.data.schoolId,
        name: f.name.trim(),
        openedOn: f.openedOn,
        facilities: f.facilities as never,
        runnerIds: f.runnerIds,
        hours: f.hours.trim(),
        ...(f.facilitiesNote.trim() ? { facilitiesNote: f.facilitiesNote.trim() } : {}),
        ...(f.address.trim() ? { address: f.address.trim() } : {}),
        ...(f.phone.trim() ? { phone: f.phone.trim() } : {}),
      });
      this.setData({ saving: false });
      if (!res.ok) {
        this.setData({ saveError: `没能保存：${errorText(res.error, LABELS)}` });
        return;
      }
      wx.showToast({ title: '已保存', icon: 'success' });
      wx.navigateBack({ fail: () => wx.redirectTo({ url: `/packageSchools/pages/home/index?schoolId=${encodeURIComponent(this.data.schoolId)}` }) });
    },
  },
});
