/**
 * Referrals to a directory entry (issue 18): a helpline request and a child's case referred to the
 * county's protection centre are answered by its staff — bound to the centre by invitation — on
 * their page before the deadline; an entry nobody is bound to sends the order to the county
 * admins and says so; an overdue order is escalated to the county admins by the scheduler.
 * One stack for the file; each test starts from a reset database.
 */
import { startTestStack, type TestStack } from '../helpers/stack';
import { SIDES, insert, makePersona, seedWorld, useStackKey, type Persona } from '../helpers/access-world';

jest.setTimeout(120_000);

let t: TestStack;
const IN = SIDES.in;
const timerEvent = { Type: 'Timer', TriggerName: 'tick', Time: '', Message: '' };

async function seedRegions(): Promise<void> {
  const up = ['340000', '341700'];
  await insert(t.app, 'regions', { _id: IN.countyCode, code: IN.countyCode, name: '东至县', level: 'county', parentCode: '341700', ancestors: up });
  await insert(t.app, 'regions', { _id: IN.townshipCode, code: IN.townshipCode, name: '尧渡镇', level: 'township', parentCode: IN.countyCode, ancestors: [...up, IN.countyCode] });
  await insert(t.app, 'regions', { _id: IN.villageCode, code: IN.villageCode, name: '团结社区', level: 'village', parentCode: IN.townshipCode, ancestors: [...up, IN.countyCode, IN.townshipCode] });
}

beforeAll(async () => {
  t = await startTestStack({ functions: ['community', 'helpline', 'accounts', 'inbox', 'scheduler'] });
  useStackKey(t);
}, 120_000);
afterAll(async () => t?.stop());
beforeEach(async () => {
  await t.reset();
  t.clock.set(new Date('2026-07-06T01:00:00Z'));
  await seedRegions();
  await seedWorld(t.app);
  await insert(t.app, 'helplineTeams', { _id: IN.teamId, name: '12355热线', default: true });
});

async function ok<T = any>(fn: string, action: string, data: unknown, p: Persona | { openid: string }): Promise<T> {
  const r = await t.call<T>(fn, action, data, { openid: p.openid });
  if (!r.ok) throw new Error(`${fn}.${action} failed: ${JSON.stringify(r.error)}`);
  return r.data;
}
async function inbox(p: Persona | { openid: string }): Promise<[string, string, string][]> {
  const r = await t.call<any>('inbox', 'list', {}, { openid: p.openid });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data.items.map((n: any) => [n.kind, n.title, n.page]);
}
const centre = { kind: 'centre', name: '东至县未成年人保护中心', regionCode: IN.countyCode, address: '尧渡镇建设路8号', hours: '全天24小时', phone: '0566-7020000', services: ['shelter', 'counselling', 'referral'] };

/** The county registers the centre and invites its staff member, who accepts (bound to the centre). */
async function staffedCentre(admin: Persona): Promise<{ siteId: string; staff: { openid: string } }> {
  const site = await ok('community', 'saveSite', centre, admin);
  const options = await ok('accounts', 'inviteOptions', {}, admin);
  const role = options.roles.find((r: any) => r.role === 'siteStaff');
  expect(role.roleLabel).toBe('服务机构工作人员');
  const choice = role.choices.find((c: any) => c.label === centre.name);
  expect(choice.scope).toEqual({ kind: 'site', siteId: site.siteId, regionCode: IN.countyCode });
  const inv = await ok('accounts', 'createInvitation', { role: 'siteStaff', scope: choice.scope, inviteeName: '周静', requestId: `inv-${site.siteId}` }, admin);
  const staff = { openid: 'o-centre-zhou' };
  await ok('accounts', 'acceptInvitation', { code: inv.code }, staff);
  return { siteId: site.siteId, staff };
}

