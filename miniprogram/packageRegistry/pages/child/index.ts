/**
 * 儿童档案: one child's file as the function presents it (masked per the caller's role; the read
 * is audited), and its history (who, when, old → new, why). Every value is in words (a code
 * without a label reads 未知). A masked phone or ID number the role may see in full opens with a
 * reason (sw-reveal → accounts.revealChildField, audited); a phone in full can be called. Officers
 * get 修改档案 and 邀请家人使用小程序 (the invite page for this child); everyone gets the one-tap
 * 强制报告 button and 关爱帮扶 (the child's visits, 1+1+1 triad, and its 团组织结对 and care
 * activities, community.childCare). Officers who prepare confirmations
 * (village officer, township staff, county admin) also get the 监护责任确认书 section: its status
 * with a link to the confirmation, 准备确认书 (parties from the file, per the guardianship
 * function) and revocation with a reason. 个人信息保护: the consent status (officers record a
 * paper form), who viewed this file, correction requests, and for the county admin the audit log
 * and erasure. A file outside the caller's area that break-glass may open (township staff, county
 * admin) says so and opens for 3 hours with a reason (accounts.openBreakGlass).
 * Query: `id` (child id).
 */
import { childHistory, getChild } from '../../services/registry';
import { historyLines } from '../../services/registry-logic';
import { childFacts, childTags, guardianLines, guardianshipText, type Fact, type GuardianLine, type Tag } from '../../services/child-file-logic';
import { listConfirmations, prepareConfirmation, requestId, revokeConfirmation } from '../../../services/guardianship';
import { openBreakGlass } from '../../../services/data-rights';
import { REVOKE_REASONS, REVOKE_REASON_LABELS } from '../../../contracts/guardianship';
import { CHILD_CARE_PAGE } from '../../../contracts/community';
import {
  CONFIRMATION_OFFICERS,
  confirmationSummary,
  hasAnyRole,
  partiesPreview,
  validateRevoke,
  type ConfirmationSummary,
} from '../../../services/guardianship-staff';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

const CONFIRMATION_PAGE = '/packageGuardianship/pages/confirmation/index';
const ACCOUNT = '/packageAccount/pages';

/** Roles that edit files, record paper consent and resolve corrections (registry and accounts officers). */
const OFFICERS = ['villageOfficer', 'townshipStaff', 'countyAdmin'];
/** Roles that may see who viewed a file (accounts.whoViewedChild). */
const VIEWER_READERS = ['parent', 'entrustedGuardian', 'villageOfficer', 'townshipStaff', 'countyAdmin'];

