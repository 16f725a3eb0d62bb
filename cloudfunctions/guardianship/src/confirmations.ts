/**
 * Responsibility confirmations (监护责任确认书, policy §二(一)): an officer prepares one for a
 * child from the county's current template; each party signs in the mini-program (parents
 * remotely, the entrusted guardian on their own phone, the officer for the village committee,
 * or assisted on the officer's phone for a guardian without one); when every party has signed it
 * is in force until `expiresOn`; it can be revoked with a reason. Every signature renews the
 * tamper-evidence seal (seal.ts), stored on the document and in the audit log.
 *
 * Longer than 500 lines: the confirmation's life (draft, sign, assisted sign, seal, verify,
 * expire) around one document and its seal, read together.
 */
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import { childTarget, presentPlain, resolveActor, scopeFilter, scopeReaches, stableId, type Actor, type RoleName, type ExampleWorld } from '../../_shared/access';
import { notify } from '../../_shared/notify';
import { getCountyConfig } from '../../_shared/county-config';
import { addDays, shanghaiDay } from '../../_shared/time';
import type { ChildDoc } from '../../_shared/contracts/registry';
import { CONFIRMATION_STATUS_LABELS, guardianshipContract, PARTY_KEYS, PARTY_LABELS, PARTY_SIGNER_ROLE, REVOKE_REASON_LABELS, type ConfirmationDoc, type ConfirmationParty, type ConfirmationView, type PartyKey, type SignatureRecord, type VerificationReport } from '../../_shared/contracts/guardianship';
import { villageName, CONFIRMATION_READERS, G, OFFICER_ROLES, SIGNER_ROLES, confirmationTarget, loadChild, maskedChildName, personName, regionHolders, relationshipHolders, type Db } from './common';
import { committeeName, currentTemplate, renderTemplate } from './templates';
import { checkSeal, computeSeal, sha256Hex, verificationCode } from './seal';
import { syncGuardianshipOrder } from './orders';
import type { ActionContext } from '../../_shared/context';
import { dbOf, downloadStoredFile, fetchAll, getDoc } from '../../_shared/db';
import { checkedSignatureImage, keepEvidence, MAX_IMAGE_BYTES } from './evidence';
import { claimSigningSlot } from './signing-task';

/** `2027-02-26` → `2027年2月26日` (how a person reads a date). */
const chineseDay = (day: string): string => day.replace(/^(\d{4})-0?(\d{1,2})-0?(\d{1,2})$/, '$1年$2月$3日');

export { pngSize } from './evidence';

const A = guardianshipContract.actions;

/** Mini-program page a signer opens. */
/** 待我签署: the lines waiting for the person's signature (a signature request opens it). */
export const SIGNING_TASKS_PAGE = 'packageGuardianship/pages/tasks/index';


/** Parties taken from the child file: named parents, the named entrusted guardian, and the village committee. */
export function partiesFromChild(child: ChildDoc, village: string): ConfirmationParty[] {
  const out: ConfirmationParty[] = [];
  if (child.father?.name) out.push({ key: 'father', name: child.father.name });
  if (child.mother?.name) out.push({ key: 'mother', name: child.mother.name });
  if (child.entrusted?.name) out.push({ key: 'entrusted', name: child.entrusted.name, ...(child.entrusted.relationToChild ? { relation: child.entrusted.relationToChild } : {}) });
  out.push({ key: 'village', name: committeeName(village) });
  return out;
}


/** Parties `actor` may sign on `doc` now (own phone; assisted signing is a separate action). */
export function signableParties(doc: ConfirmationDoc, actor: Actor, myName?: string): PartyKey[] {
  if (doc.status !== 'pending') return [];
  const scope = { regionCode: doc.villageCode, childIds: [doc.childId] };
  const signedByMe = Object.values(doc.signatures ?? {}).some((s) => s && s.personId === actor.personId && !s.assisted);
  return doc.parties
    .filter((p) => !doc.signatures?.[p.key])
    .filter((p) => actor.bindings.some((b) => b.role === PARTY_SIGNER_ROLE[p.key] && scopeReaches(b.scope, scope)))
    .filter(() => !signedByMe)
    .filter((p) => p.key === 'village' || !myName || !p.name || p.name === myName)
    .map((p) => p.key);
}

