/**
 * The scheduler, driven by the stand-in's clock and timer (a one-minute `tick`): overdue visits
 * at Beijing day boundaries (late evening, early morning — the suite runs under TZ=UTC and
 * TZ=Asia/Shanghai), report escalation when not acknowledged in time, and two runs in the same
 * minute sending each reminder once.
 */
import { acceptSubscription } from '../helpers/subscribe';
import { startTestStack, type TestStack, PLATFORM_INSTANCES } from '../helpers/stack';
import { makePersona, seedWorld, useStackKey, type Persona } from '../helpers/access-world';
import { SIDES, addChild, careCall, data, notificationsOf, pairingMember, rid, villageOfficerOf } from './care-helpers';

jest.setTimeout(90_000);

let t: TestStack;
/** A Beijing wall-clock instant. */
const bj = (s: string) => new Date(`${s}+08:00`);

// One world for the whole file, and the clock only ever moves a few weeks forward: the stand-in's
// timer walks every missed minute when the clock jumps forward, so a jump of years (e.g. the
// machine clock that `reset()` restores) costs minutes. Each test uses its own people, villages
// and days instead.
beforeAll(async () => {
  t = await startTestStack({ functions: ['care', 'scheduler', 'inbox'], maxWorkersPerFunction: PLATFORM_INSTANCES }); // racing calls need instances side by side
  useStackKey(t);
  t.clock.set(bj('2025-03-01T10:00:00')); // backwards from the machine clock: nothing fires
  await seedWorld(t.app);
}, 120_000);
afterAll(async () => t?.stop());

/** Moves the stand-in clock (the timer fires the scheduler's due tick) and waits for it. */
async function moveClockTo(at: Date): Promise<void> {
  t.clock.set(at);
  await t.settleTimers();
}

const timerEvent = { Type: 'Timer', TriggerName: 'tick', Time: '', Message: '' };

