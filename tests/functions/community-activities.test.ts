/**
 * Care activities at sites (关爱活动) and the volunteer's certificate (志愿服务证明), docs/community.md:
 * township staff plan a tutoring session at a village's 温馨家园 for a later day — the township's
 * volunteers are told in 消息 (again only when the day or start time changes); on the day the
 * organiser shows the activity's code and a volunteer scans it (recorded once; an old code, a
 * forged one and a training's or site's code refused); the organiser ticks the children who came
 * (a child of another township refused); the board's count of activities moves; the volunteer's
 * certificate shows the year's hours, shifts, sites, the training and the activity.
 */
import type { TestStack } from '../helpers/stack';
import { codeOf, useCommunityStack } from '../helpers/community-stack';
import { SIDES, childDoc, insert, makePersona, seedWorld, type Persona } from '../helpers/access-world';

jest.setTimeout(90_000);

let t: TestStack;
const IN = SIDES.in;
const NEAR = SIDES.near;

const c = useCommunityStack(['community', 'supervision', 'inbox']);
const { call, ok } = c;
beforeAll(() => {
  t = c.t;
});

const home = { kind: 'home', name: '团结社区温馨家园', regionCode: IN.villageCode, address: '团结社区党群服务中心二楼', hours: '周六、周日及寒暑假 8:30-17:30', phone: '0566-7012345', services: ['dayCare', 'tutoring'] };

async function inbox(p: Persona): Promise<string[][]> {
  const r = await t.call<any>('inbox', 'list', {}, { openid: p.openid });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data.items.map((n: any) => [n.kind, n.title, n.body]);
}

