/**
 * 学校与控辍保学 (packageSchools/pages/schools/index?region=…; docs/schools.md): the schools of
 * the caller's area with their open dropout cases; a school opens its cases. County admins add
 * and edit schools and set after how many failed 劝返 attempts a case goes to the township and
 * county. Roles: county admin, township staff, teachers, life teachers and school staff (own school);
 * 定期排查 only for those who may read roll checks (not life teachers).
 */
import { loadSchools, saveEscalation } from '../../services/schools';
import { CASE_ROLES, hasAnyRole, schoolRows, type SchoolRow } from '../../services/schools-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    region: '',
    loading: true,
    loaded: false,
    errorMessage: '',
    summary: '',
    rows: [] as SchoolRow[],
    canEdit: false,
    /** 定期排查 is for those who read roll checks (the case roles): not life teachers. */
    canRoll: false,
    escalateAfter: 3,
    escalateInput: '3',
    escalateAfterDays: 30,
    daysInput: '30',
    savingSettings: false,
    settingsMessage: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const roles: string[] = getApp<IAppOption>()?.globalData?.roles ?? [];
      this.setData({ region: decodeURIComponent(query.region ?? ''), canRoll: hasAnyRole(roles, CASE_ROLES) });
      void this.load();
    },
    /** Back from 新增/修改学校: the list as it now is. */
    onShow() {
      if (this.data.loaded) void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadSchools(this.data.region || undefined);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const v = res.data;
      const open = v.schools.reduce((s, x) => s + x.openCases, 0);
      this.setData({
        loading: false,
        loaded: true,
        rows: schoolRows(v.schools),
        canEdit: v.canEdit,
        escalateAfter: v.escalateAfter,
        escalateInput: String(v.escalateAfter),
        escalateAfterDays: v.escalateAfterDays,
        daysInput: String(v.escalateAfterDays),
        summary: `共 ${v.schools.length} 所学校，其中寄宿制 ${v.schools.filter((s) => s.boarding).length} 所；劝返中的辍学儿童 ${open} 人`,
      });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `/packageSchools/pages/cases/index?schoolId=${encodeURIComponent(id)}` });
    },
    /** The school's termly roll check (定期排查): its uploads and results. */
    /** 留守儿童之家 of a school (packageSchools/pages/home). */
    onHome(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `/packageSchools/pages/home/index?schoolId=${encodeURIComponent(id)}` });
    },
    onRoll(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `/packageSchools/pages/roll/index?schoolId=${encodeURIComponent(id)}` });
    },
    onEdit(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `/packageSchools/pages/school-edit/index?id=${encodeURIComponent(id)}` });
    },
    onAdd() {
      wx.navigateTo({ url: '/packageSchools/pages/school-edit/index' });
    },
    onAllCases() {
      wx.navigateTo({ url: `/packageSchools/pages/cases/index${this.data.region ? `?region=${this.data.region}` : ''}` });
    },
    onEscalateInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ escalateInput: e.detail.value, settingsMessage: '' });
    },
    onDaysInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ daysInput: e.detail.value, settingsMessage: '' });
    },
    async onSaveSettings() {
      const n = Number(this.data.escalateInput);
      const days = Number(this.data.daysInput);
      if (!Number.isInteger(n) || n < 1 || n > 10) {
        this.setData({ settingsMessage: '劝返无效次数请填写1到10之间的整数' });
        return;
      }
      if (!Number.isInteger(days) || days < 1 || days > 180) {
        this.setData({ settingsMessage: '登记天数请填写1到180之间的整数' });
        return;
      }
      this.setData({ savingSettings: true, settingsMessage: '' });
      const res = await saveEscalation(n, days);
      this.setData(
        res.ok
          ? {
              savingSettings: false,
              escalateAfter: res.data.escalateAfter,
              escalateAfterDays: res.data.escalateAfterDays,
              settingsMessage: `已保存：劝返 ${res.data.escalateAfter} 次无效、或登记满 ${res.data.escalateAfterDays} 天仍未复学即上报`,
            }
          : { savingSettings: false, settingsMessage: errorText(res.error) },
      );
    },
  },
});