describe('overdue visits at Beijing day boundaries', () => {
  let officer: Persona;
  let volunteer: Persona;
  const childId = 'sched-boundary-child';

  beforeAll(async () => {
    await addChild(t, childId, { level: 'focus', name: '陈小明' });
    officer = await makePersona(t.app, 'villageOfficer');
    volunteer = await pairingMember(t, 'volunteer');
    await careCall(t, 'setPairingMember', { childId, slot: 'helper', personId: volunteer.personId }, officer);
    // Visited on 1 March (Beijing): a focus child is due 30 days later, on 31 March.
    await careCall(t, 'recordVisit', { childId, requestId: rid('v'), date: '2025-03-01', kind: 'home', findings: { health: '良好' } }, officer);
    await acceptSubscription(t, officer.openid, 'visitDue', 10);
    await acceptSubscription(t, volunteer.openid, 'visitDue', 10);
  });

  const item = async (who: Persona) => data(await careCall(t, 'dueVisits', { horizonDays: 0 }, who)).items.find((i: any) => i.childId === childId);

  test('late evening of the due day (23:59 Beijing, 15:59 UTC): due today, not overdue', async () => {
    await moveClockTo(bj('2025-03-31T23:59:00'));
    expect(await item(officer)).toMatchObject({ dueOn: '2025-03-31', status: 'dueToday', daysOverdue: 0 });
    expect(await item(volunteer)).toMatchObject({ status: 'dueToday' });
    const tasks = data(await careCall(t, 'myTasks', {}, officer));
    expect(tasks.today).toBe('2025-03-31');
    expect(tasks.counts).toMatchObject({ dueToday: 1, overdue: 0 });
  });

  test('early morning of the next day (00:01 Beijing, still 31 March in UTC): overdue by one day; no reminder in the night', async () => {
    await moveClockTo(bj('2025-04-01T00:01:00'));
    expect(await item(officer)).toMatchObject({ dueOn: '2025-03-31', status: 'overdue', daysOverdue: 1 });
    const tasks = data(await careCall(t, 'myTasks', {}, officer));
    expect(tasks.today).toBe('2025-04-01');
    expect(tasks.counts).toMatchObject({ dueToday: 0, overdue: 1 });
    // The tick fired at 00:01 (history), but reminders wait for the morning.
    expect(t.stack.timers.history.some((h) => h.functionName === 'scheduler' && h.time === bj('2025-04-01T00:01:00').toISOString())).toBe(true);
    expect(await notificationsOf(t, officer.personId!, 'care.visitOverdue')).toHaveLength(0);
  });

  test('at 07:00 Beijing the officer and the pairing member get one overdue reminder each, and no more that day', async () => {
    const before = t.wechat.admin.state().messages.length;
    await moveClockTo(bj('2025-04-01T07:00:00'));
    const forOfficer = await notificationsOf(t, officer.personId!, 'care.visitOverdue');
    const forVolunteer = await notificationsOf(t, volunteer.personId!, 'care.visitOverdue');
    expect(forOfficer).toHaveLength(1);
    expect(forVolunteer).toHaveLength(1);
    expect(forOfficer[0]).toMatchObject({ title: '走访已逾期', ref: { kind: 'child', id: childId }, push: { status: 'sent' } });
    expect(forOfficer[0].body).not.toContain('陈小明');
    const pushes = t.wechat.admin.state().messages.slice(before);
    expect(pushes.map((m) => m.touser).sort()).toEqual([officer.openid, volunteer.openid].sort());
    expect(JSON.stringify(pushes[0].data)).toContain('陈*明');

    await moveClockTo(bj('2025-04-01T07:01:00'));
    await moveClockTo(bj('2025-04-01T18:30:00'));
    // The next day: still overdue, but the reminder for this due day was already sent.
    await moveClockTo(bj('2025-04-02T08:00:00'));
    expect(await notificationsOf(t, officer.personId!, 'care.visitOverdue')).toHaveLength(1);
    expect(t.wechat.admin.state().messages.length - before).toBe(2);
  });

  test('a visit due today gets its own reminder on the due day (TZ-independent day)', async () => {
    const other = 'sched-due-today-child';
    t.clock.set(bj('2025-04-02T09:00:00'));
    await addChild(t, other, { level: 'attention' });
    // Visited 60 days before 3 April (Beijing): due on 3 April.
    await careCall(t, 'recordVisit', { childId: other, requestId: rid('v'), date: '2025-02-02', kind: 'phone', findings: { family: '正常' } }, officer);
    await moveClockTo(bj('2025-04-03T07:30:00'));
    const due = (await notificationsOf(t, officer.personId!, 'care.visitDue')).filter((n) => n.ref.id === other);
    expect(due).toHaveLength(1);
    expect(due[0].title).toBe('走访今日到期');
  });
});

describe('report escalation', () => {
  test('a missing-child report not acknowledged within 1 hour escalates to the county admin, once; an acknowledged one does not', async () => {
    const T0 = bj('2025-05-10T20:15:00');
    await moveClockTo(T0);
    const childId = 'sched-missing-child';
    await addChild(t, childId);
    const officer = await makePersona(t.app, 'villageOfficer');
    const staff = await makePersona(t.app, 'townshipStaff');
    const police = await makePersona(t.app, 'police');
    const admin = await makePersona(t.app, 'countyAdmin');
    const farAdmin = await makePersona(t.app, 'countyAdmin', SIDES.far);
    await acceptSubscription(t, admin.openid, 'reportToHandle', 5);

    const missing = data(await careCall(t, 'submitReport', { requestId: rid(), kind: 'missing', childId, note: '孩子傍晚外出未归' }, officer));
    const other = data(await careCall(t, 'submitReport', { requestId: rid(), kind: 'missing', childId, note: '另一名孩子外出未归' }, officer));
    data(await careCall(t, 'acknowledgeReport', { reportId: other.reportId }, police));
    expect((await notificationsOf(t, staff.personId!, 'care.report')).length).toBe(2);

    await moveClockTo(new Date(T0.getTime() + 59 * 60_000));
    expect(await notificationsOf(t, admin.personId!, 'care.reportEscalated')).toHaveLength(0);

    await moveClockTo(new Date(T0.getTime() + 61 * 60_000));
    const escalated = await notificationsOf(t, admin.personId!, 'care.reportEscalated');
    expect(escalated.map((n) => n.ref.id)).toEqual([missing.reportId]);
    expect(escalated[0].push.status).toBe('sent');
    expect(await notificationsOf(t, farAdmin.personId!, 'care.reportEscalated')).toHaveLength(0);
    const seen = data(await careCall(t, 'getReport', { reportId: missing.reportId }, admin));
    expect(seen).toMatchObject({ status: 'open', ackOverdue: true, escalatedAt: expect.anything() });
    expect(data(await careCall(t, 'myTasks', {}, admin)).reports.map((r: any) => r.reportId)).toContain(missing.reportId);

    await moveClockTo(new Date(T0.getTime() + 62 * 60_000));
    await t.invoke('scheduler', timerEvent);
    expect(await notificationsOf(t, admin.personId!, 'care.reportEscalated')).toHaveLength(1);

    // Acknowledging late still works; closing still needs the supervisor.
    expect(data(await careCall(t, 'acknowledgeReport', { reportId: missing.reportId }, staff)).status).toBe('acknowledged');
  });
});