/** A confirmation as the caller may see it (party and assisted names per the masking table). */
export function confirmationView(doc: ConfirmationDoc, role: RoleName, actor?: Actor, myName?: string): ConfirmationView {
  return {
    id: doc._id,
    childId: doc.childId,
    title: doc.title,
    text: doc.text,
    textSha256: sha256Hex(doc.text),
    templateVersion: doc.templateVersion,
    status: doc.status,
    statusLabel: CONFIRMATION_STATUS_LABELS[doc.status],
    parties: doc.parties.map((p) => {
      const s = doc.signatures?.[p.key];
      return {
        key: p.key,
        name: p.key === 'village' ? p.name : (presentPlain('guardian.name', p.name, role) ?? ''),
        ...(p.relation ? { relation: p.relation } : {}),
        label: PARTY_LABELS[p.key],
        signed: !!s,
        ...(s ? { signedAt: s.signedAt, assisted: !!s.assisted } : {}),
        ...(s?.assisted
          ? {
              assistedName: presentPlain('confirmation.assistedName', s.assisted.guardianName, role),
              assistedIdLast4: presentPlain('confirmation.assistedIdLast4', s.assisted.idLast4, role),
            }
          : {}),
      };
    }),
    preparedAt: doc.preparedAt,
    ...(doc.inForceAt ? { inForceAt: doc.inForceAt } : {}),
    ...(doc.expiresOn ? { expiresOn: doc.expiresOn } : {}),
    ...(doc.revokedAt ? { revokedAt: doc.revokedAt, revokeReason: doc.revokeReason } : {}),
    canSign: actor ? signableParties(doc, actor, myName) : [],
    ...(doc.seal && doc.status !== 'pending' ? { verificationCode: verificationCode(doc.seal.mac) } : {}),
  };
}

/** The latest confirmation of a child that is or was in force, or the pending one. */
export async function latestConfirmation(db: Db, childId: string): Promise<ConfirmationDoc | undefined> {
  const res = await db.collection(G.confirmations).where({ childId }).orderBy('preparedAt', 'desc').limit(20).get();
  const rows = (res.data ?? []) as ConfirmationDoc[];
  return rows.find((r) => r.status === 'inForce') ?? rows[0];
}

/** Notifies every party who signs on their own phone that a signature is requested. */
async function requestSignatures(ctx: ActionContext, doc: ConfirmationDoc, child: ChildDoc): Promise<number> {
  const db = dbOf(ctx);
  const recipients = new Set<string>();
  if (doc.parties.some((p) => p.key === 'father' || p.key === 'mother')) for (const id of await relationshipHolders(db, doc.childId, 'parent')) recipients.add(id);
  if (doc.parties.some((p) => p.key === 'entrusted')) for (const id of await relationshipHolders(db, doc.childId, 'entrustedGuardian')) recipients.add(id);
  for (const personId of recipients) {
    await notify(ctx, {
      to: { personId },
      kind: 'guardianship.signatureRequested',
      title: '请签署监护责任确认书',
      body: '村（居）民委员会请您在线阅读并签署监护责任确认书',
      ref: { kind: 'confirmation', id: doc._id },
      push: {
        template: 'signatureRequested',
        values: { thing1: maskedChildName(child), thing2: '监护责任确认书', time3: doc.preparedAt, thing4: '村委会' },
        // The signing tasks page: it knows which line (party) is this person's to sign.
        page: SIGNING_TASKS_PAGE,
      },
    });
  }
  return recipients.size;
}

