/**
 * 强制报告 (packageCare/pages/report/index) rendered with miniprogram-simulate: one tap from a
 * child file sends the report; a second tap sends nothing more; handling shows the supervisor
 * rule in Chinese.
 */
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };
const PAGE = 'packageCare/pages/report/index';

beforeEach(() => cloud.callFunction.mockReset());

test('one tap on 失踪 from a child file reports at once, and only once', async () => {
  cloud.callFunction.mockResolvedValue({ result: { ok: true, data: { reportId: 'r1', duplicate: false, status: 'open', ackDueAt: '2025-03-10T03:00:00Z', notified: 3 } } });
  const page = openPage(PAGE, { childId: 'child-9' });
  await settle();
  expect(visibleText(page)).not.toContain('尚未建档的儿童');
  const missing = page.querySelector('.kind--missing')!;
  expect(missing.dom.textContent.trim()).toBe('失踪');
  missing.dispatchEvent('tap');
  await settle();
  missing.dispatchEvent('tap');
  await settle();
  expect(cloud.callFunction).toHaveBeenCalledTimes(1);
  expect(cloud.callFunction.mock.calls[0][0]).toMatchObject({ name: 'care', data: { action: 'submitReport', data: { kind: 'missing', childId: 'child-9', note: '一键报告：失踪' } } });
  expect(visibleText(page)).toContain('已报告乡镇和派出所（3人），请保持电话畅通');
});

test('without a file, the village and a description are asked for before anything is sent', async () => {
  const page = openPage(PAGE, {});
  await settle();
  expect(visibleText(page)).toContain('尚未建档的儿童');
  page.querySelector('.kind--livingAlone')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('请填写儿童所在村（社区）的12位区划代码');
  expect(cloud.callFunction).not.toHaveBeenCalled();
});

test('closing without the supervisor flag shows why', async () => {
  const report = {
    reportId: 'r2', kind: 'missing', status: 'acknowledged', childId: 'c', childName: '陈小明', childDescription: null, villageCode: '341721100001', villageName: '团结社区',
    note: '外出未归', reporter: { role: 'villageOfficer', name: '王晓明' }, reportedAt: '2025-03-10T02:00:00Z', ackDueAt: '2025-03-10T03:00:00Z', ackOverdue: false,
    acknowledgedAt: '2025-03-10T02:10:00Z', acknowledgedBy: { role: 'police', name: '赵志强' }, escalatedAt: null, actions: [], closedAt: null, outcome: null, closingNote: null, signedOffBy: null,
  };
  cloud.callFunction.mockImplementation(async ({ data }: { data: { action: string } }) =>
    data.action === 'getReport' ? { result: { ok: true, data: report } } : { result: { ok: false, error: { code: 'SUPERVISOR_REQUIRED', message: '办结须由乡镇负责人（主管）签字确认' } } },
  );
  const page = openPage(PAGE, { reportId: 'r2' });
  await settle();
  const text = visibleText(page);
  expect(text).toContain('失踪 · 处置中');
  expect(text).toContain('确认人：赵志强');
  expect(text).not.toContain('确认收到');
  page.querySelector('.closing-note')!.dispatchEvent('input', { detail: { value: '孩子已找到，安全' } });
  page.querySelector('.close')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('办结须由乡镇负责人（主管）签字确认');
});
