/**
 * The helpline queue under concurrency: 100 agents claiming at once from 1,000 requests claim
 * every request exactly once and lose none; claims made one after another follow the queue order
 * exactly.
 *
 * The claims run in this process through `claimNext` of cloudfunctions/helpline/src/queue.ts —
 * the very function the `claimNext` action calls — with the real node-sdk pointed at the
 * stand-in (1,000+ claims through the invoker's 4-worker pool would only measure the pool). The
 * action path itself is covered in helpline.test.ts.
 */
import tcb from '@cloudbase/node-sdk';
import { startTestStack, type TestStack } from '../helpers/stack';
import { claimNext, tryClaim } from '../../cloudfunctions/helpline/src/queue';
import { HL, NO_LEASE } from '../../cloudfunctions/helpline/src/common';
import { PRIORITY_RANK, type Priority } from '../../cloudfunctions/_shared/contracts/helpline';

let t: TestStack;
const TEAM = 'team-claims';
const BASE = Date.parse('2025-03-03T09:00:00+08:00');

function requestDoc(id: string, priority: Priority, submittedAt: Date, teamId = TEAM): Record<string, unknown> {
  return {
    _id: id,
    requestNo: `HL20250303-${id.slice(-6)}`,
    teamId,
    source: 'app',
    category: 'psychological',
    description: '想找人聊聊',
    requesterKind: 'child',
    anonymous: false,
    replyChannel: 'thread',
    pseudonym: '匿名-000000',
    priority,
    priorityRank: PRIORITY_RANK[priority],
    crisis: false,
    status: 'open',
    submittedAt,
    queuedAt: submittedAt,
    claimedBy: null,
    leaseUntil: NO_LEASE,
    closedAt: null,
    outcome: null,
    withdrawnAt: null,
    createdBy: 'test',
  };
}

async function addAll(docs: Record<string, unknown>[]) {
  for (let i = 0; i < docs.length; i += 100) await t.app.database().collection(HL.requests).add(docs.slice(i, i + 100));
}

beforeAll(async () => {
  t = await startTestStack({ functions: ['system'] }); // no function with timers: only the store is exercised
}, 120_000);
afterAll(async () => t?.stop());
beforeEach(async () => t.reset(), 120_000);

test('100 agents claiming concurrently from 1,000 requests: each claimed exactly once, none lost', async () => {
  const priorities: Priority[] = ['normal', 'high', 'urgent'];
  const docs = Array.from({ length: 1000 }, (_x, i) => requestDoc(`c${String(i).padStart(4, '0')}`, priorities[i % 3], new Date(BASE + i * 1000)));
  await addAll(docs);
  // The same SDK setup as t.app, with room for 100 agents queueing on a shared 2-core machine.
  const db = tcb.init({ env: t.stack.envId, serviceUrl: t.stack.serviceUrl, secretId: 'local-secret-id', secretKey: 'local-secret-key', timeout: 120_000 }).database();
  const now = new Date(BASE + 2_000_000);
  const claims: { id: string; agent: string }[] = [];
  await Promise.all(
    Array.from({ length: 100 }, async (_x, a) => {
      const agent = `agent-${a}`;
      for (;;) {
        const out = await claimNext(db, { teamId: TEAM, agent: { personId: agent }, now });
        if (out.busy) continue;
        if (!out.doc) return;
        claims.push({ id: out.doc._id, agent });
      }
    }),
  );
  const ids = claims.map((c) => c.id);
  expect(ids.length).toBe(1000);
  expect(new Set(ids).size).toBe(1000);
  // The store agrees: every request claimed, each by the agent that was told it won.
  const stored = new Map<string, string>();
  for (let skip = 0; skip < 1000; skip += 1000) {
    const res = await db.collection(HL.requests).where({ teamId: TEAM }).skip(skip).limit(1000).get();
    for (const d of res.data as any[]) stored.set(d._id, d.status === 'claimed' ? d.claimedBy.personId : `(${d.status})`);
  }
  expect(stored.size).toBe(1000);
  expect(claims.filter((c) => stored.get(c.id) !== c.agent)).toEqual([]);
}, 600_000);

test('claims made one after another follow the queue order exactly: urgent > high > normal, then oldest first', async () => {
  const spec: [string, Priority, number][] = [
    ['n-old', 'normal', 0],
    ['h-mid', 'high', 5],
    ['u-new', 'urgent', 9],
    ['n-mid', 'normal', 3],
    ['h-old', 'high', 1],
    ['u-old', 'urgent', 2],
    ['n-new', 'normal', 8],
    ['x-other-team', 'urgent', 0],
  ];
  await addAll(spec.map(([id, p, min]) => requestDoc(id, p, new Date(BASE + min * 60_000), id.startsWith('x') ? 'other-team' : TEAM)));
  const db = t.app.database();
  const now = new Date(BASE + 3_600_000);
  const order: string[] = [];
  for (let i = 0; i < 10; i++) {
    const out = await claimNext(db, { teamId: TEAM, agent: { personId: `agent-${i % 3}` }, now });
    if (!out.doc) break;
    expect(out).toMatchObject({ attempts: 1, reads: 1 });
    order.push(out.doc._id);
  }
  expect(order).toEqual(['u-old', 'u-new', 'h-old', 'h-mid', 'n-old', 'n-mid', 'n-new']);
});

test('a claim is atomic: of many agents racing for one request exactly one wins', async () => {
  await addAll([requestDoc('solo', 'urgent', new Date(BASE))]);
  const db = t.app.database();
  const now = new Date(BASE + 60_000);
  const results = await Promise.all(Array.from({ length: 50 }, (_x, a) => tryClaim(db, 'solo', TEAM, { personId: `agent-${a}` }, now)));
  expect(results.filter(Boolean)).toHaveLength(1);
});
