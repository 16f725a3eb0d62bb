/**
 * 监护责令 list (packageGuardianship/pages/orders/index) for township staff: open orders from
 * `listOrders`, overdue first with 已逾期 / 已上报县级 marks and the deadline; the filters ask the
 * function for overdue or closed orders; a tap opens the order page.
 */
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const order = (id: string, extra: Record<string, unknown>) => ({
  id,
  childId: `child-${id}`,
  villageCode: '341721100001',
  townshipCode: '341721100',
  reason: 'none',
  status: 'open',
  openedOn: '2026-03-01',
  dueOn: '2026-03-08',
  overdue: false,
  escalated: false,
  contacts: [],
  ...extra,
});

let reply: any;
beforeEach(() => {
  (global as any).__app.globalData.roles = ['townshipStaff'];
  reply = { ok: true, data: { orders: [order('a00001', {}), order('b00002', { dueOn: '2026-02-20', overdue: true, escalated: true, reason: 'parentIncapable', contacts: [{}] })] } };
  wx.navigateTo = jest.fn();
  wx.cloud.callFunction = jest.fn(async ({ data }: any) => (data.action === 'listOrders' ? { result: reply } : { result: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '未知的操作' } } }));
});

const listCalls = () => (wx.cloud.callFunction as jest.Mock).mock.calls.filter(([a]) => a.data.action === 'listOrders').map(([a]) => a.data.data);

test('open orders: overdue first, with the deadline and the marks; a tap opens the order', async () => {
  const page = openPage('packageGuardianship/pages/orders/index');
  await settle();
  expect(listCalls()).toEqual([{ status: 'open' }]);
  const rows = page.querySelectorAll('.order-row >>> .t-cell');
  expect(rows).toHaveLength(2);
  const first = String(rows[0].dom.textContent).replace(/\s+/g, ' ');
  expect(first).toContain('b00002');
  expect(first).toContain('父母一方无监护能力 · 期限 2026-02-20 · 已联系 1 次');
  expect(first).toContain('已逾期');
  expect(first).toContain('已上报县级');
  const second = String(rows[1].dom.textContent);
  expect(second).toContain('期限 2026-03-08');
  expect(second).not.toContain('已逾期');
  expect(visibleText(page)).toContain('其中 1 项已逾期');

  rows[1].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageGuardianship/pages/order/index?id=a00001' });
});

test('the filters ask for overdue only and for closed orders; an empty answer says so', async () => {
  const page = openPage('packageGuardianship/pages/orders/index');
  await settle();
  reply = { ok: true, data: { orders: [] } };
  page.querySelector('.filter--overdue >>> .t-button')!.dispatchEvent('tap');
  await settle();
  page.querySelector('.filter--closed >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(listCalls()).toEqual([{ status: 'open' }, { status: 'open', overdueOnly: true }, { status: 'closed' }]);
  expect(visibleText(page)).toContain('暂无已办结的监护责令');
});

test('a refusal from the function is shown as is', async () => {
  reply = { ok: false, error: { code: 'FORBIDDEN', message: '您没有权限查看' } };
  const page = openPage('packageGuardianship/pages/orders/index');
  await settle();
  expect(visibleText(page)).toContain('您没有权限查看');
});
