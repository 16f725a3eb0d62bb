/**
 * Life teachers' care (docs/schools.md "Life teachers"), through the deployed functions:
 * - a life teacher of school A sees A's registered children, boarders first, the never-cared-for
 *   child due; logs care and it is no longer due; a teacher of school B sees and logs nothing of A;
 * - 亲情电话: the father's number is given to A's life teacher only, and the reveal is audited;
 * - the parent reads the school's notes; a parent of another child cannot;
 * - the daily reminder: after the county's 14 days without care, A's life teacher gets one
 *   `schools.lifeCareDue` in 消息 (not before 8:00, not twice a day).
 */
import type { ChildCareView, LifeCareListView, ParentCareNotes } from '../../cloudfunctions/_shared/contracts/schools';
import { seal } from '../../cloudfunctions/_shared/access/sealed';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SIDES, insert, makePersona, useStackKey, type Persona } from '../helpers/access-world';
import { code, data } from './care-helpers';

jest.setTimeout(180_000);

const IN = SIDES.in;
const NEAR = SIDES.near;
const NOW = new Date('2026-10-12T09:00:00+08:00');

let t: TestStack;
let who: Record<'lifeA' | 'lifeB' | 'staffA' | 'parent' | 'otherParent', Persona>;

const call = <T>(action: string, input: unknown, p: Persona) => t.call<T>('schools', action, input, { openid: p.openid });

async function seedChild(id: string, boarding: boolean, name: string, extra: Record<string, unknown> = {}): Promise<void> {
  await insert(t.app, 'children', {
    _id: id,
    name,
    birthDate: '2016-03-01',
    countyCode: IN.countyCode,
    townshipCode: IN.townshipCode,
    villageCode: IN.villageCode,
    schoolId: IN.schoolId,
    boarding,
    status: 'active',
    version: 1,
    ...extra,
  });
}

async function inbox(p: Persona, kind: string): Promise<{ title: string }[]> {
  return (await t.app.database().collection('notifications').where({ recipient: `p:${p.personId}`, kind }).get()).data as { title: string }[];
}

beforeAll(async () => {
  t = await startTestStack({ functions: ['schools', 'scheduler', 'inbox'] });
  useStackKey(t);
  t.clock.set(NOW);
  await insert(t.app, 'schools', { _id: IN.schoolId, name: '尧渡中心小学', countyCode: IN.countyCode, townshipCode: IN.townshipCode, regionCode: IN.townshipCode, boarding: true, createdAt: new Date() });
  await insert(t.app, 'schools', { _id: NEAR.schoolId, name: '东流初级中学', countyCode: IN.countyCode, townshipCode: NEAR.townshipCode, regionCode: NEAR.townshipCode, boarding: true, createdAt: new Date() });
  await seedChild('lc-day', false, '陈小川');
  await seedChild('lc-board', true, '林小雨', { father: { name: '林大山', phone: seal('guardian.phone', '13900001234') } });
  await seedChild('lc-left', true, '王小花', { status: 'left' });
  who = {
    lifeA: await makePersona(t.app, 'lifeTeacher', IN),
    lifeB: await makePersona(t.app, 'lifeTeacher', NEAR),
    staffA: await makePersona(t.app, 'schoolStaff', IN),
    parent: await makePersona(t.app, 'parent', { ...IN, childId: 'lc-board' }),
    otherParent: await makePersona(t.app, 'parent', IN),
  };
});
afterAll(() => t?.stop());

test('a life teacher sees the school’s registered children, boarders first; care logged in one call moves the child off the due list', async () => {
  const list = data(await call<LifeCareListView>('listLifeCare', {}, who.lifeA));
  expect(list.schoolName).toBe('尧渡中心小学');
  expect(list.children.map((c) => [c.name, c.boarding, c.due])).toEqual([
    ['林小雨', true, true],
    ['陈小川', false, true],
  ]);
  expect(list.children[0].parents).toEqual([{ parent: 'father', label: '父亲', name: '林大山' }]);
  expect(list.dueCount).toBe(2);
  expect(list.canLog).toBe(true);

  const after = data(await call<ChildCareView>('logCare', { childId: 'lc-board', kind: 'comfort', note: '想妈妈了，陪她聊了一会儿' }, who.lifeA));
  expect(after.logs.map((l) => [l.kind, l.on, l.note])).toEqual([['comfort', '2026-10-12', '想妈妈了，陪她聊了一会儿']]);
  expect(after.due).toBe(false);
  const again = data(await call<LifeCareListView>('listLifeCare', {}, who.lifeA));
  expect(again.children.find((c) => c.childId === 'lc-board')).toMatchObject({ lastCareOn: '2026-10-12', lastKind: 'comfort', daysSince: 0, due: false });
  expect(again.dueCount).toBe(1);

  // School staff read but do not log.
  expect(data(await call<LifeCareListView>('listLifeCare', {}, who.staffA)).canLog).toBe(false);
  expect(code(await call('logCare', { childId: 'lc-day', kind: 'comfort' }, who.staffA))).toBe('FORBIDDEN');
  // A note with a hidden control character is refused, naming the field.
  const bad = await call('logCare', { childId: 'lc-day', kind: 'comfort', note: '正常\u0007' }, who.lifeA);
  expect(code(bad)).toBe('VALIDATION_FAILED');
});

