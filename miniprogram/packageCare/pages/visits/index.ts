/**
 * 走访记录 (packageCare/pages/visits/index?childId=…), from the child file: the child's plan —
 * overdue, due today or when next, by risk level — the last visit, and every visit newest first
 * (date, how, who, findings under the national form's headings, photos — tap one to see it large). Visitors (village officer,
 * township staff, pairing members, the county) record a visit from here: the form opens for this
 * child. The function masks the name per role and decides who may read.
 */
import { listVisits } from '../../services/care';
import { lastVisitText, planText, visitRows, type VisitRow } from '../../services/care-views';
import { uiMode } from '../../../behaviors/ui-mode';

/** Who records visits (care contract: recordVisit). */
const VISITORS = ['villageOfficer', 'townshipStaff', 'pairingMember', 'countyAdmin'];

Component({
  behaviors: [uiMode],
  data: {
    childId: '',
    loading: true,
    loadError: '',
    childName: '',
    planText: '',
    lastText: '',
    overdue: false,
    active: true,
    canRecord: false,
    rows: [] as VisitRow[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const roles: string[] = getApp<IAppOption>().globalData.roles ?? [];
      this.setData({ childId: query && query.childId ? decodeURIComponent(query.childId) : '', canRecord: roles.some((r) => VISITORS.indexOf(r) >= 0) });
    },
    onShow() {
      // Back from the visit form: the new visit is listed.
      void this.load();
    },
    async load() {
      if (!this.data.childId) {
        this.setData({ loading: false, loadError: '缺少儿童档案，请从儿童档案打开' });
        return;
      }
      this.setData({ loadError: '' });
      const res = await listVisits(this.data.childId, 50);
      if (!res.ok) {
        this.setData({ loading: false, loadError: res.error.message });
        return;
      }
      const { childName, plan, visits } = res.data;
      this.setData({
        loading: false,
        childName,
        planText: planText(plan),
        lastText: lastVisitText(plan, visits[0]),
        overdue: plan?.status === 'overdue',
        active: !!plan,
        rows: visitRows(visits),
      });
    },
    onPreviewPhoto(e: WechatMiniprogram.BaseEvent<Record<string, never>, { urls: string[]; url: string }>) {
      wx.previewImage({ urls: e.currentTarget.dataset.urls, current: e.currentTarget.dataset.url });
    },
    onRecord() {
      wx.navigateTo({ url: `/packageCare/pages/visit/index?childId=${encodeURIComponent(this.data.childId)}` });
    },
  },
});
