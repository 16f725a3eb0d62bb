/**
 * 热线转介单 (packageHelpline/pages/referrals/index) rendered with miniprogram-simulate, as a township
 * officer and as a helpline agent: open referrals with their deadlines in words (overdue first),
 * answering one, the empty and error states.
 */
import { fixClock, openPage, settle, visibleText } from './harness';
import { actAs, failure, mockBackend } from './page-backend';
import { REFERRALS_ANSWERED, REFERRALS_OPEN } from './helpline-fixtures';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const PAGE = 'packageHelpline/pages/referrals/index';

beforeEach(() => {
  actAs('townshipStaff');
  // Deadlines are worded against the phone's clock.
  fixClock('2026-03-02T12:00:00+08:00');
});

afterEach(() => {
  jest.useRealTimers();
});

test('a township officer sees what the helpline sent, overdue first, and answers it', async () => {
  let answered = false;
  const api = mockBackend({
    'helpline.listReferrals': (input: { status?: string }) => ({ referrals: input.status === 'answered' ? REFERRALS_ANSWERED : answered ? REFERRALS_OPEN.slice(1) : REFERRALS_OPEN }),
    'helpline.answerReferral': ({ referralId, reply }: { referralId: string; reply: string }) => {
      answered = true;
      return { referral: { ...REFERRALS_OPEN[0], id: referralId, reply, status: 'answered', answeredInTime: true } };
    },
  });
  const page = openPage(PAGE);
  await settle(10);
  expect(api.calls('helpline.listReferrals')[0]).toEqual({ status: 'sent' });
  const text = visibleText(page);
  expect(text).toContain('青少年热线转给您');
  // The overdue police referral comes first and says so in words.
  expect(text.indexOf('【紧急】法律咨询 · 转公安')).toBeLessThan(text.indexOf('家庭教育 · 转民政'));
  expect(text).toContain('答复期限2月28日 09:00，已过');
  expect(text).toContain('请于3月4日 10:00前答复');
  expect(text).toContain('近一周多次在放学后独自在河边逗留');

  // 答复 the civil-affairs one (second card).
  page.querySelectorAll('.answer >>> .t-button')[1].dispatchEvent('tap');
  await settle();
  page.querySelector('.send >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('请写下处理情况再提交');
  page.querySelector('.reply-box >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '已上门核实：奶奶接送，孩子安全。' } });
  await settle();
  page.querySelector('.send >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('helpline.answerReferral')).toEqual([{ referralId: 'ref-1', reply: '已上门核实：奶奶接送，孩子安全。' }]);
  expect(visibleText(page)).toContain('已答复，热线会据此回复求助人');
  expect(visibleText(page)).not.toContain('家庭教育 · 转民政');

  page.querySelector('.tab--answered')!.dispatchEvent('tap');
  await settle(10);
  expect(visibleText(page)).toContain('于3月2日 16:00答复');
  expect(visibleText(page)).toContain('答复已安排村儿童主任本周走访');
});

test('an agent sees the team’s referrals and records a department’s reply; nothing open says so', async () => {
  actAs('helplineAgent');
  mockBackend({ 'helpline.listReferrals': () => ({ referrals: [] }) });
  const page = openPage(PAGE);
  await settle(10);
  expect(visibleText(page)).toContain('本团队转给各部门的转介单');
  expect(visibleText(page)).toContain('没有待答复的转介单');
});

test('a failed load says why and offers 重试', async () => {
  let fail = true;
  mockBackend({ 'helpline.listReferrals': () => (fail ? failure('INTERNAL', '服务暂时不可用，请稍后重试') : { referrals: REFERRALS_OPEN }) });
  const page = openPage(PAGE);
  await settle(10);
  expect(visibleText(page)).toContain('没能取到转介单');
  fail = false;
  page.querySelector('.load-error >>> .state__button >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(visibleText(page)).toContain('转公安');
});