test('an activity planned, volunteers told, attendance by code and by ticking children, and the board’s count moves', async () => {
  const staff = await makePersona(t.app, 'townshipStaff');
  const admin = await makePersona(t.app, 'countyAdmin');
  const v = await makePersona(t.app, 'volunteer');
  const nearVolunteer = await makePersona(t.app, 'volunteer', NEAR);
  await t.app.database().collection('persons').doc(v.personId!).update({ name: '陈志远' });
  await insert(t.app, 'children', { ...childDoc(IN, 1, 'c-yu'), name: '林小雨' });
  await insert(t.app, 'children', { ...childDoc(IN, 2, 'c-lei'), name: '王小磊' });
  await insert(t.app, 'children', { ...childDoc(IN, 3, 'c-left'), name: '赵已离', status: 'left' });
  await insert(t.app, 'children', { ...childDoc(NEAR, 4, 'c-near'), name: '桃园儿童' });
  const site = await ok('saveSite', home, staff);

  const count = async () => {
    expect((await t.call('supervision', 'refreshBoard', {}, { openid: admin.openid })).ok).toBe(true);
    const r = await t.call<any>('supervision', 'indicator', { key: 'community.activities', regionCode: IN.townshipCode }, { openid: staff.openid });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return [r.data.value, r.data.items?.map((i: any) => i.note)];
  };
  expect((await count())[0]).toBe(0);

  // Planned for a later day: the township's volunteers are told, another township's are not.
  const plan = { kind: 'tutoring', theme: '暑期课业辅导', day: '2026-07-06', start: '09:00', end: '11:30', siteId: site.siteId };
  const a = await ok('saveActivity', plan, staff);
  expect(a).toMatchObject({ kindLabel: '课业辅导', siteName: '团结社区温馨家园', township: { name: '尧渡镇' }, when: 'planned', children: 0, volunteers: 0 });
  expect(await inbox(v)).toEqual([['community.activityPlanned', '关爱活动：暑期课业辅导', expect.stringContaining('2026-07-06 09:00-11:30，团结社区温馨家园，课业辅导')]]);
  expect(await inbox(nearVolunteer)).toEqual([]);
  // Changing the theme tells nobody again; moving the start time does.
  await ok('saveActivity', { ...plan, activityId: a.activityId, theme: '暑期作业辅导' }, staff);
  expect(await inbox(v)).toHaveLength(1);
  await ok('saveActivity', { ...plan, activityId: a.activityId, theme: '暑期作业辅导', start: '08:30' }, staff);
  expect((await inbox(v)).map((n) => n[2])).toEqual([expect.stringContaining('09:00-11:30'), expect.stringContaining('08:30-11:30')]);

  // Another township's staff can neither plan at the site nor open the activity; an end before the start names 结束时间.
  const nearStaff = await makePersona(t.app, 'townshipStaff', NEAR);
  expect(codeOf(await call('saveActivity', plan, nearStaff))).toBe('FORBIDDEN');
  expect(codeOf(await call('activity', { activityId: a.activityId }, nearStaff))).toBe('FORBIDDEN');
  const backwards = await call('saveActivity', { ...plan, end: '08:00' }, staff);
  expect(backwards.ok ? 'ok' : [backwards.error.code, backwards.error.message]).toEqual(['VALIDATION_FAILED', expect.stringContaining('结束时间')]);
  expect(backwards.ok ? [] : (backwards.error.details as any).issues.map((i: any) => [i.path, i.code])).toEqual([['end', 'TIME_ORDER']]);

  // Before its day: no code, no children.
  expect(codeOf(await call('activityCode', { activityId: a.activityId }, staff))).toBe('NOT_ACTIVITY_DAY');
  expect(codeOf(await call('markActivityChildren', { activityId: a.activityId, childIds: ['c-yu'] }, staff))).toBe('NOT_HELD_YET');

  // On the day (2026-07-06 10:00 Shanghai): the code records the volunteer once.
  t.clock.set(new Date('2026-07-06T02:00:00Z'));
  const code = (await ok('activityCode', { activityId: a.activityId }, staff)).code as string;
  expect(code.startsWith('SWA1.')).toBe(true);
  // A site's or a training's code records no activity, nor an activity's code hours or a training.
  const siteCode = (await ok('siteCode', { siteId: site.siteId }, staff)).code;
  expect(codeOf(await call('attendActivity', { code: siteCode }, v))).toBe('CODE_INVALID');
  const training = await ok('saveTraining', { title: '志愿者关爱技能培训', day: '2026-07-06', place: '尧渡镇政府', townshipCode: IN.townshipCode }, staff);
  const trainingCode = (await ok('trainingCode', { trainingId: training.trainingId }, staff)).code;
  expect(codeOf(await call('attendActivity', { code: trainingCode }, v))).toBe('CODE_INVALID');
  expect(codeOf(await call('checkIn', { code }, v))).toBe('CODE_INVALID');
  expect(codeOf(await call('attendTraining', { code }, v))).toBe('CODE_INVALID');
  const forged = code.replace(/\.[0-9a-f]{24}$/, '.0123456789abcdef01234567');
  expect(codeOf(await call('attendActivity', { code: forged }, v))).toBe('CODE_INVALID');
  expect(await ok('attendActivity', { code }, v)).toMatchObject({ title: '暑期作业辅导', day: '2026-07-06', alreadyRecorded: false });
  expect(await ok('attendActivity', { code }, v)).toMatchObject({ alreadyRecorded: true });
  t.clock.set(new Date(t.clock.now().getTime() + 3 * 60_000));
  expect(codeOf(await call('attendActivity', { code }, nearVolunteer))).toBe('CODE_EXPIRED');

  // Children: picked from the village's active children (the one who left is not offered); another township's refused.
  let page = await ok('activity', { activityId: a.activityId }, staff);
  expect(page.candidates.map((c: any) => [c.childName, c.village])).toEqual([['林小雨', '团结社区'], ['王小磊', '团结社区']]);
  expect(page.volunteers.map((p: any) => p.name)).toEqual(['陈志远']);
  expect(page).toMatchObject({ canMark: true, canShowCode: true });
  expect(codeOf(await call('markActivityChildren', { activityId: a.activityId, childIds: ['c-yu', 'c-near'] }, staff))).toBe('CHILD_OUTSIDE_SITE');
  page = await ok('markActivityChildren', { activityId: a.activityId, childIds: ['c-yu', 'c-lei'] }, staff);
  expect(page.attended.map((c: any) => c.childName)).toEqual(['林小雨', '王小磊']);
  expect(page.candidates).toEqual([]);
  page = await ok('markActivityChildren', { activityId: a.activityId, childIds: ['c-yu'] }, staff);
  expect(page.attended.map((c: any) => c.childName)).toEqual(['林小雨']);
  expect(page.activity).toMatchObject({ children: 1, volunteers: 1, when: 'today' });
  // 林小雨's file lists the activity; 王小磊's, unticked, does not.
  const yu = await ok('childCare', { childId: 'c-yu' }, staff);
  expect([yu.activitiesTotal, yu.activities.map((x: any) => [x.day, x.kindLabel, x.siteName])]).toEqual([1, [[page.activity.day, '课业辅导', '团结社区温馨家园']]]);
  expect((await ok('childCare', { childId: 'c-lei' }, staff)).activities).toEqual([]);

  // The list and the board.
  const list = await ok('activities', {}, staff);
  expect(list).toMatchObject({ held: 1, childrenReached: 1, sites: [{ siteId: site.siteId, name: '团结社区温馨家园', region: '团结社区' }] });
  expect(await count()).toEqual([1, ['到场儿童1人，志愿者1人']]);
  const reached = await t.call<any>('supervision', 'indicator', { key: 'community.activityChildren', regionCode: IN.villageCode }, { openid: staff.openid });
  expect(reached.ok && [reached.data.value, reached.data.items.map((i: any) => [i.title, i.note])]).toEqual([1, [['林小雨', '参加1次']]]);
  expect((await ok('activities', {}, nearStaff)).activities).toEqual([]);
});

