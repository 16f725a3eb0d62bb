/**
 * 结对帮扶 (packageCare/pages/pairing/index) rendered with miniprogram-simulate: a child's triad
 * in words; an officer fills the empty place from the township's pairing members who may fill it
 * and removes one after confirming; a pairing member logs care with TDesign choices; a pairing
 * member's own children; the error state.
 */
import { openPage, settle, visibleText } from './harness';
import { actAs, failure, mockBackend } from './page-backend';
import { CANDIDATES, PAIRING } from './care-fixtures';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const PAGE = 'packageCare/pages/pairing/index';

test('an officer sees the triad in words and fills the empty place from those who may fill it', async () => {
  actAs('villageOfficer');
  let filled = false;
  const neighbour = { slot: 'neighbour', filled: true, personId: 'p-nb2', name: '李秀英', kind: 'neighbour', since: '2026-03-04T02:00:00.000Z' };
  const api = mockBackend({
    'care.getPairing': () => (filled ? { ...PAIRING, complete: true, members: [...PAIRING.members.slice(0, 2), neighbour] } : PAIRING),
    'care.pairingCandidates': () => CANDIDATES,
    'care.setPairingMember': () => {
      filled = true;
      return { childId: 'c1', complete: true, members: [...PAIRING.members.slice(0, 2), neighbour] };
    },
  });
  const page = openPage(PAGE, { childId: 'c1' });
  await settle(10);
  let text = visibleText(page);
  expect(text).toContain('陈小雨');
  expect(text).toContain('重点对象 · 缺 邻居');
  expect(text).toContain('王晓明（村干部）');
  expect(text).toContain('郑小红（志愿者）');
  expect(text).toContain('未落实');
  expect(text).toContain('2月28日 · 学习上补一补');
  expect(page.dom.querySelector('wx-radio, wx-switch, wx-picker')).toBeNull();

  page.querySelector('.assign--neighbour >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  // Only those who may be the neighbour are offered, by name.
  expect(page.querySelectorAll('.candidate >>> .t-radio__title').map((n) => n.dom.textContent.trim())).toEqual(['何志明', '李秀英']);
  page.querySelector('.confirm >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('请先选择一位结对帮扶人');
  page.querySelectorAll('.candidate >>> .t-radio')[1].dispatchEvent('tap');
  await settle();
  page.querySelector('.confirm >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('care.setPairingMember')).toEqual([{ childId: 'c1', slot: 'neighbour', personId: 'p-nb2' }]);
  text = visibleText(page);
  expect(text).toContain('已指定李秀英为邻居，“1+1+1”三方已落实');
  expect(text).toContain('李秀英（邻居）');
});

test('removing a member asks first, then empties the place', async () => {
  actAs('townshipStaff');
  const api = mockBackend({ 'care.getPairing': () => PAIRING, 'care.removePairingMember': () => ({ childId: 'c1', complete: false, members: [] }) });
  let confirm = false;
  wx.showModal = jest.fn((o: { content: string; success: (r: { confirm: boolean }) => void }) => o.success({ confirm }));
  const page = openPage(PAGE, { childId: 'c1' });
  await settle(10);
  page.querySelector('.remove--helper >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.showModal.mock.calls[0][0].content).toContain('郑小红（志愿者）不再能查看这个孩子的档案');
  expect(api.calls('care.removePairingMember')).toHaveLength(0);
  confirm = true;
  page.querySelector('.remove--helper >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('care.removePairingMember')).toEqual([{ childId: 'c1', slot: 'helper' }]);
  expect(visibleText(page)).toContain('已解除网格员或志愿者');
});

test('a pairing member logs care with a kind chosen; cannot fill places; sees their own children', async () => {
  actAs('pairingMember');
  const api = mockBackend({
    'care.getPairing': () => PAIRING,
    'care.logCareActivity': () => ({ activityId: 'a9', duplicate: false }),
    'care.myPairings': () => ({ children: [{ childId: 'c1', childName: '陈小雨', slot: 'helper', complete: false, lastCareOn: '2026-02-28', plan: null }] }),
  });
  const page = openPage(PAGE, { childId: 'c1' });
  await settle(10);
  expect(page.querySelector('.assign--neighbour')).toBeUndefined();
  expect(page.querySelectorAll('.care-kind >>> .t-radio__title').map((n) => n.dom.textContent.trim())).toEqual(['生活上帮一帮', '学习上补一补', '心理上聊一聊', '情感上连一连']);
  page.querySelector('.log-care >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('请选择是哪一种关爱');
  page.querySelectorAll('.care-kind >>> .t-radio')[2].dispatchEvent('tap');
  page.querySelector('.note >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '聊了学校的事，情绪不错' } });
  await settle();
  page.querySelector('.log-care >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('care.logCareActivity')[0]).toMatchObject({ childId: 'c1', kind: 'mind', note: '聊了学校的事，情绪不错' });
  expect(visibleText(page)).toContain('已记录');

  const mine = openPage(PAGE);
  await settle(10);
  expect(visibleText(mine)).toContain('我是网格员或志愿者 · 最近关爱：2月28日');
  expect(visibleText(mine)).toContain('三方未齐全');
});

test('a failed load says why and offers 重试', async () => {
  actAs('villageOfficer');
  mockBackend({ 'care.getPairing': () => failure('FORBIDDEN', '无权查看该儿童档案') });
  const page = openPage(PAGE, { childId: 'c1' });
  await settle(10);
  expect(visibleText(page)).toContain('没能取到结对情况');
  expect(page.querySelector('.load-error >>> .state__button >>> .t-button')).toBeTruthy();
});
