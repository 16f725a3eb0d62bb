/**
 * The agents' workbench: the queue, claiming (next or a given request), leases (heartbeat,
 * release, transfer), the thread, call-backs, logged phone calls, closing and reopening, duty.
 * Only helpline roles of the request's team reach a request (`requestTarget`). Every action an
 * agent takes on a request they hold renews the lease.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { ACCESS_COLLECTIONS as C, audit, presentPlain } from '../../_shared/access';
import { helplineContract } from '../../_shared/contracts/helpline';
import { addMessageOnce, agentRequestView, callerPerson, callerTeam, DEFAULT_LEASE_MS, HELPLINE_ROLES, HL, messageView, NO_LEASE, requestTarget, threadOf, type ReferralDoc, type RequestDoc } from './common';
import { claimNext as claimNextInQueue, readQueueHead, renewLease, tryClaim, waitingWhere } from './queue';
import { alertSupervisors, createRequest, notifyRequester, onDutyAgents, requireTeam, teamMembers } from './services';
import { messageDocId } from './intake';
import { exampleHeldRequest, exampleRequest } from './examples';
import { referralView } from './referrals';
import type { ActionContext } from '../../_shared/context';
import { fetchAll, getDoc } from '../../_shared/db';
import { REFERRAL_SITE_KINDS, SITES_COLLECTION } from '../../_shared/site-referrals';
import { SITE_KIND_LABELS, type SiteKind } from '../../_shared/contracts/community';

const A = helplineContract.actions;

const ON_REQUEST = { roles: HELPLINE_ROLES, target: requestTarget((i: { id: string }) => i.id) };
const byId = (req: (w: any) => Promise<string>) => async (w: any) => ({ id: await req(w) });

/** The request the router loaded (target). */
function loaded(ctx: ActionContext): RequestDoc {
  return ctx.grant!.target!.doc as RequestDoc;
}

/**
 * Renews the caller's lease on the request, which they must hold.
 * @throws CONFLICT when the caller does not hold a live lease on it
 */
async function requireHeld(ctx: ActionContext, id: string): Promise<RequestDoc> {
  const doc = await renewLease(ctx.app.database(), id, callerPerson(ctx), ctx.now(), DEFAULT_LEASE_MS);
  if (!doc) throw new AppError('CONFLICT', '该求助不在您名下或领取已过期，请先领取');
  return doc;
}

function view(ctx: ActionContext, r: RequestDoc) {
  return agentRequestView(r, ctx.grant!.role, ctx.actor?.personId, ctx.now());
}

export const queue = action(A.queue, {
  access: { roles: HELPLINE_ROLES },
  example: () => ({}),
  /**
   * Waiting requests of the caller's team in queue order, plus counts, and the caller's own duty
   * state (so the workbench shows 值班中 as it is, not as last toggled on this phone). Audited as
   * one search.
   */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const _ = db.command;
    const teamId = callerTeam(ctx);
    const now = ctx.now();
    const ids = await readQueueHead(db, teamId, now, input.limit);
    const docs = ids.length ? await fetchAll<RequestDoc>(db.collection(HL.requests).where({ _id: _.in(ids) }), 100) : [];
    const byIdMap = new Map(docs.map((d) => [d._id, d]));
    const waiting = (await db.collection(HL.requests).where(waitingWhere(db, teamId, now)).count()).total ?? 0;
    const claimed = (await db.collection(HL.requests).where({ teamId, status: 'claimed', leaseUntil: _.gte(now) }).count()).total ?? 0;
    const duty = await getDoc<{ teamId: string; onDuty: boolean; since?: Date }>(db, HL.duty, callerPerson(ctx));
    await audit(ctx, { op: 'search', count: ids.length, refs: { teamId } });
    return {
      waiting,
      claimed,
      requests: ids.map((id) => byIdMap.get(id)).filter((d): d is RequestDoc => !!d).map((d) => view(ctx, d)),
      // On duty for another team (after moving teams) is not on duty here.
      duty: { onDuty: !!duty && duty.onDuty && duty.teamId === teamId, since: duty?.since ?? null },
    };
  },
});

