/**
 * The tables in the docs that say what the code does ("what notifies whom" in docs/inbox.md,
 * "who can invite whom" in docs/access.md) are the ones scripts/gen-docs-tables.ts renders from
 * the code: change the code, run the script, and the docs follow.
 */
import { inviteTable, notificationTable, staleTables } from '../../scripts/gen-docs-tables';

test('the generated tables in the docs match the code', () => {
  expect(staleTables()).toEqual([]);
});

test('the notification table names every kind with who receives it and the page it opens', () => {
  const table = notificationTable();
  expect(table).toContain('| `care.reportEscalated` | 强制报告 | 县民政局管理员 |');
  expect(table).toContain('`packageCare/pages/report/index` ?reportId=');
});

test('the invitation table says who may invite each role and where', () => {
  const table = inviteTable();
  expect(table).toContain('| 村留守儿童保护专干（`villageOfficer`） | 一个村（社区） | 乡镇工作人员（`townshipStaff`）、县民政局管理员（`countyAdmin`） |');
  expect(table).toContain('| 父母（`parent`） | 指定的儿童（从儿童档案邀请） |');
});
