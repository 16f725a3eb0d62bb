/**
 * The helpline demo seed (`npm start`): the demo agent sees the 12355 queue with the urgent
 * request first, the demo public persona sees their own request under 我的求助, and the demo
 * supervisor sees the metrics and who is on duty.
 */
import { personaOpenid } from '../../local/seed/personas';
import { startTestStack, type TestStack } from '../helpers/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ functions: ['helpline'], demo: true });
}, 120_000);
afterAll(async () => t?.stop());

test('demo personas use the seeded helpline', async () => {
  const agent = { openid: personaOpenid('helplineAgent') };
  const q = await t.call<any>('helpline', 'queue', {}, agent);
  expect(q.ok).toBe(true);
  if (!q.ok) return;
  expect(q.data.waiting).toBe(3);
  expect(q.data.requests[0]).toMatchObject({ priority: 'urgent', anonymous: true, requesterLabel: expect.stringMatching(/^匿名-/) });

  const mine = await t.call<any>('helpline', 'myRequests', {}, { openid: personaOpenid('public') });
  expect(mine.ok && mine.data.requests.map((r: any) => r.categoryLabel)).toEqual(['心理健康']);
  const parent = await t.call<any>('helpline', 'myRequests', {}, { openid: personaOpenid('parent') });
  expect(parent.ok && parent.data.requests[0]).toMatchObject({ statusLabel: '已办结', satisfaction: 5 });

  const board = await t.call<any>('helpline', 'dutyBoard', {}, { openid: personaOpenid('helplineSupervisor') });
  expect(board.ok && board.data.onDuty.map((p: any) => p.name)).toEqual(['钱佳怡']);
  const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const m = await t.call<any>('helpline', 'metrics', { from: day, to: day }, { openid: personaOpenid('helplineSupervisor') });
  expect(m.ok && m.data.waitingNow).toBe(3);
}, 60_000);
