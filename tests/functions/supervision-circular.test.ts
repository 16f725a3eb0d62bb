/**
 * The monthly circular (通报) on the generated county with known answers
 * (tests/helpers/supervision-county.ts): its workbook cross-checks (各乡镇指标's last row, the
 * county's own number, equals the sum of the townships, and each township's state-on-the-day
 * numbers equal the counts made by construction), it lists the overdue items with children's
 * names masked and no ID number or phone, it is announced in 消息 to the county admin and
 * township staff (not village officers), and the scheduler makes exactly one per month on the
 * 1st (from 07:00 Asia/Shanghai) however often it runs.
 */
import ExcelJS from 'exceljs';
import { INDICATORS, type IndicatorInfo, type IndicatorKey } from '../../cloudfunctions/_shared/contracts/indicators';
import type { CircularListView, CircularView, FileLink } from '../../cloudfunctions/_shared/contracts/supervision';
import type { InboxPage } from '../../cloudfunctions/_shared/contracts/inbox';
import { startTestStack, type TestStack } from '../helpers/stack';
import { generateCounty, loadCounty, openidOf, type GeneratedCounty } from '../helpers/supervision-county';
import { data } from './care-helpers';

jest.setTimeout(240_000);

let t: TestStack;
let county: GeneratedCounty;
const info = (k: IndicatorKey) => INDICATORS[k] as IndicatorInfo;
const timerEvent = { Type: 'Timer', TriggerName: 'tick', Time: '', Message: '' };

beforeAll(async () => {
  t = await startTestStack({ functions: ['supervision', 'scheduler', 'inbox'] });
  county = generateCounty({ seed: 7 });
  await loadCounty(t.stack.standinUrl, county);
  t.clock.set(county.now);
});
afterAll(() => t?.stop());

const admin = () => ({ openid: openidOf(county.people.countyAdmin) });
const staffTownship = () => county.townships.find((x) => county.people.townshipStaff[x.code].length > 0)!;
const staff = () => ({ openid: openidOf(county.people.townshipStaff[staffTownship().code][0]) });
const officer = () => ({ openid: openidOf(Object.values(county.people.villageOfficers).find((p) => p.length > 0)![0]) });
const call = <T>(action: string, input: unknown, who: { openid: string }) => t.call<T>('supervision', action, input, who);
const expected = (key: IndicatorKey, region: string) => county.truth[key].filter((i) => i.region.startsWith(region)).length;

/** The circular's workbook, downloaded through its temporary link as the phone does. */
async function workbookOf(id: string, who = admin()): Promise<ExcelJS.Workbook> {
  const link = data(await call<FileLink>('circularFile', { id }, who));
  expect(link.fileName).toMatch(/\.xlsx$/);
  const res = await fetch(link.url);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  return wb;
}

function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

async function inboxOf(who: { openid: string }): Promise<InboxPage> {
  return data(await t.call<InboxPage>('inbox', 'list', { limit: 50 }, who));
}

