/**
 * 监护工作设置 (packageGuardianship/pages/settings/index) for the county admin: the four settings
 * from `getCountyConfig` with their ranges and defaults; a bad value or a missing reason is
 * refused in Chinese before any call; a valid change sends only the changed key with the reason.
 */
import { openPage, settle, visibleText, type SimNode } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const defaults = { confirmationExpiryDays: 365, confirmationReminderLeadDays: 30, orderDeadlineDays: 7, checkInIntervalDays: 14 };
let stored: Record<string, number>;

beforeEach(() => {
  (global as any).__app.globalData.roles = ['countyAdmin'];
  stored = { ...defaults, orderDeadlineDays: 10 };
  wx.cloud.callFunction = jest.fn(async ({ data }: any) => {
    if (data.action === 'getCountyConfig') return { result: { ok: true, data: { countyCode: '341721', ...stored, defaults } } };
    if (data.action === 'updateCountyConfig') {
      const { reason, ...changes } = data.data;
      void reason;
      stored = { ...stored, ...changes };
      return { result: { ok: true, data: { countyCode: '341721', ...stored } } };
    }
    return { result: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '未知的操作' } } };
  });
});

const calls = (action: string) => (wx.cloud.callFunction as jest.Mock).mock.calls.filter(([a]) => a.data.action === action).map(([a]) => a.data.data);
const type = async (page: SimNode, sel: string, value: string) => {
  const input = page.querySelector(`${sel} >>> .t-input__control`);
  expect(input).toBeTruthy();
  input!.dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
  await settle();
};
const save = async (page: SimNode) => {
  page.querySelector('.save >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
};

test('shows the settings with their ranges and defaults; refuses bad values in Chinese; saves only the change', async () => {
  const page = openPage('packageGuardianship/pages/settings/index');
  await settle();
  const text = visibleText(page);
  for (const label of ['确认书有效期', '到期前提醒提前', '责令返回或确定监护人期限', '亲情连线提醒间隔']) expect(text).toContain(label);
  expect(text).toContain('1–90 天，默认 7 天');
  expect(page.instance.data.form).toEqual({ confirmationExpiryDays: '365', confirmationReminderLeadDays: '30', orderDeadlineDays: '10', checkInIntervalDays: '14' });

  await type(page, '.input--orderDeadlineDays', '120');
  await save(page);
  expect(visibleText(page)).toContain('责令返回或确定监护人期限应在 1–90 天之间');

  await type(page, '.input--orderDeadlineDays', '15');
  await save(page);
  expect(visibleText(page)).toContain('请填写修改理由');

  await type(page, '.input--confirmationReminderLeadDays', '400');
  await type(page, '.reason-input', '县里要求延长');
  await save(page);
  expect(visibleText(page)).toContain('到期前提醒提前应在 1–180 天之间');
  await type(page, '.input--confirmationReminderLeadDays', '30');
  expect(calls('updateCountyConfig')).toHaveLength(0);

  await save(page);
  expect(calls('updateCountyConfig')).toEqual([{ orderDeadlineDays: 15, reason: '县里要求延长' }]);
  expect(visibleText(page)).toContain('已保存（责令返回或确定监护人期限）');
  expect(page.instance.data.form.orderDeadlineDays).toBe('15');

  await save(page); // nothing changed since
  expect(visibleText(page)).toContain('设置没有变化');
  expect(calls('updateCountyConfig')).toHaveLength(1);
});

test('a refusal from the function is shown as is', async () => {
  wx.cloud.callFunction = jest.fn(async () => ({ result: { ok: false, error: { code: 'FORBIDDEN', message: '您没有权限进行此操作' } } }));
  const page = openPage('packageGuardianship/pages/settings/index');
  await settle();
  expect(visibleText(page)).toContain('您没有权限进行此操作');
});