export const claimNext = action(A.claimNext, {
  access: { roles: HELPLINE_ROLES },
  example: () => ({}),
  /**
   * Claims the next waiting request of the caller's team with a 10-minute lease (queue.ts).
   * @returns `{ request }`, `request` null when the queue is empty
   * @throws CONFLICT (`BUSY` in details) when the queue kept changing under many claimers
   */
  handler: async (_input, ctx) => {
    const db = ctx.app.database();
    const out = await claimNextInQueue(db, { teamId: callerTeam(ctx), agent: { personId: callerPerson(ctx) }, now: ctx.now() });
    if (out.busy) throw new AppError('CONFLICT', '当前领取的人较多，请稍后再试', { busy: true });
    if (!out.doc) return { request: null };
    await audit(ctx, { op: 'write', target: { kind: 'helplineRequest', id: out.doc._id } });
    return { request: view(ctx, out.doc) };
  },
});

export const claim = action(A.claim, {
  access: { ...ON_REQUEST, audit: 'write' },
  example: byId((w) => exampleRequest(w)),
  /** Claims the request if it is waiting (or renews the caller's own lease). @throws CONFLICT when someone else holds it or it is closed */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const r = loaded(ctx);
    const me = callerPerson(ctx);
    const doc = (await tryClaim(db, input.id, r.teamId, { personId: me }, ctx.now())) ?? (await renewLease(db, input.id, me, ctx.now()));
    if (!doc) throw new AppError('CONFLICT', r.status === 'claimed' ? '该求助已被其他接线员领取' : '该求助当前不在队列中');
    return { request: view(ctx, doc) };
  },
});

export const heartbeat = action(A.heartbeat, {
  access: { ...ON_REQUEST, audit: false },
  example: byId(exampleHeldRequest),
  /** Renews the caller's lease (10 minutes from now). @throws CONFLICT when the lease was lost */
  handler: async (input, ctx) => {
    const doc = await requireHeld(ctx, input.id);
    return { leaseUntil: doc.leaseUntil };
  },
});

export const release = action(A.release, {
  access: { ...ON_REQUEST, audit: 'write' },
  example: byId(exampleHeldRequest),
  /** Returns a request the caller holds (supervisors: any in their team) to the queue. @throws CONFLICT */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const cond: Record<string, unknown> = { _id: input.id, status: 'claimed' };
    if (ctx.grant!.role !== 'helplineSupervisor') cond['claimedBy.personId'] = callerPerson(ctx);
    const res = (await db.collection(HL.requests).where(cond).update({ status: 'open', claimedBy: null, leaseUntil: NO_LEASE, queuedAt: ctx.now() })) as { updated?: number };
    if (!res.updated) throw new AppError('CONFLICT', '该求助不在您名下');
    return { id: input.id, status: 'open' as const };
  },
});

export const transfer = action(A.transfer, {
  access: { ...ON_REQUEST, audit: 'write' },
  example: async (w) => ({ id: await exampleHeldRequest(w), toTeamId: w.side.teamId }),
  /**
   * To an agent: they hold it with a fresh lease. To a team: it joins that team's queue.
   * Only the holder (or a supervisor of the team) transfers. @throws CONFLICT, NOT_FOUND
   */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const now = ctx.now();
    const r = loaded(ctx);
    const cond: Record<string, unknown> = { _id: input.id, status: 'claimed' };
    if (ctx.grant!.role !== 'helplineSupervisor') {
      cond['claimedBy.personId'] = callerPerson(ctx);
      cond.leaseUntil = db.command.gte(now);
    }
    let update: Record<string, unknown>;
    if (input.toPersonId) {
      const members = [...(await teamMembers(db, r.teamId, 'helplineAgent')), ...(await teamMembers(db, r.teamId, 'helplineSupervisor'))];
      if (!members.includes(input.toPersonId)) throw new AppError('NOT_FOUND', '该接线员不在本团队');
      update = { claimedBy: { personId: input.toPersonId }, leaseUntil: new Date(now.getTime() + DEFAULT_LEASE_MS), claimedAt: now };
    } else {
      await requireTeam(db, input.toTeamId!);
      update = { teamId: input.toTeamId, status: 'open', claimedBy: null, leaseUntil: NO_LEASE, queuedAt: now };
    }
    const res = (await db.collection(HL.requests).where(cond).update(update)) as { updated?: number };
    if (!res.updated) throw new AppError('CONFLICT', '该求助不在您名下或领取已过期');
    ctx.auditExtra = { refs: input.toPersonId ? { toPersonId: input.toPersonId } : { toTeamId: input.toTeamId! } };
    return { id: input.id, transferred: true };
  },
});