test('a site’s own staff organise at their site only and see children’s names masked', async () => {
  await seedWorld(t.app); // each township's 未成年人保护工作站 (where siteStaff is bound) and a child named 林小雨
  const staffOfSite = await makePersona(t.app, 'siteStaff');
  const list = await ok('activities', {}, staffOfSite);
  expect(list.sites.map((s: any) => s.siteId)).toEqual([IN.siteId]);
  const a = await ok('saveActivity', { kind: 'counselling', theme: '心理健康团体辅导', day: '2026-07-04', start: '14:00', end: '16:00', siteId: IN.siteId }, staffOfSite);
  expect(codeOf(await call('saveActivity', { kind: 'talk', theme: '讲座', day: '2026-07-04', start: '14:00', end: '16:00', siteId: NEAR.siteId }, staffOfSite))).toBe('FORBIDDEN');
  const page = await ok('activity', { activityId: a.activityId }, staffOfSite);
  expect(page.candidates.map((c: any) => c.childName)).toEqual(['林*雨']);
  expect(page.canShowCode).toBe(true);
});

test('the certificate sums the year’s counted shifts and lists the sites, trainings and activities attended', async () => {
  const staff = await makePersona(t.app, 'townshipStaff');
  const v = await makePersona(t.app, 'volunteer');
  await t.app.database().collection('persons').doc(v.personId!).update({ name: '陈志远' });
  await insert(t.app, 'volunteers', { _id: v.personId!, personId: v.personId!, countyCode: IN.countyCode, regionCode: IN.villageCode, townshipCode: IN.townshipCode, status: 'approved', note: '', appliedAt: new Date('2025-11-02T02:00:00Z') });
  const site = await ok('saveSite', home, staff);
  const shift = (id: string, inAt: string, minutes: number, extra: Record<string, unknown> = {}) =>
    insert(t.app, 'volunteerShifts', { _id: id, personId: v.personId!, siteId: site.siteId, siteName: '团结社区温馨家园', townshipCode: IN.townshipCode, checkInAt: new Date(inAt), checkOutAt: new Date(new Date(inAt).getTime() + minutes * 60_000), minutes, open: false, ...extra });
  await shift('s1', '2026-03-07T01:00:00Z', 150);
  await shift('s2', '2026-05-16T01:00:00Z', 95);
  await shift('s3', '2026-06-01T01:00:00Z', 0, { lapsed: true }); // forgotten check-out: no hours, not a shift
  await shift('s0', '2025-12-20T01:00:00Z', 60); // last year
  // Checked in at 07:30 Shanghai on 1 January, 23:30 UTC the day before: this year's.
  await shift('s4', '2025-12-31T23:30:00Z', 30);
  const training = await ok('saveTraining', { title: '志愿者关爱技能培训', day: '2026-07-04', place: '尧渡镇政府', townshipCode: IN.townshipCode }, staff);
  await ok('attendTraining', { code: (await ok('trainingCode', { trainingId: training.trainingId }, staff)).code }, v);
  const a = await ok('saveActivity', { kind: 'talk', theme: '防溺水安全讲座', day: '2026-07-04', start: '09:00', end: '10:00', siteId: site.siteId }, staff);
  await ok('attendActivity', { code: (await ok('activityCode', { activityId: a.activityId }, staff)).code }, v);

  const cert = await ok('myCertificate', {}, v);
  expect(cert).toMatchObject({ name: '陈志远', county: '东至县', year: '2026', from: '2026-01-01', to: '2026-07-04', totalMinutes: 275, hours: '4.6', shifts: 3, issuedOn: '2026-07-04', years: ['2026', '2025'] });
  expect(cert.sites).toEqual([{ siteName: '团结社区温馨家园', minutes: 275, hours: '4.6', shifts: 3 }]);
  expect(cert.trainings).toEqual([{ title: '志愿者关爱技能培训', day: '2026-07-04' }]);
  expect(cert.activities).toEqual([{ theme: '防溺水安全讲座', kindLabel: '讲座', day: '2026-07-04', siteName: '团结社区温馨家园' }]);
  const last = await ok('myCertificate', { year: '2025' }, v);
  expect(last).toMatchObject({ from: '2025-01-01', to: '2025-12-31', totalMinutes: 60, hours: '1.0', shifts: 1, trainings: [], activities: [] });
  const later = await call('myCertificate', { year: '2027' }, v);
  expect(later.ok ? 'ok' : [later.error.code, later.error.message]).toEqual(['VALIDATION_FAILED', '年度：不能选择以后的年份']);
  // Before the volunteer began (the first shift is of 2025): no certificate of nothing.
  expect(codeOf(await call('myCertificate', { year: '2024' }, v))).toBe('NO_SERVICE_YEAR');
  expect(codeOf(await call('myCertificate', {}, staff))).toBe('FORBIDDEN');
});

