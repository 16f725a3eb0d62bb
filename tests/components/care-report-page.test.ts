/**
 * 强制报告 (packageCare/pages/report/index) rendered with miniprogram-simulate: one tap from a
 * child file sends the report; a second tap sends nothing more; without a file the village is
 * picked by name (no code typed) and a description asked for before anything is sent; handling
 * shows who acted with their roles in words and the supervisor rule in Chinese.
 */
import { openPage, settle, visibleText } from './harness';
import { mockBackend } from './page-backend';
import { REGIONS } from './helpline-fixtures';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const PAGE = 'packageCare/pages/report/index';

test('one tap on 失踪 from a child file reports at once, and only once', async () => {
  const api = mockBackend({ 'care.submitReport': () => ({ reportId: 'r1', duplicate: false, status: 'open', ackDueAt: '2025-03-10T03:00:00Z', notified: 3, notifiedWho: 'region', nobodyReached: false, told: { townshipStaff: 2, police: 1, countyAdmin: 0 } }) });
  const page = openPage(PAGE, { childId: 'child-9' });
  await settle();
  expect(visibleText(page)).not.toContain('尚未建档的儿童');
  const missing = page.querySelector('.kind--missing >>> .t-button')!;
  expect(missing.dom.textContent.trim()).toBe('失踪');
  missing.dispatchEvent('tap');
  missing.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('care.submitReport')).toHaveLength(1);
  expect(api.calls('care.submitReport')[0]).toMatchObject({ kind: 'missing', childId: 'child-9', note: '一键报告：失踪' });
  expect(visibleText(page)).toContain('已报告：乡镇工作人员2人、派出所民警1人。请保持电话畅通');
});

test('with township staff but no police in the system, the page never says the police were told', async () => {
  mockBackend({ 'care.submitReport': () => ({ reportId: 'r4', duplicate: false, status: 'open', ackDueAt: '2025-03-10T03:00:00Z', notified: 2, notifiedWho: 'region', nobodyReached: false, told: { townshipStaff: 1, police: 0, countyAdmin: 1 } }) });
  const page = openPage(PAGE, { childId: 'child-9' });
  await settle();
  page.querySelector('.kind--missing >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  const text = visibleText(page);
  expect(text).toContain('已报告：乡镇工作人员1人、县民政局1人（当地派出所暂无人使用本系统，已转县里安排）；派出所未收到，情况紧急请直接拨打 110');
  expect(text).not.toContain('派出所民警');
});

test('without a file, the village is picked by name and a description asked for before anything is sent', async () => {
  const api = mockBackend({ 'registry.regions': () => REGIONS, 'care.submitReport': () => ({ reportId: 'r2', duplicate: false, status: 'open', ackDueAt: '2025-03-10T03:00:00Z', notified: 2, notifiedWho: 'county', nobodyReached: false, told: { townshipStaff: 0, police: 0, countyAdmin: 2 } }) });
  const page = openPage(PAGE, {});
  await settle();
  expect(visibleText(page)).toContain('尚未建档的儿童');
  expect(visibleText(page)).not.toContain('区划代码');
  page.querySelector('.kind--livingAlone >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('请选择儿童所在村（社区）');
  expect(api.calls('care.submitReport')).toHaveLength(0);

  const picker = page.querySelector('.village')!;
  picker.querySelector('.place >>> .t-cell')!.dispatchEvent('tap');
  await settle(10);
  // miniprogram-simulate cannot run the cascader's last step; the test plays its change event.
  picker.querySelector('.cascader')!.instance.triggerEvent('change', { value: '341721100201', selectedOptions: [] });
  await settle();
  expect(visibleText(picker)).toContain('尧渡镇 · 东华村');
  page.querySelector('.kind--livingAlone >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('请简要描述儿童情况');
  page.querySelector('.description >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '约8岁男孩，住村口小卖部旁' } });
  await settle();
  page.querySelector('.kind--livingAlone >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('care.submitReport')[0]).toMatchObject({ kind: 'livingAlone', villageCode: '341721100201', childDescription: '约8岁男孩，住村口小卖部旁' });
  expect(visibleText(page)).toContain('已报告：县民政局2人（当地乡镇和派出所暂无人使用本系统，已转县里安排）；派出所未收到，情况紧急请直接拨打 110');
});

test('when nobody could be told, the page says so plainly and offers 110 in one tap', async () => {
  mockBackend({ 'care.submitReport': () => ({ reportId: 'r3', duplicate: false, status: 'open', ackDueAt: '2025-03-10T03:00:00Z', notified: 0, notifiedWho: 'nobody', nobodyReached: true, told: { townshipStaff: 0, police: 0, countyAdmin: 0 } }) });
  const wx = (global as any).wx;
  wx.makePhoneCall = jest.fn();
  const page = openPage(PAGE, { childId: 'child-9' });
  await settle();
  page.querySelector('.kind--missing >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  const text = visibleText(page);
  expect(text).toContain('报告已保存，但没有能通知到的工作人员');
  expect(text).toContain('请立即拨打 110');
  expect(text).not.toContain('✓ 已报告');
  page.querySelector('.call-110 >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '110' }));
});

test('handling: who acted with their roles in words; closing without the supervisor flag shows why', async () => {
  const report = {
    reportId: 'r2', kind: 'missing', status: 'acknowledged', childId: 'c', childName: '陈小明', childDescription: null, villageCode: '341721100001', villageName: '团结社区',
    note: '外出未归', reporter: { role: 'villageOfficer', name: '王晓明' }, reportedAt: '2025-03-10T02:00:00Z', ackDueAt: '2025-03-10T03:00:00Z', ackOverdue: false,
    acknowledgedAt: '2025-03-10T02:10:00Z', acknowledgedBy: { role: 'police', name: '赵志强' }, escalatedAt: null, actions: [{ at: '2025-03-10T02:30:00Z', by: { role: 'police', name: '赵志强' }, text: '已到场，正在寻找' }], closedAt: null, outcome: null, closingNote: null, signedOffBy: null,
  };
  const api = mockBackend({
    'care.getReport': () => report,
    'care.closeReport': () => ({ __never: true }),
  });
  api.fail('care.closeReport', { code: 'SUPERVISOR_REQUIRED', message: '办结须由乡镇负责人（主管）签字确认' });
  const page = openPage(PAGE, { reportId: 'r2' });
  await settle(10);
  const text = visibleText(page);
  expect(text).toContain('失踪处置中');
  expect(text).toContain('确认人赵志强（公安民警）');
  expect(text).toContain('报告人王晓明（村留守儿童保护专干）');
  expect(text).toContain('已到场，正在寻找');
  expect(text).not.toContain('确认收到');
  page.querySelector('.close >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('请选择办结结果');
  page.querySelectorAll('.outcome >>> .t-radio')[0].dispatchEvent('tap');
  page.querySelector('.closing-note >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '孩子已找到，安全' } });
  await settle();
  page.querySelector('.close >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('care.closeReport')).toEqual([{ reportId: 'r2', outcome: 'childSafe', note: '孩子已找到，安全' }]);
  expect(visibleText(page)).toContain('办结须由乡镇负责人（主管）签字确认');
});
