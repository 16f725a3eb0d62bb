/**
 * The guardianship demo seed step (local/seed/guardianship.ts) on top of the registry's demo
 * children: template v1, demo-child-1's confirmation signed by the father persona only, and an
 * open order for a child without a guardian that the township staff and police personas see.
 */
import { personaOpenid } from '../../local/seed/personas';
import { startTestStack, type TestStack } from '../helpers/stack';
import { useStackKey } from '../helpers/access-world';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ functions: ['guardianship'], demo: true });
  useStackKey(t);
}, 180_000);
afterAll(async () => t?.stop());

async function as<T = any>(role: Parameters<typeof personaOpenid>[0], action: string, data: unknown = {}): Promise<T> {
  const r = await t.call<T>('guardianship', action, data, { openid: personaOpenid(role) });
  if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`);
  return r.data;
}

test('the grandmother persona has demo-child-1 confirmation to sign; the father already signed; the seal verifies', async () => {
  const tasks = await as('entrustedGuardian', 'mySigningTasks');
  expect(tasks.tasks).toEqual([expect.objectContaining({ childId: 'demo-child-1', parties: ['entrusted'] })]);
  const conf = await as('parent', 'getConfirmation', { confirmationId: tasks.tasks[0].id });
  expect(conf.parties.find((p: any) => p.key === 'father')).toMatchObject({ name: '陈建国', signed: true });
  expect(conf.status).toBe('pending');
  expect((await as('villageOfficer', 'verifyConfirmation', { confirmationId: conf.id })).valid).toBe(true);
  expect((await as('villageOfficer', 'getTemplate')).version).toBe(1);
});

test('an order is open for a demo child without a guardian, visible to the township staff and police personas', async () => {
  const staff = await as('townshipStaff', 'listOrders');
  const police = await as('police', 'listOrders');
  expect(staff.orders.length).toBeGreaterThanOrEqual(1);
  expect(police.orders.map((o: any) => o.id)).toEqual(staff.orders.map((o: any) => o.id));
  const child = ((await t.app.database().collection('children').doc(staff.orders[0].childId).get()).data as any[])[0];
  expect(child.guardianshipType).toBe('none');
});

test('the demo parent sees only demo-child-1', async () => {
  expect((await as('parent', 'myChildren')).children.map((c: any) => c.childId)).toEqual(['demo-child-1']);
});
