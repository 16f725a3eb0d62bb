/**
 * Guardian consent, correction requests and erasure (Provisions on the Protection of Children's
 * Personal Information Online, arts. 9, 19–20; PIPL arts. 31, 46–47).
 *
 * - Consent is recorded per child: who gave it, when, which text version, how (in the
 *   mini-program, or on paper recorded by an officer). The child file carries a summary in
 *   `consent` (`{ status, at, version, byPersonId, consentId }`), written only here; a file with no
 *   `consent.status === 'given'` is flagged by the registry.
 * - Parents and entrusted guardians request corrections or erasure; officers resolve them.
 * - Erasure replaces the child file with a tombstone and clears personal data in its history,
 *   its correction requests and relationship bindings; audit entries already hold only ids.
 */
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import {
  ACCESS_COLLECTIONS as C,
  audit,
  childTarget,
  dbOf,
  fetchAll,
  insertOnce,
  presentPlain,
  presentSealed,
  requirePerson,
  resolveActor,
  scopeFilter,
  seal,
  stableId,
  type SealedValue,
} from './deps';
import { accountsContract } from '../../_shared/contracts/accounts';
import { childNames } from './common';

const A = accountsContract.actions;

/** Version of the consent text currently shown; bump when the text changes. */
export const CONSENT_TEXT_VERSION = '2025-01';
/** The consent text guardians agree to (Simplified Chinese). */
export const CONSENT_TEXT = [
  '《儿童个人信息处理告知及监护人同意书》',
  '为落实农村留守儿童关爱保护工作，县民政局及乡镇、村（居）委会需要收集和使用您监护的儿童的姓名、身份证号码、出生日期、住址、就学、健康及家庭监护情况，以及监护人的姓名、身份证号码和联系电话。',
  '这些信息仅用于建立儿童档案、定期走访、监护责任确认、强制报告和结对帮扶，不会用于其他目的；身份证号码和电话号码加密保存，工作人员按职责查看，每次查看都有记录。',
  '您可以随时查看、更正这些信息，也可以撤回同意或申请删除。撤回同意不影响撤回前已进行的处理，但可能影响相关关爱服务的提供。',
  '如有疑问，请联系本村儿童主任或乡镇工作人员。',
].join('\n');

const OFFICER_ROLES = ['villageOfficer', 'townshipStaff', 'countyAdmin'] as const;
const GUARDIAN_ROLES = ['parent', 'entrustedGuardian'] as const;

export const consentText = action(A.consentText, {
  access: { public: true },
  example: () => ({}),
  handler: async () => ({ version: CONSENT_TEXT_VERSION, text: CONSENT_TEXT }),
});

export const recordConsent = action(A.recordConsent, {
  access: { roles: [...GUARDIAN_ROLES, ...OFFICER_ROLES], target: childTarget((i: { childId: string }) => i.childId), audit: 'consent', breakGlass: false },
  example: (w) => ({
    childId: w.side.childId,
    decision: 'given',
    textVersion: CONSENT_TEXT_VERSION,
    guardianPersonId: ['parent', 'entrustedGuardian'].includes(w.role) ? undefined : `guardian-of-${w.side.childId}`,
    requestId: `req-${w.unique()}`,
  }),
  handler: async (input, ctx) => {
    if (input.textVersion !== CONSENT_TEXT_VERSION) {
      throw new AppError('VALIDATION_FAILED', '同意书版本已更新，请阅读最新版本后再确认', { issues: [{ path: 'textVersion', message: '版本不符' }], current: CONSENT_TEXT_VERSION });
    }
    const db = dbOf(ctx);
    const _ = db.command;
    const me = await requirePerson(ctx);
    const role = ctx.grant!.role;
    const byGuardian = (GUARDIAN_ROLES as readonly string[]).includes(role);
    const givenBy = byGuardian ? me : input.guardianPersonId;
    // A paper form names its signer: a bound guardian (person) or their place on the file (父亲 / 母亲 / 受委托监护人).
    const givenByParty = byGuardian ? undefined : input.signedBy;
    if (!givenBy && !givenByParty) {
      throw new AppError('VALIDATION_FAILED', '签字的监护人：代为登记纸质同意书时请选择是谁签的字', { issues: [{ path: 'signedBy', label: '签字的监护人', code: 'REQUIRED', message: '请选择是谁签的字' }] });
    }
    const child = ctx.grant!.target!.doc as { _id: string; villageCode: string; erased?: unknown };
    if (child.erased) throw new AppError('CONFLICT', '该档案已删除');
    const now = ctx.now();
    const consentId = stableId('cons', me, input.requestId);
    const doc = {
      _id: consentId,
      childId: child._id,
      villageCode: child.villageCode,
      decision: input.decision,
      ...(givenBy ? { givenBy } : {}),
      ...(givenByParty ? { givenByParty } : {}),
      recordedBy: me,
      recordedRole: role,
      method: byGuardian ? 'inApp' : 'paper',
      textVersion: input.textVersion,
      at: now,
    };
    if (!(await insertOnce(db, C.consents, doc))) return { consentId, duplicate: true };
    await db
      .collection(C.children)
      .doc(child._id)
      .update({ consent: _.set({ status: input.decision, at: now, version: input.textVersion, ...(givenBy ? { byPersonId: givenBy } : {}), ...(givenByParty ? { byParty: givenByParty } : {}), consentId }) });
    ctx.auditExtra = { refs: { consentId } };
    return { consentId, status: input.decision, at: now };
  },
});

