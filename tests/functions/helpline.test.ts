/**
 * helpline through the real stack: intake (duplicates, crisis words, supervisor alerts), the
 * queue through the actions, the thread and reply notifications, referrals, satisfaction, the
 * crisis word list, the export — and the privacy of anonymous requests: nothing any role gets
 * back, the audit log included, names the requester.
 */
import type { Envelope } from '../../cloudfunctions/_shared/contracts/envelope';
import { ACCESS_COLLECTIONS as C } from '../../cloudfunctions/_shared/access/collections';
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import { acceptSubscription } from '../helpers/subscribe';
import { startTestStack, type TestStack, PLATFORM_INSTANCES } from '../helpers/stack';
import { SIDES, insert, makePersona, seedWorld, useStackKey, type Persona } from '../helpers/access-world';

// Each test makes dozens of invocations through the 4-worker invoker; the machine is shared.
jest.setTimeout(120_000);

let t: TestStack;
let agentA: Persona;
let agentB: Persona;
let supervisor: Persona;
let otherTeamAgent: Persona;
let seq = 0;
const rid = () => `req-${Date.now()}-${seq++}`;

async function call<T = any>(action: string, data: unknown, who: Persona | string): Promise<Envelope<T>> {
  return t.call<T>('helpline', action, data, { openid: typeof who === 'string' ? who : who.openid });
}
function ok<T>(r: Envelope<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.data;
}
const code = (r: Envelope<unknown>) => (r.ok ? undefined : r.error.code);
async function all(collection: string, where: Record<string, unknown> = {}): Promise<any[]> {
  const res = await t.app.database().collection(collection).where(where).limit(1000).get();
  return res.data;
}
async function wxCalls(): Promise<any[]> {
  const res = await fetch(`${t.stack.standinUrl}/__admin/wx-calls`);
  return ((await res.json()) as { calls: any[] }).calls;
}
async function submit(who: string, extra: Record<string, unknown> = {}) {
  return ok(
    await call<any>('submitRequest', { requestId: rid(), category: 'psychological', description: '最近压力很大，想找人聊聊', requesterKind: 'child', ...extra }, who),
  );
}
/** Empties the queue of the intake team (closed by an agent), so each test starts clean. */
async function drainQueue() {
  for (;;) {
    const r = ok(await call<any>('claimNext', {}, agentA));
    if (!r.request) return;
    ok(await call('closeRequest', { id: r.request.id, outcome: 'invalid' }, agentA));
  }
}

beforeAll(async () => {
  t = await startTestStack({ functions: ['helpline', 'accounts', 'inbox'], maxWorkersPerFunction: PLATFORM_INSTANCES }); // racing calls need instances side by side
  useStackKey(t);
  await seedWorld(t.app);
  await insert(t.app, 'helplineTeams', { _id: SIDES.in.teamId, name: '12355热线', default: true });
  agentA = await makePersona(t.app, 'helplineAgent');
  agentB = await makePersona(t.app, 'helplineAgent');
  supervisor = await makePersona(t.app, 'helplineSupervisor');
  otherTeamAgent = await makePersona(t.app, 'helplineAgent', SIDES.near);
  t.clock.set(new Date('2025-03-03T09:00:00+08:00'));
}, 120_000);
afterAll(async () => t?.stop());

