/**
 * 排查覆盖 (census coverage, policy §二(一) “村不漏组、组不漏户、户不漏人”): for a township or
 * the county, each village's households and villager groups visited in the census campaign, gaps
 * first; for one village (a village officer's own, or a village tapped in the list), its groups
 * and the households not yet visited — named by their children — each marked visited with one tap
 * (`registry.markCoverage`), and a group with no left-behind child added by name. Police see the
 * coverage but do not mark it (the function decides; the page hides what they cannot do).
 * Query: `region` (optional: a 6/9/12-digit code; default the caller's own region).
 */
import { loadCoverage, markCoverage } from '../../services/registry';
import { campaignText, coverageRow, groupName, groupRows, householdRows, totalsText, type GroupRow, type HouseholdRow, type VillageRow } from '../../services/coverage-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

/** Roles that mark coverage (registry OFFICER_ROLES) and import rosters. */
const MARKERS = ['villageOfficer', 'townshipStaff', 'countyAdmin'];
const FIELD_LABELS = { group: '村民小组', householdId: '户', villageCode: '村（社区）' };

Component({
  behaviors: [uiMode],
  data: {
    region: '',
    loading: true,
    errorMessage: '',
    /** No campaign yet: nothing was imported or marked. */
    noCampaign: false,
    campaign: '',
    totals: '',
    /** Township or county: one row per village. */
    villages: [] as VillageRow[],
    gapsOnly: false,
    shownVillages: [] as VillageRow[],
    /** One village: its name, groups and unvisited households. */
    village: null as null | { code: string; name: string; summary: VillageRow },
    groups: [] as GroupRow[],
    households: [] as HouseholdRow[],
    canMark: false,
    newGroup: '',
    busy: '',
    notice: '',
    markError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const roles: string[] = getApp<IAppOption>()?.globalData?.roles ?? [];
      this.setData({ region: decodeURIComponent(query.region ?? ''), canMark: roles.some((r) => MARKERS.indexOf(r) >= 0) });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadCoverage(this.data.region || undefined);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const d = res.data;
      const single = d.villages.length === 1 && d.regionCode.length === 12 ? d.villages[0] : undefined;
      const villages = d.villages.map(coverageRow).sort((a, b) => Number(a.complete) - Number(b.complete));
      this.setData({
        loading: false,
        noCampaign: !d.campaign,
        campaign: campaignText(d.campaign),
        totals: totalsText(d.totals),
        villages,
        shownVillages: this.data.gapsOnly ? villages.filter((v) => !v.complete) : villages,
        village: single ? { code: single.villageCode, name: single.villageName, summary: coverageRow(single) } : null,
        groups: single ? groupRows(single.groups) : [],
        households: single ? householdRows(single.unvisitedHouseholds) : [],
      });
      (this as unknown as { _campaignId?: string })._campaignId = d.campaign?.id;
      if (single) wx.setNavigationBarTitle({ title: `${single.villageName} · 排查覆盖` });
    },
    onGapsOnly(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      const gapsOnly = !!e.detail.value;
      this.setData({ gapsOnly, shownVillages: gapsOnly ? this.data.villages.filter((v) => !v.complete) : this.data.villages });
    },
    onOpenVillage(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `/packageRegistry/pages/census-coverage/index?region=${encodeURIComponent(id)}` });
    },
    onImport() {
      wx.navigateTo({ url: '/packageRegistry/pages/import/index' });
    },
    async mark(key: string, input: { group?: string; householdId?: string; visited: boolean }, done: string) {
      const village = this.data.village;
      if (!village || this.data.busy) return;
      this.setData({ busy: key, notice: '', markError: '' });
      const campaignId = (this as unknown as { _campaignId?: string })._campaignId;
      const res = await markCoverage({ villageCode: village.code, ...(campaignId ? { campaignId } : {}), ...input });
      if (!res.ok) {
        this.setData({ busy: '', markError: errorText(res.error, FIELD_LABELS) });
        return;
      }
      this.setData({ busy: '', notice: done, newGroup: input.group && key === 'new-group' ? '' : this.data.newGroup });
      await this.load();
    },
    onMarkGroup(e: WechatMiniprogram.TouchEvent) {
      const { name, visited } = e.currentTarget.dataset as { name: string; visited: boolean };
      void this.mark(`group:${name}`, { group: name, visited: !visited }, visited ? `已将${name}改为未走访` : `已标记${name}已走访`);
    },
    onMarkHousehold(e: WechatMiniprogram.TouchEvent) {
      const { id, title } = e.currentTarget.dataset as { id: string; title: string };
      void this.mark(`household:${id}`, { householdId: id, visited: true }, `已标记${title}已走访`);
    },
    onNewGroup(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ newGroup: e.detail.value, markError: '' });
    },
    onAddGroup() {
      const checked = groupName(this.data.newGroup);
      if (!checked.ok) {
        this.setData({ markError: checked.message, notice: '' });
        return;
      }
      void this.mark('new-group', { group: checked.name, visited: true }, `已标记${checked.name}已走访`);
    },
  },
});
