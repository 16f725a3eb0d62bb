/**
 * 走访记录 (packageCare/pages/visit/index?childId=…): the visit form. Every change is saved to
 * storage at once and restored on load and on show, so the app going to the background, a phone
 * call or the privacy prompt of the location check-in loses nothing (docs/care.md). The client
 * request id lives in the draft, so a retried submit records one visit. The draft is cleared only
 * after the visit was recorded.
 */
import { recordVisit } from '../../../services/care';
import {
  HEADING_OPTIONS,
  VISIT_KIND_OPTIONS,
  beijingDay,
  clearDraft,
  draftToInput,
  emptyDraft,
  loadDraft,
  newRequestId,
  saveDraft,
  validateDraft,
  type DraftStorage,
  type VisitDraft,
} from '../../../services/care-logic';
import { requirePrivacyAuthorization } from '../../../services/privacy';
import type { FindingHeading, VisitKind } from '../../../contracts/care';
import { uiMode } from '../../../behaviors/ui-mode';

const storage: DraftStorage = {
  get: (k) => wx.getStorageSync(k),
  set: (k, v) => wx.setStorageSync(k, v),
  remove: (k) => wx.removeStorageSync(k),
};

Component({
  behaviors: [uiMode],
  data: {
    childId: '',
    draft: null as VisitDraft | null,
    headings: HEADING_OPTIONS,
    kinds: VISIT_KIND_OPTIONS,
    today: '',
    restored: false,
    locating: false,
    submitting: false,
    errorMessage: '',
    notice: '',
    done: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const childId = query && query.childId ? decodeURIComponent(query.childId) : '';
      const today = beijingDay(new Date());
      if (!childId) {
        this.setData({ today, errorMessage: '缺少儿童档案，请从儿童档案或工作台进入' });
        return;
      }
      const saved = loadDraft(storage, childId);
      this.setData({ childId, today, draft: saved ?? emptyDraft(childId, today, newRequestId('visit')), restored: !!saved });
    },
    onShow() {
      // Back from the background or a system prompt: the stored draft is the truth.
      const childId = this.data.childId;
      if (!childId) return;
      const saved = loadDraft(storage, childId);
      if (saved && (!this.data.draft || saved.savedAt >= this.data.draft.savedAt)) this.setData({ draft: saved });
    },
    onHide() {
      if (this.data.draft) saveDraft(storage, this.data.draft);
    },
    update(patch: Partial<VisitDraft>) {
      if (!this.data.draft) return;
      const draft = saveDraft(storage, { ...this.data.draft, ...patch });
      this.setData({ draft, errorMessage: '', notice: '' });
    },
    onFindingInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { heading: FindingHeading }>) {
      const heading = e.currentTarget.dataset.heading;
      this.update({ findings: { ...this.data.draft!.findings, [heading]: e.detail.value } });
    },
    onKindTap(e: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { kind: VisitKind }>) {
      this.update({ kind: e.currentTarget.dataset.kind });
    },
    onDateChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.update({ date: e.detail.value });
    },
    async onCheckIn() {
      if (this.data.locating || !this.data.draft) return;
      this.setData({ locating: true, notice: '' });
      if (!(await requirePrivacyAuthorization())) {
        this.setData({ locating: false, notice: '未同意隐私保护指引，本次走访不记录定位，已填写的内容不受影响' });
        return;
      }
      wx.getLocation({
        type: 'gcj02',
        success: (res) => {
          this.setData({ locating: false });
          this.update({ location: { latitude: res.latitude, longitude: res.longitude, accuracy: res.accuracy, consent: true } });
          this.setData({ notice: '已记录定位' });
        },
        fail: () => this.setData({ locating: false, notice: '未能获取定位，可不记录定位直接提交' }),
      });
    },
    onClearLocation() {
      this.update({ location: undefined });
    },
    async onSubmit() {
      const draft = this.data.draft;
      if (!draft || this.data.submitting) return;
      const problem = validateDraft(draft, beijingDay(new Date()));
      if (problem) {
        this.setData({ errorMessage: problem });
        return;
      }
      this.setData({ submitting: true, errorMessage: '' });
      const res = await recordVisit(draftToInput(draft));
      if (!res.ok) {
        // The draft stays: nothing typed is lost, and a retry reuses the same request id.
        this.setData({ submitting: false, errorMessage: res.error.message });
        return;
      }
      clearDraft(storage, draft.childId);
      this.setData({ submitting: false, done: true, notice: `走访已记录，下次走访：${res.data.plan.dueOn}` });
    },
  },
});
