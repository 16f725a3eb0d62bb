/**
 * The township ranking (board and circular): a township with no registered child is not ranked
 * (无登记儿童) — never last with 0 points — and the others are ranked by their score.
 */
import { rank } from '../../cloudfunctions/supervision/src/figures';
import type { IndicatorKey } from '../../cloudfunctions/_shared/contracts/indicators';

const region = (code: string, name: string) => ({ code, name, level: 'township' as const });
type Values = Partial<Record<IndicatorKey, number | null>>;

test('a township without registered children comes after the ranked ones, without rank or score', () => {
  const busy: Values = { 'children.registered': 10, 'visits.onSchedule': 9, 'visits.overdue': 1, 'staffing.villages': 2, 'staffing.villagesWithoutOfficer': 2 };
  const worse: Values = { 'children.registered': 10, 'visits.onSchedule': 2, 'visits.overdue': 8, 'staffing.villages': 2, 'staffing.villagesWithoutOfficer': 2 };
  // No child, but villages without an officer: its rates would score 0 points and rank it last.
  const empty: Values = { 'children.registered': 0, 'staffing.villages': 3, 'staffing.villagesWithoutOfficer': 3 };
  const rows = rank([
    { region: region('341799003', '开发区'), values: empty },
    { region: region('341799002', '乙镇'), values: worse },
    { region: region('341799001', '甲镇'), values: busy },
  ]);
  expect(rows.map((r) => [r.region.name, r.rank, r.noChildren])).toEqual([
    ['甲镇', 1, false],
    ['乙镇', 2, false],
    ['开发区', null, true],
  ]);
  expect(rows[2].score).toBeNull();
  expect(rows[0].score).not.toBeNull();
  expect(rows[0].score!).toBeGreaterThan(rows[1].score!);
});