export const getRequest = action(A.getRequest, {
  access: { ...ON_REQUEST, audit: 'read' },
  example: byId((w) => exampleRequest(w)),
  /** The request, its thread, referrals, and the requester's earlier named requests in this team. Renews the caller's lease if held. */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const _ = db.command;
    let r = loaded(ctx);
    if (r.status === 'claimed' && r.claimedBy?.personId === ctx.actor?.personId) r = (await renewLease(db, r._id, callerPerson(ctx), ctx.now())) ?? r;
    const [msgs, refs] = await Promise.all([
      threadOf(db, r._id),
      fetchAll<ReferralDoc>(db.collection(HL.referrals).where({ requestId: r._id }), 100),
    ]);
    let history: { id: string; requestNo: string; categoryLabel: string; statusLabel: string; submittedAt: Date }[] = [];
    if (!r.anonymous && r.ownerKey) {
      const prev = await db.collection(HL.requests).where({ ownerKey: r.ownerKey, anonymous: false, teamId: r.teamId, _id: _.neq(r._id) }).orderBy('submittedAt', 'desc').limit(20).get();
      history = ((prev.data ?? []) as RequestDoc[]).map((p) => {
        const v = view(ctx, p);
        return { id: v.id, requestNo: v.requestNo, categoryLabel: v.categoryLabel, statusLabel: v.statusLabel, submittedAt: p.submittedAt };
      });
    }
    return { request: view(ctx, r), messages: msgs.map((m) => ({ ...messageView(m), kind: m.kind ?? 'message' })), referrals: refs.map((x) => referralView(x, ctx.now())), history };
  },
});

export const reply = action(A.reply, {
  access: { ...ON_REQUEST, audit: 'write' },
  example: async (w) => ({ id: await exampleHeldRequest(w), text: '你好，我是热线接线员，愿意听你说说', messageId: `msg-${w.unique()}` }),
  /** Adds the agent's message (idempotent on `messageId`), sets the first response, notifies the requester. @throws CONFLICT */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const r = await requireHeld(ctx, input.id);
    const id = messageDocId(r._id, input.messageId, 'agent');
    const stored = await addMessageOnce(db, { _id: id, requestId: r._id, from: 'agent', kind: 'message', agentId: callerPerson(ctx), text: input.text, at: ctx.now() });
    if (stored.duplicate) return stored;
    await db.collection(HL.requests).doc(r._id).update({ firstResponseAt: db.command.min(stored.at), lastAgentMessageAt: stored.at });
    ctx.auditExtra = { refs: { messageId: id } };
    await notifyRequester(ctx, r, '已回复', `您的求助（${r.requestNo}）有新的回复`);
    return stored;
  },
});

export const logCallback = action(A.logCallback, {
  access: { ...ON_REQUEST, audit: 'write' },
  example: async (w) => ({ id: await exampleHeldRequest(w), note: '已回电，约定明天再联系' }),
  /** Records a call back as an internal note (not shown to the requester); counts as a response. @throws CONFLICT */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const r = await requireHeld(ctx, input.id);
    const at = ctx.now();
    const added = (await db.collection(HL.messages).add({ requestId: r._id, from: 'agent', kind: 'callback', agentId: callerPerson(ctx), text: input.note, at })) as { id?: string };
    await db.collection(HL.requests).doc(r._id).update({ firstResponseAt: db.command.min(at) });
    return { id: String(added.id), at };
  },
});

export const logCall = action(A.logCall, {
  access: { roles: HELPLINE_ROLES },
  example: (w) => ({ requestId: `call-${w.unique()}`, category: 'familyEducation', description: '家长来电咨询亲子沟通', requesterKind: 'parent' }),
  /** Creates a phone request in the caller's team, held by the caller (idempotent on `requestId`); urgent calls (flagged, or crisis words) alert supervisors. */
  handler: async (input, ctx) => {
    const me = callerPerson(ctx);
    const { doc, duplicate } = await createRequest(ctx, {
      id: `hlc${messageDocId(me, input.requestId, 'call').slice(2)}`,
      teamId: callerTeam(ctx),
      source: 'phone',
      category: input.category,
      description: input.description,
      requesterKind: input.requesterKind,
      anonymous: input.anonymous,
      replyChannel: input.callbackPhone ? 'phone' : 'thread',
      callbackPhone: input.callbackPhone,
      loggedBy: { personId: me },
      urgent: input.urgent,
      createdBy: me,
      leaseMs: DEFAULT_LEASE_MS,
    });
    if (!duplicate) {
      await audit(ctx, { op: 'write', target: { kind: 'helplineRequest', id: doc._id } });
      if (doc.priority === 'urgent') await alertSupervisors(ctx, doc);
    }
    return { request: view(ctx, doc), duplicate };
  },
});