describe('intake', () => {
  test('a requester sees their own callback number in full in 我的求助', async () => {
    const r = ok(await call<any>('submitRequest', { requestId: rid(), category: 'familyEducation', description: '孩子不愿意上学', requesterKind: 'parent', replyChannel: 'phone', callbackPhone: '138 0000 5678' }, 'o-own-phone'));
    const mine = ok(await call<any>('myRequests', {}, 'o-own-phone')).requests;
    expect(mine.find((m: any) => m.id === r.id).callbackPhone).toBe('13800005678');
  });

  test('the same client request id submitted twice (even at once) gives one request', async () => {
    const requestId = rid();
    const input = { requestId, category: 'legal', description: '被同学欺负了怎么办', requesterKind: 'child' };
    const [a, b] = await Promise.all([call<any>('submitRequest', input, 'o-dup-1'), call<any>('submitRequest', input, 'o-dup-1')]);
    const c = ok(await call<any>('submitRequest', input, 'o-dup-1'));
    expect(ok(a).id).toBe(ok(b).id);
    expect(c).toMatchObject({ id: ok(a).id, duplicate: true });
    expect(ok(await call<any>('myRequests', {}, 'o-dup-1')).requests).toHaveLength(1);
    // Another person using the same client id gets their own request.
    expect(ok(await call<any>('submitRequest', input, 'o-dup-2')).id).not.toBe(ok(a).id);
  });

  test('anonymous requests can only be answered in the app', async () => {
    const r = await call('submitRequest', { requestId: rid(), category: 'legal', description: '咨询', requesterKind: 'public', anonymous: true, replyChannel: 'phone', callbackPhone: '13800001111' }, 'o-anon-x');
    expect(code(r)).toBe('VALIDATION_FAILED');
  });

  test('crisis words make a request urgent and alert the supervisor at once (in-app + subscribe message)', async () => {
    await drainQueue();
    await fetch(`${t.stack.standinUrl}/__admin/wx-calls`, { method: 'DELETE' });
    await acceptSubscription(t, supervisor.openid, 'reportToHandle', 1); // the supervisor accepted one alert
    const normal = await submit('o-crisis-0', { requesterKind: 'public', description: '想咨询一下孩子升学的事' });
    expect(normal.priority).toBe('normal');
    // Full-width and spaced text still matches after NFKC normalisation.
    const r = await submit('o-crisis-1', { description: '我真的 不 想 活 了，每天都很难受' });
    expect(r.priority).toBe('urgent');
    const notes = await all('notifications', { 'to.personId': supervisor.personId, kind: 'helpline.urgent' });
    expect(notes).toHaveLength(1);
    expect(notes[0].body).toContain('无人值班');
    expect(notes[0].push).toMatchObject({ status: 'sent', errcode: 0 });
    const sent = (await wxCalls()).filter((c) => c.apiName === '/cgi-bin/message/subscribe/send');
    expect(sent.map((c) => c.requestData.touser)).toEqual([supervisor.openid]);
    expect(sent[0].requestData.template_id).toBe('TPL_REPORT');
    // Urgent goes to the head of the queue, ahead of the older normal request.
    const q = ok(await call<any>('queue', {}, agentA));
    expect(q.requests.map((x: any) => x.id)).toEqual([r.id, normal.id]);
    expect(q.requests[0]).toMatchObject({ priority: 'urgent', crisis: true, priorityLabel: '紧急' });
  });

  test('an on-duty supervisor is alerted; without a recorded credit nothing is sent to WeChat, the entry is there', async () => {
    ok(await call('setDuty', { onDuty: true }, supervisor));
    const before = (await wxCalls()).length;
    // The one-time credit was used by the previous alert.
    const r = await submit('o-crisis-2', { description: '有人对我家暴' });
    expect(r.priority).toBe('urgent');
    const notes = await all('notifications', { 'to.personId': supervisor.personId, 'ref.id': r.id });
    expect(notes).toHaveLength(1);
    expect(notes[0].body).not.toContain('无人值班');
    expect(notes[0].push).toMatchObject({ status: 'skipped', attempts: 0 });
    expect((await wxCalls()).length - before).toBe(0);
    ok(await call('setDuty', { onDuty: false }, supervisor));
  });

  test('the supervisor edits the crisis word list (versioned); stale edits conflict', async () => {
    const cur = ok(await call<any>('crisisWords', {}, agentA));
    expect(cur.version).toBe(0);
    expect(cur.words).toContain('自杀');
    const saved = ok(await call<any>('setCrisisWords', { words: [...cur.words, '被锁在家里'], baseVersion: 0 }, supervisor));
    expect(saved.version).toBe(1);
    expect(code(await call('setCrisisWords', { words: ['自杀'], baseVersion: 0 }, supervisor))).toBe('CONFLICT');
    expect(code(await call('setCrisisWords', { words: ['自杀'], baseVersion: 1 }, agentA))).toBe('FORBIDDEN');
    expect((await submit('o-crisis-3', { description: '我被锁在家里出不去' })).priority).toBe('urgent');
  });
});

