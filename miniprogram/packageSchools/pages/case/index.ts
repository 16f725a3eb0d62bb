/**
 * 辍学劝返个案 (packageSchools/pages/case/index?caseId=…; the 消息 entry `schools.dropoutEscalated`
 * opens it): the child, the 劝返 attempts, whether and when it went to the township and county,
 * and — while it is open — recording an attempt (day, with whom, who went along, outcome, note,
 * next step) and 复学 (day, school, stage), which closes it and updates the child's file.
 * 法律措施: the measures taken after escalation (kind, day, who, note, the document's photo); once
 * the case has gone to the township and county, township staff and the county admin record one
 * here (policy §二(三) 依法采取措施); before that they read why it must wait.
 * Roles: the child's school (teachers, school staff), township staff, county admin.
 */
import { addMeasurePhoto, closeCase, loadCase, recordAttempt, recordMeasure, type CaseView } from '../../services/schools';
import {
  MEASURE_CHOICES,
  OUTCOME_CHOICES,
  STAGE_CHOICES,
  attemptRows,
  caseHead,
  checkAttempt,
  checkMeasure,
  checkReturn,
  emptyAttemptForm,
  emptyMeasureForm,
  measureRows,
  todayShanghai,
  type AttemptForm,
  type MeasureForm,
  type ReturnForm,
} from '../../services/schools-logic';
import type { AttemptOutcome, LegalMeasureKind, ReturnStage } from '../../../contracts/schools';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    caseId: '',
    loading: true,
    errorMessage: '',
    head: null as ReturnType<typeof caseHead> | null,
    escalated: false,
    attempts: [] as ReturnType<typeof attemptRows>,
    measures: [] as ReturnType<typeof measureRows>,
    canRecordMeasure: false,
    /** Township staff or county admin on an open case not yet escalated: say why measures wait. */
    measureWaits: false,
    measureChoices: MEASURE_CHOICES,
    measure: emptyMeasureForm(todayShanghai()) as MeasureForm,
    measureError: '',
    measureSaving: false,
    photoAdding: false,
    canAct: false,
    schools: [] as { id: string; name: string }[],
    outcomes: OUTCOME_CHOICES,
    stages: STAGE_CHOICES,
    form: emptyAttemptForm(todayShanghai()) as AttemptForm,
    formError: '',
    saving: false,
    ret: { returnedOn: todayShanghai(), schoolId: '', stage: '' } as ReturnForm,
    returnError: '',
    closing: false,
    notice: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ caseId: decodeURIComponent(query.caseId ?? '') });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadCase(this.data.caseId);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      this.show(res.data);
    },
    show(c: CaseView) {
      this.setData({
        loading: false,
        head: caseHead(c),
        escalated: c.escalated,
        attempts: attemptRows(c.attemptList),
        measures: measureRows(c.measureList ?? []),
        canRecordMeasure: c.canRecordMeasure,
        measureWaits: c.measureRole && c.canAct && !c.escalated,
        canAct: c.canAct,
        schools: c.schools,
        ...(c.schoolId && !this.data.ret.schoolId ? { 'ret.schoolId': c.schoolId } : {}),
      });
    },
    onForm(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = String((e.currentTarget.dataset as { field?: string }).field ?? '');
      if (field) this.setData({ [`form.${field}`]: e.detail.value, formError: '' });
    },
    onOutcome(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.outcome': e.detail.value as AttemptOutcome, formError: '' });
    },
    async onSaveAttempt() {
      if (this.data.saving) return;
      const f = this.data.form;
      const checked = checkAttempt(f);
      if (!checked.ok) return this.setData({ formError: checked.message });
      this.setData({ saving: true, formError: '', notice: '' });
      const res = await recordAttempt({
        caseId: this.data.caseId,
        on: f.on.trim(),
        withWhom: f.withWhom.trim(),
        outcome: f.outcome as AttemptOutcome,
        ...(f.companions.trim() ? { companions: f.companions.trim() } : {}),
        ...(f.note.trim() ? { note: f.note.trim() } : {}),
        ...(f.nextStep.trim() ? { nextStep: f.nextStep.trim() } : {}),
      });
      if (!res.ok) {
        this.setData({ saving: false, formError: errorText(res.error) });
        return;
      }
      const e = res.data.escalated;
      const notice = !e
        ? '劝返记录已保存'
        : e.unreached
          ? '劝返记录已保存。已达上报次数，但乡镇和县里暂无人可通知，已记入县工作台，请直接联系县教育部门'
          : `劝返记录已保存，已达上报次数，已通知乡镇和县 ${e.told} 人`;
      this.setData({ saving: false, form: emptyAttemptForm(todayShanghai()), notice });
      this.show(res.data.caseView);
    },
    onMeasureKind(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'measure.kind': e.detail.value as LegalMeasureKind, measureError: '' });
    },
    onMeasureForm(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = String((e.currentTarget.dataset as { field?: string }).field ?? '');
      if (field === 'on' || field === 'note') this.setData({ [`measure.${field}`]: e.detail.value, measureError: '' });
    },
    async onMeasurePhoto() {
      if (this.data.photoAdding) return;
      this.setData({ photoAdding: true, measureError: '' });
      const r = await addMeasurePhoto(this.data.caseId);
      this.setData({ photoAdding: false, ...(r.fileID ? { 'measure.photo': r.fileID, 'measure.preview': r.preview } : {}), ...(r.error ? { measureError: r.error } : {}) });
    },
    onRemoveMeasurePhoto() {
      this.setData({ 'measure.photo': '', 'measure.preview': '' });
    },
    onPreviewMeasure(e: WechatMiniprogram.BaseEvent) {
      const url = String((e.currentTarget.dataset as { url?: string }).url ?? '');
      if (url) wx.previewImage({ urls: [url], current: url });
    },
    async onSaveMeasure() {
      if (this.data.measureSaving) return;
      const m = this.data.measure;
      const checked = checkMeasure(m);
      if (!checked.ok) return this.setData({ measureError: checked.message });
      this.setData({ measureSaving: true, measureError: '', notice: '' });
      const res = await recordMeasure({
        caseId: this.data.caseId,
        kind: m.kind as LegalMeasureKind,
        on: m.on.trim(),
        ...(m.note.trim() ? { note: m.note.trim() } : {}),
        ...(m.photo ? { photo: m.photo } : {}),
      });
      if (!res.ok) {
        this.setData({ measureSaving: false, measureError: errorText(res.error) });
        return;
      }
      this.setData({ measureSaving: false, measure: emptyMeasureForm(todayShanghai()), notice: '法律措施已记录，已通知学校' });
      this.show(res.data);
    },
    onReturn(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'ret.returnedOn': e.detail.value, returnError: '' });
    },
    onReturnSchool(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'ret.schoolId': e.detail.value, returnError: '' });
    },
    onStage(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'ret.stage': e.detail.value as ReturnStage, returnError: '' });
    },
    async onClose() {
      if (this.data.closing) return;
      const r = this.data.ret;
      const checked = checkReturn(r);
      if (!checked.ok) return this.setData({ returnError: checked.message });
      this.setData({ closing: true, returnError: '', notice: '' });
      const res = await closeCase({ caseId: this.data.caseId, returnedOn: r.returnedOn.trim(), schoolId: r.schoolId, stage: r.stage as ReturnStage });
      if (!res.ok) {
        this.setData({ closing: false, returnError: errorText(res.error) });
        return;
      }
      this.setData({ closing: false, notice: '已登记复学，个案已办结，儿童档案的就学情况已更新' });
      this.show(res.data);
    },
  },
});
