/**
 * 志愿者报名 (packageCommunity/pages/signup/index; public): anyone may sign up to volunteer for a
 * township or village — name, mobile, where, what they can do — and see where the sign-up stands
 * (待审核 / 已通过 / 未通过 with the reason). Once approved, 去签到 opens 志愿服务.
 */
import { loadDirectory, loadMyVolunteer, signUp, type DirectoryView, type MyVolunteerView } from '../../services/community';
import { chosenRegion, placeOptions } from '../../services/community-logic';
import { COMMUNITY_PAGES } from '../../../contracts/community';
import { errorText } from '../../../utils/error-text';
import { formatTime } from '../../../utils/time';
import { uiMode } from '../../../behaviors/ui-mode';

type Application = NonNullable<MyVolunteerView['application']>;

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    status: '' as '' | Application['status'],
    statusLabel: '',
    statusLine: '',
    decisionNote: '',
    townshipNames: [] as string[],
    villageNames: [] as string[],
    townshipIndex: -1,
    villageIndex: 0,
    form: { name: '', phone: '', note: '' },
    formError: '',
    submitting: false,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const [dir, mine] = await Promise.all([loadDirectory(), loadMyVolunteer()]);
      if (!dir.ok || !mine.ok) {
        this.setData({ loading: false, errorMessage: errorText(!dir.ok ? dir.error : (mine as { ok: false; error: { code: string; message: string } }).error) });
        return;
      }
      (this as unknown as { _view: DirectoryView })._view = dir.data as DirectoryView;
      this.setData({ loading: false, townshipNames: placeOptions(dir.data as DirectoryView, -1).townships });
      this.showRecord(mine.data as MyVolunteerView);
    },
    showRecord(v: MyVolunteerView) {
      const a = v.application;
      if (!a) return this.setData({ status: '' });
      const line =
        a.status === 'pending'
          ? `${formatTime(a.appliedAt)} 报名${a.region.name}，乡镇工作人员审核后即可扫码签到`
          : a.status === 'approved'
            ? `已成为${a.region.name}的志愿者，到服务站点扫码签到即可记录服务时长`
            : '报名未通过，可以修改后重新报名';
      this.setData({ status: a.status, statusLabel: a.statusLabel, statusLine: line, decisionNote: a.decisionNote ?? '' });
    },
    onTownship(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      const view = (this as unknown as { _view?: DirectoryView })._view;
      const i = Number(e.detail.value);
      this.setData({ townshipIndex: i, villageIndex: 0, villageNames: view ? placeOptions(view, i).villages : [] });
    },
    onVillage(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ villageIndex: Number(e.detail.value) });
    },
    onName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.name': e.detail.value });
    },
    onPhone(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.phone': e.detail.value });
    },
    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.note': e.detail.value });
    },
    async onSubmit() {
      const view = (this as unknown as { _view?: DirectoryView })._view;
      const regionCode = view ? chosenRegion(view, this.data.townshipIndex, this.data.villageIndex) : undefined;
      if (!regionCode) return this.setData({ formError: '请选择服务的乡镇' });
      this.setData({ submitting: true, formError: '' });
      const { name, phone, note } = this.data.form;
      const res = await signUp({ name, phone, regionCode, note });
      this.setData({ submitting: false });
      if (!res.ok) return this.setData({ formError: errorText(res.error, { name: '姓名', phone: '手机号码', note: '特长与可服务时间' }) });
      this.showRecord(res.data as MyVolunteerView);
    },
    onVolunteer() {
      wx.navigateTo({ url: COMMUNITY_PAGES.volunteer });
    },
  },
});
