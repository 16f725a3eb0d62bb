/**
 * 队伍建设 (packageSupervision/pages/staffing/index?region=…; policy §三(三)): the officer
 * coverage table — per township the staff it should have (1, or 2 with many children) and has,
 * per village its child-protection officers; villages without one first, each with 邀请专干,
 * which opens the invitation page with the role and the village chosen.
 * Roles: county admin (the county, or one township), township staff (their township).
 */
import { loadStaffing } from '../../services/supervision';
import { staffingCards, staffingLine, type StaffingCard } from '../../services/supervision-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    region: '',
    loading: true,
    errorMessage: '',
    title: '',
    line: '',
    manyChildren: 0,
    cards: [] as StaffingCard[],
    canInvite: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ region: decodeURIComponent(query.region ?? '') });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadStaffing(this.data.region || undefined);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const v = res.data;
      this.setData({ loading: false, title: `${v.region.name}队伍建设`, line: staffingLine(v), manyChildren: v.manyChildren, cards: staffingCards(v), canInvite: v.canInvite });
    },
    /** 邀请专干: the invitation page with the role and the village already chosen. */
    onInvite(e: WechatMiniprogram.TouchEvent) {
      const code = String((e.currentTarget.dataset as { code?: string }).code ?? '');
      if (code) wx.navigateTo({ url: `/packageAccount/pages/invite/index?role=villageOfficer&place=${code}` });
    },
  },
});
