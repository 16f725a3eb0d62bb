/**
 * 监护责令 (packageGuardianship/pages/order/index) for police and township staff: log a contact
 * with the parents (method, reached, note, promised day) through `logOrderContact`; the form
 * refuses an incomplete entry in Chinese; the new contact appears. Parents get no form; a closed
 * order takes no contacts.
 */
import { openPage, settle, visibleText, type SimNode } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
let order: any;

beforeEach(() => {
  (global as any).__app.globalData.roles = ['police'];
  order = { id: 'o1', childId: 'child-1', reason: 'none', status: 'open', openedOn: '2026-03-01', dueOn: '2026-03-08', overdue: true, escalated: false, contacts: [] };
  wx.navigateTo = jest.fn();
  wx.cloud.callFunction = jest.fn(async ({ data }: any) => {
    if (data.action === 'getOrder') return { result: { ok: true, data: order } };
    if (data.action === 'logOrderContact') {
      const { orderId, ...c } = data.data;
      void orderId;
      order = { ...order, contacts: [...order.contacts, { at: '2026-03-09T02:00:00.000Z', methodLabel: { phone: '电话', visit: '上门', message: '留言' }[c.method as string], ...c }] };
      return { result: { ok: true, data: order } };
    }
    return { result: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '未知的操作' } } };
  });
});

const calls = (action: string) => (wx.cloud.callFunction as jest.Mock).mock.calls.filter(([a]) => a.data.action === action).map(([a]) => a.data.data);
const tap = async (page: SimNode, sel: string) => {
  page.querySelector(`${sel} >>> .t-button`)!.dispatchEvent('tap');
  await settle();
};
const type = async (page: SimNode, sel: string, value: string) => {
  page.querySelector(`${sel} >>> .t-input__control`)!.dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
  await settle();
};

async function open(): Promise<SimNode> {
  const page = openPage('packageGuardianship/pages/order/index', { id: 'o1' });
  await settle();
  return page;
}

test('police log a visit: the form checks it first, then the contact shows in the record', async () => {
  const page = await open();
  expect(visibleText(page)).toContain('已逾期');
  expect(visibleText(page)).toContain('暂无联系记录');

  await tap(page, '.save-contact');
  expect(visibleText(page)).toContain('请选择是否联系上父母');
  await tap(page, '.reached-yes');
  await tap(page, '.save-contact');
  expect(visibleText(page)).toContain('请填写联系情况');
  expect(calls('logOrderContact')).toHaveLength(0);

  await tap(page, '.method--visit');
  await type(page, '.note-input', '上门见到母亲，承诺请祖母照护');
  await type(page, '.promised-input', '2026-03-20');
  await tap(page, '.save-contact');
  await settle();
  expect(calls('logOrderContact')).toEqual([{ orderId: 'o1', method: 'visit', reached: true, note: '上门见到母亲，承诺请祖母照护', promisedOn: '2026-03-20' }]);
  const text = visibleText(page);
  expect(text).toContain('联系记录已保存');
  expect(text).toContain('2026-03-09 上门（已联系上）');
  expect(text).toContain('承诺日期：2026-03-20');
  expect(text).not.toContain('暂无联系记录');
});

test('a phone call not answered', async () => {
  const page = await open();
  await tap(page, '.reached-no');
  await type(page, '.note-input', '电话无人接听');
  await tap(page, '.save-contact');
  await settle();
  expect(calls('logOrderContact')).toEqual([{ orderId: 'o1', method: 'phone', reached: false, note: '电话无人接听' }]);
});

test('staff open the child file from the order', async () => {
  const page = await open();
  await tap(page, '.open-child');
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageRegistry/pages/child/index?id=child-1' });
});

test('a parent sees the order without the form or the file link; a closed order takes no contacts', async () => {
  (global as any).__app.globalData.roles = ['parent'];
  let page = await open();
  expect(page.querySelector('.save-contact')).toBeUndefined();
  expect(page.querySelector('.open-child')).toBeUndefined();
  expect(visibleText(page)).toContain('责令返回或确定受委托监护人');

  (global as any).__app.globalData.roles = ['townshipStaff'];
  order = { ...order, status: 'closed', overdue: false, resolutionLabel: '父母已返回' };
  page = await open();
  expect(visibleText(page)).toContain('已办结：父母已返回');
  expect(page.querySelector('.save-contact')).toBeUndefined();
});

describe('按最新档案重新核对 (recheckOrder)', () => {
  const withRecheck = (answer: unknown) => {
    const base = (wx.cloud.callFunction as jest.Mock).getMockImplementation()!;
    wx.cloud.callFunction = jest.fn(async (arg: any) => {
      if (arg.data.action === 'recheckOrder') {
        if ((answer as { action: string }).action === 'closed') order = { ...order, status: 'closed', resolution: 'guardianAppointed', resolutionLabel: '已确定受委托监护人' };
        return { result: { ok: true, data: answer } };
      }
      return base(arg);
    });
  };

  test('the village officer re-checks after the family arranged care: the order closes and says why', async () => {
    (global as any).__app.globalData.roles = ['villageOfficer'];
    withRecheck({ action: 'closed', orderId: 'o1', resolution: 'guardianAppointed' });
    const page = await open();
    await tap(page, '.recheck');
    await settle();
    expect(calls('recheckOrder')).toEqual([{ childId: 'child-1' }]);
    expect(visibleText(page)).toContain('责令已办结：已确定监护人并签订确认书');
    expect(visibleText(page)).toContain('已办结：已确定受委托监护人');
    expect(page.querySelector('.recheck')).toBeFalsy();
  });

  test('nothing changed on the file: the order stays and the page says what to do first', async () => {
    (global as any).__app.globalData.roles = ['townshipStaff'];
    withRecheck({ action: 'none', orderId: 'o1' });
    const page = await open();
    await tap(page, '.recheck');
    await settle();
    expect(visibleText(page)).toContain('责令继续');
    expect(visibleText(page)).toContain('请先更新儿童档案或签好确认书');
  });

  test('police and parents get no re-check', async () => {
    const page = await open();
    expect(page.querySelector('.recheck')).toBeFalsy();
    expect(visibleText(page)).not.toContain('重新核对');
  });
});
