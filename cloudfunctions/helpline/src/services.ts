/**
 * Helpline services used by several actions: the crisis word list in force, the team that takes
 * mini-program requests, creating a request, supervisor alerts and reply notifications.
 */
import { AppError } from '../../_shared/errors';
import { shanghaiDay } from '../../_shared/time';
import { ACCESS_COLLECTIONS as C, seal, unseal } from '../../_shared/access';
import { notify } from '../../_shared/notify';
import { PRIORITY_RANK, type HelplineCategory, type Priority, type ReplyChannel, type RequesterKind } from '../../_shared/contracts/helpline';
import { DEFAULT_CRISIS_WORDS, findCrisisWords } from './crisis-words';
import { FALLBACK_TEAM_ID, HL, NO_LEASE, ownerKeyOf, pseudonymFor, requestNoFor, sealOpenid, type Db, type RequestDoc } from './common';
import type { ActionContext } from '../../_shared/context';
import { fetchAll, getDoc } from '../../_shared/db';

/** The crisis word list in force: the newest stored version, else the committed default (version 0). */
export async function currentCrisisWords(db: Db): Promise<{ version: number; words: string[]; updatedAt?: Date }> {
  const res = await db.collection(HL.crisisWords).orderBy('version', 'desc').limit(1).get();
  const doc = (res.data ?? [])[0] as { version: number; words: string[]; at?: Date } | undefined;
  return doc ? { version: doc.version, words: doc.words, updatedAt: doc.at } : { version: 0, words: [...DEFAULT_CRISIS_WORDS] };
}

/** The team that receives mini-program requests: the team marked `default`, else `FALLBACK_TEAM_ID`. */
export async function intakeTeam(db: Db): Promise<string> {
  const res = await db.collection(HL.teams).where({ default: true }).limit(1).get();
  const t = (res.data ?? [])[0] as { _id: string } | undefined;
  return t?._id ?? FALLBACK_TEAM_ID;
}

/** What a new request is made of. */
export interface NewRequest {
  id: string;
  teamId: string;
  source: 'app' | 'phone';
  category: HelplineCategory;
  description: string;
  requesterKind: RequesterKind;
  anonymous: boolean;
  replyChannel: ReplyChannel;
  callbackPhone?: string;
  /** The requester's openid (mini-program requests); never stored in plaintext. */
  openid?: string;
  /** Agent logging a phone call: the request starts claimed by them, answered. */
  loggedBy?: { personId: string };
  urgent?: boolean;
  createdBy: string;
  leaseMs: number;
}

/**
 * Builds and inserts a request (priority from the crisis word list: any hit → urgent; a child's
 * request → high; else normal).
 * @returns the stored request and whether an identical one (same `_id`) already existed
 */
export async function createRequest(ctx: ActionContext, n: NewRequest): Promise<{ doc: RequestDoc; duplicate: boolean }> {
  const db = ctx.app.database();
  const existing = await getDoc<RequestDoc>(db, HL.requests, n.id);
  if (existing) return { doc: existing, duplicate: true };
  const now = ctx.now();
  const list = await currentCrisisWords(db);
  const hits = findCrisisWords(n.description, list.words);
  const priority: Priority = hits.length || n.urgent ? 'urgent' : n.requesterKind === 'child' ? 'high' : 'normal';
  const doc: RequestDoc = {
    _id: n.id,
    requestNo: requestNoFor(n.id, shanghaiDay(now)),
    teamId: n.teamId,
    source: n.source,
    category: n.category,
    description: n.description,
    requesterKind: n.requesterKind,
    anonymous: n.anonymous,
    replyChannel: n.replyChannel,
    pseudonym: pseudonymFor(n.id),
    priority,
    priorityRank: PRIORITY_RANK[priority],
    crisis: hits.length > 0,
    crisisWordsVersion: list.version,
    status: n.loggedBy ? 'claimed' : 'open',
    submittedAt: now,
    queuedAt: now,
    claimedBy: n.loggedBy ? { personId: n.loggedBy.personId } : null,
    leaseUntil: n.loggedBy ? new Date(now.getTime() + n.leaseMs) : NO_LEASE,
    closedAt: null,
    outcome: null,
    withdrawnAt: null,
    createdBy: n.createdBy,
  };
  if (n.loggedBy) {
    doc.firstClaimedAt = now;
    doc.firstResponseAt = now; // the call itself was answered by the agent
    doc.loggedBy = n.loggedBy.personId;
  }
  if (n.openid) {
    doc.ownerKey = ownerKeyOf(n.openid, n.anonymous);
    doc.requesterOpenid = sealOpenid(n.openid);
  }
  if (n.callbackPhone && !n.anonymous) doc.callbackPhone = seal('helpline.callbackPhone', n.callbackPhone);
  try {
    await db.collection(HL.requests).add(doc);
  } catch (err) {
    if (/DUPLICATE/.test(String((err as { code?: unknown }).code ?? ''))) {
      const again = await getDoc<RequestDoc>(db, HL.requests, n.id);
      if (again) return { doc: again, duplicate: true };
    }
    throw err;
  }
  return { doc, duplicate: false };
}

