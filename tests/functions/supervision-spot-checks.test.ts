/**
 * Spot checks (随机抽查) and their follow-up tasks on the generated county
 * (tests/helpers/supervision-county.ts): the draw's population per township equals the visits
 * the generator dated in the period; the same seed draws the same records; a discrepancy opens a
 * follow-up whose deadline reaches the township staff's 消息 (with nobody in the township, the
 * county admins'); the township answers, the county returns and then accepts it; the results
 * feed the circular's 督查抽查 sheet.
 */
import ExcelJS from 'exceljs';
import type { FileLink, FollowUpView, SpotCheckView } from '../../cloudfunctions/_shared/contracts/supervision';
import type { InboxPage } from '../../cloudfunctions/_shared/contracts/inbox';
import { startTestStack, type TestStack } from '../helpers/stack';
import { addDay, generateCounty, loadCounty, openidOf, type GeneratedCounty } from '../helpers/supervision-county';
import { data } from './care-helpers';
import { uploadToSlot } from '../helpers/uploads';

jest.setTimeout(240_000);

let t: TestStack;
let county: GeneratedCounty;

beforeAll(async () => {
  t = await startTestStack({ functions: ['supervision', 'inbox', 'scheduler'] });
  county = generateCounty({ seed: 7 });
  await loadCounty(t.stack.standinUrl, county);
  t.clock.set(county.now);
});
afterAll(() => t?.stop());

const admin = () => ({ openid: openidOf(county.people.countyAdmin) });
const staffed = () => county.townships.find((x) => county.people.townshipStaff[x.code].length > 0)!;
const unstaffed = () => county.townships.find((x) => county.people.townshipStaff[x.code].length === 0)!;
const staffOf = (code: string, k = 0) => ({ openid: openidOf(county.people.townshipStaff[code][k]) });
const call = <T>(action: string, input: unknown, who: { openid: string }) => t.call<T>('supervision', action, input, who);
let n = 0;
const rid = () => `req-${Date.now()}-${++n}`;

/** Visits the generator dated within the period, per township (an independent count). */
function visitsByTownship(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const v of county.docs.visits as { _id: string; countyCode: string; townshipCode: string; date: string }[]) {
    if (v.countyCode !== county.countyCode || v.date < county.period.from || v.date > county.period.to) continue;
    out.set(v.townshipCode, [...(out.get(v.townshipCode) ?? []), v._id]);
  }
  return out;
}

async function inboxOf(who: { openid: string }): Promise<InboxPage> {
  return data(await t.call<InboxPage>('inbox', 'list', { limit: 50 }, who));
}

