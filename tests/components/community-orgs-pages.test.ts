/**
 * The 社会组织 and 团组织结对 pages (issue 18; policy §二(四)–(五)): the list with each township's
 * coverage against one, the registration form (a bad 统一社会信用代码 named, a stored contact phone
 * kept), the organisation's page where its staff add a project and an award, the 团组织 list
 * (those with no child first), the 团组织 form, pairing a child (a volunteer picked or a name
 * typed) and the refusal of a child outside its area; entry points from 工作台 and the board.
 */
import { settle, visibleText, type SimNode, openLoaded } from './harness';
import { actAs, failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));

const wx = (global as any).wx;
const YAODU = { code: '341721100', name: '尧渡镇' };
const DONGLIU = { code: '341721101', name: '东流镇' };

const set = (page: SimNode, key: string, value: unknown) => page.instance.onField({ currentTarget: { dataset: { key } }, detail: { value } });

const org = (over: Record<string, unknown> = {}) => ({
  orgId: 'org-1',
  name: '阳光社会工作服务中心',
  creditCode: '52341721MJ0000001X',
  region: YAODU,
  townships: [YAODU],
  fullTimeStaff: 5,
  contacts: [{ name: '周敏', phone: '139****0001' }],
  services: ['holidayCare', 'tutoring'],
  serviceLabels: ['假期托管', '课后辅导'],
  premises: [{ siteId: 'site-o', name: '尧渡镇阳光社工服务站', address: '建设路18号' }],
  staffAccounts: ['刘洋'],
  projects: [],
  awards: [],
  status: 'active',
  statusLabel: '服务中',
  canEdit: true,
  canRecord: true,
  ...over,
});
const orgsView = (orgs: unknown[], over: Record<string, unknown> = {}) => ({
  region: { code: '341721', name: '东至县（全县）' },
  coverage: [
    { township: YAODU, orgs: orgs.length },
    { township: DONGLIU, orgs: 0 },
  ],
  covered: orgs.length ? 1 : 0,
  orgs,
  places: [YAODU, DONGLIU],
  premises: [{ siteId: 'site-o', name: '尧渡镇阳光社工服务站', region: '尧渡镇' }],
  canRegister: true,
  ...over,
});

beforeEach(() => {
  wx.clearStorageSync();
  wx.navigateTo = jest.fn();
  wx.redirectTo = jest.fn();
  wx.navigateBack = jest.fn();
  actAs('countyAdmin');
});

test('社会组织: each township against one; a card opens the organisation; 登记社会组织 opens the form', async () => {
  mockBackend({ 'community.orgs': () => orgsView([org()]) });
  const page = await openLoaded('packageCommunity/pages/orgs/index');
  expect(visibleText(page.querySelector('.summary')!)).toBe('1 / 2 个乡镇有社会组织服务（每个乡镇至少1家）');
  expect(page.querySelectorAll('.township').map(visibleText)).toEqual(['尧渡镇1家服务', '东流镇暂无']);
  const card = visibleText(page.querySelector('.org')!);
  expect(card).toContain('阳光社会工作服务中心');
  expect(card).toContain('服务：尧渡镇 · 专职人员5人');
  expect(card).toContain('提供：假期托管、课后辅导');
  page.querySelector('.org')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageCommunity/pages/org/index?id=org-1' });
  page.querySelector('.add >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageCommunity/pages/org-edit/index' });

  // Nothing registered: the empty state says what to do.
  mockBackend({ 'community.orgs': () => orgsView([]) });
  const empty = await openLoaded('packageCommunity/pages/orgs/index');
  expect(visibleText(empty.querySelector('.empty')!)).toContain('登记社会组织');
  // A failed load says so and offers to try again.
  mockBackend({ 'community.orgs': () => failure('FORBIDDEN', '您没有权限进行此操作') });
  const failed = await openLoaded('packageCommunity/pages/orgs/index');
  expect(visibleText(failed.querySelector('.load-error')!)).toContain('没能打开社会组织');
});

