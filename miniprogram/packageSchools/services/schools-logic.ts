/**
 * Pure presentation and form rules of the 控辍保学 pages (unit-testable without a page): list
 * lines, the case's head, the attempt and return forms' checks before anything is sent (the
 * functions check again and name the field).
 */
import { ATTEMPT_OUTCOME_LABELS, CASE_STATUS_LABELS, LEGAL_MEASURE_LABELS, OUT_OF_SCHOOL_LABELS, RETURN_STAGE_LABELS, type AttemptOutcome, type LegalMeasureKind, type ReturnStage } from '../../contracts/schools';
import type { AttemptView, CaseListItem, CaseView, LegalMeasureView, SchoolView } from '../../contracts/schools';

/** Roles that see the schools list (工作台 entry). */
export const SCHOOL_LIST_ROLES = ['countyAdmin', 'townshipStaff', 'teacher', 'lifeTeacher', 'schoolStaff'];
/** Roles that work dropout cases. */
export const CASE_ROLES = ['teacher', 'schoolStaff', 'townshipStaff', 'countyAdmin'];
/** Roles that link a child to a school. */
export const LINK_ROLES = ['townshipStaff', 'countyAdmin'];

export const hasAnyRole = (roles: readonly string[], allowed: readonly string[]): boolean => roles.some((r) => allowed.indexOf(r) >= 0);

/** One school row. */
export interface SchoolRow {
  id: string;
  name: string;
  line: string;
  tag: string;
  tone: string;
}

export function schoolRows(schools: SchoolView[]): SchoolRow[] {
  return schools.map((s) => ({
    id: s.id,
    name: s.name,
    line: [s.place, s.boarding ? '寄宿制' : '非寄宿', s.bureauCode ? `标识码 ${s.bureauCode}` : ''].filter(Boolean).join(' · '),
    tag: s.openCases ? `劝返中 ${s.openCases} 人` : '无辍学个案',
    tone: s.openCases ? 'danger' : 'success',
  }));
}

/** One case row. */
export interface CaseRow {
  id: string;
  title: string;
  line: string;
  tag: string;
  tone: string;
}

export function caseRows(cases: CaseListItem[]): CaseRow[] {
  return cases.map((c) => ({
    id: c.id,
    title: `${c.childName}（${OUT_OF_SCHOOL_LABELS[c.kind]}）`,
    line:
      c.status === 'closed'
        ? `${c.returnedOn ?? ''} 已复学 · ${c.place}`
        : `${c.openedOn} 登记 · 劝返 ${c.attempts} 次${c.failedAttempts ? `（无效 ${c.failedAttempts} 次）` : ''} · ${[c.schoolName, c.place].filter(Boolean).join(' · ')}`,
    tag: c.status === 'closed' ? CASE_STATUS_LABELS.closed : c.escalated ? '已上报乡镇和县' : CASE_STATUS_LABELS.open,
    tone: c.status === 'closed' ? 'success' : c.escalated ? 'danger' : 'warning',
  }));
}

/** The case's head lines. */
export function caseHead(c: CaseView): { title: string; lines: string[]; escalation: string } {
  const lines = [
    `${c.age !== undefined ? `${c.age}周岁 · ` : ''}${[c.schoolName, c.place].filter(Boolean).join(' · ')}`,
    `${c.openedOn} 登记${OUT_OF_SCHOOL_LABELS[c.kind]}${c.reason ? `：${c.reason}` : ''}`,
  ];
  if (c.status === 'closed') lines.push(`${c.returnedOn ?? ''} 复学${c.returnSchoolName ? `，就读${c.returnSchoolName}` : ''}${c.returnStage ? `（${RETURN_STAGE_LABELS[c.returnStage]}）` : ''}`);
  let escalation = '';
  if (c.escalated) {
    escalation = c.escalation?.unreached
      ? `已上报（劝返无效 ${c.failedAttempts} 次），但乡镇和县里暂无人可通知，已记入县工作台；请直接联系县教育部门`
      : `劝返无效 ${c.failedAttempts} 次，${c.escalatedOn ?? ''} 已上报乡镇和县${c.escalation ? `（通知 ${c.escalation.told} 人）` : ''}，请依法督促监护人`;
  } else if (c.status === 'open') {
    escalation = `劝返无效 ${c.failedAttempts} 次；满 ${c.escalateAfter} 次或登记满 ${c.escalateAfterDays} 天仍未复学，将上报乡镇和县`;
  }
  return { title: `${c.childName} · ${CASE_STATUS_LABELS[c.status]}`, lines, escalation };
}

