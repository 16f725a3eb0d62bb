/**
 * 热线转介单: referrals from the youth helpline (docs/helpline.md "Referrals").
 * - Departments (township staff, police, school staff, the county; village officers read): the
 *   referrals sent to their area or school, 待答复 overdue first, each with the deadline in words
 *   and 答复 — the reply reaches the helpline before the deadline (`helpline.answerReferral`).
 * - Helpline agents and supervisors: the referrals the team sent; 记录部门答复 records a reply
 *   received off-line.
 * The department sees only what the agent wrote for it, never who asked.
 */
import { helplineApi } from '../../../services/helpline';
import { referralRows, type ReferralRow } from '../../../services/helpline-logic';
import { uiMode } from '../../../behaviors/ui-mode';
import { referralAnswer } from '../../../behaviors/referral-answer';

type Tab = 'sent' | 'answered';

const HELPLINE_ROLES = ['helplineAgent', 'helplineSupervisor'];

Component({
  behaviors: [uiMode, referralAnswer],
  data: {
    tab: 'sent' as Tab,
    tabs: [
      { key: 'sent', label: '待答复' },
      { key: 'answered', label: '已答复' },
    ],
    helpline: false,
    lead: '',
    loading: true,
    loadError: '',
    rows: [] as ReferralRow[],
  },
  methods: {
    onLoad() {
      const roles: string[] = getApp<IAppOption>().globalData.roles ?? [];
      const staff = roles.some((r) => HELPLINE_ROLES.indexOf(r) < 0);
      const helpline = !staff && roles.some((r) => HELPLINE_ROLES.indexOf(r) >= 0);
      this.setData({
        helpline,
        lead: helpline ? '本团队转给各部门的转介单及其答复期限。部门线下答复的，可以在这里代为记录。' : '青少年热线转给您（辖区或学校）处理的情况。请在期限前答复，热线会据此回复求助人。',
      });
    },
    onShow() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      const res = await helplineApi.listReferrals(this.data.tab);
      if (!res.ok) {
        this.setData({ loading: false, loadError: res.error.message });
        return;
      }
      this.setData({ loading: false, rows: referralRows(res.data.referrals, new Date()) });
    },
    onTab(e: WechatMiniprogram.BaseEvent<Record<string, never>, { tab: Tab }>) {
      const tab = e.currentTarget.dataset.tab;
      if (tab === this.data.tab) return;
      this.setData({ tab, answering: '', notice: '' });
      void this.load();
    },
    sendAnswer(id: string, text: string) {
      return helplineApi.answerReferral(id, text);
    },
    answeredNotice(inTime: boolean | undefined): string {
      return inTime === false ? '已答复（已超过期限，热线会尽快告知求助人）' : '已答复，热线会据此回复求助人';
    },
  },
});
