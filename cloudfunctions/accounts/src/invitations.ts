/**
 * Invitations: an officer or admin issues a one-time code (and a QR code of it) for a role and
 * scope; the invitee accepts it in the mini-program, which binds their openid.
 * Expire (default 7 days), single use, revocable; guessing limited (5 failures per openid per
 * 10 minutes; a code locks after 10 wrong secrets).
 */
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import { ACCESS_COLLECTIONS as C, audit, dbOf, decryptText, encryptText, fetchAll, getDoc, ISSUERS, ISSUING_ROLES, issuingBinding, lookupHash, newInvitationCode, parseInvitationCode, presentPlain, requirePerson, resolveActor, ROLE_INFO, sameHash, scopeFilter, scopeRegionOf, seal, stableId, validateScopeForRole, type Binding, type BoundRole, type PairingKind, type Scope, type SealedValue } from './deps';
import { exampleGrantFor, invitationTarget, loadChildren, personNames } from './common';
import { maskName } from '../../_shared/access/masking';
import { describeScope, describeScopes, invitationCard as cardOf, refusalOf } from './invite-options';
import { notify } from '../../_shared/notify';
import type { Db } from '../../_shared/context';
import { accountsContract, INVITATION_POLICY } from '../../_shared/contracts/accounts';

const A = accountsContract.actions;

/** A stored invitation. The code itself is kept only encrypted (to re-show it to the issuer on retry). */
export interface InvitationDoc {
  _id: string;
  handle: string;
  secretHash: string;
  code: string;
  role: BoundRole;
  scope: Scope;
  scopeRegion?: string;
  childRegions?: string[];
  pairingKind?: PairingKind;
  supervisor?: boolean;
  /** Bind to this existing person (e.g. a guardian already in a child file). */
  personId?: string;
  inviteeName: string;
  inviteePhone?: SealedValue;
  issuedBy: string;
  issuedRole: BoundRole | 'system';
  issuedAt: Date;
  expiresAt: Date;
  status: 'open' | 'accepted' | 'revoked' | 'locked';
  failures: number;
  /** The setup code that bootstraps the first county admin. */
  bootstrap?: boolean;
  acceptedAt?: Date;
  acceptedBy?: string;
  acceptedOpenid?: string;
  bindingId?: string;
  revokedAt?: Date;
  revokedBy?: string;
}

/** Status as users see it: an open invitation past its expiry is `expired`. */
export function invitationStatus(inv: Pick<InvitationDoc, 'status' | 'expiresAt'>, now: Date): InvitationDoc['status'] | 'expired' {
  if (inv.status === 'open' && new Date(inv.expiresAt).getTime() <= now.getTime()) return 'expired';
  return inv.status;
}

/** Renders the QR code (PNG data URL) of a code for `wx.scanCode`; loaded lazily (cold start). */
async function qrDataUrl(text: string): Promise<string> {
  const QRCode = (await import('qrcode')).default;
  return QRCode.toDataURL(text, { margin: 1, width: 240, errorCorrectionLevel: 'M' });
}

/**
 * Creates and stores an invitation (no issuer check; callers check). Shared by `createInvitation`
 * and the setup-code bootstrap.
 */
export async function storeInvitation(
  db: Db,
  fields: Omit<InvitationDoc, '_id' | 'handle' | 'secretHash' | 'code' | 'status' | 'failures'>,
  id: string,
): Promise<{ doc: InvitationDoc; code: string; created: boolean }> {
  const existing = await getDoc<InvitationDoc>(db, C.invitations, id);
  if (existing) return { doc: existing, code: decryptText(existing.code, 'invitation.code'), created: false };
  let code = newInvitationCode();
  // Handles should be unique among open invitations (secrets are checked anyway).
  for (let i = 0; i < 5; i++) {
    const clash = await db.collection(C.invitations).where({ handle: code.handle, status: 'open' }).count();
    if (!clash.total) break;
    code = newInvitationCode();
  }
  const doc: InvitationDoc = {
    ...fields,
    _id: id,
    handle: code.handle,
    secretHash: lookupHash('invite', code.handle + code.secret),
    code: encryptText(code.display, 'invitation.code'),
    status: 'open',
    failures: 0,
  };
  for (const k of Object.keys(doc) as (keyof InvitationDoc)[]) if (doc[k] === undefined) delete doc[k];
  try {
    await db.collection(C.invitations).add(doc);
  } catch (err) {
    // A concurrent retry with the same request id won the insert.
    const again = await getDoc<InvitationDoc>(db, C.invitations, id);
    if (again) return { doc: again, code: decryptText(again.code, 'invitation.code'), created: false };
    throw err;
  }
  return { doc, code: code.display, created: true };
}

