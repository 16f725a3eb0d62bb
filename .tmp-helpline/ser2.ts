import http from 'node:http';
process.env.TENCENTCLOUD='true';
import tcb from '@cloudbase/node-sdk';
const srv = http.createServer((req, res) => { let b=''; req.on('data', c=>b+=c); req.on('end', ()=>{ const j = JSON.parse(b); console.log(j.action, j.query, j.data, j.order); res.end(JSON.stringify({requestId:'1', data:{updated:0, doc:null, list:[]}})); }); });
srv.listen(0, async () => {
  const port = (srv.address() as any).port;
  const app = tcb.init({ env: 'x', serviceUrl: `http://127.0.0.1:${port}/`, secretId: 'a', secretKey: 'b' });
  const db = app.database(); const _ = db.command;
  await db.collection('c').where({ _id: 'abc', leaseUntil: _.or(_.exists(false), _.lt(new Date(5))), status: _.in(['open','claimed']) }).updateAndReturn({ a: 1 });
  await db.collection('c').where(_.or([{ _id: 'abc', status: 'open' }, { _id: 'abc', status: 'claimed', leaseUntil: _.lt(new Date(5)) }])).updateAndReturn({a:1});
  await db.collection('c').where(_.and([{ _id: 'abc' }, _.or([{ status: 'open' }, { status: 'claimed', leaseUntil: _.lt(new Date(5)) }])])).updateAndReturn({a:1});
  await db.collection('c').where(_.or([{ status: 'open' }, { status: 'claimed', leaseUntil: _.lt(new Date(5)) }])).orderBy('priorityRank','desc').orderBy('submittedAt','asc').limit(5).get();
  srv.close();
});
