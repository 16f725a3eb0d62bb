/**
 * 转介单 (packageCommunity/pages/referrals/index) rendered with miniprogram-simulate, as the
 * protection centre's staff: a child's case with its deadline in Beijing time, an entry nobody
 * was bound to said plainly, answering (too short refused on the page, kept for another try when
 * the function refuses), and the empty and error states.
 */
import { openPage, settle, visibleText } from './harness';
import { actAs, failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const PAGE = 'packageCommunity/pages/referrals/index';

const OPEN = {
  referralId: 'sref-1',
  siteId: 'site-centre',
  siteName: '东至县未成年人救助保护中心',
  childName: '陈*雨',
  place: '尧渡镇 · 团结社区',
  summary: '父母均在外务工，奶奶住院，孩子近一周独自在家。',
  referredBy: '王晓明',
  createdAt: '2026-03-01T01:00:00.000Z',
  deadline: '2026-03-04T02:00:00.000Z',
  status: 'sent',
  statusLabel: '待答复',
  escalated: false,
  answerable: true,
};

beforeEach(() => actAs('siteStaff'));

test("the centre's staff see a child's case with its deadline and answer it", async () => {
  let answered = false;
  const api = mockBackend({
    'community.siteReferrals': () => ({ referrals: answered ? [{ ...OPEN, status: 'answered', statusLabel: '已答复', reply: '已上门评估，安排临时照护。', answeredAt: '2026-03-02T03:30:00.000Z', answerable: false }] : [OPEN] }),
    'community.answerSiteReferral': ({ referralId, reply }: { referralId: string; reply: string }) => {
      answered = true;
      return { referral: { ...OPEN, referralId, reply, status: 'answered', answeredInTime: true } };
    },
  });
  const page = openPage(PAGE);
  await settle(10);
  const text = visibleText(page);
  expect(text).toContain('陈*雨（尧渡镇 · 团结社区）· 转东至县未成年人救助保护中心');
  expect(text).toContain('请于3月4日 10:00前答复 · 王晓明转介');
  expect(text).toContain('查看12355热线转来的转介单');

  page.querySelector('.answer >>> .t-button')!.dispatchEvent('tap');
  await settle();
  page.querySelector('.reply-box >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '好' } });
  await settle();
  page.querySelector('.send >>> .t-button')!.dispatchEvent('tap');
  await settle();
  // One character is less than the action takes: said on the page, nothing sent.
  expect(visibleText(page)).toContain('请写下处理情况再提交');
  expect(api.calls('community.answerSiteReferral')).toEqual([]);

  page.querySelector('.reply-box >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '已上门评估，安排临时照护。' } });
  await settle();
  page.querySelector('.send >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('community.answerSiteReferral')).toEqual([{ referralId: 'sref-1', reply: '已上门评估，安排临时照护。' }]);
  const after = visibleText(page);
  expect(after).toContain('已答复，转介人会收到通知');
  expect(after).toContain('于3月2日 11:30答复');
  expect(page.querySelectorAll('.answer')).toHaveLength(0);
});

test('a refused answer keeps what was typed; an entry nobody was bound to says who took it', async () => {
  mockBackend({
    'community.siteReferrals': () => ({ referrals: [{ ...OPEN, routeNote: '该机构还没有绑定工作人员，转介单已转县民政局管理员处理' }] }),
    'community.answerSiteReferral': () => failure('CONFLICT', '这份转介单已经答复过了'),
  });
  const page = openPage(PAGE);
  await settle(10);
  expect(visibleText(page)).toContain('该机构还没有绑定工作人员，转介单已转县民政局管理员处理');
  page.querySelector('.answer >>> .t-button')!.dispatchEvent('tap');
  await settle();
  page.querySelector('.reply-box >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '已电话联系奶奶。' } });
  await settle();
  page.querySelector('.send >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(visibleText(page)).toContain('这份转介单已经答复过了');
  expect(page.querySelectorAll('.reply-box')).toHaveLength(1);
  expect(page.data.reply).toBe('已电话联系奶奶。');
});

test('empty and error states say what comes next', async () => {
  mockBackend({ 'community.siteReferrals': () => ({ referrals: [] }) });
  let page = openPage(PAGE);
  await settle(10);
  expect(visibleText(page)).toContain('还没有转介单');
  expect(visibleText(page)).toContain('并在“消息”中通知您');

  mockBackend({ 'community.siteReferrals': () => failure('FORBIDDEN', '您没有查看转介单的权限') });
  page = openPage(PAGE);
  await settle(10);
  expect(visibleText(page)).toContain('没能取到转介单');
  expect(visibleText(page)).toContain('您没有查看转介单的权限');
});