test('登记社会组织: the form sends what was typed; a bad 统一社会信用代码 is named; saved, it opens the organisation', async () => {
  const api = mockBackend({
    'community.orgs': () => orgsView([]),
    'community.saveOrg': (i) =>
      i.creditCode.endsWith('A')
        ? failure('VALIDATION_FAILED', '输入有误', { issues: [{ path: 'creditCode', label: '统一社会信用代码', message: '校验位（最后一位）不符，请逐位核对' }] })
        : org(),
  });
  const page = await openLoaded('packageCommunity/pages/org-edit/index');
  set(page, 'name', '阳光社会工作服务中心');
  set(page, 'creditCode', '52341721MJ0000001A');
  page.instance.onRegion({ detail: { value: 1 } }); // 尧渡镇 (after the county itself)
  set(page, 'fullTimeStaff', '5');
  set(page, 'townships', ['341721100']);
  set(page, 'services', ['holidayCare', 'tutoring']);
  set(page, 'contacts[0].name', '周敏');
  set(page, 'contacts[0].phone', '13955660001');
  set(page, 'siteIds', ['site-o']);
  await page.instance.onSave();
  await settle();
  expect(visibleText(page.querySelector('.form__error')!)).toBe('统一社会信用代码：校验位（最后一位）不符，请逐位核对');
  set(page, 'creditCode', '52341721MJ0000001X');
  await page.instance.onSave();
  await settle();
  expect(api.calls('community.saveOrg')[1]).toEqual({
    name: '阳光社会工作服务中心',
    creditCode: '52341721MJ0000001X',
    regionCode: '341721100',
    townships: ['341721100'],
    fullTimeStaff: 5,
    contacts: [{ name: '周敏', phone: '13955660001' }],
    services: ['holidayCare', 'tutoring'],
    siteIds: ['site-o'],
    status: 'active',
  });
  expect(wx.redirectTo).toHaveBeenLastCalledWith({ url: '/packageCommunity/pages/org/index?id=org-1' });
});

test('修改登记信息 as township staff: other townships stay; a contact’s stored phone is kept when left empty', async () => {
  actAs('townshipStaff');
  const api = mockBackend({
    'community.orgs': () => orgsView([], { region: YAODU, places: [YAODU], coverage: [{ township: YAODU, orgs: 1 }] }),
    'community.org': () => org({ townships: [YAODU, DONGLIU] }),
    'community.saveOrg': () => org(),
  });
  const page = await openLoaded('packageCommunity/pages/org-edit/index', { id: 'org-1' });
  expect(visibleText(page.querySelector('.other-townships')!)).toBe('另服务：东流镇（由相应乡镇或县民政局增减）');
  expect((page.data as any).form.contacts).toEqual([{ name: '周敏', phone: '', stored: '139****0001' }]);
  set(page, 'fullTimeStaff', '6');
  await page.instance.onSave();
  await settle();
  expect(api.calls('community.saveOrg')[0]).toMatchObject({ orgId: 'org-1', regionCode: '341721100', townships: ['341721101', '341721100'], fullTimeStaff: 6, contacts: [{ name: '周敏' }] });
  expect(wx.navigateBack).toHaveBeenCalled();
});

