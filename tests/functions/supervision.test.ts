/**
 * Supervision boards on a generated county with known answers (tests/helpers/supervision-county.ts):
 * every indicator at the county, every township and every village equals what the generator put
 * there by construction; each drill-down list is exactly the items behind its number; the
 * township breakdown adds up to the county; a township sees only its own villages, a village
 * officer only their village; the trend compares with the run of a month before.
 */
import { INDICATORS, INDICATOR_KEYS, type IndicatorInfo, type IndicatorKey } from '../../cloudfunctions/_shared/contracts/indicators';
import type { BoardView, FiguresDoc, IndicatorView, StaffingView } from '../../cloudfunctions/_shared/contracts/supervision';
import { startTestStack, type TestStack } from '../helpers/stack';
import { generateCounty, loadCounty, openidOf, type GeneratedCounty } from '../helpers/supervision-county';
import { data } from './care-helpers';

// A stack, a generated county and a few hundred calls: generous limits on a shared machine.
jest.setTimeout(180_000);

let t: TestStack;
let county: GeneratedCounty;
const info = (k: IndicatorKey) => INDICATORS[k] as IndicatorInfo;
const LEN = { county: 6, township: 9, village: 12 } as const;

beforeAll(async () => {
  t = await startTestStack({ functions: ['supervision'] });
  county = generateCounty({ seed: 7 });
  await loadCounty(t.stack.standinUrl, county);
  t.clock.set(county.now);
});
afterAll(() => t?.stop());

const admin = () => ({ openid: openidOf(county.people.countyAdmin) });
const call = <T>(action: string, input: unknown, who: { openid: string }) => t.call<T>('supervision', action, input, who);

/** The number the generator says an indicator has in a region (count, or the median / max / sum of the values). */
function expected(key: IndicatorKey, region: string): number | null {
  const items = county.truth[key].filter((i) => i.region.startsWith(region));
  const stat = info(key).stat ?? 'count';
  if (stat === 'count') return items.length;
  if (stat === 'sum') return Math.round(items.reduce((s, i) => s + i.v!, 0) * 10) / 10;
  const v = items.map((i) => i.v!).sort((a, b) => a - b);
  if (!v.length) return null;
  return stat === 'median' ? v[Math.ceil(v.length / 2) - 1] : v[v.length - 1];
}

function valuesOf(b: BoardView): Record<string, number | null> {
  return Object.fromEntries(b.sections.flatMap((s) => s.figures.map((f) => [f.key, f.value])));
}

function expectedAt(level: keyof typeof LEN, region: string): Record<string, number | null> {
  return Object.fromEntries(INDICATOR_KEYS.filter((k) => LEN[info(k).level] >= LEN[level]).map((k) => [k, expected(k, region)]));
}