describe('a circular made on demand (the month so far)', () => {
  let id: string;
  beforeAll(async () => {
    const made = data(await call<{ id: string; existing: boolean; final: boolean; month: string }>('makeCircular', { month: '2026-11' }, admin()));
    expect(made).toMatchObject({ id: '341799-2026-11-2026-11-20', existing: false, final: false, month: '2026-11' });
    id = made.id;
  });

  test('各乡镇指标: the last row (the county) equals the sum of the townships in every column', async () => {
    const ws = (await workbookOf(id)).getWorksheet('各乡镇指标')!;
    const rows = rowsOf(ws);
    const [head, ...body] = rows;
    const total = body[body.length - 1];
    const towns = body.slice(0, -1);
    expect(total[0]).toBe('全县合计');
    expect(towns.map((r) => r[0])).toEqual(county.townships.map((x) => x.name));
    expect(head.length).toBeGreaterThan(20);
    for (let c = 1; c < head.length; c++) {
      const sum = towns.reduce((a, r) => a + Number(r[c]), 0);
      expect([head[c], total[c]]).toEqual([head[c], sum]);
    }
    // The numbers are the county's, not zeros that add up: state-on-the-day counts equal the generator's.
    const col = (key: IndicatorKey) => head.indexOf(`${info(key).label}（${info(key).unit}）`);
    for (const key of ['children.registered', 'visits.overdue', 'confirmations.expired', 'orders.overdue'] as IndicatorKey[]) {
      expect(col(key)).toBeGreaterThan(0);
      expect([key, total[col(key)]]).toEqual([key, expected(key, county.countyCode)]);
      county.townships.forEach((tw, i) => expect([key, tw.code, towns[i][col(key)]]).toEqual([key, tw.code, expected(key, tw.code)]));
    }
    expect(expected('visits.overdue', county.countyCode)).toBeGreaterThan(0);
  });

  test('逾期事项 lists every overdue visit and order, names masked; nothing in the workbook is an ID number or a phone', async () => {
    const wb = await workbookOf(id);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '乡镇排名', '各乡镇指标', '全县指标', '逾期事项', '督查抽查']);
    const rows = rowsOf(wb.getWorksheet('逾期事项')!).slice(1);
    expect(rows.filter((r) => r[0] === info('visits.overdue').label)).toHaveLength(expected('visits.overdue', county.countyCode));
    expect(rows.filter((r) => r[0] === info('orders.overdue').label)).toHaveLength(expected('orders.overdue', county.countyCode));
    const names = (county.docs.children as { name?: string }[]).map((c) => c.name).filter((n): n is string => !!n);
    const text = wb.worksheets.flatMap((w) => rowsOf(w).flat()).map((v) => String(v ?? '')).join('\n');
    for (const name of names) expect(text.includes(name)).toBe(false);
    const subjects = rows.filter((r) => r[0] === info('visits.overdue').label).map((r) => String(r[3]));
    for (const s of subjects) expect(s).toMatch(/^\p{Script=Han}\*+\p{Script=Han}?$/u);
    expect(text).not.toMatch(/\d{17}[\dXx]/);
    expect(text).not.toMatch(/1[3-9]\d{9}/);
  });

  test('the PDF: made on the first download, kept, with the county’s figures and no child', async () => {
    const link = data(await call<FileLink>('circularFile', { id, format: 'pdf' }, staff()));
    expect(link.fileName).toMatch(/督导通报.*\.pdf$/);
    const bytes = Buffer.from(await (await fetch(link.url)).arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const stored = (await t.app.database().collection('circulars').doc(id).get()).data as { pdfFileID?: string }[];
    expect(stored[0].pdfFileID).toMatch(/\.pdf$/);
    const again = data(await call<FileLink>('circularFile', { id, format: 'pdf' }, admin()));
    expect(again.url).toBe(link.url);
    const list = data(await call<CircularListView>('circulars', {}, admin()));
    expect(list.rows.find((r) => r.id === id)?.hasPdf).toBe(true);
  });

  test('asked again the same day: the same circular, not a second one', async () => {
    const again = data(await call<{ id: string; existing: boolean }>('makeCircular', { month: '2026-11' }, admin()));
    expect(again).toMatchObject({ id, existing: true });
    const list = data(await call<CircularListView>('circulars', {}, admin()));
    expect(list.rows.map((r) => r.id)).toEqual([id]);
    expect(list.canMake).toBe(true);
  });

  test('announced in 消息 to the county admin and township staff, opening the circular; not to village officers', async () => {
    const page = `/packageSupervision/pages/circular/index?id=${encodeURIComponent(id)}`;
    for (const who of [admin(), staff()]) {
      const mine = (await inboxOf(who)).items.filter((i) => i.kind === 'supervision.circular');
      expect(mine.map((i) => i.page)).toEqual([page]);
      expect(mine[0].title).toBe('2026年11月督导通报（截至当日）');
      expect(mine[0].body).toContain(`在册留守儿童${expected('children.registered', county.countyCode)}人`);
    }
    expect((await inboxOf(officer())).items.filter((i) => i.kind === 'supervision.circular')).toEqual([]);
    const v = data(await call<CircularView>('circular', { id }, staff()));
    const staffCount = Object.values(county.people.townshipStaff).flat().length;
    expect(v.announcedTo).toBe(1 + staffCount);
  });

  test('township staff read the county circular; a village officer may not; making one is the county admin’s', async () => {
    const v = data(await call<CircularView>('circular', { id }, staff()));
    expect(v.ranking.map((r) => r.region.code).sort()).toEqual(county.townships.map((x) => x.code).sort());
    expect(v.summary.registered).toBe(expected('children.registered', county.countyCode));
    expect(await call('circular', { id }, officer())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('circulars', {}, officer())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('makeCircular', {}, staff())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('circular', { id: '341799-1999-01' }, admin())).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('makeCircular', { month: '2027-01' }, admin())).toMatchObject({ ok: false, error: { code: 'NOT_APPLICABLE' } });
  });
});

