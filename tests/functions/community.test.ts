/**
 * Community care (issue 18): the public directory of service sites, volunteers' sign-up and
 * approval, and service hours by QR check-in — a volunteer signs up, is approved, checks in and
 * out at a site with its current code (an old or forged code refused), and the hours show on
 * their record.
 */
import type { TestStack } from '../helpers/stack';
import { useCommunityStack } from '../helpers/community-stack';
import { SIDES, makePersona, type Persona } from '../helpers/access-world';

jest.setTimeout(90_000);

let t: TestStack;
const IN = SIDES.in;
const NEAR = SIDES.near;

const c = useCommunityStack(['community', 'supervision', 'inbox']);
const { call, ok } = c;
beforeAll(() => {
  t = c.t;
});

const home = { kind: 'home', name: '团结社区温馨家园', regionCode: IN.villageCode, address: '团结社区党群服务中心二楼', hours: '周六、周日及寒暑假 8:30-17:30', phone: '0566-7012345', capacity: 40, services: ['dayCare', 'tutoring'] };
const centre = { kind: 'centre', name: '东至县未成年人保护中心', regionCode: IN.countyCode, address: '尧渡镇建设路8号', hours: '全天24小时', phone: '0566-7020000', services: ['shelter', 'counselling', 'referral'] };
const nearHome = { ...home, name: '桃园村温馨家园', regionCode: NEAR.villageCode, phone: '0566-7099999' };

test('the public directory lists the sites a village may go to, nearest first, with numbers to call', async () => {
  const staff = await makePersona(t.app, 'townshipStaff');
  const admin = await makePersona(t.app, 'countyAdmin');
  const nearStaff = await makePersona(t.app, 'townshipStaff', NEAR);
  await ok('saveSite', home, staff);
  await ok('saveSite', centre, admin);
  await ok('saveSite', nearHome, nearStaff);
  const stored = (await t.app.database().collection('communitySites').where({ countyCode: IN.countyCode, status: 'open' }).get()).data.find((d: any) => d.name === home.name) as any;
  expect(JSON.stringify(stored)).not.toContain('7012345'); // sealed at rest like every phone

  const family = await makePersona(t.app, 'public');
  const view = await ok('directory', { regionCode: IN.villageCode }, family);
  expect(view.region).toEqual({ code: IN.villageCode, name: '团结社区' });
  expect(view.sites.map((s: any) => [s.name, s.kindLabel, s.phone, s.region.name])).toEqual([
    ['团结社区温馨家园', '温馨家园', '05667012345', '团结社区'],
    ['东至县未成年人保护中心', '未成年人保护中心', '05667020000', '东至县（全县）'],
  ]);
  expect(view.sites[0].serviceLabels).toEqual(['假期日间照料', '课后辅导']);
  expect(view.townships.map((x: any) => [x.name, x.villages.map((v: any) => v.name)])).toEqual([['尧渡镇', ['团结社区']], ['东流镇', ['桃园村']]]);
  // Without a choice, every open site of the county.
  expect((await ok('directory', {}, family)).sites).toHaveLength(3);
  // A closed site leaves the public list but stays on the manager's.
  const [mine] = (await ok('sites', {}, staff)).sites;
  await ok('saveSite', { ...home, siteId: mine.siteId, status: 'closed' }, staff);
  expect((await ok('directory', { regionCode: IN.villageCode }, family)).sites.map((s: any) => s.name)).toEqual(['东至县未成年人保护中心']);
  expect((await ok('sites', {}, staff)).sites.map((s: any) => [s.name, s.statusLabel])).toEqual([['团结社区温馨家园', '已停用']]);
});

