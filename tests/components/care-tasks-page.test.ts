/**
 * 今日任务 (packageCare/pages/tasks/index): what an officer reads on 工作台 — overdue visits in
 * words, reports with the time left to acknowledge, a 强制报告 button; no code ever shows.
 */
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };

test('lists overdue and due visits and reports to handle; taps open the right pages', async () => {
  const soon = new Date(Date.now() + 30 * 60_000 + 5_000).toISOString();
  cloud.callFunction.mockResolvedValue({
    result: {
      ok: true,
      data: {
        today: '2025-04-01',
        visits: [
          { childId: 'c1', childName: '陈小明', villageCode: '341721100001', villageName: '团结社区', riskLevel: 'focus', intervalDays: 30, dueOn: '2025-03-31', status: 'overdue', daysOverdue: 1 },
          { childId: 'c2', childName: '林小雨', villageCode: '341721100001', villageName: '团结社区', riskLevel: 'attention', intervalDays: 60, dueOn: '2025-04-01', status: 'dueToday', daysOverdue: 0 },
        ],
        reports: [{ reportId: 'r1', kind: 'missing', status: 'open', childId: 'c1', villageCode: '341721100001', villageName: '团结社区', reportedAt: '2025-04-01T01:00:00.000Z', ackDueAt: soon, ackOverdue: false, escalatedAt: null, closedAt: null, outcome: null }],
        counts: { overdue: 1, dueToday: 1, upcoming: 0, reportsOpen: 1, reports: 1 },
      },
    },
  });
  wx.navigateTo = jest.fn();
  const page = openPage('packageCare/pages/tasks/index');
  await settle();
  const text = visibleText(page);
  expect(text).toContain('强制报告');
  expect(text).toContain('待处理的报告（1）');
  expect(text).toContain('失踪');
  expect(text).toContain('请在31分钟内确认');
  expect(text).toContain('陈小明');
  expect(text).toContain('已逾期1天');
  expect(text).toContain('今日到期');
  expect(text).toContain('团结社区 · 重点对象');
  expect(text).not.toMatch(/missing|focus|overdue/);
  for (const sel of ['.visit >>> .row', '.report >>> .row', '.report-button >>> .t-button']) {
    page.querySelector(sel)!.dispatchEvent('tap');
    await settle();
  }
  expect(wx.navigateTo.mock.calls.map((c: any[]) => c[0].url)).toEqual([
    '/packageCare/pages/visit/index?childId=c1',
    '/packageCare/pages/report/index?reportId=r1',
    '/packageCare/pages/report/index',
  ]);
});
