/** Pure logic of the registry pages (miniprogram/packageRegistry/services/registry-logic.ts, coverage-logic.ts). */
import { coverageRow, groupName, groupRows, householdRows } from '../../miniprogram/packageRegistry/services/coverage-logic';
import { editChanges, editProblem, historyLines, importView, listRow, nextPollDelay, searchInput } from '../../miniprogram/packageRegistry/services/registry-logic';

const noFilters = { keyword: '', riskLevel: '', flag: '', incompleteOnly: false };

test('an 18-character keyword searches the ID number, anything else the name', () => {
  expect(searchInput({ ...noFilters, keyword: ' 34172120150101123x ' }, 0)).toEqual({ skip: 0, limit: 20, idNumber: '34172120150101123X' });
  expect(searchInput({ ...noFilters, keyword: '𠮷' }, 20, 10)).toEqual({ skip: 20, limit: 10, name: '𠮷' });
  expect(searchInput({ ...noFilters, riskLevel: 'focus', flag: 'dropout', incompleteOnly: true }, 0)).toEqual({ skip: 0, limit: 20, riskLevel: 'focus', flags: ['dropout'], incomplete: true });
});

test('a list row says sex, age, group, flags and risk in Chinese', () => {
  expect(listRow({ id: 'c1', name: '王*明', gender: 'male', age: 9, villageCode: 'v', group: '3组', riskLevel: 'focus', flags: ['dropout', 'disabled'], incomplete: true, status: 'active' })).toEqual({
    id: 'c1',
    title: '王*明',
    description: '男 · 9岁 · 3组；标记：辍学、残疾；档案待补全',
    note: '重点',
    tone: 'danger',
  });
});

test('import progress: rows done / total, then the result summary', () => {
  const counts = { accepted: 39, updated: 1, rejected: 4, warnings: 0, skipped: 17 };
  expect(importView({ status: 'running', done: 0, counts })).toMatchObject({ percent: 0, text: '正在读取花名册…', done: false });
  expect(importView({ status: 'running', done: 20, total: 44, counts })).toMatchObject({ percent: 45, text: '已处理 20 / 44 行' });
  expect(importView({ status: 'done', done: 44, total: 44, counts, reused: true })).toMatchObject({ percent: 100, done: true, summary: '新增 39，更新 1，未导入 4，有警告 0，跳过 17（该文件已导入过，显示首次结果）' });
  expect(nextPollDelay({})).toBe(0);
  expect(nextPollDelay({ busy: true, retryAfterMs: 4800 })).toBe(3000);
});

test('history lines read old → new in Chinese', () => {
  expect(historyLines([{ path: 'schooling', before: 'primary', after: 'droppedOut' }, { path: 'father.phone', before: '138****5678', after: '139****5678' }, { path: 'risk.override', after: { level: 'attention', reason: '已复学' } }])).toEqual([
    '就学情况：小学 → 义务教育阶段辍学',
    '父亲电话：138****5678 → 139****5678',
    '风险等级（人工调整）：（空） → 关注（已复学）',
  ]);
});

test('the edit form sends only changes and needs a reason', () => {
  const changes = editChanges({ schooling: 'primary', remarks: '旧', school: '' }, { schooling: 'primary', remarks: '', school: '尧渡中心小学三年级' });
  expect(changes).toEqual({ remarks: null, school: '尧渡中心小学三年级' });
  expect(editProblem(changes, ' ', false)).toBe('请填写修改原因');
  expect(editProblem({}, '核实', false)).toBe('没有需要保存的修改');
  expect(editProblem(changes, '入户核实', false)).toBeUndefined();
});

test('a coverage row names the groups not yet visited and says what is missing', () => {
  expect(coverageRow({ villageCode: 'v', villageName: '团结社区', households: 10, visitedHouseholds: 8, groups: [{ name: '1组', visited: true }, { name: '2组', visited: false }] })).toEqual({
    id: 'v',
    title: '团结社区',
    description: '已走访 8 / 10 户；未走访小组：2组',
    tag: '缺 2 户、缺 1 个组',
    tone: 'warning',
    complete: false,
  });
  expect(coverageRow({ villageCode: 'v', villageName: '胜利村', households: 3, visitedHouseholds: 3, groups: [{ name: '1组', visited: true }] })).toMatchObject({ tag: '已全覆盖', tone: 'success', complete: true });
});

test('groups not yet visited come first; households read as their children, by group', () => {
  expect(groupRows([{ name: '1组', visited: true }, { name: '3组', visited: false }]).map((g) => [g.name, g.tag, g.action])).toEqual([
    ['3组', '未走访', '标记已走访'],
    ['1组', '已走访', '改为未走访'],
  ]);
  expect(householdRows([{ householdId: 'hh_2', group: '3组', childNames: ['陈小雨', '陈小雪'] }, { householdId: 'hh_1', childNames: [] }, { householdId: 'hh_3', group: '1组', childNames: ['王浩然'] }])).toEqual([
    { id: 'hh_3', title: '王浩然家', description: '1组 · 1个孩子' },
    { id: 'hh_2', title: '陈小雨、陈小雪家', description: '3组 · 2个孩子' },
    { id: 'hh_1', title: '登记户（儿童信息不可见）', description: '未填村民小组' },
  ]);
  expect(groupName(' 5 ')).toEqual({ ok: true, name: '5组' });
  expect(groupName('东头组')).toEqual({ ok: true, name: '东头组' });
  expect(groupName('  ')).toMatchObject({ ok: false, message: '请填写村民小组，如“5组”' });
});