test('with the family’s position, placed sites come nearest first with their distance; the position is not kept', async () => {
  const staff = await makePersona(t.app, 'townshipStaff');
  const admin = await makePersona(t.app, 'countyAdmin');
  const nearStaff = await makePersona(t.app, 'townshipStaff', NEAR);
  // The family stands about 600 m from the centre and 12 km from 桃园村; 团结社区's home is not placed.
  const family = { latitude: 30.1, longitude: 117.02 };
  await ok('saveSite', home, staff);
  const c = await ok('saveSite', { ...centre, location: { latitude: 30.1054, longitude: 117.0216 } }, admin);
  await ok('saveSite', { ...nearHome, location: { latitude: 30.2, longitude: 117.07 } }, nearStaff);
  const parent = await makePersona(t.app, 'public');
  const view = await ok('directory', { near: family }, parent);
  expect(view.sites.map((s: any) => s.name)).toEqual(['东至县未成年人保护中心', '桃园村温馨家园', '团结社区温馨家园']);
  expect(view.sites[0].distanceMeters).toBeGreaterThan(550);
  expect(view.sites[0].distanceMeters).toBeLessThan(650);
  expect(view.sites[1].distanceMeters).toBeGreaterThan(11_000);
  expect(view.sites[1].distanceMeters).toBeLessThan(13_000);
  expect(view.sites[2]).not.toHaveProperty('distanceMeters');
  expect(view.sites[0].location).toEqual({ latitude: 30.1054, longitude: 117.0216 });
  // Within a village the division still filters; the distance orders what is left.
  expect((await ok('directory', { regionCode: IN.villageCode, near: family }, parent)).sites.map((s: any) => s.name)).toEqual(['东至县未成年人保护中心', '团结社区温馨家园']);
  // The position is used for the sort only: no document anywhere holds it.
  for (const coll of ['communitySites', 'auditLog', 'persons', 'bindings']) {
    const docs = (await t.app.database().collection(coll).limit(1000).get().catch(() => ({ data: [] }))).data;
    expect(JSON.stringify(docs)).not.toContain('"latitude":30.1,');
  }
  // A bad position names the field; clearing a site's position takes it off the map.
  const bad = await call('directory', { near: { latitude: 120, longitude: 117 } }, parent);
  expect(bad.ok ? 'ok' : [bad.error.code, bad.error.message]).toEqual(['VALIDATION_FAILED', expect.stringMatching(/您的位置.*位置无效，请在地图上重新选择/)]);
  const { location: _l, ...unplaced } = { ...centre, location: undefined };
  await ok('saveSite', { ...unplaced, siteId: c.siteId }, admin);
  expect((await ok('directory', { near: family }, parent)).sites.map((s: any) => s.name)).toEqual(['桃园村温馨家园', '团结社区温馨家园', '东至县未成年人保护中心']);
});

test('a township officer keeps only their own township’s sites; bad input names the field', async () => {
  const staff = await makePersona(t.app, 'townshipStaff');
  const res = await call('saveSite', nearHome, staff);
  expect(res.ok ? 'ok' : res.error.code).toBe('FORBIDDEN');
  const bad = await call('saveSite', { ...home, phone: '12345' }, staff);
  expect(bad.ok ? 'ok' : [bad.error.code, bad.error.message]).toEqual(['VALIDATION_FAILED', expect.stringContaining('联系电话')]);
  expect((await t.app.database().collection('communitySites').count()).total).toBe(0);
});