export const prepareConfirmation = action(A.prepareConfirmation, {
  access: { roles: OFFICER_ROLES, target: childTarget((i: { childId: string }) => i.childId), audit: 'write', breakGlass: false },
  example: (w) => ({ childId: w.side.childId, requestId: `req-${w.unique()}`, parties: [{ key: 'father', name: '林大山' }] }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const child = ctx.grant!.target!.doc as ChildDoc & { erased?: unknown };
    if (child.erased) throw new AppError('NOT_FOUND');
    const actor = await resolveActor(ctx);
    const id = stableId('conf', input.childId, input.requestId);
    const existing = await getDoc<ConfirmationDoc>(db, G.confirmations, id);
    if (existing) return { confirmation: confirmationView(existing, ctx.grant!.role, actor), reused: true };
    const pending = await db.collection(G.confirmations).where({ childId: input.childId, status: 'pending' }).limit(1).get();
    const open = ((pending.data ?? []) as ConfirmationDoc[])[0];
    if (open) throw new AppError('CONFLICT', '该儿童已有一份待签署的确认书，请先完成或撤销', { confirmationId: open._id });

    const now = ctx.now();
    const county = child.countyCode ?? child.villageCode.slice(0, 6);
    const village = await villageName(db, child.villageCode);
    let parties = input.parties ?? partiesFromChild(child, village);
    const keys = new Set(parties.map((p) => p.key));
    if (keys.size !== parties.length) throw new AppError('VALIDATION_FAILED', '签署方：不能重复', { issues: [{ path: 'parties', label: '签署方', code: 'INVALID', message: '不能重复' }] });
    if (!keys.has('village')) parties = [...parties, { key: 'village', name: committeeName(village) }];
    if (!parties.some((p) => p.key !== 'village')) throw new AppError('VALIDATION_FAILED', '签署方：至少需要一位监护人签署', { issues: [{ path: 'parties', label: '签署方', code: 'INVALID', message: '至少需要一位监护人签署' }] });
    parties = PARTY_KEYS.flatMap((k) => parties.filter((p) => p.key === k));

    const template = await currentTemplate(db, county, now);
    const config = await getCountyConfig(db, county);
    const named = (k: PartyKey) => parties.find((p) => p.key === k);
    const text = renderTemplate(template.body, {
      'child.name': child.name,
      'child.birthDate': child.birthDate,
      'village.name': village,
      'village.committee': committeeName(village),
      'father.name': named('father')?.name,
      'mother.name': named('mother')?.name,
      'entrusted.name': named('entrusted')?.name,
      'entrusted.relation': named('entrusted')?.relation,
      validityDays: String(config.confirmationExpiryDays),
      date: shanghaiDay(now),
    });
    const orders = await db.collection(G.orders).where({ childId: input.childId, status: 'open' }).limit(1).get();
    const order = ((orders.data ?? []) as { _id: string }[])[0];
    const doc: ConfirmationDoc = {
      _id: id,
      childId: input.childId,
      countyCode: county,
      townshipCode: child.townshipCode ?? child.villageCode.slice(0, 9),
      villageCode: child.villageCode,
      templateId: template._id,
      templateVersion: template.version,
      title: template.title,
      text,
      parties,
      signatures: {},
      status: 'pending',
      preparedBy: actor.personId!,
      preparedAt: now,
      requestId: input.requestId,
      ...(order ? { orderId: order._id } : {}),
    };
    try {
      await db.collection(G.confirmations).add(doc);
    } catch {
      const again = await getDoc<ConfirmationDoc>(db, G.confirmations, id);
      if (again) return { confirmation: confirmationView(again, ctx.grant!.role, actor), reused: true };
      throw new AppError('CONFLICT');
    }
    ctx.auditExtra = { refs: { confirmationId: id } };
    const notified = await requestSignatures(ctx, doc, child);
    return { confirmation: confirmationView(doc, ctx.grant!.role, actor), notified, reused: false };
  },
});

export const getConfirmation = action(A.getConfirmation, {
  access: { roles: CONFIRMATION_READERS, target: confirmationTarget((i: { confirmationId: string }) => i.confirmationId), audit: 'read' },
  example: async (w) => ({ confirmationId: await exampleConfirmation(w) }),
  handler: async (_input, ctx) => {
    const actor = await resolveActor(ctx);
    return confirmationView(ctx.grant!.target!.doc as ConfirmationDoc, ctx.grant!.role, actor, await personName(dbOf(ctx), actor.personId));
  },
});

