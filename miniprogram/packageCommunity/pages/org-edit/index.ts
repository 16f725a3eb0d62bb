/**
 * 登记社会组织 / 修改登记信息 (packageCommunity/pages/org-edit/index[?id=…]; township staff and the
 * county): name, 统一社会信用代码, where it is registered, the townships it serves (township staff
 * tick only their own; others stay as they are), full-time staff and named contacts (a stored
 * phone is shown masked and kept when left empty), services, premises (服务点 from the directory)
 * and whether it still serves.
 */
import { loadOrg, loadOrgs, saveOrg, type OrgView, type OrgsView } from '../../services/orgs';
import { ORG_LIMITS, ORG_PAGES, ORG_SERVICES, ORG_SERVICE_LABELS } from '../../../contracts/community';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

type Contact = { name: string; phone: string; stored: string };
const LABELS = { townships: '服务的乡镇', services: '提供的服务', fullTimeStaff: '专职人员人数', siteIds: '服务点' };

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    id: '',
    regionNames: [] as string[],
    townshipOptions: [] as { value: string; label: string }[],
    otherTownships: '',
    premisesOptions: [] as { value: string; label: string }[],
    services: ORG_SERVICES.map((s) => ({ value: s, label: ORG_SERVICE_LABELS[s] })),
    form: { name: '', creditCode: '', regionIndex: 0, townships: [] as string[], fullTimeStaff: '', contacts: [] as Contact[], services: [] as string[], siteIds: [] as string[], active: true },
    canAddContact: true,
    formError: '',
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      wx.setNavigationBarTitle({ title: query.id ? '修改社会组织' : '登记社会组织' });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const [list, one] = await Promise.all([loadOrgs(), this.data.id ? loadOrg(this.data.id) : Promise.resolve(undefined)]);
      if (!list.ok) return this.setData({ loading: false, errorMessage: errorText(list.error) });
      if (one && !one.ok) return this.setData({ loading: false, errorMessage: errorText(one.error) });
      const v = list.data as OrgsView;
      const o = one?.data as OrgView | undefined;
      const regions = [...(v.region.code.length === 6 ? [v.region] : []), ...v.places];
      const mine = new Set(v.places.map((p) => p.code));
      (this as unknown as { _regions: typeof regions; _others: string[] })._regions = regions;
      (this as unknown as { _others: string[] })._others = o ? o.townships.filter((t) => !mine.has(t.code)).map((t) => t.code) : [];
      const premises = [...v.premises.map((p) => ({ value: p.siteId, label: `${p.name}（${p.region}）` }))];
      for (const p of o?.premises ?? []) if (!premises.some((x) => x.value === p.siteId)) premises.push({ value: p.siteId, label: p.name });
      this.setData({
        loading: false,
        regionNames: regions.map((r) => r.name),
        townshipOptions: v.places.map((p) => ({ value: p.code, label: p.name })),
        otherTownships: o ? o.townships.filter((t) => !mine.has(t.code)).map((t) => t.name).join('、') : '',
        premisesOptions: premises,
        form: o
          ? {
              name: o.name,
              creditCode: o.creditCode,
              regionIndex: Math.max(0, regions.findIndex((r) => r.code === o.region.code)),
              townships: o.townships.filter((t) => mine.has(t.code)).map((t) => t.code),
              fullTimeStaff: String(o.fullTimeStaff),
              contacts: o.contacts.map((c) => ({ name: c.name, phone: '', stored: c.phone })),
              services: [...o.services],
              siteIds: o.premises.map((p) => p.siteId),
              active: o.status === 'active',
            }
          : { name: '', creditCode: '', regionIndex: 0, townships: v.places.length === 1 ? [v.places[0].code] : [], fullTimeStaff: '', contacts: [{ name: '', phone: '', stored: '' }], services: [], siteIds: [], active: true },
        canAddContact: (o?.contacts.length ?? 1) < ORG_LIMITS.contacts,
      });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: unknown }>) {
      const key = String((e.currentTarget.dataset as { key?: string }).key ?? '');
      if (key) this.setData({ [`form.${key}`]: e.detail.value });
    },
    onRegion(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ 'form.regionIndex': Number(e.detail.value) });
    },
    onAddContact() {
      const contacts = [...this.data.form.contacts, { name: '', phone: '', stored: '' }];
      this.setData({ 'form.contacts': contacts, canAddContact: contacts.length < ORG_LIMITS.contacts });
    },
    onRemoveContact(e: WechatMiniprogram.TouchEvent) {
      const i = Number((e.currentTarget.dataset as { index?: number }).index);
      const contacts = this.data.form.contacts.filter((_c, k) => k !== i);
      this.setData({ 'form.contacts': contacts, canAddContact: true });
    },
    async onSave() {
      const self = this as unknown as { _regions?: { code: string }[]; _others?: string[] };
      const f = this.data.form;
      const region = self._regions?.[f.regionIndex];
      if (!region) return this.setData({ formError: '请选择登记所在地' });
      const staff = String(f.fullTimeStaff).trim();
      if (!/^\d+$/.test(staff)) return this.setData({ formError: '专职人员人数：请填写整数' });
      const contacts = f.contacts.filter((c) => c.name.trim() || c.phone.trim());
      this.setData({ saving: true, formError: '' });
      const res = await saveOrg({
        ...(this.data.id ? { orgId: this.data.id } : {}),
        name: f.name,
        creditCode: f.creditCode,
        regionCode: region.code,
        townships: [...(self._others ?? []), ...f.townships],
        fullTimeStaff: Number(staff),
        contacts: contacts.map((c) => ({ name: c.name, ...(c.phone.trim() ? { phone: c.phone } : {}) })),
        services: f.services as (typeof ORG_SERVICES)[number][],
        siteIds: f.siteIds,
        status: f.active ? 'active' : 'closed',
      });
      this.setData({ saving: false });
      if (!res.ok) return this.setData({ formError: errorText(res.error, LABELS) });
      const saved = res.data as OrgView;
      if (this.data.id) wx.navigateBack({ delta: 1 });
      else wx.redirectTo({ url: `${ORG_PAGES.org}?id=${encodeURIComponent(saved.orgId)}` });
    },
  },
});
