/**
 * One clock: the stand-in's admin clock (`POST /__admin/clock`, `set` / `offsetMs`) moves the `now`
 * every invocation sees and what `db.serverDate()` resolves to, so tests walk across days
 * without sleeping. Date-sensitive: runs under TZ=UTC and TZ=Asia/Shanghai.
 */
import { startTestStack, type TestStack } from '../helpers/stack';
import { shanghaiDay } from '../../cloudfunctions/_shared/time';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ functions: ['system'] });
}, 60_000);
afterAll(() => t.stop());
afterEach(() => t.clock.reset());

async function adminClock(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${t.stack.standinUrl}/__admin/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

const ping = async () => {
  const r = await t.call<{ now: string }>('system', 'ping');
  if (!r.ok) throw new Error(r.error.code);
  return r.data.now;
};

it('set: the function sees the fixed instant, across a Shanghai midnight', async () => {
  await adminClock({ set: '2025-06-30T15:59:59.000Z' }); // 23:59:59 in Shanghai
  expect(await ping()).toBe('2025-06-30T15:59:59.000Z');
  expect(shanghaiDay(new Date(await ping()))).toBe('2025-06-30');
  await adminClock({ set: '2025-06-30T16:00:00.000Z' }); // next Shanghai day
  expect(shanghaiDay(new Date(await ping()))).toBe('2025-07-01');
});

it('offset: time runs, shifted', async () => {
  const dayMs = 86_400_000;
  await adminClock({ offsetMs: 3 * dayMs });
  const seen = Date.parse(await ping());
  expect(seen - Date.now()).toBeGreaterThan(3 * dayMs - 60_000);
  expect(seen - Date.now()).toBeLessThan(3 * dayMs + 60_000);
});

it('serverDate follows the same clock', async () => {
  await adminClock({ set: '2031-02-03T04:05:06.000Z' });
  const db = t.app.database();
  const { id } = await db.collection('regions').add({ code: 'clock-probe', at: db.serverDate() });
  const { data } = await db.collection('regions').doc(id!).get();
  expect((data[0].at as Date).toISOString()).toBe('2031-02-03T04:05:06.000Z');
  await db.collection('regions').doc(id!).remove();
});
