/**
 * Social organisations and Youth League organisations (issue 18; policy §二(四)–(五)): the
 * registry with staff, services, premises, projects and awards; a township's coverage moving from
 * 0 to 1 on the board when an organisation starts serving it; a 团委 pairing a child and the
 * board's count changing; township A's staff refused on B; a bad 统一社会信用代码 refused by name.
 */
import type { TestStack } from '../helpers/stack';
import { useCommunityStack } from '../helpers/community-stack';
import { SIDES, childDoc, insert, makePersona, type Persona } from '../helpers/access-world';
import { exampleCreditCode } from '../../cloudfunctions/community/src/orgs';

jest.setTimeout(90_000);

let t: TestStack;
const IN = SIDES.in;
const NEAR = SIDES.near;
const ORG_SITE = 'site-org-in';

/** The file's own documents: a child in each township and the organisation's premises. */
async function seed(t: TestStack): Promise<void> {
  await insert(t.app, 'children', { ...childDoc(IN, 1), name: '林小雨' });
  await insert(t.app, 'children', { ...childDoc(NEAR, 2), name: '周小舟' });
  await insert(t.app, 'communitySites', { _id: ORG_SITE, countyCode: IN.countyCode, regionCode: IN.townshipCode, kind: 'organisation', name: '尧渡镇阳光社工服务站', address: '尧渡镇建设路18号', hours: '工作日 8:30-17:30', phone: '05667011111', services: ['tutoring'], status: 'open', createdAt: new Date(), createdBy: 'x', updatedAt: new Date(), updatedBy: 'x' });
}

const c = useCommunityStack(['community', 'supervision'], seed);
const { call, ok } = c;
beforeAll(() => {
  t = c.t;
});

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

/** The board's number (and its denominator), the townships below (county) or the drill-down's items (township). */
async function board(key: string, regionCode: string, admin: Persona) {
  expect((await t.call('supervision', 'refreshBoard', {}, { openid: admin.openid })).ok).toBe(true);
  const r = await t.call<any>('supervision', 'indicator', { key, regionCode }, { openid: admin.openid });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return { value: r.data.value, of: r.data.of, rows: r.data.rows.map((x: any) => [x.region.name, x.value]), items: r.data.items.map((i: any) => [i.title, i.note]) };
}

const sunshine = {
  name: '阳光社会工作服务中心',
  creditCode: exampleCreditCode(IN.countyCode, '0000001'),
  regionCode: IN.townshipCode,
  townships: [IN.townshipCode],
  fullTimeStaff: 5,
  contacts: [{ name: '周敏', phone: '139 5566 0001' }],
  services: ['holidayCare', 'tutoring', 'counselling', 'companionship'],
  siteIds: [ORG_SITE],
};

test('the registry: an organisation with staff, services and premises; its staff add a project and an award; coverage moves 0→1 on the board', async () => {
  const staff = await makePersona(t.app, 'townshipStaff');
  const admin = await makePersona(t.app, 'countyAdmin');
  expect(await board('community.townshipsWithOrg', IN.countyCode, admin)).toMatchObject({ value: 0, of: 2 });

  const saved = await ok('saveOrg', sunshine, staff);
  expect(saved).toMatchObject({ name: '阳光社会工作服务中心', fullTimeStaff: 5, serviceLabels: ['假期托管', '课后辅导', '心理辅导', '亲情陪伴'], statusLabel: '服务中', canEdit: true });
  expect(saved.contacts).toEqual([{ name: '周敏', phone: '139****0001' }]);
  expect(saved.premises.map((p: any) => p.name)).toEqual(['尧渡镇阳光社工服务站']);
  const stored = (await t.app.database().collection('socialOrgs').doc(saved.orgId).get()).data[0] as any;
  expect(JSON.stringify(stored)).not.toContain('13955660001'); // sealed at rest like every phone

  const list = await ok('orgs', {}, staff);
  expect(list.coverage).toEqual([{ township: { code: IN.townshipCode, name: '尧渡镇' }, orgs: 1 }]);
  expect(list.covered).toBe(1);
  expect(await board('community.townshipsWithOrg', IN.countyCode, admin)).toMatchObject({ value: 1, of: 2, rows: [['尧渡镇', 1], ['东流镇', 0]] });
  expect(await board('community.townshipsWithOrg', IN.townshipCode, admin)).toMatchObject({ value: 1, of: 1, items: [['尧渡镇', '1家社会组织']] });

  // The county adds 东流镇 to the organisation: 2 of 2; the county list agrees with the board.
  await ok('saveOrg', { ...sunshine, orgId: saved.orgId, townships: [IN.townshipCode, NEAR.townshipCode] }, admin);
  expect((await board('community.townshipsWithOrg', IN.countyCode, admin)).value).toBe(2);
  expect((await ok('orgs', {}, admin)).covered).toBe(2);

  // The organisation's own staff (bound to its premises) add a project and an award; they cannot edit the registry.
  const orgStaff = await makePersona(t.app, 'siteStaff', { ...IN, siteId: ORG_SITE });
  const mine = await ok('orgs', {}, orgStaff);
  expect(mine.orgs.map((o: any) => [o.name, o.canEdit, o.canRecord])).toEqual([['阳光社会工作服务中心', false, true]]);
  expect(mine.canRegister).toBe(false);
  const withProject = await ok('saveOrgProject', { orgId: saved.orgId, name: '爱的背包', from: '2026-06-01', to: '2026-06-30', childrenReached: 86, townshipCode: IN.townshipCode }, orgStaff);
  expect(withProject.projects.map((p: any) => [p.name, p.childrenReached, p.township.name])).toEqual([['爱的背包', 86, '尧渡镇']]);
  const withAward = await ok('saveOrgAward', { orgId: saved.orgId, name: '全县优秀社会组织', year: 2025, issuer: '东至县民政局' }, orgStaff);
  expect(withAward.awards.map((a: any) => [a.name, a.year, a.issuer])).toEqual([['全县优秀社会组织', 2025, '东至县民政局']]);
  expect(withAward.staffAccounts).toHaveLength(1);
  expect(code(await call('saveOrg', { ...sunshine, orgId: saved.orgId }, orgStaff))).toBe('FORBIDDEN');
  // A project in a township the organisation does not serve is refused by name.
  const far = await call('saveOrgProject', { orgId: saved.orgId, name: '温暖包', from: '2026-01-01', childrenReached: 10, townshipCode: '341721199' }, orgStaff);
  expect(far.ok ? 'ok' : [far.error.code, far.error.message]).toEqual(['VALIDATION_FAILED', expect.stringContaining('实施乡镇')]);

  // Closing it takes both townships off the board.
  await ok('saveOrg', { ...sunshine, orgId: saved.orgId, townships: [IN.townshipCode, NEAR.townshipCode], status: 'closed' }, admin);
  expect((await board('community.townshipsWithOrg', IN.countyCode, admin)).value).toBe(0);
});

