/**
 * 记录之家活动 (packageSchools/pages/home-activity/index?schoolId=…; the school's life teachers,
 * teachers and staff): the day, the kind (亲情通话/视频、课业辅导、兴趣活动、心理辅导、节日活动、其他),
 * how many children took part, optionally which registered children of the school, a note and
 * photos (one-time upload slots). Saved → back to the home page, where it heads the records.
 */
import { ACTIVITY_OPTIONS, addHomePhotos, loadSchoolChildren, recordActivity } from '../../services/homes';
import { todayShanghai } from '../../services/schools-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

const MAX_PHOTOS = 9;
const LABELS = { on: '活动日期', kind: '活动类型', participants: '参加人数', childIds: '参加的儿童', note: '活动情况', photos: '照片' };

Component({
  behaviors: [uiMode],
  data: {
    schoolId: '',
    loading: true,
    errorMessage: '',
    today: todayShanghai(),
    kinds: ACTIVITY_OPTIONS,
    children: [] as { id: string; label: string }[],
    form: { on: todayShanghai(), kind: '', participants: '', childIds: [] as string[], note: '' },
    photos: [] as string[],
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
      const res = await loadSchoolChildren(this.data.schoolId);
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      this.setData({ loading: false, children: res.data.children.map((c) => ({ id: c.childId, label: `${c.name}${c.boarding ? '（寄宿）' : ''}` })) });
    },
    onDate(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.on': e.detail.value, saveError: '' });
    },
    onKind(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.kind': e.detail.value, saveError: '' });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = (e.currentTarget.dataset as { field: string }).field;
      this.setData({ [`form.${field}`]: e.detail.value, saveError: '' });
    },
    onChildren(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const ids = e.detail.value;
      const n = Number(this.data.form.participants) || 0;
      this.setData({ form: { ...this.data.form, childIds: ids, ...(n < ids.length ? { participants: String(ids.length) } : {}) } });
    },
    async onAddPhoto() {
      const r = await addHomePhotos(MAX_PHOTOS - this.data.photos.length, this.data.schoolId, 'activity');
      this.setData({ photos: [...this.data.photos, ...r.fileIDs], saveError: r.error ?? '' });
    },
    async onSave() {
      const f = this.data.form;
      const participants = Number(f.participants);
      if (!f.kind) return this.setData({ saveError: '请选择活动类型' });
      if (!Number.isInteger(participants) || participants < 1) return this.setData({ saveError: '参加人数请填写1以上的整数' });
      this.setData({ saving: true, saveError: '' });
      const res = await recordActivity({
        schoolId: this.data.schoolId,
        on: f.on,
        kind: f.kind as never,
        participants,
        childIds: f.childIds,
        photos: this.data.photos,
        ...(f.note.trim() ? { note: f.note.trim() } : {}),
      });
      this.setData({ saving: false });
      if (!res.ok) return this.setData({ saveError: `没能记下：${errorText(res.error, LABELS)}` });
      wx.showToast({ title: '已记下', icon: 'success' });
      wx.navigateBack({ fail: () => wx.redirectTo({ url: `/packageSchools/pages/home/index?schoolId=${encodeURIComponent(this.data.schoolId)}` }) });
    },
  },
});
