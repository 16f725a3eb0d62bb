/**
 * Admin endpoints under `/__admin/`: clock, export/import/seed, reset, status.
 */
import { codeOf, httpRequest, startTestStandin, type TestStandin } from './support';

let t: TestStandin;
const admin = (path: string, opts?: Parameters<typeof httpRequest>[1]) => httpRequest(`${t.standin.url}/__admin/${path}`, opts);

beforeAll(async () => {
  t = await startTestStandin();
});
afterAll(() => t.stop());

describe('clock', () => {
  afterEach(() => t.standin.clock.reset());

  test('GET shows the state; POST set / offsetMs / reset change it and serverDate follows', async () => {
    expect((await admin('clock')).json().state).toEqual({});

    const set = await admin('clock', { json: { set: '2031-05-06T07:08:09.000Z' } });
    expect(set.json()).toEqual({ state: { fixedAtMs: Date.parse('2031-05-06T07:08:09.000Z') }, now: '2031-05-06T07:08:09.000Z' });
    await t.db.createCollection('clocked');
    const { id } = await t.db.collection('clocked').add({ at: t.db.serverDate() });
    expect((await t.db.collection('clocked').doc(id as string).get()).data[0].at.toISOString()).toBe('2031-05-06T07:08:09.000Z');

    const off = await admin('clock', { json: { offsetMs: 86_400_000 } });
    expect(off.json().state).toEqual({ offsetMs: 86_400_000 });
    expect(Math.abs(Date.parse(off.json().now) - (Date.now() + 86_400_000))).toBeLessThan(5_000);

    expect((await admin('clock', { json: { reset: true } })).json().state).toEqual({});
    expect((await admin('clock', { json: { set: 'not a date' } })).status).toBe(400);
  });

  test('clock listeners are told about changes', async () => {
    let changes = 0;
    const off = t.standin.clock.onChange(() => (changes += 1));
    await admin('clock', { json: { offsetMs: 1000 } });
    await admin('clock', { json: { reset: true } });
    off();
    expect(changes).toBe(2);
  });
});

describe('export, import, seed, reset', () => {
  test('export is EJSON; import into another stand-in round-trips types and order', async () => {
    await t.db.createCollection('people');
    await t.db.collection('people').add([
      { _id: 'p2', name: '乙', born: new Date('2015-06-01T00:00:00Z'), n: 1.5, tags: ['a'] },
      { _id: 'p1', name: '甲', born: new Date('2016-07-01T00:00:00Z'), nested: { deep: [1, { x: null }] } },
    ]);
    const exported = (await admin('export')).json();
    expect(exported.format).toBe('shouwang-standin-export');
    expect(exported.collections.people[0].born).toEqual({ $date: '2015-06-01T00:00:00Z' });

    const other = await startTestStandin();
    try {
      const res = await httpRequest(`${other.standin.url}/__admin/import`, { json: exported });
      expect(res.json()).toMatchObject({ ok: true });
      const docs = (await other.db.collection('people').get()).data;
      expect(docs.map((d: any) => d._id)).toEqual(['p2', 'p1']);
      expect(docs[0].born).toEqual(new Date('2015-06-01T00:00:00Z'));
      expect(docs[1].nested).toEqual({ deep: [1, { x: null }] });
    } finally {
      await other.stop();
    }
  });

  test('import merges (upserts by _id); seed replaces everything', async () => {
    await admin('import', { json: { collections: { people: [{ _id: 'p1', name: '甲改' }, { _id: 'p3', name: '丙' }], pets: [{ _id: 'cat' }] } } });
    expect((await t.db.collection('people').get()).data.map((d: any) => [d._id, d.name])).toEqual([
      ['p2', '乙'],
      ['p1', '甲改'],
      ['p3', '丙'],
    ]);
    expect((await t.db.collection('pets').count()).total).toBe(1);

    const seeded = await admin('seed', { json: { collections: { only: [{ _id: 'x', at: { $date: '2020-01-01T00:00:00Z' } }, { v: 2 }] } } });
    expect(seeded.json()).toEqual({ ok: true, documents: 2 });
    expect(await codeOf(t.db.collection('people').get())).toBe('DATABASE_COLLECTION_NOT_EXIST');
    const only = (await t.db.collection('only').get()).data;
    expect(only[0].at).toEqual(new Date('2020-01-01T00:00:00Z'));
    expect(only[1]._id).toMatch(/^[0-9a-f]{32}$/);
  });

  test('a malformed import changes nothing', async () => {
    const before = (await admin('export')).json().collections;
    const bad = await admin('import', { json: { collections: { only: [{ _id: 'y' }, { _id: 'y' }] } } });
    expect(bad.status).toBe(400);
    expect(bad.json().error.code).toBe('DATABASE_DUPLICATE_WRITE');
    expect((await admin('seed', { json: { nope: 1 } })).status).toBe(400);
    expect((await admin('export')).json().collections).toEqual(before);
  });

  test('reset drops every collection, file and recorded call', async () => {
    await t.app.uploadFile({ cloudPath: 'r.txt', fileContent: Buffer.from('x') });
    await t.app.callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData: { touser: 'o' } });
    expect((await admin('wx-calls')).json().calls).toHaveLength(1);
    expect((await admin('reset', { method: 'POST' })).json()).toEqual({ ok: true });
    expect((await admin('wx-calls')).json().calls).toEqual([]);
    expect((await admin('status')).json().collections).toEqual([]);
    expect(await codeOf(t.db.collection('only').get())).toBe('DATABASE_COLLECTION_NOT_EXIST');
    const urls = await t.app.getTempFileURL({ fileList: ['cloud://standin-test.standin-1250000000/r.txt'] });
    expect(urls.fileList[0].code).toBe('STORAGE_FILE_NONEXIST');
    await t.restart();
    expect((await admin('status')).json().collections).toEqual([]);
  });

  test('a batch of set-up requests applies in order and stops at the first refusal', async () => {
    const ok = await admin('database/batch', {
      json: {
        requests: [
          { route: 'database/collections', body: { name: 'batched' } },
          { route: 'database/indexes', body: { collection: 'batched', create: [{ name: 'by_day', keys: [{ field: 'day', direction: 1 }], unique: false }] } },
          { route: 'database/rule', body: { collection: 'batched', rule: { read: false, write: false } } },
        ],
      },
    });
    expect(ok.json()).toEqual({ ok: true, applied: 3 });
    const db = (await admin('database')).json();
    expect(db.collections.find((c: { name: string }) => c.name === 'batched')).toEqual({
      name: 'batched',
      indexes: [expect.objectContaining({ name: 'by_day' })],
      rule: { read: false, write: false },
    });

    const refused = await admin('database/batch', {
      json: {
        requests: [
          { route: 'database/collections', body: { name: 'batched-2' } },
          { route: 'database/rule', body: { collection: 'no-such-collection', rule: { read: false, write: false } } },
          { route: 'database/collections', body: { name: 'batched-3' } },
        ],
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 'DATABASE_COLLECTION_NOT_EXIST' }, applied: 1 });
    const names = (await admin('database')).json().collections.map((c: { name: string }) => c.name);
    expect(names).toContain('batched-2');
    expect(names).not.toContain('batched-3');

    // Only the set-up requests: a batch cannot reset or seed the store.
    const reset = await admin('database/batch', { json: { requests: [{ route: 'reset' }] } });
    expect(reset.status).toBe(400);
    expect(names.length).toBe((await admin('database')).json().collections.length);
  });

  test('unknown routes and methods', async () => {
    expect((await admin('nothing-here')).status).toBe(404);
    expect((await admin('reset')).status).toBe(405);
  });
});
