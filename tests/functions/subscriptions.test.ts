/**
 * Subscription bookkeeping (issue 11): a subscribe message is sent only against a credit the
 * person's answer recorded (`inbox.recordSubscriptions`); without one there is no call to WeChat
 * and only the in-app entry; a 43101 / 43104 answer is recorded as "not subscribed" and never
 * retried; the settings say what each template's state is and which to ask at a moment. Driven
 * through a helpline requester (replies) and township staff (settings).
 */
import type { Envelope } from '../../cloudfunctions/_shared/contracts/envelope';
import { SUBSCRIPTIONS } from '../../cloudfunctions/_shared/subscriptions';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SIDES, insert, makePersona, seedWorld, useStackKey, type Persona } from '../helpers/access-world';

jest.setTimeout(120_000);

let t: TestStack;
let agent: Persona;
let seq = 0;
const rid = (p: string) => `${p}-${Date.now()}-${seq++}`;

function ok<T>(r: Envelope<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.data;
}
const sends = () => t.wechat.admin.state().messages.length;
async function reply(requestId: string): Promise<any> {
  ok(await t.call('helpline', 'reply', { id: requestId, text: '你好，我们在跟进', messageId: rid('m') }, { openid: agent.openid }));
  const all = (await t.app.database().collection('notifications').where({ kind: 'helpline.reply', 'ref.id': requestId }).limit(100).get()).data as any[];
  return all.sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime()).at(-1);
}
const record = (openid: string, answer: string, moment = 'help') =>
  t.call<any>('inbox', 'recordSubscriptions', { moment, results: [{ template: 'helplineReply', answer }] }, { openid });

beforeAll(async () => {
  t = await startTestStack({ functions: ['inbox', 'helpline'] });
  useStackKey(t);
  await seedWorld(t.app);
  await insert(t.app, 'helplineTeams', { _id: SIDES.in.teamId, name: '12355热线', default: true });
  agent = await makePersona(t.app, 'helplineAgent');
}, 120_000);
afterAll(async () => t?.stop());

test('no credit: no call to WeChat, the entry only; one accept, one message; 43101 recorded, not retried', async () => {
  const asker = 'o-sub-asker-1';
  const req = ok(await t.call<any>('helpline', 'submitRequest', { requestId: rid('r'), category: 'psychological', description: '最近压力很大', requesterKind: 'child' }, { openid: asker }));
  ok(await t.call('helpline', 'claim', { id: req.id }, { openid: agent.openid }));

  // 1. Never subscribed: nothing sent, the inbox entry is there.
  let before = sends();
  let n = await reply(req.id);
  expect(n.push).toMatchObject({ status: 'skipped', attempts: 0 });
  expect(sends()).toBe(before);

  // 2. The person accepts once (WeChat gives the credit; the page records it): one message goes.
  t.wechat.admin.grantSubscription(asker, 'TPL_HELP_REPLY', 1);
  const after = ok(await record(asker, 'accept'));
  expect(after.templates).toEqual([expect.objectContaining({ template: 'helplineReply', state: 'accepted', credits: 1, stateLabel: '已开启（还可收1条）' })]);
  expect(after.ask).toEqual([]);
  n = await reply(req.id);
  expect(n.push).toMatchObject({ status: 'sent', errcode: 0, attempts: 1 });
  // The credit is used up: the next reply is not sent, and the settings ask again.
  before = sends();
  n = await reply(req.id);
  expect(n.push).toMatchObject({ status: 'skipped' });
  expect(sends()).toBe(before);
  const settings = ok(await t.call<any>('inbox', 'subscriptionSettings', { moment: 'help' }, { openid: asker }));
  expect(settings.templates[0]).toMatchObject({ state: 'notSubscribed', stateLabel: '提醒次数已用完，请重新开启' });
  expect(settings.ask).toEqual(['helplineReply']);

  // 3. Recorded here, but the person turned it off in WeChat: 43101, recorded, one call only.
  t.wechat.admin.revokeSubscription(asker, 'TPL_HELP_REPLY');
  ok(await record(asker, 'accept'));
  before = sends();
  n = await reply(req.id);
  expect(n.push).toMatchObject({ status: 'failed', errcode: 43101, attempts: 1 });
  expect(sends() - before).toBe(1);
  const doc = ((await t.app.database().collection(SUBSCRIPTIONS).where({ template: 'helplineReply' }).get()).data as any[]).find((d) => d.lastErrcode === 43101);
  expect(doc).toMatchObject({ status: 'notSubscribed', credits: 0 });
  // Not tried again.
  before = sends();
  n = await reply(req.id);
  expect(n.push).toMatchObject({ status: 'skipped' });
  expect(sends()).toBe(before);

  // No plaintext openid at rest.
  const stored = JSON.stringify((await t.app.database().collection(SUBSCRIPTIONS).limit(100).get()).data);
  expect(stored).not.toContain(asker);
});