export const closeRequest = action(A.closeRequest, {
  access: { ...ON_REQUEST, audit: 'write' },
  example: async (w) => ({ id: await exampleHeldRequest(w), outcome: 'resolved' }),
  /** Closes a request the caller holds. @throws CONFLICT */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const now = ctx.now();
    const me = callerPerson(ctx);
    const res = (await db
      .collection(HL.requests)
      .where({ _id: input.id, status: 'claimed', 'claimedBy.personId': me, leaseUntil: db.command.gte(now) })
      .updateAndReturn({ status: 'closed', closedAt: now, closedBy: me, outcome: input.outcome, closeNote: input.note ?? null, leaseUntil: NO_LEASE })) as { updated?: number; doc?: RequestDoc };
    if (!res.updated || !res.doc) throw new AppError('CONFLICT', '该求助不在您名下或领取已过期');
    await notifyRequester(ctx, res.doc, '已办结', `您的求助（${res.doc.requestNo}）已办结，欢迎评价`);
    return { request: view(ctx, res.doc) };
  },
});

export const reopenRequest = action(A.reopenRequest, {
  access: { ...ON_REQUEST, audit: 'write' },
  example: byId((w) => exampleRequest(w, { status: 'closed' })),
  /** Puts a closed request back in the queue. @throws CONFLICT when it is not closed */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const now = ctx.now();
    const res = (await db
      .collection(HL.requests)
      .where({ _id: input.id, status: 'closed' })
      .update({ status: 'open', closedAt: null, outcome: null, claimedBy: null, leaseUntil: NO_LEASE, queuedAt: now, reopenedAt: now })) as { updated?: number };
    if (!res.updated) throw new AppError('CONFLICT', '只有已办结的求助可以重新打开');
    return { id: input.id, status: 'open' as const };
  },
});

export const myClaims = action(A.myClaims, {
  access: { roles: HELPLINE_ROLES },
  example: () => ({}),
  /**
   * `held` (default): requests the caller holds with a live lease, urgent first. `closed`: the
   * ones the caller closed in the last 30 days, newest first (at most 50), so one closed by
   * mistake, or whose requester calls again, can be found and reopened.
   */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const _ = db.command;
    const now = ctx.now();
    if (input.status === 'closed') {
      const since = new Date(now.getTime() - 30 * 86_400_000);
      const res = await db.collection(HL.requests).where({ teamId: callerTeam(ctx), status: 'closed', closedBy: callerPerson(ctx), closedAt: _.gte(since) }).orderBy('closedAt', 'desc').limit(50).get();
      return { requests: ((res.data ?? []) as RequestDoc[]).map((r) => view(ctx, r)) };
    }
    const rows = await fetchAll<RequestDoc>(db.collection(HL.requests).where({ teamId: callerTeam(ctx), status: 'claimed', 'claimedBy.personId': callerPerson(ctx), leaseUntil: _.gte(now) }), 200);
    rows.sort((a, b) => b.priorityRank - a.priorityRank || new Date(a.submittedAt).getTime() - new Date(b.submittedAt).getTime());
    return { requests: rows.map((r) => view(ctx, r)) };
  },
});

export const setDuty = action(A.setDuty, {
  access: { roles: HELPLINE_ROLES },
  example: () => ({ onDuty: true }),
  /** Records the caller on or off duty for their team. */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const me = callerPerson(ctx);
    const now = ctx.now();
    await db.collection(HL.duty).doc(me).set({ teamId: callerTeam(ctx), onDuty: input.onDuty, since: now, role: ctx.grant!.role });
    return { onDuty: input.onDuty, since: now };
  },
});

