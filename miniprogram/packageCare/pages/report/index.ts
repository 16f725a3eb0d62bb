/**
 * 强制报告 (packageCare/pages/report/index).
 * - `?childId=…` (the button on a child file; `&note=…` prefills the note) or no query (工作台, a child not yet registered):
 *   one tap on a kind sends the report at once to the township staff and police; the note is
 *   optional. Without a file the village (picked by name, never a typed code) and a short
 *   description are needed.
 * - `?reportId=…` (from a notification or 工作台): the report for those handling it — acknowledge,
 *   record actions, close with an outcome (township staff with the supervisor flag).
 * The request id is fixed when the page opens, so tapping twice or retrying sends one report.
 */
import { acknowledgeReport, addReportAction, closeReport, getReport, submitReport, type ReportView } from '../../services/care';
import { OUTCOME_OPTIONS, REPORT_KIND_OPTIONS, REPORT_STATUS_LABELS, labelOf, newRequestId, reportStateText, validateReport } from '../../../services/care-logic';
import { labelIn, reportSentText } from '../../services/care-views';
import { formatTime } from '../../../utils/time';
import { ROLE_LABELS } from '../../../contracts/accounts';
import { CARE_LABELS, type ReportKind, type ReportOutcome } from '../../../contracts/care';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    mode: 'new' as 'new' | 'handle',
    childId: '',
    villageCode: '',
    childDescription: '',
    note: '',
    kinds: REPORT_KIND_OPTIONS,
    requestId: '',
    sending: false,
    sent: false,
    sentText: '',
    nobodyReached: false,
    reportId: '',
    sendingKind: '',
    report: null as (ReportView & { kindLabel: string; stateText: string; statusLabel: string; tone: string; reporterText: string; reportedText: string; acknowledgedText: string; outcomeLabel: string; actionRows: { key: string; who: string; time: string; text: string }[] }) | null,
    actionText: '',
    actionRequestId: '',
    outcomes: OUTCOME_OPTIONS,
    outcome: '' as ReportOutcome | '',
    closingNote: '',
    busy: false,
    errorMessage: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const q = query || {};
      if (q.reportId) {
        this.setData({ mode: 'handle', reportId: decodeURIComponent(q.reportId), actionRequestId: newRequestId('act') });
        this.load();
        return;
      }
      // `note`: prefilled by the page that sent the reporter here (生活老师关爱's 报告担忧).
      this.setData({ mode: 'new', childId: q.childId ? decodeURIComponent(q.childId) : '', note: q.note ? decodeURIComponent(q.note).slice(0, 500) : '', requestId: newRequestId('report') });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value, errorMessage: '' });
    },
    onVillage(e: WechatMiniprogram.CustomEvent<{ code: string }>) {
      this.setData({ villageCode: e.detail.code, errorMessage: '' });
    },
    async onKindTap(e: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { kind: ReportKind }>) {
      if (this.data.sending || this.data.sent) return;
      const kind = e.currentTarget.dataset.kind;
      const d = this.data;
      const target = d.childId ? { childId: d.childId } : { villageCode: d.villageCode.trim(), childDescription: d.childDescription.trim() };
      const problem = validateReport(target);
      if (problem) {
        this.setData({ errorMessage: problem });
        return;
      }
      this.setData({ sending: true, sendingKind: kind, errorMessage: '' });
      const note = d.note.trim() || `一键报告：${labelOf(REPORT_KIND_OPTIONS, kind)}`;
      const res = await submitReport({ requestId: d.requestId, kind, note, ...target });
      if (!res.ok) {
        this.setData({ sending: false, errorMessage: res.error.message });
        return;
      }
      this.setData({
        sending: false,
        sent: true,
        reportId: res.data.reportId,
        nobodyReached: res.data.nobodyReached,
        sentText: reportSentText(res.data.told),
      });
    },
    onMyReports() {
      wx.navigateTo({ url: `/packageCare/pages/reports/index?reportId=${encodeURIComponent(this.data.reportId)}` });
    },
    /** Nobody could be told: the reporter calls the police themselves. */
    onCall110() {
      wx.makePhoneCall({ phoneNumber: '110' });
    },
    async load() {
      const res = await getReport(this.data.reportId);
      if (!res.ok) {
        this.setData({ errorMessage: res.error.message });
        return;
      }
      this.show(res.data);
    },
    show(r: ReportView) {
      const who = (p: { role: string; name: string }) => `${p.name || '未留姓名'}（${labelIn(ROLE_LABELS, p.role, '工作人员')}）`;
      this.setData({
        report: {
          ...r,
          kindLabel: labelOf(REPORT_KIND_OPTIONS, r.kind),
          stateText: reportStateText(r, new Date()),
          statusLabel: labelIn(REPORT_STATUS_LABELS, r.status),
          tone: r.status === 'closed' ? 'success' : r.ackOverdue ? 'danger' : r.status === 'open' ? 'warning' : 'info',
          reporterText: who(r.reporter),
          reportedText: formatTime(r.reportedAt),
          acknowledgedText: r.acknowledgedBy ? `${who(r.acknowledgedBy)} · ${formatTime(r.acknowledgedAt)}` : '',
          outcomeLabel: labelIn(CARE_LABELS.outcome, r.outcome),
          actionRows: r.actions.map((a, i) => ({ key: `${i}`, who: who(a.by), time: formatTime(a.at), text: a.text })),
        },
        busy: false,
        errorMessage: '',
      });
    },
    async onAcknowledge() {
      if (this.data.busy) return;
      this.setData({ busy: true });
      const res = await acknowledgeReport(this.data.reportId);
      if (res.ok) this.show(res.data);
      else this.setData({ busy: false, errorMessage: res.error.message });
    },
    async onAddAction() {
      const text = this.data.actionText.trim();
      if (this.data.busy) return;
      if (text.length < 2) {
        this.setData({ errorMessage: '请填写处置情况' });
        return;
      }
      this.setData({ busy: true });
      const res = await addReportAction(this.data.reportId, this.data.actionRequestId, text);
      if (!res.ok) {
        this.setData({ busy: false, errorMessage: res.error.message });
        return;
      }
      this.setData({ actionText: '', actionRequestId: newRequestId('act') });
      this.show(res.data);
    },
    onOutcomeChange(e: WechatMiniprogram.CustomEvent<{ value: ReportOutcome }>) {
      this.setData({ outcome: e.detail.value, errorMessage: '' });
    },
    async onClose() {
      if (this.data.busy) return;
      const note = this.data.closingNote.trim();
      if (!this.data.outcome) {
        this.setData({ errorMessage: '请选择办结结果' });
        return;
      }
      if (note.length < 4) {
        this.setData({ errorMessage: '请填写办结情况（至少4个字）' });
        return;
      }
      this.setData({ busy: true });
      const res = await closeReport(this.data.reportId, this.data.outcome as ReportOutcome, note);
      if (res.ok) this.show(res.data);
      else this.setData({ busy: false, errorMessage: res.error.message });
    },
  },
});
