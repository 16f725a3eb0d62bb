/**
 * 微信提醒 in the pages: the prompt (components/sw-subscribe) at a moment — here 待我签署 — asks
 * WeChat for the templates the server says to ask, in the tap, and records the answers; the
 * settings page (packageInbox/pages/subscriptions) lists each reminder with its state and asks for
 * one again. In local mode the popup is a plain dialog and the answer reaches the WeChat stand-in
 * through the gateway.
 */
import { env } from '../../miniprogram/config/env';
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };
const ok = (data: unknown) => ({ ok: true, data });

const setting = (template: string, title: string, templateId: string, state: string, stateLabel: string, credits = 0) => ({
  template,
  title,
  purpose: '村儿童主任制作好监护责任确认书时',
  templateId,
  state,
  stateLabel,
  credits,
  answeredAt: null,
});
const SIGNING = {
  templates: [setting('signatureRequested', '签名请求', 'TPL_SIGN_REQ', 'never', '未开启'), setting('confirmationExpiring', '确认书即将到期', 'TPL_CONF_EXPIRE', 'never', '未开启'), setting('helplineReply', '求助回复', 'TPL_HELP_REPLY', 'banned', '微信已停用此提醒')],
  ask: ['signatureRequested', 'confirmationExpiring'],
};

let calls: { action: string; data: any }[];
function backend(handlers: Record<string, (data: any) => unknown>): void {
  calls = [];
  cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: { action: string; data: any } }) => {
    const key = `${name}.${data.action}`;
    calls.push({ action: key, data: data.data });
    const h = handlers[key];
    if (!h) throw { errCode: -501000, errMsg: `no mock for ${key}` };
    return { result: h(data.data) };
  });
}
const callsOf = (action: string) => calls.filter((c) => c.action === action).map((c) => c.data);

beforeEach(() => {
  env.mode = 'cloud';
  cloud.callFunction.mockReset();
  wx.clearStorageSync();
  wx.navigateTo = jest.fn();
  wx.requestSubscribeMessage = jest.fn();
});

test('the prompt on 待我签署 asks for the signing reminders in the tap and records the answers', async () => {
  backend({
    'guardianship.mySigningTasks': () => ok({ tasks: [{ id: 'c1', childId: 'k1', title: '陈小雨的监护责任确认书', parties: ['entrusted'], preparedAt: '2026-03-02T02:00:00.000Z' }] }),
    'inbox.subscriptionSettings': (d) => ok({ ...SIGNING, ask: d.moment === 'signing' ? SIGNING.ask : [] }),
    'inbox.recordSubscriptions': () => ok({ templates: [setting('signatureRequested', '签名请求', 'TPL_SIGN_REQ', 'accepted', '已开启（还可收1条）', 1)], ask: [] }),
  });
  wx.requestSubscribeMessage = jest.fn((o: { tmplIds: string[]; success: (r: unknown) => void }) => o.success({ errMsg: 'requestSubscribeMessage:ok', TPL_SIGN_REQ: 'accept', TPL_CONF_EXPIRE: 'reject' }));
  const page = openPage('packageGuardianship/pages/tasks/index');
  await settle();
  await settle();
  expect(callsOf('inbox.subscriptionSettings')).toEqual([{ moment: 'signing' }]);
  const text = visibleText(page);
  expect(text).toContain('开启微信提醒');
  expect(text).toContain('可提醒：签名请求、确认书即将到期');

  page.querySelector('.subscribe-prompt >>> .subscribe__ask >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['TPL_SIGN_REQ', 'TPL_CONF_EXPIRE'] }));
  expect(callsOf('inbox.recordSubscriptions')).toEqual([
    { moment: 'signing', results: [{ template: 'signatureRequested', answer: 'accept' }, { template: 'confirmationExpiring', answer: 'reject' }] },
  ]);
  expect(visibleText(page)).toContain('已开启：签名请求');
});

test('nothing to ask: no prompt; WeChat’s switch off: says where to turn it on', async () => {
  backend({
    'guardianship.mySigningTasks': () => ok({ tasks: [{ id: 'c1', childId: 'k1', title: '陈小雨的监护责任确认书', parties: ['entrusted'], preparedAt: '2026-03-02T02:00:00.000Z' }] }),
    'inbox.subscriptionSettings': () => ok({ ...SIGNING, ask: [] }),
  });
  const quiet = openPage('packageGuardianship/pages/tasks/index');
  await settle();
  await settle();
  expect(visibleText(quiet)).not.toContain('开启微信提醒');

  backend({
    'guardianship.mySigningTasks': () => ok({ tasks: [{ id: 'c1', childId: 'k1', title: '陈小雨的监护责任确认书', parties: ['entrusted'], preparedAt: '2026-03-02T02:00:00.000Z' }] }),
    'inbox.subscriptionSettings': () => ok(SIGNING),
  });
  wx.requestSubscribeMessage = jest.fn((o: { fail: (e: unknown) => void }) => o.fail({ errCode: 20004, errMsg: 'requestSubscribeMessage:fail main switch off' }));
  const page = openPage('packageGuardianship/pages/tasks/index');
  await settle();
  await settle();
  page.querySelector('.subscribe-prompt >>> .subscribe__ask >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('您关闭了本小程序的订阅消息');
  expect(callsOf('inbox.recordSubscriptions')).toEqual([]);
});

test('the settings page lists each reminder with its state and asks for one again', async () => {
  const SETTINGS = {
    templates: [
      setting('reportToHandle', '报告待处理', 'TPL_REPORT', 'accepted', '已开启（还可收2条）', 2),
      setting('guardianshipOrder', '监护责令', 'TPL_ORDER', 'notSubscribed', '提醒次数已用完，请重新开启'),
      setting('helplineReply', '求助回复', 'TPL_HELP_REPLY', 'banned', '微信已停用此提醒'),
    ],
    ask: ['guardianshipOrder'],
  };
  backend({
    'inbox.subscriptionSettings': () => ok(SETTINGS),
    'inbox.recordSubscriptions': () => ok({ ...SETTINGS, templates: [SETTINGS.templates[0], setting('guardianshipOrder', '监护责令', 'TPL_ORDER', 'accepted', '已开启（还可收1条）', 1), SETTINGS.templates[2]] }),
  });
  wx.requestSubscribeMessage = jest.fn((o: { success: (r: unknown) => void }) => o.success({ TPL_ORDER: 'accept' }));
  const page = openPage('packageInbox/pages/subscriptions/index');
  await settle();
  const text = visibleText(page);
  expect(text).toContain('报告待处理');
  expect(text).toContain('已开启（还可收2条）');
  expect(text).toContain('提醒次数已用完，请重新开启');
  expect(text).toContain('微信已停用此提醒');
  // The banned one has no button.
  expect(page.querySelectorAll('.ask')).toHaveLength(2);
  page.querySelectorAll('.ask >>> .t-button')[1].dispatchEvent('tap');
  await settle();
  expect(wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['TPL_ORDER'] }));
  expect(callsOf('inbox.recordSubscriptions')).toEqual([{ moment: 'settings', results: [{ template: 'guardianshipOrder', answer: 'accept' }] }]);
  expect(visibleText(page)).toContain('已开启（还可收1条）');
});

