/**
 * 之家检查表与评星分数线 (packageSchools/pages/home-settings/index; the county admin): the items of
 * the county's inspection checklist with the most each scores (add, rename, remove), and the score
 * (out of 100) for two to five stars. County settings, not policy; past inspections keep the
 * checklist they were scored by.
 */
import { homeSettings, type StarThresholds } from '../../services/homes';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

type Row = { key?: string; label: string; max: string };
const STAR_KEYS: { key: keyof StarThresholds; label: string }[] = [
  { key: 'star5', label: '五星' },
  { key: 'star4', label: '四星' },
  { key: 'star3', label: '三星' },
  { key: 'star2', label: '二星' },
];

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    rows: [] as Row[],
    stars: STAR_KEYS.map((s) => ({ ...s, value: '' })),
    maxTotal: 0,
    saving: false,
    message: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await homeSettings();
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      const t = res.data.thresholds;
      this.setData({
        loading: false,
        rows: res.data.checklist.map((c) => ({ key: c.key, label: c.label, max: String(c.max) })),
        stars: STAR_KEYS.map((s) => ({ ...s, value: String(t[s.key]) })),
      });
      this.sum();
    },
    sum() {
      this.setData({ maxTotal: this.data.rows.reduce((a, r) => a + (Number(r.max) || 0), 0) });
    },
    onRow(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const { index, field } = e.currentTarget.dataset as { index: number; field: 'label' | 'max' };
      this.setData({ [`rows[${index}].${field}`]: e.detail.value, message: '' });
      this.sum();
    },
    onRemove(e: WechatMiniprogram.TouchEvent) {
      const index = Number((e.currentTarget.dataset as { index: number }).index);
      this.setData({ rows: this.data.rows.filter((_, i) => i !== index), message: '' });
      this.sum();
    },
    onAdd() {
      this.setData({ rows: [...this.data.rows, { label: '', max: '10' }], message: '' });
      this.sum();
    },
    onStar(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const index = Number((e.currentTarget.dataset as { index: number }).index);
      this.setData({ [`stars[${index}].value`]: e.detail.value, message: '' });
    },
    async onSave() {
      const rows = this.data.rows;
      if (!rows.length) return this.setData({ message: '检查表至少要有一项' });
      const blank = rows.findIndex((r) => r.label.trim().length < 2 || !(Number(r.max) >= 1 && Number(r.max) <= 100 && Number.isInteger(Number(r.max))));
      if (blank >= 0) return this.setData({ message: `第${blank + 1}项：请填写项目名称（至少2个字）和1到100的满分` });
      const t = Object.fromEntries(this.data.stars.map((s) => [s.key, Number(s.value)])) as unknown as StarThresholds;
      if (!(t.star2 >= 1 && t.star2 < t.star3 && t.star3 < t.star4 && t.star4 < t.star5 && t.star5 <= 100)) return this.setData({ message: '分数线应在1到100之间，从二星到五星逐级升高' });
      this.setData({ saving: true, message: '' });
      const res = await homeSettings({ checklist: rows.map((r) => ({ ...(r.key ? { key: r.key } : {}), label: r.label.trim(), max: Number(r.max) })), thresholds: t });
      this.setData({ saving: false });
      if (!res.ok) return this.setData({ message: `没能保存：${errorText(res.error)}` });
      this.setData({ rows: res.data.checklist.map((c) => ({ key: c.key, label: c.label, max: String(c.max) })), message: '已保存。以后的检查按新的检查表和分数线评星，已有的检查结果不变。' });
      this.sum();
    },
  },
});