test('township A’s staff are refused on B; a bad 统一社会信用代码 is refused by name; one organisation per code', async () => {
  const staff = await makePersona(t.app, 'townshipStaff');
  const nearStaff = await makePersona(t.app, 'townshipStaff', NEAR);
  const admin = await makePersona(t.app, 'countyAdmin');

  const bad = await call('saveOrg', { ...sunshine, creditCode: `${sunshine.creditCode.slice(0, 17)}${sunshine.creditCode[17] === 'A' ? 'B' : 'A'}` }, staff);
  expect(bad.ok ? 'ok' : [bad.error.code, bad.error.message]).toEqual(['VALIDATION_FAILED', expect.stringContaining('统一社会信用代码')]);
  expect(bad.ok ? '' : bad.error.message).toContain('校验位');
  const short = await call('saveOrg', { ...sunshine, creditCode: '52341721' }, staff);
  expect(short.ok ? '' : short.error.message).toContain('统一社会信用代码');

  // Registering in or for another township is refused; so is reading, editing or recording on B's organisation.
  expect(code(await call('saveOrg', { ...sunshine, regionCode: NEAR.townshipCode, townships: [NEAR.townshipCode], siteIds: [] }, staff))).toBe('FORBIDDEN');
  expect(code(await call('saveOrg', { ...sunshine, townships: [IN.townshipCode, NEAR.townshipCode] }, staff))).toBe('TOWNSHIP_NOT_YOURS');
  const theirs = await ok('saveOrg', { ...sunshine, creditCode: exampleCreditCode(IN.countyCode, '0000002'), name: '东流镇青苗社工站', regionCode: NEAR.townshipCode, townships: [NEAR.townshipCode], siteIds: [] }, nearStaff);
  expect(code(await call('org', { orgId: theirs.orgId }, staff))).toBe('FORBIDDEN');
  expect(code(await call('saveOrg', { ...sunshine, orgId: theirs.orgId, siteIds: [] }, staff))).toBe('FORBIDDEN');
  expect(code(await call('saveOrgAward', { orgId: theirs.orgId, name: '奖项', year: 2025, issuer: '县民政局' }, staff))).toBe('FORBIDDEN');
  expect((await ok('orgs', {}, staff)).orgs).toEqual([]);
  // Premises must be an organisation's entry the caller manages.
  expect(code(await call('saveOrg', { ...sunshine, creditCode: exampleCreditCode(IN.countyCode, '0000003'), siteIds: [IN.siteId] }, staff))).toBe('PREMISES_INVALID');

  // The same code twice is refused.
  await ok('saveOrg', sunshine, staff);
  expect(code(await call('saveOrg', { ...sunshine, name: '另一个名字' }, admin))).toBe('CREDIT_CODE_TAKEN');
  // On an organisation serving both, B's staff may take off only their own township; the contact's phone stays when not retyped.
  const both = (await ok('orgs', {}, staff)).orgs[0];
  await ok('saveOrg', { ...sunshine, orgId: both.orgId, townships: [IN.townshipCode, NEAR.townshipCode] }, admin);
  expect(code(await call('saveOrg', { ...sunshine, orgId: both.orgId, townships: [NEAR.townshipCode], contacts: [{ name: '周敏' }], siteIds: [ORG_SITE] }, nearStaff))).toBe('TOWNSHIP_NOT_YOURS');
  const kept = await ok('saveOrg', { ...sunshine, orgId: both.orgId, townships: [IN.townshipCode], contacts: [{ name: '周敏' }] }, nearStaff);
  expect(kept.townships.map((x: any) => x.name)).toEqual(['尧渡镇']);
  expect(kept.contacts).toEqual([{ name: '周敏', phone: '139****0001' }]);
});

