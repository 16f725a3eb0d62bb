/**
 * Stand-in benchmark (prints figures, never passes or fails):
 * - SDK single-document read vs a bare loopback HTTP round trip (budget: ratio ≤ 3×);
 * - inserts/s and point reads/s through node-sdk vs directly on the store (ratios);
 * - aggregation over 200,000 documents on the store (dashboard scale).
 *
 *   npx tsx bench/standin.ts [--n 2000]
 *
 * Everything runs in this one process (as tests do): the stand-in in-process on a random port
 * with a temporary data folder, the SDK and a bare node:http client/server pair.
 */
import tcb from '@cloudbase/node-sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startStandin } from '../local/standin';

process.env.TENCENTCLOUD = 'true';

const argN = process.argv.indexOf('--n');
const N = argN >= 0 ? Number(process.argv[argN + 1]) : 2000;

interface Timing {
  meanUs: number;
  p50Us: number;
  p95Us: number;
  perSecond: number;
}

/** Runs `fn` sequentially `n` times (after a warm-up) and summarises per-call latency. */
async function measure(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<Timing> {
  for (let i = 0; i < Math.min(200, n); i += 1) await fn(i);
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  const total = performance.now() - start;
  samples.sort((a, b) => a - b);
  return {
    meanUs: (total / n) * 1000,
    p50Us: samples[Math.floor(n * 0.5)] * 1000,
    p95Us: samples[Math.floor(n * 0.95)] * 1000,
    perSecond: n / (total / 1000),
  };
}

function fmt(t: Timing): string {
  return `mean ${t.meanUs.toFixed(0)} µs, p50 ${t.p50Us.toFixed(0)} µs, p95 ${t.p95Us.toFixed(0)} µs, ${t.perSecond.toFixed(0)}/s`;
}

/**
 * A bare node:http server answering every POST with the same getDocument response: `doc` (an
 * EJSON string) in `data.list`.
 */
async function bareServer(): Promise<{ url: string; setDoc(doc: string): void; close(): Promise<void> }> {
  let doc = '{"_id":"x","v":{"$numberInt":"1"}}';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.stringify({ requestId: 'r', data: { list: [doc] } });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/admin`,
    setDoc: (d: string) => {
      doc = d;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

function bareRoundTrip(agent: http.Agent, url: string): Promise<void> {
  const payload = JSON.stringify({ collectionName: 'bench', query: '{"_id":"x"}', queryType: 'DOC', multi: false, action: 'database.getDocument' });
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString());
        resolve();
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'standin-bench-'));
  const standin = await startStandin({ dataDir, port: 0 });
  const bare = await bareServer();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
  try {
    const app = tcb.init({ env: 'bench', serviceUrl: standin.serviceUrl, secretId: 'bench-id', secretKey: 'bench-key' });
    const db = app.database();
    await db.createCollection('bench');
    const sample = { name: '张小明', village: '东村', age: 9, guardian: { name: '张奶奶', phone: '13800000000' }, tags: ['留守', '单亲'], at: new Date() };
    const ids: string[] = [];
    for (let i = 0; i < 1000; i += 1) ids.push((await db.collection('bench').add({ ...sample, i })).id as string);

    console.log(`stand-in benchmark (n = ${N}, node ${process.version})\n`);

    // 1. Single-document read vs bare loopback round trip. The machine may be shared, so the
    // three measurements are interleaved in rounds and the median round is reported. The SDK
    // against a do-nothing server (same response) is the floor: node-sdk's own client cost.
    const rounds = 5;
    const per = Math.max(100, Math.floor(N / rounds));
    bare.setDoc(standin.store.findEncoded('bench', { _id: ids[0] })[0]);
    const nullApp = tcb.init({ env: 'bench', serviceUrl: bare.url, secretId: 'bench-id', secretKey: 'bench-key' });
    const bareRounds: Timing[] = [];
    const fetchRounds: Timing[] = [];
    const nullRounds: Timing[] = [];
    const readRounds: Timing[] = [];
    const fetchBody = JSON.stringify({ collectionName: 'bench', query: '{"_id":"x"}', queryType: 'DOC', multi: false, action: 'database.getDocument' });
    for (let r = 0; r < rounds; r += 1) {
      bareRounds.push(await measure(per, () => bareRoundTrip(agent, bare.url)));
      fetchRounds.push(
        await measure(per, async () => {
          const res = await fetch(bare.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fetchBody });
          await res.json();
        }),
      );
      nullRounds.push(await measure(per, () => nullApp.database().collection('bench').doc('x').get()));
      readRounds.push(await measure(per, (i) => db.collection('bench').doc(ids[i % ids.length]).get()));
    }
    const median = (ts: Timing[]): Timing => {
      const pick = (k: keyof Timing): number => ts.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(ts.length / 2)];
      return { meanUs: pick('meanUs'), p50Us: pick('p50Us'), p95Us: pick('p95Us'), perSecond: pick('perSecond') };
    };
    const bareT = median(bareRounds);
    const fetchT = median(fetchRounds);
    const nullT = median(nullRounds);
    const sdkRead = median(readRounds);
    console.log(`bare loopback HTTP round trip      ${fmt(bareT)}   (node:http, keep-alive agent)`);
    console.log(`bare loopback via fetch()          ${fmt(fetchT)}`);
    console.log(`SDK doc(id).get(), do-nothing srv  ${fmt(nullT)}`);
    console.log(`SDK doc(id).get() via stand-in     ${fmt(sdkRead)}`);
    console.log(`  ratio stand-in/bare: (mean) ${(sdkRead.meanUs / bareT.meanUs).toFixed(2)}×, (p50) ${(sdkRead.p50Us / bareT.p50Us).toFixed(2)}×   budget ≤ 3×`);
    console.log(`  ratio stand-in/fetch(): (mean) ${(sdkRead.meanUs / fetchT.meanUs).toFixed(2)}×, (p50) ${(sdkRead.p50Us / fetchT.p50Us).toFixed(2)}×`);
    console.log(`  floor (SDK client alone)/bare: (mean) ${(nullT.meanUs / bareT.meanUs).toFixed(2)}×, (p50) ${(nullT.p50Us / bareT.p50Us).toFixed(2)}×`);
    console.log(`  stand-in's own share of a read: (p50) ${(sdkRead.p50Us - nullT.p50Us).toFixed(0)} µs\n`);

    // 2. Inserts: SDK single add, SDK batch add, store direct.
    await db.createCollection('ins_sdk');
    const sdkInsert = await measure(N, (i) => db.collection('ins_sdk').add({ ...sample, i }));
    const batch = 100;
    await db.createCollection('ins_sdk_batch');
    const sdkBatch = await measure(Math.max(1, Math.floor(N / batch)), (i) =>
      db.collection('ins_sdk_batch').add(Array.from({ length: batch }, (_, k) => ({ ...sample, i: i * batch + k }))),
    );
    standin.store.createCollection('ins_store');
    const storeInsert = await measure(N, (i) => standin.store.insert('ins_store', [{ ...sample, i }]));
    standin.store.createCollection('ins_store_batch');
    const storeBatch = await measure(Math.max(1, Math.floor(N / batch)), (i) =>
      standin.store.insert('ins_store_batch', Array.from({ length: batch }, (_, k) => ({ ...sample, i: i * batch + k }))),
    );
    const docsPerSec = (t: Timing): number => t.perSecond * batch;
    console.log(`insert, SDK add(doc)               ${fmt(sdkInsert)}`);
    console.log(`insert, store.insert([doc])        ${fmt(storeInsert)}`);
    console.log(`  inserts/s SDK ${sdkInsert.perSecond.toFixed(0)} vs store ${storeInsert.perSecond.toFixed(0)}: ratio ${(storeInsert.perSecond / sdkInsert.perSecond).toFixed(1)}×`);
    console.log(`insert, SDK add(${batch} docs)          ${docsPerSec(sdkBatch).toFixed(0)} docs/s`);
    console.log(`insert, store.insert(${batch} docs)     ${docsPerSec(storeBatch).toFixed(0)} docs/s`);
    console.log(`  batched inserts/s ratio ${(docsPerSec(storeBatch) / docsPerSec(sdkBatch)).toFixed(1)}×\n`);

    // 3. Point reads: SDK vs store.
    const storeRead = await measure(N, (i) => standin.store.find('bench', { _id: ids[i % ids.length] }));
    console.log(`point read, SDK doc(id).get()      ${sdkRead.perSecond.toFixed(0)}/s`);
    console.log(`point read, store.find({_id})      ${fmt(storeRead)}`);
    console.log(`  point reads/s ratio ${(storeRead.perSecond / sdkRead.perSecond).toFixed(1)}×\n`);

    // 4. Concurrency: 10 clients reading at once (throughput through one stand-in).
    const conc = 10;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: conc }, async (_, c) => {
        for (let i = 0; i < N / conc; i += 1) await db.collection('bench').doc(ids[(i * conc + c) % ids.length]).get();
      }),
    );
    console.log(`point read, SDK, ${conc} concurrent      ${(N / ((performance.now() - t0) / 1000)).toFixed(0)}/s\n`);

    // 5. Aggregation over a dashboard-sized collection (store direct, no HTTP).
    const big = 200_000;
    standin.store.createCollection('visits_big');
    let t1 = performance.now();
    for (let i = 0; i < big; i += 5000) {
      standin.store.insert(
        'visits_big',
        Array.from({ length: 5000 }, (_, k) => {
          const n = i + k;
          return { childId: `c${n % 20_000}`, village: `v${n % 50}`, at: new Date(1_700_000_000_000 + n * 1000), score: n % 5, note: `家访记录 ${n}` };
        }),
        { owned: true },
      );
    }
    console.log(`load ${big} docs (batches of 5000)   ${(performance.now() - t1).toFixed(0)} ms`);
    t1 = performance.now();
    standin.store.aggregate('visits_big', [{ $group: { _id: '$village', n: { $sum: 1 }, avg: { $avg: '$score' } } }, { $sort: { _id: 1 } }, { $limit: 100 }]);
    console.log(`$group by 50 keys + $sort           ${(performance.now() - t1).toFixed(0)} ms`);
    t1 = performance.now();
    standin.store.aggregate('visits_big', [{ $match: { score: { $gte: 3 } } }, { $group: { _id: '$childId', last: { $max: '$at' } } }, { $count: 'n' }]);
    console.log(`$match + $group by 20000 + $count   ${(performance.now() - t1).toFixed(0)} ms`);
  } finally {
    agent.destroy();
    await bare.close();
    await standin.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
