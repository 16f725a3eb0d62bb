/**
 * 结对儿童 (packageCommunity/pages/league-pair/index?id=…; township staff and the county; the
 * board's 团组织 drill-down opens it): a Youth League organisation's paired children (names as the
 * caller's role sees them), 结对 with a child of its area — since a day, kept by one of the
 * township's volunteers or a name typed — and 结束结对.
 */
import { endLeaguePairing, loadLeagueOrg, pairLeagueChild, type LeagueOrgDetailView } from '../../services/orgs';
import { ORG_PAGES } from '../../../contracts/community';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

/** Today as the page's default day (the phone's calendar day). */
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
    head: { name: '', line: '', contact: '', paired: '', ok: false },
    pairings: [] as { id: string; name: string; line: string }[],
    childNames: [] as string[],
    memberNames: [] as string[],
    form: { childIndex: 0, since: '', memberIndex: 0, memberName: '' },
    pairing: false,
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
      if (!this.data.id) return this.setData({ loading: false, errorMessage: '没有指定团组织，请从“团组织结对”列表打开' });
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadLeagueOrg(this.data.id);
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      this.show(res.data as LeagueOrgDetailView);
      this.setData({ loading: false });
    },
    show(v: LeagueOrgDetailView) {
      (this as unknown as { _view: LeagueOrgDetailView })._view = v;
      const o = v.org;
      this.setData({
        head: {
          name: o.name,
          line: `${o.levelLabel} · ${o.school ? o.school.name : o.region.name}`,
          contact: `联系人：${o.contactName} ${o.contactPhone}`,
          paired: v.pairings.length ? `结对${v.pairings.length}名儿童` : '尚未结对',
          ok: v.pairings.length > 0,
        },
        pairings: v.pairings.map((p) => ({ id: p.pairingId, name: p.childName, line: `${p.village} · ${p.since}起 · 结对人：${p.memberName}` })),
        childNames: v.candidates.map((c) => `${c.childName}（${c.village}）`),
        memberNames: [...v.volunteers.map((x) => x.name), '其他（填写姓名）'],
      });
    },
    onStart() {
      this.setData({ pairing: true, formError: '', saved: '', form: { childIndex: 0, since: today(), memberIndex: 0, memberName: '' } });
    },
    onCancel() {
      this.setData({ pairing: false, formError: '' });
    },
    onPick(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      const key = String((e.currentTarget.dataset as { key?: string }).key ?? '');
      if (key) this.setData({ [`form.${key}`]: Number(e.detail.value) });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const key = String((e.currentTarget.dataset as { key?: string }).key ?? '');
      if (key) this.setData({ [`form.${key}`]: e.detail.value });
    },
    async onPair() {
      const v = (this as unknown as { _view?: LeagueOrgDetailView })._view;
      const f = this.data.form;
      const child = v?.candidates[f.childIndex];
      if (!v || !child) return this.setData({ formError: '请选择要结对的儿童' });
      const volunteer = v.volunteers[f.memberIndex];
      const memberName = volunteer ? volunteer.name : String(f.memberName).trim();
      if (!memberName) return this.setData({ formError: '结对人姓名：请填写团组织中负责结对的人' });
      this.setData({ saving: true, formError: '' });
      const res = await pairLeagueChild({ leagueOrgId: v.org.leagueOrgId, childId: child.childId, since: f.since, memberName, ...(volunteer ? { memberPersonId: volunteer.personId } : {}) });
      this.setData({ saving: false });
      if (!res.ok) return this.setData({ formError: errorText(res.error) });
      this.show(res.data as LeagueOrgDetailView);
      this.setData({ pairing: false, saved: `已结对：${child.childName}` });
    },
    async onEnd(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      const name = this.data.pairings.find((p) => p.id === id)?.name ?? '';
      const ok = await new Promise<boolean>((resolve) => wx.showModal({ title: '结束结对', content: `确定结束与${name}的结对吗？`, confirmText: '结束', success: (r) => resolve(!!r.confirm), fail: () => resolve(false) }));
      if (!ok) return;
      const res = await endLeaguePairing(id);
      if (!res.ok) return this.setData({ formError: errorText(res.error) });
      this.show(res.data as LeagueOrgDetailView);
      this.setData({ saved: `已结束与${name}的结对` });
    },
    onEditOrg() {
      wx.navigateTo({ url: `${ORG_PAGES.leagueEdit}?id=${encodeURIComponent(this.data.id)}` });
    },
  },
});
