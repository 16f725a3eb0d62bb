import tcb from '@cloudbase/node-sdk';
process.env.TENCENTCLOUD='true';
const app = tcb.init({ env: 'x', serviceUrl: 'http://127.0.0.1:1/', secretId: 'a', secretKey: 'b' });
const db = app.database(); const _ = db.command;
const q: any = db.collection('c').where({ _id: 'abc', leaseUntil: _.or(_.exists(false), _.lt(new Date(5))), status: _.in(['open','claimed']) });
console.log(JSON.stringify(q._fieldFilters ?? q));
const q2: any = db.collection('c').where(_.or([{ _id: 'abc', status: 'open' }, { _id: 'abc', status: 'claimed', leaseUntil: _.lt(new Date(5)) }]));
console.log(JSON.stringify(q2._fieldFilters ?? q2));