export function attemptRows(list: AttemptView[]): { n: number; title: string; line: string }[] {
  return list.map((a) => ({
    n: a.n,
    title: `第${a.n}次 · ${a.on} · ${ATTEMPT_OUTCOME_LABELS[a.outcome]}`,
    line: [`${a.byName}${a.companions ? `、${a.companions}` : ''} 劝返${a.withWhom}`, a.note ?? '', a.nextStep ? `下一步：${a.nextStep}` : ''].filter(Boolean).join('；'),
  }));
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface AttemptForm {
  on: string;
  withWhom: string;
  companions: string;
  outcome: AttemptOutcome | '';
  note: string;
  nextStep: string;
}

export const emptyAttemptForm = (today: string): AttemptForm => ({ on: today, withWhom: '', companions: '', outcome: '', note: '', nextStep: '' });

/** Checks the attempt form; the message says what to fill. */
export function checkAttempt(f: AttemptForm): { ok: true } | { ok: false; message: string } {
  if (!DAY.test(f.on.trim())) return { ok: false, message: '请填写劝返日期，如 2026-10-12' };
  if (!f.withWhom.trim()) return { ok: false, message: '请填写劝返对象，如：孩子的祖母' };
  if (!f.outcome) return { ok: false, message: '请选择劝返结果' };
  return { ok: true };
}

export interface ReturnForm {
  returnedOn: string;
  schoolId: string;
  stage: ReturnStage | '';
}

export function checkReturn(f: ReturnForm): { ok: true } | { ok: false; message: string } {
  if (!DAY.test(f.returnedOn.trim())) return { ok: false, message: '请填写复学日期，如 2026-10-12' };
  if (!f.schoolId) return { ok: false, message: '请选择复学的学校' };
  if (!f.stage) return { ok: false, message: '请选择就读学段' };
  return { ok: true };
}

/** Today as `YYYY-MM-DD` in Asia/Shanghai (UTC+8, no daylight saving). */
export function todayShanghai(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** One legal measure as the case page lists it. */
export interface MeasureRow {
  n: number;
  title: string;
  line: string;
  photoUrl: string;
}

export function measureRows(list: LegalMeasureView[]): MeasureRow[] {
  return list.map((m) => ({
    n: m.n,
    title: `${m.on} · ${LEGAL_MEASURE_LABELS[m.kind]}`,
    line: [`${m.byRole} ${m.byName}`, m.note ?? ''].filter(Boolean).join('：'),
    photoUrl: m.photoUrl ?? '',
  }));
}

export interface MeasureForm {
  kind: LegalMeasureKind | '';
  on: string;
  note: string;
  /** The uploaded document photo (fileID) and its local path to show. */
  photo: string;
  preview: string;
}

export const emptyMeasureForm = (today: string): MeasureForm => ({ kind: '', on: today, note: '', photo: '', preview: '' });

/** Checks the legal measure form; the message says what to fill. */
export function checkMeasure(f: MeasureForm): { ok: true } | { ok: false; message: string } {
  if (!f.kind) return { ok: false, message: '请选择采取的措施' };
  if (!DAY.test(f.on.trim())) return { ok: false, message: '请填写采取日期，如 2026-10-12' };
  if (f.kind === 'other' && !f.note.trim()) return { ok: false, message: '选“其他”时，请在情况说明中写明采取了什么措施' };
  return { ok: true };
}

export const MEASURE_CHOICES = (Object.keys(LEGAL_MEASURE_LABELS) as LegalMeasureKind[]).map((k) => ({ key: k, label: LEGAL_MEASURE_LABELS[k] }));

export const OUTCOME_CHOICES = (Object.keys(ATTEMPT_OUTCOME_LABELS) as AttemptOutcome[]).map((k) => ({ key: k, label: ATTEMPT_OUTCOME_LABELS[k] }));
export const STAGE_CHOICES = (Object.keys(RETURN_STAGE_LABELS) as ReturnStage[]).map((k) => ({ key: k, label: RETURN_STAGE_LABELS[k] }));
