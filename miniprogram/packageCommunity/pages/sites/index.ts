/**
 * 服务站点管理 (packageCommunity/pages/sites/index; township staff for their township and its
 * villages, the county for all): the sites families see in 关爱服务站点 — add one, change its
 * hours, phone, services or capacity, place it on the map (在地图上选择, wx.chooseLocation: the
 * public directory then sorts it by distance from a family and offers 导航), stop listing it
 * (停用) — and 出示签到码 for volunteers.
 */
import { loadManagedSites, saveSite, type ManagedSitesView, type SiteView } from '../../services/community';
import { siteCards, type SiteCard } from '../../services/community-logic';
import { COMMUNITY_PAGES, SITE_KINDS, SITE_KIND_LABELS, SITE_SERVICES, SITE_SERVICE_LABELS } from '../../../contracts/community';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

const EMPTY_FORM = {
  siteId: '',
  kind: 'home',
  name: '',
  placeIndex: 0,
  address: '',
  hours: '',
  phone: '',
  capacity: '',
  services: [] as string[],
  open: true,
  /** Where it is on the map (wx.chooseLocation); null: not placed. */
  location: null as { latitude: number; longitude: number } | null,
  /** What the map said it chose (its name), or 已在地图上标注 for a stored one. */
  locationLabel: '',
};

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    title: '',
    cards: [] as SiteCard[],
    placeNames: [] as string[],
    kinds: SITE_KINDS.map((k) => ({ value: k, label: SITE_KIND_LABELS[k] })),
    services: SITE_SERVICES.map((s) => ({ value: s, label: SITE_SERVICE_LABELS[s] })),
    editing: false,
    form: { ...EMPTY_FORM },
    formError: '',
    saving: false,
    saved: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadManagedSites();
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      const v = res.data as ManagedSitesView;
      (this as unknown as { _view: ManagedSitesView })._view = v;
      this.setData({ loading: false, title: `${v.region.name}的服务站点`, cards: siteCards(v.sites), placeNames: v.places.map((p) => p.name) });
    },
    view(): ManagedSitesView | undefined {
      return (this as unknown as { _view?: ManagedSitesView })._view;
    },
    onAdd() {
      this.setData({ editing: true, form: { ...EMPTY_FORM }, formError: '', saved: '' });
    },
    onEdit(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      const v = this.view();
      const s = v?.sites.find((x: SiteView) => x.siteId === id);
      if (!v || !s) return;
      this.setData({
        editing: true,
        formError: '',
        saved: '',
        form: {
          siteId: s.siteId,
          kind: s.kind,
          name: s.name,
          placeIndex: Math.max(0, v.places.findIndex((p) => p.code === s.region.code)),
          address: s.address,
          hours: s.hours,
          phone: s.phone,
          capacity: s.capacity !== undefined ? String(s.capacity) : '',
          services: [...s.services],
          open: s.status === 'open',
          location: s.location ? { latitude: s.location.latitude, longitude: s.location.longitude } : null,
          locationLabel: s.location ? '已在地图上标注' : '',
        },
      });
    },
    onCode(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `${COMMUNITY_PAGES.siteCode}?siteId=${id}` });
    },
    onCancel() {
      this.setData({ editing: false, formError: '' });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: unknown }>) {
      const key = String((e.currentTarget.dataset as { key?: string }).key ?? '');
      if (key) this.setData({ [`form.${key}`]: e.detail.value });
    },
    /** 在地图上选择: WeChat's map picker; a cancel keeps what was there. */
    onChooseLocation() {
      const at = this.data.form.location;
      wx.chooseLocation({
        ...(at ? { latitude: at.latitude, longitude: at.longitude } : {}),
        success: (res) => {
          this.setData({ 'form.location': { latitude: res.latitude, longitude: res.longitude }, 'form.locationLabel': res.name || res.address || '已在地图上标注' });
        },
        fail: (err: { errMsg?: string }) => {
          if (/cancel/i.test(err?.errMsg ?? '')) return;
          this.setData({ formError: '没能打开地图选择位置，请检查是否允许使用位置后再试；不标注位置也可以保存' });
        },
      });
    },
    onClearLocation() {
      this.setData({ 'form.location': null, 'form.locationLabel': '' });
    },
    onPlace(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ 'form.placeIndex': Number(e.detail.value) });
    },
    async onSave() {
      const v = this.view();
      const f = this.data.form;
      const place = v?.places[f.placeIndex];
      if (!place) return this.setData({ formError: '请选择服务的村（社区）或乡镇' });
      const capacity = String(f.capacity).trim();
      if (capacity && !/^\d+$/.test(capacity)) return this.setData({ formError: '容纳人数：请填写整数' });
      this.setData({ saving: true, formError: '' });
      const res = await saveSite({
        ...(f.siteId ? { siteId: f.siteId } : {}),
        kind: f.kind as (typeof SITE_KINDS)[number],
        name: f.name,
        regionCode: place.code,
        address: f.address,
        hours: f.hours,
        phone: f.phone,
        ...(capacity ? { capacity: Number(capacity) } : {}),
        services: f.services as (typeof SITE_SERVICES)[number][],
        status: f.open ? 'open' : 'closed',
        ...(f.location ? { location: f.location } : {}),
      });
      this.setData({ saving: false });
      if (!res.ok) return this.setData({ formError: errorText(res.error, { services: '提供的服务', kind: '站点类型', capacity: '容纳人数', location: '站点位置' }) });
      this.setData({ editing: false, saved: `已保存：${res.data.name}` });
      await this.load();
    },
  },
});
