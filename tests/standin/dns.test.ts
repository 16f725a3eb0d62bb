/**
 * No DNS lookups: node-sdk calls against the stand-in go to 127.0.0.1 directly and, with
 * `TENCENTCLOUD=true` (tests/helpers/node-setup.ts), skip the metadata-host probe (reference
 * §4.8 "Correction"). A lookup would cost 5–65 ms per call offline.
 */
import dns from 'node:dns';
import http from 'node:http';
import { startTestStandin, type TestStandin } from './support';

let t: TestStandin;

beforeAll(async () => {
  t = await startTestStandin();
  await t.db.createCollection('d');
});
afterAll(() => t.stop());

test('the spy sees a lookup when one happens (sanity check of the test itself)', async () => {
  const spy = jest.spyOn(dns, 'lookup');
  try {
    await new Promise<void>((resolve) => {
      const req = http.get(`http://localhost:${t.standin.port}/__admin/status`, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', () => resolve());
    });
    expect(spy).toHaveBeenCalled();
  } finally {
    spy.mockRestore();
  }
});

test('SDK calls against the stand-in perform no DNS lookup', async () => {
  const lookup = jest.spyOn(dns, 'lookup');
  const promisesLookup = jest.spyOn(dns.promises, 'lookup');
  try {
    const db = t.db;
    const { id } = await db.collection('d').add({ a: 1 });
    await db.collection('d').doc(id as string).get();
    await db.collection('d').where({ a: 1 }).update({ b: 2 });
    await db.collection('d').where({ a: 1 }).count();
    await db.collection('d').aggregate().match({ a: 1 }).end();
    await db.runTransaction(async (tx: any) => {
      await tx.collection('d').doc(id).update({ c: 3 });
    });
    const { fileID } = await t.app.uploadFile({ cloudPath: 'dns/x.txt', fileContent: Buffer.from('x') });
    await t.app.downloadFile({ fileID });
    await t.app.callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData: {} });
    await t.app.callFunction({ name: 'nothing', data: undefined }).catch(() => undefined);
    expect(lookup).not.toHaveBeenCalled();
    expect(promisesLookup).not.toHaveBeenCalled();
  } finally {
    lookup.mockRestore();
    promisesLookup.mockRestore();
  }
});