test('a volunteer signs up, is approved, checks in and out with the current code, and the hours show on their record', async () => {
  const staff = await makePersona(t.app, 'townshipStaff');
  const site = await ok('saveSite', home, staff);
  const someone = await makePersona(t.app, 'public');

  // Sign-up: waiting for review; cannot check in yet.
  const signed = await ok('signUp', { name: '陈志远', phone: '139 0000 1111', regionCode: IN.villageCode, note: '周末可以辅导作业' }, someone);
  expect(signed.application).toMatchObject({ status: 'pending', statusLabel: '待审核', region: { name: '团结社区' } });
  expect(signed.active).toBe(false);
  const early = await ok('siteCode', { siteId: site.siteId }, staff);
  const refused = await call('checkIn', { code: early.code }, someone);
  expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');

  // The township's staff are told in 消息 (another township's are not), and see the sign-up (phone masked) and approve it.
  const inbox = async (p: Persona) => {
    const r = await t.call<any>('inbox', 'list', {}, { openid: p.openid });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data.items.map((n: any) => [n.kind, n.title, n.page]);
  };
  expect(await inbox(staff)).toEqual([['community.signUp', '有新的志愿者报名', '/packageCommunity/pages/applications/index']]);
  const { items } = await ok('applications', {}, staff);
  expect(items.map((a: any) => [a.name, a.phone, a.note])).toEqual([['陈志远', '139****1111', '周末可以辅导作业']]);
  const person = (await t.app.database().collection('persons').doc(items[0].volunteerId).get()).data[0] as any;
  expect(person.name).toBe('陈志远');
  expect(JSON.stringify(person)).not.toContain('13900001111'); // the mobile is sealed at rest
  // Staff of another township neither see nor decide it.
  const nearStaff = await makePersona(t.app, 'townshipStaff', NEAR);
  expect(await inbox(nearStaff)).toEqual([]);
  expect((await ok('applications', {}, nearStaff)).items).toEqual([]);
  const other = await call('decide', { volunteerId: items[0].volunteerId, decision: 'approve' }, nearStaff);
  expect(other.ok ? 'ok' : other.error.code).toBe('FORBIDDEN');
  const decided = await ok('decide', { volunteerId: items[0].volunteerId, decision: 'approve' }, staff);
  expect(decided.statusLabel).toBe('已通过');
  const again = await call('decide', { volunteerId: items[0].volunteerId, decision: 'reject', note: '重复' }, staff);
  expect(again.ok ? 'ok' : again.error.code).toBe('CONFLICT');
  expect((await ok('myVolunteer', {}, someone)).active).toBe(true);
  expect(await inbox(someone)).toEqual([['community.decided', '志愿者报名已通过', '/packageCommunity/pages/volunteer/index']]);

  // An old code (two windows back) and a forged one are refused with stable codes.
  const old = await ok('siteCode', { siteId: site.siteId }, staff);
  t.clock.set(new Date(t.clock.now().getTime() + 125_000));
  const expired = await call('checkIn', { code: old.code }, someone);
  expect(expired.ok ? 'ok' : [expired.error.code, expired.error.message]).toEqual(['CODE_EXPIRED', '签到码已过期，请组织者刷新签到码后重新扫码']);
  const current = await ok('siteCode', { siteId: site.siteId }, staff);
  const forged = current.code.replace(/\.[0-9a-f]{24}$/, '.0123456789abcdef01234567');
  const f = await call('checkIn', { code: forged }, someone);
  expect(f.ok ? 'ok' : f.error.code).toBe('CODE_INVALID');
  const future = current.code.replace(/\.(\d+)\./, (_m: string, w: string) => `.${Number(w) + 5}.`);
  const fu = await call('checkIn', { code: future }, someone);
  expect(fu.ok ? 'ok' : fu.error.code).toBe('CODE_INVALID');
  expect((await ok('myVolunteer', {}, someone)).openShift).toBeUndefined();

  // The current code checks in; the previous window's code is still accepted (a scan at the turn of the minute).
  t.clock.set(new Date(t.clock.now().getTime() + 60_000));
  const shift = await ok('checkIn', { code: current.code }, someone);
  expect(shift.siteName).toBe('团结社区温馨家园');
  expect((await ok('myVolunteer', {}, someone)).openShift).toMatchObject({ siteName: '团结社区温馨家园' });

  // Two and a half hours later the volunteer checks out with the code then shown.
  t.clock.set(new Date(t.clock.now().getTime() + 150 * 60_000));
  const endCode = await ok('siteCode', { siteId: site.siteId }, staff);
  const out = await ok('checkOut', { code: endCode.code }, someone);
  expect(out.minutes).toBe(150);
  const again2 = await call('checkOut', { code: endCode.code }, someone);
  expect(again2.ok ? 'ok' : again2.error.code).toBe('NOT_CHECKED_IN');

  const record = await ok('myVolunteer', {}, someone);
  expect(record.totalMinutes).toBe(150);
  expect(record.shifts).toBe(1);
  expect(record.sites).toEqual([{ siteId: site.siteId, siteName: '团结社区温馨家园', minutes: 150, shifts: 1 }]);
  expect(record.openShift).toBeUndefined();
  // Back in within the same minute: a new stretch, not the closed one.
  const back = await ok('checkIn', { code: endCode.code }, someone);
  expect(back.shiftId).not.toBe(shift.shiftId);
  expect((await ok('myVolunteer', {}, someone)).openShift).toMatchObject({ shiftId: back.shiftId });
  await ok('checkOut', { code: endCode.code }, someone);

  // The township board counts the volunteer on duty and, for the last 30 days, as having served.
  const admin = await makePersona(t.app, 'countyAdmin');
  const refreshed = await t.call('supervision', 'refreshBoard', {}, { openid: admin.openid });
  expect(refreshed.ok).toBe(true);
  const board = await t.call<any>('supervision', 'indicator', { key: 'community.volunteersActive', regionCode: IN.townshipCode }, { openid: staff.openid });
  if (!board.ok) throw new Error(JSON.stringify(board.error));
  expect([board.data.value, board.data.of]).toEqual([1, 1]);
  expect(board.data.items.map((i: any) => [i.title, i.note])).toEqual([['陈志远', '服务150分钟']]);
  // The township's service hours: the 150 minutes as 2.5 hours, the volunteer behind them.
  const hours = await t.call<any>('supervision', 'indicator', { key: 'community.serviceHours', regionCode: IN.townshipCode }, { openid: staff.openid });
  if (!hours.ok) throw new Error(JSON.stringify(hours.error));
  expect([hours.data.value, hours.data.unit ?? '小时']).toEqual([2.5, '小时']);
  expect(hours.data.items.map((i: any) => [i.title, i.note])).toEqual([['陈志远', '服务2.5小时']]);
  const near = await t.call<any>('supervision', 'indicator', { key: 'community.volunteers', regionCode: NEAR.townshipCode }, { openid: admin.openid });
  expect(near.ok && near.data.value).toBe(0);
});

