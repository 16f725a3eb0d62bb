/**
 * 亲情连线 (packageGuardianship/pages/children/index): a parent with one child sees who cares for
 * the child, the latest visit, the confirmation status, a nudge when a call is due, and logs a
 * video call with one tap.
 */
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;

const overview = (days: number) => ({
  childId: 'c1',
  name: '陈小雨',
  villageCode: '341721100001',
  caregiver: { name: '陈桂芳', relation: '祖母', phone: '13900002222' },
  villageOfficer: { name: '王晓明' },
  school: { school: '尧渡中心小学三年级', schooling: '小学' },
  visits: [{ date: '2026-02-20', kind: 'home', notes: ['身体健康'] }],
  confirmation: { id: 'conf_1', status: 'inForce', statusLabel: '生效中', expiresOn: '2027-03-02' },
  confirmationToSign: [],
  checkIns: [],
  messages: [],
  lastCheckInOn: days ? '2026-02-01' : '2026-03-02',
  daysSinceCheckIn: days,
  checkInDue: days >= 14,
  checkInIntervalDays: 14,
});

let days = 20;
beforeEach(() => {
  days = 20;
  wx.cloud.callFunction = jest.fn(async ({ data }: any) => {
    switch (data.action) {
      case 'myChildren':
        return { result: { ok: true, data: { children: [{ childId: 'c1', name: '陈小雨', villageCode: '341721100001', checkInDue: true }] } } };
      case 'childOverview':
        return { result: { ok: true, data: overview(days) } };
      case 'logCheckIn':
        days = 0;
        return { result: { ok: true, data: { id: 'ci1', on: '2026-03-02', kind: data.data.kind, reused: false } } };
      default:
        return { result: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '未知的操作' } } };
    }
  });
});

test('a parent sees the caregiver, the latest visit and the confirmation, and is nudged to call', async () => {
  const page = openPage('packageGuardianship/pages/children/index');
  await settle();
  await settle();
  const text = visibleText(page);
  expect(text).toContain('陈小雨');
  expect(text).toContain('照护人：陈桂芳（祖母）');
  expect(text).toContain('139 0000 2222');
  expect(text).toContain('2026-02-20');
  expect(text).toContain('身体健康');
  expect(text).toContain('监护责任确认书');
  expect(text).toContain('生效中');
  expect(text).toContain('已经 20 天没有联系孩子了');
});

test('one tap logs a video call and the nudge goes away', async () => {
  const page = openPage('packageGuardianship/pages/children/index');
  await settle();
  await settle();
  page.querySelector('.log-video >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  const logged = (wx.cloud.callFunction as jest.Mock).mock.calls.find(([a]) => a.data.action === 'logCheckIn')![0].data.data;
  expect(logged).toMatchObject({ childId: 'c1', kind: 'video', requestId: expect.any(String) });
  const text = visibleText(page);
  expect(text).toContain('已记录');
  expect(text).not.toContain('没有联系');
});

test('tapping 拨打 calls the caregiver, and the call is logged as a check-in', async () => {
  wx.makePhoneCall = jest.fn((o: { success: () => void }) => o.success());
  const page = openPage('packageGuardianship/pages/children/index');
  await settle();
  await settle();
  page.querySelector('.call-caregiver >>> .phone__call >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '13900002222' }));
  const logged = (wx.cloud.callFunction as jest.Mock).mock.calls.find(([a]) => a.data.action === 'logCheckIn')![0].data.data;
  expect(logged).toMatchObject({ childId: 'c1', kind: 'call' });
  expect(visibleText(page)).toContain('已记下这次打电话');
});

test('when the children cannot be loaded the page says so and 重试 loads them', async () => {
  const ok = wx.cloud.callFunction;
  wx.cloud.callFunction = jest.fn(async () => Promise.reject({ errCode: -601002, errMsg: 'cloud.callFunction:fail timeout' }));
  const page = openPage('packageGuardianship/pages/children/index');
  await settle();
  expect(visibleText(page)).toContain('没能打开孩子的情况');
  wx.cloud.callFunction = ok;
  page.querySelector('.load-error >>> .state__button >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(visibleText(page)).toContain('陈小雨');
});

describe('我的务工地和电话 (registry.updateMyContact)', () => {
  let updates: any[];
  let workPlace = '浙江省宁波市';
  beforeEach(() => {
    updates = [];
    workPlace = '浙江省宁波市';
    wx.cloud.callFunction = jest.fn(async ({ name, data }: any) => {
      if (data.action === 'myChildren') return { result: { ok: true, data: { children: [{ childId: 'c1', name: '陈小雨', villageCode: '341721100001', checkInDue: false }] } } };
      if (data.action === 'childOverview') return { result: { ok: true, data: { ...overview(2), myContact: { parent: 'father', workPlace } } } };
      if (name === 'registry' && data.action === 'updateMyContact') {
        updates.push(data.data);
        if (data.data.phone === '123') return { result: { ok: false, error: { code: 'VALIDATION_FAILED', message: 'phone：手机号码格式不正确', details: { issues: [{ path: 'phone', message: '手机号码格式不正确' }] } } } };
        workPlace = data.data.workPlace ?? workPlace;
        return { result: { ok: true, data: { changes: [] } } };
      }
      return { result: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '未知的操作' } } };
    });
  });

  test('the father sees his work place, changes it, and the page shows the new one', async () => {
    const page = openPage('packageGuardianship/pages/children/index');
    await settle(10);
    expect(visibleText(page)).toContain('务工地点：浙江省宁波市');
    page.querySelector('.my-contact >>> .row')!.dispatchEvent('tap');
    await settle();
    page.querySelector('.save-contact >>> .t-button')!.dispatchEvent('tap');
    await settle();
    expect(visibleText(page)).toContain('没有要修改的内容');
    expect(updates).toHaveLength(0);

    page.querySelector('.work-place >>> .t-input__control')!.dispatchEvent('input', { detail: { value: '广东省深圳市', cursor: 6, keyCode: 0 } });
    await settle();
    page.querySelector('.save-contact >>> .t-button')!.dispatchEvent('tap');
    await settle(10);
    expect(updates).toEqual([{ childId: 'c1', parent: 'father', workPlace: '广东省深圳市' }]);
    expect(visibleText(page)).toContain('务工地点：广东省深圳市');
    expect(visibleText(page)).toContain('已更新');
  });

  test('a wrong phone is named in Chinese, never by its key', async () => {
    const page = openPage('packageGuardianship/pages/children/index');
    await settle(10);
    page.querySelector('.my-contact >>> .row')!.dispatchEvent('tap');
    await settle();
    page.querySelector('.phone >>> .t-input__control')!.dispatchEvent('input', { detail: { value: '123', cursor: 3, keyCode: 0 } });
    await settle();
    page.querySelector('.save-contact >>> .t-button')!.dispatchEvent('tap');
    await settle(10);
    const text = visibleText(page);
    expect(text).toContain('联系电话');
    expect(text).toContain('手机号码格式不正确');
    expect(text).not.toContain('phone');
  });

  test('a parent the file does not name sees no contact form', async () => {
    const page = openPage('packageGuardianship/pages/children/index');
    wx.cloud.callFunction.mockImplementation(async ({ data }: any) =>
      data.action === 'childOverview' ? { result: { ok: true, data: overview(2) } } : { result: { ok: true, data: { children: [{ childId: 'c1', name: '陈小雨', villageCode: '341721100001', checkInDue: false }] } } },
    );
    await settle(10);
    expect(visibleText(page)).not.toContain('我的务工地和电话');
  });
});
