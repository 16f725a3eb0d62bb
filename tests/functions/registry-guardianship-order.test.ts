/**
 * Policy §二(一): when an officer records that a child has no guardian, the guardianship order
 * opens at once (not only at the scheduler's next sweep); appointing an entrusted guardian and
 * signing a confirmation later closes it (covered in guardianship.test.ts).
 */
import type { ChildDoc } from '../../cloudfunctions/_shared/contracts/registry';
import { startTestStack, type TestStack } from '../helpers/stack';
import { useStackKey } from '../helpers/access-world';

const VO = 'demo-village-officer';
const VILLAGE = '341721100001';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ functions: ['registry', 'guardianship'], demo: true });
  useStackKey(t);
}, 120_000);
afterAll(async () => t?.stop());

async function openOrders(childId: string): Promise<unknown[]> {
  return (await t.app.database().collection('guardianshipOrders').where({ childId, status: 'open' }).get()).data;
}

test('recording "no guardian" on a child file opens a guardianship order immediately', async () => {
  const kids = (await t.app.database().collection('children').where({ villageCode: VILLAGE, status: 'active', guardianshipType: 'good' }).limit(5).get()).data as ChildDoc[];
  expect(kids.length).toBeGreaterThan(0);
  const child = kids[0];
  expect(await openOrders(child._id)).toHaveLength(0);

  const res = await t.call('registry', 'updateChild', { childId: child._id, changes: { guardianshipType: 'none' }, reason: '入户发现无人监护' }, { openid: VO });
  expect(res.ok).toBe(true);

  const orders = (await openOrders(child._id)) as { deadline?: unknown; townshipCode?: string }[];
  expect(orders).toHaveLength(1);
  // An edit that does not touch guardianship opens nothing more.
  await t.call('registry', 'updateChild', { childId: child._id, changes: { remarks: '已联系父母' }, reason: '补充备注' }, { openid: VO });
  expect(await openOrders(child._id)).toHaveLength(1);
});
