/**
 * Shared pieces of the helpline function: collections, stored shapes, target kinds, requester
 * keys and the views each side gets. docs/helpline.md explains the model.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../_shared/errors';
import { lookupHash } from '../../_shared/crypto';
import { requesterKeyOf } from '../../_shared/notify';
import { presentSealed, seal, unseal, type RoleName, type SealedValue, type TargetSpec } from '../../_shared/access';
import {
  CATEGORY_LABELS,
  OUTCOME_LABELS,
  PRIORITY_LABELS,
  STATUS_LABELS,
  type AgentRequestView,
  type MyRequestView,
  type RequestStatus,
  type ThreadMessage,
  type RequestDoc,
  type MessageDoc,
  type ReferralDoc,
} from '../../_shared/contracts/helpline';
import { isWaiting } from '../../_shared/contracts/helpline';
import type { ActionContext, Db } from '../../_shared/context';
import { getDoc, insertOnce } from '../../_shared/db';

/** Collections of the helpline (listed in _shared/collections.ts). */
export const HL = {
  requests: 'helplineRequests',
  messages: 'helplineMessages',
  referrals: 'helplineReferrals',
  duty: 'helplineDuty',
  crisisWords: 'helplineCrisisWords',
  teams: 'helplineTeams',
  /** Registered schools (name, township); the helpline only reads their names for referrals. */
  schools: 'schools',
} as const;

/** Helpline roles: the only ones that see requests. */
export const HELPLINE_ROLES = ['helplineAgent', 'helplineSupervisor'] as const satisfies readonly RoleName[];
export const SUPERVISOR_ROLES = ['helplineSupervisor'] as const satisfies readonly RoleName[];

/** Team that receives mini-program requests when no team is marked default. */
export const FALLBACK_TEAM_ID = 'county-helpline';

/** Default lease of a claim: 10 minutes. */
export const DEFAULT_LEASE_MS = 10 * 60_000;

/** A lease "until the epoch" = no live lease (an open request). */
export const NO_LEASE = new Date(0);

// The stored documents are declared in the contract (other capabilities read them: supervision).
export type { RequestDoc, MessageDoc, ReferralDoc } from '../../_shared/contracts/helpline';

/** Target: one helpline request; reaches the request's team only. */
export const requestTarget = (id: (i: any) => string): TargetSpec<any, RequestDoc> => ({
  kind: 'helplineRequest',
  collection: HL.requests,
  id,
  scopeOf: (r) => ({ teamId: r.teamId }),
});

/**
 * Target: a referral. The helpline team that sent it, and the department it went to: the region
 * (police, civil affairs), the school, or the directory entry (and its area: the county admins
 * answer for an entry nobody is bound to).
 */
export const referralTarget = (id: (i: any) => string): TargetSpec<any, ReferralDoc> => ({
  kind: 'helplineReferral',
  collection: HL.referrals,
  id,
  scopeOf: (r) => ({ teamId: r.teamId, regionCode: r.regionCode, schoolIds: r.schoolId ? [r.schoolId] : [], siteIds: r.siteId ? [r.siteId] : [] }),
});

/**
 * Keyed hash of a requester: `named` and `anonymous` use separate key domains, so the two never
 * match. Defined in _shared/notify.ts, because the inbox finds a requester's replies by it.
 */
export const ownerKeyOf = requesterKeyOf;

/** Both keys of a caller (their requests may be named or anonymous). */
export function ownerKeysOf(openid: string): string[] {
  return [ownerKeyOf(openid, false), ownerKeyOf(openid, true)];
}

/** The request's `_id` for a client request id: the same user retrying gets the same id. */
export function requestDocId(openid: string, clientRequestId: string): string {
  return `hl${lookupHash('helplineRequest', `${openid}\n${clientRequestId}`).slice(0, 30)}`;
}

/** Seals a requester's openid (no masked prefix kept). */
export function sealOpenid(openid: string): SealedValue {
  return { ...seal('helpline.requesterOpenid', openid), m: '' };
}

/** `匿名-` + 6 hex of a keyed hash of the request id: stable per request, unlinkable across requests. */
export function pseudonymFor(requestId: string): string {
  return `匿名-${lookupHash('helplinePseudonym', requestId).slice(0, 6)}`;
}

/** Display number `HL20250301-3f9a2c` (Shanghai date + 6 hex of the id). */
export function requestNoFor(id: string, shanghaiDay: string): string {
  return `HL${shanghaiDay.replace(/-/g, '')}-${createHash('sha256').update(id).digest('hex').slice(0, 6)}`;
}

