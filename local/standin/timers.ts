/**
 * Timer triggers for the local stand-in, driven by the stand-in clock.
 *
 * CloudBase timer triggers are declared per function in `config.json`
 * (`triggers: [{ name, type: 'timer', config: '<7-field cron>' }]`) and fire in Beijing time
 * (UTC+8). The cron has seven fields: second minute hour day-of-month month day-of-week year,
 * each `*`, a value, a list `a,b`, a range `a-b` or a step `a/n`, `*\/n`, `a-b/n`; months may be
 * JAN–DEC and weekdays SUN–SAT (0 is Sunday); `?` is accepted as `*` in the day fields.
 *
 * Locally the scheduler follows the stand-in clock, not the machine clock:
 * - while the clock runs (machine time or an offset), each trigger fires at its next occurrence;
 * - when the clock is set forward (or the offset grows) past one or more occurrences, each trigger
 *   that missed an occurrence fires once (missed occurrences are coalesced: timer jobs are
 *   idempotent and look at "now", so one run catches up);
 * - when the clock moves backwards, nothing fires and the next occurrences are recomputed;
 * - a frozen clock (`set`) fires nothing until it changes again.
 * The event each function receives is SCF's timer event
 * `{ Type: 'Timer', TriggerName, Time: <ISO instant of the occurrence>, Message: '' }`.
 */
import type { StandinClock } from './types';

/** UTC+8, no daylight saving: Beijing wall-clock fields are the UTC fields of (instant + 8 h). */
const BEIJING_OFFSET_MS = 8 * 3600_000;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** A parsed cron: the allowed values of each field. */
export interface CronSchedule {
  source: string;
  seconds: Set<number>;
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  years: Set<number>;
  /** True when the field was `*` or `?` (used for the day-of-month / day-of-week rule). */
  anyDay: boolean;
  anyWeekday: boolean;
}