test('a helpline referral to the protection centre is answered by its staff on their page', async () => {
  const admin = await makePersona(t.app, 'countyAdmin');
  const agent = await makePersona(t.app, 'helplineAgent');
  const { siteId, staff } = await staffedCentre(admin);

  const req = await ok('helpline', 'submitRequest', { requestId: 'req-centre-0001', category: 'psychological', description: '孩子说家里没人管，晚上害怕', requesterKind: 'child' }, { openid: 'o-asker' });
  await ok('helpline', 'claim', { id: req.id }, agent);
  const targets = await ok('helpline', 'handoffTargets', {}, agent);
  // The county-wide centre comes first (the access world's township stations follow, nobody bound).
  expect(targets.sites[0]).toEqual({ siteId, name: centre.name, kindLabel: '未成年人保护中心', regionCode: IN.countyCode, staffed: true });
  expect(targets.sites.slice(1).map((s: any) => s.staffed)).toEqual([false, false, false]);
  const sent = await ok('helpline', 'refer', { id: req.id, department: 'site', siteId, summary: '孩子夜间独自在家，请评估是否需要临时照料', reason: '需要专业机构评估', deadlineDays: 2 }, agent);
  expect([sent.notified, sent.nobodyReached, sent.routeNote, sent.referral.siteName]).toEqual([1, false, undefined, centre.name]);

  // The centre's staff are told in 消息, see it on 转介单 and answer it before the deadline.
  expect(await inbox(staff)).toEqual([['helpline.referral', `12355热线转介单（${centre.name}）`, '/packageHelpline/pages/referrals/index']]);
  const [listed] = (await ok('helpline', 'listReferrals', { status: 'sent' }, staff)).referrals;
  expect([listed.siteName, listed.summary, listed.statusLabel]).toEqual([centre.name, '孩子夜间独自在家，请评估是否需要临时照料', '待答复']);
  t.clock.set(new Date('2026-07-07T01:00:00Z'));
  const answered = (await ok('helpline', 'answerReferral', { referralId: listed.id, reply: '已上门评估，安排临时照料' }, staff)).referral;
  expect([answered.statusLabel, answered.answeredInTime]).toEqual(['已答复', true]);
  // The agent sees the centre's answer on the request.
  const detail = await ok('helpline', 'getRequest', { id: req.id }, agent);
  expect(detail.referrals.map((r: any) => [r.siteName, r.reply])).toEqual([[centre.name, '已上门评估，安排临时照料']]);

  // Staff of another entry see nothing of it.
  const other = await ok('community', 'saveSite', { ...centre, kind: 'organisation', name: '东至县阳光社工服务中心', phone: '0566-7030000' }, admin);
  const otherStaff = await makePersona(t.app, 'siteStaff', IN, { scope: { kind: 'site', siteId: other.siteId, regionCode: IN.countyCode } });
  expect((await ok('helpline', 'listReferrals', {}, otherStaff)).referrals).toEqual([]);
});