/** The team the caller's helpline binding is in (router already checked the role). */
export function callerTeam(ctx: ActionContext): string {
  const s = ctx.grant?.binding?.scope;
  if (!s || s.kind !== 'team') throw new AppError('FORBIDDEN');
  return s.teamId;
}

/** The caller's person id (helpline roles are always bound). */
export function callerPerson(ctx: ActionContext): string {
  const id = ctx.actor?.personId;
  if (!id) throw new AppError('FORBIDDEN');
  return id;
}

// The waiting predicate is the contract's (supervision counts waiting requests with it too).
export { isWaiting };

/** The status a person should see: a claimed request whose lease ran out is back in the queue. */
export function effectiveStatus(r: RequestDoc, now: Date): RequestStatus {
  return r.status === 'claimed' && isWaiting(r, now) ? 'open' : r.status;
}

/** A thread message as shown (agents' person ids are not shown to requesters). */
export function messageView(m: MessageDoc): ThreadMessage {
  return { id: m._id, from: m.from, text: m.text, at: m.at };
}

/** What the requester sees of their own request. */
export function myRequestView(r: RequestDoc, now: Date, unread = 0, messages?: MessageDoc[]): MyRequestView {
  const status = effectiveStatus(r, now);
  const view: MyRequestView = {
    id: r._id,
    requestNo: r.requestNo,
    category: r.category,
    categoryLabel: CATEGORY_LABELS[r.category],
    description: r.description,
    status,
    statusLabel: STATUS_LABELS[status],
    anonymous: r.anonymous,
    replyChannel: r.replyChannel,
    submittedAt: r.submittedAt,
    closedAt: r.closedAt,
    unread,
    canRate: r.status === 'closed' && !r.satisfaction,
  };
  // The requester typed this number: a person sees their own record in full (docs/access.md).
  if (r.callbackPhone) view.callbackPhone = unseal(r.callbackPhone);
  if (r.outcome) view.outcomeLabel = OUTCOME_LABELS[r.outcome];
  if (r.satisfaction) view.satisfaction = r.satisfaction.score;
  if (messages) view.messages = messages.map(messageView);
  return view;
}

/**
 * What a helpline agent or supervisor sees: never the requester's openid, key or person; the
 * callback phone per the masking table (`helpline.callbackPhone`).
 */
export function agentRequestView(r: RequestDoc, role: RoleName, me: string | undefined, now: Date): AgentRequestView {
  const status = effectiveStatus(r, now);
  const view: AgentRequestView = {
    id: r._id,
    requestNo: r.requestNo,
    teamId: r.teamId,
    source: r.source,
    category: r.category,
    categoryLabel: CATEGORY_LABELS[r.category],
    description: r.description,
    requesterKind: r.requesterKind,
    anonymous: r.anonymous,
    requesterLabel: r.anonymous ? r.pseudonym : '求助人',
    replyChannel: r.replyChannel,
    priority: r.priority,
    priorityLabel: PRIORITY_LABELS[r.priority],
    crisis: r.crisis,
    status,
    statusLabel: STATUS_LABELS[status],
    submittedAt: r.submittedAt,
    claimedBy: status === 'claimed' ? r.claimedBy : null,
    leaseUntil: status === 'claimed' ? r.leaseUntil : null,
    mine: status === 'claimed' && !!me && r.claimedBy?.personId === me,
    firstResponseAt: r.firstResponseAt,
    closedAt: r.closedAt,
    outcome: r.outcome,
  };
  const phone = presentSealed(r.callbackPhone, role);
  if (phone) view.callbackPhone = phone;
  return view;
}

/** A request's thread, oldest first (messages of the same instant in the order they were written). */
export async function threadOf(db: Db, requestId: string): Promise<MessageDoc[]> {
  const res = await db.collection(HL.messages).where({ requestId }).orderBy('at', 'asc').limit(1000).get();
  return (res.data ?? []) as MessageDoc[];
}

/**
 * Stores a thread message once per id (`messageDocId`: request, client message id, side), so two
 * taps of one message — a weak network's retry, or both at once — make one message.
 * @returns the message's id and time; `duplicate` when it was already stored (its first `at`)
 */
export async function addMessageOnce(db: Db, doc: MessageDoc): Promise<{ id: string; at: Date; duplicate: boolean }> {
  if (await insertOnce(db, HL.messages, doc)) return { id: doc._id, at: doc.at, duplicate: false };
  return { id: doc._id, at: (await getDoc<MessageDoc>(db, HL.messages, doc._id))!.at, duplicate: true };
}

export type { Db };