test('a Youth League organisation pairs a child of its area and the board’s count changes; a child outside its area is refused', async () => {
  const staff = await makePersona(t.app, 'townshipStaff');
  const nearStaff = await makePersona(t.app, 'townshipStaff', NEAR);
  const admin = await makePersona(t.app, 'countyAdmin');
  const league = await ok('saveLeagueOrg', { name: '共青团尧渡镇委员会', level: 'township', regionCode: IN.townshipCode, contactName: '王强', contactPhone: '13955660002' }, staff);
  expect(league).toMatchObject({ levelLabel: '乡镇团委', region: { name: '尧渡镇' }, contactPhone: '139****0002', paired: 0 });
  expect(await board('community.leagueOrgs', IN.countyCode, admin)).toMatchObject({ value: 1, of: null, rows: [['尧渡镇', 1], ['东流镇', 0]] });
  expect((await board('community.leagueOrgs', IN.townshipCode, admin)).items).toEqual([['共青团尧渡镇委员会', '尚未结对']]);
  expect((await board('community.leagueOrgsUnpaired', IN.countyCode, admin)).value).toBe(1);

  const detail = await ok('leagueOrg', { leagueOrgId: league.leagueOrgId }, staff);
  expect(detail.candidates.map((c: any) => [c.childName, c.village])).toEqual([['林小雨', '团结社区']]);
  const paired = await ok('pairLeagueChild', { leagueOrgId: league.leagueOrgId, childId: IN.childId, since: '2026-07-01', memberName: '王强' }, staff);
  expect(paired.pairings.map((p: any) => [p.childName, p.since, p.memberName])).toEqual([['林小雨', '2026-07-01', '王强']]);
  expect(paired.candidates).toEqual([]);
  expect(paired.org.paired).toBe(1);
  expect(code(await call('pairLeagueChild', { leagueOrgId: league.leagueOrgId, childId: IN.childId, since: '2026-07-01', memberName: '王强' }, staff))).toBe('ALREADY_PAIRED');

  expect((await board('community.leagueOrgs', IN.townshipCode, admin)).items).toEqual([['共青团尧渡镇委员会', '结对1名儿童']]);
  expect((await board('community.leagueOrgsUnpaired', IN.countyCode, admin)).value).toBe(0);
  expect((await ok('leagueOrgs', {}, staff)).orgs.map((o: any) => [o.name, o.paired])).toEqual([['共青团尧渡镇委员会', 1]]);

  // The child's file shows the pairing to whoever reads the file (the parent too), and to nobody outside it.
  const parent = await makePersona(t.app, 'parent');
  const seen = await ok('childCare', { childId: IN.childId }, parent);
  expect(seen.pairings.map((p: any) => [p.orgName, p.levelLabel, p.memberName, p.since, p.statusLabel])).toEqual([['共青团尧渡镇委员会', '乡镇团委', '王强', '2026-07-01', '结对中']]);
  expect(seen.activities).toEqual([]);
  expect(code(await call('childCare', { childId: IN.childId }, nearStaff))).toBe('FORBIDDEN');

  // A child of 东流镇 is outside the 团委's area (even for the county); 东流镇's staff cannot touch 尧渡镇's 团委.
  expect(code(await call('pairLeagueChild', { leagueOrgId: league.leagueOrgId, childId: NEAR.childId, since: '2026-07-01', memberName: '王强' }, admin))).toBe('CHILD_OUTSIDE_ORG');
  expect(code(await call('leagueOrg', { leagueOrgId: league.leagueOrgId }, nearStaff))).toBe('FORBIDDEN');
  expect(code(await call('pairLeagueChild', { leagueOrgId: league.leagueOrgId, childId: IN.childId, since: '2026-07-01', memberName: '王强' }, nearStaff))).toBe('FORBIDDEN');
  expect(code(await call('saveLeagueOrg', { name: '桃园村团支部', level: 'village', regionCode: NEAR.villageCode, contactName: '李娜', contactPhone: '13955660003' }, staff))).toBe('FORBIDDEN');
  expect((await ok('leagueOrgs', {}, nearStaff)).orgs).toEqual([]);

  // Ending the pairing puts the 团委 back among those with none.
  await ok('endLeaguePairing', { pairingId: paired.pairings[0].pairingId }, staff);
  expect((await board('community.leagueOrgsUnpaired', IN.townshipCode, admin)).items).toEqual([['共青团尧渡镇委员会', '尚未结对']]);
  // On the file it stays, as ended on the day.
  expect((await ok('childCare', { childId: IN.childId }, staff)).pairings.map((p: any) => [p.statusLabel, p.endedOn])).toEqual([['已结束', '2026-07-04']]);
});