export const listConfirmations = action(A.listConfirmations, {
  access: { roles: CONFIRMATION_READERS, target: childTarget((i: { childId: string }) => i.childId), audit: 'read' },
  example: (w) => ({ childId: w.side.childId }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const rows = await fetchAll<ConfirmationDoc>(db.collection(G.confirmations).where({ childId: input.childId }), 200);
    rows.sort((a, b) => new Date(b.preparedAt).getTime() - new Date(a.preparedAt).getTime());
    const actor = await resolveActor(ctx);
    const mine = await personName(db, actor.personId);
    return { confirmations: rows.map((r) => confirmationView(r, ctx.grant!.role, actor, mine)) };
  },
});

export const mySigningTasks = action(A.mySigningTasks, {
  access: { roles: SIGNER_ROLES },
  example: () => ({}),
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    const where = scopeFilter(db, actor, SIGNER_ROLES, { village: 'villageCode', township: 'townshipCode', childId: 'childId' });
    if (!where) return { tasks: [] };
    const _ = db.command;
    const rows = await fetchAll<ConfirmationDoc>(db.collection(G.confirmations).where(_.and([where, { status: 'pending' }])), 500);
    const mine = await personName(db, actor.personId);
    const tasks = rows
      .map((r) => ({ doc: r, parties: signableParties(r, actor, mine) }))
      .filter((t) => t.parties.length)
      .map((t) => ({ id: t.doc._id, childId: t.doc.childId, title: t.doc.title, parties: t.parties, preparedAt: t.doc.preparedAt }));
    return { tasks };
  },
});

/**
 * Records one signature in a transaction (the party must still be unsigned and the document
 * pending); when it is the last one the confirmation comes into force. Renews the seal.
 */
async function recordSignature(ctx: ActionContext, id: string, record: SignatureRecord, textSha256: string): Promise<ConfirmationDoc> {
  const db = dbOf(ctx);
  const now = ctx.now();
  const updated = await db.runTransaction(async (tx: any) => {
    const got = await tx.collection(G.confirmations).doc(id).get();
    const doc = got.data as ConfirmationDoc | null;
    if (!doc) throw new AppError('NOT_FOUND');
    if (doc.status !== 'pending') throw new AppError('CONFLICT', '该确认书已不在待签署状态');
    if (sha256Hex(doc.text) !== textSha256) throw new AppError('TEXT_CHANGED', '确认书内容与您阅读的不一致，请刷新后重新阅读');
    if (!doc.parties.some((p) => p.key === record.party)) throw new AppError('VALIDATION_FAILED', '签署方：该确认书没有这个签署方', { issues: [{ path: 'party', label: '签署方', code: 'INVALID', message: '该确认书没有这个签署方' }] });
    if (doc.signatures?.[record.party]) throw new AppError('ALREADY_SIGNED', '该签署方已签名');
    const next: ConfirmationDoc = { ...doc, signatures: { ...(doc.signatures ?? {}), [record.party]: record } };
    const update: Record<string, unknown> = { [`signatures.${record.party}`]: record };
    if (next.parties.every((p) => next.signatures[p.key])) {
      const config = await getCountyConfig(db, doc.countyCode);
      next.status = 'inForce';
      next.inForceAt = now;
      next.expiresOn = addDays(shanghaiDay(now), config.confirmationExpiryDays);
      Object.assign(update, { status: next.status, inForceAt: now, expiresOn: next.expiresOn });
    }
    next.seal = await computeSeal(next, now);
    update.seal = next.seal;
    await tx.collection(G.confirmations).doc(id).update(update);
    return next;
  });
  return updated as ConfirmationDoc;
}

