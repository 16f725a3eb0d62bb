/**
 * Screenshots of the 社会组织 and 团组织结对 pages (invented data, no real person or
 * organisation; the back end answered in place by the page tests' mock): the county's list with
 * each township's coverage, an organisation with its projects and awards, the registration form
 * with a refused 统一社会信用代码, the 团组织 list, and pairing a child.
 */
import { fixClock, settle, type SimNode, openLoaded } from '../../tests/components/harness';
import { actAs, failure, mockBackend } from '../../tests/components/page-backend';
import { capture } from './capture';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));
jest.setTimeout(60_000);

const wx = (global as any).wx;
wx.setNavigationBarTitle = jest.fn();

const open = (route: string, query: Record<string, string> = {}): Promise<SimNode> => openLoaded(route, query, 10);

beforeEach(() => {
  wx.clearStorageSync();
  wx.setStorageSync('shouwang.elderMode', 'off');
  wx.navigateTo = jest.fn();
  fixClock('2026-12-05T16:10:00+08:00');
});
afterEach(() => jest.useRealTimers());
afterAll(() => actAs());

const T = (code: string, name: string) => ({ code, name });
const YAODU = T('341721100', '尧渡镇');
const TOWNSHIPS = [YAODU, T('341721101', '东流镇'), T('341721102', '大渡口镇'), T('341721103', '胜利镇'), T('341721104', '张溪镇')];
const ORG = {
  orgId: 'org-1',
  name: '尧渡镇春苗社会工作服务中心',
  creditCode: '52341721MJ1234567J',
  region: YAODU,
  townships: [YAODU, TOWNSHIPS[1]],
  fullTimeStaff: 4,
  contacts: [{ name: '许文静', phone: '139****1234' }],
  services: ['holidayCare', 'tutoring', 'counselling', 'companionship'],
  serviceLabels: ['假期托管', '课后辅导', '心理辅导', '亲情陪伴'],
  premises: [{ siteId: 'site-o', name: '尧渡镇春苗社会工作服务站', address: '尧渡镇振兴路18号' }],
  staffAccounts: ['韩志刚'],
  projects: [
    { projectId: 'p2', name: '爱的背包', from: '2026-08-20', to: '2026-09-10', childrenReached: 126, township: YAODU, updatedAt: '2026-09-10T01:00:00.000Z' },
    { projectId: 'p1', name: '温暖包', from: '2026-01-10', to: '2026-02-05', childrenReached: 84, township: TOWNSHIPS[1], updatedAt: '2026-02-05T01:00:00.000Z' },
  ],
  awards: [{ awardId: 'a1', name: '全县优秀社会组织', year: 2025, issuer: '东至县民政局', updatedAt: '2026-01-05T01:00:00.000Z' }],
  status: 'active',
  statusLabel: '服务中',
  canEdit: true,
  canRecord: true,
};
const ORG2 = { ...ORG, orgId: 'org-2', name: '东至县青苗公益服务社', townships: [T('341721102', '大渡口镇')], fullTimeStaff: 2, serviceLabels: ['课后辅导', '亲情陪伴'], projects: [], awards: [] };

test('社会组织页面: the list, an organisation, the registration form', async () => {
  actAs('countyAdmin');
  mockBackend({
    'community.orgs': () => ({
      region: T('341721', '东至县（全县）'),
      coverage: TOWNSHIPS.map((t, i) => ({ township: t, orgs: i === 0 || i === 1 ? 1 : i === 2 ? 1 : 0 })),
      covered: 3,
      orgs: [ORG2, ORG],
      places: TOWNSHIPS,
      premises: [{ siteId: 'site-o', name: '尧渡镇春苗社会工作服务站', region: '尧渡镇' }],
      canRegister: true,
    }),
    'community.org': () => ORG,
    'community.saveOrg': () => failure('VALIDATION_FAILED', '输入有误', { issues: [{ path: 'creditCode', label: '统一社会信用代码', message: '校验位（最后一位）不符，请逐位核对' }] }),
  });
  await capture('orgs-1-list', 'packageCommunity/pages/orgs/index', await open('packageCommunity/pages/orgs/index'));
  await capture('orgs-2-detail', 'packageCommunity/pages/org/index', await open('packageCommunity/pages/org/index', { id: 'org-1' }));
  const form = await open('packageCommunity/pages/org-edit/index');
  const set = (key: string, value: unknown) => form.instance.onField({ currentTarget: { dataset: { key } }, detail: { value } });
  set('name', '胜利镇向阳社会工作服务站');
  set('creditCode', '52341721MJ7654321A');
  form.instance.onRegion({ detail: { value: 4 } });
  set('fullTimeStaff', '3');
  set('townships', ['341721103']);
  set('services', ['holidayCare', 'tutoring']);
  set('contacts[0].name', '吴晓梅');
  set('contacts[0].phone', '13955667788');
  await form.instance.onSave();
  await settle(10);
  await capture('orgs-3-edit-refused', 'packageCommunity/pages/org-edit/index', form);
});

test('团组织页面: the list and pairing a child', async () => {
  actAs('townshipStaff');
  const league = (over: Record<string, unknown>) => ({ leagueOrgId: 'lg-1', name: '共青团尧渡镇委员会', level: 'township', levelLabel: '乡镇团委', region: YAODU, contactName: '程亮', contactPhone: '139****5678', paired: 2, ...over });
  mockBackend({
    'community.leagueOrgs': () => ({
      region: YAODU,
      orgs: [
        league({ leagueOrgId: 'lg-3', name: '东风村团支部', level: 'village', levelLabel: '村（社区）团支部', region: T('341721100002', '东风村'), contactName: '李娜', contactPhone: '139****0003', paired: 0 }),
        league({}),
        league({ leagueOrgId: 'lg-2', name: '尧渡中学团委', level: 'school', levelLabel: '学校团委', school: { schoolId: 's1', name: '尧渡中学' }, contactName: '汪涛', contactPhone: '139****0004', paired: 5 }),
      ],
      unpaired: 1,
      places: [YAODU],
      schools: [],
    }),
    'community.leagueOrg': () => ({
      org: league({}),
      pairings: [
        { pairingId: 'lg-1:c1', childId: 'c1', childName: '林小雨', village: '团结社区', since: '2026-09-01', memberName: '程亮' },
        { pairingId: 'lg-1:c2', childId: 'c2', childName: '王子轩', village: '东风村', since: '2026-10-12', memberName: '沈晓燕' },
      ],
      candidates: [
        { childId: 'c3', childName: '陈小川', village: '梅城村' },
        { childId: 'c4', childName: '张雨涵', village: '团结社区' },
      ],
      volunteers: [{ personId: 'v1', name: '沈晓燕' }],
    }),
  });
  await capture('league-1-list', 'packageCommunity/pages/league/index', await open('packageCommunity/pages/league/index'));
  const pair = await open('packageCommunity/pages/league-pair/index', { id: 'lg-1' });
  pair.querySelector('.start >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  await capture('league-2-pair', 'packageCommunity/pages/league-pair/index', pair);
});
