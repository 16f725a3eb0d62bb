/**
 * Guardianship dates on Asia/Shanghai calendar days, driven by the stand-in clock (runs under
 * TZ=UTC and TZ=Asia/Shanghai): orders open, escalate the day after their due day and close when
 * a confirmation is signed; confirmations expire after the county period with one reminder 30
 * days before; parents get a check-in reminder after 14 days without one. The instants chosen
 * sit where the UTC day and the Shanghai day differ (before 08:00 Beijing time).
 */
import { acceptSubscription } from '../helpers/subscribe';
import { startTestStack, type TestStack } from '../helpers/stack';
import { useStackKey } from '../helpers/access-world';
import { CHILD_ID, GRANDMA, seedGuardianshipWorld, uploadSignature, type GWorld } from './guardianship-helpers';

let t: TestStack;
let w: GWorld;

beforeAll(async () => {
  t = await startTestStack({ functions: ['guardianship', 'inbox'] });
  useStackKey(t);
}, 120_000);
afterAll(async () => t?.stop());

const db = () => t.app.database();
async function at(iso: string) {
  t.clock.set(new Date(iso));
  await t.settleTimers();
}
async function ok<T = any>(action: string, data: unknown, openid?: string): Promise<T> {
  const r = await t.call<T>('guardianship', action, data, openid ? { openid } : {});
  if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`);
  return r.data;
}
/** The daily sweep, as the scheduler (or this function's timer) runs it: no WeChat user. */
const sweep = () => ok('runSweeps', {});
async function notes(personId: string, kind: string): Promise<any[]> {
  return (await db().collection('notifications').where({ 'to.personId': personId, kind }).get()).data as any[];
}
async function orders(): Promise<any[]> {
  return (await db().collection('guardianshipOrders').where({ childId: CHILD_ID }).get()).data as any[];
}
async function signFatherGrandmaVillage(): Promise<any> {
  const parties = [
    { key: 'father', name: '陈建业' },
    { key: 'entrusted', name: GRANDMA, relation: '祖母' },
  ];
  const { confirmation: c } = await ok('prepareConfirmation', { childId: CHILD_ID, requestId: `req-${Math.random().toString(36).slice(2, 10)}`, parties }, w.officer.openid);
  let last: any;
  for (const [party, who, seed] of [['father', w.father, 1], ['entrusted', w.grandma, 2], ['village', w.officer, 3]] as const) {
    last = await ok('signConfirmation', { confirmationId: c.id, party, signature: await uploadSignature(t, who.openid, { confirmationId: c.id, party }, 600, 240, seed), textSha256: c.textSha256 }, who.openid);
  }
  return last;
}

describe('guardianship orders', () => {
  beforeEach(async () => {
    await t.reset();
    await at('2026-03-10T07:30:00+08:00'); // 2026-03-09 in UTC
    w = await seedGuardianshipWorld(t);
  });

  test('an order opens automatically, is seen by township and police, escalates the day after its due day, and closes when a confirmation is signed', async () => {
    await acceptSubscription(t, w.father.openid, 'guardianshipOrder', 1);
    await sweep();
    const [order] = await orders();
    expect(order).toMatchObject({ status: 'open', reason: 'none', openedOn: '2026-03-10', dueOn: '2026-03-17' });
    const [toFather] = await notes(w.father.personId!, 'guardianship.orderOpened');
    expect(toFather.push).toMatchObject({ status: 'sent' });
    // Which child and where, so township staff with many such entries can tell them apart.
    expect(toFather.body).toMatch(/^团结社区陈\*雨目前无人有效监护，请于 2026-03-17 前/);
    expect(await notes(w.township.personId!, 'guardianship.orderOpened')).toHaveLength(1);
    expect(await notes(w.police.personId!, 'guardianship.orderOpened')).toHaveLength(1);
    expect(await notes(w.admin.personId!, 'guardianship.orderOpened')).toHaveLength(0);

    const seenByPolice = await ok('listOrders', {}, w.police.openid);
    expect(seenByPolice.orders.map((o: any) => o.id)).toEqual([order._id]);
    expect((await ok('getOrder', { orderId: order._id }, w.father.openid)).dueOn).toBe('2026-03-17');
    const logged = await ok('logOrderContact', { orderId: order._id, method: 'phone', reached: true, note: '父亲表示将委托祖母照护', promisedOn: '2026-03-15' }, w.township.openid);
    expect(logged.contacts).toEqual([expect.objectContaining({ method: 'phone', reached: true, note: '父亲表示将委托祖母照护' })]);
    // The parent sees the order but not the staff's contact notes.
    expect((await ok('getOrder', { orderId: order._id }, w.father.openid)).contacts[0].note).toBeUndefined();

    await sweep();
    expect(await orders()).toHaveLength(1);

    await at('2026-03-17T23:59:00+08:00');
    await sweep();
    expect((await orders())[0].escalatedAt).toBeUndefined();
    expect((await ok('listOrders', { overdueOnly: true }, w.township.openid)).orders).toHaveLength(0);

    await at('2026-03-18T00:01:00+08:00'); // still 2026-03-17 in UTC
    await sweep();
    await sweep();
    expect((await orders())[0]).toMatchObject({ escalatedOn: '2026-03-18' });
    expect(await notes(w.admin.personId!, 'guardianship.orderOverdue')).toHaveLength(1);
    expect((await ok('listOrders', { overdueOnly: true }, w.admin.openid)).orders).toEqual([expect.objectContaining({ overdue: true, escalated: true })]);

    // The grandmother is appointed and the confirmation signed: the order closes.
    await at('2026-03-19T09:00:00+08:00');
    const signed = await signFatherGrandmaVillage();
    expect(signed.status).toBe('inForce');
    expect((await orders())[0]).toMatchObject({ status: 'closed', resolution: 'guardianAppointed', confirmationId: signed.id });
    await sweep();
    expect(await orders()).toHaveLength(1);
  });

  test('a child whose file changed to a guardian with capacity and who has a signed confirmation gets the order closed by the sweep', async () => {
    await sweep();
    expect((await orders())[0].status).toBe('open');
    const { confirmation: c } = await ok('prepareConfirmation', { childId: CHILD_ID, requestId: 'req-parents-only', parties: [{ key: 'father', name: '陈建业' }] }, w.officer.openid);
    await ok('signConfirmation', { confirmationId: c.id, party: 'father', signature: await uploadSignature(t, w.father.openid, { confirmationId: c.id, party: 'father' }), textSha256: c.textSha256 }, w.father.openid);
    await ok('signConfirmation', { confirmationId: c.id, party: 'village', signature: await uploadSignature(t, w.officer.openid, { confirmationId: c.id, party: 'village' }, 600, 240, 2), textSha256: c.textSha256 }, w.officer.openid);
    // No entrusted guardian signed and the file still says "no guardian": the order stays open.
    expect((await orders())[0].status).toBe('open');
    await db().collection('children').doc(CHILD_ID).update({ guardianshipType: 'fair', hasEntrustedGuardian: false });
    await sweep();
    expect((await orders())[0]).toMatchObject({ status: 'closed', resolution: 'parentReturned' });
  });
});

describe('confirmation expiry and reminders', () => {
  beforeEach(async () => {
    await t.reset();
    await at('2026-03-01T23:30:00+08:00');
    w = await seedGuardianshipWorld(t, { guardianshipType: 'good' });
  });

  test('in force for 365 days from the Shanghai day it was signed; one reminder 30 days before; expired on the day', async () => {
    const signed = await signFatherGrandmaVillage();
    expect(signed.expiresOn).toBe('2027-03-01');
    await acceptSubscription(t, w.father.openid, 'confirmationExpiring', 5);

    await at('2027-01-29T23:59:00+08:00');
    await sweep();
    expect(await notes(w.father.personId!, 'guardianship.confirmationExpiring')).toHaveLength(0);

    await at('2027-01-30T00:05:00+08:00'); // 2027-01-29 in UTC
    await sweep();
    await sweep();
    const [toFather] = await notes(w.father.personId!, 'guardianship.confirmationExpiring');
    expect(toFather).toMatchObject({ title: '监护责任确认书即将到期', push: expect.objectContaining({ status: 'sent' }) });
    const toGrandma = await notes(w.grandma.personId!, 'guardianship.confirmationExpiring');
    expect(toGrandma).toHaveLength(1);
    expect(toGrandma[0].push).toMatchObject({ status: 'skipped', attempts: 0 });
    expect(await notes(w.officer.personId!, 'guardianship.confirmationExpiring')).toHaveLength(1);

    await at('2027-02-20T06:00:00+08:00');
    await sweep();
    expect(await notes(w.father.personId!, 'guardianship.confirmationExpiring')).toHaveLength(1);

    await at('2027-02-28T23:59:00+08:00');
    await sweep();
    expect((await ok('getConfirmation', { confirmationId: signed.id }, w.father.openid)).status).toBe('inForce');

    await at('2027-03-01T00:01:00+08:00'); // 2027-02-28 in UTC
    await sweep();
    const report = await ok('verifyConfirmation', { confirmationId: signed.id }, w.officer.openid);
    expect(report).toMatchObject({ status: 'expired', valid: true });
    expect(await notes(w.officer.personId!, 'guardianship.confirmationExpired')).toHaveLength(1);
  });

  test('the county sets the period and the reminder lead', async () => {
    await ok('updateCountyConfig', { confirmationExpiryDays: 90, confirmationReminderLeadDays: 10, reason: '试行短期确认书' }, w.admin.openid);
    const signed = await signFatherGrandmaVillage();
    expect(signed.expiresOn).toBe('2026-05-30');
    await at('2026-05-19T23:00:00+08:00');
    await sweep();
    expect(await notes(w.officer.personId!, 'guardianship.confirmationExpiring')).toHaveLength(0);
    await at('2026-05-20T01:00:00+08:00');
    await sweep();
    expect(await notes(w.officer.personId!, 'guardianship.confirmationExpiring')).toHaveLength(1);
  });
});

describe('check-in reminders', () => {
  beforeEach(async () => {
    await t.reset();
    await at('2026-04-01T07:00:00+08:00'); // 2026-03-31 in UTC
    w = await seedGuardianshipWorld(t, { guardianshipType: 'good' });
  });

  test('a parent silent for 14 Shanghai days is reminded once, again after 28, and not after checking in', async () => {
    expect((await ok('logCheckIn', { childId: CHILD_ID, requestId: 'req-ci-0401', kind: 'call' }, w.father.openid)).on).toBe('2026-04-01');
    await acceptSubscription(t, w.father.openid, 'checkInReminder', 5);

    await at('2026-04-14T23:59:00+08:00');
    await sweep();
    expect(await notes(w.father.personId!, 'guardianship.checkInReminder')).toHaveLength(0);

    await at('2026-04-15T00:01:00+08:00'); // 2026-04-14 in UTC
    await sweep();
    await sweep();
    const first = await notes(w.father.personId!, 'guardianship.checkInReminder');
    expect(first).toHaveLength(1);
    expect(first[0].push).toMatchObject({ status: 'sent' });
    const card = t.wechat.admin.state().messages.filter((m) => m.templateId === 'TPL_CHECKIN' && m.errcode === 0);
    expect(JSON.stringify(card[0].data)).toContain('已有14天未联系孩子');

    await at('2026-04-29T00:01:00+08:00');
    await sweep();
    expect(await notes(w.father.personId!, 'guardianship.checkInReminder')).toHaveLength(2);

    await ok('logCheckIn', { childId: CHILD_ID, requestId: 'req-ci-0429', kind: 'visitHome' }, w.father.openid);
    await at('2026-05-05T00:01:00+08:00');
    await sweep();
    expect(await notes(w.father.personId!, 'guardianship.checkInReminder')).toHaveLength(2);
    expect((await ok('myChildren', {}, w.father.openid)).children[0]).toMatchObject({ lastCheckInOn: '2026-04-29', daysSinceCheckIn: 6, checkInDue: false });
  });
});