describe('a generated county: the numbers', () => {
  beforeAll(async () => {
    const r = data(await call<{ runId: string }>('refreshBoard', {}, admin()));
    expect(r.runId).toMatch(/^board-341799-/);
  });

  test('the generator produced every case (the test can fail)', () => {
    for (const k of INDICATOR_KEYS.filter((k) => !k.startsWith('spotChecks') && !k.startsWith('followUps'))) expect([k, county.truth[k].length > 0]).toEqual([k, true]);
  });

  test('the county board: every indicator equals the count made by construction', async () => {
    const b = data(await call<BoardView>('board', {}, admin()));
    expect(b.ready).toBe(true);
    expect(b.region).toEqual({ code: county.countyCode, name: '测试县', level: 'county' });
    expect(b.asOf).toBe(county.asOf);
    expect(b.period).toEqual(county.period);
    expect(valuesOf(b)).toEqual(expectedAt('county', county.countyCode));
  });

  test('every township board and every village board equals its own count', async () => {
    for (const tw of county.townships) {
      const b = data(await call<BoardView>('board', { regionCode: tw.code }, admin()));
      expect([tw.code, valuesOf(b)]).toEqual([tw.code, expectedAt('township', tw.code)]);
      expect(b.ranking.map((r) => r.region.code).sort()).toEqual(county.villages.filter((v) => v.code.startsWith(tw.code)).map((v) => v.code).sort());
    }
    for (const v of county.villages) {
      const b = data(await call<BoardView>('board', { regionCode: v.code }, admin()));
      expect([v.code, valuesOf(b)]).toEqual([v.code, expectedAt('village', v.code)]);
      expect(b.ranking).toEqual([]);
    }
  });

  test('the county ranking lists every township once, ranked by score, best first', async () => {
    const b = data(await call<BoardView>('board', {}, admin()));
    expect(b.ranking.map((r) => r.region.code).sort()).toEqual(county.townships.map((x) => x.code).sort());
    const scores = b.ranking.map((r) => r.score ?? -1);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    // A score is the mean of the scored rates, "lower is better" ones turned round.
    const first = b.ranking[0];
    const rates = b.scoreKeys.map((k) => {
      const n = expected(k, first.region.code)!;
      const d = expected(info(k).of as IndicatorKey, first.region.code)!;
      return d ? (info(k).better === 'lower' ? 100 - Math.round((n / d) * 1000) / 10 : Math.round((n / d) * 1000) / 10) : null;
    });
    const used = rates.filter((r): r is number => r !== null);
    expect(first.score).toBeCloseTo(used.reduce((a, x) => a + x, 0) / used.length, 1);
  });

  test('drill-down from the county: the township rows add up to the county number', async () => {
    for (const key of INDICATOR_KEYS.filter((k) => info(k).level !== 'county' && ['count', 'sum'].includes(info(k).stat ?? 'count'))) {
      const v = data(await call<IndicatorView>('indicator', { key, regionCode: county.countyCode }, admin()));
      expect([key, v.rows.map((r) => r.region.code)]).toEqual([key, county.townships.map((x) => x.code)]);
      expect([key, v.rows.reduce((a, r) => a + (r.value ?? 0), 0)]).toEqual([key, v.value]);
      for (const row of v.rows) expect([key, row.region.code, row.value]).toEqual([key, row.region.code, expected(key, row.region.code)]);
    }
  });

  test('every village: the stored list behind each number is exactly the items counted', async () => {
    const res = await t.app.database().collection('supervisionFigures').where({ countyCode: county.countyCode, level: 'village' }).limit(1000).get();
    const docs = (res.data as FiguresDoc[]).filter((d) => d.items);
    const latest = docs.reduce((m, d) => (d.runId > m ? d.runId : m), '');
    const villages = docs.filter((d) => d.runId === latest);
    expect(villages.map((d) => d.code).sort()).toEqual(county.villages.map((v) => v.code).sort());
    for (const d of villages) {
      for (const key of INDICATOR_KEYS.filter((k) => info(k).level === 'village')) {
        const ids = (d.items![key] ?? []).map((i) => i.id).sort();
        expect([d.code, key, ids]).toEqual([d.code, key, county.truth[key].filter((i) => i.region === d.code).map((i) => i.id).sort()]);
        if ((info(key).stat ?? 'count') === 'count') expect([d.code, key, d.values[key]]).toEqual([d.code, key, ids.length]);
      }
    }
  });

  test('drill-down to the items: the list has exactly as many entries as the number, in words', async () => {
    const village = county.villages.find((v) => county.truth['visits.overdue'].filter((i) => i.region === v.code).length >= 2)!;
    for (const key of INDICATOR_KEYS.filter((k) => info(k).level === 'village')) {
      const v = data(await call<IndicatorView>('indicator', { key, regionCode: village.code, limit: 200 }, admin()));
      const want = county.truth[key].filter((i) => i.region === village.code);
      expect([key, v.total, v.items.length, v.hasMore]).toEqual([key, want.length, want.length, false]);
      expect([key, v.items.map((i) => i.id).sort()]).toEqual([key, want.map((i) => i.id).sort()]);
      if ((info(key).stat ?? 'count') === 'count') expect([key, v.value]).toEqual([key, want.length]);
      for (const item of v.items) {
        expect(item.kind).toBe(info(key).item);
        expect(item.title).not.toBe('');
        expect(item.title).not.toMatch(/^[a-z]+\d/); // words, never an id
      }
    }
    const overdue = data(await call<IndicatorView>('indicator', { key: 'visits.overdue', regionCode: village.code, limit: 1 }, admin()));
    expect(overdue.items).toHaveLength(1);
    expect(overdue.hasMore).toBe(true);
    expect(overdue.items[0].page).toBe(`/packageRegistry/pages/child/index?id=${overdue.items[0].id}`);
    expect(overdue.items[0].note).toMatch(/^逾期\d+天$/);
    expect(overdue.items[0].detail).toContain(village.name);
  });

  test('county-level and township-level items: helpline requests at the county, staffing per township', async () => {
    const hl = data(await call<IndicatorView>('indicator', { key: 'helpline.waiting', regionCode: county.countyCode, limit: 200 }, admin()));
    expect(hl.items.map((i) => i.id).sort()).toEqual(county.truth['helpline.waiting'].map((i) => i.id).sort());
    expect(hl.items.every((i) => i.page === null && /^HL\d+/.test(i.title))).toBe(true);
    const tw = county.townships[0].code;
    const st = data(await call<IndicatorView>('indicator', { key: 'staffing.townshipsUnderstaffed', regionCode: tw }, admin()));
    expect(st.total).toBe(expected('staffing.townshipsUnderstaffed', tw));
    const below = await call('indicator', { key: 'helpline.waiting', regionCode: tw }, admin());
    expect(below).toMatchObject({ ok: false, error: { code: 'NOT_APPLICABLE' } });
  });
});