/** After a signature: the seal goes to the audit log (router entry), the order is re-checked when in force. */
async function afterSignature(ctx: ActionContext, doc: ConfirmationDoc, party: PartyKey, assisted: boolean): Promise<void> {
  ctx.auditExtra = {
    ...(assisted ? { reason: '协助签署' } : {}),
    refs: { party, seal: doc.seal!.mac, keyId: doc.seal!.keyId, payloadSha256: doc.seal!.payloadSha256, signatures: String(doc.seal!.signatures), status: doc.status, ...(assisted ? { assisted: 'true' } : {}) },
  };
  if (doc.status === 'inForce') {
    const db = dbOf(ctx);
    const child = await loadChild(db, doc.childId);
    if (child) await syncGuardianshipOrder(db, child, ctx.now(), (n) => notify(ctx, n));
    await notify(ctx, {
      to: { personId: doc.preparedBy },
      kind: 'guardianship.confirmationInForce',
      title: '监护责任确认书已生效',
      body: `各方已签署完毕，有效期到${chineseDay(addDays(doc.expiresOn!, -1))}（含当天）`,
      ref: { kind: 'confirmation', id: doc._id },
    });
  }
}

export const signConfirmation = action(A.signConfirmation, {
  access: { roles: SIGNER_ROLES, target: confirmationTarget((i: { confirmationId: string }) => i.confirmationId), audit: 'write', breakGlass: false },
  example: async (w) => exampleSignInput(w),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const doc = ctx.grant!.target!.doc as ConfirmationDoc;
    const actor = await resolveActor(ctx);
    const party = doc.parties.find((p) => p.key === input.party);
    if (!party) throw new AppError('VALIDATION_FAILED', '签署方：该确认书没有这个签署方', { issues: [{ path: 'party', label: '签署方', code: 'INVALID', message: '该确认书没有这个签署方' }] });
    const needed = PARTY_SIGNER_ROLE[input.party];
    const scope = { regionCode: doc.villageCode, childIds: [doc.childId] };
    if (!actor.bindings.some((b) => b.role === needed && scopeReaches(b.scope, scope))) throw new AppError('FORBIDDEN', '您不是该签署方，不能代其签名');
    const signedBefore = Object.entries(doc.signatures ?? {}).find(([, s]) => s && s.personId === actor.personId && !s.assisted);
    if (signedBefore) {
      throw new AppError('ALREADY_SIGNED', signedBefore[0] === input.party ? '您已签署过这份确认书' : '您已签署过这份确认书的另一方');
    }
    if (input.party !== 'village') {
      const mine = await personName(db, actor.personId);
      if (mine && party.name && mine !== party.name) throw new AppError('PARTY_MISMATCH', '确认书中该签署方的姓名与您的身份不一致，请联系村专干核实');
    }
    const image = await checkedSignatureImage(ctx, input.signature, { confirmationId: doc._id, party: input.party });
    const record: SignatureRecord = {
      party: input.party,
      personId: actor.personId!,
      role: needed,
      fileID: image.fileID,
      imageSha256: image.sha256,
      strokes: input.signature.strokes,
      width: input.signature.width,
      height: input.signature.height,
      signedAt: ctx.now(),
    };
    const updated = await recordSignature(ctx, doc._id, record, input.textSha256);
    await afterSignature(ctx, updated, input.party, false);
    return confirmationView(updated, ctx.grant!.role, actor, await personName(db, actor.personId));
  },
});

