/**
 * 修改档案: an officer changes a file with a reason (kept in history and the audit log). Only
 * changed fields are sent; the version read is sent too, so a concurrent edit is refused
 * (请刷新后重试) instead of overwritten. Query: `id`.
 */
import { getChild, updateChild } from '../../services/registry';
import { LABELS, type RiskLevel } from '../../../contracts/registry';
import { editChanges, editProblem } from '../../services/registry-logic';
import { uiMode } from '../../../behaviors/ui-mode';

const PICKERS: { path: string; title: string; options: Record<string, string> }[] = [
  { path: 'schooling', title: '就学情况', options: LABELS.schooling },
  { path: 'health', title: '身体状况', options: LABELS.health },
  { path: 'guardianshipType', title: '监护类型', options: LABELS.guardianshipType },
];
const TEXTS = [
  { path: 'school', title: '学校及年级' },
  { path: 'studentNumber', title: '学籍号' },
  { path: 'father.workPlace', title: '父亲务工地点' },
  { path: 'mother.workPlace', title: '母亲务工地点' },
  { path: 'remarks', title: '备注' },
];
const RISK_KEYS: ('' | RiskLevel)[] = ['', ...(Object.keys(LABELS.risk) as RiskLevel[])];

Component({
  behaviors: [uiMode],
  data: {
    id: '',
    version: undefined as number | undefined,
    original: {} as Record<string, string>,
    pickers: PICKERS.map((p) => ({ path: p.path, title: p.title, keys: Object.keys(p.options), labels: Object.values(p.options), index: -1 })),
    texts: TEXTS.map((t) => ({ ...t, value: '' })),
    riskLabels: ['按规则（不调整）', ...Object.values(LABELS.risk)],
    riskIndex: 0,
    reason: '',
    saving: false,
    errorMessage: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const id = decodeURIComponent(query.id ?? '');
      this.setData({ id });
      const res = await getChild(id);
      if (!res.ok) {
        this.setData({ errorMessage: res.error.message });
        return;
      }
      const c = res.data.child;
      const at = (path: string): string => String(path.split('.').reduce<any>((o, k) => (o ? o[k] : undefined), c) ?? '');
      const original: Record<string, string> = {};
      for (const p of PICKERS) original[p.path] = at(p.path);
      for (const t of TEXTS) original[t.path] = at(t.path);
      this.setData({
        version: c.version,
        original,
        pickers: this.data.pickers.map((p) => ({ ...p, index: p.keys.indexOf(original[p.path]) })),
        texts: this.data.texts.map((t) => ({ ...t, value: original[t.path] })),
        riskIndex: c.risk?.override ? RISK_KEYS.indexOf(c.risk.override.level) : 0,
      });
    },
    onPick(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const path = String(e.currentTarget.dataset.path);
      this.setData({ pickers: this.data.pickers.map((p) => (p.path === path ? { ...p, index: Number(e.detail.value) } : p)) });
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const path = String(e.currentTarget.dataset.path);
      this.setData({ texts: this.data.texts.map((t) => (t.path === path ? { ...t, value: e.detail.value } : t)) });
    },
    onRisk(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ riskIndex: Number(e.detail.value) });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value });
    },
    async onSave() {
      if (this.data.saving) return;
      const form: Record<string, string> = {};
      for (const p of this.data.pickers) form[p.path] = p.index >= 0 ? p.keys[p.index] : '';
      for (const t of this.data.texts) form[t.path] = t.value;
      const changes = editChanges(this.data.original, form);
      const riskLevel = RISK_KEYS[this.data.riskIndex];
      const riskChanged = riskLevel !== '';
      const problem = editProblem(changes, this.data.reason, riskChanged);
      if (problem) {
        this.setData({ errorMessage: problem });
        return;
      }
      this.setData({ saving: true, errorMessage: '' });
      const res = await updateChild({
        childId: this.data.id,
        changes,
        reason: this.data.reason.trim(),
        ...(riskLevel !== '' ? { riskOverride: { level: riskLevel, reason: this.data.reason.trim() } } : {}),
        ...(this.data.version !== undefined ? { expectVersion: this.data.version } : {}),
      });
      if (!res.ok) {
        this.setData({ saving: false, errorMessage: res.error.message });
        return;
      }
      this.setData({ saving: false });
      wx.showToast({ title: '已保存', icon: 'success' });
      wx.navigateBack();
    },
  },
});
