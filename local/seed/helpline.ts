/**
 * Demo seed step for the youth helpline: the 12355 team (the demo helpline personas are bound to
 * it by the personas step) marked as the team that takes mini-program requests, and a handful
 * of invented requests — waiting (one urgent), one answered and closed with a referral, one
 * logged phone call — so the workbench, the supervisor view and 我的求助 have something to show.
 * Requester openids are sealed exactly as the function stores them (needs the data key in
 * `process.env`, which local/stack.ts sets before seeding).
 */
import type { CloudApp } from '../../cloudfunctions/_shared/cloud';
import { PRIORITY_RANK, type Priority } from '../../cloudfunctions/_shared/contracts/helpline';
import { HL, NO_LEASE, ownerKeyOf, pseudonymFor, requestDocId, requestNoFor, sealOpenid } from '../../cloudfunctions/helpline/src/common';
import { shanghaiDay } from '../../cloudfunctions/_shared/time';
import { DEMO_TEAM_ID, DEMO_TOWNSHIP, personaOpenid } from './personas';

const MIN = 60_000;

interface DemoRequest {
  key: string;
  openid?: string;
  anonymous?: boolean;
  category: 'psychological' | 'legal' | 'familyEducation' | 'employment';
  requesterKind: 'child' | 'parent' | 'teacher' | 'public';
  description: string;
  priority: Priority;
  crisis?: boolean;
  minutesAgo: number;
}

const REQUESTS: DemoRequest[] = [
  { key: 'demo-1', openid: personaOpenid('public'), category: 'psychological', requesterKind: 'child', description: '快考试了，每天晚上都睡不着，心里很慌。', priority: 'high', minutesAgo: 95 },
  { key: 'demo-2', openid: 'demo-anon-asker', anonymous: true, category: 'psychological', requesterKind: 'child', description: '爸妈都在外地，觉得活不下去了，没人可以说话。', priority: 'urgent', crisis: true, minutesAgo: 12 },
  { key: 'demo-3', openid: 'demo-asker-3', category: 'employment', requesterKind: 'public', description: '想了解返乡创业有没有贴息贷款。', priority: 'normal', minutesAgo: 240 },
  { key: 'demo-4', openid: personaOpenid('parent'), category: 'familyEducation', requesterKind: 'parent', description: '孩子在奶奶家，打电话总是不愿意说话，怎么沟通比较好？', priority: 'normal', minutesAgo: 60 * 26 },
];

/**
 * Writes the team, requests, a thread, a referral and a logged call.
 * @returns a one-line summary for the start banner
 */
export async function seedHelpline(app: CloudApp, now: Date): Promise<string> {
  const db = app.database();
  await db.collection(HL.teams).add({ _id: DEMO_TEAM_ID, name: '东至县12355青少年服务台', default: true, createdAt: now });
  const agentId = 'demo-person-helplineAgent';
  const ids: string[] = [];
  for (const r of REQUESTS) {
    const id = requestDocId(r.openid ?? r.key, r.key);
    const submittedAt = new Date(now.getTime() - r.minutesAgo * MIN);
    const closed = r.key === 'demo-4';
    const doc: Record<string, unknown> = {
      _id: id,
      requestNo: requestNoFor(id, shanghaiDay(submittedAt)),
      teamId: DEMO_TEAM_ID,
      source: 'app',
      category: r.category,
      description: r.description,
      requesterKind: r.requesterKind,
      anonymous: !!r.anonymous,
      replyChannel: 'thread',
      pseudonym: pseudonymFor(id),
      priority: r.priority,
      priorityRank: PRIORITY_RANK[r.priority],
      crisis: !!r.crisis,
      crisisWordsVersion: 0,
      status: closed ? 'closed' : 'open',
      submittedAt,
      queuedAt: submittedAt,
      claimedBy: null,
      leaseUntil: NO_LEASE,
      closedAt: closed ? new Date(submittedAt.getTime() + 50 * MIN) : null,
      outcome: closed ? 'resolved' : null,
      withdrawnAt: null,
      createdBy: 'demo-seed',
    };
    if (r.openid) {
      doc.ownerKey = ownerKeyOf(r.openid, !!r.anonymous);
      doc.requesterOpenid = sealOpenid(r.openid);
    }
    if (closed) {
      doc.firstClaimedAt = new Date(submittedAt.getTime() + 8 * MIN);
      doc.firstResponseAt = new Date(submittedAt.getTime() + 10 * MIN);
      doc.closedBy = agentId;
      doc.satisfaction = { score: 5, at: new Date(submittedAt.getTime() + 120 * MIN) };
      await db.collection(HL.messages).add([
        { requestId: id, from: 'agent', kind: 'message', agentId, text: '您好，孩子不愿说话很常见，可以先聊他感兴趣的事，每次通话不用太长。', at: doc.firstResponseAt },
        { requestId: id, from: 'requester', kind: 'message', text: '好的，我试试，谢谢老师。', at: new Date(submittedAt.getTime() + 30 * MIN) },
      ]);
      await db.collection(HL.referrals).add({
        requestId: id,
        requestNo: doc.requestNo,
        teamId: DEMO_TEAM_ID,
        department: 'civilAffairs',
        regionCode: DEMO_TOWNSHIP,
        summary: '留守儿童亲子沟通困难，建议村儿童主任走访时关注',
        category: r.category,
        urgent: false,
        createdBy: agentId,
        createdAt: new Date(submittedAt.getTime() + 40 * MIN),
        deadline: new Date(submittedAt.getTime() + 40 * MIN + 3 * 86_400_000),
        status: 'answered',
        reply: '已安排村儿童主任本周走访',
        answeredAt: new Date(submittedAt.getTime() + 20 * 60 * MIN),
        answeredBy: 'demo-person-townshipStaff',
      });
    }
    await db.collection(HL.requests).add(doc);
    ids.push(id);
  }
  // A phone call the agent logged and closed.
  const callAt = new Date(now.getTime() - 180 * MIN);
  const callId = `hlc-demo-call-1`;
  await db.collection(HL.requests).add({
    _id: callId,
    requestNo: requestNoFor(callId, shanghaiDay(callAt)),
    teamId: DEMO_TEAM_ID,
    source: 'phone',
    category: 'legal',
    description: '家长来电：孩子在学校被同学勒索零花钱，咨询如何处理。',
    requesterKind: 'parent',
    anonymous: false,
    replyChannel: 'thread',
    pseudonym: pseudonymFor(callId),
    priority: 'normal',
    priorityRank: PRIORITY_RANK.normal,
    crisis: false,
    status: 'closed',
    submittedAt: callAt,
    queuedAt: callAt,
    claimedBy: null,
    leaseUntil: NO_LEASE,
    firstClaimedAt: callAt,
    firstResponseAt: callAt,
    closedAt: new Date(callAt.getTime() + 15 * MIN),
    closedBy: agentId,
    outcome: 'resolved',
    withdrawnAt: null,
    loggedBy: agentId,
    createdBy: agentId,
  });
  await db.collection(HL.duty).doc(agentId).set({ teamId: DEMO_TEAM_ID, onDuty: true, since: new Date(now.getTime() - 120 * MIN), role: 'helplineAgent' });
  return `12355热线：团队 1 个，求助 ${ids.length + 1} 条（1 条紧急待处理）`;
}