interface CorrectionDoc {
  _id: string;
  childId: string;
  villageCode: string;
  townshipCode?: string;
  kind: 'correct' | 'erase';
  field?: string;
  proposedValue?: SealedValue;
  note?: SealedValue;
  requestedBy: string;
  requestedAt: Date;
  status: 'open' | 'done' | 'rejected';
  resolvedBy?: string;
  resolvedAt?: Date;
  resolution?: string;
}

export const requestCorrection = action(A.requestCorrection, {
  access: { roles: GUARDIAN_ROLES, target: childTarget((i: { childId: string }) => i.childId), audit: 'correction', breakGlass: false },
  example: (w) => ({ childId: w.side.childId, kind: 'correct', field: '监护人电话', proposedValue: '13900001111', requestId: `req-${w.unique()}` }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const me = await requirePerson(ctx);
    const child = ctx.grant!.target!.doc as { _id: string; villageCode: string; townshipCode?: string };
    const id = stableId('corr', me, input.requestId);
    const doc: Omit<CorrectionDoc, '_id'> & { _id: string } = {
      _id: id,
      childId: child._id,
      villageCode: child.villageCode,
      townshipCode: child.townshipCode,
      kind: input.kind,
      field: input.field,
      proposedValue: input.proposedValue ? seal('correction.value', input.proposedValue) : undefined,
      note: input.note ? seal('correction.value', input.note) : undefined,
      requestedBy: me,
      requestedAt: ctx.now(),
      status: 'open',
    };
    for (const k of Object.keys(doc) as (keyof CorrectionDoc)[]) if (doc[k] === undefined) delete doc[k];
    if (!(await insertOnce(db, C.correctionRequests, doc))) return { correctionId: id, duplicate: true };
    ctx.auditExtra = { refs: { correctionId: id } };
    return { correctionId: id, status: 'open' as const };
  },
});

export const listCorrections = action(A.listCorrections, {
  access: { roles: [...OFFICER_ROLES, ...GUARDIAN_ROLES] },
  example: () => ({}),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const actor = await resolveActor(ctx);
    const filter = scopeFilter(db, actor, [...OFFICER_ROLES, ...GUARDIAN_ROLES], { village: 'villageCode', township: 'townshipCode', childId: 'childId' });
    if (!filter) return { corrections: [] };
    const where = input.status ? _.and([filter, { status: input.status }]) : filter;
    const rows = await fetchAll<CorrectionDoc>(db.collection(C.correctionRequests).where(where), 5000);
    const role = ctx.grant!.role;
    const names = await childNames(db, rows.map((r) => r.childId));
    await audit(ctx, { op: 'search', count: rows.length });
    return {
      corrections: rows.map((c) => ({
        correctionId: c._id,
        childId: c.childId,
        childName: presentPlain('child.name', names[c.childId], role),
        kind: c.kind,
        field: c.field,
        proposedValue: presentSealed(c.proposedValue, role),
        note: presentSealed(c.note, role),
        status: c.status,
        requestedAt: c.requestedAt,
        resolvedAt: c.resolvedAt,
        resolution: c.resolution,
      })),
    };
  },
});

