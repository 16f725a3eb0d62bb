/**
 * 检查评星 (packageSchools/pages/home-inspect/index?schoolId=…; the county admin): an inspection of
 * a school's 留守儿童之家 by 教育局、民政局、妇联 — the day, the departments, a score for every item
 * of the county's checklist (the total and the stars by the county's thresholds shown live as
 * scores are typed), photos, findings and 整改. Saved → back to the home page; the school's staff
 * are told in 消息.
 */
import { DEPARTMENT_OPTIONS, addHomePhotos, homeSettings, inspectHome, liveStars, loadHome, starText, type ChecklistItem, type StarThresholds } from '../../services/homes';
import { todayShanghai } from '../../services/schools-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

const MAX_PHOTOS = 9;
const LABELS = { on: '检查日期', departments: '参加部门', findings: '发现的问题', rectification: '整改要求', photos: '照片' };

Component({
  behaviors: [uiMode],
  data: {
    schoolId: '',
    loading: true,
    errorMessage: '',
    title: '',
    today: todayShanghai(),
    departmentOptions: DEPARTMENT_OPTIONS,
    items: [] as (ChecklistItem & { value: string; error: string })[],
    thresholds: null as StarThresholds | null,
    thresholdText: '',
    form: { on: todayShanghai(), departments: [] as string[], findings: '', rectification: '' },
    photos: [] as string[],
    totalText: '',
    starLine: '',
    saving: false,
    saveError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ schoolId: decodeURIComponent((query && query.schoolId) || '') });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const [home, settings] = await Promise.all([loadHome(this.data.schoolId), homeSettings()]);
      if (!home.ok) return this.setData({ loading: false, errorMessage: errorText(home.error) });
      if (!settings.ok) return this.setData({ loading: false, errorMessage: errorText(settings.error) });
      if (!home.data.home) return this.setData({ loading: false, errorMessage: `${home.data.schoolName}还没有建立留守儿童之家（未建），不能检查评星` });
      const t = settings.data.thresholds;
      this.setData({
        loading: false,
        title: `${home.data.schoolName} · ${home.data.home.name}`,
        items: settings.data.checklist.map((c) => ({ ...c, value: '', error: '' })),
        // The three departments inspect together by default (set with the form, so the boxes show ticked).
        form: { ...this.data.form, departments: DEPARTMENT_OPTIONS.map((d) => d.key) },
        thresholds: t,
        thresholdText: `本县评星分数线（满分100）：五星≥${t.star5}，四星≥${t.star4}，三星≥${t.star3}，二星≥${t.star2}，其余一星`,
      });
      this.recount();
    },
    /** The live total and stars of what has been typed. */
    recount() {
      const items = this.data.items;
      const total = items.reduce((a, i) => a + (Number(i.value) || 0), 0);
      const maxTotal = items.reduce((a, i) => a + i.max, 0);
      const left = items.filter((i) => i.value === '').length;
      const { score, stars } = liveStars(total, maxTotal, this.data.thresholds!);
      this.setData({
        totalText: `合计 ${total} / ${maxTotal} 分${maxTotal !== 100 ? `（折合 ${score} 分）` : ''}`,
        starLine: left ? `还有 ${left} 项未打分 · 目前 ${starText(stars)}` : `评为 ${starText(stars)}`,
      });
    },
    onScore(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const i = Number((e.currentTarget.dataset as { index: number }).index);
      const item = this.data.items[i];
      const v = e.detail.value.trim();
      const n = Number(v);
      const error = v === '' ? '' : !Number.isFinite(n) || n < 0 ? '请填0或以上的分数' : n > item.max ? `最高${item.max}分` : '';
      this.setData({ [`items[${i}].value`]: v, [`items[${i}].error`]: error, saveError: '' });
      this.recount();
    },
    onDate(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.on': e.detail.value });
    },
    onDepartments(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ 'form.departments': e.detail.value, saveError: '' });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = (e.currentTarget.dataset as { field: string }).field;
      this.setData({ [`form.${field}`]: e.detail.value });
    },
    async onAddPhoto() {
      const r = await addHomePhotos(MAX_PHOTOS - this.data.photos.length, this.data.schoolId, 'inspection');
      this.setData({ photos: [...this.data.photos, ...r.fileIDs], saveError: r.error ?? '' });
    },
    async onSave() {
      const f = this.data.form;
      const items = this.data.items;
      if (!f.departments.length) return this.setData({ saveError: '请至少选择一个参加检查的部门' });
      const left = items.filter((i) => i.value === '');
      if (left.length) return this.setData({ saveError: `还有项目没有打分：${left.map((i) => i.label).join('、')}` });
      const bad = items.find((i) => i.error);
      if (bad) return this.setData({ saveError: `“${bad.label}”：${bad.error}` });
      this.setData({ saving: true, saveError: '' });
      const res = await inspectHome({
        schoolId: this.data.schoolId,
        on: f.on,
        departments: f.departments as never,
        scores: items.map((i) => ({ item: i.key, score: Number(i.value) })),
        photos: this.data.photos,
        ...(f.findings.trim() ? { findings: f.findings.trim() } : {}),
        ...(f.rectification.trim() ? { rectification: f.rectification.trim() } : {}),
      });
      this.setData({ saving: false });
      if (!res.ok) return this.setData({ saveError: `没能保存：${errorText(res.error, LABELS)}` });
      wx.showToast({ title: '已评星，已告知学校', icon: 'success' });
      wx.navigateBack({ fail: () => wx.redirectTo({ url: `/packageSchools/pages/home/index?schoolId=${encodeURIComponent(this.data.schoolId)}` }) });
    },
  },
});
