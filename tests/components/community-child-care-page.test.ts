/**
 * 团组织结对与关爱活动 (packageCommunity/pages/child-care/index), opened from 儿童档案 → 关爱帮扶: the
 * 团组织 paired with the child (结对中 before 已结束, who keeps it, since when) and the activities the
 * child came to; the empty states say who arranges a pairing; a failure offers 重试.
 */
import { settle, visibleText, openLoaded } from './harness';
import { actAs, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));

const wx = (global as any).wx;

beforeEach(() => {
  wx.navigateTo = jest.fn();
  wx.setNavigationBarTitle = jest.fn();
  actAs('parent');
});

test('the child’s 团组织 pairings, current first, and the activities it came to', async () => {
  const api = mockBackend({
    'community.childCare': () => ({
      pairings: [
        { pairingId: 'p1', orgName: '共青团尧渡镇委员会', levelLabel: '乡镇团委', since: '2026-07-01', memberName: '王强', active: true, statusLabel: '结对中' },
        { pairingId: 'p2', orgName: '团结社区团支部', levelLabel: '村（社区）团支部', since: '2025-09-01', memberName: '李娜', active: false, endedOn: '2026-06-30', statusLabel: '已结束' },
      ],
      activities: [{ activityId: 'a1', day: '2026-07-06', kindLabel: '课业辅导', theme: '暑期课业辅导', siteName: '团结社区温馨家园' }],
      activitiesTotal: 1,
    }),
  });
  const page = await openLoaded('packageCommunity/pages/child-care/index', { childId: 'c-7', name: encodeURIComponent('林小雨') });
  expect(api.calls('community.childCare')).toEqual([{ childId: 'c-7' }]);
  expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '林小雨的团组织结对与关爱活动' });
  const cards = page.querySelectorAll('.pairing').map(visibleText);
  expect(cards[0]).toContain('共青团尧渡镇委员会');
  expect(cards[0]).toContain('结对中');
  expect(cards[0]).toContain('结对人：王强');
  expect(cards[0]).toContain('2026-07-01起');
  expect(cards[1]).toContain('已结束');
  expect(cards[1]).toContain('2025-09-01至2026-06-30');
  expect(visibleText(page.querySelector('.activity')!)).toContain('2026-07-06 课业辅导');
  expect(visibleText(page.querySelector('.activity')!)).toContain('暑期课业辅导 · 团结社区温馨家园');
});

test('nothing yet: each section says what happens next; a failure offers 重试', async () => {
  const api = mockBackend({ 'community.childCare': () => ({ pairings: [], activities: [], activitiesTotal: 0 }) });
  const page = await openLoaded('packageCommunity/pages/child-care/index', { childId: 'c-7', name: '' });
  // A parent is told whom to ask; township staff where to arrange it.
  expect(visibleText(page.querySelector('.no-pairings')!)).toContain('团组织结对由乡镇工作人员安排，有需要可以联系村（社区）干部');
  expect(visibleText(page.querySelector('.no-activities')!)).toContain('由组织者登记');
  api.fail('community.childCare', { code: 'FORBIDDEN', message: '无权查看这份档案' });
  await page.instance.load();
  await settle();
  expect(visibleText(page.querySelector('.load-error')!)).toContain('无权查看这份档案');
});
