/**
 * `shanghaiDay` computes the day by the fixed UTC+8 offset from 1992 on (fast) and by the zone
 * database before: both must give the zone database's day for every instant.
 */
import { BUSINESS_TZ, dayjs, shanghaiDay } from '../../cloudfunctions/_shared/time';

const byZone = (d: Date) => dayjs(d).tz(BUSINESS_TZ).format('YYYY-MM-DD');

test('the Asia/Shanghai day of random instants 1985–2100 and of the hours around midnight equals the zone database’s', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const from = Date.UTC(1985, 0, 1);
  const to = Date.UTC(2100, 0, 1);
  const instants = Array.from({ length: 3000 }, () => new Date(from + Math.floor(rand() * (to - from))));
  // Either side of Shanghai midnight (16:00 UTC) and of the 1991 end of daylight saving.
  for (const base of [Date.UTC(2026, 11, 4, 16), Date.UTC(1991, 8, 14, 16), Date.UTC(1992, 0, 1), Date.UTC(2024, 1, 28, 16)]) {
    for (const delta of [-3_600_000, -1, 0, 1, 3_600_000]) instants.push(new Date(base + delta));
  }
  for (const d of instants) expect([d.toISOString(), shanghaiDay(d)]).toEqual([d.toISOString(), byZone(d)]);
  expect(shanghaiDay(new Date('2026-12-04T16:00:00Z'))).toBe('2026-12-05');
  expect(shanghaiDay(new Date('2026-12-04T15:59:59.999Z'))).toBe('2026-12-04');
  expect(shanghaiDay(new Date(NaN))).toBe(byZone(new Date(NaN)));
});
