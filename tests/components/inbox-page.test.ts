/**
 * 消息 (packageInbox/pages/inbox): what a person sees (entries newest first, 未读 in words, the
 * count), tapping an entry marks it read and opens its page (a tab page through the hand-over),
 * 全部标为已读, more pages, the empty and error states; and the 消息 row on 我的 with its count
 * and the badge on the 我的 tab.
 */
import { openPage, renderComponent, settle, visibleText, type SimNode } from './harness';
import { PENDING_TAB_KEY } from '../../miniprogram/services/inbox-logic';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };

const ITEMS = [
  {
    id: 'n3',
    kind: 'care.report',
    category: '强制报告',
    title: '强制报告待处理',
    body: '脱离监护单独居住：团结社区，请在24小时内确认并处置',
    createdAt: '2025-03-03T01:30:00.000Z',
    readAt: null,
    page: '/packageCare/pages/report/index?reportId=r1',
    tab: false,
    ref: { kind: 'report', id: 'r1' },
  },
  {
    id: 'n2',
    kind: 'helpline.reply',
    category: '我的求助',
    title: '求助已回复',
    body: '工作人员回复了您的求助',
    createdAt: '2025-03-02T08:00:00.000Z',
    readAt: null,
    page: '/pages/help/index?id=hl1',
    tab: true,
    ref: { kind: 'helplineRequest', id: 'hl1' },
  },
  {
    id: 'n1',
    kind: 'guardianship.confirmationInForce',
    category: '监护确认书',
    title: '监护责任确认书已生效',
    body: '各方已签署完毕',
    createdAt: '2025-03-01T02:00:00.000Z',
    readAt: '2025-03-01T03:00:00.000Z',
    page: '/packageGuardianship/pages/confirmation/index?id=c1',
    tab: false,
    ref: { kind: 'confirmation', id: 'c1' },
  },
];

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
const ok = (data: unknown) => ({ ok: true, data });
const titles = (page: SimNode) => page.querySelectorAll('.entry__title').map((n) => n.dom.textContent.trim());
const unreadMarks = (page: SimNode) => page.querySelectorAll('.entry').map((n) => n.dom.textContent.includes('未读'));

beforeEach(() => {
  cloud.callFunction.mockReset();
  wx.clearStorageSync();
  wx.navigateTo = jest.fn();
  wx.switchTab = jest.fn();
  wx.showToast = jest.fn();
  wx.stopPullDownRefresh = jest.fn();
  (global as any).__app.globalData.roles = [];
  (global as any).__app.globalData.unread = 0;
  (global as any).__app.globalData.unreadAt = 0;
});

test('shows entries newest first with 未读 in words, and the count', async () => {
  backend({ 'inbox.list': () => ok({ items: ITEMS, next: null, unread: 2 }) });
  const page = openPage('packageInbox/pages/inbox/index');
  await settle();
  expect(titles(page)).toEqual(['强制报告待处理', '求助已回复', '监护责任确认书已生效']);
  expect(unreadMarks(page)).toEqual([true, true, false]);
  const text = visibleText(page);
  expect(text).toContain('2条未读');
  expect(text).toContain('强制报告');
  expect(text).toContain('3月3日 09:30');
  expect(text).toContain('没有更早的消息了');
  expect((global as any).__app.globalData.unread).toBe(2);
});

test('tapping an unread entry marks it read and opens its page', async () => {
  backend({ 'inbox.list': () => ok({ items: ITEMS, next: null, unread: 2 }), 'inbox.markRead': () => ok({ updated: 1, unread: 1 }) });
  const page = openPage('packageInbox/pages/inbox/index');
  await settle();
  page.querySelectorAll('.entry')[0].dispatchEvent('tap');
  await settle();
  expect(calls.filter((c) => c.action === 'inbox.markRead').map((c) => c.data)).toEqual([{ ids: ['n3'] }]);
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageCare/pages/report/index?reportId=r1' });
  expect(unreadMarks(page)).toEqual([false, true, false]);
  expect(visibleText(page)).toContain('1条未读');
  expect((global as any).__app.globalData.unread).toBe(1);

  // A read entry opens without another call.
  page.querySelectorAll('.entry')[2].dispatchEvent('tap');
  await settle();
  expect(calls.filter((c) => c.action === 'inbox.markRead')).toHaveLength(1);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageGuardianship/pages/confirmation/index?id=c1' });
});

