/**
 * 儿童档案: one child's file as the function presents it (masked per the caller's role; the read
 * is audited), and its history (who, when, old → new, why). Officers get 修改档案; everyone gets the
 * one-tap 强制报告 button.
 * Query: `id` (child id).
 */
import { childHistory, getChild } from '../../services/registry';
import { FLAG_LABELS, GUARDIANSHIP_LABELS, HEALTH_LABELS, LEFT_LABELS, RISK_LABELS, SCHOOLING_LABELS, historyLines } from '../../services/registry-logic';

const OFFICERS = ['villageOfficer', 'townshipStaff', 'countyAdmin'];

Component({
  data: {
    id: '',
    loading: true,
    errorMessage: '',
    facts: [] as { label: string; value: string }[],
    family: [] as { label: string; value: string }[],
    history: [] as { id: string; title: string; lines: string }[],
    canEdit: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: decodeURIComponent(query.id ?? '') });
    },
    onShow() {
      if (this.data.id) void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await getChild(this.data.id);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: res.error.message });
        return;
      }
      const c = res.data.child;
      const v = (x: unknown) => (x === undefined || x === null || x === '' ? '未填' : String(x));
      const facts = [
        { label: '姓名', value: v(c.name) },
        { label: '性别', value: c.gender === 'male' ? '男' : c.gender === 'female' ? '女' : '未填' },
        { label: '年龄', value: c.age !== undefined ? `${c.age}岁` : '未填' },
        { label: '身份证号', value: v(c.idNumber) },
        { label: '村民小组', value: v(c.group) },
        { label: '就学情况', value: v(SCHOOLING_LABELS[c.schooling] ?? c.schooling) },
        { label: '身体状况', value: v(HEALTH_LABELS[c.health] ?? c.health) },
        { label: '风险等级', value: c.risk ? `${RISK_LABELS[c.risk.level]}（${c.risk.reason}）` : '未评定' },
        { label: '重点标记', value: (c.effectiveFlags ?? []).map((f: string) => FLAG_LABELS[f]).join('、') || '无' },
        { label: '在册状态', value: c.effectiveStatus === 'active' ? '在册' : `已退出（${LEFT_LABELS[c.leftReason ?? c.effectiveLeftReason] ?? ''}）` },
        { label: '档案完整性', value: c.incomplete ? '待补全' : '完整' },
      ];
      const family = [
        { label: '父亲', value: [c.father?.name, c.father?.workPlace, c.father?.phone].filter(Boolean).join(' · ') || '未填' },
        { label: '母亲', value: [c.mother?.name, c.mother?.workPlace, c.mother?.phone].filter(Boolean).join(' · ') || '未填' },
        { label: '受委托监护人', value: [c.entrusted?.name, c.entrusted?.relationToChild, c.entrusted?.phone].filter(Boolean).join(' · ') || '未填' },
        { label: '监护类型', value: v(GUARDIANSHIP_LABELS[c.guardianshipType] ?? c.guardianshipType) },
      ];
      const roles: string[] = getApp<IAppOption>().globalData.roles ?? [];
      this.setData({ loading: false, facts, family, canEdit: roles.some((r) => OFFICERS.indexOf(r) >= 0) });
      const h = await childHistory(this.data.id);
      if (h.ok) {
        this.setData({
          history: h.data.entries.map((e) => ({ id: e.id, title: `${String(e.at).slice(0, 10)} ${e.reason}`, lines: historyLines(e.changes).join('\n') })),
        });
      }
    },
    onEdit() {
      wx.navigateTo({ url: `/packageRegistry/pages/edit/index?id=${encodeURIComponent(this.data.id)}` });
    },
    /** Policy §二(一) 强制报告: one tap from the child's file (anyone bound may report; the function decides). */
    onReport() {
      wx.navigateTo({ url: `/packageCare/pages/report/index?childId=${encodeURIComponent(this.data.id)}` });
    },
  },
});