test('社会组织详情: the organisation’s staff add a project and an award; they see no 修改登记信息', async () => {
  actAs('siteStaff');
  let current: any = org({ canEdit: false });
  const api = mockBackend({
    'community.org': () => current,
    'community.saveOrgProject': (i) => (current = org({ canEdit: false, projects: [{ projectId: 'p-1', name: i.name, from: i.from, to: i.to, childrenReached: i.childrenReached, township: YAODU, updatedAt: '2026-07-04T01:00:00.000Z' }] })),
    'community.saveOrgAward': (i) => (current = { ...current, awards: [{ awardId: 'a-1', name: i.name, year: i.year, issuer: i.issuer, updatedAt: '2026-07-04T01:00:00.000Z' }] }),
  });
  const page = await openLoaded('packageCommunity/pages/org/index', { id: 'org-1' });
  const head = visibleText(page.querySelector('.head')!);
  expect(head).toContain('统一社会信用代码：52341721MJ0000001X');
  expect(head).toContain('联系人：周敏 139****0001');
  expect(head).toContain('服务点：尧渡镇阳光社工服务站（建设路18号）');
  expect(head).toContain('机构工作人员账号：刘洋');
  expect(page.querySelectorAll('.edit-org')).toHaveLength(0);
  expect(visibleText(page.querySelector('.empty-projects')!)).toBe('还没有登记公益项目');

  page.querySelector('.add-project >>> .t-button')!.dispatchEvent('tap');
  await settle();
  set(page, 'project.name', '爱的背包');
  set(page, 'project.from', '2026-06-01');
  set(page, 'project.to', '2026-06-30');
  set(page, 'project.childrenReached', '86');
  await page.instance.onSaveProject();
  await settle();
  expect(api.calls('community.saveOrgProject')).toEqual([{ orgId: 'org-1', name: '爱的背包', from: '2026-06-01', to: '2026-06-30', childrenReached: 86, townshipCode: '341721100' }]);
  expect(visibleText(page.querySelector('.project')!)).toContain('2026-06-01 至 2026-06-30 · 尧渡镇 · 惠及儿童86人');
  expect(visibleText(page.querySelector('.head__saved')!)).toBe('✓ 已保存项目：爱的背包');

  page.querySelector('.add-award >>> .t-button')!.dispatchEvent('tap');
  await settle();
  set(page, 'award.name', '全县优秀社会组织');
  set(page, 'award.year', '25');
  await page.instance.onSaveAward();
  await settle();
  expect(visibleText(page.querySelector('.form__error')!)).toContain('获奖年份：请填写4位年份');
  set(page, 'award.year', '2025');
  set(page, 'award.issuer', '东至县民政局');
  await page.instance.onSaveAward();
  await settle();
  expect(api.calls('community.saveOrgAward')).toEqual([{ orgId: 'org-1', name: '全县优秀社会组织', year: 2025, issuer: '东至县民政局' }]);
  expect(visibleText(page.querySelector('.award')!)).toContain('2025年 · 东至县民政局');
});

const league = (over: Record<string, unknown> = {}) => ({
  leagueOrgId: 'lg-1',
  name: '共青团尧渡镇委员会',
  level: 'township',
  levelLabel: '乡镇团委',
  region: YAODU,
  contactName: '王强',
  contactPhone: '139****0002',
  paired: 0,
  ...over,
});

test('团组织结对: those with no child first and marked; 登记团组织 sends the form and opens its pairings', async () => {
  actAs('townshipStaff');
  const api = mockBackend({
    'community.leagueOrgs': () => ({
      region: YAODU,
      orgs: [league(), league({ leagueOrgId: 'lg-2', name: '尧渡中学团委', level: 'school', levelLabel: '学校团委', school: { schoolId: 's1', name: '尧渡中学' }, paired: 3 })],
      unpaired: 1,
      places: [YAODU, { code: '341721100001', name: '团结社区' }],
      schools: [{ schoolId: 's1', name: '尧渡中学', townshipCode: '341721100' }],
    }),
    'community.saveLeagueOrg': (i) => league({ leagueOrgId: 'lg-3', name: i.name }),
  });
  const page = await openLoaded('packageCommunity/pages/league/index');
  expect(visibleText(page.querySelector('.summary')!)).toBe('共2个团组织，1个还没有结对留守儿童（每个团组织至少结对1名）');
  const cards = page.querySelectorAll('.league').map(visibleText);
  expect(cards[0]).toContain('尚未结对');
  expect(cards[1]).toContain('结对3名儿童');
  expect(cards[1]).toContain('学校团委 · 尧渡中学');
  page.querySelectorAll('.league')[1].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageCommunity/pages/league-pair/index?id=lg-2' });

  const form = await openLoaded('packageCommunity/pages/league-edit/index');
  expect(form.data.placeNames).toEqual(['尧渡镇']);
  set(form, 'level', 'village');
  expect(form.data.placeNames).toEqual(['团结社区']);
  set(form, 'name', '团结社区团支部');
  set(form, 'contactName', '李娜');
  set(form, 'contactPhone', '13955660003');
  await form.instance.onSave();
  await settle();
  expect(api.calls('community.saveLeagueOrg')).toEqual([{ name: '团结社区团支部', level: 'village', regionCode: '341721100001', contactName: '李娜', contactPhone: '13955660003' }]);
  expect(wx.redirectTo).toHaveBeenLastCalledWith({ url: '/packageCommunity/pages/league-pair/index?id=lg-3' });
});