export const dutyBoard = action(A.dutyBoard, {
  access: { roles: HELPLINE_ROLES },
  example: () => ({}),
  /** On-duty agents of the caller's team with names and the number of requests each holds. */
  handler: async (_input, ctx) => {
    const db = ctx.app.database();
    const _ = db.command;
    const teamId = callerTeam(ctx);
    const now = ctx.now();
    const duty = await onDutyAgents(db, teamId);
    const ids = duty.map((d) => d.personId);
    const [people, held] = await Promise.all([
      ids.length ? fetchAll<{ _id: string; name?: string }>(db.collection(C.persons).where({ _id: _.in(ids) }).field({ _id: true, name: true }), 1000) : [],
      fetchAll<{ claimedBy: { personId: string } }>(db.collection(HL.requests).where({ teamId, status: 'claimed', leaseUntil: _.gte(now) }).field({ claimedBy: true }), 5000),
    ]);
    const names = new Map(people.map((p) => [p._id, p.name ?? '']));
    const counts = new Map<string, number>();
    for (const h of held) counts.set(h.claimedBy.personId, (counts.get(h.claimedBy.personId) ?? 0) + 1);
    return {
      onDuty: duty.map((d) => ({ personId: d.personId, name: presentPlain('person.name', names.get(d.personId), ctx.grant!.role), since: d.since, holding: counts.get(d.personId) ?? 0 })),
    };
  },
});

export const handoffTargets = action(A.handoffTargets, {
  access: { roles: HELPLINE_ROLES },
  example: () => ({}),
  /**
   * Where the caller can hand a request on, by name: team mates for `transfer` (on duty first),
   * the other helpline teams for `transfer`, and registered schools for `refer` (department
   * `school`), and the directory's protection centre, shelters and social organisations for
   * `refer` (department `site`; `staffed` false: nobody is bound, the county admins would take it).
   * Townships and villages come from `registry.regions`.
   * @returns `{ agents, teams, schools, sites }`
   */
  handler: async (_input, ctx) => {
    const db = ctx.app.database();
    const _ = db.command;
    const teamId = callerTeam(ctx);
    const me = callerPerson(ctx);
    const [agents, supervisors, duty, teams, schools, sites, siteStaff] = await Promise.all([
      teamMembers(db, teamId, 'helplineAgent'),
      teamMembers(db, teamId, 'helplineSupervisor'),
      onDutyAgents(db, teamId),
      fetchAll<{ _id: string; name?: string }>(db.collection(HL.teams), 200).then((all) => all.filter((t) => t._id !== teamId)),
      fetchAll<{ _id: string; name?: string; regionCode?: string }>(db.collection(HL.schools), 2000),
      fetchAll<{ _id: string; name: string; kind: string; regionCode: string }>(db.collection(SITES_COLLECTION).where({ status: 'open' }), 2000),
      fetchAll<{ scope: { siteId?: string } }>(db.collection(C.roleBindings).where({ role: 'siteStaff', status: 'active' }), 5000),
    ]);
    const staffed = new Set(siteStaff.map((b) => b.scope.siteId));
    const mates = [...new Set([...agents, ...supervisors])].filter((p) => p !== me);
    const people = mates.length ? await fetchAll<{ _id: string; name?: string }>(db.collection(C.persons).where({ _id: _.in(mates) }).field({ _id: true, name: true }), 1000) : [];
    const names = new Map(people.map((p) => [p._id, p.name ?? '']));
    const onDuty = new Set(duty.map((d) => d.personId));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh-CN');
    return {
      agents: mates
        .map((personId) => ({ personId, name: presentPlain('person.name', names.get(personId), ctx.grant!.role) ?? '接线员', onDuty: onDuty.has(personId) }))
        .sort((a, b) => Number(b.onDuty) - Number(a.onDuty) || byName(a, b)),
      teams: teams.map((t) => ({ teamId: t._id, name: t.name ?? '热线团队' })).sort(byName),
      schools: schools
        .filter((s) => !!s.name && !!s.regionCode)
        .map((s) => ({ schoolId: s._id, name: s.name!, regionCode: s.regionCode! }))
        .sort((a, b) => (a.regionCode === b.regionCode ? byName(a, b) : a.regionCode < b.regionCode ? -1 : 1)),
      // County-wide entries (the protection centre) first, then by area.
      sites: sites
        .filter((s) => (REFERRAL_SITE_KINDS as readonly string[]).includes(s.kind))
        .map((s) => ({ siteId: s._id, name: s.name, kindLabel: SITE_KIND_LABELS[s.kind as SiteKind] ?? '服务机构', regionCode: s.regionCode, staffed: staffed.has(s._id) }))
        .sort((a, b) => a.regionCode.length - b.regionCode.length || (a.regionCode === b.regionCode ? byName(a, b) : a.regionCode < b.regionCode ? -1 : 1)),
    };
  },
});