export const createInvitation = action(A.createInvitation, {
  access: { roles: ISSUING_ROLES, dataScope: 'handler' },
  example: (w) => ({ ...exampleGrantFor(w.role, w.side), inviteeName: '测试受邀人', requestId: `req-${w.unique()}` }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    const issuerId = await requirePerson(ctx);
    const scope = input.scope as Scope;
    const bad = validateScopeForRole(input.role, scope);
    if (bad) throw new AppError('VALIDATION_FAILED', bad, { issues: [{ path: 'scope', message: bad }] });
    if ((input.role === 'pairingMember') !== !!input.pairingKind) {
      throw new AppError('VALIDATION_FAILED', '结对帮扶人须注明类型（村干部/网格员/志愿者/邻居），其他角色不填', { issues: [{ path: 'pairingKind', message: '类型' }] });
    }
    if (input.supervisor && input.role !== 'townshipStaff') {
      throw new AppError('VALIDATION_FAILED', '只有乡镇工作人员可设为负责人', { issues: [{ path: 'supervisor', message: '仅乡镇工作人员' }] });
    }
    let childRegions: string[] = [];
    if (scope.kind === 'children') {
      const children = await loadChildren(db, scope.childIds);
      if (children.length !== new Set(scope.childIds).size || children.some((c) => c.erased)) throw new AppError('NOT_FOUND', '未找到指定的儿童档案');
      const byId = new Map(children.map((c) => [c._id, c.villageCode]));
      childRegions = scope.childIds.map((id) => byId.get(id)!);
    }
    const issuer = issuingBinding(actor.bindings, input.role, scope, childRegions);
    if (!issuer) {
      // Say why: the role is not the caller's to hand out, or the place is outside their own scope.
      const why = await refusalOf(db, actor.bindings, input.role, scope);
      throw new AppError('FORBIDDEN', why.message, { reason: why.reason });
    }
    ctx.grant = { role: issuer.role, binding: issuer };
    if (input.personId && !(await getDoc(db, C.persons, input.personId))) throw new AppError('NOT_FOUND', '未找到指定人员');
    const now = ctx.now();
    const { doc, code, created } = await storeInvitation(
      db,
      {
        role: input.role,
        scope,
        scopeRegion: scope.kind === 'children' ? childRegions[0] : scopeRegionOf(scope),
        childRegions: scope.kind === 'children' ? childRegions : undefined,
        pairingKind: input.pairingKind,
        supervisor: input.role === 'townshipStaff' ? !!input.supervisor : undefined,
        personId: input.personId,
        inviteeName: input.inviteeName,
        inviteePhone: input.inviteePhone ? seal('person.phone', input.inviteePhone) : undefined,
        issuedBy: issuerId,
        issuedRole: issuer.role,
        issuedAt: now,
        expiresAt: new Date(now.getTime() + input.ttlDays * 86_400_000),
      },
      stableId('inv', issuerId, input.requestId),
    );
    if (created) await audit(ctx, { op: 'invitation', target: { kind: 'invitation', id: doc._id }, regionCode: doc.scopeRegion });
    return { invitationId: doc._id, code, qrText: code, qrImage: await qrDataUrl(code), role: doc.role, expiresAt: doc.expiresAt, card: await cardOf(ctx, doc, code) };
  },
});

