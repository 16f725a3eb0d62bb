/**
 * 志愿者培训 (packageCommunity/pages/trainings/index; township staff for their township, the county
 * for all): this year's trainings per township against the policy's two a year, each training
 * with its attendance; 登记培训 adds one, 出示签到码 shows its attendance code (the 签到码 page).
 */
import { loadTrainings, saveTraining, type TrainingsView } from '../../services/community';
import { COMMUNITY_PAGES } from '../../../contracts/community';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    title: '',
    townships: [] as { code: string; name: string; line: string; short: boolean }[],
    trainings: [] as { id: string; title: string; line: string }[],
    placeNames: [] as string[],
    editing: false,
    form: { title: '', day: '', place: '', placeIndex: 0 },
    formError: '',
    saving: false,
    saved: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadTrainings();
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      const v = res.data as TrainingsView;
      (this as unknown as { _view: TrainingsView })._view = v;
      this.setData({
        loading: false,
        title: `${v.region.name} ${v.year}年志愿者培训`,
        townships: v.townships.map((t) => ({ code: t.township.code, name: t.township.name, line: `已办${t.held}次 / 每年至少${v.required}次`, short: t.held < v.required })),
        trainings: v.trainings.map((t) => ({ id: t.trainingId, title: t.title, line: `${t.day} · ${t.township.name} · ${t.place} · ${t.attendees}人签到` })),
        placeNames: v.places.map((p) => p.name),
      });
    },
    onAdd() {
      this.setData({ editing: true, formError: '', saved: '', form: { title: '', day: '', place: '', placeIndex: 0 } });
    },
    onCancel() {
      this.setData({ editing: false });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const key = String((e.currentTarget.dataset as { key?: string }).key ?? '');
      if (key) this.setData({ [`form.${key}`]: e.detail.value });
    },
    onPlace(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ 'form.placeIndex': Number(e.detail.value) });
    },
    async onSave() {
      const v = (this as unknown as { _view?: TrainingsView })._view;
      const place = v?.places[this.data.form.placeIndex];
      if (!place) return this.setData({ formError: '请选择举办乡镇' });
      const { title, day, place: where } = this.data.form;
      this.setData({ saving: true, formError: '' });
      const res = await saveTraining({ title, day, place: where, townshipCode: place.code });
      this.setData({ saving: false });
      if (!res.ok) return this.setData({ formError: errorText(res.error) });
      this.setData({ editing: false, saved: `已登记：${res.data.title}` });
      await this.load();
    },
    onCode(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `${COMMUNITY_PAGES.siteCode}?trainingId=${id}` });
    },
  },
});
