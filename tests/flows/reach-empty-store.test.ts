/**
 * Issue 11's acceptance flow on an EMPTY store (no demo data), through the actions the pages call:
 * the one-time setup code makes the county admin (我的 → 输入邀请码); the admin invites a township
 * officer (邀请), who invites a village officer, who imports the village roster (导入花名册) and,
 * from the child file, invites the father and the grandmother (familyInviteOptions' suggestions);
 * each accepts on the accept page; the father writes to the caregiver, who finds it in 消息, opens
 * the thread it points to and answers; the father sees the answer and its read mark. The officer
 * then submits an immediate (missing-child) report: the township officer's 消息 shows it within
 * one scheduler tick, and once the acknowledgement deadline passes the county admin's 消息 shows
 * the escalation.
 */
import { ensureSetupCode } from '../../local/bootstrap';
import { generateRoster } from '../helpers/census-generator';
import { startTestStack, type TestStack } from '../helpers/stack';
import { useStackKey } from '../helpers/access-world';
import { importRoster } from '../functions/registry-helpers';

jest.setTimeout(240_000);

const COUNTY = '341721';
const TOWNSHIP = '341721100';
const VILLAGE = '341721100001';
/** A Beijing wall-clock instant (before the machine clock, so no timer catches up years). */
const bj = (s: string) => new Date(`${s}+08:00`);

let t: TestStack;
let seq = 0;
const rid = () => `flow-request-${seq++}`;
const people = { admin: 'o-flow-admin', township: 'o-flow-township', officer: 'o-flow-officer', father: 'o-flow-father', grandma: 'o-flow-grandma' };