export const invitationCard = action(A.invitationCard, {
  access: { roles: ISSUING_ROLES, target: invitationTarget((i) => i.invitationId), audit: 'invitation' },
  example: async (w) => {
    const g = exampleGrantFor(w.role, w.side);
    // Issued by the caller: only the issuer may show it again (the code is sealed as stored ones are).
    const id = await w.insert(C.invitations, {
      ...g,
      handle: 'ZZZZ',
      secretHash: '00',
      code: encryptText('ZZZZ-ZZZZZZ', 'invitation.code'),
      scopeRegion: g.scope.kind === 'children' ? w.side.villageCode : scopeRegionOf(g.scope),
      childRegions: g.scope.kind === 'children' ? [w.side.villageCode] : undefined,
      inviteeName: '测试受邀人',
      issuedBy: w.caller.personId ?? 'someone-else',
      issuedRole: 'countyAdmin',
      issuedAt: w.now,
      expiresAt: new Date(w.now.getTime() + 86_400_000),
      status: 'open',
      failures: 0,
    });
    return { invitationId: id };
  },
  /**
   * The card of an invitation the caller issued that is still open (to show or share it again).
   * @throws FORBIDDEN (someone else's invitation), CONFLICT (used, revoked, locked or expired — says which)
   */
  handler: async (_input, ctx) => {
    const inv = ctx.grant!.target!.doc as InvitationDoc;
    const actor = await resolveActor(ctx);
    if (inv.issuedBy !== actor.personId) throw new AppError('FORBIDDEN', '只有发放人可以再次出示邀请卡');
    const status = invitationStatus(inv, ctx.now());
    if (status !== 'open') throw new AppError('CONFLICT', `该邀请码${STATUS_WORDS[status]}，不能再出示；如需要请重新发放`, { status });
    const code = decryptText(inv.code, 'invitation.code');
    return { invitationId: inv._id, code, qrText: code, qrImage: await qrDataUrl(code), role: inv.role, expiresAt: inv.expiresAt, card: await cardOf(ctx, inv, code) };
  },
});

/** An invitation's state in words (after 该邀请码). */
const STATUS_WORDS: Record<ReturnType<typeof invitationStatus>, string> = {
  open: '尚未使用',
  accepted: '已被使用',
  revoked: '已被撤销',
  locked: '已因多次输错被锁定',
  expired: '已过期',
};

export const listInvitations = action(A.listInvitations, {
  access: { roles: ISSUING_ROLES },
  example: () => ({}),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const actor = await resolveActor(ctx);
    const me = await requirePerson(ctx);
    const inScope = scopeFilter(db, actor, ['countyAdmin'], { region: 'scopeRegion' });
    const where = inScope ? _.or([{ issuedBy: me }, inScope]) : { issuedBy: me };
    const rows = await fetchAll<InvitationDoc>(db.collection(C.invitations).where(where), 2000);
    const now = ctx.now();
    const role = ctx.grant!.role;
    const places = await describeScopes(db, rows.map((r) => r.scope));
    return {
      invitations: rows
        .map((inv, i) => ({
          invitationId: inv._id,
          role: inv.role,
          roleLabel: ROLE_INFO[inv.role].label,
          scope: inv.scope,
          scopeText: places[i],
          pairingKind: inv.pairingKind,
          inviteeName: presentPlain('person.name', inv.inviteeName, role),
          status: invitationStatus(inv, now),
          issuedAt: inv.issuedAt,
          expiresAt: inv.expiresAt,
          acceptedAt: inv.acceptedAt,
          bootstrap: inv.bootstrap,
        }))
        .filter((i) => !input.status || i.status === input.status)
        .sort((a, b) => new Date(b.issuedAt).getTime() - new Date(a.issuedAt).getTime()),
    };
  },
});

export const revokeInvitation = action(A.revokeInvitation, {
  access: { roles: ISSUING_ROLES, target: invitationTarget((i) => i.invitationId), audit: 'invitation' },
  example: async (w) => {
    const g = exampleGrantFor(w.role, w.side);
    const id = await w.insert(C.invitations, {
      ...g,
      handle: 'ZZZZ',
      secretHash: '00',
      code: 'x',
      scopeRegion: g.scope.kind === 'children' ? w.side.villageCode : scopeRegionOf(g.scope),
      childRegions: g.scope.kind === 'children' ? [w.side.villageCode] : undefined,
      inviteeName: '测试受邀人',
      issuedBy: 'someone-else',
      issuedRole: 'countyAdmin',
      issuedAt: w.now,
      expiresAt: new Date(w.now.getTime() + 86_400_000),
      status: 'open',
      failures: 0,
    });
    return { invitationId: id };
  },
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const inv = ctx.grant!.target!.doc as InvitationDoc;
    const actor = await resolveActor(ctx);
    // Being in the region is not enough: only who may issue this invitation may revoke it.
    if (inv.issuedBy !== actor.personId && !issuingBinding(actor.bindings, inv.role, inv.scope, inv.childRegions ?? [])) {
      throw new AppError('FORBIDDEN');
    }
    if (inv.status !== 'open') throw new AppError('CONFLICT', '该邀请码已使用或已撤销', { status: inv.status });
    const res = await db.collection(C.invitations).where({ _id: inv._id, status: 'open' }).update({ status: 'revoked', revokedAt: ctx.now(), revokedBy: actor.personId });
    if (!res.updated) throw new AppError('CONFLICT', '该邀请码已使用或已撤销');
    return { invitationId: inv._id, status: 'revoked' as const };
  },
});