describe('two scheduler runs in the same minute', () => {
  test('send each reminder once', async () => {
    // A village of its own, so only these children are due for this officer.
    const village = '341721100003';
    const officer = await villageOfficerOf(t, village);
    const staff = await makePersona(t.app, 'townshipStaff');
    const admin = await makePersona(t.app, 'countyAdmin');
    const kids = ['twice-a', 'twice-b', 'twice-c'];
    for (const k of kids) await addChild(t, k, { level: 'focus', villageCode: village, createdAt: bj('2025-04-01T09:00:00') }); // due 1 May: overdue
    await acceptSubscription(t, officer.openid, 'visitDue', 10);
    await acceptSubscription(t, admin.openid, 'reportToHandle', 10);
    // 06:50 Beijing: before the day's reminders.
    await moveClockTo(bj('2025-06-01T06:50:00'));
    const r = data(await careCall(t, 'submitReport', { requestId: rid(), kind: 'missing', childId: kids[0], note: '孩子外出未归' }, officer));
    expect((await notificationsOf(t, staff.personId!, 'care.report')).length).toBe(1);
    expect(await notificationsOf(t, officer.personId!, 'care.visitOverdue')).toHaveLength(0);

    // 10:30:20: moving the clock fires the timer's tick; a second run starts in the same minute
    // while the first is still going, and a third right after.
    const pushesBefore = t.wechat.admin.state().messages.length;
    t.clock.set(bj('2025-06-01T10:30:20'));
    const [manual] = await Promise.all([t.invoke('scheduler', timerEvent), t.settleTimers()]);
    expect(manual.ok).toBe(true);
    expect(t.stack.timers.history.filter((h) => h.functionName === 'scheduler').length).toBeGreaterThan(0);
    await t.invoke('scheduler', timerEvent);

    const overdue = await notificationsOf(t, officer.personId!, 'care.visitOverdue');
    expect(overdue.map((n) => n.ref.id).sort()).toEqual(kids);
    const escalations = await notificationsOf(t, admin.personId!, 'care.reportEscalated');
    expect(escalations.map((n) => n.ref.id)).toEqual([r.reportId]);
    const all = t.wechat.admin.state().messages;
    const toOfficer = all.filter((m) => m.touser === officer.openid && m.templateId === 'TPL_VISIT_DUE');
    const toAdmin = all.filter((m) => m.touser === admin.openid && m.templateId === 'TPL_REPORT');
    expect(toOfficer).toHaveLength(kids.length);
    expect(toAdmin).toHaveLength(1);
    // Nobody got the same reminder twice.
    const keys = all.slice(pushesBefore).map((m) => `${m.touser}|${m.templateId}|${m.page}|${JSON.stringify(m.data)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