/** Calls as a WeChat user and unwraps the envelope (a failure fails the test with its message). */
async function as<T = any>(openid: string, fn: string, action: string, data: unknown = {}): Promise<T> {
  const r = await t.call<T>(fn, action, data, { openid });
  if (!r.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(r.error)}`);
  return r.data;
}
const inbox = async (openid: string) => (await as<any>(openid, 'inbox', 'list', {})).items as any[];

beforeAll(async () => {
  t = await startTestStack({ functions: ['accounts', 'registry', 'guardianship', 'care', 'inbox', 'scheduler', 'supervision'] });
  useStackKey(t);
  t.clock.set(bj('2026-10-12T09:00:00'));
  await t.settleTimers();
}, 180_000);
afterAll(async () => t?.stop());

test('from the setup code to a family thread, a report in the township’s 消息 and its escalation to the county admin', async () => {
  const db = t.app.database();
  // Empty: nobody, no child.
  expect((await db.collection('children').count()).total).toBe(0);
  expect((await db.collection('roleBindings').count()).total).toBe(0);

  // 1. The setup code (printed by `npm start -- --no-demo`) makes the first county admin.
  const setup = (await ensureSetupCode(t.app, { countyCode: COUNTY, now: t.clock.now() }))!;
  expect(await as(people.admin, 'accounts', 'acceptInvitation', { code: setup.code })).toMatchObject({ role: 'countyAdmin' });

  // 2. Admin → township officer → village officer, each through 邀请 and the accept page.
  const townshipChoice = (await as(people.admin, 'accounts', 'inviteOptions')).roles
    .find((r: any) => r.role === 'townshipStaff')
    .choices.find((c: any) => c.scope.codes[0] === TOWNSHIP);
  expect(townshipChoice.label).toBe('尧渡镇');
  const toTownship = await as(people.admin, 'accounts', 'createInvitation', { role: 'townshipStaff', scope: townshipChoice.scope, inviteeName: '周明远', requestId: rid() });
  expect(await as(people.township, 'accounts', 'acceptInvitation', { code: toTownship.code })).toMatchObject({ role: 'townshipStaff' });

  const villageChoice = (await as(people.township, 'accounts', 'inviteOptions')).roles[0].choices.find((c: any) => c.scope.codes[0] === VILLAGE);
  const toOfficer = await as(people.township, 'accounts', 'createInvitation', { role: 'villageOfficer', scope: villageChoice.scope, inviteeName: '王芳', requestId: rid() });
  expect(await as(people.officer, 'accounts', 'acceptInvitation', { code: toOfficer.code })).toMatchObject({ role: 'villageOfficer' });
  // Each issuer is told in 消息 that their invitation was taken up.
  expect((await inbox(people.admin)).map((n) => n.kind)).toContain('accounts.invitationAccepted');
  expect((await inbox(people.township)).map((n) => n.kind)).toContain('accounts.invitationAccepted');

  // 3. The village officer imports the village roster: one child, father away, grandmother caring.
  const roster = await generateRoster({
    format: 'csv-utf8',
    county: { code: COUNTY, name: '东至县' },
    town: { code: TOWNSHIP, name: '尧渡镇' },
    sheets: [{ sheetName: '团结社区', village: { code: VILLAGE, name: '团结社区' }, families: [{ children: [{}] }] }],
    headerStyle: 'one-row',
    censusDate: '2026-09-30',
    seed: 5,
  });
  const run = await importRoster(t, people.officer, { name: '341721-尧渡镇-团结社区.csv', bytes: roster.bytes });
  expect(run.progress.counts.accepted).toBe(1);
  const child = (await as(people.officer, 'registry', 'searchChildren', {})).children[0];
  expect(child).toBeTruthy();
  const childId: string = child.id ?? child.childId;

  // 4. From the child file: the family on file, invited and accepted.
  const family = await as(people.officer, 'accounts', 'familyInviteOptions', { childId });
  const father = family.child.suggestions.find((s: any) => s.relation === '父亲');
  const caregiver = family.child.suggestions.find((s: any) => s.role === 'entrustedGuardian');
  expect(father).toBeTruthy();
  expect(caregiver).toBeTruthy();
  const scope = { kind: 'children', childIds: [childId] };
  const toFather = await as(people.officer, 'accounts', 'createInvitation', { role: 'parent', scope, inviteeName: father.name, requestId: rid() });
  const toGrandma = await as(people.officer, 'accounts', 'createInvitation', { role: 'entrustedGuardian', scope, inviteeName: caregiver.name, requestId: rid() });
  expect(await as(people.father, 'accounts', 'acceptInvitation', { code: toFather.code })).toMatchObject({ role: 'parent' });
  expect(await as(people.grandma, 'accounts', 'acceptInvitation', { code: toGrandma.code })).toMatchObject({ role: 'entrustedGuardian' });

  // 5. The father writes to the caregiver from 亲情连线; she finds it in 消息 and it opens the thread.
  const sent = await as(people.father, 'guardianship', 'sendMessage', { childId, to: 'entrustedGuardian', text: '妈，孩子这周发烧好了吗？', requestId: rid() });
  expect(sent.delivered).toBeGreaterThanOrEqual(1);
  const notes = (await inbox(people.grandma)).filter((n) => n.kind === 'guardianship.parentMessage');
  expect(notes).toHaveLength(1);
  const note = notes[0];
  expect(note.readAt).toBeNull();
  expect(note.page).toBe(`/packageGuardianship/pages/messages/index?childId=${childId}`);
  expect(note.body).not.toContain('发烧'); // the inbox says who wrote, the thread holds the words
  const thread = await as(people.grandma, 'guardianship', 'listMessages', { childId });
  expect(thread.unread).toBe(1);
  expect(thread.messages.map((m: any) => m.text)).toEqual(['妈，孩子这周发烧好了吗？']);
  expect(thread.canWriteTo.map((w: any) => w.role)).toContain('parent');
  // She answers a few minutes later (this test's clock stands still unless moved; the thread is in time order).
  t.clock.set(new Date(t.clock.now().getTime() + 5 * 60_000));
  await as(people.grandma, 'guardianship', 'sendMessage', { childId, to: 'parent', text: '已经退烧了，今天上学去了。', requestId: rid() });

  const fathersView = await as(people.father, 'guardianship', 'listMessages', { childId });
  expect(fathersView.messages.map((m: any) => [m.mine, m.text])).toEqual([
    [true, '妈，孩子这周发烧好了吗？'],
    [false, '已经退烧了，今天上学去了。'],
  ]);
  expect(fathersView.messages[0].read).toBe(true); // the grandmother opened it
  expect((await inbox(people.father)).filter((n) => n.kind === 'guardianship.parentMessage').map((n) => n.page)).toEqual([note.page]);

  // 6. An immediate report: the township officer's 消息 shows it within one scheduler tick.
  const submittedAt = t.clock.now();
  const report = await as(people.officer, 'care', 'submitReport', { requestId: rid(), kind: 'missing', childId, note: '孩子昨天傍晚出门后没有回家' });
  expect(report.nobodyReached).toBe(false);
  t.clock.set(new Date(submittedAt.getTime() + 60_000));
  await t.settleTimers();
  const townshipInbox = await inbox(people.township);
  const told = townshipInbox.filter((n) => n.ref?.id === report.reportId);
  expect(told).toHaveLength(1);
  expect(told[0].category).toBe('强制报告');
  expect(told[0].page).toContain(report.reportId);
  expect((await as(people.township, 'inbox', 'unreadCount')).unread).toBeGreaterThanOrEqual(1);
  // Not escalated yet.
  expect((await inbox(people.admin)).filter((n) => n.kind === 'care.reportEscalated')).toHaveLength(0);

  // 7. Nobody acknowledges it; past the deadline the county admin's 消息 shows the escalation.
  t.clock.set(new Date(submittedAt.getTime() + 61 * 60_000));
  await t.settleTimers();
  const escalated = (await inbox(people.admin)).filter((n) => n.kind === 'care.reportEscalated');
  expect(escalated.map((n) => n.ref?.id)).toEqual([report.reportId]);
  expect(escalated[0].page).toContain(report.reportId);
  expect((await as(people.admin, 'care', 'getReport', { reportId: report.reportId })).ackOverdue).toBe(true);
});
