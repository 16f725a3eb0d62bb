/**
 * 留守儿童之家 (docs/schools.md "留守儿童之家"), through the deployed functions:
 * - a boarding school without a home shows as 未建 on the coverage list and the board;
 * - its staff build the home, a life teacher records an activity with a child and a photo;
 * - a county admin inspects it with scores → the stars by the county's thresholds, the school's
 *   staff are told in 消息, the board's coverage and stars change, the directory lists the home;
 * - a teacher of school A cannot see or edit school B's home;
 * - bad input (a score above the item's maximum, an unknown item, items left out) is refused
 *   naming the field in Chinese, and nothing is written.
 */
import type { HomeCoverageView, HomeSettingsView, HomeView } from '../../cloudfunctions/_shared/contracts/schools';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SIDES, insert, makePersona, seedSchools, useStackKey, type Persona } from '../helpers/access-world';
import { uploadToSlot } from '../helpers/uploads';
import { data } from './care-helpers';

jest.setTimeout(240_000);

const IN = SIDES.in;
const NEAR = SIDES.near;
const NOW = new Date('2026-11-25T10:00:00+08:00');

let t: TestStack;
let who: Record<'staffA' | 'lifeA' | 'teacherB' | 'staffB' | 'admin' | 'township', Persona>;

const call = <T>(action: string, input: unknown, p: Persona) => t.call<T>('schools', action, input, { openid: p.openid });
const fail = async (action: string, input: unknown, p: Persona) => {
  const r = await call(action, input, p);
  if (r.ok) throw new Error(`${action} should have been refused`);
  return r.error as { code: string; message: string; details?: { issues?: { path: string; label: string }[] } };
};

const FULL = [
  { item: 'i1', score: 18 },
  { item: 'i2', score: 19 },
  { item: 'i3', score: 13 },
  { item: 'i4', score: 17 },
  { item: 'i5', score: 12 },
  { item: 'i6', score: 7 },
];

async function board(key: string, regionCode: string): Promise<{ value: number; of?: number; items: { id: string; title: string; note: string; page: string | null }[] }> {
  expect((await t.call('supervision', 'refreshBoard', {}, { openid: who.admin.openid })).ok).toBe(true);
  const r = await t.call<any>('supervision', 'indicator', { key, regionCode }, { openid: who.admin.openid });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data;
}

beforeAll(async () => {
  t = await startTestStack({ functions: ['schools', 'supervision', 'inbox', 'community'] });
  useStackKey(t);
  t.clock.set(NOW);
  await seedSchools(t.app);
  await insert(t.app, 'children', { _id: 'hm-child', name: '林小雨', birthDate: '2016-03-01', countyCode: IN.countyCode, townshipCode: IN.townshipCode, villageCode: IN.villageCode, schoolId: IN.schoolId, boarding: true, status: 'active', version: 1 });
  await insert(t.app, 'children', { _id: 'hm-other', name: '王小花', birthDate: '2015-05-01', countyCode: IN.countyCode, townshipCode: NEAR.townshipCode, villageCode: NEAR.villageCode, schoolId: NEAR.schoolId, boarding: true, status: 'active', version: 1 });
  who = {
    staffA: await makePersona(t.app, 'schoolStaff', IN),
    lifeA: await makePersona(t.app, 'lifeTeacher', IN),
    teacherB: await makePersona(t.app, 'teacher', NEAR),
    staffB: await makePersona(t.app, 'schoolStaff', NEAR),
    admin: await makePersona(t.app, 'countyAdmin', IN),
    township: await makePersona(t.app, 'townshipStaff', IN),
  };
});
afterAll(() => t?.stop());

