/**
 * 团组织结对 (packageCommunity/pages/league/index; township staff for their township, the county
 * for all): the 乡镇团委、学校团委、村（社区）团支部 of the area, each with the children paired
 * with it (policy: every 团组织 linked to at least one left-behind child; those with none first);
 * 登记团组织 opens the form, a card opens its pairings (结对儿童).
 */
import { loadLeagueOrgs, type LeagueOrgsView } from '../../services/orgs';
import { ORG_PAGES } from '../../../contracts/community';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';
import { reloadOnShow } from '../../../behaviors/reload-on-show';

Component({
  behaviors: [uiMode, reloadOnShow],
  data: {
    loading: true,
    errorMessage: '',
    title: '',
    summary: '',
    cards: [] as { id: string; name: string; line: string; contact: string; paired: string; ok: boolean }[],
  },
  methods: {
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadLeagueOrgs();
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      const v = res.data as LeagueOrgsView;
      this.setData({
        loading: false,
        title: `${v.region.name}的团组织`,
        summary: v.orgs.length ? `共${v.orgs.length}个团组织，${v.unpaired}个还没有结对留守儿童（每个团组织至少结对1名）` : '',
        cards: v.orgs.map((o) => ({
          id: o.leagueOrgId,
          name: o.name,
          line: `${o.levelLabel} · ${o.school ? o.school.name : o.region.name}`,
          contact: `联系人：${o.contactName} ${o.contactPhone}`,
          paired: o.paired ? `结对${o.paired}名儿童` : '尚未结对',
          ok: o.paired > 0,
        })),
      });
    },
    onAdd() {
      wx.navigateTo({ url: ORG_PAGES.leagueEdit });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `${ORG_PAGES.leaguePair}?id=${encodeURIComponent(id)}` });
    },
  },
});
