/**
 * Urgent work never fails silently (issue 13): an immediate report or a helpline referral for a
 * place where nobody is bound still reaches a person — the county admins — or, with nobody at
 * all, is stored, answers plainly that nobody was told, and waits on the county admin's 工作台
 * until someone is bound.
 */
import type { ExampleSide } from '../../cloudfunctions/_shared/access/spec';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SIDES, insert, makePersona, seedWorld, useStackKey, type Persona } from '../helpers/access-world';
import { addChild, careCall, data, notificationsOf, rid } from './care-helpers';

jest.setTimeout(120_000);

// A county of its own (青阳县's code) where, at first, only one village officer is bound.
const EMPTY: ExampleSide = { countyCode: '341723', townshipCode: '341723100', villageCode: '341723100001', childId: 'u-child', schoolId: 'u-school', teamId: SIDES.in.teamId, siteId: 'u-site' };

let t: TestStack;
let officer: Persona;

beforeAll(async () => {
  t = await startTestStack({ functions: ['care', 'accounts', 'helpline', 'inbox'] });
  useStackKey(t);
  await seedWorld(t.app);
  await addChild(t, EMPTY.childId, { side: EMPTY });
  officer = await makePersona(t.app, 'villageOfficer', EMPTY);
});
afterAll(async () => t?.stop());

const unreached = async (who: Persona) => data(await t.call<any>('accounts', 'unreachedUrgent', {}, { openid: who.openid })).items;

test('a missing-child report where nobody is bound is stored, says to call 110, and waits on the county admin’s 工作台', async () => {
  const r = data(await careCall(t, 'submitReport', { requestId: rid(), kind: 'missing', childId: EMPTY.childId, note: '孩子昨晚没有回家' }, officer));
  expect(r).toMatchObject({ duplicate: false, status: 'open', notified: 0, notifiedWho: 'nobody', nobodyReached: true });
  // Stored: the reporter finds it in their list.
  expect(data(await careCall(t, 'myReports', {}, officer)).reports.map((x: any) => x.reportId)).toContain(r.reportId);

  // The first county admin bound afterwards sees it, with the page it opens.
  const admin = await makePersona(t.app, 'countyAdmin', EMPTY);
  const items = await unreached(admin);
  expect(items).toEqual([expect.objectContaining({ kindLabel: '强制报告', page: `/packageCare/pages/report/index?reportId=${r.reportId}` })]);
  expect(items[0].summary).toContain('失踪');
  // A county admin elsewhere does not.
  const otherAdmin = await makePersona(t.app, 'countyAdmin', SIDES.in);
  expect((await unreached(otherAdmin)).map((x: any) => x.page)).not.toContain(items[0].page);
  // Nobody else may read the list.
  expect((await t.call('accounts', 'unreachedUrgent', {}, { openid: officer.openid })).ok).toBe(false);
});

test('with a county admin but no township staff or police, the county admin is told at once and the answer says so', async () => {
  const side: ExampleSide = { ...EMPTY, townshipCode: '341723101', villageCode: '341723101001', childId: 'u-child-2' };
  await addChild(t, side.childId, { side });
  const reporter = await makePersona(t.app, 'villageOfficer', side);
  const admin = await makePersona(t.app, 'countyAdmin', side);
  const r = data(await careCall(t, 'submitReport', { requestId: rid(), kind: 'livingAlone', childId: side.childId, note: '孩子一个人住' }, reporter));
  expect(r.notifiedWho).toBe('county');
  expect(r.nobodyReached).toBe(false);
  expect(r.notified).toBeGreaterThanOrEqual(1);
  const told = (await notificationsOf(t, admin.personId!)).filter((n) => n.ref.id === r.reportId);
  expect(told).toHaveLength(1);
  expect((await unreached(admin)).map((x: any) => x.page)).not.toContain(`/packageCare/pages/report/index?reportId=${r.reportId}`);
});

