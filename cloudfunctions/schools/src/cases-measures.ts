/**
 * Legal measures on a dropout case (控辍保学; docs/schools.md "Legal measures"). Policy §二(三):
 * "对督促和劝返无效的，县教体局、乡镇和社管委等要依法采取措施" — once persuasion has failed and the
 * case went to the township and county (escalation), township staff or the county admin record
 * each measure taken: its kind (书面督促、约谈监护人、责令限期复学（送达通知书）、提请行政处罚、
 * 申请支付令/诉讼、其他), the day, who (with their role), a note and optionally a photo of the
 * document through a one-time upload slot. The case page lists them with the attempts; the
 * child's school (teachers and school staff) reads them and is told in 消息.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { dbOf, fetchAll, type Db } from '../../_shared/db';
import { notify } from '../../_shared/notify';
import { claimSlot, issueSlots } from '../../_shared/upload-slots';
import { shanghaiDay } from '../../_shared/time';
import { LEGAL_MEASURE_LABELS, SCHOOLS_LIMITS, schoolsContract, type DropoutCaseDoc, type LegalMeasureDoc } from '../../_shared/contracts/schools';
import { MEASURE_ROLES, S, caseTarget, personName } from './common';
import { caseView, exampleCase } from './cases';

const A = schoolsContract.actions;

/** The task a document photo slot is handed out for: a measure on this case. */
const measureTask = (caseId: string): string => `dropoutMeasure:${caseId}`;

/** Refuses a measure on a closed case, or before the case went to the township and county. */
function assertMeasureAllowed(c: DropoutCaseDoc): void {
  if (c.status !== 'open') throw new AppError('CONFLICT', '该个案已办结（已复学），不能再记录法律措施');
  if (!c.escalatedAt) {
    throw new AppError('NOT_ESCALATED', '劝返还没有上报乡镇和县：劝返无效次数或登记天数达到县里设定的值后，才能记录法律措施，请先继续劝返并记录');
  }
}

export const measureSlot = action(A.measureSlot, {
  access: { roles: MEASURE_ROLES, target: caseTarget((i: { caseId: string }) => i.caseId), audit: 'write', breakGlass: false },
  example: async (w) => ({ caseId: await exampleCase(w, true), ext: 'jpg' }),
  /**
   * Hands the caller one upload slot (`schools/documents/<caller's folder>/<slot id>.<ext>`, valid
   * for a day) for the photo of a legal measure's document on this case; `recordMeasure` takes a
   * photo only from a slot handed to the same person for the same case.
   * @throws CONFLICT on a closed case; NOT_ESCALATED before the case went to the township and county
   */
  handler: async (input, ctx) => {
    assertMeasureAllowed(ctx.grant!.target!.doc as DropoutCaseDoc);
    return { slots: await issueSlots(ctx, 'dropoutDocument', measureTask(input.caseId), `.${input.ext}`, 1) };
  },
});

export const recordMeasure = action(A.recordMeasure, {
  access: { roles: MEASURE_ROLES, target: caseTarget((i: { caseId: string }) => i.caseId), audit: 'write', breakGlass: false },
  example: async (w) => ({ caseId: await exampleCase(w, true), kind: 'guardianTalk', on: shanghaiDay(w.now), note: '约谈孩子父亲（电话），讲明送子女入学的法定义务' }),
  /**
   * Records one legal measure on an escalated, open case (kind, day, the caller with their role,
   * note, optional document photo from `measureSlot`), then tells the child's school's teachers
   * and school staff in 消息 (`schools.legalMeasure`, opening the case).
   * @returns the case view with the measure listed
   * @throws NOT_ESCALATED before escalation; CONFLICT on a closed case, a concurrent edit or a
   *   full list; VALIDATION_FAILED (采取日期) before the case opened, (情况说明) for 其他 without a
   *   note; UPLOAD_* for a photo not from this caller's slot for this case
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const c = ctx.grant!.target!.doc as DropoutCaseDoc;
    assertMeasureAllowed(c);
    const measures = c.measures ?? [];
    if (measures.length >= SCHOOLS_LIMITS.measures) throw new AppError('CONFLICT', `法律措施已记录${SCHOOLS_LIMITS.measures}项，不能再增加`);
    if (input.on < c.openedOn) throw new AppError('VALIDATION_FAILED', '采取日期：不能早于个案登记日期', { issues: [{ path: 'on', label: '采取日期', message: `不能早于个案登记日期（${c.openedOn}）` }] });
    if (input.kind === 'other' && !input.note) throw new AppError('VALIDATION_FAILED', '情况说明：选“其他”时请写明采取了什么措施', { issues: [{ path: 'note', label: '情况说明', message: '选“其他”时请写明采取了什么措施' }] });
    const n = measures.length + 1;
    if (input.photo) await claimSlot(ctx, input.photo, 'dropoutDocument', measureTask(c._id), `${measureTask(c._id)}:${n}`, { field: 'photo', redo: '请在本机重新拍照上传' });
    const now = ctx.now();
    const role = ctx.grant!.role;
    const measure: LegalMeasureDoc = {
      n,
      kind: input.kind,
      on: input.on,
      by: { ...(ctx.actor?.personId ? { personId: ctx.actor.personId } : {}), name: await personName(db, ctx.actor?.personId), role },
      ...(input.note ? { note: input.note } : {}),
      ...(input.photo ? { photo: input.photo } : {}),
      at: now,
    };
    const _ = db.command;
    const res = await db
      .collection(S.cases)
      .where({ _id: c._id, version: c.version, status: 'open' })
      .update({ measures: _.set([...measures, measure] as never), version: c.version + 1, updatedAt: now });
    if (!(res as { updated?: number }).updated) throw new AppError('CONFLICT', '该个案刚被他人更新，请刷新后重试');
    const updated: DropoutCaseDoc = { ...c, measures: [...measures, measure], version: c.version + 1 };
    await tellSchool(ctx, db, updated, measure);
    return caseView(db, updated, role, ctx);
  },
});

/** Tells the case's school (teachers and school staff bound to it) of a measure; no school: nobody. */
async function tellSchool(ctx: Parameters<typeof notify>[0], db: Db, c: DropoutCaseDoc, m: LegalMeasureDoc): Promise<void> {
  if (!c.schoolId) return;
  const _ = db.command;
  const rows = await fetchAll<{ personId: string }>(
    db.collection('roleBindings').where({ role: _.in(['teacher', 'schoolStaff']), 'scope.schoolId': c.schoolId, status: 'active' }).field({ personId: true }),
    500,
  );
  for (const personId of [...new Set(rows.map((r) => r.personId))].sort()) {
    await notify(ctx, {
      to: { personId },
      kind: 'schools.legalMeasure',
      title: `辍学个案已采取法律措施：${LEGAL_MEASURE_LABELS[m.kind]}`,
      body: `乡镇或县里对本校一名辍学学生的监护人采取了“${LEGAL_MEASURE_LABELS[m.kind]}”（${m.on}），请配合做好复学准备`,
      ref: { kind: 'dropoutCase', id: c._id },
      dedupeKey: `legalMeasure:${c._id}:${m.n}:${personId}`,
    });
  }
}
