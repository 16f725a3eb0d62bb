/**
 * Timer triggers: the 7-field CloudBase cron (Beijing time) and the scheduler that follows the
 * stand-in clock — fires when the clock passes an occurrence, coalesces a jump, ignores a jump
 * backwards and fires nothing while the clock is frozen.
 */
import { latestOccurrence, nextOccurrence, parseCron, TimerScheduler, type TimerEvent, type TimerTrigger } from '../../local/standin/timers';
import { createClock } from '../../local/standin/clock';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('cron (CloudBase 7 fields, Beijing time)', () => {
  it('daily at 02:00 Beijing is 18:00 UTC the day before', () => {
    const c = parseCron('0 0 2 * * * *');
    expect(iso(nextOccurrence(c, Date.parse('2025-03-01T00:00:00Z')))).toBe('2025-03-01T18:00:00.000Z');
    expect(iso(nextOccurrence(c, Date.parse('2025-03-01T18:00:00Z')))).toBe('2025-03-02T18:00:00.000Z');
  });

  it('supports steps, lists, ranges and names', () => {
    expect(iso(nextOccurrence(parseCron('*/5 * * * * * *'), Date.parse('2025-03-01T00:00:01Z')))).toBe('2025-03-01T00:00:05.000Z');
    expect(iso(nextOccurrence(parseCron('0 30 9 * * MON-FRI *'), Date.parse('2025-03-01T00:00:00Z')))).toBe('2025-03-03T01:30:00.000Z'); // Sat → Mon 09:30 +08
    expect(iso(nextOccurrence(parseCron('0 0 0 1 JAN,JUL * *'), Date.parse('2025-03-01T00:00:00Z')))).toBe('2025-06-30T16:00:00.000Z');
    expect(iso(nextOccurrence(parseCron('0 0 12 29 2 * *'), Date.parse('2025-03-01T00:00:00Z')))).toBe('2028-02-29T04:00:00.000Z');
  });

  it('finds the latest occurrence before now, also across a jump of years', () => {
    const everyMinute = parseCron('0 * * * * * *');
    const from = Date.parse('2025-01-01T00:00:00Z');
    expect(iso(latestOccurrence(everyMinute, from, Date.parse('2026-11-29T10:15:42Z')))).toBe('2026-11-29T10:15:00.000Z');
    expect(iso(latestOccurrence(everyMinute, from, from))).toBe('2025-01-01T00:00:00.000Z');
    const daily2am = parseCron('0 0 2 * * * *'); // 18:00 UTC the day before
    expect(iso(latestOccurrence(daily2am, Date.parse('2025-03-01T18:00:00Z'), Date.parse('2027-06-10T17:59:59Z')))).toBe('2027-06-09T18:00:00.000Z'); // 02:00 Beijing on 10 June
    const leapNoon = parseCron('0 0 12 29 2 * *');
    expect(iso(latestOccurrence(leapNoon, Date.parse('2024-02-29T04:00:00Z'), Date.parse('2031-01-01T00:00:00Z')))).toBe('2028-02-29T04:00:00.000Z');
  });

  it('rejects malformed expressions', () => {
    expect(() => parseCron('0 0 2 * * *')).toThrow(/7 fields/);
    expect(() => parseCron('0 61 2 * * * *')).toThrow(/out of range/);
    expect(() => parseCron('0 x 2 * * * *')).toThrow(/bad cron value/);
  });
});

describe('TimerScheduler follows the stand-in clock', () => {
  const trigger: TimerTrigger = { functionName: 'probe', name: 'tick', config: '0 0 2 * * * *' };

  function setup(startIso: string) {
    const clock = createClock();
    clock.set(new Date(startIso));
    const fired: TimerEvent[] = [];
    const s = new TimerScheduler(clock, async (_t, ev) => void fired.push(ev), [trigger]);
    s.start();
    return { clock, fired, s };
  }

  it('fires once when the clock is set past an occurrence, with the occurrence time', async () => {
    const { clock, fired, s } = setup('2025-03-01T17:59:00Z');
    clock.set(new Date('2025-03-01T17:59:59Z'));
    await s.settle();
    expect(fired).toHaveLength(0);
    clock.set(new Date('2025-03-01T18:00:30Z'));
    await s.settle();
    expect(fired).toEqual([{ Type: 'Timer', TriggerName: 'tick', Time: '2025-03-01T18:00:00.000Z', Message: '' }]);
    await s.stop();
  });

  it('coalesces a multi-day jump into one fire at the latest occurrence', async () => {
    const { clock, fired, s } = setup('2025-03-01T00:00:00Z');
    clock.set(new Date('2025-03-05T00:00:00Z'));
    await s.settle();
    expect(fired.map((e) => e.Time)).toEqual(['2025-03-04T18:00:00.000Z']);
    await s.stop();
  });

  it('fires nothing when the clock goes backwards, then fires again going forward', async () => {
    const { clock, fired, s } = setup('2025-03-02T00:00:00Z');
    clock.set(new Date('2025-02-20T00:00:00Z'));
    await s.settle();
    expect(fired).toHaveLength(0);
    clock.set(new Date('2025-02-20T18:00:00Z'));
    await s.settle();
    expect(fired.map((e) => e.Time)).toEqual(['2025-02-20T18:00:00.000Z']);
    expect(s.list()[0].next).toBe('2025-02-21T18:00:00.000Z');
    await s.stop();
  });

  it('fires on its own in real time while the clock runs (offset)', async () => {
    const clock = createClock();
    const fired: TimerEvent[] = [];
    const s = new TimerScheduler(clock, async (_t, ev) => void fired.push(ev), [{ functionName: 'probe', name: 'every', config: '* * * * * * *' }]);
    s.start();
    clock.offset(86_400_000); // one day ahead, running: the jump fires once at once
    await s.settle();
    expect(fired).toHaveLength(1);
    const deadline = Date.now() + 3000; // then the next second fires in real time
    while (fired.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await s.stop();
    expect(fired.length).toBeGreaterThanOrEqual(2);
    expect(Date.parse(fired[1].Time)).toBeGreaterThan(Date.now() + 86_000_000);
  });
});
