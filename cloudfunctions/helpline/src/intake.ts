/**
 * The requester's side (求助 page): submit, my requests with their threads, messages, withdraw,
 * and the one satisfaction question. Every identified user may ask (role `public`); they only
 * ever see requests they submitted, matched by a keyed hash of their openid. Writes are audited;
 * for anonymous requests the audit entry names the request's pseudonym, never the caller.
 */
import { createHash } from 'node:crypto';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit } from '../../_shared/access';
import { helplineContract } from '../../_shared/contracts/helpline';
import { addMessageOnce, DEFAULT_LEASE_MS, HL, myRequestView, ownerKeysOf, requestDocId, threadOf, type MessageDoc, type RequestDoc } from './common';
import { alertSupervisors, createRequest, intakeTeam } from './services';
import { exampleRequest } from './examples';
import { fetchAll, getDoc } from '../../_shared/db';
import type { ActionContext } from '../../_shared/context';

const A = helplineContract.actions;

const REQUESTER = { roles: ['public'] as const, dataScope: 'handler' as const };

/** Loads a request the caller submitted. @throws NOT_FOUND; FORBIDDEN when it is someone else's */
async function ownRequest(ctx: ActionContext, id: string): Promise<RequestDoc> {
  const r = await getDoc<RequestDoc>(ctx.app.database(), HL.requests, id);
  if (!r) throw new AppError('NOT_FOUND');
  if (!r.ownerKey || !ownerKeysOf(ctx.identity.openid).includes(r.ownerKey)) throw new AppError('FORBIDDEN');
  return r;
}

/** Audits a requester's write under the request's pseudonym, named or anonymous (no plaintext openid at rest; issue 13). */
function auditRequester(ctx: ActionContext, r: RequestDoc, refs?: Record<string, string>): Promise<void> {
  return audit(ctx, { op: 'write', target: { kind: 'helplineRequest', id: r._id }, ...(refs ? { refs } : {}), pseudonym: r.pseudonym });
}

export const submitRequest = action(A.submitRequest, {
  access: { roles: ['public'] },
  example: (w) => ({ requestId: `rq-${w.unique()}`, category: 'psychological', description: '最近压力很大，想找人聊聊', requesterKind: 'child', anonymous: true }),
  /**
   * Creates the request in the intake team's queue. Idempotent on (caller, `requestId`): a retry
   * returns the first request with `duplicate: true`. Anonymous requests accept only the in-app
   * thread. Crisis words (current list, NFKC substring match) make it urgent and alert supervisors.
   * @returns `{ id, requestNo, priority, status, duplicate }`
   */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const openid = ctx.identity.openid;
    const { doc, duplicate } = await createRequest(ctx, {
      id: requestDocId(openid, input.requestId),
      teamId: await intakeTeam(db),
      source: 'app',
      category: input.category,
      description: input.description,
      requesterKind: input.requesterKind,
      anonymous: input.anonymous,
      replyChannel: input.anonymous ? 'thread' : input.replyChannel,
      callbackPhone: input.anonymous ? undefined : input.callbackPhone,
      openid,
      createdBy: 'requester',
      leaseMs: DEFAULT_LEASE_MS,
    });
    if (!duplicate) {
      await auditRequester(ctx, doc);
      if (doc.priority === 'urgent') await alertSupervisors(ctx, doc);
    }
    return { id: doc._id, requestNo: doc.requestNo, priority: doc.priority, status: doc.status, duplicate };
  },
});

export const myRequests = action(A.myRequests, {
  access: { roles: ['public'] },
  example: () => ({}),
  /** The caller's requests (named and anonymous), newest first, at most 100. */
  handler: async (_input, ctx) => {
    const db = ctx.app.database();
    const _ = db.command;
    const now = ctx.now();
    const res = await db.collection(HL.requests).where({ ownerKey: _.in(ownerKeysOf(ctx.identity.openid)) }).orderBy('submittedAt', 'desc').limit(100).get();
    const list = (res.data ?? []) as RequestDoc[];
    const ids = list.map((r) => r._id);
    const msgs = ids.length ? await fetchAll<MessageDoc>(db.collection(HL.messages).where({ requestId: _.in(ids), from: 'agent', kind: 'message' }).field({ requestId: true, at: true }), 5000) : [];
    const seen = new Map(list.map((r) => [r._id, r.requesterSeenAt ? new Date(r.requesterSeenAt).getTime() : 0]));
    const unread = new Map<string, number>();
    for (const m of msgs) if (new Date(m.at).getTime() > (seen.get(m.requestId) ?? 0)) unread.set(m.requestId, (unread.get(m.requestId) ?? 0) + 1);
    return { requests: list.map((r) => myRequestView(r, now, unread.get(r._id) ?? 0)) };
  },
});

