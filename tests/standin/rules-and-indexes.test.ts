/**
 * What production enforces, enforced by the stand-in once the deploy plan set it up: the security
 * rules on the client-side path (every collection closed to the mini-program), and the index
 * check on queries (a query no declared index serves is refused under SHOUWANG_INDEX_CHECK=fail).
 */
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import { deployToStandin } from '../../scripts/deploy/deploy-standin';
import { codeOf, startTestStandin, type TestStandin } from './support';

let t: TestStandin;
const previous = process.env.SHOUWANG_INDEX_CHECK;
beforeAll(async () => {
  process.env.SHOUWANG_INDEX_CHECK = 'fail';
  t = await startTestStandin();
  await deployToStandin(t.standin.url);
  await t.db.collection('children').add({ _id: 'c1', name: '王小明', villageCode: '500241101001', townshipCode: '500241101', gender: '男' });
});
afterAll(async () => {
  process.env.SHOUWANG_INDEX_CHECK = previous;
  await t.stop();
});

async function client(body: Record<string, unknown>): Promise<{ code?: string; message?: string; data?: unknown }> {
  const res = await fetch(`${t.standin.url}/__client/database`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.json() as Promise<{ code?: string; message?: string; data?: unknown }>;
}

test('a client read or write of any collection is refused by its security rule', async () => {
  for (const collection of COLLECTIONS) {
    for (const action of ['get', 'add', 'update', 'remove']) {
      const r = await client({ action, collection, openid: 'o-client', query: {}, data: { x: 1 } });
      expect({ collection, action, code: r.code }).toEqual({ collection, action, code: 'DATABASE_PERMISSION_DENIED' });
    }
  }
  // Nothing was read out or written: the child is still the only document.
  expect((await t.db.collection('children').count()).total).toBe(1);
});

/**
 * Runs `fn` as code inside a cloud function does: node-sdk then marks its requests
 * `X-TCB-Source: …,scf`. The variables are SCF's, as the invoker sets them
 * (local/standin/invoker.ts); without region and namespace node-sdk logs an error per request.
 */
async function asCloudFunction<T>(fn: () => Promise<T>): Promise<T> {
  const scf: Record<string, string> = { TENCENTCLOUD_RUNENV: 'SCF', TENCENTCLOUD_REGION: 'ap-shanghai', SCF_NAMESPACE: 'standin-test' };
  const saved = Object.fromEntries(Object.keys(scf).map((k) => [k, process.env[k]]));
  Object.assign(process.env, scf);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test("a function's query a declared index serves runs; an undeclared one fails naming collection, filter and sort", async () => {
  const served = await asCloudFunction(() => t.db.collection('children').where({ villageCode: '500241101001' }).orderBy('name', 'asc').get());
  expect(served.data.map((d: { _id: string }) => d._id)).toEqual(['c1']);

  await expect(asCloudFunction(() => t.db.collection('children').where({ gender: '男' }).orderBy('birthDate', 'desc').get())).rejects.toThrow(
    /children.*gender.*birthDate.*cloudfunctions\/_shared\/database\.ts/,
  );
  expect(await asCloudFunction(() => codeOf(t.db.collection('children').where({ gender: '男' }).get()))).toBe('INDEX_MISSING');
});

test("a tool's or a test's own look at the store (not from a function) is not production's query path and is not refused", async () => {
  const looked = await t.db.collection('children').where({ gender: '男' }).get();
  expect(looked.data.map((d: { _id: string }) => d._id)).toEqual(['c1']);
});
