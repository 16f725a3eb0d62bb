/**
 * A child's family message thread (issue 11 "family messages both ways"): the parent working
 * away, the entrusted guardian at home and the village officer write to each other about the
 * child; each sees the thread with read marks and answers from it. Policy §二(二): parents keep
 * in touch with the child and the entrusted guardian; the village officer is the family's
 * contact. The in-app notification is authoritative; opening the thread marks it read.
 */
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import { childTarget, presentPlain, resolveActor, stableId, type RoleName } from '../../_shared/access';
import { notify } from '../../_shared/notify';
import type { ChildDoc } from '../../_shared/contracts/registry';
import { MESSAGE_PARTIES, MESSAGE_PARTY_LABELS, guardianshipContract, type MessageParty, type ParentMessageDoc, type ParentMessageView } from '../../_shared/contracts/guardianship';
import { G, personName, regionHolders, relationshipHolders, type Db } from './common';
import { dbOf, fetchAll, insertOnce } from '../../_shared/db';

const A = guardianshipContract.actions;

/** Page the message notification opens. */
export const MESSAGES_PAGE = 'packageGuardianship/pages/messages/index';

/** The people on one side of a child's thread. */
async function holdersOf(db: Db, child: ChildDoc, side: MessageParty): Promise<string[]> {
  if (side === 'villageOfficer') return regionHolders(db, 'villageOfficer', child.villageCode);
  return relationshipHolders(db, child._id, side);
}

/** Messages as the caller sees them (texts per the masking table; sender names plain). */
export async function messageViews(db: Db, rows: ParentMessageDoc[], me: string, role: RoleName): Promise<ParentMessageView[]> {
  const names = new Map<string, string | undefined>();
  for (const id of new Set(rows.map((m) => m.from))) names.set(id, await personName(db, id));
  return rows.map((m) => {
    const fromRole = m.fromRole ?? 'parent';
    const mine = m.from === me;
    const readBy = m.readBy ?? [];
    return {
      id: m._id,
      to: m.to,
      toLabel: MESSAGE_PARTY_LABELS[m.to],
      fromRole,
      fromLabel: MESSAGE_PARTY_LABELS[fromRole],
      fromName: presentPlain('person.name', names.get(m.from), role),
      mine,
      read: mine ? readBy.length > 0 : readBy.includes(me),
      text: presentPlain('checkIn.message', m.text, role),
      at: m.createdAt,
    };
  });
}

export const sendMessage = action(A.sendMessage, {
  access: { roles: ['parent', 'entrustedGuardian', 'villageOfficer'], target: childTarget((i: { childId: string }) => i.childId), audit: 'write', breakGlass: false },
  example: (w) => ({ childId: w.side.childId, requestId: `req-${w.unique()}`, to: w.role === 'villageOfficer' ? 'parent' : 'villageOfficer', text: '孩子最近学习怎么样？' }),
  /**
   * Sends a message about the child to one side of the thread (never one's own), and tells each
   * person on that side in the inbox (`guardianship.parentMessage`, opening the thread).
   * Idempotent on (sender, `requestId`).
   * @returns `{ id, delivered, reused }` — `delivered`: people told (0 when nobody is bound on that side yet)
   * @throws VALIDATION_FAILED 不能给自己这一方留言; FORBIDDEN when the child is not the caller's
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    const fromRole = ctx.grant!.role as MessageParty;
    if (input.to === fromRole) throw new AppError('VALIDATION_FAILED', '不能给自己这一方留言，请选择发给谁', { field: 'to' });
    const child = ctx.grant!.target!.doc as ChildDoc;
    const doc: ParentMessageDoc = {
      _id: stableId('pm', actor.personId!, input.requestId),
      childId: input.childId,
      villageCode: child.villageCode,
      from: actor.personId!,
      fromRole,
      to: input.to,
      text: input.text,
      createdAt: ctx.now(),
      readBy: [],
    };
    if (!(await insertOnce(db, G.messages, doc))) return { id: doc._id, delivered: 0, reused: true };
    const recipients = (await holdersOf(db, child, input.to)).filter((p) => p !== actor.personId);
    for (const personId of recipients) {
      await notify(ctx, {
        to: { personId },
        kind: 'guardianship.parentMessage',
        title: `${MESSAGE_PARTY_LABELS[fromRole]}留言`,
        body: `${MESSAGE_PARTY_LABELS[fromRole]}就孩子给您留言了，点开查看并回复`,
        ref: { kind: 'childMessages', id: input.childId },
      });
    }
    ctx.auditExtra = { refs: { messageId: doc._id } };
    return { id: doc._id, delivered: recipients.length, reused: false };
  },
});

export const listMessages = action(A.listMessages, {
  access: { roles: ['parent', 'entrustedGuardian', 'villageOfficer', 'townshipStaff', 'countyAdmin'], target: childTarget((i: { childId: string }) => i.childId), audit: 'read' },
  example: (w) => ({ childId: w.side.childId }),
  /**
   * The child's family thread, oldest first (the latest 100): every message between the parent,
   * the entrusted guardian and the village officer, with who wrote it and read marks. Opening it
   * marks the messages to the caller's side as read by the caller. Township staff and county
   * admins read without marking and cannot write.
   * @returns {@link MessageThread}
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const role = ctx.grant!.role;
    const actor = await resolveActor(ctx);
    const me = actor.personId!;
    const child = ctx.grant!.target!.doc as ChildDoc;
    const rows = await fetchAll<ParentMessageDoc>(db.collection(G.messages).where({ childId: input.childId }), 2000);
    rows.sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
    const latest = rows.slice(-100);
    const myRole = (MESSAGE_PARTIES as readonly string[]).includes(role) ? (role as MessageParty) : undefined;
    const views = await messageViews(db, latest, me, role);
    let unread = 0;
    if (myRole) {
      const toMe = latest.filter((m) => m.to === myRole && m.from !== me && !(m.readBy ?? []).includes(me));
      unread = toMe.length;
      const _ = db.command;
      for (const m of toMe) await db.collection(G.messages).doc(m._id).update({ readBy: _.addToSet(me) });
    }
    return {
      childName: presentPlain('child.name', child.name, role),
      myRole,
      canWriteTo: myRole ? MESSAGE_PARTIES.filter((p) => p !== myRole).map((p) => ({ role: p, label: MESSAGE_PARTY_LABELS[p] })) : [],
      messages: views,
      unread,
    };
  },
});