test('a life teacher of school B reaches nothing of school A', async () => {
  expect(code(await call('listLifeCare', { schoolId: IN.schoolId }, who.lifeB))).toBe('FORBIDDEN');
  expect(data(await call<LifeCareListView>('listLifeCare', {}, who.lifeB)).children).toEqual([]);
  expect(code(await call('getChildCare', { childId: 'lc-board' }, who.lifeB))).toBe('FORBIDDEN');
  expect(code(await call('logCare', { childId: 'lc-board', kind: 'homeSchool' }, who.lifeB))).toBe('FORBIDDEN');
  expect(code(await call('dialParent', { childId: 'lc-board', parent: 'father' }, who.lifeB))).toBe('FORBIDDEN');
});

test('亲情电话: the number is given for the call, the reveal is audited; no number on file says whom to ask', async () => {
  const r = data(await call<{ phone: string }>('dialParent', { childId: 'lc-board', parent: 'father' }, who.lifeA));
  expect(r.phone).toBe('13900001234');
  const audits = (await t.app.database().collection('auditLog').where({ action: 'schools.dialParent', op: 'reveal' }).get()).data as { fields: string[]; target: { id: string }; reason: string }[];
  expect(audits.map((a) => [a.target.id, a.fields, a.reason])).toEqual([['lc-board', ['father.phone'], '亲情电话']]);
  const none = await call('dialParent', { childId: 'lc-board', parent: 'mother' }, who.lifeA);
  expect(code(none)).toBe('NOT_FOUND');
  expect((none as { error: { message: string } }).error.message).toBe('档案中没有登记母亲的电话，请联系村专干补充');
  data(await call('logCare', { childId: 'lc-board', kind: 'familyCall', parent: 'father' }, who.lifeA));
});

test('the parent reads the school’s care notes on 亲情连线; another child’s parent cannot', async () => {
  const notes = data(await call<ParentCareNotes>('parentCareNotes', { childId: 'lc-board' }, who.parent));
  expect(notes.schoolName).toBe('尧渡中心小学');
  // Both logged at the same fixed instant: compare without order.
  expect(notes.notes.map((n) => `${n.kind}/${n.byName}/${n.on}`).sort()).toEqual(['comfort/测试人员/2026-10-12', 'familyCall/测试人员/2026-10-12']);
  expect(code(await call('parentCareNotes', { childId: 'lc-board' }, who.otherParent))).toBe('FORBIDDEN');
});

test('the daily reminder: after 14 days without care the life teacher is told once, not before 8:00', async () => {
  const timer = { Type: 'Timer', TriggerName: 'tick', Time: '', Message: '' };
  // The stand-in's own timer may be running the same tick: wait for it too.
  const tick = async () => {
    await t.invoke('scheduler', timer);
    await t.settleTimers();
  };
  // Day 0 (9:00): 陈小川 has never had care → told today.
  await tick();
  expect((await inbox(who.lifeA, 'schools.lifeCareDue')).map((n) => n.title)).toEqual(['1名孩子超过14天没有关爱记录']);
  await tick();
  expect(await inbox(who.lifeA, 'schools.lifeCareDue')).toHaveLength(1);
  expect(await inbox(who.lifeB, 'schools.lifeCareDue')).toHaveLength(0);
  // 陈小川 cared for today; 14 days later at 7:00 nothing yet, at 8:00 both are due again.
  data(await call('logCare', { childId: 'lc-day', kind: 'tutoring' }, who.lifeA));
  t.clock.set(new Date('2026-10-26T07:00:00+08:00'));
  await tick();
  expect(await inbox(who.lifeA, 'schools.lifeCareDue')).toHaveLength(1);
  t.clock.set(new Date('2026-10-26T08:01:00+08:00'));
  await tick();
  const titles = (await inbox(who.lifeA, 'schools.lifeCareDue')).map((n) => n.title).sort();
  expect(titles).toEqual(['1名孩子超过14天没有关爱记录', '2名孩子超过14天没有关爱记录']);
  t.clock.set(NOW);
});
