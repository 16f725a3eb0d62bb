/**
 * helpline on the stand-in clock: an expired lease returns the request to the queue (the next
 * claim takes it; the scheduler's backstop releases it), and the service metrics over a scripted
 * day and week (Asia/Shanghai days, ISO weeks). Runs under TZ=UTC and TZ=Asia/Shanghai.
 */
import type { Envelope } from '../../cloudfunctions/_shared/contracts/envelope';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SIDES, insert, makePersona, useStackKey, type Persona } from '../helpers/access-world';

let t: TestStack;
let agentA: Persona;
let agentB: Persona;
let supervisor: Persona;
let police: Persona;
let seq = 0;
const rid = () => `req-${seq++}-${Math.random().toString(36).slice(2, 10)}`;
const MIN = 60_000;

async function call<T = any>(action: string, data: unknown, who: Persona | string): Promise<Envelope<T>> {
  return t.call<T>('helpline', action, data, { openid: typeof who === 'string' ? who : who.openid });
}
function ok<T>(r: Envelope<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.data;
}
const code = (r: Envelope<unknown>) => (r.ok ? undefined : r.error.code);
/** Sets the stand-in clock to a Beijing wall-clock time and lets due timers run. */
async function at(local: string) {
  t.clock.set(new Date(`${local}+08:00`));
  await t.settleTimers();
}
async function submit(who: string, extra: Record<string, unknown> = {}) {
  return ok(await call<any>('submitRequest', { requestId: rid(), category: 'psychological', description: '最近压力很大，想找人聊聊', requesterKind: 'child', ...extra }, who));
}

beforeAll(async () => {
  t = await startTestStack({ functions: ['helpline'] });
  useStackKey(t);
}, 120_000);
afterAll(async () => t?.stop());
beforeEach(async () => {
  await t.reset();
  await insert(t.app, 'helplineTeams', { _id: SIDES.in.teamId, name: '12355热线', default: true });
  agentA = await makePersona(t.app, 'helplineAgent');
  agentB = await makePersona(t.app, 'helplineAgent');
  supervisor = await makePersona(t.app, 'helplineSupervisor');
  police = await makePersona(t.app, 'police');
}, 120_000);

test('an expired lease returns the request to the queue: the next claim takes it, the old holder cannot act', async () => {
  await at('2025-03-03T09:00:00');
  const r = await submit('o-lease-1');
  await at('2025-03-03T09:01:00');
  expect(ok(await call<any>('claimNext', {}, agentA)).request.id).toBe(r.id);
  // A heartbeat at 09:08 keeps it to 09:18.
  await at('2025-03-03T09:08:00');
  ok(await call('heartbeat', { id: r.id }, agentA));
  await at('2025-03-03T09:17:00');
  expect(ok(await call<any>('claimNext', {}, agentB)).request).toBeNull();
  expect(ok(await call<any>('queue', {}, agentB)).waiting).toBe(0);
  // 09:19: the lease ran out; the request is waiting again and agent B's claim takes it.
  t.clock.set(new Date('2025-03-03T09:19:00+08:00')); // the next claim (or the timer, whichever runs first) releases it
  const q = ok(await call<any>('queue', {}, agentB));
  expect(q.requests.map((x: any) => [x.id, x.status])).toEqual([[r.id, 'open']]);
  expect(ok(await call<any>('getMyRequest', { id: r.id }, 'o-lease-1')).statusLabel).toBe('排队中');
  expect(ok(await call<any>('claimNext', {}, agentB)).request).toMatchObject({ id: r.id, mine: true });
  expect(code(await call('reply', { id: r.id, text: '你好', messageId: rid() }, agentA))).toBe('CONFLICT');
  expect(code(await call('heartbeat', { id: r.id }, agentA))).toBe('CONFLICT');
  ok(await call('reply', { id: r.id, text: '你好，我来接手', messageId: rid() }, agentB));
}, 120_000);

test('the scheduler releases expired leases as a backstop (safe to run twice)', async () => {
  await at('2025-03-03T10:00:00');
  const r = await submit('o-lease-2');
  ok(await call('claim', { id: r.id }, agentA));
  await at('2025-03-03T10:30:00'); // the every-minute trigger fires once for the jump
  const doc = (await t.app.database().collection('helplineRequests').doc(r.id).get()).data[0];
  expect(doc).toMatchObject({ status: 'open', claimedBy: null });
  expect(new Date(doc.queuedAt).toISOString()).toBe(new Date('2025-03-03T10:10:00+08:00').toISOString());
  const again = await t.invoke('helpline', { Type: 'Timer', TriggerName: 'releaseExpiredLeases' });
  expect(again).toMatchObject({ ok: true, result: { ok: true, data: { released: 0 } } });
  // A mini-program user cannot call the timer action.
  expect(code(await call('releaseExpiredLeases', {}, agentA))).toBe('FORBIDDEN');
}, 120_000);