export const signAssisted = action(A.signAssisted, {
  access: { roles: ['villageOfficer'], target: confirmationTarget((i: { confirmationId: string }) => i.confirmationId), audit: 'write', breakGlass: false },
  example: async (w) => ({ ...(await exampleSignInput(w, 'father')), guardianName: '林大山', idLast4: '123X' }),
  handler: async (input, ctx) => {
    const doc = ctx.grant!.target!.doc as ConfirmationDoc;
    const actor = await resolveActor(ctx);
    const party = doc.parties.find((p) => p.key === input.party);
    if (!party) throw new AppError('VALIDATION_FAILED', '签署方：该确认书没有这个签署方', { issues: [{ path: 'party', label: '签署方', code: 'INVALID', message: '该确认书没有这个签署方' }] });
    if (party.name && party.name !== input.guardianName) throw new AppError('PARTY_MISMATCH', '监护人姓名与确认书中的签署方不一致');
    // The officer's phone took both: each from a slot handed to the officer for this line.
    if (input.photoFileID) await claimSigningSlot(ctx, input.photoFileID, { confirmationId: doc._id, party: input.party }, 'photo', { label: '协助签署照片', field: 'photoFileID', redo: '请在这份确认书的签署页重新拍照' });
    const image = await checkedSignatureImage(ctx, input.signature, { confirmationId: doc._id, party: input.party });
    let photoSha256: string | undefined;
    let photoFileID: string | undefined;
    if (input.photoFileID) {
      const photo = await downloadStoredFile(ctx, input.photoFileID, '照片', 'photoFileID');
      if (photo.length > MAX_IMAGE_BYTES) throw new AppError('BAD_FILE', '照片过大');
      photoSha256 = sha256Hex(photo);
      photoFileID = await keepEvidence(ctx, photo, photoSha256, { kind: 'photos', confirmationId: doc._id, party: input.party, ext: 'jpg' });
    }
    const record: SignatureRecord = {
      party: input.party,
      personId: actor.personId!,
      role: 'villageOfficer',
      fileID: image.fileID,
      imageSha256: image.sha256,
      strokes: input.signature.strokes,
      width: input.signature.width,
      height: input.signature.height,
      signedAt: ctx.now(),
      assisted: {
        assistedBy: actor.personId!,
        guardianName: input.guardianName,
        idLast4: input.idLast4,
        ...(photoFileID ? { photoFileID, photoSha256 } : {}),
      },
    };
    const updated = await recordSignature(ctx, doc._id, record, input.textSha256);
    await afterSignature(ctx, updated, input.party, true);
    return confirmationView(updated, ctx.grant!.role, actor);
  },
});

/**
 * Checks a stored confirmation against its seal, its images and the audit log.
 * @returns the report (never throws for a mismatch: that is what it reports)
 */
export async function verify(ctx: ActionContext, doc: ConfirmationDoc): Promise<VerificationReport> {
  const db = dbOf(ctx);
  const problems = await checkSeal(doc);
  for (const key of PARTY_KEYS) {
    const s = doc.signatures?.[key];
    if (!s) continue;
    try {
      const bytes = await downloadStoredFile(ctx, s.fileID, '签名图片');
      if (sha256Hex(bytes) !== s.imageSha256) problems.push(`${PARTY_LABELS[key]}的签名图片与签署时不一致`);
    } catch {
      problems.push(`${PARTY_LABELS[key]}的签名图片无法读取`);
    }
    if (s.assisted?.photoFileID) {
      try {
        const bytes = await downloadStoredFile(ctx, s.assisted.photoFileID, '照片');
        if (sha256Hex(bytes) !== s.assisted.photoSha256) problems.push(`${PARTY_LABELS[key]}的协助签署照片与签署时不一致`);
      } catch {
        problems.push(`${PARTY_LABELS[key]}的协助签署照片无法读取`);
      }
    }
  }
  if (doc.seal) {
    // The audit log is append-only: the seal of the most-signed state it recorded must be the
    // stored one (signatures only ever increase, so that entry is the latest even when several
    // share a timestamp).
    const rows = await fetchAll<{ refs?: { seal?: string; signatures?: string } }>(
      db.collection('auditLog').where({ 'target.kind': 'confirmation', 'target.id': doc._id, 'refs.seal': db.command.exists(true) }),
      100,
    );
    const most = Math.max(-1, ...rows.map((r) => Number(r.refs?.signatures ?? 0)));
    const latest = rows.filter((r) => Number(r.refs?.signatures ?? 0) === most);
    if (!rows.length) problems.push('审计日志中没有这份确认书的签章记录');
    else if (!latest.some((r) => r.refs?.seal === doc.seal!.mac)) problems.push('确认书签章与审计日志中的最新记录不一致');
  }
  const signed = PARTY_KEYS.filter((k) => doc.signatures?.[k]);
  return {
    valid: problems.length === 0,
    status: doc.status,
    ...(doc.seal ? { code: verificationCode(doc.seal.mac) } : {}),
    signedParties: signed,
    assisted: signed.filter((k) => !!doc.signatures[k]!.assisted),
    problems,
    checkedAt: ctx.now(),
  };
}