test('a boarding school without a home is 未建; staff build it, a life teacher records an activity; the county inspects → stars, the school is told, the board changes', async () => {
  // Before: both boarding schools of the county show, without a home.
  const before = data(await call<HomeCoverageView>('homeCoverage', {}, who.admin));
  expect(before.rows.filter((r) => r.boarding).map((r) => [r.schoolId, r.built])).toEqual(
    expect.arrayContaining([
      [IN.schoolId, false],
      [NEAR.schoolId, false],
    ]),
  );
  expect([before.boardingWithHome, before.boardingSchools]).toEqual([0, before.boardingSchools]);
  const town = data(await call<HomeCoverageView>('homeCoverage', {}, who.township));
  expect(town.rows.map((r) => r.schoolId)).toEqual([IN.schoolId]);
  expect((await fail('homeCoverage', { regionCode: NEAR.townshipCode }, who.township)).code).toBe('FORBIDDEN');
  const built0 = await board('homes.built', IN.townshipCode);
  expect([built0.value, built0.of]).toEqual([0, 1]);

  const none = data(await call<HomeView>('getHome', { schoolId: IN.schoolId }, who.staffA));
  expect(none.home).toBeUndefined();
  expect([none.canEdit, none.canRecord]).toEqual([true, false]);
  expect((await fail('recordHomeActivity', { schoolId: IN.schoolId, on: '2026-11-20', kind: 'festival', participants: 3 }, who.lifeA)).code).toBe('CONFLICT');

  // The school's staff build it, naming the life teacher as who runs it.
  expect(none.staff.map((s) => s.personId)).toEqual(expect.arrayContaining([who.lifeA.personId, who.staffA.personId]));
  const saved = data(
    await call<HomeView>(
      'saveHome',
      { schoolId: IN.schoolId, name: '阳光留守儿童之家', openedOn: '2025-09-01', facilities: ['activityRoom', 'readingCorner', 'familyPhone'], facilitiesNote: '心理咨询桌椅一套', runnerIds: [who.lifeA.personId], hours: '周一至周五 16:30-18:00', address: '教学楼一楼东', phone: '0566-5098765' },
      who.staffA,
    ),
  );
  expect(saved.home).toMatchObject({ name: '阳光留守儿童之家', facilities: ['activityRoom', 'readingCorner', 'familyPhone'], runners: [{ personId: who.lifeA.personId, roleLabel: '生活老师' }] });
  // A life teacher reads it but does not edit it.
  expect((await fail('saveHome', { schoolId: IN.schoolId, name: '改个名字', openedOn: '2025-09-01', hours: '全天' }, who.lifeA)).code).toBe('FORBIDDEN');

  // A life teacher records an activity with a registered child and a photo.
  const photo = await uploadToSlot(t, { fn: 'schools', action: 'homePhotoSlots', input: { schoolId: IN.schoolId, purpose: 'activity', count: 1 }, openid: who.lifeA.openid }, Buffer.from('jpeg-activity'));
  const afterActivity = data(
    await call<HomeView>('recordHomeActivity', { schoolId: IN.schoolId, on: '2026-11-20', kind: 'familyCall', participants: 12, childIds: ['hm-child'], note: '和在外务工的爸爸妈妈视频', photos: [photo] }, who.lifeA),
  );
  expect(afterActivity.activities.map((a) => [a.on, a.kind, a.participants, a.childNames, a.photoUrls.length])).toEqual([['2026-11-20', 'familyCall', 12, ['林小雨'], 1]]);
  const otherChild = await fail('recordHomeActivity', { schoolId: IN.schoolId, on: '2026-11-21', kind: 'homework', participants: 3, childIds: ['hm-other'] }, who.lifeA);
  expect([otherChild.code, otherChild.message]).toEqual(['VALIDATION_FAILED', '参加的儿童：只能选本校在册的留守儿童']);

  // The county's thresholds: a county setting (四星 from 85 here).
  const settings = data(await call<HomeSettingsView>('homeSettings', { thresholds: { star2: 60, star3: 70, star4: 85, star5: 95 } }, who.admin));
  expect(settings.thresholds).toEqual({ star2: 60, star3: 70, star4: 85, star5: 95 });
  expect(settings.checklist.reduce((a, c) => a + c.max, 0)).toBe(100);

  // The county inspects: 86 points → 四星; the school's staff are told in 消息.
  const inspected = data(await call<HomeView>('inspectHome', { schoolId: IN.schoolId, on: '2026-11-24', departments: ['education', 'civilAffairs', 'womensFederation'], scores: FULL, findings: '心理辅导未按时开放', rectification: '一个月内排出开放时间表' }, who.admin));
  expect(inspected.latest).toMatchObject({ total: 86, maxTotal: 100, score: 86, stars: 4, departments: ['education', 'civilAffairs', 'womensFederation'] });
  const told = (await t.app.database().collection('notifications').where({ recipient: `p:${who.staffA.personId}`, kind: 'schools.homeInspected' }).get()).data as { title: string; body: string }[];
  expect(told.map((n) => n.title)).toEqual(['留守儿童之家检查结果：四星（86分）']);
  const staffView = data(await call<HomeView>('getHome', { schoolId: IN.schoolId }, who.staffA));
  expect(staffView.latest).toMatchObject({ stars: 4, rectification: '一个月内排出开放时间表' });

  // Coverage and the board follow.
  const after = data(await call<HomeCoverageView>('homeCoverage', {}, who.admin));
  expect(after.rows.find((r) => r.schoolId === IN.schoolId)).toMatchObject({ built: true, stars: 4, lastInspectedOn: '2026-11-24' });
  expect(after.boardingWithHome).toBe(1);
  expect(after.byStars[4]).toBe(1);
  const built = await board('homes.built', IN.townshipCode);
  expect([built.value, built.of]).toEqual([1, 1]);
  const four = await board('homes.stars4', IN.townshipCode);
  expect([four.value, four.items.map((i) => [i.id, i.note, i.page])]).toEqual([1, [[IN.schoolId, '2026-11-24检查 · 86分', `/packageSchools/pages/home/index?schoolId=${IN.schoolId}`]]]);
  expect((await board('homes.boardingSchools', NEAR.townshipCode)).items.find((i) => i.id === NEAR.schoolId)?.note).toBe('未建');
  expect((await board('homes.stars4', IN.countyCode)).value).toBe(1);

  // The community directory lists the home (read from the schools' homes).
  const dir = await t.call<any>('community', 'directory', { regionCode: IN.townshipCode }, { openid: 'o-someone' });
  expect(dir.ok && dir.data.sites.find((s: any) => s.kind === 'childrenHome')).toMatchObject({ name: '阳光留守儿童之家', hours: '周一至周五 16:30-18:00', phone: '05665098765' });
});