test('结对儿童: pair a child with a volunteer as 结对人; a child outside the area is refused in words; 结束结对 asks first', async () => {
  actAs('townshipStaff');
  wx.showModal = jest.fn(({ success }: { success: (r: { confirm: boolean }) => void }) => success({ confirm: true }));
  let pairings: any[] = [];
  const detail = () => ({
    org: league({ paired: pairings.length }),
    pairings,
    candidates: pairings.length ? [] : [{ childId: 'c1', childName: '林小雨', village: '团结社区' }],
    volunteers: [{ personId: 'v1', name: '陈志远' }],
  });
  const api = mockBackend({
    'community.leagueOrg': detail,
    'community.pairLeagueChild': (i) => {
      if (i.childId !== 'c1') return failure('CHILD_OUTSIDE_ORG', '该儿童不在本团组织的联系范围内，不能结对');
      pairings = [{ pairingId: 'lg-1:c1', childId: 'c1', childName: '林小雨', village: '团结社区', since: i.since, memberName: i.memberName }];
      return detail();
    },
    'community.endLeaguePairing': () => {
      pairings = [];
      return detail();
    },
  });
  const page = await openLoaded('packageCommunity/pages/league-pair/index', { id: 'lg-1' });
  expect(visibleText(page.querySelector('.head')!)).toContain('尚未结对');
  expect(visibleText(page.querySelector('.empty')!)).toContain('每个团组织至少结对1名留守儿童');
  page.querySelector('.start >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(page.data.childNames).toEqual(['林小雨（团结社区）']);
  expect(page.data.memberNames).toEqual(['陈志远', '其他（填写姓名）']);
  set(page, 'since', '2026-07-01');
  await page.instance.onPair();
  await settle();
  expect(api.calls('community.pairLeagueChild')).toEqual([{ leagueOrgId: 'lg-1', childId: 'c1', since: '2026-07-01', memberName: '陈志远', memberPersonId: 'v1' }]);
  expect(visibleText(page.querySelector('.pairing .item__name')!)).toBe('林小雨');
  expect(visibleText(page.querySelector('.pairing .item__line')!)).toBe('团结社区 · 2026-07-01起 · 结对人：陈志远');
  expect(visibleText(page.querySelector('.head')!)).toContain('结对1名儿童');

  // The function refuses a child outside the organisation's area: said in words on the form.
  api.route('community.leagueOrg', () => ({ ...detail(), candidates: [{ childId: 'c9', childName: '周小舟', village: '桃园村' }] }));
  await page.instance.load();
  page.querySelector('.start >>> .t-button')!.dispatchEvent('tap');
  await settle();
  page.instance.onPick({ currentTarget: { dataset: { key: 'memberIndex' } }, detail: { value: 1 } });
  set(page, 'memberName', '王强');
  await page.instance.onPair();
  await settle();
  expect(visibleText(page.querySelector('.form__error')!)).toBe('该儿童不在本团组织的联系范围内，不能结对');

  api.route('community.leagueOrg', detail);
  await page.instance.load();
  page.querySelector('.end >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(api.calls('community.endLeaguePairing')).toEqual([{ pairingId: 'lg-1:c1' }]);
  expect(visibleText(page.querySelector('.head__saved')!)).toBe('✓ 已结束与林小雨的结对');
});

test('entry points: 工作台 lists 社会组织 and 团组织结对; the county board leads to both', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { WORKBENCH_ENTRIES } = require('../../miniprogram/services/workbench');
  const urls = (WORKBENCH_ENTRIES as { url: string; roles: string[] }[]).filter((e) => e.url.includes('/orgs/') || e.url.includes('/league/'));
  expect(urls.map((e) => [e.url, e.roles])).toEqual([
    ['/packageCommunity/pages/orgs/index', ['townshipStaff', 'countyAdmin', 'siteStaff']],
    ['/packageCommunity/pages/league/index', ['townshipStaff', 'countyAdmin']],
  ]);
  const board = { region: { code: '341721', name: '东至县', level: 'county' }, parents: [], ready: false, asOf: null, period: null, computedAt: null, comparedWith: null, sections: [], ranking: [], scoreKeys: [], canRefresh: true, canManage: true };
  mockBackend({ 'supervision.board': () => board });
  const page = await openLoaded('packageSupervision/pages/board/index');
  page.querySelector('.link--orgs >>> .row')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageCommunity/pages/orgs/index' });
  page.querySelector('.link--league >>> .row')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageCommunity/pages/league/index' });
});
