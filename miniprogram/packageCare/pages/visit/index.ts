/**
 * 记录走访 (packageCare/pages/visit/index?childId=…), from the child file, 走访记录, the due list
 * or 今日任务: a short, guided form. On top, who is visited (the child's name as the caller may
 * see it), the last visit and the plan; then how (TDesign radios), the day, and the national
 * form's headings as chips — tap one to write a line or two under it (实际监护情况 open to start),
 * at least one; optional photos (taken or picked, uploaded at once into slots handed out for this
 * child); an optional location check-in; 提交.
 *
 * Every change is saved to storage at once and restored on load and on show, so the app going to
 * the background, a phone call or the privacy prompt of the location check-in loses nothing
 * (docs/care.md). The client request id lives in the draft, so a retried submit records one visit.
 * The draft is cleared only after the visit was recorded. The child's details are a help, not a
 * condition: if they cannot be loaded the form still works.
 */
import { MAX_VISIT_PHOTOS, addVisitPhotos, listVisits, recordVisit } from '../../services/care';
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
import { dayText, lastVisitText, planText } from '../../services/care-views';
import { requirePrivacyAuthorization } from '../../../services/privacy';
import type { FindingHeading, VisitKind } from '../../../contracts/care';
import { uiMode } from '../../../behaviors/ui-mode';

const storage: DraftStorage = {
  get: (k) => wx.getStorageSync(k),
  set: (k, v) => wx.setStorageSync(k, v),
  remove: (k) => wx.removeStorageSync(k),
};

/** Open to start: what a visit is for (policy §二(一): the actual guardianship). */
const FIRST_OPEN: FindingHeading[] = ['guardianship'];

type HeadingRow = (typeof HEADING_OPTIONS)[number] & { open: boolean };

function headingRows(open: readonly FindingHeading[]): HeadingRow[] {
  return HEADING_OPTIONS.map((h) => ({ ...h, open: open.indexOf(h.value) >= 0 }));
}

/** Headings to show: those with text, plus those opened. */
function openFor(draft: VisitDraft, opened: readonly FindingHeading[]): FindingHeading[] {
  return HEADING_OPTIONS.map((h) => h.value).filter((h) => opened.indexOf(h) >= 0 || !!(draft.findings[h] ?? '').trim());
}

