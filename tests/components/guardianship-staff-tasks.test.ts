/**
 * 待我签署 (packageGuardianship/pages/tasks/index): the lines `mySigningTasks` says I can sign,
 * each opening the signing page for that confirmation and party; nothing pending says so.
 */
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
let tasks: any[];

beforeEach(() => {
  tasks = [{ id: 'conf_1', childId: 'c1', title: '农村留守儿童监护责任确认书', parties: ['village'], preparedAt: '2026-03-02T02:00:00.000Z' }];
  wx.navigateTo = jest.fn();
  wx.cloud.callFunction = jest.fn(async ({ data }: any) =>
    data.action === 'mySigningTasks' ? { result: { ok: true, data: { tasks } } } : { result: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '未知的操作' } } },
  );
});

test('a village officer sees the committee line waiting and opens the signing page for it', async () => {
  const page = openPage('packageGuardianship/pages/tasks/index');
  await settle();
  const calls = (wx.cloud.callFunction as jest.Mock).mock.calls.map(([a]) => a).filter((a) => a.name === 'guardianship');
  expect(calls).toEqual([{ name: 'guardianship', data: { action: 'mySigningTasks', data: {} } }]);
  const text = visibleText(page);
  expect(text).toContain('农村留守儿童监护责任确认书');
  expect(text).toContain('签署方：村（居）民委员会 · 制作于 2026-03-02');
  page.querySelector('.task >>> .t-cell')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageGuardianship/pages/sign/index?id=conf_1&party=village' });
});

test('nothing to sign: says so; shown again after signing it reloads', async () => {
  tasks = [];
  const page = openPage('packageGuardianship/pages/tasks/index');
  await settle();
  expect(visibleText(page)).toContain('暂无需要您签署的确认书');
  expect(page.querySelector('.task')).toBeUndefined();
  tasks = [{ id: 'conf_2', childId: 'c1', title: '确认书', parties: ['father'], preparedAt: '2026-03-03T00:00:00.000Z' }];
  page.instance.onShow();
  await settle();
  expect(visibleText(page)).toContain('法定监护人（父亲）');
});