export const verifyConfirmation = action(A.verifyConfirmation, {
  access: { roles: CONFIRMATION_READERS, target: confirmationTarget((i: { confirmationId: string }) => i.confirmationId), audit: 'read' },
  example: async (w) => ({ confirmationId: await exampleConfirmation(w) }),
  handler: async (_input, ctx) => verify(ctx, ctx.grant!.target!.doc as ConfirmationDoc),
});

export const revokeConfirmation = action(A.revokeConfirmation, {
  access: { roles: OFFICER_ROLES, target: confirmationTarget((i: { confirmationId: string }) => i.confirmationId), audit: 'write', breakGlass: false },
  example: async (w) => ({ confirmationId: await exampleConfirmation(w), reason: 'guardianChanged' }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const doc = ctx.grant!.target!.doc as ConfirmationDoc;
    const actor = await resolveActor(ctx);
    if (doc.status === 'revoked') throw new AppError('CONFLICT', '该确认书已撤销');
    const now = ctx.now();
    const _ = db.command;
    const res = await db.collection(G.confirmations).where({ _id: doc._id, status: _.neq('revoked') }).update({ status: 'revoked', revokedAt: now, revokedBy: actor.personId, revokeReason: input.reason, ...(input.note ? { revokeNote: input.note } : {}) });
    if (!(res as { updated?: number }).updated) throw new AppError('CONFLICT', '该确认书已撤销');
    ctx.auditExtra = { reason: REVOKE_REASON_LABELS[input.reason] };
    const renewal = input.reason !== 'childLeft';
    if (renewal) {
      const officers = await regionHolders(db, 'villageOfficer', doc.villageCode);
      for (const personId of officers) {
        await notify(ctx, {
          to: { personId },
          kind: 'guardianship.renewalNeeded',
          title: '请重新签订监护责任确认书',
          body: `确认书已撤销（${REVOKE_REASON_LABELS[input.reason]}），请为该儿童重新制作并签订`,
          ref: { kind: 'child', id: doc.childId },
        });
      }
    }
    const child = await loadChild(db, doc.childId);
    if (child) await syncGuardianshipOrder(db, child, now, (n) => notify(ctx, n));
    const after = { ...doc, status: 'revoked' as const, revokedAt: now, revokeReason: input.reason };
    return { confirmation: confirmationView(after, ctx.grant!.role, actor), renewalNeeded: renewal };
  },
});

// ---------------------------------------------------------------------------------------------
// Examples for the access matrix (documentation of valid inputs).

type World = ExampleWorld;

/** Inserts a pending confirmation for the side's child and returns its id. */
export async function exampleConfirmation(w: World, extra: Partial<ConfirmationDoc> = {}): Promise<string> {
  const text = '监护责任确认书（示例）';
  return w.insert(G.confirmations, {
    _id: `conf-example-${w.unique()}`,
    childId: w.side.childId,
    countyCode: w.side.countyCode,
    townshipCode: w.side.townshipCode,
    villageCode: w.side.villageCode,
    templateId: `${w.side.countyCode}-v1`,
    templateVersion: 1,
    title: '农村留守儿童监护责任确认书',
    text,
    parties: [
      { key: 'father', name: '测试人员' },
      { key: 'entrusted', name: '测试人员' },
      { key: 'village', name: '示例村（居）民委员会' },
    ],
    signatures: {},
    status: 'pending',
    preparedBy: 'example',
    preparedAt: w.now,
    requestId: w.unique(),
    ...extra,
  });
}

/** A 1×1 white PNG is too small for the pad; examples upload nothing and name a missing file (BAD_FILE means allowed). */
async function exampleSignInput(w: World, party?: PartyKey) {
  const id = await exampleConfirmation(w);
  const chosen: PartyKey = party ?? (w.role === 'parent' ? 'father' : w.role === 'entrustedGuardian' ? 'entrusted' : 'village');
  return {
    confirmationId: id,
    party: chosen,
    signature: { fileID: `cloud://${w.envId}.example/signatures/${w.unique()}.png`, strokes: 3, width: 600, height: 300 },
    textSha256: sha256Hex('监护责任确认书（示例）'),
  };
}
