/**
 * Pages of issue 11 ("reach every person") for scripts/screenshots.ts: 消息 and its entry on 我的,
 * with invented data and the back end answered in place (see journeys.shots.ts for the method).
 */
import { openPage, settle } from '../../tests/components/harness';
import { capture } from './capture';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));
jest.setTimeout(60_000);

const wx = (global as any).wx;

/** Answers `wx.cloud.callFunction` by `function.action`. */
function backend(routes: Record<string, (input: any) => unknown>): void {
  wx.cloud.callFunction = jest.fn(async ({ name, data }: { name: string; data: { action: string; data: unknown } }) => {
    const route = routes[`${name}.${data.action}`];
    if (!route) return { result: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '未知的操作' } } };
    return { result: { ok: true, data: route(data.data) } };
  });
}

function elder(on: boolean): void {
  wx.setStorageSync('shouwang.elderMode', on ? 'on' : 'off');
}

const INBOX = [
  { id: 'n5', kind: 'care.reportEscalated', category: '强制报告', title: '强制报告超时未确认', body: '失踪：团结社区，已超过1小时未确认，请督办', createdAt: '2026-03-02T12:40:00.000Z', readAt: null, page: '/packageCare/pages/report/index?reportId=r1', tab: false, ref: { kind: 'report', id: 'r1' } },
  { id: 'n4', kind: 'guardianship.signatureRequested', category: '待我签署', title: '请签署监护责任确认书', body: '村（居）民委员会请您在线阅读并签署监护责任确认书', createdAt: '2026-03-02T08:15:00.000Z', readAt: null, page: '/packageGuardianship/pages/tasks/index', tab: false, ref: { kind: 'confirmation', id: 'c1' } },
  { id: 'n3', kind: 'care.visitDue', category: '走访', title: '走访今日到期', body: '一名重点关爱儿童的走访今日到期', createdAt: '2026-03-01T23:00:00.000Z', readAt: null, page: '/packageCare/pages/visit/index?childId=c2', tab: false, ref: { kind: 'child', id: 'c2' } },
  { id: 'n2', kind: 'helpline.reply', category: '我的求助', title: '求助已回复', body: '工作人员回复了您的求助，请查看', createdAt: '2026-02-28T06:20:00.000Z', readAt: '2026-02-28T07:00:00.000Z', page: '/pages/help/index?id=hl1', tab: true, ref: { kind: 'helplineRequest', id: 'hl1' } },
  { id: 'n1', kind: 'guardianship.confirmationInForce', category: '监护确认书', title: '监护责任确认书已生效', body: '各方已签署完毕，有效期至 2027-02-27 前一日', createdAt: '2026-02-27T02:00:00.000Z', readAt: '2026-02-27T03:00:00.000Z', page: '/packageGuardianship/pages/confirmation/index?id=c0', tab: false, ref: { kind: 'confirmation', id: 'c0' } },
];

test('消息 and 我的 with the unread count', async () => {
  for (const on of [false, true]) {
    elder(on);
    backend({ 'inbox.list': () => ({ items: INBOX, next: null, unread: 3 }), 'inbox.unreadCount': () => ({ unread: 3 }) });
    const inbox = openPage('packageInbox/pages/inbox/index');
    await settle();
    await capture(`reach-inbox${on ? '-elder' : ''}`, 'packageInbox/pages/inbox/index', inbox);
  }
  elder(false);
  (global as any).__app.globalData.unreadAt = 0;
  backend({
    'accounts.me': () => ({ name: '李卫东', activeRole: 'townshipStaff', roles: [{ bindingId: 'b1', role: 'townshipStaff', roleLabel: '乡镇工作人员', scope: { kind: 'region', codes: ['341721100'] }, scopeNames: ['尧渡镇'], supervisor: true }], pending: { breakGlassToAcknowledge: 0 } }),
    'inbox.unreadCount': () => ({ unread: 3 }),
  });
  (global as any).__app.globalData.roles = ['townshipStaff'];
  const mine = openPage('pages/mine/index');
  await settle();
  await settle(20);
  await capture('reach-mine-inbox', 'pages/mine/index', mine, { tabBar: true });
});
