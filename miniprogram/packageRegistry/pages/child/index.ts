/**
 * 儿童档案: one child's file as the function presents it (masked per the caller's role; the read
 * is audited), and its history (who, when, old → new, why). Officers get 修改档案; everyone gets the
 * one-tap 强制报告 button, and 邀请家人使用小程序 (the invite page for this child). Officers who prepare confirmations (village officer, township staff,
 * county admin) also get the 监护责任确认书 section: its status with a link to the confirmation,
 * 准备确认书 (parties from the file, per the guardianship function) and revocation with a reason.
 * Query: `id` (child id).
 */
import { childHistory, getChild } from '../../services/registry';
import { LABELS } from '../../../contracts/registry';
import { historyLines } from '../../services/registry-logic';
import { listConfirmations, prepareConfirmation, requestId, revokeConfirmation } from '../../../services/guardianship';
import { REVOKE_REASONS, REVOKE_REASON_LABELS } from '../../../contracts/guardianship';
import {
  CONFIRMATION_OFFICERS,
  confirmationSummary,
  hasAnyRole,
  partiesPreview,
  validateRevoke,
  type ConfirmationSummary,
} from '../../../services/guardianship-staff';
import { uiMode } from '../../../behaviors/ui-mode';

const CONFIRMATION_PAGE = '/packageGuardianship/pages/confirmation/index';

const OFFICERS = ['villageOfficer', 'townshipStaff', 'countyAdmin'];

const leftLabel = (reason: keyof typeof LABELS.leftReason | undefined): string => (reason ? LABELS.leftReason[reason] : '');