describe('who sees which board', () => {
  const tw = () => county.townships.find((x) => county.people.townshipStaff[x.code].length > 0)!;
  test('township staff: their township by default, its villages; another township is refused', async () => {
    const me = { openid: openidOf(county.people.townshipStaff[tw().code][0]) };
    const b = data(await call<BoardView>('board', {}, me));
    expect(b.region.code).toBe(tw().code);
    expect(b.canRefresh).toBe(false);
    expect(b.ranking.every((r) => r.region.code.startsWith(tw().code))).toBe(true);
    const other = county.townships.find((x) => x.code !== tw().code)!;
    expect(await call('board', { regionCode: other.code }, me)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('board', { regionCode: county.countyCode }, me)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const otherVillage = county.villages.find((v) => v.code.startsWith(other.code))!;
    expect(await call('indicator', { key: 'visits.overdue', regionCode: otherVillage.code }, me)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const own = data(await call<IndicatorView>('indicator', { key: 'visits.overdue', regionCode: tw().code }, me));
    expect(own.rows.every((r) => r.region.code.startsWith(tw().code))).toBe(true);
    expect(await call('refreshBoard', {}, me)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  test("a village officer sees their village's board and nothing else", async () => {
    const [code, officers] = Object.entries(county.people.villageOfficers).find(([, p]) => p.length > 0)!;
    const me = { openid: openidOf(officers[0]) };
    const b = data(await call<BoardView>('board', {}, me));
    expect(b.region.code).toBe(code);
    expect(valuesOf(b)).toEqual(expectedAt('village', code));
    expect(b.sections.some((s) => s.section === 'helpline')).toBe(false);
    expect(await call('board', { regionCode: code.slice(0, 9) }, me)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('staffing (队伍建设)', () => {
  test('the county table: each village its bound officers, the villages without one and the understaffed townships as the indicators count them', async () => {
    const v = data(await call<StaffingView>('staffing', {}, admin()));
    expect(v.region.code).toBe(county.countyCode);
    expect(v.canInvite).toBe(true);
    expect(v.townships.map((t) => t.region.code)).toEqual(county.townships.map((t) => t.code).sort());
    const villages = v.townships.flatMap((t) => t.villages);
    expect(villages.map((x) => x.region.code).sort()).toEqual(county.villages.map((x) => x.code).sort());
    for (const x of villages) expect([x.region.code, x.officers.map((o) => o.personId).sort()]).toEqual([x.region.code, [...(county.people.villageOfficers[x.region.code] ?? [])].sort()]);
    expect(v.totals.villagesWithoutOfficer).toBe(expected('staffing.villagesWithoutOfficer', county.countyCode));
    expect(v.totals.villagesWithoutOfficer).toBeGreaterThan(0);
    expect(v.totals.townshipsUnderstaffed).toBe(expected('staffing.townshipsUnderstaffed', county.countyCode));
    for (const t of v.townships) {
      expect([t.region.code, t.staff.map((p) => p.personId).sort()]).toEqual([t.region.code, [...(county.people.townshipStaff[t.region.code] ?? [])].sort()]);
      expect([t.region.code, t.children]).toEqual([t.region.code, expected('children.registered', t.region.code)]);
    }
    // Staff names, never a child's.
    expect(JSON.stringify(v)).not.toMatch(/idNumber|guardian|phone/);
  });

  test('township staff see their township only; a village officer is refused', async () => {
    const tw = county.townships.find((x) => county.people.townshipStaff[x.code].length > 0)!;
    const me = { openid: openidOf(county.people.townshipStaff[tw.code][0]) };
    const v = data(await call<StaffingView>('staffing', {}, me));
    expect(v.region.code).toBe(tw.code);
    expect(v.townships.map((t) => t.region.code)).toEqual([tw.code]);
    expect(v.canInvite).toBe(true);
    const other = county.townships.find((x) => x.code !== tw.code)!;
    expect(await call('staffing', { regionCode: other.code }, me)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('staffing', { regionCode: county.countyCode }, me)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const [, officers] = Object.entries(county.people.villageOfficers).find(([, p]) => p.length > 0)!;
    expect(await call('staffing', {}, { openid: openidOf(officers[0]) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('the trend', () => {
  test('numbers are compared with the run of about a month before, better or worse by the rate', async () => {
    const later = new Date(county.now.getTime() + 31 * 86_400_000);
    t.clock.set(later);
    data(await call('refreshBoard', {}, admin()));
    const b = data(await call<BoardView>('board', {}, admin()));
    expect(b.comparedWith?.asOf).toBe(county.asOf);
    const reg = b.sections.flatMap((s) => s.figures).find((f) => f.key === 'visits.overdue')!;
    expect(reg.previous).toBe(expected('visits.overdue', county.countyCode));
    // A month later with no new visits, more children are overdue: worse.
    expect(reg.value!).toBeGreaterThan(reg.previous!);
    expect(reg.change).toBe('worse');
    const plain = b.sections.flatMap((s) => s.figures).find((f) => f.key === 'children.registered')!;
    expect(plain.change).toBeNull();
    t.clock.set(county.now);
  });
});
