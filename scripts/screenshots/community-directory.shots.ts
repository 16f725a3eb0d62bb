/**
 * Screenshots of 关爱服务站点 sorted 离我最近 (invented sites and position), of 服务站点管理's form
 * with a site placed on the map, and of a child's 团组织结对与关爱活动.
 */
import { fixClock, settle, type SimNode, openLoaded } from '../../tests/components/harness';
import { actAs, mockBackend } from '../../tests/components/page-backend';
import { capture } from './capture';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));
jest.setTimeout(60_000);

const wx = (global as any).wx;
wx.setNavigationBarTitle = jest.fn();

const open = (route: string, query: Record<string, string> = {}): Promise<SimNode> => openLoaded(route, query, 10);

beforeEach(() => {
  wx.clearStorageSync();
  wx.setStorageSync('shouwang.elderMode', 'off');
  fixClock('2026-12-06T10:10:00+08:00');
});
afterEach(() => jest.useRealTimers());
afterAll(() => actAs());

const site = (over: Record<string, unknown>) => ({
  kind: 'home',
  kindLabel: '温馨家园',
  region: { code: '341721100001', name: '团结社区' },
  hours: '周六、周日 8:30-17:30',
  phone: '05667012345',
  services: ['dayCare', 'tutoring'],
  serviceLabels: ['假期日间照料', '课后辅导'],
  status: 'open',
  statusLabel: '开放中',
  ...over,
});
const SITES = [
  site({ siteId: 's1', kind: 'centre', kindLabel: '未成年人保护中心', name: '东至县未成年人救助保护中心', region: { code: '341721', name: '东至县（全县）' }, address: '县民政局院内', hours: '全天', phone: '05667000000', serviceLabels: ['临时庇护', '心理疏导', '转介帮扶'], location: { latitude: 30.0968, longitude: 117.0236 }, distanceMeters: 620 }),
  site({ siteId: 's2', name: '团结社区温馨家园', address: '团结社区党群服务中心二楼', location: { latitude: 30.09, longitude: 117.03 }, distanceMeters: 1480 }),
  site({ siteId: 's3', name: '东风村温馨家园', region: { code: '341721100002', name: '东风村' }, address: '东风村村委会一楼', phone: '05667012888' }),
];

test('关爱服务站点: 离我最近', async () => {
  actAs();
  mockBackend({ 'community.directory': () => ({ county: { code: '341721', name: '东至县（全县）' }, townships: [{ code: '341721100', name: '尧渡镇', villages: [] }], sites: SITES }) });
  wx.getLocation = jest.fn(({ success }: { success: (r: unknown) => void }) => success({ latitude: 30.1, longitude: 117.02, accuracy: 30 }));
  const page = await open('packageCommunity/pages/directory/index');
  page.instance.onNearest();
  await settle(10);
  await settle(10);
  await capture('community-directory-nearest', 'packageCommunity/pages/directory/index', page);
});

test('服务站点管理: 站点位置', async () => {
  actAs('townshipStaff');
  mockBackend({ 'community.sites': () => ({ region: { code: '341721100', name: '尧渡镇' }, sites: [SITES[1]], places: [{ code: '341721100001', name: '团结社区' }] }) });
  wx.chooseLocation = jest.fn(({ success }: { success: (r: unknown) => void }) => success({ name: '团结社区党群服务中心', address: '尧渡镇团结路1号', latitude: 30.09, longitude: 117.03 }));
  const page = await open('packageCommunity/pages/sites/index');
  page.instance.onEdit({ currentTarget: { dataset: { id: 's2' } } });
  await settle(10);
  page.instance.onChooseLocation();
  await settle(10);
  await capture('community-site-location', 'packageCommunity/pages/sites/index', page);
});

test('儿童档案 → 团组织结对与关爱活动', async () => {
  actAs('townshipStaff');
  mockBackend({
    'community.childCare': () => ({
      pairings: [
        { pairingId: 'p1', orgName: '共青团尧渡镇委员会', levelLabel: '乡镇团委', since: '2026-07-01', memberName: '王强', active: true, statusLabel: '结对中' },
        { pairingId: 'p2', orgName: '团结社区团支部', levelLabel: '村（社区）团支部', since: '2025-09-01', memberName: '李娜', active: false, endedOn: '2026-06-30', statusLabel: '已结束' },
      ],
      activities: [
        { activityId: 'a2', day: '2026-08-12', kindLabel: '亲情陪伴', theme: '和爸爸妈妈视频通话', siteName: '团结社区温馨家园' },
        { activityId: 'a1', day: '2026-07-06', kindLabel: '课业辅导', theme: '暑期课业辅导', siteName: '团结社区温馨家园' },
      ],
      activitiesTotal: 2,
    }),
  });
  const page = await open('packageCommunity/pages/child-care/index', { childId: 'c-7', name: encodeURIComponent('林小雨') });
  await capture('community-child-care', 'packageCommunity/pages/child-care/index', page);
});

test('活动详情 after its day, and 团组织结对与关爱活动 with nothing yet (as a parent)', async () => {
  actAs('townshipStaff');
  const held = { activityId: 'ac-0', kind: 'talk', kindLabel: '讲座', theme: '防溺水安全讲座', day: '2026-06-20', start: '14:00', end: '15:30', siteId: 's2', siteName: '团结社区温馨家园', township: { code: '341721100', name: '尧渡镇' }, children: 1, volunteers: 0, when: 'held' };
  mockBackend({ 'community.activity': () => ({ activity: held, attended: [{ childId: 'c-1', childName: '林小雨', village: '团结社区' }], candidates: [], volunteers: [], canMark: true, canShowCode: false }) });
  await capture('community-activity-held', 'packageCommunity/pages/activity/index', await open('packageCommunity/pages/activity/index', { id: 'ac-0' }));
  actAs('parent');
  mockBackend({ 'community.childCare': () => ({ pairings: [], activities: [], activitiesTotal: 0 }) });
  await capture('community-child-care-empty', 'packageCommunity/pages/child-care/index', await open('packageCommunity/pages/child-care/index', { childId: 'c-7', name: '' }));
});
