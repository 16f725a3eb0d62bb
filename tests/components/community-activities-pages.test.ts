/**
 * The 关爱活动 pages and 服务证明 (docs/community.md): the list (planned first, counts, 计划活动), the
 * plan form (what it sends, a refusal in words), the activity (出示签到码 on its day, the volunteers
 * who scanned, ticking the children who came), 志愿服务 recording an activity's code, the 签到码
 * page for an activity, and the certificate with its year picker.
 */
import { settle, visibleText, openLoaded } from './harness';
import { actAs, failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));

const wx = (global as any).wx;

beforeEach(() => {
  wx.clearStorageSync();
  wx.navigateTo = jest.fn();
  wx.navigateBack = jest.fn();
  wx.showToast = jest.fn();
  wx.setNavigationBarTitle = jest.fn();
  actAs('townshipStaff');
});

const activity = (over: Record<string, unknown> = {}) => ({
  activityId: 'ac-1',
  kind: 'tutoring',
  kindLabel: '课业辅导',
  theme: '暑期课业辅导',
  day: '2026-07-06',
  start: '09:00',
  end: '11:30',
  siteId: 'site-1',
  siteName: '团结社区温馨家园',
  township: { code: '341721100', name: '尧渡镇' },
  children: 0,
  volunteers: 0,
  when: 'planned',
  ...over,
});
const SITES = [
  { siteId: 'site-1', name: '团结社区温馨家园', region: '团结社区' },
  { siteId: 'site-2', name: '东风村温馨家园', region: '东风村' },
];
const list = (activities: unknown[], over: Record<string, unknown> = {}) => ({ region: { code: '341721100', name: '尧渡镇' }, year: '2026', activities, sites: SITES, held: 1, childrenReached: 12, ...over });

test('关爱活动: the year’s activities with their counts; 计划活动 and a card open the form and the activity', async () => {
  mockBackend({ 'community.activities': () => list([activity(), activity({ activityId: 'ac-0', theme: '防溺水安全讲座', kindLabel: '讲座', day: '2026-06-20', when: 'held', children: 12, volunteers: 3 })]) });
  const page = await openLoaded('packageCommunity/pages/activities/index');
  expect(visibleText(page.querySelector('.summary')!)).toBe('今年已举办1次，到场儿童12人');
  const cards = page.querySelectorAll('.activity').map(visibleText);
  expect(cards[0]).toContain('暑期课业辅导');
  expect(cards[0]).toContain('计划中');
  expect(cards[0]).toContain('课业辅导 · 2026-07-06 09:00-11:30 · 团结社区温馨家园');
  expect(cards[1]).toContain('已举办');
  expect(cards[1]).toContain('到场儿童12人 · 志愿者3人');
  page.querySelector('.plan >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageCommunity/pages/activity-edit/index' });
  page.querySelectorAll('.activity')[1].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageCommunity/pages/activity/index?id=ac-0' });
});

test('关爱活动 shows what changed on coming back from the form (behaviors/reload-on-show)', async () => {
  let items = [activity()];
  const api = mockBackend({ 'community.activities': () => list(items) });
  const page = await openLoaded('packageCommunity/pages/activities/index');
  expect(api.calls('community.activities')).toHaveLength(1);
  items = [activity(), activity({ activityId: 'ac-2', theme: '暑期阅读分享' })];
  page.instance.onShow();
  await settle();
  expect(api.calls('community.activities')).toHaveLength(2);
  expect(page.querySelectorAll('.activity').map(visibleText).join()).toContain('暑期阅读分享');
});

test('关爱活动 with no site to plan at says where to add one instead of a button', async () => {
  mockBackend({ 'community.activities': () => list([], { sites: [], held: 0, childrenReached: 0 }) });
  const page = await openLoaded('packageCommunity/pages/activities/index');
  expect(page.querySelector('.plan')).toBeFalsy();
  expect(visibleText(page.querySelector('.no-sites')!)).toContain('服务站点管理');
  expect(visibleText(page.querySelector('.empty')!)).toContain('今年还没有关爱活动');
});

