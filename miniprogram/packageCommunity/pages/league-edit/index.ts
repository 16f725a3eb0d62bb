/**
 * 登记团组织 / 修改团组织 (packageCommunity/pages/league-edit/index[?id=…]; township staff and the
 * county): name, level (乡镇团委 / 学校团委 / 村（社区）团支部), the township or village it belongs
 * to or its school, and a contact (a stored phone is shown masked and kept when left empty).
 */
import { loadLeagueOrg, loadLeagueOrgs, saveLeagueOrg, type LeagueOrgDetailView, type LeagueOrgsView } from '../../services/orgs';
import { LEAGUE_LEVELS, LEAGUE_LEVEL_LABELS, ORG_PAGES } from '../../../contracts/community';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

/** The divisions a 团组织 of `level` may belong to: townships for a 乡镇团委, villages for a 村团支部. */
function placesFor(v: LeagueOrgsView, level: string): { code: string; name: string }[] {
  return v.places.filter((p) => p.code.length === (level === 'village' ? 12 : 9));
}

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    id: '',
    levels: LEAGUE_LEVELS.map((l) => ({ value: l, label: LEAGUE_LEVEL_LABELS[l] })),
    placeNames: [] as string[],
    schoolNames: [] as string[],
    storedPhone: '',
    form: { name: '', level: 'township', placeIndex: 0, schoolIndex: 0, contactName: '', contactPhone: '' },
    formError: '',
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      wx.setNavigationBarTitle({ title: query.id ? '修改团组织' : '登记团组织' });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const [list, one] = await Promise.all([loadLeagueOrgs(), this.data.id ? loadLeagueOrg(this.data.id) : Promise.resolve(undefined)]);
      if (!list.ok) return this.setData({ loading: false, errorMessage: errorText(list.error) });
      if (one && !one.ok) return this.setData({ loading: false, errorMessage: errorText(one.error) });
      const v = list.data as LeagueOrgsView;
      const o = (one?.data as LeagueOrgDetailView | undefined)?.org;
      (this as unknown as { _view: LeagueOrgsView })._view = v;
      this.setData({
        loading: false,
        placeNames: placesFor(v, o?.level ?? 'township').map((p) => p.name),
        schoolNames: v.schools.map((s) => s.name),
        storedPhone: o?.contactPhone ?? '',
        form: o
          ? { name: o.name, level: o.level, placeIndex: Math.max(0, placesFor(v, o.level).findIndex((p) => p.code === o.region.code)), schoolIndex: Math.max(0, v.schools.findIndex((s) => s.schoolId === o.school?.schoolId)), contactName: o.contactName, contactPhone: '' }
          : { name: '', level: 'township', placeIndex: 0, schoolIndex: 0, contactName: '', contactPhone: '' },
      });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: unknown }>) {
      const key = String((e.currentTarget.dataset as { key?: string }).key ?? '');
      if (key) this.setData({ [`form.${key}`]: e.detail.value });
      const v = (this as unknown as { _view?: LeagueOrgsView })._view;
      // A 乡镇团委 picks among townships, a 村团支部 among villages.
      if (key === 'level' && v) this.setData({ placeNames: placesFor(v, String(e.detail.value)).map((p) => p.name), 'form.placeIndex': 0 });
    },
    onPlace(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ 'form.placeIndex': Number(e.detail.value) });
    },
    onSchool(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ 'form.schoolIndex': Number(e.detail.value) });
    },
    async onSave() {
      const v = (this as unknown as { _view?: LeagueOrgsView })._view;
      const f = this.data.form;
      const school = f.level === 'school' ? v?.schools[f.schoolIndex] : undefined;
      const place = f.level === 'school' ? (school ? { code: school.townshipCode } : undefined) : v ? placesFor(v, f.level)[f.placeIndex] : undefined;
      if (f.level === 'school' && !school) return this.setData({ formError: '学校团委请选择所在学校' });
      if (!place) return this.setData({ formError: '请选择所在乡镇或村（社区）' });
      this.setData({ saving: true, formError: '' });
      const res = await saveLeagueOrg({
        ...(this.data.id ? { leagueOrgId: this.data.id } : {}),
        name: f.name,
        level: f.level as (typeof LEAGUE_LEVELS)[number],
        regionCode: place.code,
        ...(school ? { schoolId: school.schoolId } : {}),
        contactName: f.contactName,
        ...(String(f.contactPhone).trim() ? { contactPhone: f.contactPhone } : {}),
      });
      this.setData({ saving: false });
      if (!res.ok) return this.setData({ formError: errorText(res.error, { level: '团组织级别' }) });
      if (this.data.id) wx.navigateBack({ delta: 1 });
      else wx.redirectTo({ url: `${ORG_PAGES.leaguePair}?id=${encodeURIComponent(res.data.leagueOrgId)}` });
    },
  },
});
