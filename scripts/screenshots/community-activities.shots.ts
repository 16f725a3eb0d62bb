/**
 * Screenshots of 关爱活动 and 志愿服务证明 (invented data, no real person; the back end answered in
 * place by the page tests' mock): the township's activities this year, one activity on its day
 * with the volunteers who scanned and children ticked, and a volunteer's certificate of hours.
 */
import { fixClock, type SimNode, openLoaded } from '../../tests/components/harness';
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
  wx.navigateTo = jest.fn();
  fixClock('2026-07-06T10:10:00+08:00');
});
afterEach(() => jest.useRealTimers());
afterAll(() => actAs());

const YAODU = { code: '341721100', name: '尧渡镇' };
const act = (over: Record<string, unknown>) => ({ activityId: 'ac-1', kind: 'tutoring', kindLabel: '课业辅导', theme: '暑期课业辅导', day: '2026-07-06', start: '09:00', end: '11:30', siteId: 'site-1', siteName: '团结社区温馨家园', township: YAODU, children: 2, volunteers: 2, when: 'today', ...over });

test('关爱活动页面: the list, an activity on its day, the certificate', async () => {
  actAs('townshipStaff');
  mockBackend({
    'community.activities': () => ({
      region: YAODU,
      year: '2026',
      activities: [
        act({}),
        act({ activityId: 'ac-2', kind: 'holidayCare', kindLabel: '假期托管', theme: '暑假托管班（第二期）', day: '2026-07-13', start: '08:30', end: '17:00', siteName: '东风村温馨家园', children: 0, volunteers: 0, when: 'planned' }),
        act({ activityId: 'ac-0', kind: 'talk', kindLabel: '讲座', theme: '防溺水安全讲座', day: '2026-06-20', start: '14:00', end: '15:30', children: 18, volunteers: 3, when: 'held' }),
      ],
      sites: [{ siteId: 'site-1', name: '团结社区温馨家园', region: '团结社区' }],
      held: 2,
      childrenReached: 19,
    }),
    'community.activity': () => ({
      activity: act({}),
      attended: [
        { childId: 'c-1', childName: '林小雨', village: '团结社区' },
        { childId: 'c-2', childName: '王小磊', village: '团结社区' },
      ],
      candidates: [
        { childId: 'c-3', childName: '陈思琪', village: '团结社区' },
        { childId: 'c-4', childName: '周子涵', village: '团结社区' },
      ],
      volunteers: [
        { name: '陈志远', at: '2026-07-06T01:02:00.000Z' },
        { name: '刘芳', at: '2026-07-06T01:05:00.000Z' },
      ],
      canMark: true,
      canShowCode: true,
    }),
  });
  await capture('activities-1-list', 'packageCommunity/pages/activities/index', await open('packageCommunity/pages/activities/index'));
  await capture('activities-2-detail', 'packageCommunity/pages/activity/index', await open('packageCommunity/pages/activity/index', { id: 'ac-1' }));

  actAs('volunteer');
  mockBackend({
    'community.myCertificate': () => ({
      name: '陈志远',
      county: '东至县',
      year: '2026',
      from: '2026-01-01',
      to: '2026-07-06',
      totalMinutes: 1935,
      hours: '32.3',
      shifts: 14,
      sites: [
        { siteName: '团结社区温馨家园', minutes: 1410, hours: '23.5', shifts: 10 },
        { siteName: '东风村温馨家园', minutes: 525, hours: '8.8', shifts: 4 },
      ],
      trainings: [{ title: '志愿者关爱技能培训', day: '2026-04-18' }],
      activities: [
        { theme: '防溺水安全讲座', kindLabel: '讲座', day: '2026-06-20', siteName: '团结社区温馨家园' },
        { theme: '暑期课业辅导', kindLabel: '课业辅导', day: '2026-07-06', siteName: '团结社区温馨家园' },
      ],
      issuedOn: '2026-07-06',
      years: ['2026', '2025'],
    }),
  });
  await capture('activities-3-certificate', 'packageCommunity/pages/certificate/index', await open('packageCommunity/pages/certificate/index'));
});