test('计划活动: sends kind, theme, day, times and the chosen site; a refusal is shown in words', async () => {
  let refuse = true;
  const api = mockBackend({
    'community.activities': () => list([]),
    'community.saveActivity': (i) => (refuse ? failure('VALIDATION_FAILED', '结束时间须晚于开始时间', { issues: [{ path: 'end', message: '结束时间须晚于开始时间' }] }) : activity({ theme: i.theme })),
  });
  const page = await openLoaded('packageCommunity/pages/activity-edit/index');
  expect(visibleText(page.querySelector('.pick-site')!)).toContain('团结社区温馨家园（团结社区）');
  const pick = (key: string, value: unknown) => page.instance.onPick({ currentTarget: { dataset: { key } }, detail: { value } });
  pick('kindIndex', 2);
  page.instance.onField({ currentTarget: { dataset: { key: 'theme' } }, detail: { value: '暑假托管班' } });
  pick('day', '2026-07-10');
  pick('start', '14:00');
  pick('end', '13:00');
  pick('siteIndex', 1);
  await page.instance.onSave();
  await settle();
  expect(api.calls('community.saveActivity')).toEqual([{ kind: 'holidayCare', theme: '暑假托管班', day: '2026-07-10', start: '14:00', end: '13:00', siteId: 'site-2' }]);
  expect(visibleText(page.querySelector('.form__error')!)).toContain('结束时间须晚于开始时间');
  expect(wx.navigateBack).not.toHaveBeenCalled();
  refuse = false;
  pick('end', '17:00');
  await page.instance.onSave();
  await settle();
  expect(api.calls('community.saveActivity')[1]).toMatchObject({ end: '17:00' });
  expect(wx.showToast).toHaveBeenCalledWith({ title: '已计划', icon: 'success' });
  expect(wx.navigateBack).toHaveBeenCalled();
});

test('活动详情: 出示签到码 on its day, the volunteers who scanned, ticking children saves the whole list', async () => {
  const detail = (attended: { childId: string; childName: string; village: string }[]) => ({
    activity: activity({ when: 'today', day: '2026-07-04', children: attended.length, volunteers: 1 }),
    attended,
    candidates: [
      { childId: 'c-1', childName: '林小雨', village: '团结社区' },
      { childId: 'c-2', childName: '王小磊', village: '团结社区' },
    ].filter((c) => !attended.some((a) => a.childId === c.childId)),
    volunteers: [{ name: '陈志远', at: '2026-07-04T01:05:00.000Z' }],
    canMark: true,
    canShowCode: true,
  });
  const api = mockBackend({
    'community.activity': () => detail([]),
    'community.markActivityChildren': (i) => detail((i.childIds as string[]).map((id) => ({ childId: id, childName: id === 'c-1' ? '林小雨' : '王小磊', village: '团结社区' }))),
  });
  const page = await openLoaded('packageCommunity/pages/activity/index', { id: 'ac-1' });
  expect(api.calls('community.activity')).toEqual([{ activityId: 'ac-1' }]);
  expect(visibleText(page.querySelector('.count')!)).toBe('到场儿童0人 · 签到志愿者1人');
  expect(visibleText(page.querySelector('.volunteer')!)).toContain('陈志远');
  expect(page.querySelectorAll('.child').map((n) => n.instance.data.label)).toEqual(['林小雨（团结社区）', '王小磊（团结社区）']);
  page.querySelector('.child-list')!.instance.triggerEvent('change', { value: ['c-1'] });
  page.querySelector('.save-children >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(api.calls('community.markActivityChildren')).toEqual([{ activityId: 'ac-1', childIds: ['c-1'] }]);
  expect(visibleText(page.querySelector('.head__saved')!)).toBe('✓ 已保存：到场儿童1人');
  expect(visibleText(page.querySelector('.count')!)).toBe('到场儿童1人 · 签到志愿者1人');
  page.querySelector('.show-code >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageCommunity/pages/site-code/index?activityId=ac-1' });
});

test('活动详情 before its day: no code button, no ticking', async () => {
  mockBackend({ 'community.activity': () => ({ activity: activity(), attended: [], candidates: [{ childId: 'c-1', childName: '林小雨', village: '团结社区' }], volunteers: [], canMark: false, canShowCode: false }) });
  const page = await openLoaded('packageCommunity/pages/activity/index', { id: 'ac-1' });
  expect(page.querySelector('.show-code')).toBeFalsy();
  expect(visibleText(page.querySelector('.code-later')!)).toContain('活动当天');
  expect(visibleText(page.querySelector('.not-yet')!)).toContain('活动当天或之后');
  expect(page.querySelectorAll('.child')).toHaveLength(0);
});

