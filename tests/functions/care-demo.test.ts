/**
 * The care demo seed step works with the personas: the township staff persona finds the open
 * report on 工作台, the volunteer persona sees the paired child, and the village's coverage counts
 * the demo triad.
 */
import { startTestStack, type TestStack } from '../helpers/stack';
import { useStackKey } from '../helpers/access-world';
import { DEMO_STEPS, prepareStore } from '../../local/seed';
import { DEMO_VILLAGE, personaOpenid } from '../../local/seed/personas';
import { careCall, data } from './care-helpers';

let t: TestStack;

beforeAll(async () => {
  t = await startTestStack({ functions: ['care'] });
  useStackKey(t);
  t.clock.set(new Date('2025-09-01T02:00:00Z'));
  const steps = DEMO_STEPS.filter((s) => ['personas', 'registry', 'care'].includes(s.name));
  await t.reset();
  await prepareStore(t.app, { standinUrl: t.stack.standinUrl, demo: true, now: t.clock.now(), steps });
}, 120_000);
afterAll(async () => t?.stop());

test('demo personas see the seeded report, pairing and visits', async () => {
  const staff = { openid: personaOpenid('townshipStaff') };
  const tasks = data(await careCall(t, 'myTasks', {}, staff));
  expect(tasks.reports.map((r: any) => r.reportId)).toContain('demo-report-1');

  const volunteer = { openid: personaOpenid('pairingMember') };
  const mine = data(await careCall(t, 'myPairings', {}, volunteer));
  expect(mine.children).toHaveLength(1);
  expect(mine.children[0]).toMatchObject({ slot: 'helper', complete: true });
  const pairing = data(await careCall(t, 'getPairing', { childId: mine.children[0].childId }, volunteer));
  expect(pairing.members.map((m: any) => m.name)).toEqual(['黄德明', '郑小红', '方秀英']);

  const officer = { openid: personaOpenid('villageOfficer') };
  const cov = data(await careCall(t, 'pairingCoverage', { regionCode: DEMO_VILLAGE }, officer));
  expect(cov.total.complete).toBeGreaterThanOrEqual(pairing.riskLevel === 'focus' ? 1 : 0);
  expect(data(await careCall(t, 'listVisits', { childId: 'demo-child-1' }, officer)).visits.length).toBeGreaterThan(0);
});