describe('the scheduler on the 1st of the month', () => {
  const finalId = '341799-2026-11';
  const scheduled = async () => (await t.app.database().collection('circulars').where({ countyCode: county.countyCode }).limit(100).get()).data as { _id: string; generatedBy: { kind: string } }[];

  test('before 07:00 it counts the month but makes no circular yet; a child registered after the month is not counted in it', async () => {
    const db = t.app.database();
    // Two copies of a registered child: one created in the month's last minutes, one just after it (Asia/Shanghai).
    const base = (county.docs.children as Record<string, unknown>[]).find((c) => county.truth['children.registered'].some((i) => i.id === c._id))!;
    await db.collection('children').add({ ...base, _id: 'c-late-in-month', createdAt: new Date('2026-11-30T23:50:00+08:00') });
    await db.collection('children').add({ ...base, _id: 'c-after-month', createdAt: new Date('2026-12-01T00:10:00+08:00') });
    t.clock.set(new Date('2026-12-01T06:30:00+08:00'));
    await t.settleTimers();
    for (let i = 0; i < 3; i++) await t.invoke('scheduler', timerEvent);
    expect((await scheduled()).map((c) => c._id)).not.toContain(finalId);
    const pointer = await db.collection('supervisionRuns').doc('month:341799:2026-11').get();
    expect((pointer.data as unknown[]).length).toBe(1);
    const runId = (pointer.data as { runId: string }[])[0].runId;
    const village = (await db.collection('supervisionFigures').doc(`${runId}:${String(base.villageCode)}`).get()).data as { items: Record<string, { id: string }[]> }[];
    const registered = village[0].items['children.registered'].map((i) => i.id);
    expect([registered.includes('c-late-in-month'), registered.includes('c-after-month')]).toEqual([true, false]);
    await db.collection('children').where({ _id: db.command.in(['c-late-in-month', 'c-after-month']) }).remove();
  });

  test('from 07:00 it makes exactly one circular for last month, however often it runs, and tells each person once', async () => {
    t.clock.set(new Date('2026-12-01T07:10:00+08:00'));
    await t.settleTimers();
    for (let i = 0; i < 4; i++) await t.invoke('scheduler', timerEvent);
    const finals = (await scheduled()).filter((c) => c._id === finalId);
    expect(finals).toHaveLength(1);
    expect(finals[0].generatedBy).toEqual({ kind: 'scheduler' });
    const entries = (await inboxOf(admin())).items.filter((i) => i.kind === 'supervision.circular' && i.page?.endsWith(encodeURIComponent(finalId)));
    expect(entries.map((e) => e.title)).toEqual(['2026年11月督导通报']);
    const made = data(await call<{ id: string; existing: boolean; final: boolean }>('makeCircular', {}, admin()));
    expect(made).toMatchObject({ id: finalId, existing: true, final: true });
    const list = data(await call<CircularListView>('circulars', {}, staff()));
    expect(list.rows.map((r) => r.id)).toEqual([finalId, '341799-2026-11-2026-11-20']);
    expect(list.canMake).toBe(false);
  });

  test("the month's circular cross-checks too", async () => {
    const rows = rowsOf((await workbookOf(finalId, staff())).getWorksheet('各乡镇指标')!);
    const body = rows.slice(1);
    const total = body[body.length - 1];
    for (let c = 1; c < rows[0].length; c++) expect([rows[0][c], total[c]]).toEqual([rows[0][c], body.slice(0, -1).reduce((a, r) => a + Number(r[c]), 0)]);
  });
});
