/**
 * `npm start`'s data: collections are created explicitly, the demo county is seeded on an empty
 * store only (东至县: 17 towns, 253 villages with their real codes), and a second start on the
 * same data folder keeps the data. Also: timer triggers fire through the stand-in clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctions } from '../../scripts/build';
import { startStack } from '../../local/stack';
import { regionDocs } from '../../local/seed/regions';
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';

const FIXTURES = join(__dirname, '..', 'fixtures', 'functions');
let dataDir: string;
let buildDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'shouwang-seed-data-'));
  buildDir = mkdtempSync(join(tmpdir(), 'shouwang-seed-build-'));
  await buildFunctions({ sourceRoot: FIXTURES, outDir: buildDir, writeCloudbaserc: false, copyMiniprogramNpm: false });
}, 60_000);
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(buildDir, { recursive: true, force: true });
});

it('the extracted divisions are 东至县 with 17 towns and 253 villages under them', () => {
  const docs = regionDocs();
  const county = docs.find((d) => d.level === 'county')!;
  expect(county).toMatchObject({ _id: '341721', name: '东至县', parentCode: '341700' });
  expect(docs.find((d) => d._id === '341700')).toMatchObject({ name: '池州市', level: 'city', parentCode: '340000' });
  expect(docs.find((d) => d._id === '340000')).toMatchObject({ name: '安徽省', level: 'province' });
  const towns = docs.filter((d) => d.level === 'township');
  const villages = docs.filter((d) => d.level === 'village');
  expect(towns).toHaveLength(17);
  expect(villages).toHaveLength(253);
  expect(towns.every((x) => /^341721\d{3}$/.test(x.code) && x.parentCode === '341721')).toBe(true);
  const townCodes = new Set(towns.map((x) => x.code));
  expect(villages.every((v) => /^\d{12}$/.test(v.code) && townCodes.has(v.parentCode) && v.code.startsWith(v.parentCode))).toBe(true);
  expect(new Set(docs.map((d) => d._id)).size).toBe(docs.length);
});

it('seeds an empty store once; a second start keeps the data', async () => {
  const first = await startStack({ dataDir, functionsDir: buildDir, ports: { standin: 0, gateway: 0, wechat: 0 }, demo: true });
  try {
    expect(first.prepared.createdCollections).toEqual(expect.arrayContaining([...COLLECTIONS, 'devPersonas']));
    expect(first.prepared.seeded.join('\n')).toMatch(/东至县/);
    const db = first.app.database();
    expect((await db.collection('regions').count()).total).toBe(273);
    expect((await db.collection('regions').where({ level: 'village', parentCode: '341721101' }).count()).total).toBeGreaterThan(0);
    await db.collection('regions').doc('341721').update({ note: 'kept across restarts' });
  } finally {
    await first.stop();
  }
  const second = await startStack({ dataDir, functionsDir: buildDir, ports: { standin: 0, gateway: 0, wechat: 0 }, demo: true });
  try {
    expect(second.prepared).toEqual({ createdCollections: [], seeded: [] });
    const db = second.app.database();
    expect((await db.collection('regions').count()).total).toBe(273);
    const { data } = await db.collection('regions').doc('341721').get();
    expect(data[0]).toMatchObject({ name: '东至县', note: 'kept across restarts' });
  } finally {
    await second.stop();
  }
}, 60_000);

it('timer triggers declared in config.json fire when the stand-in clock passes them', async () => {
  const s = await startStack({ dataDir, functionsDir: buildDir, ports: { standin: 0, gateway: 0, wechat: 0 } });
  try {
    await s.app.database().createCollection('probeTicks').catch(() => undefined);
    s.clock.set(new Date('2025-03-01T17:59:00.000Z')); // 01:59 Beijing
    await s.timers.settle();
    s.clock.set(new Date('2025-03-01T18:00:05.000Z')); // 02:00:05 Beijing: "tick" is due
    await s.timers.settle();
    const { data } = await s.app.database().collection('probeTicks').get();
    expect(data).toEqual([
      expect.objectContaining({ now: '2025-03-01T18:00:05.000Z', time: '2025-03-01T18:00:00.000Z', source: 'scf' }),
    ]);
  } finally {
    await s.stop();
  }
}, 60_000);
