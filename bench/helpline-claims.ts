/**
 * Helpline claim benchmark (prints figures, never passes or fails). DESIGN.md budget: "helpline
 * claims, 100 agents at once: zero double claims; throughput ≥ half of raw single-document
 * updates".
 *
 *   npx tsx bench/helpline-claims.ts [--requests 1000] [--agents 100] [--rounds 3]
 *
 * Everything runs in this one process: the stand-in in-process on a random port with a temporary
 * data folder, and node-sdk pointed at it. Each round:
 * - claims: `requests` waiting requests (a third each urgent / high / normal), `agents` concurrent
 *   agents each calling `claimNext` (cloudfunctions/helpline/src/queue.ts — the code the action
 *   runs) until the queue is empty → claims/s, double claims, reads and attempts per claim;
 * - raw: the same number of requests, `agents` concurrent workers each doing a plain
 *   `doc(id).update(...)` on one request at a time → updates/s.
 * Ratio = claims/s ÷ raw updates/s (median of rounds).
 */
import tcb from '@cloudbase/node-sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startStandin } from '../local/standin';
import { claimNext } from '../cloudfunctions/helpline/src/queue';
import { HL, NO_LEASE } from '../cloudfunctions/helpline/src/common';

process.env.TENCENTCLOUD = 'true';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const N = arg('requests', 1000);
const AGENTS = arg('agents', 100);
const ROUNDS = arg('rounds', 3);
const TEAM = 'bench-team';

function requestDoc(i: number, base: number): Record<string, unknown> {
  const rank = 3 - (i % 3);
  return {
    _id: `bench-${base}-${String(i).padStart(5, '0')}`,
    requestNo: `HL20250301-${i}`,
    teamId: TEAM,
    source: 'app',
    category: 'psychological',
    description: '最近压力很大，想找人聊聊，学习跟不上，和家里人也说不上话。',
    requesterKind: 'child',
    anonymous: false,
    replyChannel: 'thread',
    pseudonym: '匿名-000000',
    priority: rank === 3 ? 'urgent' : rank === 2 ? 'high' : 'normal',
    priorityRank: rank,
    crisis: false,
    status: 'open',
    submittedAt: new Date(base + i * 1000),
    queuedAt: new Date(base + i * 1000),
    claimedBy: null,
    leaseUntil: NO_LEASE,
    closedAt: null,
    outcome: null,
    withdrawnAt: null,
    createdBy: 'bench',
  };
}

async function seed(db: any, base: number): Promise<string[]> {
  const docs = Array.from({ length: N }, (_x, i) => requestDoc(i, base));
  for (let i = 0; i < docs.length; i += 100) await db.collection(HL.requests).add(docs.slice(i, i + 100));
  return docs.map((d) => d._id as string);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shouwang-bench-helpline-'));
  const standin = await startStandin({ dataDir, port: 0 });
  const app = tcb.init({ env: 'shouwang-local', serviceUrl: standin.serviceUrl, secretId: 'x', secretKey: 'y', timeout: 60_000 });
  const db = app.database();
  const claimRates: number[] = [];
  const rawRates: number[] = [];
  try {
    await db.createCollection(HL.requests);
    for (let round = 0; round < ROUNDS; round++) {
      // Claims: a fresh queue of N requests per round, alone in the collection.
      const base = Date.UTC(2025, 2, 1) + round * 10_000_000;
      await db.collection(HL.requests).where({ teamId: TEAM }).remove();
      await seed(db, base);
      const now = new Date(base + N * 1000 + 60_000);
      const got = new Map<string, string>();
      let doubles = 0;
      let reads = 0;
      let attempts = 0;
      let busy = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: AGENTS }, async (_x, a) => {
          for (;;) {
            const out = await claimNext(db as any, { teamId: TEAM, agent: { personId: `agent-${a}` }, now });
            reads += out.reads;
            attempts += out.attempts;
            if (out.busy) {
              busy++;
              continue;
            }
            if (!out.doc) return;
            if (got.has(out.doc._id)) doubles++;
            got.set(out.doc._id, `agent-${a}`);
          }
        }),
      );
      const claimSec = (performance.now() - t0) / 1000;
      const claimRate = got.size / claimSec;
      claimRates.push(claimRate);

      // Raw single-document updates of the same number of requests, same concurrency.
      await db.collection(HL.requests).where({ teamId: TEAM }).remove();
      const rawIds = await seed(db, base + 5_000_000);
      let next = 0;
      const t1 = performance.now();
      await Promise.all(
        Array.from({ length: AGENTS }, async (_x, a) => {
          while (next < rawIds.length) {
            const id = rawIds[next++];
            await db.collection(HL.requests).doc(id).update({ status: 'claimed', claimedBy: { personId: `agent-${a}` }, leaseUntil: new Date(now.getTime() + 600_000) });
          }
        }),
      );
      const rawRate = rawIds.length / ((performance.now() - t1) / 1000);
      rawRates.push(rawRate);
      console.log(
        `round ${round + 1}: ${got.size}/${N} claimed by ${AGENTS} agents in ${claimSec.toFixed(2)} s → ${claimRate.toFixed(0)} claims/s ` +
          `(double claims ${doubles}, reads/claim ${(reads / got.size).toFixed(2)}, attempts/claim ${(attempts / got.size).toFixed(2)}, busy ${busy}); ` +
          `raw updates ${rawRate.toFixed(0)}/s; ratio ${(claimRate / rawRate).toFixed(2)}`,
      );
    }
    const c = median(claimRates);
    const r = median(rawRates);
    console.log(`\nmedian: ${c.toFixed(0)} claims/s vs ${r.toFixed(0)} raw updates/s → ratio ${(c / r).toFixed(2)} (budget ≥ 0.5)`);
  } finally {
    await standin.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
