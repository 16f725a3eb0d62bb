/**
 * 热线工作台 (packageHelpline/workbench/index) rendered with miniprogram-simulate (one page per file: the harness registers each page's
 * components once per file). The helpline function is mocked at `wx.cloud.callFunction`.
 */
import { env } from '../../miniprogram/config/env';
import { openPage, settle, visibleText } from './harness';
import { mockHelpline } from './helpline-backend';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };

beforeEach(() => {
  env.mode = 'cloud';
  cloud.callFunction.mockReset();
});

test('the queue in order; off duty nothing can be claimed; on duty 领取下一条 opens the crisis request with its steps', async () => {
  const calls = mockHelpline();
  const bench = openPage('packageHelpline/workbench/index');
  await settle(10);
  expect(visibleText(bench)).toContain('【危机】心理健康');
  expect(visibleText(bench)).toContain('排队 1 条');
  bench.querySelector('.claim-next >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(calls).not.toContain('helpline.claimNext');
  expect(visibleText(bench)).toContain('请先打开“值班”，才能领取求助');
  bench.querySelector('.duty >>> .t-switch__body')!.dispatchEvent('tap');
  await settle(10);
  expect(calls).toContain('helpline.setDuty');
  bench.querySelector('.claim-next >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(calls).toContain('helpline.claimNext');
  const text = visibleText(bench);
  expect(text).toContain('我不想活了');
  expect(text).toContain('匿名-1a2b3c');
  expect(text).toContain('危机求助：请按步骤处理');
  expect(text).toContain('拨打 110');
  expect(bench.dom.querySelector('wx-switch')).toBeNull(); // TDesign switch, not WeChat's green one
  expect(bench.querySelector('.reply')).toBeDefined();
  bench.instance.onCloseDetail(); // stops the heartbeat timer
});
