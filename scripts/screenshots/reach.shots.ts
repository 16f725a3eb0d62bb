/**
 * Pages of issue 11 ("reach every person") for scripts/screenshots.ts: 消息 and its entry on 我的,
 * the invite form and card, 人员与邀请, with invented data and the back end answered in place (see journeys.shots.ts for the method).
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

test('邀请 and 人员与邀请', async () => {
  elder(false);
  // jsdom has no TextEncoder; qrcode needs it to draw the stand-in's code picture.
  (global as any).TextEncoder ??= (await import('node:util')).TextEncoder;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const QR = require('qrcode') as { toDataURL(t: string, o: object): Promise<string> };
  const mini = await QR.toDataURL('packageAccount/pages/accept/index?scene=K7M3-Q8R2TX', { margin: 1, width: 240 });
  const v = (code: string, label: string, group: string) => ({ key: code, label, group, scope: { kind: 'region', codes: [code] } });
  backend({
    'accounts.inviteOptions': () => ({
      roles: [
        { role: 'villageOfficer', roleLabel: '村留守儿童保护专干', multiple: false, choices: [v('341721100001', '团结社区', '尧渡镇'), v('341721100002', '东风村', '尧渡镇'), v('341721101001', '新桥村', '东流镇')], supervisorOption: false },
      ],
    }),
    'accounts.createInvitation': () => ({
      invitationId: 'inv_1',
      code: 'K7M3-Q8R2TX',
      qrText: 'K7M3-Q8R2TX',
      qrImage: mini,
      role: 'villageOfficer',
      expiresAt: '2026-03-09T02:00:00.000Z',
      card: { roleLabel: '村留守儿童保护专干', scopeText: '团结社区', inviteeName: '王芳', expiresAt: '2026-03-09T02:00:00.000Z', sharePath: 'packageAccount/pages/accept/index?code=K7M3-Q8R2TX', miniCode: mini },
    }),
  });
  wx.setNavigationBarTitle = () => undefined;
  const form = openPage('packageAccount/pages/invite/index');
  await settle();
  form.instance.pickRole('villageOfficer');
  form.instance.onTown({ detail: { value: '尧渡镇' } });
  form.instance.onChoice({ detail: { value: '341721100001' } });
  form.instance.onName({ detail: { value: '王芳' } });
  await settle();
  await capture('reach-invite-form', 'packageAccount/pages/invite/index', form);
  await form.instance.onSubmit();
  await settle();
  await capture('reach-invite-card', 'packageAccount/pages/invite/index', form);

  backend({
    'accounts.listInvitations': () => ({
      invitations: [
        { invitationId: 'i1', role: 'villageOfficer', roleLabel: '村留守儿童保护专干', scope: { kind: 'region', codes: ['341721100001'] }, scopeText: '团结社区', inviteeName: '王芳', status: 'open', issuedAt: '2026-03-02T02:00:00.000Z', expiresAt: '2026-03-09T02:00:00.000Z' },
        { invitationId: 'i2', role: 'villageOfficer', roleLabel: '村留守儿童保护专干', scope: { kind: 'region', codes: ['341721100002'] }, scopeText: '东风村', inviteeName: '赵强', status: 'accepted', issuedAt: '2026-02-20T02:00:00.000Z', expiresAt: '2026-02-27T02:00:00.000Z' },
        { invitationId: 'i3', role: 'police', roleLabel: '公安民警', scope: { kind: 'region', codes: ['341721100'] }, scopeText: '尧渡镇', inviteeName: '孙警官', status: 'expired', issuedAt: '2026-02-10T02:00:00.000Z', expiresAt: '2026-02-17T02:00:00.000Z' },
      ],
    }),
    'accounts.listBindings': () => ({
      bindings: [
        { bindingId: 'b1', role: 'villageOfficer', roleLabel: '村留守儿童保护专干', scope: { kind: 'region', codes: ['341721100002'] }, scopeText: '东风村', status: 'active', personId: 'p1', personName: '赵强', grantedAt: '2026-02-21T02:00:00.000Z' },
        { bindingId: 'b2', role: 'villageOfficer', roleLabel: '村留守儿童保护专干', scope: { kind: 'region', codes: ['341721100003'] }, scopeText: '红旗村', status: 'active', personId: 'p2', personName: '钱丽', grantedAt: '2026-01-05T02:00:00.000Z' },
      ],
    }),
  });
  const staff = openPage('packageAccount/pages/staff/index');
  await settle();
  staff.instance.onStartRevoke({ currentTarget: { dataset: { id: 'b2' } } });
  await settle();
  await capture('reach-staff', 'packageAccount/pages/staff/index', staff);
});

test('微信提醒 settings and the prompt on 待我签署', async () => {
  elder(false);
  const s = (template: string, title: string, purpose: string, state: string, stateLabel: string, credits = 0) => ({ template, title, purpose, templateId: `TPL_${template}`, state, stateLabel, credits, answeredAt: null });
  const settings = {
    templates: [
      s('signatureRequested', '签名请求', '村儿童主任制作好监护责任确认书时', 'accepted', '已开启（还可收1条）', 1),
      s('visitRecorded', '新走访记录', '有人记录了一次对孩子的走访', 'notSubscribed', '提醒次数已用完，请重新开启'),
      s('checkInReminder', '亲情连线提醒', '超过县设置的天数没有记录与孩子的联系', 'never', '未开启'),
      s('helplineReply', '求助回复', '接线员回复、转介或办结其求助时', 'rejected', '您选择了不接收'),
    ],
    ask: ['visitRecorded', 'checkInReminder'],
  };
  backend({ 'inbox.subscriptionSettings': () => settings });
  const page = openPage('packageInbox/pages/subscriptions/index');
  await settle();
  await capture('reach-subscriptions', 'packageInbox/pages/subscriptions/index', page);
  backend({
    'inbox.subscriptionSettings': () => ({ ...settings, ask: ['signatureRequested', 'confirmationExpiring'], templates: [...settings.templates, s('confirmationExpiring', '确认书即将到期', '确认书到期前', 'never', '未开启')] }),
    'guardianship.mySigningTasks': () => ({ tasks: [{ id: 'c1', childId: 'k1', title: '农村留守儿童监护责任确认书', parties: ['entrusted'], preparedAt: '2026-03-02T02:00:00.000Z' }] }),
  });
  const tasks = openPage('packageGuardianship/pages/tasks/index');
  await settle();
  await settle();
  await capture('reach-subscribe-prompt', 'packageGuardianship/pages/tasks/index', tasks);
});
