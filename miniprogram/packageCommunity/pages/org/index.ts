/**
 * 社会组织详情 (packageCommunity/pages/org/index?id=…; township staff, the county, the organisation's
 * own staff): townships served, full-time staff and contacts (phones masked), services, premises
 * and bound staff accounts, public-interest projects (温暖包、爱的背包…) and awards. 添加项目 /
 * 添加奖项 for whoever may record them (the organisation's staff too); 修改登记信息 for whoever
 * keeps the registry entry.
 */
import { loadOrg, saveOrgAward, saveOrgProject, type OrgView } from '../../services/orgs';
import { ORG_PAGES } from '../../../contracts/community';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

const NO_PROJECT = { projectId: '', name: '', from: '', to: '', childrenReached: '', townshipIndex: 0 };
const NO_AWARD = { awardId: '', name: '', year: '', issuer: '' };

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    id: '',
    org: null as null | { name: string; status: string; active: boolean; creditCode: string; region: string; townships: string; staff: string; contacts: string[]; services: string; premises: string[]; accounts: string },
    projects: [] as { projectId: string; name: string; line: string }[],
    awards: [] as { awardId: string; name: string; line: string }[],
    townshipNames: [] as string[],
    canEdit: false,
    canRecord: false,
    editing: '' as '' | 'project' | 'award',
    project: { ...NO_PROJECT },
    award: { ...NO_AWARD },
    formError: '',
    saving: false,
    saved: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      void this.load();
    },
    onShow() {
      if (!this.data.loading && this.data.id) void this.load();
    },
    async load() {
      if (!this.data.id) return this.setData({ loading: false, errorMessage: '没有指定社会组织，请从“社会组织”列表打开' });
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadOrg(this.data.id);
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      this.show(res.data as OrgView);
      this.setData({ loading: false });
    },
    show(o: OrgView) {
      (this as unknown as { _org: OrgView })._org = o;
      this.setData({
        org: {
          name: o.name,
          status: o.statusLabel,
          active: o.status === 'active',
          creditCode: o.creditCode,
          region: o.region.name,
          townships: o.townships.map((t) => t.name).join('、'),
          staff: `${o.fullTimeStaff}人`,
          contacts: o.contacts.map((c) => `${c.name} ${c.phone}`),
          services: o.serviceLabels.join('、'),
          premises: o.premises.map((p) => `${p.name}（${p.address}）`),
          accounts: o.staffAccounts.join('、'),
        },
        projects: o.projects.map((p) => ({ projectId: p.projectId, name: p.name, line: `${p.from}${p.to ? ` 至 ${p.to}` : ' 起'} · ${p.township.name} · 惠及儿童${p.childrenReached}人` })),
        awards: o.awards.map((a) => ({ awardId: a.awardId, name: a.name, line: `${a.year}年 · ${a.issuer}` })),
        townshipNames: o.townships.map((t) => t.name),
        canEdit: o.canEdit,
        canRecord: o.canRecord,
      });
    },
    view(): OrgView | undefined {
      return (this as unknown as { _org?: OrgView })._org;
    },
    onEditOrg() {
      wx.navigateTo({ url: `${ORG_PAGES.orgEdit}?id=${encodeURIComponent(this.data.id)}` });
    },
    onAddProject() {
      this.setData({ editing: 'project', project: { ...NO_PROJECT }, formError: '', saved: '' });
    },
    onEditProject(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      const o = this.view();
      const p = o?.projects.find((x) => x.projectId === id);
      if (!o || !p) return;
      this.setData({ editing: 'project', formError: '', saved: '', project: { projectId: p.projectId, name: p.name, from: p.from, to: p.to ?? '', childrenReached: String(p.childrenReached), townshipIndex: Math.max(0, o.townships.findIndex((t) => t.code === p.township.code)) } });
    },
    onAddAward() {
      this.setData({ editing: 'award', award: { ...NO_AWARD }, formError: '', saved: '' });
    },
    onEditAward(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      const a = this.view()?.awards.find((x) => x.awardId === id);
      if (a) this.setData({ editing: 'award', formError: '', saved: '', award: { awardId: a.awardId, name: a.name, year: String(a.year), issuer: a.issuer } });
    },
    onCancel() {
      this.setData({ editing: '', formError: '' });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: unknown }>) {
      const key = String((e.currentTarget.dataset as { key?: string }).key ?? '');
      if (key) this.setData({ [key]: e.detail.value });
    },
    onTownship(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ 'project.townshipIndex': Number(e.detail.value) });
    },
    async onSaveProject() {
      const o = this.view();
      const p = this.data.project;
      const township = o?.townships[p.townshipIndex];
      if (!o || !township) return this.setData({ formError: '请选择实施乡镇' });
      const reached = String(p.childrenReached).trim();
      if (!/^\d+$/.test(reached)) return this.setData({ formError: '惠及儿童人数：请填写整数' });
      this.setData({ saving: true, formError: '' });
      const res = await saveOrgProject({
        orgId: o.orgId,
        ...(p.projectId ? { projectId: p.projectId } : {}),
        name: p.name,
        from: p.from,
        ...(String(p.to).trim() ? { to: String(p.to).trim() } : {}),
        childrenReached: Number(reached),
        townshipCode: township.code,
      });
      this.setData({ saving: false });
      if (!res.ok) return this.setData({ formError: errorText(res.error, { to: '结束日期', childrenReached: '惠及儿童人数' }) });
      this.show(res.data as OrgView);
      this.setData({ editing: '', saved: `已保存项目：${p.name}` });
    },
    async onSaveAward() {
      const o = this.view();
      const a = this.data.award;
      if (!o) return;
      const year = String(a.year).trim();
      if (!/^\d{4}$/.test(year)) return this.setData({ formError: '获奖年份：请填写4位年份，如 2025' });
      this.setData({ saving: true, formError: '' });
      const res = await saveOrgAward({ orgId: o.orgId, ...(a.awardId ? { awardId: a.awardId } : {}), name: a.name, year: Number(year), issuer: a.issuer });
      this.setData({ saving: false });
      if (!res.ok) return this.setData({ formError: errorText(res.error, { year: '获奖年份' }) });
      this.show(res.data as OrgView);
      this.setData({ editing: '', saved: `已保存奖项：${a.name}` });
    },
  },
});