test('a teacher or staff member of school B cannot see or edit school A’s home, nor record there', async () => {
  expect((await fail('getHome', { schoolId: IN.schoolId }, who.teacherB)).code).toBe('FORBIDDEN');
  expect((await fail('saveHome', { schoolId: IN.schoolId, name: '别校之家', openedOn: '2025-09-01', hours: '全天' }, who.staffB)).code).toBe('FORBIDDEN');
  expect((await fail('recordHomeActivity', { schoolId: IN.schoolId, on: '2026-11-20', kind: 'other', participants: 2 }, who.teacherB)).code).toBe('FORBIDDEN');
  expect((await fail('homePhotoSlots', { schoolId: IN.schoolId, purpose: 'activity', count: 1 }, who.teacherB)).code).toBe('FORBIDDEN');
  // Their own school they see, without a home yet.
  expect(data(await call<HomeView>('getHome', { schoolId: NEAR.schoolId }, who.teacherB)).home).toBeUndefined();
});

test('bad scores are refused naming the field in Chinese, and nothing is written', async () => {
  const count = async () => (await t.app.database().collection('homeInspections').where({ schoolId: IN.schoolId }).get()).data.length;
  const n = await count();
  const base = { schoolId: IN.schoolId, on: '2026-11-25', departments: ['education'] };
  const over = await fail('inspectHome', { ...base, scores: FULL.map((s) => (s.item === 'i1' ? { item: 'i1', score: 25 } : s)) }, who.admin);
  expect([over.code, over.message, over.details?.issues?.[0]]).toEqual(['VALIDATION_FAILED', '得分：“场地与设施”最高20分', { path: 'scores.0.score', label: '得分', message: '“场地与设施”最高20分' }]);
  const unknown = await fail('inspectHome', { ...base, scores: [...FULL, { item: 'i99', score: 1 }] }, who.admin);
  expect([unknown.code, unknown.message]).toEqual(['VALIDATION_FAILED', '检查项目：检查表中没有这一项，请刷新检查表后重新打分']);
  const missing = await fail('inspectHome', { ...base, scores: FULL.slice(0, 5) }, who.admin);
  expect(missing.message).toBe('得分：还有项目没有打分：档案台账');
  const noDept = await fail('inspectHome', { ...base, departments: [], scores: FULL }, who.admin);
  expect(noDept.code).toBe('VALIDATION_FAILED');
  const thresholds = await fail('homeSettings', { thresholds: { star2: 80, star3: 70, star4: 85, star5: 95 } }, who.admin);
  expect(thresholds.code).toBe('VALIDATION_FAILED');
  expect(await count()).toBe(n);
  // A school without a home cannot be inspected.
  expect((await fail('inspectHome', { ...base, schoolId: NEAR.schoolId, scores: FULL }, who.admin)).code).toBe('CONFLICT');
});