test('check-out needs the same site’s code; a check-in left open past 12 hours counts nothing', async () => {
  const staff = await makePersona(t.app, 'townshipStaff');
  const a = await ok('saveSite', home, staff);
  const b = await ok('saveSite', { ...home, name: '团结社区儿童之家', kind: 'childrenHome' }, staff);
  const v = await makePersona(t.app, 'volunteer');
  await ok('checkIn', { code: (await ok('siteCode', { siteId: a.siteId }, staff)).code }, v);
  const other = await call('checkIn', { code: (await ok('siteCode', { siteId: b.siteId }, staff)).code }, v);
  expect(other.ok ? 'ok' : other.error.code).toBe('ALREADY_CHECKED_IN');
  const wrong = await call('checkOut', { code: (await ok('siteCode', { siteId: b.siteId }, staff)).code }, v);
  expect(wrong.ok ? 'ok' : wrong.error.code).toBe('WRONG_SITE');
  t.clock.set(new Date(t.clock.now().getTime() + 13 * 3_600_000));
  // The forgotten check-in lapses: checking in elsewhere works, and it counts no minutes.
  await ok('checkIn', { code: (await ok('siteCode', { siteId: b.siteId }, staff)).code }, v);
  const rec = await ok('myVolunteer', {}, v);
  expect(rec.totalMinutes).toBe(0);
  expect(rec.recent.find((s: any) => s.siteName === '团结社区温馨家园')).toMatchObject({ lapsed: true, minutes: 0 });
});

test('a training with attendance moves the township’s count on the board; its code records each volunteer once', async () => {
  const staff = await makePersona(t.app, 'townshipStaff');
  const admin = await makePersona(t.app, 'countyAdmin');
  const v = await makePersona(t.app, 'volunteer');
  const count = async () => {
    expect((await t.call('supervision', 'refreshBoard', {}, { openid: admin.openid })).ok).toBe(true);
    const r = await t.call<any>('supervision', 'indicator', { key: 'community.trainings', regionCode: IN.townshipCode }, { openid: staff.openid });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data.value;
  };
  expect(await count()).toBe(0);
  const training = await ok('saveTraining', { title: '留守儿童心理关爱技能培训', day: '2026-07-04', place: '尧渡镇政府三楼会议室', townshipCode: IN.townshipCode }, staff);
  const outside = await call('saveTraining', { title: '培训', day: '2026-07-04', place: '东流镇政府', townshipCode: NEAR.townshipCode }, staff);
  expect(outside.ok ? 'ok' : outside.error.code).toBe('FORBIDDEN');

  const code = (await ok('trainingCode', { trainingId: training.trainingId }, staff)).code;
  // A site's code does not record a training, nor a training's code service hours.
  const site = await ok('saveSite', home, staff);
  const siteCode = (await ok('siteCode', { siteId: site.siteId }, staff)).code;
  const wrong = await call('attendTraining', { code: siteCode }, v);
  expect(wrong.ok ? 'ok' : wrong.error.code).toBe('CODE_INVALID');
  const wrong2 = await call('checkIn', { code }, v);
  expect(wrong2.ok ? 'ok' : wrong2.error.code).toBe('CODE_INVALID');

  expect(await ok('attendTraining', { code }, v)).toMatchObject({ title: '留守儿童心理关爱技能培训', alreadyRecorded: false });
  expect(await ok('attendTraining', { code }, v)).toMatchObject({ alreadyRecorded: true });
  t.clock.set(new Date(t.clock.now().getTime() + 3 * 60_000));
  const late = await call('attendTraining', { code }, await makePersona(t.app, 'volunteer'));
  expect(late.ok ? 'ok' : late.error.code).toBe('CODE_EXPIRED');

  const list = await ok('trainings', {}, staff);
  expect(list.trainings.map((x: any) => [x.title, x.attendees])).toEqual([['留守儿童心理关爱技能培训', 1]]);
  expect(list.townships).toEqual([{ township: { code: IN.townshipCode, name: '尧渡镇' }, held: 1 }]);
  expect(await count()).toBe(1);
  const short = await t.call<any>('supervision', 'indicator', { key: 'community.townshipsTrainingShort', regionCode: IN.countyCode }, { openid: admin.openid });
  expect(short.ok && short.data.value).toBe(2); // 尧渡镇 has held 1 of 2, 东流镇 none
});
