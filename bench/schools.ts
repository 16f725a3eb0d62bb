/**
 * Dropout control benchmark (prints figures, never passes or fails). A county with `schools`
 * schools and `cases` dropout cases (far more than a county has: a county-wide list at its
 * worst), called through the invoker as the mini-program calls it:
 * - `listSchools` (county admin: every school with its open cases), `listCases` (the first page
 *   of 30 for the county, one township, one school, and the county's 11th page), `getCase`, the
 *   daily dropout sweep over every out-of-school child (nothing left to open): median of `calls`
 *   calls after one warm-up;
 * - the round trip a person waits on: a registry edit of schooling that opens a case (registry →
 *   event → schools), a school's `reportDropout` (schools → registry → case), `recordAttempt`,
 *   the escalating attempt (tells the township and county in 消息), and `closeCase` (schools →
 *   registry → close): median over `calls` fresh children each.
 *
 *   npx tsx bench/schools.ts [--schools 60] [--cases 2000] [--calls 7]
 */
import { performance } from 'node:perf_hooks';
import { startTestStack, type TestStack } from '../tests/helpers/stack';
import { SIDES, makePersona } from '../tests/helpers/access-world';

process.env.TENCENTCLOUD = 'true';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const SCHOOLS = arg('schools', 60);
const CASES = arg('cases', 2000);
const CALLS = arg('calls', 7);
const IN = SIDES.in;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(t: TestStack, fn: string, action: string, input: unknown, openid: string): Promise<number> {
  const t0 = performance.now();
  const r = await t.call(fn, action, input, { openid });
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(r.error)}`);
  return ms;
}

async function main(): Promise<void> {
  const t = await startTestStack({ functions: ['schools', 'registry'] });
  try {
    const db = t.app.database();
    const towns = ['341721100', '341721101', '341721102', '341721103', '341721104'];
    const schools = Array.from({ length: SCHOOLS }, (_, i) => ({
      _id: `b-school-${i}`,
      name: `第${i + 1}小学`,
      countyCode: IN.countyCode,
      townshipCode: towns[i % towns.length],
      regionCode: towns[i % towns.length],
      boarding: i % 3 === 0,
      createdAt: new Date(),
    }));
    for (const s of schools) await db.collection('schools').add(s);
    const y = new Date().getUTCFullYear() - 10;
    let t0 = performance.now();
    for (let i = 0; i < CASES; i++) {
      const school = schools[i % schools.length];
      const villageCode = `${school.townshipCode}${String(1 + (i % 9)).padStart(3, '0')}`;
      await db.collection('children').add({ _id: `b-c-${i}`, name: `儿童${i}`, birthDate: `${y}-05-01`, countyCode: IN.countyCode, townshipCode: school.townshipCode, villageCode, schoolId: school._id, schooling: 'droppedOut', status: 'active', version: 1 });
      await db.collection('dropoutCases').add({
        _id: `dc-b-c-${i}-1`,
        childId: `b-c-${i}`,
        countyCode: IN.countyCode,
        townshipCode: school.townshipCode,
        villageCode,
        schoolId: school._id,
        kind: 'droppedOut',
        status: i % 4 === 0 ? 'closed' : 'open',
        openedAt: new Date(),
        openedOn: '2026-09-15',
        openedBy: { kind: 'registry' },
        attempts: [],
        failedAttempts: 0,
        version: 1,
      });
    }
    console.log(`seeded ${SCHOOLS} schools, ${CASES} cases in ${(performance.now() - t0).toFixed(0)} ms`);

    const county = await makePersona(t.app, 'countyAdmin', IN);
    const officer = await makePersona(t.app, 'villageOfficer', { ...IN, villageCode: `${towns[0]}001`, townshipCode: towns[0] });
    const staff = await makePersona(t.app, 'schoolStaff', { ...IN, townshipCode: towns[0], schoolId: schools[0]._id });
    await makePersona(t.app, 'townshipStaff', { ...IN, townshipCode: towns[0] });

    const reads: [string, string, unknown, string][] = [
      ['listSchools (county)', 'listSchools', {}, county.openid],
      [`listCases (county, ${CASES}) page 1`, 'listCases', { regionCode: IN.countyCode }, county.openid],
      [`listCases (county, ${CASES}) page 11`, 'listCases', { regionCode: IN.countyCode, skip: 300 }, county.openid],
      [`listCases (township, ~${Math.round(CASES / towns.length)})`, 'listCases', { regionCode: towns[0] }, county.openid],
      [`listCases (school, ~${Math.round(CASES / SCHOOLS)})`, 'listCases', { schoolId: schools[0]._id }, staff.openid],
      ['getCase', 'getCase', { caseId: 'dc-b-c-0-1' }, staff.openid],
    ];
    for (const [label, action, input, openid] of reads) {
      await timed(t, 'schools', action, input, openid);
      const xs: number[] = [];
      for (let i = 0; i < CALLS; i++) xs.push(await timed(t, 'schools', action, input, openid));
      console.log(`${label.padEnd(36)} median ${median(xs).toFixed(1)} ms  (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`);
    }
    {
      const xs: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const t1 = performance.now();
        const r = await t.call<{ children: number; opened: number }>('schools', 'sweepDropouts', {});
        xs.push(performance.now() - t1);
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        if (i === 0) console.log(`sweepDropouts looked at ${r.data.children} children, opened ${r.data.opened} (the ${Math.round(CASES / 4)} closed cases' children are still marked out of school)`);
      }
      console.log(`${'sweepDropouts (daily)'.padEnd(36)} median ${median(xs).toFixed(1)} ms  (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`);
    }

    // Round trips on fresh children of school 0, village of the officer.
    const fresh = async (n: number) => {
      const id = `b-fresh-${n}`;
      await db.collection('children').add({ _id: id, name: `新儿童${n}`, birthDate: `${y}-05-01`, countyCode: IN.countyCode, townshipCode: towns[0], villageCode: `${towns[0]}001`, schoolId: schools[0]._id, schooling: 'primary', status: 'active', version: 1 });
      return id;
    };
    const open: number[] = [];
    const report: number[] = [];
    const attempt: number[] = [];
    const escalate: number[] = [];
    const close: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const a = await fresh(2 * i);
      open.push(await timed(t, 'registry', 'updateChild', { childId: a, changes: { schooling: 'droppedOut' }, reason: '入户核实' }, officer.openid));
      const b = await fresh(2 * i + 1);
      t0 = performance.now();
      const r = await t.call<{ id: string }>('schools', 'reportDropout', { childId: b, kind: 'droppedOut' }, { openid: staff.openid });
      report.push(performance.now() - t0);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const caseId = r.data.id;
      const at = (outcome: string) => timed(t, 'schools', 'recordAttempt', { caseId, on: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), withWhom: '祖母', outcome }, staff.openid);
      attempt.push(await at('refused'));
      await at('refused');
      escalate.push(await at('refused'));
      close.push(await timed(t, 'schools', 'closeCase', { caseId, returnedOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), schoolId: schools[0]._id, stage: 'primary' }, staff.openid));
    }
    const line = (label: string, xs: number[]) => console.log(`${label.padEnd(36)} median ${median(xs).toFixed(1)} ms  (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`);
    line('registry edit → case opened', open);
    line('reportDropout (→ registry → case)', report);
    line('recordAttempt', attempt);
    line('recordAttempt that escalates', escalate);
    line('closeCase (→ registry → closed)', close);
    const opened = (await db.collection('dropoutCases').where({ childId: 'b-fresh-0' }).count()).total;
    console.log(`check: the registry edit opened ${opened} case(s) for its child`);
  } finally {
    await t.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