export const resolveCorrection = action(A.resolveCorrection, {
  access: {
    roles: OFFICER_ROLES,
    target: {
      kind: 'correction',
      collection: C.correctionRequests,
      id: (i: { correctionId: string }) => i.correctionId,
      scopeOf: (c: CorrectionDoc) => ({ regionCode: c.villageCode, childIds: [c.childId] }),
    },
    audit: 'correction',
  },
  example: async (w) => {
    const id = await w.insert(C.correctionRequests, {
      childId: w.side.childId,
      villageCode: w.side.villageCode,
      townshipCode: w.side.townshipCode,
      kind: 'correct',
      field: '监护人电话',
      requestedBy: `person-${w.unique()}`,
      requestedAt: w.now,
      status: 'open',
    });
    return { correctionId: id, decision: 'done', resolution: '已按申请更正' };
  },
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const c = ctx.grant!.target!.doc as CorrectionDoc;
    if (c.status !== 'open') throw new AppError('CONFLICT', '该申请已处理');
    const res = await db
      .collection(C.correctionRequests)
      .where({ _id: c._id, status: 'open' })
      .update({ status: input.decision, resolution: input.resolution, resolvedBy: ctx.actor?.personId, resolvedAt: ctx.now() });
    if (!res.updated) throw new AppError('CONFLICT', '该申请已处理');
    return { correctionId: c._id, status: input.decision };
  },
});

/** Fields a tombstone keeps: where the file sat (not personal), and the erasure record. */
const TOMBSTONE_KEEP = ['villageCode', 'townshipCode', 'countyCode', 'createdAt'] as const;
/** Fields of history entries that may hold personal data (registry contract: keep it under these). */
const HISTORY_PERSONAL_FIELDS = ['data', 'before', 'after', 'snapshot', 'changes', 'diff'] as const;

export const eraseChildData = action(A.eraseChildData, {
  access: { roles: ['countyAdmin'], target: childTarget((i: { childId: string }) => i.childId), audit: 'erase', breakGlass: false },
  example: async (w) => {
    // Erase a throwaway child in the side's village (the shared side child stays for other rows).
    const childId = await w.insert(C.children, { name: '测试儿童', villageCode: w.side.villageCode, townshipCode: w.side.townshipCode, schoolId: w.side.schoolId });
    return { childId, reason: '监护人申请删除，已核实' };
  },
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const child = ctx.grant!.target!.doc as Record<string, unknown> & { _id: string };
    ctx.auditExtra = { reason: input.reason };
    if (child.erased) return { childId: child._id, alreadyErased: true };
    const now = ctx.now();
    const me = ctx.actor?.personId;
    const tombstone: Record<string, unknown> = { erased: { at: now, by: me } };
    for (const k of TOMBSTONE_KEEP) if (child[k] !== undefined) tombstone[k] = child[k];
    await db.collection(C.children).doc(child._id).set(tombstone);
    const unset = Object.fromEntries(HISTORY_PERSONAL_FIELDS.map((f) => [f, _.remove()]));
    await db.collection(C.childHistory).where({ childId: child._id }).update({ ...unset, erased: true });
    await db.collection(C.correctionRequests).where({ childId: child._id }).update({ proposedValue: _.remove(), note: _.remove(), field: _.remove() });
    await db.collection(C.invitations).where({ 'scope.childIds': child._id, status: 'open' }).update({ status: 'revoked', revokedAt: now, revokedBy: me });
    // Relationship bindings lose this child; bindings left with no child end.
    await db.collection(C.roleBindings).where({ 'scope.childIds': child._id, status: 'active' }).update({ 'scope.childIds': _.pull(child._id) });
    await db.collection(C.roleBindings).where({ 'scope.kind': 'children', 'scope.childIds': _.size(0), status: 'active' }).update({ status: 'revoked', revokedAt: now, revokeReason: 'childErased' });
    return { childId: child._id, erasedAt: now };
  },
});