test('a child’s case referred to the centre: staff answer on 转介单, the referrer is told; nobody bound → the county admins, said plainly; overdue → escalated', async () => {
  const admin = await makePersona(t.app, 'countyAdmin');
  const officer = await makePersona(t.app, 'townshipStaff');
  const { siteId, staff } = await staffedCentre(admin);
  const org = await ok('community', 'saveSite', { ...centre, kind: 'organisation', name: '尧渡镇阳光社工站', regionCode: IN.townshipCode, phone: '0566-7030000' }, admin);

  // The county-wide centre first, then the child's township's entries (not another township's).
  const targets = await ok('community', 'referTargets', { childId: IN.childId }, officer);
  expect(targets.sites.map((s: any) => [s.name, s.place, s.staffed])).toEqual([
    [centre.name, '全县', true],
    [`未成年人保护工作站${IN.townshipCode}`, '尧渡镇', false],
    ['尧渡镇阳光社工站', '尧渡镇', false],
  ]);

  const sent = await ok('community', 'referChild', { childId: IN.childId, siteId, summary: '孩子父母在外务工，近期情绪低落，请安排心理疏导', reason: '需要专业心理疏导' }, officer);
  expect([sent.notified, sent.routeNote]).toEqual([1, undefined]);
  expect(await inbox(staff)).toEqual([['community.referral', `儿童转介单（${centre.name}）`, `/packageCommunity/pages/referrals/index?id=${sent.referral.referralId}`]]);
  const [mine] = (await ok('community', 'siteReferrals', {}, staff)).referrals;
  // The centre sees the child's name masked, where the child lives and who referred.
  expect([mine.childName, mine.place, mine.referredBy, mine.statusLabel, mine.answerable]).toEqual(['林*雨', '尧渡镇 · 团结社区', '测试人员', '待答复', true]);
  const done = (await ok('community', 'answerSiteReferral', { referralId: mine.referralId, reply: '已安排每周一次心理疏导' }, staff)).referral;
  expect([done.statusLabel, done.answeredInTime, done.answerable]).toEqual(['已答复', true, false]);
  expect(await inbox(officer)).toEqual([['community.referralAnswered', `${centre.name}已答复转介单`, `/packageCommunity/pages/referrals/index?id=${mine.referralId}`]]);
  const again = await t.call('community', 'answerSiteReferral', { referralId: mine.referralId, reply: '再次答复' }, { openid: staff.openid });
  expect(again.ok ? 'ok' : again.error.code).toBe('CONFLICT');

  // The social organisation has nobody bound: the county admin is told, and the order says so.
  const unstaffed = await ok('community', 'referChild', { childId: IN.childId, siteId: org.siteId, summary: '寒假无人照看，请安排日间照料', reason: '需要假期日间照料', deadlineDays: 1 }, officer);
  expect(unstaffed.routeNote).toBe('该机构还没有绑定工作人员，转介单已转县民政局管理员处理');
  const community = async () => (await inbox(admin)).filter((n) => n[0].startsWith('community.'));
  expect((await community()).map((n) => n[0])).toEqual(['community.referral']);
  // Past its deadline unanswered, the scheduler escalates it once to the county admins.
  t.clock.set(new Date('2026-07-07T02:00:00Z'));
  await t.invoke('scheduler', timerEvent);
  await t.invoke('scheduler', timerEvent);
  expect((await community()).map((n) => [n[0], n[1]])).toEqual([
    ['community.referralOverdue', '儿童转介单逾期未答复（尧渡镇阳光社工站）'],
    ['community.referral', '儿童转介单（尧渡镇阳光社工站）'],
  ]);
  const listed = (await ok('community', 'siteReferrals', { status: 'sent' }, admin)).referrals;
  expect(listed.map((r: any) => [r.siteName, r.statusLabel, r.escalated, r.answerable])).toEqual([['尧渡镇阳光社工站', '已逾期', true, true]]);
});

test('with nobody at the entry and no county admin, the referral says nobody could be told', async () => {
  const officer = await makePersona(t.app, 'townshipStaff');
  await insert(t.app, 'communitySites', { _id: 'site-lonely', countyCode: IN.countyCode, regionCode: IN.townshipCode, kind: 'organisation', name: '尧渡镇社工站', address: '镇政府', hours: '工作日', phone: { f: 'site.phone', c: '', m: '' }, services: ['counselling'], status: 'open' });
  const sent = await ok('community', 'referChild', { childId: IN.childId, siteId: 'site-lonely', summary: '请安排心理疏导服务', reason: '需要专业心理疏导' }, officer);
  expect([sent.notified, sent.routeNote]).toEqual([0, '该机构还没有绑定工作人员，县里也没有管理员，转介单未能送达任何人，请直接电话联系该机构']);
  const unreached = (await t.app.database().collection('unreachedUrgent').where({ countyCode: IN.countyCode }).get()).data;
  expect(unreached.map((u: any) => [u.kind, u.summary])).toEqual([['siteReferral', '儿童转介（尧渡镇社工站）']]);
});
