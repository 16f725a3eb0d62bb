/**
 * The schools demo seed (`npm start`): the demo school is in the county's and township's lists as
 * the schools registry stores a school (county, township, boarding), and the demo school staff
 * see their own school and its (empty) dropout cases.
 */
import { DEMO_SCHOOL_ID, personaOpenid } from '../../local/seed/personas';
import type { HomeCoverageView, HomeView, SchoolsView } from '../../cloudfunctions/_shared/contracts/schools';
import { startTestStack, type TestStack } from '../helpers/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ functions: ['schools'], demo: true });
}, 120_000);
afterAll(async () => t?.stop());

test('the demo school is listed for the county, the township and its own staff', async () => {
  const names = async (role: 'countyAdmin' | 'townshipStaff' | 'schoolStaff') => {
    const r = await t.call<SchoolsView>('schools', 'listSchools', {}, { openid: personaOpenid(role) });
    return r.ok ? r.data.schools.map((s) => `${s.name}·${s.boarding ? '寄宿' : '走读'}·${s.openCases}`) : [r.error.code];
  };
  expect(await names('countyAdmin')).toEqual(['尧渡中心小学·寄宿·0']);
  expect(await names('townshipStaff')).toEqual(['尧渡中心小学·寄宿·0']);
  expect(await names('schoolStaff')).toEqual(['尧渡中心小学·寄宿·0']);
  const cases = await t.call<{ title: string; cases: unknown[] }>('schools', 'listCases', {}, { openid: personaOpenid('schoolStaff') });
  expect(cases.ok && [cases.data.title, cases.data.cases.length]).toEqual(['尧渡中心小学辍学劝返个案', 0]);
}, 60_000);

test('the demo school has its 留守儿童之家 with one activity and one inspection (四星)', async () => {
  const r = await t.call<HomeView>('schools', 'getHome', { schoolId: DEMO_SCHOOL_ID }, { openid: personaOpenid('lifeTeacher') });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  expect([r.data.home?.name, r.data.home?.runners.map((x) => x.name), r.data.activities.length, r.data.latest?.stars, r.data.latest?.score]).toEqual(['尧渡中心小学留守儿童之家', ['周芳'], 1, 4, 86]);
  const cov = await t.call<HomeCoverageView>('schools', 'homeCoverage', {}, { openid: personaOpenid('countyAdmin') });
  expect(cov.ok && [cov.data.boardingSchools, cov.data.boardingWithHome]).toEqual([1, 1]);
}, 60_000);
