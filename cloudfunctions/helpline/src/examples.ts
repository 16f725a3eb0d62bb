/**
 * Example data for the access matrix (`example` builders): requests and referrals inserted
 * straight into the database on the example's side.
 */
import type { ExampleWorld } from '../../_shared/access';
import { HL, NO_LEASE, ownerKeyOf, pseudonymFor, sealOpenid } from './common';

/**
 * Inserts a request in `w.side.teamId`.
 * @param opts `owner`: the requester's openid (default someone else); `status`; `heldBy` person id
 */
export async function exampleRequest(
  w: ExampleWorld,
  opts: { owner?: string; status?: 'open' | 'claimed' | 'closed'; heldBy?: string } = {},
): Promise<string> {
  const owner = opts.owner ?? `o-someone-${w.unique()}`;
  const id = `hlx${w.unique()}`;
  const status = opts.status ?? 'open';
  const held = status === 'claimed';
  await w.insert(HL.requests, {
    _id: id,
    requestNo: `HL20250301-${id.slice(-6)}`,
    teamId: w.side.teamId,
    source: 'app',
    category: 'psychological',
    description: '最近压力很大，想找人聊聊',
    requesterKind: 'child',
    anonymous: false,
    replyChannel: 'thread',
    ownerKey: ownerKeyOf(owner, false),
    requesterOpenid: sealOpenid(owner),
    pseudonym: pseudonymFor(id),
    priority: 'high',
    priorityRank: 2,
    crisis: false,
    status,
    submittedAt: w.now,
    queuedAt: w.now,
    claimedBy: held ? { personId: opts.heldBy ?? 'someone' } : null,
    leaseUntil: held ? new Date(w.now.getTime() + 600_000) : NO_LEASE,
    ...(held ? { firstClaimedAt: w.now } : {}),
    closedAt: status === 'closed' ? w.now : null,
    outcome: status === 'closed' ? 'resolved' : null,
    withdrawnAt: null,
    createdBy: 'example',
  });
  return id;
}

/** A request held by the example caller (helpline roles), for actions that need the lease. */
export async function exampleHeldRequest(w: ExampleWorld): Promise<string> {
  return exampleRequest(w, { status: 'claimed', heldBy: w.caller.personId ?? 'nobody' });
}

/** A referral sent by `w.side.teamId` to the side's township (police) and school. */
export async function exampleReferral(w: ExampleWorld): Promise<string> {
  const requestId = await exampleRequest(w, { status: 'claimed' });
  return w.insert(HL.referrals, {
    _id: `hlr${w.unique()}`,
    requestId,
    requestNo: 'HL20250301-abcdef',
    teamId: w.side.teamId,
    department: 'police',
    regionCode: w.side.townshipCode,
    schoolId: w.side.schoolId,
    siteId: w.side.siteId,
    summary: '孩子反映在校外受到威胁，请核实',
    category: 'legal',
    urgent: false,
    createdBy: 'example',
    createdAt: w.now,
    deadline: new Date(w.now.getTime() + 3 * 86_400_000),
    status: 'sent',
    reply: null,
    answeredAt: null,
    answeredBy: null,
  });
}
