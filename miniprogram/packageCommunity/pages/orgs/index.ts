/**
 * 社会组织 (packageCommunity/pages/orgs/index; township staff for their township, the county for
 * all, an organisation's own staff for their organisation): whether each township is served by at
 * least one social organisation (policy §二(五)), and the organisations with their services and
 * townships; 登记社会组织 opens the form, a card opens the organisation (projects, awards).
 */
import { loadOrgs, type OrgsView } from '../../services/orgs';
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
    coverage: [] as { code: string; name: string; line: string; ok: boolean }[],
    cards: [] as { orgId: string; name: string; status: string; active: boolean; line: string; services: string; counts: string }[],
    canRegister: false,
  },
  methods: {
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadOrgs();
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      const v = res.data as OrgsView;
      this.setData({
        loading: false,
        title: v.canRegister ? `${v.region.name}的社会组织` : '本机构',
        summary: v.canRegister ? `${v.covered} / ${v.coverage.length} 个乡镇有社会组织服务（每个乡镇至少1家）` : '',
        coverage: v.canRegister ? v.coverage.map((c) => ({ code: c.township.code, name: c.township.name, line: c.orgs ? `${c.orgs}家服务` : '暂无', ok: c.orgs > 0 })) : [],
        cards: v.orgs.map((o) => ({
          orgId: o.orgId,
          name: o.name,
          status: o.statusLabel,
          active: o.status === 'active',
          line: `服务：${o.townships.map((t) => t.name).join('、')} · 专职人员${o.fullTimeStaff}人`,
          services: o.serviceLabels.join('、'),
          counts: `公益项目${o.projects.length}个 · 获奖${o.awards.length}项`,
        })),
        canRegister: v.canRegister,
      });
    },
    onAdd() {
      wx.navigateTo({ url: ORG_PAGES.orgEdit });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `${ORG_PAGES.org}?id=${encodeURIComponent(id)}` });
    },
  },
});
