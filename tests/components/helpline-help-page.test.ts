/**
 * 求助 (pages/help/index) as a user meets it: pick a kind of help, say who you are, describe it,
 * choose anonymous, submit; the request shows under 我的求助 with its reply, and a closed request
 * asks the one satisfaction question. The helpline function is mocked at `wx.cloud.callFunction`.
 */
import { env } from '../../miniprogram/config/env';
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };

const MINE = {
  id: 'hl1',
  requestNo: 'HL20250303-abc123',
  category: 'legal',
  categoryLabel: '法律咨询',
  description: '在学校被欺负',
  status: 'closed',
  statusLabel: '已办结',
  anonymous: true,
  replyChannel: 'thread',
  submittedAt: '2025-03-03T01:00:00.000Z',
  unread: 1,
  canRate: true,
};

beforeEach(() => {
  env.mode = 'cloud';
  cloud.callFunction.mockReset();
});

test('submit an anonymous request, see it in 我的求助 with the reply, and rate it', async () => {
  const calls: { action: string; data: any }[] = [];
  let submitted = false;
  let rated = 0;
  cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: { action: string; data: any } }) => {
    calls.push({ action: `${name}.${data.action}`, data: data.data });
    switch (`${name}.${data.action}`) {
      case 'helpline.myRequests':
        return { result: { ok: true, data: { requests: submitted ? [MINE] : [] } } };
      case 'helpline.submitRequest':
        submitted = true;
        return { result: { ok: true, data: { id: 'hl1', requestNo: MINE.requestNo, priority: 'high', status: 'open', duplicate: false } } };
      case 'helpline.getMyRequest':
        return {
          result: {
            ok: true,
            data: { ...MINE, unread: 0, canRate: rated === 0, satisfaction: rated || undefined, messages: [{ id: 'm1', from: 'agent', text: '别怕，我们来帮你', at: '2025-03-03T01:10:00.000Z' }] },
          },
        };
      case 'helpline.rateRequest':
        rated = data.data.score;
        return { result: { ok: true, data: { id: 'hl1', score: rated } } };
      default:
        throw { errCode: -501000, errMsg: 'no mock' };
    }
  });

  const page = openPage('pages/help/index');
  await settle();
  expect(visibleText(page)).toContain('还没有求助记录');

  // Submitting an empty form names what is missing.
  page.querySelector('.submit >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('请选择求助类别');
  expect(calls.some((c) => c.action === 'helpline.submitRequest')).toBe(false);

  page.querySelectorAll('.topic >>> .t-radio')[1].dispatchEvent('tap'); // 法律咨询, through TDesign's radio
  await settle();
  page.querySelectorAll('.requester >>> .t-radio')[0].dispatchEvent('tap'); // 我是孩子
  page.querySelector('.description >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '在学校被欺负' } });
  page.querySelector('.anonymous >>> .t-switch__body')!.dispatchEvent('tap');
  await settle();
  expect(page.querySelector('.channel')).toBeUndefined(); // anonymous: answered in the app only
  page.querySelector('.submit >>> .t-button')!.dispatchEvent('tap');
  await settle(10);

  const submit = calls.find((c) => c.action === 'helpline.submitRequest')!;
  expect(submit.data).toMatchObject({ category: 'legal', requesterKind: 'child', description: '在学校被欺负', anonymous: true, replyChannel: 'thread' });
  expect(submit.data.callbackPhone).toBeUndefined();
  let text = visibleText(page);
  expect(text).toContain(`已提交（编号 ${MINE.requestNo}）`);
  // The request reads by its category; the internal number is only a detail; news is a badge.
  expect(page.querySelector('.mine >>> .row__title')!.dom.textContent.trim()).toBe('法律咨询');
  expect(text).toContain(`编号 ${MINE.requestNo}`);
  expect(page.querySelector('.mine >>> .row__badge')!.dom.textContent.trim()).toBe('1条新回复');

  page.querySelector('.mine >>> .row')!.dispatchEvent('tap');
  await settle(10);
  text = visibleText(page);
  expect(text).toContain('别怕，我们来帮你');
  expect(text).toContain('您对这次求助的处理满意吗？');
  page.querySelectorAll('.score >>> .t-button')[4].dispatchEvent('tap');
  await settle(10);
  expect(calls.find((c) => c.action === 'helpline.rateRequest')!.data).toEqual({ id: 'hl1', score: 5 });
  expect(visibleText(page)).toContain('您的评价：5分，谢谢！');
});