export const getMyRequest = action(A.getMyRequest, {
  access: REQUESTER,
  example: async (w) => ({ id: await exampleRequest(w, w.scope === 'out' ? {} : { owner: w.caller.openid }) }),
  /** The request with its thread (messages only: call-back notes and referral notices are the team's); marks replies as read. */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const r = await ownRequest(ctx, input.id);
    const msgs = await threadOf(db, r._id);
    await db.collection(HL.requests).doc(r._id).update({ requesterSeenAt: ctx.now() });
    return myRequestView(r, ctx.now(), 0, msgs.filter((m) => (m.kind ?? 'message') === 'message'));
  },
});

/** Message `_id` for a client message id (idempotent posting). */
export function messageDocId(requestId: string, clientMessageId: string, from: string): string {
  return `hm${createHash('sha256').update(`${requestId}\n${from}\n${clientMessageId}`).digest('hex').slice(0, 30)}`;
}

export const postMyMessage = action(A.postMyMessage, {
  access: REQUESTER,
  example: async (w) => ({ id: await exampleRequest(w, w.scope === 'out' ? {} : { owner: w.caller.openid }), text: '补充一下情况', messageId: `msg-${w.unique()}` }),
  /** Adds the requester's message (idempotent on `messageId`). @throws CONFLICT when closed or withdrawn */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const r = await ownRequest(ctx, input.id);
    if (r.status === 'closed' || r.status === 'withdrawn') throw new AppError('CONFLICT', '该求助已结束，如仍需帮助请重新提交');
    const id = messageDocId(r._id, input.messageId, 'requester');
    const stored = await addMessageOnce(db, { _id: id, requestId: r._id, from: 'requester', kind: 'message', text: input.text, at: ctx.now() });
    if (stored.duplicate) return stored;
    await auditRequester(ctx, r, { messageId: id });
    return stored;
  },
});

export const withdrawRequest = action(A.withdrawRequest, {
  access: REQUESTER,
  example: async (w) => ({ id: await exampleRequest(w, w.scope === 'out' ? {} : { owner: w.caller.openid }) }),
  /** Withdraws an open or claimed request (counts as abandoned if no agent had answered). @throws CONFLICT */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const _ = db.command;
    const r = await ownRequest(ctx, input.id);
    const res = (await db
      .collection(HL.requests)
      .where({ _id: r._id, status: _.in(['open', 'claimed']) })
      .update({ status: 'withdrawn', withdrawnAt: ctx.now(), claimedBy: null, leaseUntil: new Date(0) })) as { updated?: number };
    if (!res.updated) throw new AppError('CONFLICT', '该求助已办结或已撤回');
    await auditRequester(ctx, r);
    return { id: r._id, status: 'withdrawn' as const };
  },
});

export const rateRequest = action(A.rateRequest, {
  access: REQUESTER,
  example: async (w) => ({ id: await exampleRequest(w, w.scope === 'out' ? { status: 'closed' } : { owner: w.caller.openid, status: 'closed' }), score: 5 }),
  /** Records the answer to "您对本次求助的处理满意吗？" once. @throws CONFLICT when not closed or already rated */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const _ = db.command;
    const r = await ownRequest(ctx, input.id);
    const res = (await db
      .collection(HL.requests)
      .where({ _id: r._id, status: 'closed', satisfaction: _.exists(false) })
      .update({ satisfaction: { score: input.score, at: ctx.now() } })) as { updated?: number };
    if (!res.updated) throw new AppError('CONFLICT', r.status === 'closed' ? '您已评价过' : '求助办结后才能评价');
    await auditRequester(ctx, r);
    return { id: r._id, score: input.score };
  },
});