describe('queue, thread, referral, close', () => {
  test('claims follow the queue; two agents never hold the same request; leases guard every action', async () => {
    await drainQueue();
    const normal = await submit('o-q-1', { requesterKind: 'parent' });
    const high = await submit('o-q-2', { requesterKind: 'child' });
    const first = ok(await call<any>('claimNext', {}, agentA));
    expect(first.request.id).toBe(high.id);
    expect(code(await call('claim', { id: high.id }, agentB))).toBe('CONFLICT');
    expect(code(await call('reply', { id: high.id, text: '你好', messageId: rid() }, agentB))).toBe('CONFLICT');
    const second = ok(await call<any>('claimNext', {}, agentB));
    expect(second.request.id).toBe(normal.id);
    expect(ok(await call<any>('claimNext', {}, agentB)).request).toBeNull();
    // Another team's agent cannot see or claim these.
    expect(code(await call('getRequest', { id: high.id }, otherTeamAgent))).toBe('FORBIDDEN');
    expect(ok(await call<any>('queue', {}, otherTeamAgent)).requests).toEqual([]);
    // Release puts it back; transfer hands it to a colleague with a fresh lease.
    ok(await call('release', { id: normal.id }, agentB));
    ok(await call('claim', { id: normal.id }, agentA));
    ok(await call('transfer', { id: normal.id, toPersonId: agentB.personId }, agentA));
    expect(ok(await call<any>('myClaims', {}, agentB)).requests.map((r: any) => r.id)).toEqual([normal.id]);
    ok(await call('closeRequest', { id: normal.id, outcome: 'resolved' }, agentB));
    ok(await call('closeRequest', { id: high.id, outcome: 'resolved' }, agentA));
  });

  test('thread: the requester is notified of replies and sees them; agents see earlier named requests', async () => {
    const asker = 'o-thread-1';
    const earlier = await submit(asker, { category: 'familyEducation', description: '和爸妈吵架了' });
    const anon = await submit(asker, { anonymous: true, description: '匿名问一下' });
    ok(await call('claim', { id: earlier.id }, agentA));
    ok(await call('closeRequest', { id: earlier.id, outcome: 'resolved' }, agentA));
    const r = await submit(asker, { description: '又和爸妈吵架了' });
    ok(await call('claim', { id: r.id }, agentA));
    const detail = ok(await call<any>('getRequest', { id: r.id }, agentA));
    expect(detail.history.map((h: any) => h.id)).toEqual([earlier.id]); // the anonymous one is not linked
    const anonDetail = ok(await call<any>('getRequest', { id: anon.id }, agentA));
    expect(anonDetail.history).toEqual([]);
    expect(anonDetail.request.requesterLabel).toMatch(/^匿名-[0-9a-f]{6}$/);

    await fetch(`${t.stack.standinUrl}/__admin/wx-calls`, { method: 'DELETE' });
    await acceptSubscription(t, asker, 'helplineReply', 1);
    const messageId = rid();
    // Three taps of one reply at once (a weak network's retries): every tap answers, one is stored and sent.
    const taps = await Promise.all([1, 2, 3].map(() => call<any>('reply', { id: r.id, text: '你好，我是接线员小钱，愿意听你说说', messageId }, agentA)));
    expect(taps.map((x) => ok(x).duplicate).sort()).toEqual([false, true, true]);
    expect(ok(await call<any>('reply', { id: r.id, text: '你好，我是接线员小钱，愿意听你说说', messageId }, agentA)).duplicate).toBe(true);
    const push = (await wxCalls()).filter((c) => c.apiName === '/cgi-bin/message/subscribe/send');
    expect(push).toHaveLength(1);
    expect(push[0].requestData).toMatchObject({ touser: asker, template_id: 'TPL_HELP_REPLY' });
    const inApp = await all('notifications', { kind: 'helpline.reply', 'ref.id': r.id });
    expect(inApp).toEqual([expect.objectContaining({ title: '求助已回复', push: expect.objectContaining({ status: 'sent' }) })]);
    expect(JSON.stringify(inApp)).not.toContain(asker);
    const mine = ok(await call<any>('myRequests', {}, asker)).requests;
    expect(mine.find((m: any) => m.id === r.id)).toMatchObject({ unread: 1, statusLabel: '处理中' });
    const view = ok(await call<any>('getMyRequest', { id: r.id }, asker));
    expect(view.messages.map((m: any) => [m.from, m.text])).toEqual([['agent', '你好，我是接线员小钱，愿意听你说说']]);
    expect(ok(await call<any>('myRequests', {}, asker)).requests.find((m: any) => m.id === r.id).unread).toBe(0);
    const thanks = rid();
    const mineTaps = await Promise.all([1, 2, 3].map(() => call<any>('postMyMessage', { id: r.id, text: '谢谢你', messageId: thanks }, asker)));
    expect(mineTaps.map((x) => ok(x).duplicate).sort()).toEqual([false, true, true]);
    expect(ok(await call<any>('getRequest', { id: r.id }, agentA)).messages.map((m: any) => m.from)).toEqual(['agent', 'requester']);
    // Someone else cannot read or write it.
    expect(code(await call('getMyRequest', { id: r.id }, 'o-thread-other'))).toBe('FORBIDDEN');
    expect(code(await call('postMyMessage', { id: r.id, text: '看看', messageId: rid() }, 'o-thread-other'))).toBe('FORBIDDEN');
    ok(await call('closeRequest', { id: r.id, outcome: 'resolved' }, agentA));
    // Satisfaction: asked once, after the close.
    expect(ok(await call<any>('getMyRequest', { id: r.id }, asker)).canRate).toBe(true);
    ok(await call('rateRequest', { id: r.id, score: 4 }, asker));
    expect(code(await call('rateRequest', { id: r.id, score: 5 }, asker))).toBe('CONFLICT');
    expect(ok(await call<any>('getMyRequest', { id: r.id }, asker))).toMatchObject({ canRate: false, satisfaction: 4 });
    // The agent finds it among the ones they closed; reopening puts it back in the queue.
    expect(ok(await call<any>('myClaims', { status: 'closed' }, agentA)).requests.map((x: any) => x.id)).toContain(r.id);
    expect(ok(await call<any>('myClaims', { status: 'closed' }, agentB)).requests.map((x: any) => x.id)).not.toContain(r.id);
    ok(await call('reopenRequest', { id: r.id }, supervisor));
    expect(ok(await call<any>('getMyRequest', { id: r.id }, asker)).status).toBe('open');
    expect(ok(await call<any>('myClaims', { status: 'closed' }, agentA)).requests.map((x: any) => x.id)).not.toContain(r.id);
  });

  test("a referral goes to the department with a reason (audited); the child's parents and officers never see the request", async () => {
    const parent = await makePersona(t.app, 'parent');
    const officer = await makePersona(t.app, 'villageOfficer');
    const police = await makePersona(t.app, 'police');
    const r = await submit('o-ref-child', { category: 'legal', description: '放学路上总有人拦着要钱' });
    for (const p of [parent, officer, police]) expect(code(await call('getRequest', { id: r.id }, p))).toBe('FORBIDDEN');
    ok(await call('claim', { id: r.id }, agentA));
    expect(code(await call('refer', { id: r.id, department: 'police', summary: '学生放学途中被索要财物', reason: '短' }, agentA))).toBe('VALIDATION_FAILED');
    const ref = ok(await call<any>('refer', { id: r.id, department: 'police', regionCode: SIDES.in.townshipCode, summary: '学生放学途中被索要财物，请核实', reason: '涉及人身财产安全需公安介入', deadlineDays: 2 }, agentA));
    const entries = await all(C.auditLog, { action: 'helpline.refer' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ op: 'write', reason: '涉及人身财产安全需公安介入', refs: { referralId: ref.referral.id, department: 'police' }, actor: { personId: agentA.personId } });
    // The police of that township see the referral (not the request); others do not.
    const list = ok(await call<any>('listReferrals', {}, police)).referrals;
    expect(list.map((x: any) => x.id)).toEqual([ref.referral.id]);
    expect(JSON.stringify(list)).not.toContain('放学路上总有人拦着要钱');
    expect(ok(await call<any>('listReferrals', {}, officer)).referrals).toEqual([]);
    expect(code(await call('listReferrals', {}, parent))).toBe('FORBIDDEN');
    const answered = ok(await call<any>('answerReferral', { referralId: ref.referral.id, reply: '已联系学校和家长，加强放学护送' }, police));
    expect(answered.referral).toMatchObject({ status: 'answered', answeredInTime: true, statusLabel: '已答复' });
    expect(code(await call('answerReferral', { referralId: ref.referral.id, reply: '再答一次' }, police))).toBe('CONFLICT');
    expect(ok(await call<any>('getRequest', { id: r.id }, agentA)).referrals[0]).toMatchObject({ reply: '已联系学校和家长，加强放学护送' });
    ok(await call('closeRequest', { id: r.id, outcome: 'referred' }, agentA));
  });

  test('withdrawing before any answer; closed requests cannot be withdrawn', async () => {
    await drainQueue();
    const r = await submit('o-wd-1');
    expect(ok(await call<any>('withdrawRequest', { id: r.id }, 'o-wd-1')).status).toBe('withdrawn');
    expect(code(await call('withdrawRequest', { id: r.id }, 'o-wd-1'))).toBe('CONFLICT');
    expect(ok(await call<any>('claimNext', {}, agentA)).request).toBeNull();
  });

  test('a logged phone call is a request held by the agent; duty board shows who is on duty', async () => {
    const call1 = ok(await call<any>('logCall', { requestId: rid(), category: 'employment', description: '来电咨询返乡创业政策', requesterKind: 'public', callbackPhone: '13800001234' }, agentB));
    expect(call1.request).toMatchObject({ source: 'phone', status: 'claimed', mine: true, callbackPhone: '13800001234' });
    ok(await call('setDuty', { onDuty: true }, agentB));
    const board = ok(await call<any>('dutyBoard', {}, supervisor));
    expect(board.onDuty).toEqual([expect.objectContaining({ personId: agentB.personId, name: '测试人员', holding: 1 })]);
    ok(await call('closeRequest', { id: call1.request.id, outcome: 'resolved' }, agentB));
    ok(await call('setDuty', { onDuty: false }, agentB));
  });

  test('the workbench reads its own duty state; hand-off targets are named team mates, teams and schools', async () => {
    ok(await call('setDuty', { onDuty: false }, agentA));
    expect(ok(await call<any>('queue', {}, agentA)).duty).toMatchObject({ onDuty: false });
    const set = ok(await call<any>('setDuty', { onDuty: true }, agentA));
    // A fresh open of the workbench (another phone) shows 值班中 without toggling.
    expect(ok(await call<any>('queue', {}, agentA)).duty).toEqual({ onDuty: true, since: set.since });
    expect(ok(await call<any>('queue', {}, agentB)).duty.onDuty).toBe(false);

    await insert(t.app, 'helplineTeams', { _id: SIDES.near.teamId, name: '县妇联热线' });
    await insert(t.app, 'schools', { _id: SIDES.in.schoolId, name: '城关中心小学', regionCode: SIDES.in.townshipCode });
    const targets = ok(await call<any>('handoffTargets', {}, agentA));
    const ids = targets.agents.map((a: any) => a.personId);
    expect(ids).toEqual(expect.arrayContaining([agentB.personId, supervisor.personId]));
    expect(ids).not.toContain(agentA.personId);
    expect(ids).not.toContain(otherTeamAgent.personId);
    expect(targets.agents.every((a: any) => a.name && typeof a.onDuty === 'boolean')).toBe(true);
    expect(targets.teams).toEqual([{ teamId: SIDES.near.teamId, name: '县妇联热线' }]);
    expect(targets.schools).toEqual([{ schoolId: SIDES.in.schoolId, name: '城关中心小学', regionCode: SIDES.in.townshipCode }]);
    ok(await call('setDuty', { onDuty: false }, agentA));
  });

  test('the supervisor exports the metrics as xlsx', async () => {
    const r = ok(await call<any>('exportMetrics', { from: '2025-03-03', to: '2025-03-03' }, supervisor));
    const buf = Buffer.from(r.base64, 'base64');
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ExcelJS = require('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf);
    const ws = wb.getWorksheet('服务指标');
    expect(ws.getRow(1).getCell(1).value).toBe('时段');
    expect(ws.getRow(2).getCell(1).value).toBe('2025-03-03');
    expect(ws.getRow(3).getCell(1).value).toBe('合计');
    expect(code(await call('exportMetrics', { from: '2025-03-03', to: '2025-03-03' }, agentA))).toBe('FORBIDDEN');
  });
});

describe('named requests keep no plaintext openid at rest', () => {
  test("after a named request's whole life, no collection holds the requester's openid; the audit names the request's pseudonym", async () => {
    const openid = `o-named-${rid()}`;
    const sub = await submit(openid, { category: 'familyEducation', description: '爸爸妈妈在外地打工，我一个人很想他们' });
    ok(await call('postMyMessage', { id: sub.id, text: '补充一下，我上初二', messageId: rid() }, openid));
    ok(await call('claim', { id: sub.id }, agentA));
    ok(await call('reply', { id: sub.id, text: '收到，我们聊聊', messageId: rid() }, agentA));
    ok(await call('closeRequest', { id: sub.id, outcome: 'resolved' }, agentA));
    ok(await call('rateRequest', { id: sub.id, score: 5 }, openid));
    for (const name of COLLECTIONS) {
      const text = JSON.stringify(await all(name));
      expect({ collection: name, holdsOpenid: text.includes(openid) }).toEqual({ collection: name, holdsOpenid: false });
    }
    const own = (await all(C.auditLog, { 'target.id': sub.id })).filter((e) => e.actor.pseudonym);
    expect(own.length).toBe(3); // submit, message, rating
  });
});

describe('anonymous requests reveal nobody', () => {
  test('no response to any role, nor the audit log, names the requester', async () => {
    // A teacher asks anonymously: they have a person id and a role that must not leak either.
    const asker = await makePersona(t.app, 'teacher');
    const police = await makePersona(t.app, 'police');
    const admin = await makePersona(t.app, 'countyAdmin');
    const secrets = [asker.openid, asker.personId!, 'teacher'];
    const responses: { who: string; body: unknown }[] = [];
    const rec = async <T>(who: string, p: Promise<Envelope<T>>) => {
      const r = await p;
      responses.push({ who, body: r });
      return ok(r);
    };
    const sub = await rec('asker', call<any>('submitRequest', { requestId: rid(), category: 'psychological', description: '我不想活了，没人理解我', requesterKind: 'child', anonymous: true }, asker));
    await rec('asker', call('postMyMessage', { id: sub.id, text: '还在吗', messageId: rid() }, asker));
    await rec('agent', call('queue', {}, agentA));
    await rec('agent', call('claim', { id: sub.id }, agentA));
    await rec('agent', call('getRequest', { id: sub.id }, agentA));
    await rec('agent', call('reply', { id: sub.id, text: '我在，慢慢说', messageId: rid() }, agentA));
    await rec('asker', call('getMyRequest', { id: sub.id }, asker));
    const ref = await rec('agent', call<any>('refer', { id: sub.id, department: 'police', regionCode: SIDES.in.townshipCode, summary: '学生有轻生念头，请协助联系学校关注', reason: '存在自伤风险需线下干预' }, agentA));
    await rec('police', call('listReferrals', {}, police));
    await rec('police', call('answerReferral', { referralId: ref.referral.id, reply: '已通知学校心理老师' }, police));
    await rec('agent', call('closeRequest', { id: sub.id, outcome: 'referred' }, agentA));
    await rec('asker', call('rateRequest', { id: sub.id, score: 5 }, asker));
    await rec('supervisor', call('metrics', { from: '2025-03-03', to: '2025-03-03' }, supervisor));
    await rec('supervisor', call('dutyBoard', {}, supervisor));
    await rec('supervisor', call('getRequest', { id: sub.id }, supervisor));
    await rec('admin', t.call('accounts', 'queryAuditLog', { limit: 200 }, { openid: admin.openid }));
    await rec('police', t.call('accounts', 'me', {}, { openid: police.openid }));

    for (const { who, body } of responses) {
      const text = JSON.stringify(body);
      for (const s of secrets.slice(0, 2)) expect({ who, leaks: text.includes(s) }).toEqual({ who, leaks: false });
    }
    const audit = await all(C.auditLog, { 'target.id': sub.id });
    expect(audit.length).toBeGreaterThan(3);
    const log = JSON.stringify(await all(C.auditLog));
    for (const s of secrets.slice(0, 2)) expect(log).not.toContain(s);
    // The requester's own entries name the request's pseudonym, as role `public`.
    const own = audit.filter((e) => e.actor.pseudonym);
    expect(own.length).toBe(3); // submit, message, rating
    expect(new Set(own.map((e) => e.actor.pseudonym)).size).toBe(1);
    expect(own.every((e) => e.role === 'public')).toBe(true);
    // Stored: the openid only sealed; notifications keyed by a hash.
    const stored = JSON.stringify([...(await all('helplineRequests', { _id: sub.id })), ...(await all('notifications')), ...(await all('helplineMessages', { requestId: sub.id }))]);
    expect(stored).not.toContain(asker.openid);
    expect(stored).not.toContain(asker.personId!);
  });
});