Component({
  behaviors: [uiMode],
  data: {
    id: '',
    loading: true,
    errorMessage: '',
    /** The file is outside the caller's area and break-glass may open it. */
    breakGlass: false,
    breakGlassReason: '',
    breakGlassBusy: false,
    breakGlassError: '',
    name: '',
    tags: [] as Tag[],
    facts: [] as Fact[],
    guardians: [] as GuardianLine[],
    guardianship: '',
    history: [] as { id: string; title: string; lines: string }[],
    canEdit: false,
    canSchooling: false,
    /** 个人信息保护 links by role. */
    canViewers: false,
    isOfficer: false,
    /** Village officers, township staff and county admins read the family thread (officers answer it). */
    canMessages: false,
    isCountyAdmin: false,
    needsConsent: false,
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
      this.setData({ loading: true, errorMessage: '', breakGlass: false, breakGlassError: '' });
      const res = await getChild(this.data.id);
      if (!res.ok) {
        const details = res.error.details as { breakGlassAvailable?: boolean } | undefined;
        this.setData({ loading: false, errorMessage: errorText(res.error), breakGlass: res.error.code === 'FORBIDDEN' && !!details?.breakGlassAvailable });
        return;
      }
      const c = res.data.child;
      const roles: string[] = getApp<IAppOption>()?.globalData?.roles ?? [];
      this.setData({
        loading: false,
        name: c.name ?? '（姓名不可见）',
        tags: childTags(c),
        facts: childFacts(c),
        guardians: guardianLines(c),
        guardianship: guardianshipText(c),
        needsConsent: !!c.needsConsent,
        canEdit: hasAnyRole(roles, OFFICERS),
        canSchooling: hasAnyRole(roles, ['teacher', 'schoolStaff', 'townshipStaff', 'countyAdmin']),
        isOfficer: hasAnyRole(roles, OFFICERS),
        canMessages: hasAnyRole(roles, ['villageOfficer', 'townshipStaff', 'countyAdmin']),
        canViewers: hasAnyRole(roles, VIEWER_READERS),
        isCountyAdmin: roles.indexOf('countyAdmin') >= 0,
      });
      wx.setNavigationBarTitle({ title: `${c.name ?? '儿童'}的档案` });
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
    onBreakGlassReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ breakGlassReason: e.detail.value, breakGlassError: '' });
    },
    /** Opens the file outside the caller's area for 3 hours, with the reason (flagged to the county admin). */
    async onBreakGlass() {
      if (this.data.breakGlassBusy) return;
      const reason = this.data.breakGlassReason.trim();
      if (reason.length < 4) {
        this.setData({ breakGlassError: '请说明为什么需要查看（至少4个字）' });
        return;
      }
      this.setData({ breakGlassBusy: true, breakGlassError: '' });
      const res = await openBreakGlass(this.data.id, reason);
      if (!res.ok) {
        this.setData({ breakGlassBusy: false, breakGlassError: errorText(res.error, { reason: '理由' }) });
        return;
      }
      this.setData({ breakGlassBusy: false, breakGlassReason: '' });
      await this.load();
    },
    onPrivacy(e: WechatMiniprogram.TouchEvent) {
      const page = String((e.currentTarget.dataset as { page?: string }).page ?? '');
      const q = `childId=${encodeURIComponent(this.data.id)}&name=${encodeURIComponent(this.data.name)}`;
      // Officers record a paper consent form; the family agrees on their own page (mode=self).
      if (page) wx.navigateTo({ url: `${ACCOUNT}/${page}/index?${q}${page === 'consent' ? '&mode=paper' : ''}` });
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
    onPickRevokeReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ revokeReason: String(e.detail.value ?? '') });
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
    /** Policy §二(五) (issue 18): refer the child's case to the protection centre or a social organisation (docs/community.md). */
    onReferSite() {
      wx.navigateTo({ url: `/packageCommunity/pages/refer/index?childId=${encodeURIComponent(this.data.id)}` });
    },
    /** Policy §二(三) 控辍保学: link the child to its school, register a dropout (docs/schools.md). */
    onSchooling() {
      wx.navigateTo({ url: `/packageSchools/pages/child/index?childId=${encodeURIComponent(this.data.id)}` });
    },
    /** Policy §二(一) 定期走访: the child's visits and plan, and recording one (docs/care.md). */
    onMessages() {
      wx.navigateTo({ url: `/packageGuardianship/pages/messages/index?childId=${encodeURIComponent(this.data.id)}` });
    },
    onVisits() {
      wx.navigateTo({ url: `/packageCare/pages/visits/index?childId=${encodeURIComponent(this.data.id)}` });
    },
    /** Policy §二(二) 1+1+1: the child's triad, filled from here by officers (docs/care.md). */
    onPairing() {
      wx.navigateTo({ url: `/packageCare/pages/pairing/index?childId=${encodeURIComponent(this.data.id)}` });
    },
    /** 团组织结对与关爱活动: the community function's view of this child (community.childCare). */
    onCommunityCare() {
      wx.navigateTo({ url: `${CHILD_CARE_PAGE}?childId=${encodeURIComponent(this.data.id)}&name=${encodeURIComponent(this.data.name)}` });
    },
  },
});