test('43104 is recorded as not subscribed too; a refused send that is not about the subscription gives the credit back', async () => {
  const asker = 'o-sub-asker-2';
  const req = ok(await t.call<any>('helpline', 'submitRequest', { requestId: rid('r'), category: 'legal', description: '想问问法律问题', requesterKind: 'parent' }, { openid: asker }));
  ok(await t.call('helpline', 'claim', { id: req.id }, { openid: agent.openid }));
  t.wechat.admin.grantSubscription(asker, 'TPL_HELP_REPLY', 2);
  ok(await record(asker, 'accept'));
  ok(await record(asker, 'accept'));
  // System busy twice (retried once, then given up): the credit is not lost.
  t.wechat.admin.setFault({ endpoint: 'message/subscribe/send', errcode: -1, times: 2 });
  let n = await reply(req.id);
  expect(n.push).toMatchObject({ status: 'failed', errcode: -1, attempts: 2 });
  expect(ok(await t.call<any>('inbox', 'subscriptionSettings', {}, { openid: asker })).templates[0].credits).toBe(2);
  t.wechat.admin.setFault({ endpoint: 'message/subscribe/send', errcode: 43104, times: 1 });
  n = await reply(req.id);
  expect(n.push).toMatchObject({ status: 'failed', errcode: 43104, attempts: 1 });
  const s = ok(await t.call<any>('inbox', 'subscriptionSettings', {}, { openid: asker }));
  expect(s.templates[0]).toMatchObject({ state: 'notSubscribed', credits: 0 });
});

test('settings list the templates of one’s roles; a moment asks its own first, never one already allowed or banned', async () => {
  const staff = await makePersona(t.app, 'townshipStaff');
  const s = ok(await t.call<any>('inbox', 'subscriptionSettings', { moment: 'report' }, { openid: staff.openid }));
  expect(s.templates.map((x: any) => x.template)).toEqual(['reportToHandle', 'guardianshipOrder', 'helplineReply']);
  expect(s.templates.every((x: any) => x.state === 'never' && x.stateLabel === '未开启')).toBe(true);
  expect(s.templates[0]).toMatchObject({ title: '报告待处理', templateId: 'TPL_REPORT', purpose: expect.stringContaining('强制报告') });
  expect(s.ask).toEqual(['reportToHandle']);
  const after = ok(
    await t.call<any>('inbox', 'recordSubscriptions', { moment: 'staffRole', results: [{ template: 'reportToHandle', answer: 'accept' }, { template: 'guardianshipOrder', answer: 'ban' }, { template: 'helplineReply', answer: 'reject' }] }, { openid: staff.openid }),
  );
  expect(after.templates.map((x: any) => x.state)).toEqual(['accepted', 'banned', 'rejected']);
  expect(after.ask).toEqual(['helplineReply']);
  // A template the caller's roles never receive cannot be recorded as something to show.
  expect(await t.call('inbox', 'recordSubscriptions', { moment: 'help', results: [{ template: 'nope', answer: 'accept' }] }, { openid: staff.openid })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
});
