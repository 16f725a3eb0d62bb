/**
 * The indicator catalogue and its registration point: every key is counted by exactly one
 * source, every reference in the catalogue resolves, and the pure figure arithmetic (median,
 * rates, scores, ranking, the roll-up from villages to the county) holds.
 */
import { INDICATORS, INDICATOR_KEYS, INDICATOR_SECTIONS, ITEM_KINDS, type IndicatorInfo, type IndicatorKey } from '../../cloudfunctions/_shared/contracts/indicators';
import { INDICATOR_SOURCES } from '../../cloudfunctions/_shared/indicators';
import { SCORE_KEYS, buildFigures, median, rank, rateOf, scoreOf, shows, valueOf } from '../../cloudfunctions/supervision/src/figures';

const info = (k: IndicatorKey) => INDICATORS[k] as IndicatorInfo;

test('every catalogue key is counted by exactly one source, and sources count nothing else', () => {
  const owners = new Map<string, string[]>();
  for (const s of INDICATOR_SOURCES) for (const k of s.keys) owners.set(k, [...(owners.get(k) ?? []), s.domain]);
  expect([...owners.keys()].sort()).toEqual([...INDICATOR_KEYS].sort());
  expect([...owners.entries()].filter(([, o]) => o.length !== 1)).toEqual([]);
});

test('the catalogue is consistent: sections, item kinds, denominators at the same or a finer level, scores with a denominator', () => {
  const len = { county: 6, township: 9, village: 12 } as const;
  for (const k of INDICATOR_KEYS) {
    const i = info(k);
    expect([k, i.section in INDICATOR_SECTIONS]).toEqual([k, true]);
    expect([k, (ITEM_KINDS as readonly string[]).includes(i.item)]).toEqual([k, true]);
    expect([k, /[\u4e00-\u9fff]/.test(i.label) && /[\u4e00-\u9fff]/.test(i.numerator) && /§/.test(i.policy)]).toEqual([k, true]);
    if (i.of) {
      expect([k, (INDICATOR_KEYS as string[]).includes(i.of)]).toEqual([k, true]);
      // A rate needs its denominator wherever the numerator is shown.
      expect([k, len[info(i.of as IndicatorKey).level] >= len[i.level]]).toEqual([k, true]);
    }
    if (i.score) expect([k, !!i.of && i.better !== 'none']).toEqual([k, true]);
    if (i.stat && i.stat !== 'count') expect([k, i.of]).toEqual([k, undefined]);
  }
  expect(SCORE_KEYS.length).toBeGreaterThanOrEqual(5);
});

test('median is nearest-rank (the helpline rule), max and counts', () => {
  expect(median([])).toBeNull();
  expect(median([7])).toBe(7);
  expect(median([9, 1, 5, 3])).toBe(3);
  expect(median([9, 1, 5])).toBe(5);
  expect(valueOf('reports.ackWorst', [{ v: 3 }, { v: 40 }, { v: 12 }])).toBe(40);
  expect(valueOf('reports.ackMedian', [])).toBeNull();
  expect(valueOf('children.registered', [{}, {}])).toBe(2);
});

test('rates, scores and ranking', () => {
  expect(rateOf(1, 3)).toBe(33.3);
  expect(rateOf(1, 0)).toBeNull();
  expect(rateOf(null, 4)).toBeNull();
  const values = { 'children.registered': 10, 'visits.onSchedule': 8, 'staffing.villages': 4, 'staffing.villagesWithoutOfficer': 1 } as Record<IndicatorKey, number>;
  const s = scoreOf(values);
  expect(s.rates['visits.onSchedule']).toBe(80);
  expect(s.rates['staffing.villagesWithoutOfficer']).toBe(25);
  // Only rates with both numbers count (the others are null here): 80 and 100 − 25 ("lower is better" turned round).
  expect(SCORE_KEYS.filter((k) => s.rates[k] !== null).sort()).toEqual(['staffing.villagesWithoutOfficer', 'visits.onSchedule']);
  expect(s.score).toBe(77.5);
  const r = rank([
    { region: { code: '341799201', name: 'A', level: 'township' }, values: { ...values, 'visits.onSchedule': 2 } },
    { region: { code: '341799202', name: 'B', level: 'township' }, values },
    { region: { code: '341799203', name: 'C', level: 'township' }, values: {} },
  ]);
  expect(r.map((x) => [x.region.name, x.rank])).toEqual([
    ['B', 1],
    ['A', 2],
    ['C', null],
  ]);
  // C has no registered child: listed after the others, not ranked (不排名 · 无登记儿童).
  expect(r[2].score).toBeNull();
  expect(r[2].noChildren).toBe(true);
});

test('figures roll up from villages to townships and the county; items stay where they sit', () => {
  const county = { code: '341799', name: '测试县' };
  const towns = [{ code: '341799201', name: '一镇' }];
  const villages = [
    { code: '341799201001', name: '一村' },
    { code: '341799201002', name: '二村' },
  ];
  const figures = buildFigures(county, towns, villages, {
    'children.registered': [
      { id: 'a', region: '341799201001' },
      { id: 'b', region: '341799201001' },
      { id: 'c', region: '341799201002' },
      // A village the divisions do not know is added, never dropped from the totals.
      { id: 'd', region: '341799202001' },
    ],
    'reports.ackWorst': [
      { id: 'r1', region: '341799201001', v: 5 },
      { id: 'r2', region: '341799201002', v: 50 },
    ],
    'helpline.waiting': [{ id: 'h', region: '341799' }],
    'staffing.townshipsUnderstaffed': [{ id: '341799201', region: '341799201' }],
  });
  const by = new Map(figures.map((f) => [f.code, f]));
  expect(by.get('341799')!.values['children.registered']).toBe(4);
  expect(by.get('341799201')!.values['children.registered']).toBe(3);
  expect(by.get('341799202')!.values['children.registered']).toBe(1);
  expect(by.get('341799201002')!.values['reports.ackWorst']).toBe(50);
  expect(by.get('341799201')!.values['reports.ackWorst']).toBe(50);
  expect(by.get('341799')!.values['helpline.waiting']).toBe(1);
  expect(by.get('341799201')!.values['helpline.waiting']).toBeUndefined();
  expect(by.get('341799201')!.items!['staffing.townshipsUnderstaffed']).toEqual([{ id: '341799201' }]);
  expect(by.get('341799201001')!.items!['children.registered']!.map((i) => i.id)).toEqual(['a', 'b']);
  expect(by.get('341799')!.items!['children.registered']).toBeUndefined();
  expect(shows('helpline.waiting', 'township')).toBe(false);
  expect(shows('staffing.townshipsUnderstaffed', 'township')).toBe(true);
  expect(shows('staffing.townshipsUnderstaffed', 'village')).toBe(false);
});
