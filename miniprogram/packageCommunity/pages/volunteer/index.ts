/**
 * 志愿服务 (packageCommunity/pages/volunteer/index; the volunteer, and anyone who signed up): 扫码签到
 * at a site (wx.scanCode of the organiser's rotating code), 扫码签退 to close the hours, the same
 * button records attendance when the code is a training's or a care activity's, 服务证明 opens the
 * certificate of hours, and the volunteer's own record — hours in total and per site, the latest stretches. Before approval it
 * says where the sign-up stands and leads to 志愿者报名.
 */
import { attendActivity, attendTraining, checkIn, checkOut, loadMyVolunteer, type MyVolunteerView } from '../../services/community';
import { durationText, isActivityCode, isTrainingCode, volunteerSummary, type VolunteerSummary } from '../../services/community-logic';
import { ACTIVITY_PAGES, COMMUNITY_PAGES } from '../../../contracts/community';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    active: false,
    applied: '',
    summary: null as VolunteerSummary | null,
    scanning: false,
    notice: '',
    scanError: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadMyVolunteer();
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      this.show(res.data as MyVolunteerView);
    },
    show(v: MyVolunteerView) {
      this.setData({ loading: false, active: v.active, applied: v.application?.statusLabel ?? '', summary: volunteerSummary(v) });
    },
    onCertificate() {
      wx.navigateTo({ url: ACTIVITY_PAGES.certificate });
    },
    onSignUp() {
      wx.navigateTo({ url: COMMUNITY_PAGES.signUp });
    },
    /** 扫码签到 / 扫码签退: the camera reads the organiser's code; the server checks it is current. */
    onScan() {
      if (this.data.scanning) return;
      const out = !!this.data.summary?.open;
      this.setData({ scanning: true, notice: '', scanError: '' });
      wx.scanCode({
        onlyFromCamera: true,
        scanType: ['qrCode'],
        success: async (r: { result: string }) => {
          // A training's code records attendance, whatever the check-in state.
          if (isTrainingCode(r.result)) {
            const t = await attendTraining(r.result);
            if (!t.ok) return this.setData({ scanning: false, scanError: errorText(t.error) });
            return this.setData({ scanning: false, notice: t.data.alreadyRecorded ? `已记录过您参加“${t.data.title}”` : `已签到培训：${t.data.title}` });
          }
          // A care activity's code records attendance too.
          if (isActivityCode(r.result)) {
            const a = await attendActivity(r.result);
            if (!a.ok) return this.setData({ scanning: false, scanError: errorText(a.error) });
            return this.setData({ scanning: false, notice: a.data.alreadyRecorded ? `已记录过您参加“${a.data.title}”` : `已签到活动：${a.data.title}` });
          }
          const res = out ? await checkOut(r.result) : await checkIn(r.result);
          if (!res.ok) {
            this.setData({ scanning: false, scanError: errorText(res.error) });
            return;
          }
          const shift = res.data;
          this.setData({ scanning: false, notice: out ? `已签退：${shift.siteName}，本次服务${durationText(shift.minutes ?? 0)}` : `已签到：${shift.siteName}。结束时请再扫码签退` });
          await this.load();
        },
        fail: (err: { errMsg?: string }) => {
          const cancelled = /cancel/.test(String(err?.errMsg));
          this.setData({ scanning: false, scanError: cancelled ? '' : '没能打开扫码，请检查是否允许微信使用相机后重试' });
        },
      });
    },
  },
});
