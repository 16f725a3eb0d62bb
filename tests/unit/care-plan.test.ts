/**
 * Visit plans (pure): the due day comes from the current risk level and the last visit, on
 * Asia/Shanghai calendar days; coverage rows add up.
 */
import { compareDue, daysBetween, planFor, riskLevelOf, visitStatus } from '../../cloudfunctions/_shared/visit-plan';
import { coverageRows, isComplete } from '../../cloudfunctions/care/src/pairings';
import { COUNTY_CONFIG_DEFAULTS, mergeConfig } from '../../cloudfunctions/_shared/county-config';
import { ackLimitText } from '../../cloudfunctions/care/src/reports';

const intervals = COUNTY_CONFIG_DEFAULTS.visitIntervalDays;

test('default intervals: focus 30, attention 60, regular 90 days after the last visit', () => {
  expect(planFor({ _id: 'a', risk: { level: 'focus' } }, '2025-01-31', intervals, '2025-02-01').dueOn).toBe('2025-03-02');
  expect(planFor({ _id: 'a', risk: { level: 'attention' } }, '2025-01-31', intervals, '2025-02-01').dueOn).toBe('2025-04-01');
  expect(planFor({ _id: 'a', risk: { level: 'regular' } }, '2024-12-01', intervals, '2025-02-01').dueOn).toBe('2025-03-01');
  // Leap year: 30 days after 2024-02-10 is 2024-03-11.
  expect(planFor({ _id: 'a', risk: { level: 'focus' } }, '2024-02-10', intervals, '2024-02-11').dueOn).toBe('2024-03-11');
});

test('a file without a risk level is planned as regular; never visited is due an interval after creation', () => {
  expect(riskLevelOf({})).toBe('regular');
  expect(planFor({ _id: 'a' }, undefined, intervals, '2025-06-01', '2025-03-01')).toMatchObject({ dueOn: '2025-05-30', status: 'overdue', daysOverdue: 2 });
  expect(planFor({ _id: 'a' }, undefined, intervals, '2025-06-01').lastVisitOn).toBeUndefined();
});

test('status against today: overdue only after the due day has passed', () => {
  expect(visitStatus('2025-03-31', '2025-03-31')).toBe('dueToday');
  expect(visitStatus('2025-03-31', '2025-04-01')).toBe('overdue');
  expect(visitStatus('2025-03-31', '2025-03-30')).toBe('upcoming');
  expect(daysBetween('2025-03-31', '2025-04-02')).toBe(2);
  const p = planFor({ _id: 'a', risk: { level: 'focus' } }, '2025-03-01', intervals, '2025-04-05');
  expect(p).toMatchObject({ status: 'overdue', daysOverdue: 5 });
});

test('due lists sort by due day, then child', () => {
  const mk = (childId: string, dueOn: string) => ({ childId, dueOn, riskLevel: 'focus' as const, intervalDays: 30, status: 'overdue' as const, daysOverdue: 0 });
  expect([mk('b', '2025-03-02'), mk('c', '2025-03-01'), mk('a', '2025-03-02')].sort(compareDue).map((p) => p.childId)).toEqual(['c', 'a', 'b']);
});

test('a triad is complete with a cadre, a grid worker or volunteer, and a neighbour', () => {
  const m = (kind: string) => ({ personId: 'p', bindingId: 'b', kind, since: new Date() });
  expect(isComplete({ cadre: m('cadre'), helper: m('volunteer'), neighbour: m('neighbour') })).toBe(true);
  expect(isComplete({ cadre: m('cadre'), neighbour: m('neighbour') })).toBe(false);
});

test('coverage rows by township add up to the county', () => {
  const focus = [
    { childId: 'a', villageCode: '341721100001' },
    { childId: 'b', villageCode: '341721100002' },
    { childId: 'c', villageCode: '341721101001' },
  ];
  const names = new Map([
    ['341721', '东至县'],
    ['341721100', '尧渡镇'],
    ['341721101', '东流镇'],
  ]);
  const { total, rows } = coverageRows('341721', focus, new Set(['a', 'c']), names);
  expect(total).toMatchObject({ regionName: '东至县', level: 'county', focusChildren: 3, complete: 2 });
  expect(rows).toEqual([
    { regionCode: '341721100', regionName: '尧渡镇', level: 'township', focusChildren: 2, complete: 1, ratio: 0.5 },
    { regionCode: '341721101', regionName: '东流镇', level: 'township', focusChildren: 1, complete: 1, ratio: 1 },
  ]);
  expect(coverageRows('341721100001', [], new Set()).total.ratio).toBe(1);
});

test('county settings merge over the defaults, ignoring nonsense', () => {
  const cfg = mergeConfig(COUNTY_CONFIG_DEFAULTS, { visitIntervalDays: { focus: 14, attention: -3 }, reportAckMinutes: { missing: '30' }, orderDeadlineDays: 10 });
  expect(cfg.visitIntervalDays).toEqual({ focus: 14, attention: 60, regular: 90 });
  expect(cfg.reportAckMinutes.missing).toBe(60);
  expect(cfg.orderDeadlineDays).toBe(10);
  expect(ackLimitText(60)).toBe('1小时');
  expect(ackLimitText(1440)).toBe('24小时');
  expect(ackLimitText(45)).toBe('45分钟');
});
