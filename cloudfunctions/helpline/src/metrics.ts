/**
 * Service metrics of the helpline (contact-centre standard, as Aselo reports them). Exact
 * definitions are in docs/helpline.md "Metrics"; this module is their only implementation.
 * Pure functions: the actions load the data and call `computeMetrics`.
 *
 * Periods are Asia/Shanghai calendar days (`YYYY-MM-DD`) or ISO weeks of those days
 * (`YYYY-Www`). Percentiles are nearest-rank. Durations are milliseconds.
 */
import { addDays, shanghaiDay, startOfShanghaiDay, type CalendarDay } from '../../_shared/time';
import type { MetricsResult, MetricsRow } from '../../_shared/contracts/helpline';
import type { ReferralDoc, RequestDoc } from './common';
import { isWaiting } from './common';

/** ISO-8601 week of a calendar day, `YYYY-Www` (weeks start Monday; week 1 holds the first Thursday). */
export function isoWeekOf(day: CalendarDay): string {
  const d = new Date(`${day}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - dow + 3); // the Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Nearest-rank percentile: the smallest value with at least `p`% of values ≤ it.
 * @returns null for an empty list
 */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

const ms = (d: Date | string | null | undefined): number | undefined => (d ? new Date(d).getTime() : undefined);

interface Bucket {
  submitted: number;
  ttfr: number[];
  handle: number[];
  abandoned: number;
  refDue: number;
  refInTime: number;
  scores: number[];
}

const emptyBucket = (): Bucket => ({ submitted: 0, ttfr: [], handle: [], abandoned: 0, refDue: 0, refInTime: 0, scores: [] });

function toRow(period: string, b: Bucket): MetricsRow {
  const satisfied = b.scores.filter((s) => s >= 4).length;
  return {
    period,
    submitted: b.submitted,
    firstResponse: { count: b.ttfr.length, p50Ms: percentile(b.ttfr, 50), p90Ms: percentile(b.ttfr, 90) },
    handle: { count: b.handle.length, p50Ms: percentile(b.handle, 50), p90Ms: percentile(b.handle, 90) },
    abandoned: b.abandoned,
    abandonedRate: b.submitted ? b.abandoned / b.submitted : null,
    referrals: { due: b.refDue, answeredInTime: b.refInTime, rate: b.refDue ? b.refInTime / b.refDue : null },
    satisfaction: {
      count: b.scores.length,
      mean: b.scores.length ? b.scores.reduce((a, s) => a + s, 0) / b.scores.length : null,
      satisfiedRate: b.scores.length ? satisfied / b.scores.length : null,
    },
  };
}

export interface MetricsData {
  teamId: string;
  /** Requests submitted or closed in the range (any order; duplicates by `_id` are ignored). */
  requests: RequestDoc[];
  /** Referrals whose deadline falls in the range. */
  referrals: ReferralDoc[];
  /** Requests waiting now (for `waitingNow` and `longestWaitMs`). */
  waiting: Pick<RequestDoc, 'status' | 'leaseUntil' | 'queuedAt'>[];
  from: CalendarDay;
  to: CalendarDay;
  by: 'day' | 'week';
  now: Date;
}

/**
 * Computes the metrics table (docs/helpline.md "Metrics" has the formulas).
 * Each event counts in the period of its own Shanghai day: submissions, first responses and
 * abandonment by the submission day; handle time and satisfaction by the close day; referrals
 * by their deadline day.
 */
export function computeMetrics(d: MetricsData): MetricsResult {
  const startMs = startOfShanghaiDay(d.from).getTime();
  const endMs = startOfShanghaiDay(addDays(d.to, 1)).getTime();
  const inRange = (t: number | undefined) => t !== undefined && t >= startMs && t < endMs;
  const periodOf = (t: number) => (d.by === 'week' ? isoWeekOf(shanghaiDay(new Date(t))) : shanghaiDay(new Date(t)));
  const buckets = new Map<string, Bucket>();
  for (let day = d.from; day <= d.to; day = addDays(day, 1)) {
    const p = d.by === 'week' ? isoWeekOf(day) : day;
    if (!buckets.has(p)) buckets.set(p, emptyBucket());
  }
  const total = emptyBucket();
  const add = (t: number, f: (b: Bucket) => void) => {
    f(buckets.get(periodOf(t))!);
    f(total);
  };
  const seen = new Set<string>();
  for (const r of d.requests) {
    if (seen.has(r._id)) continue;
    seen.add(r._id);
    const sub = ms(r.submittedAt)!;
    const first = ms(r.firstResponseAt);
    const closed = r.status === 'closed' ? ms(r.closedAt) : undefined;
    if (inRange(sub)) {
      add(sub, (b) => b.submitted++);
      if (r.source === 'app' && first !== undefined) add(sub, (b) => b.ttfr.push(first - sub));
      const withdrawn = r.status === 'withdrawn' ? ms(r.withdrawnAt) : undefined;
      if (withdrawn !== undefined && (first === undefined || first > withdrawn)) add(sub, (b) => b.abandoned++);
    }
    if (closed !== undefined && inRange(closed)) {
      const claimed = ms(r.firstClaimedAt);
      if (claimed !== undefined) add(closed, (b) => b.handle.push(closed - claimed));
      if (r.satisfaction) add(closed, (b) => b.scores.push(r.satisfaction!.score));
    }
  }
  const nowMs = d.now.getTime();
  for (const f of d.referrals) {
    const deadline = ms(f.deadline)!;
    if (!inRange(deadline)) continue;
    const answered = ms(f.answeredAt);
    if (deadline > nowMs && answered === undefined) continue; // not due yet
    add(deadline, (b) => {
      b.refDue++;
      if (answered !== undefined && answered <= deadline) b.refInTime++;
    });
  }
  const waiting = d.waiting.filter((w) => isWaiting(w, d.now));
  const oldest = waiting.reduce<number | undefined>((m, w) => {
    const q = ms(w.queuedAt)!;
    return m === undefined || q < m ? q : m;
  }, undefined);
  return {
    teamId: d.teamId,
    now: d.now,
    waitingNow: waiting.length,
    longestWaitMs: oldest === undefined ? null : Math.max(0, nowMs - oldest),
    rows: [...buckets.entries()].map(([p, b]) => toRow(p, b)),
    total: toRow(`${d.from}~${d.to}`, total),
  };
}

/** Minutes with one decimal, or an empty cell. */
const minutes = (v: number | null) => (v === null ? '' : Math.round(v / 6000) / 10);
const pct = (v: number | null) => (v === null ? '' : Math.round(v * 1000) / 10);

/** Column headers (Chinese) and cell values of the export, one row per period plus the total. */
export function metricsTable(m: MetricsResult): { header: string[]; rows: (string | number)[][] } {
  const header = [
    '时段',
    '求助数',
    '首次响应数',
    '首次响应时长P50（分钟）',
    '首次响应时长P90（分钟）',
    '办结数',
    '处理时长P50（分钟）',
    '处理时长P90（分钟）',
    '放弃数',
    '放弃率（%）',
    '到期转介数',
    '按期答复数',
    '按期答复率（%）',
    '评价数',
    '平均满意度（1–5）',
    '满意率（%）',
  ];
  const line = (r: MetricsRow) => [
    r.period,
    r.submitted,
    r.firstResponse.count,
    minutes(r.firstResponse.p50Ms),
    minutes(r.firstResponse.p90Ms),
    r.handle.count,
    minutes(r.handle.p50Ms),
    minutes(r.handle.p90Ms),
    r.abandoned,
    pct(r.abandonedRate),
    r.referrals.due,
    r.referrals.answeredInTime,
    pct(r.referrals.rate),
    r.satisfaction.count,
    r.satisfaction.mean === null ? '' : Math.round(r.satisfaction.mean * 100) / 100,
    pct(r.satisfaction.satisfiedRate),
  ];
  return { header, rows: [...m.rows.map(line), line({ ...m.total, period: '合计' })] };
}
