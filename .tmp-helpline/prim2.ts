import { mkdtempSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';
process.env.TENCENTCLOUD='true';
import tcb from '@cloudbase/node-sdk';
import { startStandin } from '../local/standin';
(async () => {
  const s = await startStandin({ dataDir: mkdtempSync(join(tmpdir(), 'hb-')), port: 0 });
  const app = tcb.init({ env: 'shouwang-local', serviceUrl: s.serviceUrl, secretId: 'a', secretKey: 'b', timeout: 15000 });
  const db = app.database(); const _ = db.command;
  await db.createCollection('r');
  const docs = Array.from({length: 1000}, (_x, i) => ({ _id: `r${i}`, teamId: 't', status: 'open', priorityRank: i % 3, submittedAt: new Date(1e12 + i*1000), leaseUntil: new Date(0), description: 'x'.repeat(200) }));
  for (let i = 0; i < 1000; i += 100) await db.collection('r').add(docs.slice(i, i+100));
  const time = async (label: string, n: number, conc: number, fn: (i: number) => Promise<unknown>) => {
    let next = 0; const t0 = performance.now();
    await Promise.all(Array.from({length: conc}, async () => { while (next < n) { const i = next++; await fn(i); } }));
    const ms = performance.now() - t0; console.log(label, conc, (n / ms * 1000).toFixed(0), '/s');
  };
  for (const c of [1, 10]) {
  await time('raw update', 1000, c, (i) => db.collection('r').doc(`r${i % 1000}`).update({ touched: i }));
  await time('get by id', 1000, c, (i) => db.collection('r').doc(`r${i % 1000}`).get());
  await time('read nosort', 1000, c, () => db.collection('r').where({ teamId: 't', status: _.in(['open','claimed']), leaseUntil: _.lt(new Date()) }).limit(5).field({ _id: true }).get());
  await time('read sort1', 1000, c, () => db.collection('r').where({ teamId: 't', status: _.in(['open','claimed']), leaseUntil: _.lt(new Date()) }).orderBy('submittedAt','asc').limit(5).field({ _id: true }).get());
  await time('read sort2', 1000, c, () => db.collection('r').where({ teamId: 't', status: _.in(['open','claimed']), leaseUntil: _.lt(new Date()) }).orderBy('priorityRank','desc').orderBy('submittedAt','asc').limit(5).field({ _id: true}).get());
  await time('cond upd', 1000, c, (i) => db.collection('r').where({ _id: `r${i%1000}`, status: _.in(['open','claimed']), leaseUntil: _.lt(new Date()) }).updateAndReturn({ touched2: i }));
  await time('cond upd miss', 1000, c, (i) => db.collection('r').where({ _id: `r${i%1000}`, status: 'zz' }).updateAndReturn({ touched2: i }));
  }
  await s.close();
})();
