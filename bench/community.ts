/**
 * Community benchmark (prints figures, never passes or fails). A county with `sites` service
 * sites over 5 townships of the county's real divisions and `volunteers` volunteers with `shifts` closed shifts
 * each (far more than a county has), called through the invoker as the mini-program calls it:
 * - `directory` for one village and for the whole county (public, no binding), and for the whole
 *   county nearest first from a family's position (every other site placed on the map);
 * - `myVolunteer` and `myCertificate` (this year's 志愿服务证明) of a volunteer with `shifts` shifts;
 * - the round trip a volunteer waits on: `checkIn` then `checkOut` with the current code;
 * medians of `calls` calls after one warm-up. And in-process: microseconds to make and to verify
 * one check-in code (the HMAC), over 10,000 codes.
 *
 *   npx tsx bench/community.ts [--sites 300] [--volunteers 200] [--shifts 25] [--calls 7]
 */
import { performance } from 'node:perf_hooks';
import { startTestStack, type TestStack } from '../tests/helpers/stack';
import { SIDES, makePersona, useStackKey } from '../tests/helpers/access-world';
import { seal } from '../cloudfunctions/_shared/access/sealed';
import { codeFor, verifyCode, windowOf } from '../cloudfunctions/community/src/checkin';

process.env.TENCENTCLOUD = 'true';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const SITES = arg('sites', 300);
const VOLUNTEERS = arg('volunteers', 200);
const SHIFTS = arg('shifts', 25);
const CALLS = arg('calls', 7);
const IN = SIDES.in;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(t: TestStack, action: string, input: unknown, openid: string): Promise<number> {
  const t0 = performance.now();
  const r = await t.call('community', action, input, { openid });
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`community.${action}: ${JSON.stringify(r.error)}`);
  return ms;
}

async function main(): Promise<void> {
  const t = await startTestStack({ functions: ['community'] });
  try {
    useStackKey(t);
    const db = t.app.database();
    // The stand-in loads the county's real divisions (东至县); sites sit in its first 5 townships.
    const townRows = (await db.collection('regions').where({ ancestors: IN.countyCode, level: 'township' }).limit(5).get()).data as { _id: string }[];
    const towns = townRows.map((r) => r._id);
    if (towns.length < 5) throw new Error('the stand-in has no divisions loaded');
    let t0 = performance.now();
    const phone = seal('site.phone', '0566-7012345');
    for (let i = 0; i < SITES; i++) {
      const tc = towns[i % towns.length];
      const regionCode = i % 10 === 0 ? tc : `${tc}${String(1 + (i % 10)).padStart(3, '0')}`;
      // Every other site placed on the map, scattered over about 40 × 40 km around the county town.
      const location = i % 2 ? { location: { latitude: 30.1 + ((i * 37) % 400) / 1000 - 0.2, longitude: 117.02 + ((i * 53) % 400) / 1000 - 0.2 } } : {};
      await db.collection('communitySites').add({ _id: `b-site-${i}`, countyCode: IN.countyCode, regionCode, kind: 'home', name: `温馨家园${i}`, address: '村委会', hours: '周末', phone, services: ['dayCare'], status: i % 7 === 0 ? 'closed' : 'open', ...location, createdAt: new Date(), createdBy: 'b', updatedAt: new Date(), updatedBy: 'b' });
    }
    const day = Date.now() - 40 * 86_400_000;
    for (let v = 0; v < VOLUNTEERS; v++) {
      for (let s = 0; s < SHIFTS; s++) {
        const at = new Date(day + s * 86_400_000);
        await db.collection('volunteerShifts').add({ _id: `b-shift-${v}-${s}`, personId: `b-vol-${v}`, siteId: `b-site-${(v + s) % SITES}`, siteName: `温馨家园${(v + s) % SITES}`, townshipCode: towns[v % 5], checkInAt: at, checkOutAt: new Date(at.getTime() + 7_200_000), minutes: 120, open: false });
      }
    }
    console.log(`seeded ${SITES} sites, ${VOLUNTEERS} volunteers × ${SHIFTS} shifts in ${(performance.now() - t0).toFixed(0)} ms`);

    const visitor = await makePersona(t.app, 'public');
    const vol = await makePersona(t.app, 'volunteer', { ...IN, townshipCode: towns[0] });
    for (let s = 0; s < SHIFTS; s++) {
      const at = new Date(day + s * 86_400_000);
      await db.collection('volunteerShifts').add({ _id: `b-mine-${s}`, personId: vol.personId, siteId: `b-site-${s % SITES}`, siteName: `温馨家园${s % SITES}`, townshipCode: towns[0], checkInAt: at, checkOutAt: new Date(at.getTime() + 7_200_000), minutes: 120, open: false });
    }
    const series = async (action: string, input: () => unknown, openid: string) => {
      await timed(t, action, input(), openid);
      const xs: number[] = [];
      for (let i = 0; i < CALLS; i++) xs.push(await timed(t, action, input(), openid));
      return median(xs);
    };
    const village = await series('directory', () => ({ regionCode: `${towns[0]}001` }), visitor.openid);
    const county = await series('directory', () => ({}), visitor.openid);
    const nearest = await series('directory', () => ({ near: { latitude: 30.1, longitude: 117.02 } }), visitor.openid);
    const mine = await series('myVolunteer', () => ({}), vol.openid);
    const certificate = await series('myCertificate', () => ({}), vol.openid);
    const trips: number[] = [];
    for (let i = 0; i <= CALLS; i++) {
      const code = codeFor(`b-site-${1 + 7 * i}`, windowOf(t.clock.now())); // open sites (every 7th is closed)
      t0 = performance.now();
      await timed(t, 'checkIn', { code }, vol.openid);
      await timed(t, 'checkOut', { code }, vol.openid);
      if (i) trips.push(performance.now() - t0);
    }
    console.log(`directory, one village:   ${village.toFixed(1)} ms (median of ${CALLS})`);
    console.log(`directory, whole county:  ${county.toFixed(1)} ms (${SITES} sites, ${Math.round((SITES * 6) / 7)} open)`);
    console.log(`directory, county, nearest first: ${nearest.toFixed(1)} ms (ratio to the same without a position ${(nearest / county).toFixed(2)})`);
    console.log(`myVolunteer (${SHIFTS} shifts): ${mine.toFixed(1)} ms`);
    console.log(`myCertificate (${SHIFTS} shifts): ${certificate.toFixed(1)} ms`);
    console.log(`checkIn + checkOut:       ${median(trips).toFixed(1)} ms`);
    console.log(`ratio county / village directory: ${(county / village).toFixed(2)}`);

    const N = 10_000;
    const w = windowOf(new Date());
    t0 = performance.now();
    const codes = Array.from({ length: N }, (_, i) => codeFor(`site-${i}`, w));
    const make = ((performance.now() - t0) * 1000) / N;
    t0 = performance.now();
    for (const c of codes) verifyCode(c, new Date());
    const verify = ((performance.now() - t0) * 1000) / N;
    console.log(`code: make ${make.toFixed(1)} µs, verify ${verify.toFixed(1)} µs (HMAC-SHA256, ${N} codes)`);
  } finally {
    await t.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