Component({
  behaviors: [uiMode],
  data: {
    childId: '',
    draft: null as VisitDraft | null,
    headings: headingRows(FIRST_OPEN),
    kinds: VISIT_KIND_OPTIONS,
    today: '',
    earliest: '',
    dateText: '',
    childName: '',
    childLoading: false,
    childError: '',
    lastText: '',
    planText: '',
    overdue: false,
    restored: false,
    locating: false,
    /** Photos of the draft: the local file to show when this session took it ('' after a restore). */
    photoTiles: [] as Array<{ fileID: string; preview: string }>,
    addingPhotos: false,
    maxPhotos: MAX_VISIT_PHOTOS,
    submitting: false,
    errorMessage: '',
    notice: '',
    done: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const childId = query && query.childId ? decodeURIComponent(query.childId) : '';
      const now = new Date();
      const today = beijingDay(now);
      const earliest = beijingDay(new Date(now.getTime() - 366 * 86_400_000));
      if (!childId) {
        this.setData({ today, errorMessage: '请从儿童档案、走访记录或工作台进入' });
        return;
      }
      const saved = loadDraft(storage, childId);
      const draft = saved ?? emptyDraft(childId, today, newRequestId('visit'));
      this.setData({ childId, today, earliest, draft, dateText: dayText(draft.date), restored: !!saved, headings: headingRows(openFor(draft, FIRST_OPEN)) });
      void this.loadChild();
    },
    onShow() {
      // Back from the background or a system prompt: the stored draft is the truth.
      const childId = this.data.childId;
      if (!childId || this.data.done) return;
      const saved = loadDraft(storage, childId);
      if (saved && (!this.data.draft || saved.savedAt >= this.data.draft.savedAt)) this.show(saved);
    },
    onHide() {
      if (this.data.draft && !this.data.done) saveDraft(storage, this.data.draft);
    },
    /** Who is visited, the last visit and the plan (`care.listVisits`, the latest visit only). */
    async loadChild() {
      this.setData({ childLoading: true, childError: '' });
      const res = await listVisits(this.data.childId, 1);
      if (!res.ok) {
        this.setData({ childLoading: false, childError: res.error.message });
        return;
      }
      const { childName, plan, visits } = res.data;
      this.setData({ childLoading: false, childName, lastText: lastVisitText(plan, visits[0]), planText: plan ? planText(plan) : '', overdue: plan?.status === 'overdue' });
    },
    show(draft: VisitDraft) {
      const opened = this.data.headings.filter((h) => h.open).map((h) => h.value);
      const previews = new Map(this.data.photoTiles.map((t) => [t.fileID, t.preview]));
      const photoTiles = draft.photos.map((fileID) => ({ fileID, preview: previews.get(fileID) ?? '' }));
      this.setData({ draft, dateText: dayText(draft.date), headings: headingRows(openFor(draft, opened)), photoTiles });
    },
    async onAddPhotos() {
      const draft = this.data.draft;
      if (!draft || this.data.addingPhotos) return;
      this.setData({ addingPhotos: true, notice: '' });
      const r = await addVisitPhotos(draft.childId, MAX_VISIT_PHOTOS - draft.photos.length);
      const tiles = [...this.data.photoTiles, ...r.fileIDs.map((fileID, i) => ({ fileID, preview: r.previews[i] ?? '' }))];
      this.setData({ addingPhotos: false, photoTiles: tiles });
      if (r.fileIDs.length) this.update({ photos: [...this.data.draft!.photos, ...r.fileIDs] });
      if (r.error) this.setData({ errorMessage: r.error });
    },
    onRemovePhoto(e: WechatMiniprogram.BaseEvent<Record<string, never>, { fileId: string }>) {
      const fileID = e.currentTarget.dataset.fileId;
      this.update({ photos: this.data.draft!.photos.filter((p) => p !== fileID) });
    },
    update(patch: Partial<VisitDraft>) {
      if (!this.data.draft) return;
      const draft = saveDraft(storage, { ...this.data.draft, ...patch });
      this.setData({ errorMessage: '', notice: '' });
      this.show(draft);
    },
    onToggleHeading(e: WechatMiniprogram.BaseEvent<Record<string, never>, { heading: FindingHeading }>) {
      const heading = e.currentTarget.dataset.heading;
      const draft = this.data.draft;
      if (!draft) return;
      const row = this.data.headings.find((h) => h.value === heading);
      // A heading with text stays open: closing it must not hide what was written.
      if (row && row.open && (draft.findings[heading] ?? '').trim()) {
        this.setData({ notice: `“${row.label}”已填写，删除文字后才能收起` });
        return;
      }
      this.setData({ headings: this.data.headings.map((h) => (h.value === heading ? { ...h, open: !h.open } : h)), notice: '' });
    },
    onFindingInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { heading: FindingHeading }>) {
      const heading = e.currentTarget.dataset.heading;
      this.update({ findings: { ...this.data.draft!.findings, [heading]: e.detail.value } });
    },
    onKind(e: WechatMiniprogram.CustomEvent<{ value: VisitKind }>) {
      this.update({ kind: e.detail.value });
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
      this.setData({ submitting: false, done: true, notice: `下次走访：${dayText(res.data.plan.dueOn)}` });
    },
    onHistory() {
      wx.redirectTo({ url: `/packageCare/pages/visits/index?childId=${encodeURIComponent(this.data.childId)}` });
    },
    onBack() {
      wx.navigateBack({ fail: () => wx.switchTab({ url: '/pages/mine/index' }) });
    },
  },
});