test('志愿服务: an activity’s code records attendance; 服务证明 opens the certificate; the 签到码 page shows an activity’s code', async () => {
  actAs('volunteer');
  const code = 'SWA1.ac-1.29700000.0123456789abcdef01234567';
  wx.scanCode = jest.fn(({ success }: { success: (r: { result: string }) => void }) => success({ result: code }));
  const api = mockBackend({
    'community.myVolunteer': () => ({ active: true, totalMinutes: 0, shifts: 0, sites: [], recent: [] }),
    'community.attendActivity': () => ({ activityId: 'ac-1', title: '暑期课业辅导', day: '2026-07-04', alreadyRecorded: false }),
    'community.activityCode': () => ({ activityId: 'ac-1', title: '暑期课业辅导', code, refreshAt: '2026-07-04T01:01:00.000Z', windowSeconds: 60 }),
  });
  const page = await openLoaded('packageCommunity/pages/volunteer/index');
  page.instance.onScan();
  await settle();
  expect(api.calls('community.attendActivity')).toEqual([{ code }]);
  expect(api.calls('community.checkIn')).toEqual([]);
  expect(visibleText(page.querySelector('.scan__notice')!)).toBe('✓ 已签到活动：暑期课业辅导');
  page.querySelector('.certificate >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageCommunity/pages/certificate/index' });

  actAs('townshipStaff');
  const codePage = await openLoaded('packageCommunity/pages/site-code/index', { activityId: 'ac-1' });
  expect(api.calls('community.activityCode')).toEqual([{ activityId: 'ac-1' }]);
  expect(visibleText(codePage.querySelector('.site-name')!)).toBe('暑期课业辅导');
  expect(codePage.querySelector('.qr')!.instance.data.value).toBe(code);
  expect(visibleText(codePage.querySelector('.code__line')!)).toContain('活动签到');
  codePage.instance.onUnload();
});

test('服务证明: the year’s hours, shifts, sites, trainings and activities, laid out as a certificate; another year on pick', async () => {
  actAs('volunteer');
  const cert = (year: string) => ({
    name: '陈志远',
    county: '东至县',
    year,
    from: `${year}-01-01`,
    to: year === '2026' ? '2026-07-04' : `${year}-12-31`,
    totalMinutes: year === '2026' ? 275 : 60,
    hours: year === '2026' ? '4.6' : '1.0',
    shifts: year === '2026' ? 3 : 1,
    sites: [{ siteName: '团结社区温馨家园', minutes: 275, hours: '4.6', shifts: 3 }],
    trainings: year === '2026' ? [{ title: '志愿者关爱技能培训', day: '2026-07-04' }] : [],
    activities: year === '2026' ? [{ theme: '防溺水安全讲座', kindLabel: '讲座', day: '2026-07-04', siteName: '团结社区温馨家园' }] : [],
    issuedOn: '2026-07-04',
    years: ['2026', '2025'],
  });
  const api = mockBackend({ 'community.myCertificate': (i) => cert((i.year as string) ?? '2026') });
  const page = await openLoaded('packageCommunity/pages/certificate/index');
  expect(api.calls('community.myCertificate')).toEqual([{}]);
  const text = visibleText(page.querySelector('.cert')!);
  expect(text).toContain('志愿服务证明');
  expect(text).toContain('陈志远');
  expect(visibleText(page.querySelector('.body')!)).toBe('于2026年1月1日至2026年7月4日在东至县参加农村留守儿童关爱志愿服务，经服务站点扫码签到、签退记录，累计服务时长4.6小时，共3次。');
  expect(visibleText(page.querySelector('.hours')!)).toBe('4.6');
  expect(visibleText(page.querySelector('.site')!)).toContain('团结社区温馨家园');
  expect(visibleText(page.querySelector('.training')!)).toBe('2026-07-04 志愿者关爱技能培训');
  expect(visibleText(page.querySelector('.activity')!)).toBe('2026-07-04 讲座：防溺水安全讲座（团结社区温馨家园）');
  expect(visibleText(page.querySelector('.issued')!)).toBe('出具日期：2026年7月4日');
  page.instance.onYear({ detail: { value: 1 } });
  await settle();
  await settle();
  expect(api.calls('community.myCertificate')[1]).toEqual({ year: '2025' });
  expect(visibleText(page.querySelector('.hours')!)).toBe('1.0');
  expect(page.querySelector('.training')).toBeFalsy();
});