test('metrics over a scripted day and its ISO week', async () => {
  // R1 09:00 child; A claims 09:05, replies 09:10, closes 09:15; rated 5.
  await at('2025-03-03T09:00:00');
  const r1 = await submit('o-m-1');
  await at('2025-03-03T09:05:00');
  expect(ok(await call<any>('claimNext', {}, agentA)).request.id).toBe(r1.id);
  await at('2025-03-03T09:10:00');
  ok(await call('reply', { id: r1.id, text: '你好', messageId: rid() }, agentA));
  await at('2025-03-03T09:15:00');
  ok(await call('closeRequest', { id: r1.id, outcome: 'resolved' }, agentA));
  await at('2025-03-03T09:20:00');
  ok(await call('rateRequest', { id: r1.id, score: 5 }, 'o-m-1'));
  // R2 09:30 parent; A claims 10:00, replies 10:05, refers to police 10:10 (3 days), closes 10:15; rated 3.
  await at('2025-03-03T09:30:00');
  const r2 = await submit('o-m-2', { requesterKind: 'parent' });
  await at('2025-03-03T10:00:00');
  expect(ok(await call<any>('claimNext', {}, agentA)).request.id).toBe(r2.id);
  await at('2025-03-03T10:05:00');
  ok(await call('reply', { id: r2.id, text: '您好', messageId: rid() }, agentA));
  await at('2025-03-03T10:10:00');
  const ref1 = ok(await call<any>('refer', { id: r2.id, department: 'police', regionCode: SIDES.in.townshipCode, summary: '需核实家庭情况', reason: '需要公安上门核实' }, agentA));
  // R3 10:15 submitted, withdrawn 10:20 before any answer (abandoned).
  await at('2025-03-03T10:15:00');
  ok(await call('closeRequest', { id: r2.id, outcome: 'referred' }, agentA));
  const r3 = await submit('o-m-3', { requesterKind: 'public' });
  await at('2025-03-03T10:20:00');
  ok(await call('rateRequest', { id: r2.id, score: 3 }, 'o-m-2'));
  ok(await call('withdrawRequest', { id: r3.id }, 'o-m-3'));
  // R4 11:00; B claims 11:05, logs a call back 11:12, refers to a school 11:14 (1 day), releases 11:15.
  await at('2025-03-03T11:00:00');
  const r4 = await submit('o-m-4');
  await at('2025-03-03T11:05:00');
  expect(ok(await call<any>('claimNext', {}, agentB)).request.id).toBe(r4.id);
  await at('2025-03-03T11:12:00');
  ok(await call('logCallback', { id: r4.id, note: '已回电，情绪平稳' }, agentB));
  await at('2025-03-03T11:14:00');
  ok(await call('refer', { id: r4.id, department: 'school', schoolId: SIDES.in.schoolId, summary: '请班主任多关注', reason: '需要学校日常关注', deadlineDays: 1 }, agentB));
  await at('2025-03-03T11:15:00');
  ok(await call('release', { id: r4.id }, agentB));
  // R5 12:00 crisis, never claimed.
  await at('2025-03-03T12:00:00');
  expect((await submit('o-m-5', { description: '我想自杀' })).priority).toBe('urgent');

  await at('2025-03-03T20:00:00');
  const day = ok(await call<any>('metrics', { from: '2025-03-03', to: '2025-03-03', by: 'day' }, supervisor));
  expect(day.waitingNow).toBe(2);
  expect(day.longestWaitMs).toBe((8 * 60 + 45) * MIN); // R4 back in the queue since 11:15
  expect(day.rows).toHaveLength(1);
  expect(day.rows[0]).toEqual({
    period: '2025-03-03',
    submitted: 5,
    firstResponse: { count: 3, p50Ms: 12 * MIN, p90Ms: 35 * MIN }, // 10, 12, 35 min
    handle: { count: 2, p50Ms: 10 * MIN, p90Ms: 15 * MIN }, // 10, 15 min
    abandoned: 1,
    abandonedRate: 0.2,
    referrals: { due: 0, answeredInTime: 0, rate: null },
    satisfaction: { count: 2, mean: 4, satisfiedRate: 0.5 },
  });
  // The day before and after are empty; the day boundary is Shanghai midnight.
  const around = ok(await call<any>('metrics', { from: '2025-03-02', to: '2025-03-04', by: 'day' }, supervisor));
  expect(around.rows.map((r: any) => [r.period, r.submitted])).toEqual([['2025-03-02', 0], ['2025-03-03', 5], ['2025-03-04', 0]]);

  // The police answer in time on 03-05; the school never answers. On 03-07 both are due.
  await at('2025-03-05T09:00:00');
  ok(await t.call('helpline', 'answerReferral', { referralId: ref1.referral.id, reply: '已上门核实' }, { openid: police.openid }));
  await at('2025-03-07T12:00:00');
  const week = ok(await call<any>('metrics', { from: '2025-03-03', to: '2025-03-09', by: 'week' }, supervisor));
  expect(week.rows.map((r: any) => r.period)).toEqual(['2025-W10']);
  expect(week.rows[0]).toMatchObject({ submitted: 5, referrals: { due: 2, answeredInTime: 1, rate: 0.5 }, abandoned: 1 });
  expect(week.total).toMatchObject({ period: '2025-03-03~2025-03-09', submitted: 5 });
  // Agents do not get metrics.
  expect(code(await call('metrics', { from: '2025-03-03', to: '2025-03-03' }, agentA))).toBe('FORBIDDEN');
}, 300_000);
