/**
 * 离我最近 on the public 关爱服务站点 page and 站点位置 on 服务站点管理 (issue 18: "the nearest sites to a
 * family, by division, and by distance where a location is given"): the family's position is asked
 * only when they tap, the list comes back by distance with 离您约…, 导航 opens WeChat's map; a refusal
 * says so and keeps the order by division. The organiser places a site with WeChat's map picker.
 */
import { settle, visibleText, openLoaded } from './harness';
import { actAs, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));

const wx = (global as any).wx;

const TOWNSHIPS = [{ code: '341721100', name: '尧渡镇', villages: [{ code: '341721100001', name: '团结社区' }] }];
const site = (over: Record<string, unknown> = {}) => ({
  siteId: 'site-1',
  kind: 'home',
  kindLabel: '温馨家园',
  name: '团结社区温馨家园',
  region: { code: '341721100001', name: '团结社区' },
  address: '团结社区党群服务中心二楼',
  hours: '周六、周日 8:30-17:30',
  phone: '05667012345',
  services: ['dayCare'],
  serviceLabels: ['假期日间照料'],
  status: 'open',
  statusLabel: '开放中',
  ...over,
});
const HERE = { latitude: 30.1, longitude: 117.02 };
const CENTRE_AT = { latitude: 30.105, longitude: 117.03 };

beforeEach(() => {
  wx.clearStorageSync();
  wx.openLocation = jest.fn();
  actAs();
});

test('离我最近: asks for the position on tap, lists placed sites by distance with 离您约…, 导航 opens the map', async () => {
  const api = mockBackend({
    'community.directory': (input: { near?: unknown }) => ({
      county: { code: '341721', name: '东至县（全县）' },
      townships: TOWNSHIPS,
      sites: input.near
        ? [site({ siteId: 'site-2', name: '东至县未成年人保护中心', location: CENTRE_AT, distanceMeters: 1160 }), site({ location: { latitude: 30.2, longitude: 117.1 }, distanceMeters: 13_480 }), site({ siteId: 'site-3', name: '东风村温馨家园' })]
        : [site(), site({ siteId: 'site-2', name: '东至县未成年人保护中心', location: CENTRE_AT }), site({ siteId: 'site-3', name: '东风村温馨家园' })],
    }),
  });
  wx.getLocation = jest.fn(({ success }: { success: (r: unknown) => void }) => setTimeout(() => success({ ...HERE, accuracy: 30 }), 0));
  const page = await openLoaded('packageCommunity/pages/directory/index');
  expect(wx.getLocation).not.toHaveBeenCalled();
  expect(page.querySelectorAll('.site__distance')).toHaveLength(0);

  page.querySelector('.nearest >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(wx.getLocation).toHaveBeenCalledWith(expect.objectContaining({ type: 'gcj02' }));
  expect(api.calls('community.directory')[1]).toEqual({ near: HERE });
  const cards = page.querySelectorAll('.site').map(visibleText);
  expect(cards[0]).toContain('东至县未成年人保护中心');
  expect(cards[0]).toContain('离您约1.2公里');
  expect(cards[1]).toContain('离您约13.5公里');
  expect(cards[2]).not.toContain('离您');
  expect(visibleText(page.querySelector('.nearest >>> .t-button')!)).toContain('已按离我最近排列');

  // Only placed sites offer 导航.
  expect(page.querySelectorAll('.navigate')).toHaveLength(2);
  page.querySelectorAll('.navigate')[0].querySelector('.t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.openLocation).toHaveBeenCalledWith(expect.objectContaining({ ...CENTRE_AT, name: '东至县未成年人保护中心' }));

  // Choosing a township keeps the distance order.
  page.instance.onTownship({ detail: { value: 0 } });
  await settle();
  expect(api.calls('community.directory')[2]).toEqual({ regionCode: '341721100', near: HERE });
});

test('离我最近 refused: the page says how to allow it and keeps the order by division', async () => {
  const api = mockBackend({ 'community.directory': () => ({ county: { code: '341721', name: '东至县（全县）' }, townships: TOWNSHIPS, sites: [site()] }) });
  wx.getLocation = jest.fn(({ fail }: { fail: (e: unknown) => void }) => setTimeout(() => fail({ errMsg: 'getLocation:fail auth deny' }), 0));
  const page = await openLoaded('packageCommunity/pages/directory/index');
  page.querySelector('.nearest >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(visibleText(page.querySelector('.locate-error')!)).toContain('没有获得位置权限，仍按乡镇、村排列');
  expect(api.calls('community.directory')).toHaveLength(1);
  expect(visibleText(page.querySelector('.site')!)).toContain('团结社区温馨家园');
});

test('服务站点管理: 在地图上选择 places the site, 清除位置 removes it; the save sends what the form shows', async () => {
  actAs('townshipStaff');
  const saves: any[] = [];
  mockBackend({
    'community.sites': () => ({ region: { code: '341721100', name: '尧渡镇' }, sites: [site({ location: { latitude: 30.2, longitude: 117.1 } })], places: [{ code: '341721100001', name: '团结社区' }] }),
    'community.saveSite': (i) => {
      saves.push(i);
      return site();
    },
  });
  wx.chooseLocation = jest.fn(({ success }: { success: (r: unknown) => void }) => setTimeout(() => success({ name: '团结社区党群服务中心', address: '尧渡镇团结路1号', latitude: 30.11, longitude: 117.03 }), 0));
  const page = await openLoaded('packageCommunity/pages/sites/index');
  page.querySelector('.edit >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page.querySelector('.location-label')!)).toBe('已在地图上标注');

  page.querySelector('.choose-location >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(wx.chooseLocation).toHaveBeenCalledWith(expect.objectContaining({ latitude: 30.2, longitude: 117.1 }));
  expect(visibleText(page.querySelector('.location-label')!)).toBe('团结社区党群服务中心');
  await page.instance.onSave();
  expect(saves[0].location).toEqual({ latitude: 30.11, longitude: 117.03 });

  page.querySelector('.edit >>> .t-button')!.dispatchEvent('tap');
  await settle();
  page.querySelector('.clear-location >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page.querySelector('.location-label')!)).toBe('未标注（选填）');
  await page.instance.onSave();
  expect(saves[1]).not.toHaveProperty('location');
});
