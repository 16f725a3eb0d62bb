/**
 * 热线工作台 (packageHelpline/pages/workbench/index) rendered with miniprogram-simulate: the duty state
 * as the server has it, the queue with crisis requests marked in words, 领取下一条 only on duty,
 * the lists' empty and error states, and the request opening on its own page.
 */
import { openPage, settle, visibleText } from './harness';
import { failure, mockBackend } from './page-backend';
import { CLOSED_CALL, CRISIS, HELD, NORMAL, queueOf } from './helpline-fixtures';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const PAGE = 'packageHelpline/pages/workbench/index';

beforeEach(() => {
  wx.navigateTo = jest.fn();
  wx.showToast = jest.fn();
});

test('on open the switch shows the server’s duty state; the queue marks the crisis request; 领取下一条 opens what was claimed', async () => {
  const api = mockBackend({
    'helpline.queue': () => queueOf([CRISIS, NORMAL], true),
    'helpline.myClaims': () => ({ requests: [] }),
    'helpline.claimNext': () => ({ request: HELD }),
  });
  const bench = openPage(PAGE);
  await settle(10);
  const text = visibleText(bench);
  expect(text).toContain('值班中'); // read from the server, nothing toggled on this phone
  expect(bench.instance.data.onDuty).toBe(true);
  expect(text).toContain('排队 2 条');
  expect(text).toContain('【危机】心理健康');
  expect(text).toContain('编号 HL20260302-7f3a21');
  expect(bench.dom.querySelector('wx-switch')).toBeNull(); // TDesign switch, not WeChat's green one

  bench.querySelector('.claim-next >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('helpline.claimNext')).toHaveLength(1);
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageHelpline/pages/request/index?id=hl-crisis' });
});

test('off duty nothing can be claimed; switching on records duty; 登记来电 opens the call form', async () => {
  const api = mockBackend({
    'helpline.queue': () => queueOf([NORMAL], false),
    'helpline.myClaims': () => ({ requests: [] }),
    'helpline.setDuty': ({ onDuty }: { onDuty: boolean }) => ({ onDuty, since: '2026-03-02T10:00:00.000Z' }),
  });
  const bench = openPage(PAGE);
  await settle(10);
  expect(visibleText(bench)).toContain('未值班');
  expect(visibleText(bench)).toContain('请先打开“值班”，才能领取求助');
  bench.instance.onClaimNext();
  await settle(10);
  expect(api.calls('helpline.claimNext')).toHaveLength(0);

  bench.querySelector('.duty >>> .t-switch__body')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('helpline.setDuty')).toEqual([{ onDuty: true }]);
  expect(visibleText(bench)).toContain('值班中');

  bench.querySelector('.log-call >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageHelpline/pages/call/index' });
});

test('empty lists say what comes next; 我办结的 lists what I closed, to reopen', async () => {
  const api = mockBackend({
    'helpline.queue': () => queueOf([], true),
    'helpline.myClaims': (input: { status?: string }) => ({ requests: input.status === 'closed' ? [CLOSED_CALL] : [] }),
  });
  const bench = openPage(PAGE);
  await settle(10);
  expect(visibleText(bench)).toContain('队列中暂无求助');
  bench.querySelector('.tab--closed')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('helpline.myClaims')).toContainEqual({ status: 'closed' });
  expect(visibleText(bench)).toContain('法律咨询');
  expect(visibleText(bench)).toContain('来电');
  bench.querySelector('.request >>> .row')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageHelpline/pages/request/index?id=hl-call' });
});

test('a failed load says why and offers 重试', async () => {
  let fail = true;
  mockBackend({
    'helpline.queue': () => (fail ? failure('INTERNAL', '服务暂时不可用，请稍后重试') : queueOf([NORMAL], true)),
    'helpline.myClaims': () => ({ requests: [] }),
  });
  const bench = openPage(PAGE);
  await settle(10);
  expect(visibleText(bench)).toContain('没能取到求助列表');
  expect(visibleText(bench)).toContain('服务暂时不可用，请稍后重试');
  fail = false;
  bench.querySelector('.list-error >>> .state__button >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(visibleText(bench)).toContain('家庭教育');
});

test('a notification about a request opens it', async () => {
  mockBackend({ 'helpline.queue': () => queueOf([], true), 'helpline.myClaims': () => ({ requests: [] }) });
  openPage(PAGE, { id: 'hl-crisis' });
  await settle(10);
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageHelpline/pages/request/index?id=hl-crisis' });
});