/** Person ids of agents of a team on duty now. */
export async function onDutyAgents(db: Db, teamId: string): Promise<{ personId: string; since?: Date }[]> {
  const rows = await fetchAll<{ _id: string; since?: Date }>(db.collection(HL.duty).where({ teamId, onDuty: true }), 1000);
  return rows.map((r) => ({ personId: r._id, since: r.since }));
}

/** Active bindings of `role` in a team. */
export async function teamMembers(db: Db, teamId: string, role: 'helplineAgent' | 'helplineSupervisor'): Promise<string[]> {
  const rows = await fetchAll<{ personId: string }>(db.collection(C.roleBindings).where({ role, 'scope.teamId': teamId, status: 'active' }), 1000);
  return Array.from(new Set(rows.map((r) => r.personId)));
}

/**
 * Alerts the team's supervisors about an urgent request: the on-duty supervisors, or every
 * supervisor of the team when none is on duty. In-app entry (authoritative) + best-effort
 * subscribe message (`reportToHandle`), results recorded by `notify`. Records `alert` on the request.
 * @returns how many supervisors were alerted and whether anybody was on duty
 */
export async function alertSupervisors(ctx: ActionContext, r: RequestDoc): Promise<{ alerted: number; nobodyOnDuty: boolean }> {
  const db = ctx.app.database();
  const [supervisors, duty] = await Promise.all([teamMembers(db, r.teamId, 'helplineSupervisor'), onDutyAgents(db, r.teamId)]);
  const onDuty = new Set(duty.map((d) => d.personId));
  const nobodyOnDuty = onDuty.size === 0;
  const onDutySupervisors = supervisors.filter((p) => onDuty.has(p));
  const recipients = onDutySupervisors.length ? onDutySupervisors : supervisors;
  const why = r.crisis ? '求助内容含危机词' : '紧急求助';
  const body = nobodyOnDuty ? `${why}，目前无人值班，请立即安排接听（${r.requestNo}）` : `${why}，请立即安排接听（${r.requestNo}）`;
  for (const personId of recipients) {
    await notify(ctx, {
      to: { personId },
      kind: 'helpline.urgent',
      title: '紧急求助待处理',
      body,
      ref: { kind: 'helplineRequest', id: r._id },
      push: {
        template: 'reportToHandle',
        values: { phrase1: '紧急求助', thing2: '12355青少年服务热线', time3: r.submittedAt, thing4: nobodyOnDuty ? '无人值班，请立即安排' : '请立即安排接听' },
        page: `packageHelpline/pages/workbench/index?id=${r._id}`,
      },
    });
  }
  await db.collection(HL.requests).doc(r._id).update({ alert: { at: ctx.now(), alerted: recipients.length, nobodyOnDuty } });
  return { alerted: recipients.length, nobodyOnDuty };
}

/**
 * Tells the requester about a change (a reply, the close): in-app entry keyed by their owner key,
 * and a subscribe message (`helplineReply`) to their openid when the request came from the app.
 * The openid is unsealed for the call only.
 */
export async function notifyRequester(ctx: ActionContext, r: RequestDoc, status: '已回复' | '已转介' | '已办结', body: string): Promise<void> {
  if (!r.ownerKey || !r.requesterOpenid) return; // logged phone calls have no app user
  let openid: string | undefined;
  try {
    openid = unseal(r.requesterOpenid);
  } catch (err) {
    console.error('[helpline] cannot unseal a requester openid', (err as Error).message);
  }
  await notify(ctx, {
    to: { key: r.ownerKey },
    kind: 'helpline.reply',
    title: `求助${status}`,
    body,
    ref: { kind: 'helplineRequest', id: r._id },
    push: openid ? { openid, template: 'helplineReply', values: { character_string1: r.requestNo, thing2: status, time3: ctx.now() }, page: `pages/help/index?id=${r._id}` } : undefined,
  });
}

/** Throws NOT_FOUND unless the team has a record or members. */
export async function requireTeam(db: Db, teamId: string): Promise<void> {
  if (await getDoc(db, HL.teams, teamId)) return;
  if ((await teamMembers(db, teamId, 'helplineAgent')).length || (await teamMembers(db, teamId, 'helplineSupervisor')).length) return;
  throw new AppError('NOT_FOUND', '未找到该热线团队');
}