function parseField(text: string, min: number, max: number, names?: string[]): { values: Set<number>; any: boolean } {
  const values = new Set<number>();
  const any = text === '*' || text === '?';
  const toNum = (s: string): number => {
    const up = s.toUpperCase();
    if (names) {
      const i = names.indexOf(up);
      if (i >= 0) return i + (min === 1 ? 1 : 0);
    }
    if (!/^\d+$/.test(s)) throw new Error(`bad cron value "${s}"`);
    return Number(s);
  };
  for (const part of text.split(',')) {
    const [rangePart, stepPart] = part.split('/');
    const step = stepPart === undefined ? 1 : Number(stepPart);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad cron step in "${part}"`);
    let lo: number;
    let hi: number;
    if (rangePart === '*' || rangePart === '?') {
      lo = min;
      hi = max;
    } else if (rangePart.includes('-')) {
      const [a, b] = rangePart.split('-');
      lo = toNum(a);
      hi = toNum(b);
    } else {
      lo = toNum(rangePart);
      hi = stepPart === undefined ? lo : max;
    }
    if (lo < min || hi > max || lo > hi) throw new Error(`cron value out of range in "${part}" (${min}-${max})`);
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return { values, any };
}

/**
 * Parses a CloudBase 7-field cron expression.
 * @throws Error naming the problem when the expression is malformed
 */
export function parseCron(expr: string): CronSchedule {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 7) throw new Error(`cron "${expr}" must have 7 fields (second minute hour day month weekday year)`);
  const [s, mi, h, d, mo, w, y] = fields;
  const day = parseField(d, 1, 31);
  const weekday = parseField(w, 0, 6, WEEKDAYS);
  return {
    source: expr,
    seconds: parseField(s, 0, 59).values,
    minutes: parseField(mi, 0, 59).values,
    hours: parseField(h, 0, 23).values,
    days: day.values,
    months: parseField(mo, 1, 12, MONTHS).values,
    weekdays: weekday.values,
    years: parseField(y, 1970, 2099).values,
    anyDay: day.any,
    anyWeekday: weekday.any,
  };
}

function dayMatches(c: CronSchedule, d: Date): boolean {
  const dom = c.days.has(d.getUTCDate());
  const dow = c.weekdays.has(d.getUTCDay());
  // Classic cron rule: when both day fields are restricted, either may match.
  if (!c.anyDay && !c.anyWeekday) return dom || dow;
  return dom && dow;
}

/**
 * The first occurrence strictly after `afterMs`, or undefined if there is none before 2100.
 * @param afterMs instant in ms since epoch
 * @returns instant in ms since epoch
 */
export function nextOccurrence(c: CronSchedule, afterMs: number): number | undefined {
  // Work on Beijing wall-clock time expressed as a UTC Date.
  const t = new Date(Math.floor((afterMs + BEIJING_OFFSET_MS) / 1000) * 1000 + 1000);
  for (let guard = 0; guard < 100_000; guard++) {
    if (t.getUTCFullYear() > 2099) return undefined;
    if (!c.years.has(t.getUTCFullYear())) {
      t.setUTCFullYear(t.getUTCFullYear() + 1, 0, 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!c.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(c, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!c.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!c.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    if (!c.seconds.has(t.getUTCSeconds())) {
      t.setUTCSeconds(t.getUTCSeconds() + 1, 0);
      continue;
    }
    return t.getTime() - BEIJING_OFFSET_MS;
  }
  return undefined;
}

/**
 * The latest occurrence in [fromMs, nowMs], given that `fromMs` is one. Searches back from `nowMs`
 * in growing windows rather than walking forward from `fromMs`, so a clock jump of years over a
 * one-minute trigger costs a few steps, not one per missed minute.
 * @param fromMs an occurrence ≤ nowMs (ms since epoch)
 * @param nowMs the clock's now (ms since epoch)
 */
export function latestOccurrence(c: CronSchedule, fromMs: number, nowMs: number): number {
  for (const windowMs of [60_000, 3_600_000, 86_400_000, 32 * 86_400_000, 367 * 86_400_000, Infinity]) {
    // nextOccurrence is strictly after its argument: start 1 ms before the window (or fromMs).
    const first = nextOccurrence(c, Math.max(fromMs - 1, nowMs - windowMs));
    if (first === undefined || first > nowMs) continue;
    let latest = first;
    for (let n = nextOccurrence(c, first); n !== undefined && n <= nowMs; n = nextOccurrence(c, n)) latest = n;
    return latest;
  }
  return fromMs;
}

/** One declared trigger of one function. */
export interface TimerTrigger {
  functionName: string;
  name: string;
  /** 7-field cron. */
  config: string;
}

/** SCF's timer event. */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  /** ISO instant of the occurrence. */
  Time: string;
  Message: string;
}

/** What the scheduler runs for a due trigger (the invoker, with `TCB_SOURCE` = `scf`). */
export type FireTrigger = (trigger: TimerTrigger, event: TimerEvent) => Promise<void>;

interface Entry {
  trigger: TimerTrigger;
  schedule: CronSchedule;
  next?: number;
}

/** Longest real-time sleep between checks (the clock may drift with an offset; keep it honest). */
const MAX_SLEEP_MS = 60_000;

/**
 * Fires timer triggers following the stand-in clock (see the file header for the rules).
 * Firing is asynchronous; `settle()` resolves when every fire started so far has finished,
 * which lets tests set the clock and then wait for the triggered work.
 */
export class TimerScheduler {
  private entries: Entry[] = [];
  private handle?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private lastCheck: number;
  private inflight = new Set<Promise<void>>();
  private stopped = false;
  /** Every fire so far (for logs and tests): trigger, occurrence and when it ran. */
  readonly history: { functionName: string; name: string; time: string }[] = [];

  /**
   * @param clock the stand-in clock
   * @param fire runs one trigger; errors are logged, never thrown
   * @param triggers the declared triggers (cron validated here)
   * @throws Error when a trigger's cron is malformed
   */
  constructor(
    private readonly clock: StandinClock,
    private readonly fire: FireTrigger,
    triggers: TimerTrigger[],
  ) {
    this.lastCheck = clock.now().getTime();
    for (const trigger of triggers) {
      const schedule = parseCron(trigger.config);
      this.entries.push({ trigger, schedule, next: nextOccurrence(schedule, this.lastCheck) });
    }
  }

  /** Starts following the clock. */
  start(): void {
    this.unsubscribe = this.clock.onChange(() => this.check());
    this.arm();
  }

  /** The triggers and their next occurrence (ISO), for the startup banner and the admin API. */
  list(): { functionName: string; name: string; config: string; next?: string }[] {
    return this.entries.map((e) => ({
      functionName: e.trigger.functionName,
      name: e.trigger.name,
      config: e.trigger.config,
      next: e.next === undefined ? undefined : new Date(e.next).toISOString(),
    }));
  }

  /**
   * Fires whatever is due by the clock now, then re-arms. Called on every clock change and by the
   * real-time timer; safe to call any time.
   */
  check(): void {
    if (this.stopped) return;
    const now = this.clock.now().getTime();
    if (now < this.lastCheck) {
      // Clock moved backwards: recompute, fire nothing.
      for (const e of this.entries) e.next = nextOccurrence(e.schedule, now);
    } else {
      for (const e of this.entries) {
        if (e.next === undefined || e.next > now) continue;
        // Latest occurrence ≤ now (coalescing everything missed since the last check).
        const latest = latestOccurrence(e.schedule, e.next, now);
        e.next = nextOccurrence(e.schedule, now);
        this.launch(e.trigger, latest);
      }
    }
    this.lastCheck = now;
    this.arm();
  }

  /** Resolves when every fire started so far has finished. */
  async settle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  /** Stops scheduling and waits for running fires. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.handle) clearTimeout(this.handle);
    await this.settle();
  }

  private launch(trigger: TimerTrigger, occurrence: number): void {
    const time = new Date(occurrence).toISOString();
    this.history.push({ functionName: trigger.functionName, name: trigger.name, time });
    const event: TimerEvent = { Type: 'Timer', TriggerName: trigger.name, Time: time, Message: '' };
    const p = this.fire(trigger, event)
      .catch((err) => console.error(`[timers] ${trigger.functionName}.${trigger.name} failed:`, err))
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  private arm(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
    if (this.stopped) return;
    const state = this.clock.state();
    if (state.fixedAtMs !== undefined) return; // frozen: only clock changes move time
    const nexts = this.entries.map((e) => e.next).filter((n): n is number => n !== undefined);
    if (nexts.length === 0) return;
    const wait = Math.max(0, Math.min(MAX_SLEEP_MS, Math.min(...nexts) - this.clock.now().getTime()));
    this.handle = setTimeout(() => this.check(), wait);
    this.handle.unref();
  }
}