Component({
  behaviors: [uiMode],
  data: {
    id: '',
    loading: true,
    errorMessage: '',
    facts: [] as { label: string; value: string }[],
    family: [] as { label: string; value: string }[],
    history: [] as { id: string; title: string; lines: string }[],
    canEdit: false,
    /** 监护责任确认书 section (officers who prepare confirmations: policy §二(一)). */
    showConfirmation: false,
    conf: null as ConfirmationSummary | null,
    confError: '',
    confNotice: '',
    preparing: false,
    prepareParties: '',
    prepareProblem: '',
    revokeId: '',
    revokeReason: '',
    revokeNote: '',
    revoking: false,
    revokeReasons: REVOKE_REASONS.map((k) => ({ key: k, label: REVOKE_REASON_LABELS[k] })),
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
        { label: '就学情况', value: v(c.schooling && (LABELS.schooling[c.schooling] ?? c.schooling)) },
        { label: '身体状况', value: v(c.health && (LABELS.health[c.health] ?? c.health)) },
        { label: '风险等级', value: c.risk ? `${LABELS.risk[c.risk.level]}（${c.risk.reason}）` : '未评定' },
        { label: '重点标记', value: (c.effectiveFlags ?? []).map((f) => LABELS.flag[f]).join('、') || '无' },
        { label: '在册状态', value: c.effectiveStatus === 'active' ? '在册' : `已退出（${leftLabel(c.leftReason ?? c.effectiveLeftReason)}）` },
        { label: '档案完整性', value: c.incomplete ? '待补全' : '完整' },
      ];
      const family = [
        { label: '父亲', value: [c.father?.name, c.father?.workPlace, c.father?.phone].filter(Boolean).join(' · ') || '未填' },
        { label: '母亲', value: [c.mother?.name, c.mother?.workPlace, c.mother?.phone].filter(Boolean).join(' · ') || '未填' },
        { label: '受委托监护人', value: [c.entrusted?.name, c.entrusted?.relationToChild, c.entrusted?.phone].filter(Boolean).join(' · ') || '未填' },
        { label: '监护类型', value: v(c.guardianshipType && (LABELS.guardianshipType[c.guardianshipType] ?? c.guardianshipType)) },
      ];
      const roles: string[] = getApp<IAppOption>().globalData.roles ?? [];
      this.setData({ loading: false, facts, family, canEdit: roles.some((r) => OFFICERS.indexOf(r) >= 0) });
      if (hasAnyRole(roles, CONFIRMATION_OFFICERS)) {
        const preview = partiesPreview({ father: c.father, mother: c.mother, entrusted: c.entrusted });
        this.setData({ showConfirmation: true, prepareParties: preview.labels.join('、'), prepareProblem: preview.problem ?? '' });
        void this.loadConfirmations();
      }
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
    /** 邀请家人: the child's parents, entrusted guardian and pairing members (accounts.familyInviteOptions). */
    onInviteFamily() {
      wx.navigateTo({ url: `/packageAccount/pages/invite/index?childId=${encodeURIComponent(this.data.id)}` });
    },
    /** The child's confirmations, summarised (in force / awaiting signatures / expired / none). */
    async loadConfirmations() {
      const res = await listConfirmations(this.data.id);
      if (!res.ok) {
        this.setData({ conf: null, confError: res.error.message });
        return;
      }
      this.setData({ conf: confirmationSummary(res.data.confirmations), confError: '' });
    },
    onOpenConfirmation(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id?: string }).id;
      if (id) wx.navigateTo({ url: `${CONFIRMATION_PAGE}?id=${encodeURIComponent(id)}` });
    },
    /** Prepares a confirmation (parties from the file, per the function) and opens it. */
    async onPrepare() {
      if (this.data.preparing) return;
      if (this.data.prepareProblem) {
        this.setData({ confError: this.data.prepareProblem });
        return;
      }
      const self = this as unknown as { _prepareRequestId?: string };
      // The same request id on a retry, so a lost reply never makes two documents.
      if (!self._prepareRequestId) self._prepareRequestId = requestId();
      this.setData({ preparing: true, confError: '', confNotice: '' });
      const res = await prepareConfirmation(this.data.id, self._prepareRequestId);
      if (!res.ok) {
        this.setData({ preparing: false, confError: res.error.message });
        if (res.error.code === 'CONFLICT') void this.loadConfirmations();
        return;
      }
      self._prepareRequestId = undefined;
      this.setData({ preparing: false, confNotice: '确认书已准备好，已通知各方签署' });
      void this.loadConfirmations();
      wx.navigateTo({ url: `${CONFIRMATION_PAGE}?id=${encodeURIComponent(res.data.confirmation.id)}` });
    },
    onStartRevoke(e: WechatMiniprogram.TouchEvent) {
      const id = (e.currentTarget.dataset as { id?: string }).id ?? '';
      this.setData({ revokeId: id, revokeReason: '', revokeNote: '', confError: '', confNotice: '' });
    },
    onCancelRevoke() {
      this.setData({ revokeId: '', revokeReason: '', revokeNote: '' });
    },
    onPickRevokeReason(e: WechatMiniprogram.TouchEvent) {
      this.setData({ revokeReason: (e.currentTarget.dataset as { reason?: string }).reason ?? '' });
    },
    onRevokeNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ revokeNote: e.detail.value });
    },
    async onConfirmRevoke() {
      if (this.data.revoking || !this.data.revokeId) return;
      const checked = validateRevoke(this.data.revokeReason, this.data.revokeNote);
      if (!checked.ok) {
        this.setData({ confError: checked.message });
        return;
      }
      this.setData({ revoking: true, confError: '' });
      const res = await revokeConfirmation(this.data.revokeId, checked.input);
      if (!res.ok) {
        this.setData({ revoking: false, confError: res.error.message });
        return;
      }
      this.setData({
        revoking: false,
        revokeId: '',
        revokeReason: '',
        revokeNote: '',
        confNotice: res.data.renewalNeeded ? '已撤销，请为该儿童重新准备确认书' : '已撤销',
      });
      await this.loadConfirmations();
    },
    /** Policy §二(一) 强制报告: one tap from the child's file (anyone bound may report; the function decides). */
    onReport() {
      wx.navigateTo({ url: `/packageCare/pages/report/index?childId=${encodeURIComponent(this.data.id)}` });
    },
    /** Policy §二(一) 定期走访: the child's visits and plan, and recording one (docs/care.md). */
    onVisits() {
      wx.navigateTo({ url: `/packageCare/pages/visits/index?childId=${encodeURIComponent(this.data.id)}` });
    },
    /** Policy §二(二) 1+1+1: the child's triad, filled from here by officers (docs/care.md). */
    onPairing() {
      wx.navigateTo({ url: `/packageCare/pages/pairing/index?childId=${encodeURIComponent(this.data.id)}` });
    },
  },
});
