/** Reading the audit log ("who viewed this child", the county admin's view) and audited full-value reads. */
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import {
  ACCESS_COLLECTIONS as C,
  ROLE_INFO,
  audit,
  CHILD_FILE_READERS,
  childTarget,
  dbOf,
  isSealed,
  presentPlain,
  resolveActor,
  scopeFilter,
  seal,
  unseal,
  valueAtPath,
  visibility,
  type AuditEntry,
  type RoleName,
} from './deps';
import { personNames, personTarget } from './common';
import { accountsContract } from '../../_shared/contracts/accounts';

const A = accountsContract.actions;

const VIEW_OPS = ['read', 'write', 'reveal', 'consent', 'correction', 'erase', 'breakGlass'];

export const whoViewedChild = action(A.whoViewedChild, {
  access: {
    roles: ['parent', 'entrustedGuardian', 'villageOfficer', 'townshipStaff', 'countyAdmin'],
    target: childTarget((i: { childId: string }) => i.childId),
    audit: 'read',
  },
  example: (w) => ({ childId: w.side.childId }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const res = await db
      .collection(C.auditLog)
      .where({ 'target.kind': 'child', 'target.id': input.childId, op: _.in(VIEW_OPS) })
      .orderBy('at', 'desc')
      .limit(input.limit)
      .get();
    const rows = (res.data ?? []) as AuditEntry[];
    const names = await personNames(db, rows.map((r) => r.actor.personId ?? ''));
    const role = ctx.grant!.role;
    return {
      entries: rows.map((r) => ({
        at: r.at,
        op: r.op,
        action: r.action,
        role: r.role,
        roleLabel: r.role in ROLE_INFO ? ROLE_INFO[r.role as RoleName].label : '系统',
        name: r.actor.personId ? presentPlain('person.name', names[r.actor.personId], role) : undefined,
        breakGlass: !!r.breakGlass,
        reason: r.breakGlass ? r.reason : undefined,
      })),
    };
  },
});

export const queryAuditLog = action(A.queryAuditLog, {
  access: { roles: ['countyAdmin'] },
  example: () => ({}),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const actor = await resolveActor(ctx);
    const region = scopeFilter(db, actor, ['countyAdmin'], { region: 'regionCode' });
    const conds: unknown[] = [region ? _.or([region, { regionCode: _.exists(false) }]) : { regionCode: _.exists(false) }];
    if (input.personId) conds.push({ 'actor.personId': input.personId });
    if (input.childId) conds.push({ 'target.kind': 'child', 'target.id': input.childId });
    if (input.op) conds.push({ op: input.op });
    if (input.from) conds.push({ at: _.gte(input.from) });
    if (input.to) conds.push({ at: _.lt(input.to) });
    if (input.breakGlassOnly) conds.push({ breakGlass: _.exists(true) });
    const res = await db
      .collection(C.auditLog)
      .where(_.and(conds as never[]))
      .orderBy('at', 'desc')
      .skip(input.skip)
      .limit(input.limit)
      .get();
    const rows = (res.data ?? []) as (AuditEntry & { _id: string })[];
    const names = await personNames(db, rows.map((r) => r.actor.personId ?? ''));
    await audit(ctx, { op: 'search', count: rows.length, refs: { collection: C.auditLog } });
    return {
      entries: rows.map((r) => ({
        ...r,
        id: r._id,
        actorName: r.actor.personId ? presentPlain('person.name', names[r.actor.personId], 'countyAdmin') : undefined,
        roleLabel: r.role in ROLE_INFO ? ROLE_INFO[r.role as RoleName].label : '系统',
      })),
    };
  },
});

export const revealChildField = action(A.revealChildField, {
  access: {
    // Whoever reads the file may reveal what the file masks for them.
    roles: CHILD_FILE_READERS,
    target: childTarget((i: { childId: string }) => i.childId),
    audit: 'reveal',
    breakGlass: true,
  },
  example: (w) => {
    // A field the caller's role may see in full (masking table), so the call can succeed.
    const byField: [string, string][] = [
      ['idNumber', 'child.idNumber'],
      ['guardians.0.phone', 'guardian.phone'],
      ['guardians.0.idNumber', 'guardian.idNumber'],
    ];
    const hit = byField.find(([, f]) => ['full', 'reveal'].includes(visibility(f, w.role)));
    return { childId: w.side.childId, path: hit ? hit[0] : 'idNumber', reason: '核实身份办理入学' };
  },
  handler: async (input, ctx) => {
    const value = valueAtPath(ctx.grant!.target!.doc, input.path);
    if (!isSealed(value)) throw new AppError('NOT_FOUND', '该字段没有可查看的完整值');
    const vis = visibility(value.f, ctx.grant!.role);
    if (vis !== 'full' && vis !== 'reveal') throw new AppError('FORBIDDEN', '您的角色不能查看该字段的完整值');
    ctx.auditExtra = { reason: input.reason, fields: [input.path] };
    return { path: input.path, value: unseal(value) };
  },
});

export const revealPersonField = action(A.revealPersonField, {
  access: { roles: ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'], target: personTarget((i) => i.personId), audit: 'reveal', breakGlass: false },
  example: async (w) => {
    const personId = await w.insert(C.persons, { name: '测试人员', regionCode: w.side.villageCode, phone: seal('person.phone', '13800001234') });
    return { personId, field: 'phone', reason: '联系核实走访情况' };
  },
  handler: async (input, ctx) => {
    const person = ctx.grant!.target!.doc as Record<string, unknown>;
    const value = person[input.field];
    if (!isSealed(value)) throw new AppError('NOT_FOUND', '该人员没有登记此项');
    const vis = visibility(`person.${input.field}`, ctx.grant!.role);
    if (vis !== 'full' && vis !== 'reveal') throw new AppError('FORBIDDEN', '您的角色不能查看该字段的完整值');
    ctx.auditExtra = { reason: input.reason, fields: [input.field] };
    return { field: input.field, value: unseal(value) };
  },
});