/** Invitation error codes and the Chinese the invitee reads. */
export const InvitationErrors = {
  INVITATION_INVALID: '邀请码无效，请核对后重新输入',
  INVITATION_EXPIRED: '邀请码已过期，请联系发放人重新生成',
  INVITATION_USED: '邀请码已被使用',
  INVITATION_REVOKED: '邀请码已被撤销',
  INVITATION_LOCKED: '该邀请码因多次输错已锁定，请联系发放人重新生成',
  SETUP_DONE: '系统已有县管理员，初始化码已失效',
} as const;

function fail(code: keyof typeof InvitationErrors): never {
  throw new AppError(code, InvitationErrors[code]);
}

/**
 * Reserves one attempt for `key` in the sliding window and says whether it is over the limit.
 * The event is inserted before counting, so concurrent attempts cannot all slip under the limit;
 * a successful attempt removes its event (only failures count).
 */
async function reserveAttempt(db: Db, key: string, now: Date): Promise<{ eventId: string; limited: boolean }> {
  const _ = db.command;
  const added = (await db.collection(C.rateEvents).add({ key, at: now })) as { id?: string; ids?: string[] };
  const eventId = added.id ?? added.ids?.[0] ?? '';
  const since = new Date(now.getTime() - INVITATION_POLICY.failureWindowMs);
  const { total } = await db.collection(C.rateEvents).where({ key, at: _.gt(since) }).count();
  return { eventId, limited: (total ?? 0) > INVITATION_POLICY.failuresPerOpenid };
}

async function countyAdminExists(db: Db, countyCode?: string): Promise<boolean> {
  const where: Record<string, unknown> = { role: 'countyAdmin', status: 'active' };
  if (countyCode) where.scopeRegion = countyCode;
  const { total } = await db.collection(C.roleBindings).where(where).count();
  return (total ?? 0) > 0;
}