test('the settings page says when it cannot load, with 重试', async () => {
  backend({ 'inbox.subscriptionSettings': () => ({ ok: false, error: { code: 'NETWORK', message: '网络异常，请稍后重试' } }) });
  const page = openPage('packageInbox/pages/subscriptions/index');
  await settle();
  expect(visibleText(page)).toContain('没能取到提醒设置');
  expect(page.querySelector('.load-error >>> .state__button >>> .t-button')).toBeTruthy();
});

test('local mode: a plain dialog stands in for WeChat’s popup, and the answer reaches the WeChat stand-in', async () => {
  env.mode = 'local';
  wx.setStorageSync('shouwang.devPersona', { key: 'g', name: '陈桂芳', openid: 'demo-guardian', roles: ['entrustedGuardian'], description: '' });
  const requests: { url: string; data: any; header: any }[] = [];
  wx.request = jest.fn((o: { url: string; data: any; header: any; success: (r: unknown) => void }) => {
    requests.push({ url: o.url, data: typeof o.data === 'string' ? JSON.parse(o.data) : o.data, header: o.header });
    const body = o.data && o.data.action;
    if (o.url.endsWith('/functions/inbox') && body === 'subscriptionSettings') return o.success({ statusCode: 200, data: ok(SIGNING) });
    if (o.url.endsWith('/functions/inbox') && body === 'recordSubscriptions') return o.success({ statusCode: 200, data: ok({ templates: SIGNING.templates, ask: [] }) });
    if (o.url.endsWith('/functions/guardianship')) return o.success({ statusCode: 200, data: ok({ tasks: [{ id: 'c1', childId: 'k1', title: '陈小雨的监护责任确认书', parties: ['entrusted'], preparedAt: '2026-03-02T02:00:00.000Z' }] }) });
    return o.success({ statusCode: 200, data: { ok: true } });
  });
  wx.showModal = jest.fn((o: { title: string; success: (r: { confirm: boolean }) => void }) => o.success({ confirm: true }));
  const page = openPage('packageGuardianship/pages/tasks/index');
  await settle();
  await settle();
  page.querySelector('.subscribe-prompt >>> .subscribe__ask >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '本地模式：模拟微信订阅弹窗' }));
  expect(wx.requestSubscribeMessage).not.toHaveBeenCalled();
  const mirrored = requests.find((r) => r.url.endsWith('/wechat/subscribe'))!;
  expect(mirrored.data).toEqual({ results: [{ templateId: 'TPL_SIGN_REQ', answer: 'accept' }, { templateId: 'TPL_CONF_EXPIRE', answer: 'accept' }] });
  expect(mirrored.header['X-Dev-Openid']).toBe('demo-guardian');
  expect(requests.some((r) => r.data && r.data.action === 'recordSubscriptions')).toBe(true);
});