test('an activity’s day: a month back at most, a year ahead at most; attendance pins its day and site; next year’s plans are listed', async () => {
  const staff = await makePersona(t.app, 'townshipStaff');
  const site = await ok('saveSite', home, staff);
  const other = await ok('saveSite', { ...home, name: '团结社区儿童之家', kind: 'childrenHome' }, staff);
  await insert(t.app, 'children', { ...childDoc(IN, 1, 'c-yu'), name: '林小雨' });
  const plan = { kind: 'talk', theme: '防溺水安全讲座', start: '09:00', end: '10:30', siteId: site.siteId };
  // Today is 2026-07-04 in Shanghai.
  expect(codeOf(await call('saveActivity', { ...plan, day: '2026-06-03' }, staff))).toBe('DAY_TOO_EARLY');
  expect(codeOf(await call('saveActivity', { ...plan, day: '2027-07-06' }, staff))).toBe('DAY_TOO_LATE');
  const late = await call('saveActivity', { ...plan, day: '2026-07-04', start: '9点' }, staff);
  expect(late.ok ? 'ok' : late.error.message).toBe('开始时间：请填写如 09:00 的时间');
  // A winter day care planned in the summer for January is on the list to edit.
  await ok('saveActivity', { ...plan, kind: 'holidayCare', theme: '寒假托管', day: '2027-01-18' }, staff);
  expect((await ok('activities', {}, staff)).activities.map((a: any) => a.day)).toEqual(['2027-01-18']);
  // Held today with a child ticked: the day and the site stay; the theme may still change.
  const held = await ok('saveActivity', { ...plan, day: '2026-07-04' }, staff);
  await ok('markActivityChildren', { activityId: held.activityId, childIds: ['c-yu'] }, staff);
  expect(codeOf(await call('saveActivity', { ...plan, activityId: held.activityId, day: '2026-07-20' }, staff))).toBe('ATTENDANCE_RECORDED');
  expect(codeOf(await call('saveActivity', { ...plan, activityId: held.activityId, day: '2026-07-04', siteId: other.siteId }, staff))).toBe('ATTENDANCE_RECORDED');
  expect((await ok('saveActivity', { ...plan, activityId: held.activityId, day: '2026-07-04', theme: '防溺水安全教育' }, staff)).theme).toBe('防溺水安全教育');
});

