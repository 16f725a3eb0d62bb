/**
 * 计划活动 / 修改活动 (packageCommunity/pages/activity-edit/index[?id=…]; township staff, the county,
 * a site's own staff): a care activity's kind, theme, day, start and end time and the site (one
 * the caller may organise at). Saving an activity for a later day tells the township's volunteers
 * in 消息; the server checks everything again and names a wrong field.
 */
import { loadActivities, loadActivity, saveActivity, type ActivitiesView, type ActivityDetailView } from '../../services/community';
import { ACTIVITY_KINDS, ACTIVITY_KIND_LABELS } from '../../../contracts/community';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

/** The phone's calendar day, as the form's first suggestion (the server judges "later" by its own clock). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    id: '',
    kindNames: ACTIVITY_KINDS.map((k) => ACTIVITY_KIND_LABELS[k]),
    siteNames: [] as string[],
    siteIds: [] as string[],
    form: { kindIndex: 0, theme: '', day: '', start: '09:00', end: '11:00', siteIndex: 0 },
    formError: '',
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: decodeURIComponent(query.id ?? ''), 'form.day': today() });
      if (query.id) wx.setNavigationBarTitle({ title: '修改活动' });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const [list, one] = await Promise.all([loadActivities(), this.data.id ? loadActivity(this.data.id) : Promise.resolve(undefined)]);
      if (!list.ok) return this.setData({ loading: false, errorMessage: errorText(list.error) });
      if (one && !one.ok) return this.setData({ loading: false, errorMessage: errorText(one.error) });
      const v = list.data as ActivitiesView;
      const sites = v.sites.map((s) => ({ id: s.siteId, name: `${s.name}（${s.region}）` }));
      const a = one?.ok ? (one.data as ActivityDetailView).activity : undefined;
      // An activity's site may since have closed: it stays choosable for this activity.
      if (a && !sites.some((s) => s.id === a.siteId)) sites.push({ id: a.siteId, name: a.siteName });
      this.setData({
        loading: false,
        siteNames: sites.map((s) => s.name),
        siteIds: sites.map((s) => s.id),
        ...(a
          ? { form: { kindIndex: Math.max(0, ACTIVITY_KINDS.indexOf(a.kind)), theme: a.theme, day: a.day, start: a.start, end: a.end, siteIndex: Math.max(0, sites.findIndex((s) => s.id === a.siteId)) } }
          : {}),
      });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const key = String((e.currentTarget.dataset as { key?: string }).key ?? '');
      if (key) this.setData({ [`form.${key}`]: e.detail.value });
    },
    onPick(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      const key = String((e.currentTarget.dataset as { key?: string }).key ?? '');
      const index = key.endsWith('Index');
      if (key) this.setData({ [`form.${key}`]: index ? Number(e.detail.value) : String(e.detail.value) });
    },
    async onSave() {
      const f = this.data.form;
      const siteId = this.data.siteIds[f.siteIndex];
      if (!siteId) return this.setData({ formError: '请选择活动站点' });
      this.setData({ saving: true, formError: '' });
      const res = await saveActivity({ ...(this.data.id ? { activityId: this.data.id } : {}), kind: ACTIVITY_KINDS[f.kindIndex], theme: f.theme, day: f.day, start: f.start, end: f.end, siteId });
      this.setData({ saving: false });
      if (!res.ok) return this.setData({ formError: errorText(res.error) });
      wx.showToast({ title: this.data.id ? '已保存' : '已计划', icon: 'success' });
      wx.navigateBack();
    },
    onCancel() {
      wx.navigateBack();
    },
  },
});