test('township staff but no police: both the township and the county admins are told, the county as a new report (not an overdue one), and the answer says who', async () => {
  const side: ExampleSide = { ...EMPTY, townshipCode: '341723102', villageCode: '341723102001', childId: 'u-child-3' };
  await addChild(t, side.childId, { side });
  const reporter = await makePersona(t.app, 'villageOfficer', side);
  const township = await makePersona(t.app, 'townshipStaff', side, { supervisor: true });
  const admin = await makePersona(t.app, 'countyAdmin', side);
  const r = data(await careCall(t, 'submitReport', { requestId: rid(), kind: 'missing', childId: side.childId, note: '孩子放学没有回家' }, reporter));
  expect(r.told).toMatchObject({ townshipStaff: 1, police: 0 });
  expect(r.told.countyAdmin).toBeGreaterThanOrEqual(1);
  expect(r.notifiedWho).toBe('region');
  const toTownship = (await notificationsOf(t, township.personId!)).filter((n) => n.ref.id === r.reportId);
  expect(toTownship.map((n) => n.title)).toEqual(['强制报告待处理']);
  const toCounty = (await notificationsOf(t, admin.personId!)).filter((n) => n.ref.id === r.reportId);
  expect(toCounty.map((n) => n.title)).toEqual(['强制报告待处理（当地无人接收）']);
  expect(toCounty[0].body).toContain('当地派出所没有人使用本系统');
  expect(toCounty[0].body).not.toContain('未确认');
});

test('a county admin reporting where no township staff or police are bound is not told of, nor counted for, their own report; a county admin can sign it off', async () => {
  const side: ExampleSide = { ...EMPTY, townshipCode: '341723103', villageCode: '341723103001', childId: 'u-child-4' };
  await addChild(t, side.childId, { side });
  const admin = await makePersona(t.app, 'countyAdmin', side);
  const r = data(await careCall(t, 'submitReport', { requestId: rid(), kind: 'livingAlone', childId: side.childId, note: '孩子一个人住' }, admin));
  // The county's other admins (bound by the tests above) are told; the reporter is not.
  const res = await t.app.database().collection('notifications').where({ 'ref.id': r.reportId }).limit(100).get();
  const toldPeople = [...new Set((res.data as any[]).map((n) => n.to.personId))];
  expect(toldPeople).not.toContain(admin.personId);
  expect(toldPeople.length).toBeGreaterThanOrEqual(1);
  expect(r.told).toEqual({ townshipStaff: 0, police: 0, countyAdmin: toldPeople.length });
  expect(r.notified).toBe(toldPeople.length);
  const closed = data(await careCall(t, 'closeReport', { reportId: r.reportId, outcome: 'childSafe', note: '已由县民政局核实，孩子由姑姑照料' }, admin));
  expect(closed.status).toBe('closed');
});

test('a report for a village code that does not exist is refused, naming 村（社区）', async () => {
  const res = await careCall(t, 'submitReport', { requestId: rid(), kind: 'missing', villageCode: '341723999999', childDescription: '约10岁男孩', note: '孩子不见了' }, officer);
  expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: '村（社区）：没有这个村（社区），请从列表中选择' } });
});

test('a helpline referral to the police of a township with no police reaches the county admin; with nobody it is recorded', async () => {
  await insert(t.app, 'helplineTeams', { _id: SIDES.in.teamId, name: '12355热线', default: true });
  const agent = await makePersona(t.app, 'helplineAgent', SIDES.in);
  const refer = async (regionCode: string) => {
    const req = data(await t.call<any>('helpline', 'submitRequest', { requestId: rid(), category: 'legal', description: '放学路上有人拦着要钱', requesterKind: 'child' }, { openid: `o-u-${rid()}` }));
    data(await t.call('helpline', 'claim', { id: req.id }, { openid: agent.openid }));
    return data(await t.call<any>('helpline', 'refer', { id: req.id, department: 'police', regionCode, summary: '学生放学途中被索要财物，请核实', reason: '涉及人身财产安全需公安介入' }, { openid: agent.openid }));
  };
  // 341724 (another county code): nobody at all.
  const nobody = await refer('341724100');
  expect(nobody).toMatchObject({ notified: 0, nobodyReached: true });
  const admin24 = await makePersona(t.app, 'countyAdmin', { ...EMPTY, countyCode: '341724', townshipCode: '341724100', villageCode: '341724100001' });
  expect((await unreached(admin24)).map((x: any) => x.kindLabel)).toEqual(['热线转介']);

  // EMPTY's county now has admins but its township no police: the admins are told.
  const some = await refer(EMPTY.townshipCode);
  expect(some.nobodyReached).toBe(false);
  const admin = await makePersona(t.app, 'countyAdmin', EMPTY);
  expect(some.notified).toBeGreaterThanOrEqual(1);
  const police = await makePersona(t.app, 'police', EMPTY);
  const third = await refer(EMPTY.townshipCode);
  expect(third.notified).toBe(1);
  const inbox = await notificationsOf(t, police.personId!, 'helpline.referral');
  expect(inbox.map((n) => n.ref.id)).toEqual([third.referral.id]);
  expect((await notificationsOf(t, admin.personId!, 'helpline.referral')).map((n) => n.ref.id)).not.toContain(third.referral.id);
});