test('an entry about a tab page switches to it and leaves the id for it', async () => {
  backend({ 'inbox.list': () => ok({ items: ITEMS, next: null, unread: 2 }), 'inbox.markRead': () => ok({ updated: 1, unread: 1 }) });
  const page = openPage('packageInbox/pages/inbox/index');
  await settle();
  page.querySelectorAll('.entry')[1].dispatchEvent('tap');
  await settle();
  expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/help/index' });
  expect(wx.getStorageSync(PENDING_TAB_KEY)).toEqual({ route: 'pages/help/index', query: { id: 'hl1' } });
});

test('全部标为已读 marks everything read', async () => {
  backend({ 'inbox.list': () => ok({ items: ITEMS, next: null, unread: 2 }), 'inbox.markAllRead': () => ok({ updated: 2, unread: 0 }) });
  const page = openPage('packageInbox/pages/inbox/index');
  await settle();
  page.querySelector('.mark-all >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(calls.map((c) => c.action)).toContain('inbox.markAllRead');
  expect(unreadMarks(page)).toEqual([false, false, false]);
  expect(visibleText(page)).toContain('全部已读');
  expect(page.querySelector('.mark-all')).toBeUndefined();
});

test('加载更早的消息 asks for the next page after the last entry', async () => {
  backend({
    'inbox.list': (d) => (d.before ? ok({ items: [{ ...ITEMS[2], id: 'n0', title: '更早的一条' }], next: null, unread: 2 }) : ok({ items: ITEMS.slice(0, 2), next: 'cursor-2', unread: 2 })),
  });
  const page = openPage('packageInbox/pages/inbox/index');
  await settle();
  expect(titles(page)).toHaveLength(2);
  page.querySelector('.load-more >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(calls.filter((c) => c.action === 'inbox.list').map((c) => c.data.before)).toEqual([undefined, 'cursor-2']);
  expect(titles(page)).toEqual(['强制报告待处理', '求助已回复', '更早的一条']);
});

test('empty and error states say what to do next', async () => {
  backend({ 'inbox.list': () => ok({ items: [], next: null, unread: 0 }) });
  const empty = openPage('packageInbox/pages/inbox/index');
  await settle();
  expect(visibleText(empty)).toContain('还没有消息');

  backend({ 'inbox.list': () => ({ ok: false, error: { code: 'NETWORK', message: '网络异常，请稍后重试' } }) });
  const failed = openPage('packageInbox/pages/inbox/index');
  await settle();
  expect(visibleText(failed)).toContain('没能取到消息');
  expect(visibleText(failed)).toContain('网络异常，请稍后重试');
  backend({ 'inbox.list': () => ok({ items: ITEMS, next: null, unread: 2 }) });
  failed.querySelector('.load-error >>> .state__button >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(titles(failed)).toHaveLength(3);
});

test('我的 shows 消息 with the unread count and opens it; the 我的 tab carries the badge', async () => {
  backend({
    'accounts.me': () => ok({ activeRole: 'public', roles: [], pending: { breakGlassToAcknowledge: 0 } }),
    'inbox.unreadCount': () => ok({ unread: 3 }),
  });
  const mine = openPage('pages/mine/index');
  await settle();
  expect(mine.querySelector('.inbox-badge')!.dom.textContent.trim()).toBe('3条未读');
  mine.querySelector('.inbox-entry >>> .t-cell')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageInbox/pages/inbox/index' });

  (global as any).getCurrentPages = jest.fn(() => [{ route: 'pages/policy/index' }]);
  const bar = renderComponent('custom-tab-bar/index');
  await settle(10);
  const items = bar.querySelectorAll('.tab >>> .t-tab-bar-item__content');
  expect(items.map((i) => i.dom.textContent.replace(/\s+/g, ''))).toEqual(['政策', '求助', '3我的']);
});