export const acceptInvitation = action(A.acceptInvitation, {
  access: { roles: ['public'] },
  // Anyone identified may try a code; a well-formed code that matches nothing is an allowed call
  // (it fails with INVITATION_INVALID, not FORBIDDEN).
  example: () => ({ code: 'K7M3-Q8R2TX' }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const now = ctx.now();
    const openid = ctx.identity.openid;
    const actor = await resolveActor(ctx);
    const { eventId, limited } = await reserveAttempt(db, `invite:${openid}`, now);
    if (limited) throw new AppError('RATE_LIMITED', '输错次数过多，请10分钟后再试');
    const parsed = parseInvitationCode(input.code);
    if (!parsed) fail('INVITATION_INVALID');
    const candidates = await fetchAll<InvitationDoc>(db.collection(C.invitations).where({ handle: parsed.handle }), 50);
    const hash = lookupHash('invite', parsed.handle + parsed.secret);
    const inv = candidates.find((c) => sameHash(c.secretHash, hash));
    if (!inv) {
      // A wrong secret for an existing open handle counts against that code, whoever tries.
      for (const c of candidates.filter((c) => c.status === 'open')) {
        await db.collection(C.invitations).doc(c._id).update({ failures: _.inc(1) });
        const after = await getDoc<InvitationDoc>(db, C.invitations, c._id);
        if (after && after.failures >= INVITATION_POLICY.codeLockFailures) {
          await db.collection(C.invitations).where({ _id: c._id, status: 'open' }).update({ status: 'locked', lockedAt: now });
        }
      }
      fail('INVITATION_INVALID');
    }
    if (inv.status === 'accepted') {
      if (inv.acceptedOpenid === openid && inv.bindingId) {
        await db.collection(C.rateEvents).doc(eventId).remove();
        return { bindingId: inv.bindingId, role: inv.role, alreadyAccepted: true };
      }
      fail('INVITATION_USED');
    }
    if (inv.status === 'revoked') fail('INVITATION_REVOKED');
    if (inv.status === 'locked') fail('INVITATION_LOCKED');
    if (invitationStatus(inv, now) === 'expired') fail('INVITATION_EXPIRED');
    if (inv.bootstrap && (await countyAdminExists(db))) fail('SETUP_DONE');
    if (inv.personId && actor.personId && inv.personId !== actor.personId) {
      throw new AppError('CONFLICT', '此微信已绑定其他人员，不能接受为他人发放的邀请码');
    }
    // Claim: single-document conditional update, so only one accept wins.
    const claimed = await db.collection(C.invitations).where({ _id: inv._id, status: 'open' }).update({ status: 'accepted', acceptedAt: now, acceptedOpenid: openid });
    if (!claimed.updated) fail('INVITATION_USED');

    let personId = actor.personId ?? inv.personId;
    if (!personId) {
      const person: Record<string, unknown> = { name: inv.inviteeName, regionCode: inv.scopeRegion, createdAt: now, createdBy: inv.issuedBy };
      if (inv.inviteePhone) person.phone = inv.inviteePhone;
      for (const k of Object.keys(person)) if (person[k] === undefined) delete person[k];
      const added = (await db.collection(C.persons).add(person)) as { id?: string; ids?: string[] };
      personId = added.id ?? added.ids?.[0];
    }
    if (!actor.personId) {
      try {
        await db.collection(C.identities).add({ _id: openid, personId, createdAt: now });
      } catch {
        const existing = await getDoc<{ personId: string }>(db, C.identities, openid);
        if (!existing) throw new AppError('INTERNAL');
        personId = existing.personId;
      }
    }
    const binding: Omit<Binding, '_id'> & { childRegions?: string[] } = {
      personId: personId!,
      role: inv.role,
      scope: inv.scope,
      scopeRegion: inv.scopeRegion,
      childRegions: inv.childRegions,
      pairingKind: inv.pairingKind,
      supervisor: inv.supervisor,
      status: 'active',
      grantedAt: now,
      grantedBy: inv.issuedBy,
      invitationId: inv._id,
    };
    for (const k of Object.keys(binding) as (keyof typeof binding)[]) if (binding[k] === undefined) delete binding[k];
    const added = (await db.collection(C.roleBindings).add(binding)) as { id?: string; ids?: string[] };
    const bindingId = added.id ?? added.ids?.[0] ?? '';
    await db.collection(C.invitations).doc(inv._id).update({ acceptedBy: personId, bindingId });
    if (eventId) await db.collection(C.rateEvents).doc(eventId).remove();
    ctx.actor = { ...actor, personId, bindings: [...actor.bindings, { ...binding, _id: bindingId } as Binding] };
    ctx.grant = { role: inv.role, binding: { ...binding, _id: bindingId } as Binding };
    await audit(ctx, { op: 'binding', target: { kind: 'binding', id: bindingId }, regionCode: inv.scopeRegion, refs: { invitationId: inv._id } });
    // The issuer is told who accepted, by a masked name (the entry outlives masking decisions), and
    // plainly when it is not the person the code was issued to (codes are bearer tokens).
    if (!inv.bootstrap && inv.issuedBy && inv.issuedBy !== personId) {
      try {
        const accepter = (await personNames(db, [personId!]))[personId!] ?? '';
        const named = inv.inviteeName ?? '';
        const who = accepter ? `接受人：${maskName(accepter)}` : '接受人未留姓名';
        const mismatch = named && accepter && accepter.trim() !== named.trim() ? `，与发放时填写的受邀人（${maskName(named)}）不是同一人，如非您本意请在“人员与邀请”中撤销其权限` : '';
        await notify(ctx, {
          to: { personId: inv.issuedBy },
          kind: 'accounts.invitationAccepted',
          title: mismatch ? '邀请被他人接受' : '邀请已被接受',
          body: `您发放的“${ROLE_INFO[inv.role].label}”邀请（${await describeScope(db, inv.scope, { names: false })}）已被接受；${who}（${ROLE_INFO[inv.role].label}）${mismatch}`,
          ref: { kind: 'binding', id: bindingId },
          dedupeKey: `invitationAccepted:${inv._id}`,
        });
      } catch (err) {
        console.error('[accounts] could not tell the issuer', (err as Error)?.message ?? err);
      }
    }
    return { bindingId, role: inv.role, roleLabel: ROLE_INFO[inv.role].label, scope: inv.scope, alreadyAccepted: false };
  },
});

/** Exported for docs: which roles may issue each role. */
export const issuerTable = ISSUERS;