describe('the draw', () => {
  let first: SpotCheckView;
  beforeAll(async () => {
    first = data(await call<SpotCheckView>('drawSpotCheck', { kind: 'visit', perTownship: 3, seed: 'seed-2026-11', requestId: rid() }, admin()));
  });

  test('per township: its population is every visit dated in the period there, and 3 of them are drawn', () => {
    const truth = visitsByTownship();
    expect(first.period).toEqual(county.period);
    expect(first.seed).toBe('seed-2026-11');
    expect(first.populationSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first.townships.map((x) => x.region.code)).toEqual(county.townships.map((x) => x.code));
    for (const tw of first.townships) {
      const pop = truth.get(tw.region.code) ?? [];
      expect([tw.region.code, tw.population, tw.drawn]).toEqual([tw.region.code, pop.length, Math.min(3, pop.length)]);
      const drawn = first.items.filter((i) => i.township.code === tw.region.code);
      expect(drawn.map((i) => i.n)).toEqual(drawn.map((_x, k) => k + 1));
      for (const i of drawn) expect(pop).toContain(i.targetId);
    }
    expect(first.items.every((i) => i.status === 'pending' && /^走访记录 \d{4}-\d{2}-\d{2} /.test(i.record))).toBe(true);
  });

  test('the same seed draws the same records; another seed another sample; a retried request gives the first draw', async () => {
    const again = data(await call<SpotCheckView>('drawSpotCheck', { kind: 'visit', perTownship: 3, seed: 'seed-2026-11', requestId: rid() }, admin()));
    expect(again.id).not.toBe(first.id);
    expect(again.items.map((i) => i.targetId)).toEqual(first.items.map((i) => i.targetId));
    expect(again.populationSha256).toBe(first.populationSha256);
    const other = data(await call<SpotCheckView>('drawSpotCheck', { kind: 'visit', perTownship: 3, seed: 'another-seed', requestId: rid() }, admin()));
    expect(other.items.map((i) => i.targetId)).not.toEqual(first.items.map((i) => i.targetId));
    const req = rid();
    const a = data(await call<SpotCheckView & { duplicate: boolean }>('drawSpotCheck', { kind: 'report', perTownship: 2, requestId: req }, admin()));
    const b = data(await call<SpotCheckView & { duplicate: boolean }>('drawSpotCheck', { kind: 'report', perTownship: 2, requestId: req }, admin()));
    expect([a.duplicate, b.duplicate, b.id, b.seed]).toEqual([false, true, a.id, a.seed]);
    expect(a.seed).toMatch(/^[0-9a-f]{12}$/);
  });

  test('only the county admin draws; township staff are refused', async () => {
    expect(await call('drawSpotCheck', { kind: 'visit', perTownship: 1, requestId: rid() }, staffOf(staffed().code))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('a discrepancy reaches the township with its deadline', () => {
  let check: SpotCheckView;
  beforeAll(async () => {
    check = data(await call<SpotCheckView>('drawSpotCheck', { kind: 'visit', perTownship: 2, seed: 'flow', requestId: rid() }, admin()));
  });

  test('recorded as 与记录不符 with a photo: a follow-up due in 7 days, in the township staff’s 消息, on their list', async () => {
    const tw = staffed().code;
    const item = check.items.find((i) => i.township.code === tw)!;
    // A photo not taken for this item is refused (the item stays unchecked); the one handed out for it is kept.
    const upload = async (openid: string, input: Record<string, unknown> = { itemId: item.id, count: 1 }) => uploadToSlot(t, { fn: 'supervision', action: 'photoSlots', input, openid }, Buffer.from(`jpeg-${++n}`));
    // Township staff get no slot for a spot-check item; another item's photo is not this item's.
    expect(await call('photoSlots', { itemId: item.id, count: 1 }, staffOf(tw))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const otherItem = check.items.find((i) => i.id !== item.id)!;
    const theirs = await upload(admin().openid, { itemId: otherItem.id, count: 1 });
    expect(await call('recordSpotCheck', { itemId: item.id, result: 'discrepancy', note: '家长说当天没有人来走访', photos: [theirs] }, admin())).toMatchObject({
      ok: false,
      error: { code: 'UPLOAD_WRONG_SLOT', message: '核实照片不是为这一项上传的，请在本机重新拍照上传' },
    });
    const mine = await upload(admin().openid);
    const res = data(
      await call<{ followUp: FollowUpView; told: number; nobodyReached: boolean }>('recordSpotCheck', { itemId: item.id, result: 'discrepancy', note: '家长说当天没有人来走访', photos: [mine] }, admin()),
    );
    expect(res.followUp.problemPhotos).toEqual([mine]);
    const deadline = addDay(county.asOf, 7);
    expect(res.followUp).toMatchObject({ status: 'open', deadline, overdue: false, problem: '家长说当天没有人来走访' });
    expect([res.told, res.nobodyReached]).toEqual([county.people.townshipStaff[tw].length, false]);
    for (let k = 0; k < county.people.townshipStaff[tw].length; k++) {
      const entries = (await inboxOf(staffOf(tw, k))).items.filter((i) => i.kind === 'supervision.followUp');
      expect(entries).toHaveLength(1);
      expect(entries[0].body).toContain(`请于${deadline}前整改`);
      expect(entries[0].page).toBe(`/packageSupervision/pages/follow-up/index?id=${encodeURIComponent(res.followUp.id)}`);
    }
    const list = data(await call<{ rows: FollowUpView[] }>('followUps', {}, staffOf(tw)));
    expect(list.rows.map((r) => [r.id, r.deadline, r.canAnswer])).toEqual([[res.followUp.id, deadline, true]]);
    // Another township's staff neither list nor open it.
    const other = county.townships.find((x) => x.code !== tw && county.people.townshipStaff[x.code].length > 0)!;
    expect(data(await call<{ rows: FollowUpView[] }>('followUps', {}, staffOf(other.code))).rows).toEqual([]);
    expect(await call('followUp', { id: res.followUp.id }, staffOf(other.code))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Recorded once.
    expect(await call('recordSpotCheck', { itemId: item.id, result: 'confirmed', note: '再次核实', photos: [] }, admin())).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  test('a township with nobody bound: the other county admins are told — never the checker counted, never silently nobody', async () => {
    const tw = unstaffed().code;
    const [first, second] = check.items.filter((i) => i.township.code === tw);
    const followUpsOf = async (who: { openid: string }) => (await inboxOf(who)).items.filter((i) => i.kind === 'supervision.followUp');
    const before = (await followUpsOf(admin())).length;
    // The checker is the county's only admin: nobody else to tell — recorded unreached for the 工作台, said plainly.
    const alone = data(await call<{ followUp: FollowUpView; told: number; nobodyReached: boolean }>('recordSpotCheck', { itemId: first.id, result: 'discrepancy', note: '记录的日期孩子在外地', photos: [] }, admin()));
    expect([alone.told, alone.nobodyReached]).toEqual([0, true]);
    const db = t.app.database();
    expect((await db.collection('unreachedUrgent').doc(`followUp:${alone.followUp.id}`).get()).data).toHaveLength(1);
    expect(await followUpsOf(admin())).toHaveLength(before);
    // A second county admin: told, and counted alone.
    const other = 'p-county-admin-2';
    await db.collection('persons').add({ _id: other, name: '钱工作人员', regionCode: county.countyCode });
    await db.collection('identities').add({ _id: openidOf(other), personId: other });
    await db.collection('roleBindings').add({ _id: `b-${other}-countyAdmin`, personId: other, role: 'countyAdmin', scope: { kind: 'region', codes: [county.countyCode] }, scopeRegion: county.countyCode, status: 'active', grantedAt: county.now, grantedBy: 'seed' });
    const res = data(await call<{ followUp: FollowUpView; told: number; nobodyReached: boolean }>('recordSpotCheck', { itemId: second.id, result: 'discrepancy', note: '孩子当天在学校', photos: [] }, admin()));
    expect([res.told, res.nobodyReached]).toEqual([1, false]);
    const theirs = await followUpsOf({ openid: openidOf(other) });
    expect(theirs).toHaveLength(1);
    expect(theirs[0].body).toContain(`请于${addDay(county.asOf, 7)}前整改`);
    expect(await followUpsOf(admin())).toHaveLength(before);
  });

  test('the township answers, the county returns it, the township answers again, the county closes it — each told', async () => {
    const tw = staffed().code;
    const fu = data(await call<{ rows: FollowUpView[] }>('followUps', { status: 'open' }, staffOf(tw))).rows[0];
    const answered = data(await call<FollowUpView>('answerFollowUp', { id: fu.id, note: '已补做入户走访，更正了记录', photos: [] }, staffOf(tw)));
    expect(answered).toMatchObject({ status: 'answered', canAnswer: false, answer: { note: '已补做入户走访，更正了记录' } });
    expect((await inboxOf(admin())).items.filter((i) => i.kind === 'supervision.followUpAnswered')).toHaveLength(1);
    expect(await call('reviewFollowUp', { id: fu.id, accept: false }, admin())).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const returned = data(await call<FollowUpView>('reviewFollowUp', { id: fu.id, accept: false, note: '请附上走访照片' }, admin()));
    expect(returned).toMatchObject({ status: 'open', reviews: [{ accepted: false, note: '请附上走访照片' }] });
    const told = (await inboxOf(staffOf(tw))).items.filter((i) => i.kind === 'supervision.followUpReviewed');
    expect(told.map((i) => i.title)).toEqual(['督查整改被退回']);
    data(await call<FollowUpView>('answerFollowUp', { id: fu.id, note: '已补拍走访照片', photos: [] }, staffOf(tw)));
    const closed = data(await call<FollowUpView>('reviewFollowUp', { id: fu.id, accept: true }, admin()));
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).not.toBeNull();
    expect(await call('answerFollowUp', { id: fu.id, note: '再回复一次', photos: [] }, staffOf(tw))).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  test('the results feed the circular: 督查抽查 counts per township and lists the discrepancies', async () => {
    // The staffed township's second item (its first was found discrepant above).
    const ok = check.items.filter((i) => i.township.code === staffed().code)[1];
    data(await call('recordSpotCheck', { itemId: ok.id, result: 'confirmed', note: '电话回访家长，属实', photos: [] }, admin()));
    const made = data(await call<{ id: string }>('makeCircular', { month: county.asOf.slice(0, 7) }, admin()));
    const link = data(await call<FileLink>('circularFile', { id: made.id }, admin()));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await (await fetch(link.url)).arrayBuffer()) as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.getWorksheet('督查抽查')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const total = rows.find((r) => r[0] === '全县合计')!;
    // checked 4 (3 discrepancies, 1 confirmed); follow-ups: one closed, two open and not yet overdue.
    expect(total.slice(1, 5)).toEqual([4, 3, 2, 0]);
    const byName = new Map(rows.map((r) => [r[0], r]));
    expect((byName.get(staffed().name) as unknown[]).slice(1, 3)).toEqual([2, 1]);
    expect((byName.get(unstaffed().name) as unknown[]).slice(1, 4)).toEqual([2, 2, 2]);
    const listed = rows.slice(rows.findIndex((r) => r[0] === '与记录不符的抽查事项') + 1);
    expect(listed).toHaveLength(3);
    // Each with its follow-up's state and deadline; names masked, the checker's free-text note left out.
    expect(listed.map((r) => /整改\S+，期限\S+$/.exec(String(r[5]))?.[0]).sort()).toEqual([`整改已办结，期限${addDay(county.asOf, 7)}`, `整改待整改，期限${addDay(county.asOf, 7)}`, `整改待整改，期限${addDay(county.asOf, 7)}`]);
    expect(listed.every((r) => /^走访记录 · \p{Script=Han}\*+\p{Script=Han}?$/u.test(String(r[3])))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('家长说当天没有人来走访');
  });
});

describe('a follow-up that becomes overdue', () => {
  const timerEvent = { Type: 'Timer', TriggerName: 'tick', Time: '', Message: '' };
  const overdueOf = async (who: { openid: string }) => (await inboxOf(who)).items.filter((i) => i.kind === 'supervision.followUp' && i.title.startsWith('督查整改逾期'));

  test('the scheduler tells the township staff and the county admins once, the day after its deadline', async () => {
    const tw = staffed().code;
    const check = data(await call<SpotCheckView>('drawSpotCheck', { kind: 'visit', perTownship: 1, seed: 'overdue', requestId: rid() }, admin()));
    const item = check.items.find((i) => i.township.code === tw)!;
    const res = data(await call<{ followUp: FollowUpView }>('recordSpotCheck', { itemId: item.id, result: 'discrepancy', note: '走访记录与家长说法不一致', photos: [] }, admin()));
    const deadline = res.followUp.deadline;
    // On the deadline itself nothing is overdue yet.
    t.clock.set(new Date(`${deadline}T10:00:00+08:00`));
    await t.settleTimers();
    await t.invoke('scheduler', timerEvent);
    expect(await overdueOf(staffOf(tw))).toEqual([]);
    // The day after: told once, however often the scheduler runs.
    t.clock.set(new Date(`${addDay(deadline, 1)}T10:00:00+08:00`));
    await t.settleTimers();
    for (let i = 0; i < 3; i++) await t.invoke('scheduler', timerEvent);
    const staffEntries = await overdueOf(staffOf(tw));
    expect(staffEntries.filter((e) => e.page?.endsWith(encodeURIComponent(res.followUp.id)))).toHaveLength(1);
    expect(staffEntries[0].body).toContain(`已超过期限${deadline}仍未回复`);
    const adminEntries = (await overdueOf(admin())).filter((e) => e.page?.endsWith(encodeURIComponent(res.followUp.id)));
    expect(adminEntries).toHaveLength(1);
    // The page shows it overdue; the follow-ups of the unstaffed township, overdue too, reached the county admins.
    expect(data(await call<FollowUpView>('followUp', { id: res.followUp.id }, staffOf(tw)))).toMatchObject({ status: 'open', overdue: true });
    const open = data(await call<{ rows: FollowUpView[] }>('followUps', { status: 'open' }, admin())).rows.filter((r) => r.overdue);
    expect((await overdueOf(admin())).length).toBe(open.length);
  });
});
