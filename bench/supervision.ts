/**
 * Supervision benchmark (prints figures, never passes or fails). Issue 16's budget: on 20,000
 * children, 200,000 visits, 5,000 reports and 3,000 helpline requests, the county board answers
 * in ≤ 1 s (and a township drill-down with it); the monthly circular in ≤ 10 s.
 *
 *   npx tsx bench/supervision.ts [--townships 10] [--villages 20] [--calls 7]
 *
 * A county is generated (tests/helpers/supervision-county.ts, the test's generator with its known
 * answers) into a private stand-in; the `supervision` function is called through the invoker as
 * a county admin, exactly as the mini-program calls it:
 * - `refreshBoard` once: the counting the scheduler does every hour (its figures, for the 60 s
 *   function timeout);
 * - then `board` (county), `board` (a township), `indicator` at the county (township rows), at a
 *   township (village rows) and at a village (the children behind the number): median of
 *   `calls` calls each, after one warm-up call.
 * - the monthly circular (budget 10 s), with the clock on the 1st of the next month:
 *   `makeCircular` on demand when the month has not been counted (the month's counting + the
 *   workbook + storage + 消息), and — the path the scheduler takes at 07:00, after counting the
 *   month from midnight — the circular made from the stored month run (median of `calls`, the
 *   circular and its announcements removed between calls so each is made afresh).
 */
import { performance } from 'node:perf_hooks';
import { startTestStack } from '../tests/helpers/stack';
import { generateCounty, loadCounty, openidOf } from '../tests/helpers/supervision-county';

process.env.TENCENTCLOUD = 'true';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const TOWNSHIPS = arg('townships', 10);
const VILLAGES = arg('villages', 20);
const CALLS = arg('calls', 7);
const BOARD_BUDGET_MS = 1000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  let t0 = performance.now();
  // ~100 children per village × 200 villages ≈ 20,000; visits per child tuned so the county has ≈ 200,000 (not every child gets the extra ones).
  const county = generateCounty({ seed: 16, townships: TOWNSHIPS, villagesPerTownship: VILLAGES, childrenPerVillage: [90, 110], visitsPerChild: 12.6, reports: 5000, helplineRequests: 3000 });
  const sizes = Object.fromEntries(Object.entries(county.docs).map(([k, v]) => [k, v.length]));
  console.log(`generated in ${Math.round(performance.now() - t0)} ms:`, JSON.stringify(sizes));
  const t = await startTestStack({ functions: ['supervision'] });
  try {
    t0 = performance.now();
    await loadCounty(t.stack.standinUrl, county);
    console.log(`loaded into the stand-in in ${Math.round(performance.now() - t0)} ms`);
    t.clock.set(county.now);
    const admin = { openid: openidOf(county.people.countyAdmin) };
    const call = async (action: string, input: unknown) => {
      const s = performance.now();
      const r = await t.call('supervision', action, input, admin);
      const ms = performance.now() - s;
      if (!r.ok) throw new Error(`${action}: ${r.error.code} ${r.error.message}`);
      return { ms, data: r.data as Record<string, unknown> };
    };

    const refresh = await call('refreshBoard', {});
    console.log(`\nrefreshBoard (the scheduler's hourly counting): ${Math.round(refresh.ms)} ms end to end, counting ${refresh.data.tookMs} ms (function timeout 60 s: ${(refresh.ms / 60_000).toFixed(2)}×)`);

    const tw = county.townships[0].code;
    const village = county.villages.find((v) => v.code.startsWith(tw) && (county.truth['visits.overdue'] ?? []).some((i) => i.region === v.code))?.code ?? county.villages[0].code;
    const cases: [string, string, unknown][] = [
      ['board, county', 'board', {}],
      ['board, a township', 'board', { regionCode: tw }],
      ['drill-down at the county (township rows)', 'indicator', { key: 'visits.overdue', regionCode: county.countyCode }],
      ['drill-down at a township (village rows)', 'indicator', { key: 'visits.overdue', regionCode: tw }],
      ['drill-down at a village (50 children)', 'indicator', { key: 'visits.overdue', regionCode: village, limit: 50 }],
    ];
    console.log(`\n| case | median of ${CALLS} | worst | ratio to 1 s |`);
    console.log('|---|---:|---:|---:|');
    for (const [label, action, input] of cases) {
      await call(action, input);
      const ms: number[] = [];
      for (let i = 0; i < CALLS; i++) ms.push((await call(action, input)).ms);
      const m = median(ms);
      console.log(`| ${label} | ${Math.round(m)} ms | ${Math.round(Math.max(...ms))} ms | ${(m / BOARD_BUDGET_MS).toFixed(2)}× |`);
    }
    // The monthly circular, on the 1st of the next month.
    const CIRCULAR_BUDGET_MS = 10_000;
    const month = county.asOf.slice(0, 7);
    const [y, mo] = month.split('-').map(Number);
    const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
    t.clock.set(new Date(`${next}-01T10:00:00+08:00`));
    const onDemand = await call('makeCircular', { month });
    const id = String(onDemand.data.id);
    console.log(`\nmonthly circular ${id}, on demand with the month not yet counted (counting + workbook + storage + 消息): ${Math.round(onDemand.ms)} ms (${(onDemand.ms / CIRCULAR_BUDGET_MS).toFixed(2)}× the 10 s budget)`);
    const db = t.app.database();
    const fromRun: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      await db.collection('circulars').doc(id).remove();
      await db.collection('notifications').where({ kind: 'supervision.circular' }).remove();
      const r = await call('makeCircular', { month });
      if (r.data.existing) throw new Error('the circular was not made afresh');
      fromRun.push(r.ms);
    }
    const m = median(fromRun);
    console.log(`monthly circular from the stored month run (the scheduler's 07:00 path): median of ${CALLS} ${Math.round(m)} ms, worst ${Math.round(Math.max(...fromRun))} ms (${(m / CIRCULAR_BUDGET_MS).toFixed(2)}× the 10 s budget)`);
  } finally {
    await t.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
